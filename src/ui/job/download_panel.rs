//! The result file: a download button once the job is COMPLETED (fetched with the token and
//! saved under its `Content-Disposition` name), a curl command with a token placeholder, or — for
//! a URL the core refuses — the raw URL as inert text with the reason (never a link).

use yew::prelude::*;

use crate::ui::copy_button::CopyButton;
use crate::ui::target::DownloadPlan;
use bulkwatch_core::download::curl_command;
use bulkwatch_core::model::JobStatus;
use bulkwatch_core::BwError;

/// Where a download stands.
#[derive(Debug, Clone, PartialEq)]
pub enum DownloadState {
    Idle,
    Fetching,
    Saved { name: String },
    Failed(BwError),
}

/// Props of [`DownloadPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct DownloadPanelProps {
    /// `None` until the job has a `download_url` (only once COMPLETED).
    pub plan: Option<DownloadPlan>,
    pub state: DownloadState,
    /// Start the download (the container owns the fetch).
    pub on_download: Callback<()>,
    /// A token is held (without one the button explains why it is disabled).
    pub has_token: bool,
    /// The job's status, so a finished job without a file is not told to wait for one.
    #[prop_or_default]
    pub status: Option<JobStatus>,
}

/// The download panel (`data-part="download"`).
#[function_component]
pub fn DownloadPanel(props: &DownloadPanelProps) -> Html {
    let body = match &props.plan {
        None => html! {
            <p class="bw-muted" data-testid="download-none">{ match &props.status {
                Some(JobStatus::Completed) => "Zoho gave no result file for this job.",
                Some(JobStatus::Failed) => "Zoho gave no result file for this failed job; the explanation above says what is known.",
                _ => "The result file can be downloaded here once the job has completed.",
            } }</p>
        },
        Some(DownloadPlan::Refused { raw, reason }) => html! {
            <p class="bw-warn" data-testid="download-unsafe">
                <span aria-hidden="true">{ "⚠ " }</span>
                { "This download link was refused and will not be opened: " }
                <code class="bw-break">{ raw.clone() }</code>
                { format!(" — {reason}") }
            </p>
        },
        Some(DownloadPlan::NotViaProxy { resolved, reason }) => html! {
            <>
                <p class="bw-warn" data-testid="download-not-via-proxy">
                    { format!("The proxy cannot carry this download ({reason}). Use the curl command below, or watch the job without the proxy.") }
                </p>
                <div class="bw-curl">
                    <pre class="bw-pre"><code data-testid="download-curl">{ curl_command(resolved) }</code></pre>
                    <CopyButton text={curl_command(resolved)} label="Copy curl command" />
                </div>
            </>
        },
        Some(DownloadPlan::Fetch { resolved, .. }) => {
            let onclick = {
                let go = props.on_download.clone();
                Callback::from(move |_: MouseEvent| go.emit(()))
            };
            let busy = props.state == DownloadState::Fetching;
            let curl = curl_command(resolved);
            html! {
                <>
                    <p>
                        <button type="button" class="bw-btn bw-btn--primary" data-testid="download"
                            disabled={busy || !props.has_token} aria-busy={busy.to_string()} {onclick}>
                            { if busy { "Downloading…" } else { "Download result file" } }
                        </button>
                        { " " }
                        <span class="bw-muted" aria-live="polite" data-testid="download-state">{
                            match &props.state {
                                DownloadState::Idle if !props.has_token => "Paste a token to download.".to_string(),
                                DownloadState::Idle => String::new(),
                                DownloadState::Fetching => "Fetching the file…".into(),
                                DownloadState::Saved { name } => format!("Saved as {name}."),
                                DownloadState::Failed(e) => format!("Download failed: {} ({}). {}", e.title(), e.code(), e.resolution()),
                            }
                        }</span>
                    </p>
                    <div class="bw-curl">
                        <span class="bw-small">{ "Or with curl (put your token in place of the placeholder):" }</span>
                        <pre class="bw-pre"><code data-testid="download-curl">{ curl.clone() }</code></pre>
                        <CopyButton text={curl} label="Copy curl command" />
                    </div>
                </>
            }
        }
    };
    html! {
        <section class="bw-download" data-part="download" part="download">
            <h3 class="bw-h3">{ "Result file" }</h3>
            { body }
        </section>
    }
}
