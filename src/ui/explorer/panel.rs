//! The explorer's container (`data-part="explorer"`): shown once the job has a result the
//! download button could fetch; the button, the progress, the error or the loaded result.

use std::rc::Rc;

use bulkwatch_core::endpoint::JobId;
use bulkwatch_core::result::Scope;
use bulkwatch_core::snapshot::{error_lines, ErrorGroupLine, NoteLine};
use bulkwatch_core::Job;
use yew::prelude::*;

use super::error_box::ErrorBox;
use super::hooks::use_explorer::{use_explorer, ExploreSource};
use super::launcher::Launcher;
use super::progress_line::ProgressLine;
use super::results::Results;
use super::shared::Shared;
use super::state::Phase;
use crate::env::Env;
use crate::token::Token;
use crate::ui::target::{DownloadPlan, Target};

/// Props of [`Explorer`]: what the job view already has for the download.
#[derive(Properties, PartialEq, Clone)]
pub struct ExplorerProps {
    pub job: Rc<Job>,
    pub target: Option<Rc<Target>>,
    /// The download plan; only [`DownloadPlan::Fetch`] can be explored.
    pub plan: Option<DownloadPlan>,
    pub token: Option<Token>,
    pub env: Env,
    /// The result was read: its error lines for the ticket snapshot (once per reading).
    #[prop_or_default]
    pub on_summary: Callback<ErrorSummary>,
}

/// What the explorer found, for the ticket snapshot: the job whose result it read and the error
/// lines of the whole result (codes, rows, columns — no record data).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorSummary {
    pub job: JobId,
    pub lines: Rc<Vec<ErrorGroupLine>>,
    /// The explorer's notes on the file (reconciliation with the job's counts, encoding…).
    pub notes: Rc<Vec<NoteLine>>,
}

/// What the explorer would download and how it reads it: the download button's request, and
/// the job's declared `character_encoding` for the reader. `None` when the result cannot be
/// fetched.
pub fn explore_source(props: &ExplorerProps) -> Option<ExploreSource> {
    match (&props.target, &props.plan) {
        (Some(target), Some(DownloadPlan::Fetch { request_url, .. })) => Some(ExploreSource {
            target: target.clone(),
            request_url: request_url.clone(),
            token: props.token.clone(),
            env: props.env.clone(),
            fallback_name: format!("{}.zip", target.job.as_str()),
            encoding: props.job.character_encoding.clone(),
        }),
        _ => None,
    }
}

/// "Explore results".
#[function_component]
pub fn Explorer(props: &ExplorerProps) -> Html {
    let source = explore_source(props);
    let job_id = props
        .target
        .as_ref()
        .map_or_else(|| props.job.id.clone(), |t| t.job.as_str().to_string());
    let explorer = use_explorer(source.clone());
    let heading = use_node_ref();
    {
        // Reported once per reading (the loaded result's identity), whatever the table shows.
        let ready = match &explorer.state.phase {
            Phase::Ready(data) => Some(Shared(data.clone())),
            _ => None,
        };
        let job = source.as_ref().map(|s| s.target.job.clone());
        let on_summary = props.on_summary.clone();
        let for_job = props.job.clone();
        use_effect_with(ready, move |ready| {
            if let (Some(data), Some(job)) = (ready, job) {
                let set = &data.set;
                let lines =
                    error_lines(&set.code_totals(Scope::All), &set.error_groups(Scope::All));
                on_summary.emit(ErrorSummary {
                    job,
                    lines: Rc::new(lines),
                    notes: Rc::new(super::result_notes::notes_for(set, &for_job)),
                });
            }
        });
    }
    if source.is_none() {
        return html! {};
    }
    // "Explore results" replaces its own button: the explorer's heading takes the focus (it stays
    // in place through every phase), never the page.
    let start = {
        let (start, heading) = (explorer.start.clone(), heading.clone());
        Callback::from(move |()| {
            start.emit(());
            if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        })
    };
    let cancel = {
        let (cancel, heading) = (explorer.cancel.clone(), heading.clone());
        Callback::from(move |()| {
            cancel.emit(());
            if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        })
    };
    let body = match &explorer.state.phase {
        Phase::Idle => html! { <Launcher on_explore={start} has_token={props.token.is_some()} /> },
        Phase::Fetching => html! { <ProgressLine progress={None} on_cancel={cancel} /> },
        Phase::Reading(p) => html! { <ProgressLine progress={Some(*p)} on_cancel={cancel} /> },
        Phase::Failed(error) => html! { <ErrorBox error={error.clone()} on_retry={start} /> },
        Phase::Ready(data) => html! {
            <Results data={super::shared::Shared(data.clone())} job={props.job.clone()}
                job_id={AttrValue::from(job_id)} on_close={cancel} />
        },
    };
    html! {
        <section class="bw-explorer" data-part="explorer" aria-label="Result explorer">
            <h3 class="bw-h3" tabindex="-1" ref={heading} data-testid="explorer-heading">{ "Explore results" }</h3>
            { body }
        </section>
    }
}
