//! The router: Zoho's routes (job details for v2–v8, create, upload, result download), the
//! simulator's own `/__sim/` routes, static files for the demo, Zoho-like CORS and the request
//! log around everything. Anything else answers `INVALID_URL_PATTERN`; another method on a
//! Zoho route answers `INVALID_REQUEST_METHOD`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tower::ServiceExt;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer, ExposeHeaders};
use tower_http::services::ServeDir;

use super::config::parse_version_segment;
use super::errors::{self, ZohoError};
use super::extract::{ApiVersion, BulkScope, Spent};
use super::faults::{self, Decision};
use super::log::{self, FaultTag};
use super::shapes::{download_url, job_details, ShapeOpts};
use super::{create, result_zip, simroutes, upload, SimState};

/// The policy the simulator's pages (the standalone page and the examples) are served under, as
/// a response header: `index.html`'s meta policy, word for word (a test holds them together),
/// plus `frame-ancestors 'none'`, which only a header can carry — no other site may frame the
/// page (clickjacking the token field or the "send my token there?" confirmation).
pub const PAGE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self' https: http://127.0.0.1:* \
     http://localhost:*; object-src 'none'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// Builds the whole router over shared state.
pub fn router(state: Arc<SimState>) -> Router {
    let upload_limit = upload::MAX_UPLOAD_BYTES + 256 * 1024;
    Router::new()
        .route(
            "/crm/bulk/{version}/write/{job_id}",
            get(details).fallback(wrong_method),
        )
        .route(
            "/crm/bulk/{version}/write",
            post(create::create).fallback(wrong_method),
        )
        .route(
            "/crm/{version}/upload",
            post(upload::upload)
                .fallback(wrong_method)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/{version}/crm/{org}/bulk-write/{job_id}/{file}",
            get(result_zip::download).fallback(wrong_method),
        )
        .merge(simroutes::routes())
        .merge(super::accounts::routes())
        .fallback(fallback)
        .layer(middleware::from_fn_with_state(state.clone(), errors::shape))
        .layer(cors(&state.config.allow_origins))
        .layer(middleware::from_fn_with_state(state.clone(), log::record))
        .with_state(state)
}

fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter(|o| o.as_str() != "*")
        .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
        // Zoho's exact list is unknown; echoing what the browser asks for keeps any client's
        // preflight (Authorization, feature, X-CRM-ORG, custom headers) working.
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers(ExposeHeaders::list([
            header::RETRY_AFTER,
            header::CONTENT_DISPOSITION,
            header::CONTENT_TYPE,
        ]))
        .max_age(Duration::from_secs(600))
}

/// Another method on a Zoho route; a bad version still reads as a bad URL first.
async fn wrong_method(params: Option<Path<HashMap<String, String>>>) -> Response {
    let version_ok = params
        .as_ref()
        .and_then(|Path(p)| p.get("version"))
        .is_none_or(|v| parse_version_segment(v).is_some());
    if version_ok {
        ZohoError::invalid_request_method().into_response()
    } else {
        ZohoError::invalid_url_pattern().into_response()
    }
}

/// `GET /crm/bulk/{version}/write/{job_id}`.
async fn details(
    State(state): State<Arc<SimState>>,
    ApiVersion(version): ApiVersion,
    _spent: Spent<BulkScope>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Response {
    let Ok(Path((_, job_id))) = path else {
        return ZohoError::invalid_url_pattern().into_response();
    };
    let Some(job) = state.jobs.get(&job_id) else {
        return ZohoError::resource_not_found().into_response();
    };
    let decision = faults::decide(job.behaviour.fault, job.next_poll());
    match decision {
        Decision::Replace(r) => return faults::replacement(r),
        Decision::Delay(ms) => state.clock.sleep_elapsed(ms).await,
        Decision::Normal | Decision::DropMidBody | Decision::Truncate => {}
    }
    let snap = job.snapshot(state.clock.sim_ms());
    let opts = ShapeOpts::new(&state.config, version);
    let body = job_details(&job, &snap, &opts, &download_url(&job, &state.config)).to_string();
    match decision {
        Decision::DropMidBody => faults::drop_mid_body(body),
        Decision::Truncate => faults::truncated(body),
        _ => {
            let mut resp = json_response(body);
            if let Decision::Delay(_) = decision {
                resp.extensions_mut().insert(FaultTag("latency"));
            }
            resp
        }
    }
}

/// A 200 JSON answer with Zoho's content type.
pub fn json_response(body: String) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
        body,
    )
        .into_response()
}

const HOME_TEXT: &str = "bulkwatch simulate: a simulator of Zoho CRM's Bulk Write API.\n\n\
Routes: GET /crm/bulk/{version}/write/{job_id}, POST /crm/bulk/{version}/write,\n\
POST /crm/{version}/upload, GET /{version}/crm/{org}/bulk-write/{job}/{job}.zip.\n\
Simulator routes: GET /__sim/scenarios, POST /__sim/jobs, GET /__sim/jobs, GET /__sim/log,\n\
POST /__sim/log/clear, GET /__sim/callbacks, GET /__sim/clock, POST /__sim/clock/advance,\n\
GET /__sim/demo.\n\nStart with --static-dir DIR to serve the widget's page here.\n";

async fn fallback(State(state): State<Arc<SimState>>, req: Request) -> Response {
    let path = req.uri().path();
    let api_like = path.starts_with("/crm/") || path == "/crm" || path.starts_with("/__sim");
    if !api_like {
        if let Some(dir) = &state.config.static_dir {
            let serve = ServeDir::new(dir).append_index_html_on_directories(true);
            let Ok(resp) = serve.oneshot(req).await;
            let mut resp = resp.map(Body::new);
            let is_html = resp
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html"));
            if is_html {
                resp.headers_mut().insert(
                    HeaderName::from_static("content-security-policy"),
                    HeaderValue::from_static(PAGE_CSP),
                );
            }
            return resp;
        }
        if path == "/" && (req.method() == Method::GET || req.method() == Method::HEAD) {
            return (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/plain;charset=UTF-8")],
                HOME_TEXT,
            )
                .into_response();
        }
    }
    ZohoError::invalid_url_pattern().into_response()
}
