//! A button that copies a text and says so (politely, to screen readers too).

use yew::prelude::*;

use crate::ui::hooks::use_clipboard::use_clipboard;

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq, Clone)]
pub struct CopyButtonProps {
    /// What is copied.
    pub text: AttrValue,
    /// The accessible name ("Copy job id").
    pub label: AttrValue,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// "Copy" → "Copied".
#[function_component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let clip = use_clipboard();
    let onclick = {
        let text = props.text.to_string();
        let copy = clip.copy.clone();
        Callback::from(move |_: MouseEvent| copy.emit(text.clone()))
    };
    let shown = if clip.copied {
        "Copied"
    } else if clip.failed {
        "Copy failed"
    } else {
        "Copy"
    };
    html! {
        <button type="button" class="bw-btn bw-btn--small" {onclick}
            aria-label={props.label.clone()} data-testid={props.testid.clone()}>
            <span aria-live="polite">{ shown }</span>
        </button>
    }
}
