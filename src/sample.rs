//! The built-in sample: a transport that answers like Zoho for one job, walking through the
//! seed's three sample responses (ADDED → INPROGRESS → COMPLETED) and serving a tiny zip, so the
//! page can show a live job with no server and no token. Enabled by `#sample` in the URL.
//!
//! The sample page says so: [`StandaloneRoot`] puts a visible notice above it
//! (`sample-notice`) and gives the views a [`SampleData`] context, under which no request count
//! is shown (no request is made: the answers come from this file).

use std::cell::Cell;

use yew::prelude::*;

use crate::net::{HttpRequest, HttpResponse, LocalFuture, NetError, Transport};
use crate::ui::support::page::{SupportPage, SupportPageProps};

/// Present (as a Yew context) when the page shows the built-in sample, not answers from Zoho.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleData;

/// Whether the view is part of the built-in sample.
#[hook]
pub fn use_sample_data() -> bool {
    use_context::<SampleData>().is_some()
}

/// Props of [`StandaloneRoot`].
#[derive(Properties, PartialEq, Clone)]
pub struct StandaloneRootProps {
    pub page: SupportPageProps,
    /// The page shows the built-in sample (`#sample`).
    #[prop_or_default]
    pub sample: bool,
}

/// The standalone page's root: the page itself, and for `#sample` the notice that the data is a
/// sample, with the [`SampleData`] context.
#[function_component]
pub fn StandaloneRoot(props: &StandaloneRootProps) -> Html {
    if !props.sample {
        return html! { <SupportPage ..props.page.clone() /> };
    }
    html! {
        <ContextProvider<SampleData> context={SampleData}>
            <SampleNotice />
            <SupportPage ..props.page.clone() />
        </ContextProvider<SampleData>>
    }
}

/// The visible notice that the page shows sample data.
#[function_component]
pub fn SampleNotice() -> Html {
    html! {
        <div class="bw-sample-notice" role="note" data-testid="sample-notice">
            <strong>{ "Sample data — not from Zoho." }</strong>
            { " This page replays the sample answers from Zoho's Bulk Write documentation inside \
               your browser: nothing is asked of Zoho, no token is used, and the job is not real. \
               Remove #sample from the address to watch a real job." }
        </div>
    }
}

/// The sample job's id (the seed's).
pub const SAMPLE_JOB: &str = "111111000000541958";

// The seed's three samples, as transcribed into the shared fixtures.
const ADDED: &str = include_str!("../tests/fixtures/jobs/seed_added.json");
const IN_PROGRESS: &str = include_str!("../tests/fixtures/jobs/seed_in_progress.json");
const COMPLETED: &str = include_str!("../tests/fixtures/jobs/seed_completed.json");

/// An empty zip archive (just the end-of-central-directory record).
const EMPTY_ZIP: [u8; 22] = [
    0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

/// Answers job-details requests with the seed's samples in order, and downloads with a zip.
#[derive(Debug, Default)]
pub struct SampleTransport {
    polls: Cell<u32>,
}

impl Transport for SampleTransport {
    fn send(
        &self,
        req: HttpRequest,
        _signal: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<HttpResponse, NetError>> {
        let answer = if req.url.ends_with(".zip") {
            HttpResponse {
                status: 200,
                body: EMPTY_ZIP.to_vec(),
                content_disposition: Some(format!("attachment; filename=\"{SAMPLE_JOB}.zip\"")),
                content_type: Some("application/zip".into()),
                retry_after: None,
            }
        } else {
            let n = self.polls.get();
            self.polls.set(n.saturating_add(1));
            let body = match n {
                0 => ADDED,
                1 | 2 => IN_PROGRESS,
                _ => COMPLETED,
            };
            HttpResponse {
                status: 200,
                body: body.as_bytes().to_vec(),
                content_type: Some("application/json".into()),
                ..HttpResponse::default()
            }
        };
        Box::pin(std::future::ready(Ok(answer)))
    }
}
