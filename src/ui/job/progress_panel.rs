//! The job's counts with a progress bar, throughput, an ETA once one can be estimated, and a
//! stall warning.

use yew::prelude::*;

use bulkwatch_core::model::{Counts, JobStatus};
use bulkwatch_core::progress::{bar, bar_target, format_eta, throughput_text};
use wasm_bindgen::JsCast;

use bulkwatch_core::snapshot::NoteLine;

use super::counts_list::{CountsList, CountsNotes};
use super::progress_bar::ProgressBar;
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
    /// The result explorer's notes on the file, once it has read it (its `reconcile` notes are
    /// shown beside the counts).
    #[prop_or_default]
    pub file_notes: std::rc::Rc<Vec<NoteLine>>,
}

/// The counts panel (`data-part="counts"`).
#[function_component]
pub fn ProgressPanel(props: &ProgressPanelProps) -> Html {
    let shown = bar(&props.status, &props.counts, props.expected_total);
    let value_text = shown.describe(
        props.counts.processed(),
        bar_target(&props.counts, props.expected_total),
    );
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
            <CountsNotes status={props.status.clone()} counts={props.counts} file_notes={props.file_notes.clone()} />
            <ProgressBar bar={shown} label="Job progress" value_text={value_text} />
            <dl class="bw-facts bw-facts--inline">
                <div><dt>{ "Throughput" }</dt><dd data-testid="throughput">{
                    throughput_text(props.throughput, &props.status)
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
