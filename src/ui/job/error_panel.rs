//! An error as support staff need it: the catalogue's plain title, Zoho's own message, the
//! resolution, and what the widget is doing about it.

use yew::prelude::*;

use bulkwatch_core::BwError;

/// Props of [`ErrorPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct ErrorPanelProps {
    pub error: BwError,
    /// What happens next ("Retrying at 10:02:35.", "Paste a new token above.").
    #[prop_or_default]
    pub next: Option<AttrValue>,
    /// The request went directly to the API (a network failure may be CORS: suggest the proxy).
    #[prop_or_default]
    pub direct: bool,
}

/// The error panel (`data-testid="error"`, `data-code` = Zoho's code or `NETWORK`, `DECODE`…).
#[function_component]
pub fn ErrorPanel(props: &ErrorPanelProps) -> Html {
    let e = &props.error;
    let code = e.code().to_string();
    // Zoho's own message when there is one; otherwise what went wrong, in the core's words.
    let message = match e.zoho() {
        Some(z) => z.message.clone(),
        None => e.to_string(),
    };
    html! {
        <section class="bw-error" role="alert" data-testid="error" data-code={code.clone()} data-part="error" part="error">
            // h2 like the job view's other sections: the panel also stands alone under the page's h1.
            <h2 class="bw-h3">
                <span aria-hidden="true">{ "⚠ " }</span>{ e.title() }
            </h2>
            <dl class="bw-facts">
                <div><dt>{ "Code" }</dt><dd><code>{ code.clone() }</code>
                    if let Some(s) = e.http_status() { { format!(" (HTTP {s})") } }
                </dd></div>
                if !message.is_empty() {
                    <div><dt>{ if e.zoho().is_some() { "Zoho says" } else { "Details" } }</dt>
                        <dd data-testid="error-message">{ message }</dd></div>
                }
                <div><dt>{ "What to do" }</dt><dd data-testid="error-resolution">{ e.resolution() }</dd></div>
            </dl>
            if code == "NETWORK" && props.direct {
                <p data-testid="error-proxy-hint">
                    { "The browser could not reach the API. If the network is fine, the API probably refused this page's cross-origin request (CORS): Zoho allows it only for client-based apps. Run " }
                    <code>{ "bulkwatch proxy" }</code>
                    { " and enter its URL in the Proxy field." }
                </p>
            }
            if let Some(next) = &props.next {
                <p class="bw-muted">{ next.clone() }</p>
            }
        </section>
    }
}
