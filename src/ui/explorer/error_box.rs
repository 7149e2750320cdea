//! Why the result could not be explored (`explore-error`, with `data-error-kind` and, for
//! download failures, the core's `data-code`), and a button to try again.

use yew::prelude::*;

use super::state::ExploreError;

/// Props of [`ErrorBox`].
#[derive(Properties, PartialEq, Clone)]
pub struct ErrorBoxProps {
    pub error: ExploreError,
    pub on_retry: Callback<()>,
}

/// The explorer's error message.
#[function_component]
pub fn ErrorBox(props: &ErrorBoxProps) -> Html {
    let onclick = {
        let retry = props.on_retry.clone();
        Callback::from(move |_: MouseEvent| retry.emit(()))
    };
    let e = &props.error;
    html! {
        <div class="bw-x-error" role="alert" data-testid="explore-error"
            data-error-kind={e.kind().to_string()} data-code={e.code().map(str::to_string)}>
            <p class="bw-x-error__title"><strong>{ e.title() }</strong></p>
            <p>{ e.message() }</p>
            <p><button type="button" class="bw-btn" data-testid="explore-retry" {onclick}>{ "Try again" }</button></p>
        </div>
    }
}
