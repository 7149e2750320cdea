//! The job summary at the top of the job view: status, created, finished (its honest bound from
//! the timeline), duration, counts and progress, in one glance. Times and wording come from the
//! core (`summary`, `timeline::format_bound`, `progress::bar`); this only lays them out.

use std::rc::Rc;

use bulkwatch_core::progress::{bar, bar_target};
use bulkwatch_core::summary::{duration, finish_bound, Duration};
use bulkwatch_core::timeline::{format_bound, Timeline};
use bulkwatch_core::Job;
use yew::prelude::*;

use crate::ui::time_fmt;

/// Props of [`JobSummary`].
#[derive(Properties, PartialEq, Clone)]
pub struct JobSummaryProps {
    pub job: Rc<Job>,
    pub timeline: Option<Rc<Timeline>>,
    /// Rows the person said the file has (for the progress words).
    #[prop_or_default]
    pub expected_total: Option<u64>,
    /// "Now" (the latest check), for dates and a running job's duration.
    pub now_ms: u64,
}

/// The summary (`data-part="summary"`).
#[function_component]
pub fn JobSummary(props: &JobSummaryProps) -> Html {
    let job = &props.job;
    let offset = time_fmt::offset_minutes(props.now_ms);
    let created_ms = job
        .created_at
        .and_then(|at| u64::try_from(at.epoch_millis).ok());
    let finished = props
        .timeline
        .as_deref()
        .and_then(|tl| finish_bound(&job.status, tl));
    let finished_text = match (finished, job.status.is_terminal()) {
        (Some(b), _) => format_bound(&b, offset, props.now_ms),
        (None, true) => "not observed".to_string(),
        (None, false) => "not yet".to_string(),
    };
    let duration_text = duration(created_ms, finished, &job.status, props.now_ms)
        .map(Duration::describe)
        .unwrap_or_else(|| "not known".into());
    let counts = job.counts();
    let shown = bar(&job.status, &counts, props.expected_total);
    let progress = shown.describe(
        counts.processed(),
        bar_target(&counts, props.expected_total),
    );
    html! {
        <section class="bw-summary" data-part="summary" part="summary" data-testid="job-summary"
            aria-label={format!("Summary of job {}", job.id)}>
            <dl class="bw-facts bw-facts--grid bw-summary__facts">
                <div><dt>{ "Status" }</dt><dd data-testid="summary-status">{ job.status.label() }</dd></div>
                <div><dt>{ "Created" }</dt><dd data-testid="summary-created">{
                    created_ms.map(time_fmt::local_date_time).unwrap_or_else(|| "—".into())
                }</dd></div>
                <div><dt>{ "Finished" }</dt><dd data-testid="job-finished">{ finished_text }</dd></div>
                <div><dt>{ "Duration" }</dt><dd data-testid="job-duration">{ duration_text }</dd></div>
                <div><dt>{ "Records" }</dt><dd data-testid="summary-counts">{ format!(
                    "{} added · {} updated · {} skipped · {} total",
                    counts.added, counts.updated, counts.skipped, counts.total
                ) }</dd></div>
                <div><dt>{ "Progress" }</dt><dd data-testid="summary-progress" data-progress={shown.token()}>{ progress }</dd></div>
            </dl>
        </section>
    }
}
