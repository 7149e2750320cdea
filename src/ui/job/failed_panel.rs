//! A FAILED job explained (`data-testid="job-failed-explanation"`): what it means for records
//! already written, each failed resource's status and Zoho's own code, what to do next, and what
//! can be downloaded. The words come from the core (`failure::explain_failure`).

use bulkwatch_core::failure::explain_failure;
use bulkwatch_core::Job;
use yew::prelude::*;

/// Props of [`FailedPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct FailedPanelProps {
    pub job: std::rc::Rc<Job>,
}

/// Nothing unless Zoho said FAILED.
#[function_component]
pub fn FailedPanel(props: &FailedPanelProps) -> Html {
    let Some(e) = explain_failure(&props.job) else {
        return Html::default();
    };
    html! {
        <section class="bw-failed" data-part="failed" part="failed" data-testid="job-failed-explanation"
            aria-label={format!("Why job {} failed", props.job.id)}>
            <h3 class="bw-h3">{ "Why this job shows Failed" }</h3>
            <p data-testid="failed-written">{ e.written.clone() }</p>
            <ul class="bw-failed__resources">
                { for e.resources.iter().map(|r| html! {
                    <li data-testid="failed-resource">
                        <strong>{ r.module.clone() }</strong>{ format!(": {}", r.status) }
                        { match &r.code {
                            Some(code) => html! { <>{ ", Zoho's code " }<code data-testid="failed-code">{ code.clone() }</code></> },
                            None => html! { { ", no code from Zoho" } },
                        } }
                        { ". Zoho's job details carry no message for a resource." }
                    </li>
                }) }
            </ul>
            <h4 class="bw-failed__h">{ "What to do next" }</h4>
            <ol data-testid="failed-next">
                { for e.next_steps.iter().map(|s| html! { <li>{ s.clone() }</li> }) }
            </ol>
            <p data-testid="failed-download">{ e.download.clone() }</p>
        </section>
    }
}
