//! The whole widget: the connect panel above the job view. One instance per mount; all its
//! configuration arrives in [`AppOptions`] (no globals), so several can share a page.

use std::rc::Rc;

use bulkwatch_core::deeplink::ParsedLink;
use bulkwatch_core::endpoint::ApiOrigin;
use bulkwatch_core::model::JobStatus;
use yew::prelude::*;

use crate::component::events::{EventCallbacks, JobChange};
use crate::demo::Demo;
use crate::env::Env;
use crate::token::Token;
use crate::ui::connect::panel::ConnectPanel;
use crate::ui::connect::state::{ConnectAction, ConnectState};
use crate::ui::hooks::use_deep_link::use_deep_link;
use crate::ui::hooks::use_demo::use_demo;
use crate::ui::target::Target;
use crate::ui::watcher::{JobWatcher, DEFAULT_BUDGET};

/// One instance's configuration.
#[derive(Clone, PartialEq, Debug)]
pub struct AppOptions {
    pub env: Env,
    /// What the form starts with (a deep link, or a host's attributes). Never a token.
    pub initial: ParsedLink,
    /// Keep the page's fragment in step with the watched job (the standalone page does).
    pub sync_fragment: bool,
    /// Requests per job before "Resume".
    pub budget: u32,
    /// The page's own origin (`http://127.0.0.1:8080`): the demo-token control appears only
    /// when the API origin is this origin and it is loopback.
    pub page_origin: Option<String>,
    /// Start watching `initial`'s job at once with this token (the built-in sample).
    pub auto_token: Option<Token>,
    /// Hold this token from the start without connecting (a sign-in with no job to restore).
    pub held_token: Option<Token>,
    /// What the page hears about the watched job (the standalone page's title, favicon and
    /// recent jobs). Empty by default: an embedded widget never reports to its host this way.
    pub events: AppEvents,
}

/// What the widget tells the page it is mounted in about the job it watches. Fed by the same
/// [`EventCallbacks`] the embedded component reports with.
#[derive(Clone, PartialEq, Default, Debug)]
pub struct AppEvents {
    /// The status shown changed; `None` while nothing is known (a new job is starting).
    pub on_status: Callback<Option<JobStatus>>,
    /// The watched job's status or counts changed (also the first time they are known), with
    /// where the job lives.
    pub on_change: Callback<(Rc<Target>, JobChange)>,
}

impl AppEvents {
    /// The callbacks for a watcher of `target`: a change reaches the page only when it concerns
    /// that job (an answer for the previous job may arrive just after the target changed).
    pub fn for_target(&self, target: Option<Rc<Target>>) -> EventCallbacks {
        let on_change = self.on_change.clone();
        EventCallbacks {
            on_status: self.on_status.clone(),
            on_change: Callback::from(move |change: JobChange| {
                if let Some(t) = target.as_ref().filter(|t| t.job == change.job_id) {
                    on_change.emit((t.clone(), change));
                }
            }),
            ..EventCallbacks::default()
        }
    }
}

impl AppOptions {
    /// Options with nothing prefilled.
    pub fn new(env: Env) -> AppOptions {
        AppOptions {
            env,
            initial: ParsedLink::default(),
            sync_fragment: false,
            budget: DEFAULT_BUDGET,
            page_origin: None,
            auto_token: None,
            held_token: None,
            events: AppEvents::default(),
        }
    }
}

/// Props of [`App`].
#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    pub options: AppOptions,
}

/// The widget.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let options = &props.options;
    let connect = use_reducer({
        let options = options.clone();
        move || {
            let state = ConnectState::from_link(&options.initial);
            match options.auto_token {
                Some(token) => {
                    let state = Rc::new(state);
                    let state =
                        yew::Reducible::reduce(state, ConnectAction::UseDemo { token, job: None });
                    let state = yew::Reducible::reduce(
                        state,
                        ConnectAction::Connect {
                            token_text: String::new(),
                        },
                    );
                    (*state).clone()
                }
                None => match options.held_token {
                    Some(token) => {
                        let state = Rc::new(state);
                        let state = yew::Reducible::reduce(
                            state,
                            ConnectAction::UseDemo { token, job: None },
                        );
                        (*state).clone()
                    }
                    None => state,
                },
            }
        }
    });
    let target = connect.watching();
    // A link followed while the page is open starts afresh from it, without the token.
    let on_link = connect
        .dispatcher()
        .to_callback()
        .reform(ConnectAction::ApplyLink);
    use_deep_link(target.clone(), options.sync_fragment, on_link);
    // Made again only when the target or the page's callbacks change.
    let events = use_memo(
        (target.clone(), options.events.clone()),
        |(target, events)| events.for_target(target.clone()),
    );
    // A 401 makes the held token useless: forget it so the token field reopens.
    let on_token_rejected = connect
        .dispatcher()
        .to_callback()
        .reform(|()| ConnectAction::TokenRejected);

    let on_demo = {
        let dispatch = connect.dispatcher();
        Callback::from(move |demo: Rc<Demo>| {
            if let Some(token) = Token::new(&demo.token) {
                let first = demo.jobs.first();
                dispatch.dispatch(ConnectAction::UseDemo {
                    token,
                    job: first.map(|j| (j.id.clone(), j.version)),
                });
            }
        })
    };
    let demo = use_demo(options.env.clone(), on_demo);
    let demo_allowed = match (connect.origin(), &options.page_origin) {
        (Ok(origin), Some(page)) => is_own_loopback(&origin, page),
        _ => false,
    };
    // A page served from this machine (the simulator's demo) may offer its own origin as the API.
    let local_api = options
        .page_origin
        .as_deref()
        .and_then(|page| ApiOrigin::parse(page).ok())
        .filter(|o| o.is_loopback() && !demo_allowed)
        .map(|o| AttrValue::from(o.origin_string()));

    html! {
        <div class="bw-app">
            <ConnectPanel state={Rc::new((*connect).clone())} dispatch={connect.dispatcher().to_callback()}
                demo={demo_allowed.then_some(demo)} {local_api} />
            <JobWatcher {target} token={connect.token.clone()} env={options.env.clone()}
                budget={options.budget} {on_token_rejected} events={(*events).clone()} />
        </div>
    }
}

/// Whether an origin is the page's own loopback origin (where the simulator serves its demo).
pub fn is_own_loopback(origin: &ApiOrigin, page_origin: &str) -> bool {
    origin.is_loopback() && origin.origin_string() == page_origin.trim_end_matches('/')
}
