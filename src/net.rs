//! HTTP for the widget: one request shape, one answer shape, and the browser's `fetch` behind the
//! [`Transport`] trait so hooks can be tested against a fake. The token goes only into the
//! `Authorization` header; cookies are never sent and redirects are refused, so it cannot follow
//! a redirect to another host.

use std::future::Future;
use std::pin::Pin;

use bulkwatch_core::endpoint::{PROXY_HEADER, PROXY_HEADER_VALUE};

use crate::token::Token;

/// A boxed future that need not be `Send` (everything here runs on the page's thread).
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// One GET request. `Debug` is safe: [`Token`]'s `Debug` is redacted.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub url: String,
    /// Sent as `Authorization: Zoho-oauthtoken …` when present.
    pub token: Option<Token>,
    /// Through Bulkwatch's proxy: adds `X-Bulkwatch: 1` (the proxy requires it).
    pub via_proxy: bool,
    /// The `Accept` header.
    pub accept: &'static str,
}

/// An answer, whatever its status. Only the headers the widget reads are kept (and only those a
/// CORS answer exposes anyway).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub body: Vec<u8>,
    pub retry_after: Option<String>,
    pub content_disposition: Option<String>,
    pub content_type: Option<String>,
}

/// Why no answer arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetError {
    /// Cancelled by its owner (unmount, job change): never shown.
    Aborted,
    /// The browser could not complete the request: offline, DNS, refused, or a CORS refusal
    /// (a page cannot tell these apart).
    Network(String),
}

/// Sends requests. The browser's implementation is [`BrowserFetch`]; tests bring their own.
pub trait Transport {
    /// Sends `req`; aborting `signal` cancels it and yields [`NetError::Aborted`].
    fn send(
        &self,
        req: HttpRequest,
        signal: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<HttpResponse, NetError>>;
}

/// `window.fetch`, with `credentials: omit`, `redirect: error`, `cache: no-store`.
#[derive(Debug, Default, Clone, Copy)]
pub struct BrowserFetch;

impl Transport for BrowserFetch {
    fn send(
        &self,
        req: HttpRequest,
        signal: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<HttpResponse, NetError>> {
        Box::pin(fetch(req, signal))
    }
}

async fn fetch(
    req: HttpRequest,
    signal: Option<web_sys::AbortSignal>,
) -> Result<HttpResponse, NetError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{RequestCache, RequestCredentials, RequestInit, RequestMode, RequestRedirect};

    let aborted =
        |signal: &Option<web_sys::AbortSignal>| signal.as_ref().is_some_and(|s| s.aborted());
    let fail = |e: wasm_bindgen::JsValue, signal: &Option<web_sys::AbortSignal>| {
        if aborted(signal) {
            NetError::Aborted
        } else {
            NetError::Network(js_error_text(&e))
        }
    };

    let headers = web_sys::Headers::new().map_err(|e| fail(e, &signal))?;
    headers
        .set("Accept", req.accept)
        .map_err(|e| fail(e, &signal))?;
    if let Some(token) = &req.token {
        headers
            .set("Authorization", &token.authorization())
            .map_err(|e| fail(e, &signal))?;
    }
    if req.via_proxy {
        headers
            .set(PROXY_HEADER, PROXY_HEADER_VALUE)
            .map_err(|e| fail(e, &signal))?;
    }
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    init.set_redirect(RequestRedirect::Error);
    init.set_cache(RequestCache::NoStore);
    init.set_headers(&headers);
    if let Some(s) = &signal {
        init.set_signal(Some(s));
    }
    let window = web_sys::window().ok_or_else(|| NetError::Network("no window".into()))?;
    let answer = JsFuture::from(window.fetch_with_str_and_init(&req.url, &init))
        .await
        .map_err(|e| fail(e, &signal))?;
    let resp: web_sys::Response = answer.dyn_into().map_err(|e| fail(e, &signal))?;
    let header = |name: &str| resp.headers().get(name).ok().flatten();
    let (retry_after, content_disposition, content_type) = (
        header("Retry-After"),
        header("Content-Disposition"),
        header("Content-Type"),
    );
    let buffer = JsFuture::from(resp.array_buffer().map_err(|e| fail(e, &signal))?)
        .await
        .map_err(|e| fail(e, &signal))?;
    Ok(HttpResponse {
        status: resp.status(),
        body: js_sys::Uint8Array::new(&buffer).to_vec(),
        retry_after,
        content_disposition,
        content_type,
    })
}

/// A JS exception as text (`TypeError: Failed to fetch`). Never holds request headers.
pub fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        let name: String = err.name().into();
        let message: String = err.message().into();
        format!("{name}: {message}")
    } else {
        e.as_string().unwrap_or_else(|| "unknown failure".into())
    }
}
