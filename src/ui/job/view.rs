//! The job view: everything known about the watched job, from the poller's state. It owns no
//! fetch of its own except the download, which lives in `use_download`.

use std::rc::Rc;

use bulkwatch_core::endpoint::ExtraHosts;
use bulkwatch_core::model::JobStatus;
use bulkwatch_core::progress::{eta_target, StallConfig};
use bulkwatch_core::wire::unreadable_under;
use yew::prelude::*;

use super::download_panel::DownloadPanel;
use super::error_panel::ErrorPanel;
use super::failed_panel::FailedPanel;
use super::header::JobHeader;
use super::poll_bar::{next_text, PollBar};
use super::progress_panel::ProgressPanel;
use super::resource_panel::ResourcePanel;
use super::state::{JobState, NextCheck, Phase};
use super::summary::JobSummary;
use super::timeline_view::TimelineView;
use super::unreadable_note::UnreadableNote;
use crate::env::Env;
use crate::token::Token;
use crate::ui::explorer::ErrorSummary;
use crate::ui::hooks::use_download::use_download;
use crate::ui::hooks::use_now::use_now;
use crate::ui::target::Target;

/// Props of [`JobView`].
#[derive(Properties, PartialEq, Clone)]
pub struct JobViewProps {
    pub state: Rc<JobState>,
    pub target: Option<Rc<Target>>,
    pub token: Option<Token>,
    pub env: Env,
    pub on_resume: Callback<()>,
    /// The person typed the file's row count.
    #[prop_or_default]
    pub on_expected: Callback<Option<u64>>,
    /// "Check again" after polling stopped on an error.
    #[prop_or_default]
    pub on_retry: Callback<()>,
}

/// The job view (header, counts, timeline, resources, download, errors, polling line).
#[function_component]
pub fn JobView(props: &JobViewProps) -> Html {
    let state = &props.state;
    let job = state.phase.job().cloned();
    // Extra download hosts the embedding page configured (none unless it did).
    let extra_hosts = use_context::<Rc<ExtraHosts>>().unwrap_or_default();
    let plan = match (&props.target, &job) {
        (Some(t), Some(j)) => j
            .download_url
            .as_deref()
            .map(|raw| t.download_plan_with(raw, &extra_hosts)),
        _ => None,
    };
    let fallback = format!(
        "{}.zip",
        props
            .target
            .as_ref()
            .map(|t| t.job.as_str())
            .unwrap_or("result")
    );
    let download = use_download(
        props.target.clone(),
        plan.clone(),
        props.token.clone(),
        props.env.clone(),
        fallback,
    );

    // Relative times follow the clock; the latest check stands in before it ticks (and in SSR).
    let clock = use_now(props.env.clone());
    let now = clock.or(state.checked_ms).unwrap_or(0);
    let error_next = match state.next {
        NextCheck::NeedsToken => {
            Some("Paste a new token above; everything shown stays.".to_string())
        }
        NextCheck::At(_) | NextCheck::InFlight => Some(format!(
            "Retrying. {}",
            next_text(state.next, state.checked_ms)
        )),
        NextCheck::Stopped(_) => Some(
            "Not retrying on its own: this needs a change first. \"Check again\" asks once more."
                .to_string(),
        ),
        NextCheck::Paused(_) => Some("Paused: press Resume to try again.".to_string()),
        _ => None,
    };
    let direct = props.target.as_ref().is_some_and(|t| t.proxy.is_none());
    // What the explorer read, handed down to the snapshot: only for the job in view (the explorer
    // of an earlier job may have reported before the target changed).
    let summary = use_state(|| None::<ErrorSummary>);
    let on_summary = {
        let summary = summary.clone();
        Callback::from(move |s: ErrorSummary| summary.set(Some(s)))
    };
    let (error_groups, result_notes) = match (&*summary, &props.target) {
        (Some(s), Some(t)) if s.job == t.job => (Some(s.lines.clone()), Some(s.notes.clone())),
        _ => (None, None),
    };

    html! {
        <div class="bw-job">
            // Announces status changes only: its text changes when the status does, not per poll.
            <p class="bw-sr-only" aria-live="polite" aria-atomic="true" data-testid="status-announcer">{ state.announcement.clone() }</p>
            if let Some(error) = state.phase.error() {
                <ErrorPanel error={error.clone()} next={error_next.map(AttrValue::from)} {direct} />
            }
            if state.phase == Phase::Loading {
                <p class="bw-muted" data-testid="loading">{ "Asking for the job…" }</p>
            }
            if let Some(job) = &job {
                <JobHeader job={job.clone()} now_ms={now}>
                    <JobSummary job={job.clone()} timeline={state.timeline.clone()}
                        expected_total={state.expected_total} now_ms={now} />
                </JobHeader>
                <FailedPanel job={job.clone()} />
                <UnreadableNote fields={job.unreadable.clone()} />
                <ProgressPanel
                    status={job.status.clone()}
                    counts={job.counts()}
                    throughput={state.timeline.as_ref().and_then(|t| t.progress.rate(&job.status))}
                    eta_ms={eta_ms(state, job)}
                    stalled_for_ms={stalled_for(state, job)}
                    now_ms={state.checked_ms.unwrap_or(now)}
                    expected_total={state.expected_total}
                    on_expected={props.on_expected.clone()}
                    file_notes={result_notes.clone().unwrap_or_default()} />
                <DownloadPanel plan={plan.clone()} state={download.state.clone()} status={Some(job.status.clone())}
                    on_download={download.start.clone()} has_token={props.token.is_some()} />
                <crate::ui::explorer::Explorer job={job.clone()} target={props.target.clone()} {plan} token={props.token.clone()} env={props.env.clone()} {on_summary} />
                if let Some(timeline) = &state.timeline {
                    <TimelineView timeline={timeline.clone()} now_ms={now} />
                }
                if let Some(target) = &props.target {
                    <crate::ui::support::snapshot_panel::SnapshotPanel job={job.clone()} target={target.clone()} timeline={state.timeline.clone()} {error_groups} {result_notes} env={props.env.clone()} />
                }
                <section class="bw-resources" data-part="resources" part="resources">
                    <h3 class="bw-h3">{ if job.resources.len() == 1 { "Resource" } else { "Resources" } }</h3>
                    { for job.resources.iter().enumerate().map(|(i, r)| html! {
                        <ResourcePanel resource={r.clone()} position={i} of={job.resources.len()}
                            unreadable={unreadable_under(&job.unreadable, &format!("resource[{i}]"))} />
                    }) }
                </section>
            }
            if state.phase != Phase::Idle {
                <PollBar requests={state.requests} shared={state.shared} role={state.role} next={state.next} checked_ms={state.checked_ms} on_resume={props.on_resume.clone()}
                    on_retry={props.on_retry.clone()} />
            }
        </div>
    }
}

/// Time left, from the observed pace, when a target is known (a total above what is processed).
fn eta_ms(state: &JobState, job: &bulkwatch_core::Job) -> Option<u64> {
    if job.status != JobStatus::InProgress {
        return None;
    }
    let counts = job.counts();
    let target = eta_target(state.expected_total, counts.total, counts.processed())?;
    state.timeline.as_ref()?.progress.eta_ms(target)
}

/// How long nothing has changed, when that is a stall (a running job only).
fn stalled_for(state: &JobState, job: &bulkwatch_core::Job) -> Option<u64> {
    let now = state.checked_ms?;
    let progress = &state.timeline.as_ref()?.progress;
    (job.status == JobStatus::InProgress && progress.is_stalled(now, &StallConfig::default()))
        .then(|| now.saturating_sub(progress.last_change_ms().unwrap_or(now)))
}
