//! The job's counts with a progress bar, throughput, an ETA once one can be estimated, and a
//! stall warning.

use yew::prelude::*;

use bulkwatch_core::model::{Counts, JobStatus};
use bulkwatch_core::progress::{eta_target, format_eta, format_rate};
use wasm_bindgen::JsCast;

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
    /// Rows in the uploaded file, when the person said (Zoho's total only counts what is done).
    #[prop_or_default]
    pub expected_total: Option<u64>,
    /// The person typed a row count (or cleared it).
    #[prop_or_default]
    pub on_expected: Callback<Option<u64>>,
}

/// Percent done, when it is known: 0 while ADDED, 100 once COMPLETED; while in progress,
/// processed out of the core's ETA target (the rows the person gave, or a Zoho total above what
/// is processed); otherwise unknown (an indeterminate bar, no made-up number).
pub fn percent(status: &JobStatus, counts: &Counts, expected: Option<u64>) -> Option<u8> {
    match status {
        JobStatus::Added => Some(0),
        JobStatus::Completed => Some(100),
        JobStatus::InProgress => {
            let target = eta_target(expected, counts.total, counts.processed())?;
            let done = counts.processed().saturating_mul(100) / target.max(1);
            Some(done.min(99) as u8)
        }
        _ => None,
    }
}

/// The counts panel (`data-part="counts"`).
#[function_component]
pub fn ProgressPanel(props: &ProgressPanelProps) -> Html {
    let pct = percent(&props.status, &props.counts, props.expected_total);
    let of = props.expected_total.unwrap_or(props.counts.total);
    let value_text = match pct {
        Some(p) => format!("{p}% — {} of {of} records", props.counts.processed()),
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
    let on_expected = props.on_expected.reform(|e: Event| {
        e.target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.value().trim().parse::<u64>().ok())
            .filter(|n| *n > 0)
    });
    html! {
        <section class="bw-counts" data-part="counts" part="counts" data-testid="counts">
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
            if props.status == JobStatus::InProgress || props.expected_total.is_some() {
                <label class="bw-field bw-field--inline">
                    <span class="bw-small">{ "Rows in the uploaded file (optional, for progress and an ETA)" }</span>
                    <input type="number" min="1" step="1" inputmode="numeric" data-testid="expected-rows"
                        value={props.expected_total.map(|n| n.to_string()).unwrap_or_default()}
                        onchange={on_expected} />
                </label>
            }
            if let Some(ms) = props.stalled_for_ms {
                <p class="bw-warn" data-testid="stall">
                    <span aria-hidden="true">{ "⚠ " }</span>
                    { format!("No change for {} — much longer than this job's pace so far. Zoho may be busy; Bulkwatch keeps checking, more slowly.", format_eta(ms)) }
                </p>
            }
        </section>
    }
}
