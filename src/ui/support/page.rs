//! The standalone page's shell: sign-in above the widget. Only the standalone page uses it; the
//! embedded widget and the custom element mount [`App`] alone.

use yew::prelude::*;

use super::sign_in::SignIn;
use crate::ui::app::{App, AppOptions};

/// Props of [`SupportPage`].
#[derive(Properties, PartialEq, Clone)]
pub struct SupportPageProps {
    pub options: AppOptions,
    /// When the signed-in token lapses (epoch ms); `None` without a sign-in.
    #[prop_or_default]
    pub expires_at_ms: Option<u64>,
    /// Why the sign-in answer in the address was refused.
    #[prop_or_default]
    pub sign_in_failure: Option<AttrValue>,
}

/// The standalone page.
#[function_component]
pub fn SupportPage(props: &SupportPageProps) -> Html {
    let options = props.options.clone();
    html! {
        <div class="bw-support">
            <SignIn env={options.env.clone()} page_origin={options.page_origin.clone().map(AttrValue::from)}
                expires_at_ms={props.expires_at_ms} failure={props.sign_in_failure.clone()} />
            <App {options} />
        </div>
    }
}
