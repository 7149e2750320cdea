//! `JobWatcher`: the job view with its poller, for one target and token — the part of the widget
//! an embedding host reuses without the connect panel. It tells its parent when the API refused
//! the token, so the parent can ask for a new one, and — through the same [`EventCallbacks`] the
//! embedded component reports with — when the job's status or counts change.

use std::rc::Rc;

use bulkwatch_core::poll::PollConfig;
use yew::prelude::*;

use crate::env::Env;
use crate::events::EventCallbacks;
use crate::token::Token;
use crate::ui::hooks::use_job_events::use_job_events;
use crate::ui::hooks::use_job_poller::use_job_poller;
use crate::ui::job::view::JobView;
use crate::ui::target::Target;

/// Requests per job before "Resume" is asked for, unless the host says otherwise.
pub const DEFAULT_BUDGET: u32 = 300;

/// Props of [`JobWatcher`].
#[derive(Properties, PartialEq, Clone)]
pub struct JobWatcherProps {
    /// What to watch; nothing is requested while `None`.
    pub target: Option<Rc<Target>>,
    /// The token; without one the watcher waits (and a new one resumes it at once).
    pub token: Option<Token>,
    pub env: Env,
    #[prop_or(DEFAULT_BUDGET)]
    pub budget: u32,
    /// The API answered 401 (or a token error): the token will not do.
    #[prop_or_default]
    pub on_token_rejected: Callback<()>,
    /// Status, changes, completion and errors of the watched job (none by default).
    #[prop_or_default]
    pub events: EventCallbacks,
}

/// Watches one job and shows it.
#[function_component]
pub fn JobWatcher(props: &JobWatcherProps) -> Html {
    let poller = use_job_poller(
        props.target.clone(),
        props.token.clone(),
        props.env.clone(),
        PollConfig {
            budget: props.budget,
            ..PollConfig::default()
        },
    );
    use_job_events(&poller.state, &props.events);
    // Keyed by the sequence number of the answer that said so: a second 401 (after a new token)
    // reports again, but a request sent with the new token does not count as one.
    {
        let rejected = poller.state.phase.error().is_some_and(|e| e.needs_token());
        let on_rejected = props.on_token_rejected.clone();
        use_effect_with((rejected, poller.state.answered), move |(rejected, _)| {
            if *rejected {
                on_rejected.emit(());
            }
        });
    }
    html! {
        <JobView state={Rc::new((*poller.state).clone())} target={props.target.clone()}
            token={props.token.clone()} env={props.env.clone()}
            on_resume={poller.resume.clone()} on_expected={poller.expect.clone()}
            on_retry={poller.retry.clone()} />
    }
}
