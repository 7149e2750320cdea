//! The whole widget: the connect panel above the job view. One instance per mount; all its
//! configuration arrives in [`AppOptions`] (no globals), so several can share a page. Once a job
//! is watched the panel folds into one line and the job's heading takes the focus.

use std::cell::Cell;
use std::rc::Rc;

use bulkwatch_core::deeplink::ParsedLink;
use bulkwatch_core::endpoint::ApiOrigin;
use bulkwatch_core::model::JobStatus;
use yew::prelude::*;

use crate::demo::Demo;
use crate::env::Env;
use crate::events::{EventCallbacks, JobChange};
use crate::token::Token;
use crate::token_map::{TokenChange, TokenMap};
use crate::ui::connect::panel::ConnectPanel;
use crate::ui::connect::state::{ConnectAction, ConnectState};
use crate::ui::hooks::use_deep_link::use_deep_link;
use crate::ui::hooks::use_demo::use_demo;
use crate::ui::job::header::JobFocus;
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
    /// The page's tokens, one per API origin, when the page shares them between its views (the
    /// standalone page). Then the form offers, and the job is watched with, the token the page
    /// holds for its origin, and a token typed, forgotten or refused is reported to the page,
    /// which owns it. `None` (an embed): the widget keeps its own token.
    pub tokens: Option<TokenShare>,
    /// What the page hears about the watched job (the standalone page's title, favicon and
    /// recent jobs). Empty by default: an embedded widget never reports to its host this way.
    pub events: AppEvents,
    /// The page has just switched to this widget (a job opened from the watch list or recent
    /// jobs): move the focus into it — the job's heading, or the token field when a token is
    /// needed first. Otherwise a job started on mount (the sample) leaves the focus alone.
    pub focus: bool,
}

/// The page's tokens as a widget sees them: read the one for an origin, report changes.
#[derive(Clone, PartialEq, Debug)]
pub struct TokenShare {
    pub tokens: TokenMap,
    pub on_change: Callback<TokenChange>,
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
    /// Whether the widget's open form is waiting for a token (nothing watched, none held for the
    /// form's API origin): the page offers its sign-in only then.
    pub on_needs_token: Callback<bool>,
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
            tokens: None,
            events: AppEvents::default(),
            focus: false,
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
            let state = ConnectState::from_link(&options.initial)
                .with_page_origin(options.page_origin.clone());
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
    // A link followed while the page is open starts afresh from it, without the token — unless
    // the page holds one for the link's API origin: then the job is watched at once (a
    // destination that needs confirming still waits for it, the form's own rule).
    let on_link = {
        let dispatch = connect.dispatcher();
        let share = options.tokens.clone();
        Callback::from(move |parsed: ParsedLink| {
            let held = share
                .as_ref()
                .zip(parsed.link.origin())
                .and_then(|(s, o)| s.tokens.for_origin(&o).cloned());
            let has_job = parsed.link.job.is_some();
            dispatch.dispatch(ConnectAction::ApplyLink(parsed));
            if let (Some(token), true) = (held, has_job) {
                dispatch.dispatch(ConnectAction::HoldToken(Some(token)));
                dispatch.dispatch(ConnectAction::Connect {
                    token_text: String::new(),
                });
            }
        })
    };
    use_deep_link(target.clone(), options.sync_fragment, on_link);
    // The job's heading takes the focus after each "Watch"; a job started on mount takes it only
    // when the page asked (it just switched to this widget).
    let focus_done = use_memo((), {
        let first = if options.focus { 0 } else { connect.watch_seq };
        move |_| Rc::new(Cell::new(first))
    });
    let job_focus = JobFocus {
        seq: connect.watch_seq,
        job: target
            .as_ref()
            .map(|t| t.job.as_str().to_string())
            .unwrap_or_default(),
        done: (*focus_done).clone(),
    };
    // Made again only when the target or the page's callbacks change.
    let events = use_memo(
        (target.clone(), options.events.clone()),
        |(target, events)| events.for_target(target.clone()),
    );
    let share = options.tokens.clone();
    let form_origin = connect.origin().ok();
    // With a page's tokens, the form offers the one held for its origin and the job is watched
    // with the one held for the job's (they differ while the form is being edited).
    let (form_token, watch_token) = match &share {
        Some(s) => (
            form_origin
                .as_ref()
                .and_then(|o| s.tokens.for_origin(o).cloned()),
            target
                .as_ref()
                .and_then(|t| s.tokens.for_origin(&t.origin).cloned()),
        ),
        None => (connect.token.clone(), connect.token.clone()),
    };
    let dispatch = form_dispatch(
        connect.dispatcher(),
        share.clone(),
        form_origin,
        form_token.clone(),
    );
    // A 401 makes the token useless: forget it so the token field reopens — on the whole page,
    // so no other view offers it again as if it were good.
    let on_token_rejected = {
        let dispatch = connect.dispatcher();
        let report = share
            .as_ref()
            .zip(target.as_ref())
            .zip(watch_token.clone())
            .map(|((s, t), token)| (s.on_change.clone(), TokenChange::rejected(&t.origin, token)));
        Callback::from(move |()| {
            if let Some((on_change, change)) = &report {
                on_change.emit(change.clone());
            }
            dispatch.dispatch(ConnectAction::TokenRejected);
        })
    };

    let on_demo = {
        let dispatch = connect.dispatcher();
        // The demo token is the page's own origin's (the simulator serves both).
        let report = share.as_ref().and_then(|s| {
            let page = ApiOrigin::parse(options.page_origin.as_deref()?).ok()?;
            Some((s.on_change.clone(), page))
        });
        Callback::from(move |demo: Rc<Demo>| {
            if let Some(token) = Token::new(&demo.token) {
                if let Some((on_change, page)) = &report {
                    on_change.emit(TokenChange::put(page, token.clone()));
                }
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

    {
        // The page offers its sign-in only while the open form waits for a token. A watched job
        // whose token is missing asks for it in the folded line instead: a sign-in panel
        // appearing above would push the job it is about off the screen.
        let needs = target.is_none() && form_token.is_none();
        let on_needs = options.events.on_needs_token.clone();
        use_effect_with(needs, move |needs| on_needs.emit(*needs));
    }

    html! {
        <div class="bw-app">
            <ConnectPanel state={Rc::new(ConnectState { token: form_token, ..(*connect).clone() })} {dispatch}
                demo={demo_allowed.then_some(demo)} {local_api} focus_on_mount={options.focus} />
            <ContextProvider<JobFocus> context={job_focus}>
                <JobWatcher {target} token={watch_token} env={options.env.clone()}
                    budget={options.budget} {on_token_rejected} events={(*events).clone()} />
            </ContextProvider<JobFocus>>
        </div>
    }
}

/// The form's actions. With a page's tokens, a token typed or forgotten is reported to the page
/// (which owns it) and "Watch" goes with the token the page holds for the form's origin, so the
/// form never keeps a token the page has forgotten or refused.
fn form_dispatch(
    dispatch: UseReducerDispatcher<ConnectState>,
    share: Option<TokenShare>,
    origin: Option<ApiOrigin>,
    held: Option<Token>,
) -> Callback<ConnectAction> {
    let Some(share) = share else {
        return dispatch.to_callback();
    };
    Callback::from(move |action: ConnectAction| {
        match &action {
            ConnectAction::Connect { token_text } => {
                let typed = Token::new(token_text);
                if let (Some(token), Some(origin)) = (&typed, &origin) {
                    share
                        .on_change
                        .emit(TokenChange::put(origin, token.clone()));
                }
                dispatch.dispatch(ConnectAction::HoldToken(typed.or_else(|| held.clone())));
            }
            ConnectAction::ForgetToken => {
                if let Some(origin) = &origin {
                    share.on_change.emit(TokenChange::forget(origin));
                }
            }
            _ => {}
        }
        dispatch.dispatch(action);
    })
}

/// Whether an origin is the page's own loopback origin (where the simulator serves its demo).
pub fn is_own_loopback(origin: &ApiOrigin, page_origin: &str) -> bool {
    origin.is_loopback() && origin.origin_string() == page_origin.trim_end_matches('/')
}
