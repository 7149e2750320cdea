//! The polling line: how many requests this page made for the job and the API credits they cost
//! (one each: [`bulkwatch_core::poll::CREDITS_PER_CHECK`]), what happens next, and
//! "Resume" once the per-job budget is spent — or, with polling off, when the job was last
//! asked about and "Check again" for one more request.

use yew::prelude::*;

use bulkwatch_core::poll::{credits_for, PauseReason, StopReason};

use super::state::{NextCheck, PollRole};
use crate::ui::time_fmt;

/// Props of [`PollBar`].
#[derive(Properties, PartialEq, Clone)]
pub struct PollBarProps {
    pub requests: u32,
    /// Answers another tab or widget fetched for this one.
    #[prop_or_default]
    pub shared: u32,
    #[prop_or_default]
    pub role: PollRole,
    pub next: NextCheck,
    /// When the latest answer arrived (ms since the epoch), for "showing the job as of".
    #[prop_or_default]
    pub checked_ms: Option<u64>,
    /// "Resume" after a pause, or "Check again" with polling off: one more request.
    pub on_resume: Callback<()>,
    /// "Check again" after polling stopped on an error.
    #[prop_or_default]
    pub on_retry: Callback<()>,
}

/// What the poller is doing, in words; `checked_ms` is when the latest answer arrived.
pub fn next_text(next: NextCheck, checked_ms: Option<u64>) -> String {
    match next {
        NextCheck::Nothing => "Not started.".into(),
        NextCheck::InFlight => "Checking…".into(),
        NextCheck::Following => {
            "Another tab or widget is checking this job; its next answer shows here.".into()
        }
        NextCheck::At(ms) => format!("Next check around {}.", time_fmt::local_clock(ms)),
        NextCheck::WhenShown => "Paused while this page is hidden; checks again when shown.".into(),
        NextCheck::NeedsToken => "Waiting for a token.".into(),
        NextCheck::Paused(PauseReason::BudgetSpent) => {
            "Paused: the request budget for this job is spent. Resume to keep watching.".into()
        }
        NextCheck::Paused(PauseReason::ErrorsPersist) => {
            "Paused: errors keep coming. Resume to try again.".into()
        }
        NextCheck::Paused(PauseReason::PollingOff) => match checked_ms {
            Some(ms) => format!(
                "Polling is off: showing the job as of {}.",
                time_fmt::local_clock(ms)
            ),
            None => "Polling is off for this widget.".into(),
        },
        NextCheck::Stopped(StopReason::Completed) => "Done: the job completed.".into(),
        NextCheck::Stopped(StopReason::Failed) => "Done: the job failed.".into(),
        NextCheck::Stopped(StopReason::Refused { http_status }) => {
            format!("Stopped: the API refused the request (HTTP {http_status}).")
        }
        NextCheck::Stopped(StopReason::Undecodable) => {
            "Stopped: the answer could not be understood.".into()
        }
    }
}

/// What the poller is doing, in words, for a poller in `role`: a follower's planned check is
/// when the leading tab's next answer is due. `checked_ms` is when the latest answer arrived.
pub fn plan_text(next: NextCheck, role: PollRole, checked_ms: Option<u64>) -> String {
    match (role, next) {
        (PollRole::Following, NextCheck::At(ms)) => format!(
            "Another tab or widget checks this job; its next answer is due around {}.",
            time_fmt::local_clock(ms)
        ),
        _ => next_text(next, checked_ms),
    }
}

/// Where the credit figure comes from, for the people who ask.
const CREDITS_NOTE: &str = "Zoho deducts 1 API credit per call (a job-details check is not one of \
the calls its API Limits page lists at a higher cost) from your org's rolling 24-hour budget.";

/// The polling line.
#[function_component]
pub fn PollBar(props: &PollBarProps) -> Html {
    let onclick = {
        let resume = props.on_resume.clone();
        Callback::from(move |_: MouseEvent| resume.emit(()))
    };
    let credits = credits_for(props.requests);
    // The built-in sample makes no requests: a count would only suggest it spends credits.
    let sample = crate::sample::use_sample_data();
    html! {
        <div class="bw-pollbar" data-poll-role={props.role.token()}>
            if !sample {
                <span>
                    <span data-testid="request-count">{ props.requests }</span>
                    { if props.requests == 1 { " request" } else { " requests" } }
                    <span class="bw-muted" title={CREDITS_NOTE}>
                        { " (≈ " }<span data-testid="credit-count">{ credits }</span>
                        { if credits == 1 { " API credit" } else { " API credits" } }
                        { ") spent by this page on this job" }
                    </span>
                    if props.shared > 0 {
                        <span class="bw-muted">
                            { " · " }<span data-testid="shared-count">{ props.shared }</span>
                            { if props.shared == 1 { " answer" } else { " answers" } }
                            { " shared by another tab or widget" }
                        </span>
                    }
                </span>
            }
            <span class="bw-muted" data-testid="next-check">{ plan_text(props.next, props.role, props.checked_ms) }</span>
            if matches!(
                props.next,
                NextCheck::Stopped(StopReason::Refused { .. } | StopReason::Undecodable)
            ) {
                <button type="button" class="bw-btn" data-testid="retry"
                    onclick={props.on_retry.reform(|_: MouseEvent| ())}>{ "Check again" }</button>
            }
            if props.next == NextCheck::Paused(PauseReason::PollingOff) {
                <button type="button" class="bw-btn" data-testid="check-again" {onclick}>{ "Check again" }</button>
            } else if matches!(props.next, NextCheck::Paused(_)) {
                <button type="button" class="bw-btn" data-testid="resume" {onclick}>{ "Resume" }</button>
            }
        </div>
    }
}
