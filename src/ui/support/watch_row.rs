//! One row of the watch list: its own poller (one request in flight for this job, the hidden-page
//! rule, backoff and budget all from the widget's poller), showing live status, counts, progress
//! and the last change, with "Open" (the full view) and "Remove".

use std::rc::Rc;

use bulkwatch_core::watchlist::WatchEntry;
use yew::prelude::*;

use crate::env::Env;
use crate::token::Token;
use crate::token_map::TokenChange;
use crate::ui::hooks::use_job_poller::use_job_poller;
use crate::ui::target::Target;
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
    pub on_status: Callback<(WatchEntry, String)>,
    /// The API refused the row's token (401): the page drops it for that origin.
    #[prop_or_default]
    pub on_token: Callback<TokenChange>,
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
        DEFAULT_BUDGET,
    );
    let state = &poller.state;
    let job = state.phase.job().cloned();
    let status = job.as_ref().map_or("unknown", |j| j.status.token());
    {
        let (entry, on_status) = (props.entry.clone(), props.on_status.clone());
        use_effect_with(job.as_ref().map(|j| j.status.token()), move |s| {
            if let Some(s) = s {
                on_status.emit((entry, (*s).to_string()));
            }
        });
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
    let (label, counts, pct) = match &job {
        Some(j) => {
            let c = j.counts();
            let pct = (c.total > 0).then(|| (c.processed().min(c.total) * 100 / c.total) as u8);
            (
                j.status.label(),
                format!(
                    "{} added · {} updated · {} skipped · {} total",
                    c.added, c.updated, c.skipped, c.total
                ),
                pct,
            )
        }
        None if props.token.is_none() => ("Needs a token".to_string(), String::new(), None),
        None => match state.phase.error() {
            Some(e) => (e.to_string(), String::new(), None),
            None => ("Checking…".to_string(), String::new(), None),
        },
    };
    let last = state
        .timeline
        .as_ref()
        .and_then(|t| t.events.last())
        .map(|e| e.kind.describe())
        .unwrap_or_default();
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
    html! {
        <tr data-testid="watch-row" data-job-id={props.entry.job.clone()} data-status={status}>
            <th scope="row"><span class="bw-mono">{ props.entry.job.clone() }</span>
                <span class="bw-muted">{ format!(" {} · {}", host, props.entry.version) }</span></th>
            <td><span class={classes!("bw-badge", format!("bw-badge--{status}"))}>{ label }</span></td>
            <td>{ counts }</td>
            <td>
                if let Some(p) = pct {
                    <progress max="100" value={p.to_string()} aria-label={format!("Job {} progress", props.entry.job)}>{ format!("{p}%") }</progress>
                }
            </td>
            <td>{ last }</td>
            <td class="bw-watch__actions">
                <button type="button" onclick={on_open} aria-label={format!("Open job {}", props.entry.job)}>{ "Open" }</button>
                <button type="button" onclick={on_remove} aria-label={format!("Remove job {}", props.entry.job)}>{ "Remove" }</button>
            </td>
        </tr>
    }
}
