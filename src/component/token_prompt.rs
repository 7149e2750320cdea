//! The embedded widget's token field: shown when the host gave no token (or Zoho refused it) and
//! the widget is not read-only. The token goes to memory only; the field is emptied at once so
//! it does not linger in the DOM.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::token::Token;

/// Props of [`TokenPrompt`].
#[derive(Properties, PartialEq, Clone)]
pub struct TokenPromptProps {
    /// A token the person typed.
    pub on_token: Callback<Token>,
    /// Zoho refused the token in use: say so.
    #[prop_or_default]
    pub rejected: bool,
}

/// A password field and "Watch".
#[function_component]
pub fn TokenPrompt(props: &TokenPromptProps) -> Html {
    let input = use_node_ref();
    let problem = use_state_eq(|| false);
    let onsubmit = {
        let input = input.clone();
        let on_token = props.on_token.clone();
        let problem = problem.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(field) = input.cast::<web_sys::HtmlInputElement>() else {
                return;
            };
            let token = Token::new(&field.value());
            field.set_value("");
            match token {
                Some(t) => {
                    problem.set(false);
                    on_token.emit(t);
                }
                None => problem.set(true),
            }
        })
    };
    let oninput = {
        let problem = problem.clone();
        Callback::from(move |e: InputEvent| {
            let empty = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .is_some_and(|i| i.value().is_empty());
            if !empty {
                problem.set(false);
            }
        })
    };
    html! {
        <form class="bw-connect bw-token-prompt" part="token-prompt" {onsubmit} data-testid="token-prompt">
            <label class="bw-field">
                <span class="bw-field__label">{ "Access token" }</span>
                <input ref={input} type="password" data-testid="token-input" autocomplete="off"
                    spellcheck="false" aria-invalid={(*problem).then_some("true")} {oninput} />
            </label>
            <div class="bw-connect__actions">
                <button type="submit" class="bw-btn bw-btn--primary" data-testid="connect">{ "Watch" }</button>
                <span class="bw-muted bw-small">{ "Kept in this tab's memory only." }</span>
            </div>
            if props.rejected {
                <p class="bw-note bw-note--problem" role="alert">{ "Zoho refused the token: paste a new one." }</p>
            } else if *problem {
                <p class="bw-note bw-note--problem" role="alert">{ "Paste an access token first." }</p>
            }
        </form>
    }
}
