//! The compact view: one line for a table cell — status badge, counts, a progress bar and, when a
//! request failed, the error's code and title. The same test hooks as the full view
//! (`job-status`, `count-*`, `progress`, `error`).

use std::rc::Rc;

use yew::prelude::*;

use bulkwatch_core::progress::{bar, bar_target};

use crate::ui::job::progress_bar::ProgressBar;
use crate::ui::job::state::{JobState, Phase};
use crate::ui::job::status_badge::{StatusBadge, StatusBadgeProps};

/// Props of [`CompactJob`].
#[derive(Properties, PartialEq, Clone)]
pub struct CompactJobProps {
    pub state: Rc<JobState>,
}

/// One line about the job.
#[function_component]
pub fn CompactJob(props: &CompactJobProps) -> Html {
    let state = &props.state;
    let job = state.phase.job();
    let label = state
        .job
        .as_ref()
        .map(|id| format!("Bulk write job {id}"))
        .unwrap_or_else(|| "Bulk write job".into());
    let status = match job {
        Some(job) => html! { <StatusBadge ..StatusBadgeProps::job(&job.status) /> },
        None if state.phase == Phase::Loading => {
            html! { <span class="bw-muted" data-testid="loading">{ "Checking…" }</span> }
        }
        None => html! { <span class="bw-muted">{ "—" }</span> },
    };
    let counts = job.map(|job| {
        let c = job.counts();
        let shown = bar(&job.status, &c, state.expected_total);
        let value_text = shown.describe(c.processed(), bar_target(&c, state.expected_total));
        html! {
            <>
                <span class="bw-compact__counts" part="counts" data-testid="counts">
                    <span data-testid="count-added">{ c.added }</span>{ " added · " }
                    <span data-testid="count-updated">{ c.updated }</span>{ " updated · " }
                    <span data-testid="count-skipped">{ c.skipped }</span>{ " skipped of " }
                    <span data-testid="count-total">{ c.total }</span>
                </span>
                <ProgressBar bar={shown} label="Job progress" value_text={value_text}
                    class="bw-compact__progress" />
            </>
        }
    });
    let error = state.phase.error().map(|e| {
        let code = e.code().to_string();
        html! {
            <span class="bw-compact__error" part="error" role="alert" data-testid="error" data-code={code.clone()}>
                <span aria-hidden="true">{ "⚠ " }</span>{ format!("{} ({code})", e.title()) }
            </span>
        }
    });
    html! {
        <div class="bw-compact" part="header" role="group" aria-label={label} data-testid="compact">
            { status }
            { for counts }
            { for error }
        </div>
    }
}
