//! The job's counts with a progress bar, throughput, an ETA once one can be estimated, and a
//! stall warning.

use yew::prelude::*;

use bulkwatch_core::model::{Counts, JobStatus};
use bulkwatch_core::progress::{format_eta, format_rate};

use super::counts_list::CountsList;
use crate::ui::time_fmt;

/// Props of [`ProgressPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct ProgressPanelProps {
    pub status: JobStatus,
    pub counts: Counts,
    /// Records per second between successive polls, once measured.
    #[prop_or_default]
    pub throughput: Option<f64>,
    /// Time left (ms) until the job should finish, once it can be estimated.
    #[prop_or_default]
    pub eta_ms: Option<u64>,
    /// Nothing has changed for unusually long; the value is for how long (ms).
    #[prop_or_default]
    pub stalled_for_ms: Option<u64>,
    /// "Now" for the ETA text (the latest check).
    pub now_ms: u64,
}

/// Percent done, when it is known: 0 while ADDED, 100 once COMPLETED, processed/total while in
/// progress if Zoho already reports a larger total; otherwise unknown (an indeterminate bar).
pub fn percent(status: &JobStatus, counts: &Counts) -> Option<u8> {
    match status {
        JobStatus::Added => Some(0),
        JobStatus::Completed => Some(100),
        JobStatus::InProgress if counts.total > counts.processed() => {
            Some((counts.processed().saturating_mul(100) / counts.total.max(1)).min(99) as u8)
        }
        _ => None,
    }
}

/// The counts panel (`data-part="counts"`).
#[function_component]
pub fn ProgressPanel(props: &ProgressPanelProps) -> Html {
    let pct = percent(&props.status, &props.counts);
    let value_text = match pct {
        Some(p) => format!(
            "{p}% — {} of {} records",
            props.counts.processed(),
            props.counts.total
        ),
        None => format!("{} records processed so far", props.counts.processed()),
    };
    let eta = match (props.eta_ms, &props.status) {
        (_, JobStatus::Completed) => "done".to_string(),
        (_, JobStatus::Failed) => "—".to_string(),
        (Some(left), _) => format!(
            "{} (around {})",
            format_eta(left),
            time_fmt::local_clock(props.now_ms.saturating_add(left))
        ),
        (None, _) => "not yet known".to_string(),
    };
    html! {
        <section class="bw-counts" data-part="counts" data-testid="counts" aria-label="Records">
            <h3 class="bw-h3">{ "Records" }</h3>
            <CountsList counts={props.counts} />
            <div class="bw-progress" role="progressbar" data-testid="progress"
                aria-label="Job progress"
                aria-valuemin="0" aria-valuemax="100"
                aria-valuenow={pct.map(|p| p.to_string())}
                aria-valuetext={value_text.clone()}>
                // The visible bar; the progressbar role above carries the meaning.
                if let Some(p) = pct {
                    <progress class="bw-progress__bar" max="100" value={p.to_string()} aria-hidden="true"></progress>
                } else {
                    <progress class="bw-progress__bar" aria-hidden="true"></progress>
                }
            </div>
            <dl class="bw-facts bw-facts--inline">
                <div><dt>{ "Throughput" }</dt><dd data-testid="throughput">{
                    props.throughput.map(format_rate).unwrap_or_else(|| "measuring…".into())
                }</dd></div>
                <div><dt>{ "ETA" }</dt><dd data-testid="eta">{ eta }</dd></div>
            </dl>
            if let Some(ms) = props.stalled_for_ms {
                <p class="bw-warn" data-testid="stall">
                    <span aria-hidden="true">{ "⚠ " }</span>
                    { format!("No change for {} — much longer than this job's pace so far. Zoho may be busy; Bulkwatch keeps checking, more slowly.", format_eta(ms)) }
                </p>
            }
        </section>
    }
}
