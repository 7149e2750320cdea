//! The connect panel folded into one line once a job is watched: "Job 1111…1958 · US · v8 ·
//! direct — Change", "Forget token" while one is held, and the token field (with the demo token
//! where the simulator offers it) only while a token is missing — after a 401, or once forgotten.

use std::rc::Rc;

use yew::prelude::*;

use super::line::line;
use super::panel::demo_control;
use crate::ui::hooks::use_demo::DemoHandle;
use crate::ui::target::Target;

/// Props of [`Folded`].
#[derive(Properties, PartialEq, Clone)]
pub struct FoldedProps {
    pub target: Rc<Target>,
    pub has_token: bool,
    /// The API refused the last token (the field is marked invalid).
    #[prop_or_default]
    pub rejected: bool,
    /// "Watch" with the token typed in the field.
    pub on_submit: Callback<SubmitEvent>,
    /// "Change": open the form.
    pub on_change: Callback<MouseEvent>,
    pub on_forget: Callback<MouseEvent>,
    pub token_ref: NodeRef,
    pub change_ref: NodeRef,
    #[prop_or_default]
    pub demo: Option<DemoHandle>,
    /// The panel's note (a problem, a refused token).
    #[prop_or_default]
    pub children: Html,
}

/// The folded panel (`data-testid="connect-line"`).
#[function_component]
pub fn Folded(props: &FoldedProps) -> Html {
    let l = line(&props.target);
    html! {
        <form class="bw-connect bw-connect--folded" onsubmit={props.on_submit.clone()}
            aria-label="Job to watch" novalidate=true>
            <div class="bw-connect__line">
                <p class="bw-connect__what" data-testid="connect-line">
                    { "Job " }
                    // Shortened to the eye; read out (and shown on hover) in full.
                    <span class="bw-mono" title={l.job.clone()} aria-hidden="true">{ l.job_short.clone() }</span>
                    <span class="bw-sr-only">{ l.job.clone() }</span>
                    { format!(" · {} · {} · {}", l.place, l.version, l.route) }
                </p>
                <button type="button" class="bw-btn bw-btn--small" data-testid="connect-change"
                    ref={props.change_ref.clone()} onclick={props.on_change.clone()}
                    aria-label={format!("Change job or connection ({})", l.text())}>
                    { "Change" }
                </button>
                if props.has_token {
                    <span class="bw-token-held" data-testid="token-held">
                        <span class="bw-muted bw-small">{ "Token in this tab's memory" }</span>
                        <button type="button" class="bw-btn bw-btn--small" data-testid="forget-token"
                            onclick={props.on_forget.clone()}>
                            { "Forget token" }
                        </button>
                    </span>
                }
            </div>
            if !props.has_token {
                <div class="bw-connect__token-row" data-testid="token-row">
                    <label class="bw-field bw-field--token">
                        <span class="bw-field__label">{ "Access token for this job" }</span>
                        <input type="password" data-testid="token-input" ref={props.token_ref.clone()}
                            placeholder="1000.xxxx… (kept in memory only)" autocomplete="off"
                            spellcheck="false" aria-invalid={props.rejected.then_some("true")} />
                    </label>
                    <button type="submit" class="bw-btn bw-btn--primary" data-testid="connect">
                        { "Watch" }
                    </button>
                    if let Some(demo) = &props.demo {
                        { demo_control(demo, None) }
                    }
                </div>
            }
            { props.children.clone() }
        </form>
    }
}
