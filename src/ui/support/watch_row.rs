//! One row of the watch list: its own poller (one request in flight for this job, the hidden-page
//! rule, backoff and budget all from the widget's poller), showing live status, counts, progress
//! and the last change, with "Open" (the full view) and "Remove". Until its first answer, a row
//! shows what the job's stored timeline last saw, marked "last seen at …": rows are built again
//! each time the list is shown, and should not forget what they knew.

use std::rc::Rc;

use bulkwatch_core::last_known::LastKnown;
use bulkwatch_core::model::{Counts, JobStatus};
use bulkwatch_core::poll::budget::RowHint;
use bulkwatch_core::poll::PollConfig;
use bulkwatch_core::progress::{bar, bar_target, eta_target, Bar};
use bulkwatch_core::watchlist::WatchEntry;
use yew::prelude::*;

use super::watch_spend::RowReport;
use crate::env::Env;
use crate::token::Token;
use crate::token_map::TokenChange;
use crate::ui::hooks::use_job_poller::use_job_poller;
use crate::ui::job::progress_bar::ProgressBar;
use crate::ui::target::Target;
use crate::ui::time_fmt;
use crate::ui::watcher::DEFAULT_BUDGET;

/// Props of [`WatchRow`].
#[derive(Properties, PartialEq, Clone)]
pub struct WatchRowProps {
    pub entry: WatchEntry,
    pub token: Option<Token>,
    pub env: Env,
    pub on_open: Callback<WatchEntry>,
    pub on_remove: Callback<WatchEntry>,
    /// A status was seen (token: `added`, `completed`…).
    pub on_status: Callback<(WatchEntry, JobStatus)>,
    /// The API refused the row's token (401): the page drops it for that origin.
    #[prop_or_default]
    pub on_token: Callback<TokenChange>,
    /// After each answer: the row's requests so far and how soon its job is likely to change.
    #[prop_or_default]
    pub on_report: Callback<(WatchEntry, RowReport)>,
    /// The shortest gap between this row's checks: its share of the list's budget.
    #[prop_or_default]
    pub gap_ms: u64,
}

/// One watched job.
#[function_component]
pub fn WatchRow(props: &WatchRowProps) -> Html {
    let target = use_memo(props.entry.clone(), |e| {
        e.parts().map(|(origin, version, job)| {
            Rc::new(Target {
                origin,
                version,
                job,
                proxy: None,
            })
        })
    });
    let poller = use_job_poller(
        (*target).clone(),
        props.token.clone(),
        props.env.clone(),
        PollConfig {
            budget: DEFAULT_BUDGET,
            floor_ms: props.gap_ms,
            ..PollConfig::default()
        },
    );
    {
        // The list's share changes as rows finish or are added: the running poller follows it.
        let pace = poller.pace.clone();
        use_effect_with(props.gap_ms, move |gap| pace.emit(*gap));
    }
    let state = &poller.state;
    // Read once per row, in its first render: the poller loads the same timeline, but only in
    // an effect, after a render that would otherwise say "unknown".
    let stored = use_memo(props.entry.clone(), {
        let store = props.env.store.clone();
        move |e| {
            e.parts()
                .map(|(_, _, job)| crate::storage::load_timeline(store.as_ref(), &job))
        }
    });
    let job = state.phase.job().cloned();
    // What the last answer (in an earlier view, tab or visit) saw, while there is no fresh one.
    let known = match job {
        Some(_) => None,
        None => state
            .timeline
            .as_deref()
            .or(stored.as_ref().as_ref())
            .and_then(LastKnown::of),
    };
    let status = match (&job, &known) {
        (Some(j), _) => j.status.token(),
        (None, Some(k)) => k.status.token(),
        (None, None) => "unknown",
    };
    {
        let (entry, on_status) = (props.entry.clone(), props.on_status.clone());
        use_effect_with(job.as_ref().map(|j| j.status.clone()), move |s| {
            if let Some(s) = s {
                on_status.emit((entry, s.clone()));
            }
        });
    }
    {
        // What the row's progress says after each answer (its predicted finish and last
        // change, at the time of that answer), with the requests made: the list's budget and
        // credits follow it.
        let hint = match (&job, &state.timeline, state.checked_ms) {
            (Some(j), Some(t), Some(now)) => {
                let c = j.counts();
                let target = eta_target(state.expected_total, c.total, c.processed());
                RowHint::from_progress(&t.progress, target, now)
            }
            _ => RowHint::default(),
        };
        let report = RowReport {
            requests: state.requests,
            hint,
        };
        let (entry, on_report) = (props.entry.clone(), props.on_report.clone());
        use_effect_with(report, move |r| on_report.emit((entry, *r)));
    }
    {
        // Keyed by the answer that said so, like the job view: the page drops the token for
        // every view (unless a newer one has replaced it), and the list asks for a new one.
        let rejected = state.phase.error().is_some_and(|e| e.needs_token());
        let refused = rejected.then(|| props.token.clone()).flatten();
        let (origin, on_token) = (props.entry.origin.clone(), props.on_token.clone());
        use_effect_with((refused, state.answered), move |(refused, _)| {
            if let Some(token) = refused {
                on_token.emit(TokenChange::Rejected {
                    origin,
                    token: token.clone(),
                });
            }
        });
    }
    let (label, counts, pct) = match (&job, &known) {
        (Some(j), _) => {
            let c = j.counts();
            (
                j.status.label(),
                counts_text(&c),
                Some(shown(&j.status, &c)),
            )
        }
        (None, Some(k)) => match &k.counts {
            Some(c) => (k.status.label(), counts_text(c), Some(shown(&k.status, c))),
            None => (k.status.label(), format!("{} processed", k.processed), None),
        },
        (None, None) if props.token.is_none() => ("Needs a token".to_string(), String::new(), None),
        (None, None) => match state.phase.error() {
            Some(e) => (e.to_string(), String::new(), None),
            None => ("Checking…".to_string(), String::new(), None),
        },
    };
    let last = match &known {
        Some(k) => k.last_change.clone().unwrap_or_default(),
        None => state
            .timeline
            .as_ref()
            .and_then(|t| t.events.last())
            .map(|e| e.kind.describe())
            .unwrap_or_default(),
    };
    let on_open = {
        let (entry, cb) = (props.entry.clone(), props.on_open.clone());
        Callback::from(move |_: MouseEvent| cb.emit(entry.clone()))
    };
    let on_remove = {
        let (entry, cb) = (props.entry.clone(), props.on_remove.clone());
        Callback::from(move |_: MouseEvent| cb.emit(entry.clone()))
    };
    let host = props
        .entry
        .origin
        .trim_start_matches("https://")
        .to_string();
    // The row's latest answer, when it has a fresh one (a stale row says "last seen at").
    let checked = match (&known, state.checked_ms) {
        (None, Some(ms)) if job.is_some() => Some(time_fmt::local_clock(ms)),
        _ => None,
    };
    // Each cell names itself (`data-label`): below 600 px the rows are cards and the column
    // headers are not shown; a card leaves out the cells with nothing in them (`bw-watch__blank`).
    html! {
        <tr data-testid="watch-row" data-job-id={props.entry.job.clone()} data-status={status}
            data-last-known={known.is_some().then_some("true")}>
            <th scope="row" class="bw-watch__job"><span class="bw-mono">{ props.entry.job.clone() }</span>
                <span class="bw-muted">{ format!(" {} · {}", host, props.entry.version) }</span></th>
            <td data-label="Status"><span class={classes!("bw-badge", format!("bw-badge--{status}"))}>{ label }</span>
                if let Some(k) = &known {
                    <span class="bw-muted" data-testid="watch-last-seen">
                        { format!(" last seen at {}", time_fmt::local_clock(k.seen_at_ms)) }
                    </span>
                    if let Some(e) = state.phase.error() {
                        <span class="bw-muted">{ format!(" · {e}") }</span>
                    }
                }
                if let Some(at) = checked {
                    <span class="bw-muted bw-watch__checked" data-testid="watch-checked">{ format!(" checked at {at}") }</span>
                }
            </td>
            <td data-label="Counts" class={classes!(counts.is_empty().then_some("bw-watch__blank"))}>{ counts }</td>
            <td data-label="Progress" class={classes!("bw-watch__progress-cell", pct.is_none().then_some("bw-watch__blank"))}>
                if let Some((b, words)) = pct {
                    <ProgressBar bar={b} label={format!("Job {} progress", props.entry.job)}
                        value_text={words} class="bw-watch__progress" testid="watch-progress" />
                }
            </td>
            <td data-label="Last change" class={classes!(last.is_empty().then_some("bw-watch__blank"))}>{ last }</td>
            <td data-label="Actions" class="bw-watch__actions-cell">
                <div class="bw-watch__actions">
                    <button type="button" class="bw-btn bw-btn--small" onclick={on_open} data-testid="watch-open"
                        aria-label={format!("Open job {}", props.entry.job)}>{ "Open" }</button>
                    <button type="button" class="bw-btn bw-btn--small" onclick={on_remove} data-testid="watch-remove"
                        aria-label={format!("Remove job {}", props.entry.job)}>{ "Remove" }</button>
                </div>
            </td>
        </tr>
    }
}

/// "40 added · 0 updated · 10 skipped · 100 total".
fn counts_text(c: &Counts) -> String {
    format!(
        "{} added · {} updated · {} skipped · {} total",
        c.added, c.updated, c.skipped, c.total
    )
}

/// The core's bar for a row (no row count is asked for here) and its words.
fn shown(status: &JobStatus, c: &Counts) -> (Bar, String) {
    let b = bar(status, c, None);
    (b, b.describe(c.processed(), bar_target(c, None)))
}
