//! The explorer's closed state: the "Explore results" button (`explore`) and what it does.

use yew::prelude::*;

/// Props of [`Launcher`].
#[derive(Properties, PartialEq, Clone)]
pub struct LauncherProps {
    pub on_explore: Callback<()>,
    /// A token is held (without one the button says why it is disabled).
    pub has_token: bool,
}

/// The "Explore results" button.
#[function_component]
pub fn Launcher(props: &LauncherProps) -> Html {
    let onclick = {
        let go = props.on_explore.clone();
        Callback::from(move |_: MouseEvent| go.emit(()))
    };
    html! {
        <p class="bw-x-launch">
            <button type="button" class="bw-btn bw-btn--primary" data-testid="explore"
                disabled={!props.has_token} {onclick}>
                { "Explore results" }
            </button>
            { " " }
            <span class="bw-muted">{
                if props.has_token {
                    "Opens the result file here: rows by status, errors by code and column, every row. Nothing is uploaded."
                } else {
                    "Paste a token to explore the result file."
                }
            }</span>
        </p>
    }
}
