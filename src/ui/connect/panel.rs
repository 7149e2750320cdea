//! The connect panel: data centre (or custom origin), API version, job (id, URL or curl line),
//! token (a password field; memory only; "forget token"), proxy, and "Watch". An origin or proxy
//! from a link, a paste or a sign-in answer that is neither Zoho's nor this page's is shown
//! plainly and must be confirmed before any token is sent there. Once a job is watched the form
//! folds into one line (`folded`), with the token field only while a token is missing.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use bulkwatch_core::deeplink::Confirm;
use bulkwatch_core::endpoint::{ApiVersion, DataCenter};

use super::folded::Folded;
use super::state::{ConnectAction, ConnectPhase, ConnectState, DcChoice, Note};
use crate::ui::hooks::use_demo::{DemoHandle, DemoState};

/// Props of [`ConnectPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct ConnectPanelProps {
    pub state: Rc<ConnectState>,
    pub dispatch: Callback<ConnectAction>,
    /// The simulator's demo token control; shown only for the page's own loopback origin.
    #[prop_or_default]
    pub demo: Option<DemoHandle>,
    /// The page's own loopback origin, offered as the API (the simulator serves both).
    #[prop_or_default]
    pub local_api: Option<AttrValue>,
    /// The page has just switched to this widget (a job opened from the watch list): put the
    /// focus in the form when it is what is shown (the job's heading takes it otherwise).
    #[prop_or_default]
    pub focus_on_mount: bool,
}

pub(super) fn input_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

fn select_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

/// The connect form.
#[function_component]
pub fn ConnectPanel(props: &ConnectPanelProps) -> Html {
    let s = &props.state;
    let token_ref = use_node_ref();
    let first_ref = use_node_ref();
    let change_ref = use_node_ref();
    let rejected = s.note == Some(Note::TokenRejected);
    let folded = !s.open && matches!(s.phase, ConnectPhase::Watching(_));
    let token_row = folded && s.token.is_none();
    use_panel_focus(
        PanelRefs {
            token: token_ref.clone(),
            first: first_ref.clone(),
            change: change_ref.clone(),
        },
        folded,
        token_row,
        props.focus_on_mount,
    );
    {
        // A 401 reopens the token field: put the cursor there.
        let token_ref = token_ref.clone();
        use_effect_with(rejected, move |rejected| {
            if *rejected {
                focus_in_form(&token_ref);
            }
        });
    }

    let on_dc = props.dispatch.reform(|e: Event| {
        let v = select_value(&e);
        ConnectAction::SetDc(DataCenter::from_code(&v).map_or(DcChoice::Custom, DcChoice::Zoho))
    });
    let on_origin = props
        .dispatch
        .reform(|e: InputEvent| ConnectAction::SetCustomOrigin(input_value(&e)));
    let on_version = props.dispatch.reform(|e: Event| {
        ConnectAction::SetVersion(ApiVersion::parse(&select_value(&e)).unwrap_or_default())
    });
    let on_job = props
        .dispatch
        .reform(|e: InputEvent| ConnectAction::SetJobInput(input_value(&e)));
    let on_proxy = props
        .dispatch
        .reform(|e: InputEvent| ConnectAction::SetProxy(input_value(&e)));
    let on_submit = {
        let dispatch = props.dispatch.clone();
        let token_ref = token_ref.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let token_text = token_ref
                .cast::<web_sys::HtmlInputElement>()
                .map(|i| {
                    let v = i.value();
                    i.set_value(""); // the DOM keeps no copy once it is held
                    v
                })
                .unwrap_or_default();
            dispatch.emit(ConnectAction::Connect { token_text });
        })
    };
    let on_forget = props
        .dispatch
        .reform(|_: MouseEvent| ConnectAction::ForgetToken);
    let on_confirm = props
        .dispatch
        .reform(|_: MouseEvent| ConnectAction::ConfirmOrigin);

    let dc_value = match s.dc {
        DcChoice::Zoho(dc) => dc.code(),
        DcChoice::Custom => "custom",
    };
    let watching = matches!(s.phase, ConnectPhase::Watching(_));
    if let (true, ConnectPhase::Watching(target)) = (folded, &s.phase) {
        return html! {
            <Folded target={target.clone()} has_token={s.token.is_some()} {rejected} {on_submit}
                on_change={props.dispatch.reform(|_: MouseEvent| ConnectAction::Change)}
                {on_forget} {token_ref} {change_ref} demo={props.demo.clone()}>
                { note(s) }
            </Folded>
        };
    }

    html! {
        <form class="bw-connect" onsubmit={on_submit} aria-label="Job to watch" novalidate=true>
            <div class="bw-connect__grid">
                <label class="bw-field">
                    <span class="bw-field__label">{ "Data centre" }</span>
                    <select data-testid="dc-select" onchange={on_dc} ref={first_ref}>
                        { for DataCenter::ALL.iter().map(|dc| html! {
                            <option value={dc.code()} selected={dc_value == dc.code()}>{ dc.label() }</option>
                        }) }
                        <option value="custom" selected={dc_value == "custom"}>{ "Custom API origin…" }</option>
                    </select>
                </label>
                if s.dc == DcChoice::Custom {
                    <label class="bw-field">
                        <span class="bw-field__label">{ "API origin" }</span>
                        <input type="url" data-testid="api-input" value={s.custom_origin.clone()}
                            placeholder="https://sandbox.zohoapis.eu" oninput={on_origin}
                            autocomplete="off" spellcheck="false" />
                    </label>
                }
                <label class="bw-field">
                    <span class="bw-field__label">{ "API version" }</span>
                    <select data-testid="version-select" onchange={on_version}>
                        { for ApiVersion::ALL.iter().map(|v| html! {
                            <option value={v.as_str()} selected={*v == s.version}>{ v.as_str() }</option>
                        }) }
                    </select>
                </label>
                <label class="bw-field bw-field--wide">
                    <span class="bw-field__label">{ "Job" }</span>
                    <input type="text" data-testid="job-input" value={s.job_input.clone()}
                        placeholder="Job id, Zoho API URL or curl line" oninput={on_job}
                        autocomplete="off" spellcheck="false" inputmode="text" />
                </label>
                // Always there, so a new token can replace the held one; its value never stays in
                // the DOM once taken (it is cleared on submit).
                <div class="bw-field bw-field--token">
                    <label class="bw-field">
                        <span class="bw-field__label">{ "Access token" }</span>
                        <input type="password" data-testid="token-input" ref={token_ref}
                            placeholder={if s.token.is_some() {
                                "Held in memory · paste a new one to replace it"
                            } else {
                                "1000.xxxx… (kept in memory only)"
                            }}
                            autocomplete="off" spellcheck="false"
                            aria-invalid={rejected.then_some("true")} />
                    </label>
                    if s.token.is_some() {
                        <span class="bw-token-held" data-testid="token-held">
                            { "A token is held in this tab's memory only." }
                            { " " }
                            <button type="button" class="bw-btn bw-btn--small" data-testid="forget-token" onclick={on_forget}>
                                { "Forget token" }
                            </button>
                        </span>
                    }
                </div>
                <label class="bw-field bw-field--wide">
                    <span class="bw-field__label">{ "Proxy (optional)" }</span>
                    <input type="url" data-testid="proxy-input" value={s.proxy_input.clone()}
                        placeholder="Empty: call the API directly. Or e.g. http://127.0.0.1:8787"
                        oninput={on_proxy} autocomplete="off" spellcheck="false" />
                </label>
            </div>
            <div class="bw-connect__actions">
                <button type="submit" class="bw-btn bw-btn--primary" data-testid="connect">
                    { if watching { "Watch (update)" } else { "Watch job" } }
                </button>
                if let Some(demo) = &props.demo {
                    { demo_control(demo, Some(&props.dispatch)) }
                }
                if let Some(local) = &props.local_api {
                    <button type="button" class="bw-btn" data-testid="use-local-api" onclick={{
                        let origin = local.to_string();
                        props.dispatch.reform(move |_: MouseEvent| ConnectAction::UseOrigin(origin.clone()))
                    }}>
                        { format!("Use this computer's API ({local})") }
                    </button>
                }
            </div>
            { note(s) }
            { for s.link_notes.iter().map(|n| html! { <p class="bw-note" data-testid="link-note">{ n.clone() }</p> }) }
            if let ConnectPhase::Confirming { what, .. } = &s.phase {
                <div class="bw-confirm" role="alert" data-testid="origin-warning">
                    <p>{ "A link, a paste or a sign-in answer would send your token somewhere that is neither Zoho nor this page:" }</p>
                    <ul>
                        { for what.iter().map(|c| match c {
                            Confirm::ApiOrigin(o) => html! {
                                <li>{ "API origin " }<code class="bw-break" data-testid="confirm-what">{ o.clone() }</code></li>
                            },
                            Confirm::Proxy(p) => html! {
                                <li>{ "proxy " }<code class="bw-break" data-testid="confirm-what">{ p.clone() }</code></li>
                            },
                        }) }
                    </ul>
                    <p>{ "Continue only if you trust it." }</p>
                    <button type="button" class="bw-btn" data-testid="confirm-origin" onclick={on_confirm}>
                        { "Send my token there" }
                    </button>
                </div>
            }
        </form>
    }
}

/// The demo-token button, its outcome and (with `dispatch`) the demo jobs to pick. While the
/// token is being fetched the button says so but stays enabled and focusable: disabling the
/// focused button would drop the focus to the page.
pub(super) fn demo_control(demo: &DemoHandle, dispatch: Option<&Callback<ConnectAction>>) -> Html {
    let busy = demo.state == DemoState::Loading;
    let fetch = {
        let fetch = demo.fetch.clone();
        Callback::from(move |_: MouseEvent| {
            if !busy {
                fetch.emit(());
            }
        })
    };
    html! {
        <>
            <button type="button" class="bw-btn" data-testid="use-demo-token" onclick={fetch}
                aria-disabled={busy.then_some("true")}>
                { "Use the simulator's demo token" }
            </button>
            <span class="bw-muted" aria-live="polite">{
                match &demo.state {
                    DemoState::Idle | DemoState::Loading => String::new(),
                    // In the folded line the token row goes once the token is set; a "set" left
                    // from an earlier press would contradict the row asking for one.
                    DemoState::Ready(_) if dispatch.is_none() => String::new(),
                    DemoState::Ready(_) => "Demo token set.".to_string(),
                    DemoState::Failed(why) => format!("No demo token: {why}"),
                }
            }</span>
            if let (DemoState::Ready(d), Some(dispatch)) = (&demo.state, dispatch) {
                if !d.jobs.is_empty() {
                    <div class="bw-demo-jobs" role="group" aria-label="Demo jobs">
                        <span class="bw-small">{ "Demo jobs:" }</span>
                        { for d.jobs.iter().map(|j| {
                            let pick = {
                                let (id, version) = (j.id.clone(), j.version);
                                dispatch.reform(move |_: MouseEvent| ConnectAction::PickJob { id: id.clone(), version })
                            };
                            html! {
                                <button type="button" class="bw-btn bw-btn--small" data-testid="demo-job"
                                    data-job={j.id.clone()} onclick={pick}>{ j.label.clone() }</button>
                            }
                        }) }
                    </div>
                }
            }
        </>
    }
}

pub(super) fn note(s: &ConnectState) -> Html {
    match &s.note {
        None => html! {},
        Some(Note::Filled(text)) => {
            html! { <p class="bw-note" data-testid="connect-note">{ text.clone() }</p> }
        }
        Some(Note::Problem(text)) => html! {
            <p class="bw-note bw-note--problem" role="alert" data-testid="connect-problem">{ text.clone() }</p>
        },
        Some(Note::TokenRejected) => html! {
            <p class="bw-note bw-note--problem" role="alert" data-testid="connect-problem">
                { "The API refused the token (401). Paste a new one and press Watch; everything shown stays." }
            </p>
        },
    }
}

/// The elements the panel moves the focus to.
struct PanelRefs {
    token: NodeRef,
    first: NodeRef,
    change: NodeRef,
}

fn focus(node: &NodeRef) -> bool {
    node.cast::<web_sys::HtmlElement>()
        .is_some_and(|e| e.focus().is_ok())
}

/// Focuses a field and brings its whole form into view: the token field appears inside the line
/// above the job, often scrolled out of sight, and the browser's own scroll on focus shows the
/// field but not the button and the note beside it.
fn focus_in_form(node: &NodeRef) -> bool {
    let Some(field) = node.cast::<web_sys::HtmlElement>() else {
        return false;
    };
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    if field.focus_with_options(&options).is_err() {
        return false;
    }
    if let Some(form) = field.closest("form").ok().flatten() {
        let scroll = web_sys::ScrollIntoViewOptions::new();
        scroll.set_block(web_sys::ScrollLogicalPosition::Nearest);
        form.scroll_into_view_with_scroll_into_view_options(&scroll);
    }
    true
}

/// Whether the focus has fallen to the page (its element was removed): `<body>` or nothing.
fn focus_lost() -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    match (doc.active_element(), doc.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.unchecked_ref::<web_sys::Element>(),
        (Some(_), None) => false,
    }
}

/// Where the focus goes as the panel folds and opens: "Change" puts it on the form's first field;
/// a control that disappears with the fold (Watch, the token field once a token is held) hands it
/// to "Change" rather than dropping it to the page; `on_mount` puts it in the panel at once.
#[hook]
fn use_panel_focus(refs: PanelRefs, folded: bool, token_row: bool, on_mount: bool) {
    let mounted = use_mut_ref(|| false);
    use_effect_with((folded, token_row), move |(folded, token_row)| {
        let first = !std::mem::replace(&mut *mounted.borrow_mut(), true);
        if first {
            // The page just switched here: the token field when one is needed, else "Change"
            // until the job's heading takes the focus.
            if on_mount {
                let _ = if !*folded || *token_row {
                    focus(&refs.token)
                } else {
                    focus(&refs.change)
                };
            }
        } else if !*folded {
            // Opened by "Change" (whose button went with the fold) or by a link: the first
            // field, unless the focus is somewhere on purpose.
            if focus_lost() {
                focus(&refs.first);
            }
        } else if focus_lost() {
            if *token_row {
                focus_in_form(&refs.token);
            } else {
                focus(&refs.change);
            }
        }
    });
}
