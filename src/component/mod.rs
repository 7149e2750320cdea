//! [`BulkWriteJob`]: the widget as a Yew component for another Yew app, configured like the
//! `<bulkwatch-job>` element (which renders it too). The host names the job and where it lives,
//! gives the token, and hears about changes through callbacks; there is no connect form.
//!
//! ```
//! use bulkwatch::component::{BulkWriteJob, JobChange};
//! use bulkwatch::token::Token;
//! use yew::prelude::*;
//!
//! #[function_component]
//! fn Portal() -> Html {
//!     let token = Token::new("1000.from-your-sign-in");
//!     let on_complete = Callback::from(|c: JobChange| {
//!         let _done = (c.job_id, c.counts.total);
//!     });
//!     html! {
//!         <BulkWriteJob job_id="111111000000541958" dc="eu" {token} {on_complete} compact=true />
//!     }
//! }
//! # // Rendered to a string natively, to check the example works.
//! # use std::future::Future;
//! # let mut render = std::pin::pin!(yew::LocalServerRenderer::<Portal>::new().render());
//! # let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
//! # let html = loop {
//! #     if let std::task::Poll::Ready(html) = render.as_mut().poll(&mut cx) { break html; }
//! # };
//! # assert!(html.contains("bw-embed"), "{html}");
//! ```

pub mod compact;
pub mod token_prompt;

use std::rc::Rc;

use bulkwatch_core::endpoint::ExtraHosts;
use bulkwatch_core::model::JobStatus;
use bulkwatch_core::poll::PollConfig;
use yew::prelude::*;

use crate::env::Env;
use crate::options::{PollMode, Source};
use crate::token::Token;
use crate::ui::hooks::use_job_poller::use_job_poller;
use crate::ui::job::error_panel::ErrorPanel;
use crate::ui::job::state::NextCheck;
use crate::ui::job::view::JobView;
use crate::ui::target::Target;
use crate::ui::watcher::DEFAULT_BUDGET;

pub use crate::events::{EventCallbacks, JobChange, JobProblem};
use crate::ui::hooks::use_job_events::{use_config_error, use_job_events};
use compact::CompactJob;
use token_prompt::TokenPrompt;

/// Props of [`BulkWriteJob`]: the same names and values as the element's attributes.
#[derive(Properties, PartialEq, Clone)]
pub struct BulkWriteJobProps {
    /// The job id (digits). None or blank: nothing is watched.
    #[prop_or_default]
    pub job_id: Option<AttrValue>,
    /// `us|eu|in|au|jp|ca|sa|cn` (or a site code such as `eu-sandbox`); default `us`.
    #[prop_or_default]
    pub dc: Option<AttrValue>,
    /// A full API origin; overrides `dc` (sandbox and developer orgs, the simulator).
    #[prop_or_default]
    pub api_domain: Option<AttrValue>,
    /// `v2`…`v8`; default `v8`.
    #[prop_or_default]
    pub api_version: Option<AttrValue>,
    /// Base URL of a Bulkwatch proxy.
    #[prop_or_default]
    pub proxy: Option<AttrValue>,
    /// Extra result-download hosts beside Zoho's built-in table: exact https host names
    /// separated by spaces or commas (the `extra-hosts` attribute).
    #[prop_or_default]
    pub extra_hosts: Option<AttrValue>,
    /// How many rows the uploaded file has (the `rows` attribute; digits): the progress bar, the
    /// ETA, and a polling pace steered by the predicted finish.
    #[prop_or_default]
    pub rows: Option<AttrValue>,
    /// The access token (memory only). Without one the widget waits (and, unless read-only,
    /// offers a token field).
    #[prop_or_default]
    pub token: Option<Token>,
    #[prop_or_default]
    pub poll: PollMode,
    /// Nothing to type in: no token field (the token comes from the host only), no row count.
    #[prop_or_default]
    pub read_only: bool,
    /// One line: status, counts, progress, error.
    #[prop_or_default]
    pub compact: bool,
    /// Requests per job before "Resume" is asked for.
    #[prop_or(DEFAULT_BUDGET)]
    pub budget: u32,
    /// The environment (HTTP, timers, storage); default: the browser's.
    #[prop_or_default]
    pub env: Option<Env>,
    /// Status or counts changed.
    #[prop_or_default]
    pub on_change: Callback<JobChange>,
    /// The job reached COMPLETED or FAILED.
    #[prop_or_default]
    pub on_complete: Callback<JobChange>,
    /// A request failed, or a setting cannot be used.
    #[prop_or_default]
    pub on_error: Callback<JobProblem>,
    /// The status shown changed (`None`: nothing known yet, or nothing watched).
    #[prop_or_default]
    pub on_status: Callback<Option<JobStatus>>,
}

impl BulkWriteJobProps {
    /// The location part of the props.
    pub fn source(&self) -> Source {
        let text = |v: &Option<AttrValue>| v.as_ref().map(|s| s.to_string());
        Source {
            job_id: text(&self.job_id),
            dc: text(&self.dc),
            api_domain: text(&self.api_domain),
            api_version: text(&self.api_version),
            proxy: text(&self.proxy),
            extra_hosts: text(&self.extra_hosts),
            rows: text(&self.rows),
        }
    }
}

/// The embeddable widget.
#[function_component]
pub fn BulkWriteJob(props: &BulkWriteJobProps) -> Html {
    let browser = use_memo((), |_| Env::browser());
    let env = props.env.clone().unwrap_or_else(|| (*browser).clone());
    let resolved = use_memo(props.source(), |s| s.resolve().map(|t| t.map(Rc::new)));
    // Validated by `resolve` above; an unusable list shows as that error instead of a job.
    let extra_hosts = use_memo(props.source(), |s| {
        Rc::new(s.extra_hosts().unwrap_or_default())
    });
    let rows = props.source().rows().ok().flatten();
    // A token the person typed; a new token from the host replaces it.
    let typed = use_state_eq(|| None::<Token>);
    {
        let typed = typed.clone();
        use_effect_with(props.token.clone(), move |_| typed.set(None));
    }
    use_config_error(resolved.as_ref().as_ref().err().cloned(), &props.on_error);
    {
        // Nothing watched: no status (while watching, the watcher reports it).
        let watching = matches!(resolved.as_ref(), Ok(Some(_)));
        let on_status = props.on_status.clone();
        use_effect_with(watching, move |watching| {
            if !watching {
                on_status.emit(None);
            }
        });
    }

    let mut class = classes!("bw-app", "bw-embed");
    if props.compact {
        class.push("bw-embed--compact");
    }
    if props.read_only {
        class.push("bw-embed--read-only");
    }
    let body = match resolved.as_ref() {
        Err(error) => html! { <ErrorPanel error={error.clone()} /> },
        Ok(None) => html! {
            <p class="bw-muted bw-embed__note" data-testid="no-job">{ "No job to watch yet." }</p>
        },
        Ok(Some(target)) => {
            let typed_now = (*typed).clone();
            let token = typed_now.clone().or_else(|| props.token.clone());
            let on_token = {
                let typed = typed.clone();
                Callback::from(move |t: Option<Token>| typed.set(t))
            };
            html! {
                <ContextProvider<Rc<ExtraHosts>> context={(*extra_hosts).clone()}>
                // Polling mode is fixed when a poll loop starts: a new mode starts a new loop.
                <Watch key={props.poll.as_str()} target={target.clone()} {token}
                    typed={typed_now.is_some()} {on_token} {env} {rows}
                    config={PollConfig {
                        budget: props.budget,
                        once: props.poll == PollMode::Off,
                        ..PollConfig::default()
                    }}
                    read_only={props.read_only} compact={props.compact}
                    events={EventCallbacks {
                        on_change: props.on_change.clone(),
                        on_complete: props.on_complete.clone(),
                        on_error: props.on_error.clone(),
                        on_status: props.on_status.clone(),
                    }} />
                </ContextProvider<Rc<ExtraHosts>>>
            }
        }
    };
    html! {
        <div {class} part="base" data-testid="bulkwatch-embed">{ body }</div>
    }
}

/// Props of [`Watch`].
#[derive(Properties, PartialEq, Clone)]
struct WatchProps {
    target: Rc<Target>,
    token: Option<Token>,
    /// The token in use is one the person typed (offer "Forget token").
    typed: bool,
    on_token: Callback<Option<Token>>,
    env: Env,
    /// The polling policy's config: the budget, and `once` for `poll="off"`.
    config: PollConfig,
    read_only: bool,
    compact: bool,
    /// The file's row count from the host, if it gave one.
    rows: Option<u64>,
    events: EventCallbacks,
}

/// One poll loop and its view.
#[function_component]
fn Watch(props: &WatchProps) -> Html {
    let poller = use_job_poller(
        Some(props.target.clone()),
        props.token.clone(),
        props.env.clone(),
        props.config.clone(),
    );
    use_job_events(&poller.state, &props.events);
    use_host_rows(props.rows, &props.target, &poller.expect);
    let refused = poller.state.next == NextCheck::NeedsToken && props.token.is_some();
    let needs_token = props.token.is_none() || refused;
    let state = Rc::new((*poller.state).clone());

    let prompt = match (needs_token, props.read_only) {
        (true, false) => html! {
            <TokenPrompt on_token={props.on_token.reform(Some)} rejected={refused} />
        },
        (true, true) => html! {
            <p class="bw-muted bw-embed__note" data-testid="needs-token">{
                if refused { "Zoho refused the token; waiting for a new one from the page." }
                else { "Waiting for a token from the page." }
            }</p>
        },
        (false, _) if props.typed && !props.read_only && !props.compact => html! {
            <p class="bw-embed__note">
                <button type="button" class="bw-btn bw-btn--small" data-testid="forget-token"
                    onclick={props.on_token.reform(|_: MouseEvent| None)}>{ "Forget token" }</button>
            </p>
        },
        _ => html! {},
    };
    let view = if props.compact {
        html! { <CompactJob {state} /> }
    } else {
        html! {
            <JobView {state} target={Some(props.target.clone())} token={props.token.clone()}
                env={props.env.clone()} on_resume={poller.resume.clone()}
                on_expected={poller.expect.clone()} on_retry={poller.retry.clone()} />
        }
    };
    html! { <>{ prompt }{ view }</> }
}

/// Hands the host's row count to the poller: when the widget starts watching, and whenever the
/// host changes it (removing it clears the count; a count the person typed stays until then).
#[hook]
fn use_host_rows(rows: Option<u64>, target: &Rc<Target>, expect: &Callback<Option<u64>>) {
    let given = use_mut_ref(|| None::<u64>);
    let expect = expect.clone();
    use_effect_with((rows, target.clone()), move |(rows, _)| {
        let before = given.replace(*rows);
        if rows.is_some() || before.is_some() {
            expect.emit(*rows);
        }
    });
}
