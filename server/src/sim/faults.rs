//! Faults a scenario injects into job-details answers: latency, a connection dropped mid-body,
//! truncated JSON, an HTML page with 200, a burst of 5xx, a 429 storm, a steady 500. Each answer
//! carries a [`FaultTag`] so the request log says what was done.

use std::io;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use super::errors::ZohoError;
use super::log::FaultTag;
use super::plan::Fault;

/// What to do with one details answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Answer normally.
    Normal,
    /// Wait this many unscaled ms, then answer normally.
    Delay(u64),
    /// Send half the body, then drop the connection.
    DropMidBody,
    /// Send the first half of the JSON as a complete response.
    Truncate,
    /// Answer with this response instead of the job.
    Replace(Replacement),
}

/// A canned answer replacing the job's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replacement {
    Html200,
    InternalError,
    BadGateway,
    Unavailable,
    GatewayTimeout,
    TooMany {
        retry_after_s: u64,
    },
    /// 404 `RESOURCE_NOT_FOUND` in Zoho's wording, without `"status": "error"`.
    NotFoundWithoutStatus,
}

/// Decides the fate of poll number `poll` (1-based) of a job carrying `fault`.
pub fn decide(fault: Option<Fault>, poll: u64) -> Decision {
    let every = |n: u64| n > 0 && poll % n == 0;
    match fault {
        None => Decision::Normal,
        Some(Fault::Latency { ms }) => Decision::Delay(ms),
        Some(Fault::DropMidBody { every: n }) if every(n) => Decision::DropMidBody,
        Some(Fault::TruncatedJson { every: n }) if every(n) => Decision::Truncate,
        Some(Fault::Html200 { every: n }) if every(n) => Decision::Replace(Replacement::Html200),
        Some(Fault::Burst5xx { from, count }) if poll >= from && poll < from + count => {
            let which = [
                Replacement::InternalError,
                Replacement::BadGateway,
                Replacement::Unavailable,
                Replacement::GatewayTimeout,
            ];
            Decision::Replace(which[((poll - from) % 4) as usize])
        }
        Some(Fault::Storm429 {
            from,
            count,
            retry_after_s,
        }) if poll >= from && poll < from + count => {
            Decision::Replace(Replacement::TooMany { retry_after_s })
        }
        Some(Fault::InternalError) => Decision::Replace(Replacement::InternalError),
        Some(Fault::ErrorWithoutStatus) => Decision::Replace(Replacement::NotFoundWithoutStatus),
        Some(_) => Decision::Normal,
    }
}

fn tagged(mut resp: Response, tag: &'static str) -> Response {
    resp.extensions_mut().insert(FaultTag(tag));
    resp
}

const HTML_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Zoho CRM - Maintenance</title></head>\
<body><h1>We'll be back soon</h1><p>Zoho CRM is undergoing scheduled maintenance. \
Please try again in a few minutes.</p></body></html>\n";

fn html(status: StatusCode, title: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html>\n<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>\n"
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html;charset=UTF-8")],
        body,
    )
        .into_response()
}

/// The canned response for a replacement.
pub fn replacement(r: Replacement) -> Response {
    match r {
        Replacement::Html200 => tagged(
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/html;charset=UTF-8")],
                HTML_PAGE,
            )
                .into_response(),
            "html-200",
        ),
        Replacement::InternalError => tagged(
            ZohoError::internal_error().into_response(),
            "internal-error",
        ),
        Replacement::BadGateway => tagged(
            html(StatusCode::BAD_GATEWAY, "502 Bad Gateway"),
            "burst-5xx",
        ),
        Replacement::Unavailable => tagged(
            html(
                StatusCode::SERVICE_UNAVAILABLE,
                "503 Service Temporarily Unavailable",
            ),
            "burst-5xx",
        ),
        Replacement::GatewayTimeout => {
            tagged(StatusCode::GATEWAY_TIMEOUT.into_response(), "burst-5xx")
        }
        Replacement::TooMany { retry_after_s } => tagged(
            ZohoError::too_many_requests(retry_after_s).into_response(),
            "storm-429",
        ),
        Replacement::NotFoundWithoutStatus => tagged(
            ZohoError::resource_not_found()
                .without_status()
                .into_response(),
            "error-without-status",
        ),
    }
}

/// A 200 JSON answer announcing the full length, whose body stops halfway with an error, so
/// the server drops the connection mid-body.
pub fn drop_mid_body(json: String) -> Response {
    let full_len = json.len();
    let bytes = Bytes::from(json);
    let half = bytes.slice(..full_len / 2);
    let stream = futures_util::stream::unfold(0u8, move |step| {
        let half = half.clone();
        async move {
            match step {
                0 => Some((Ok::<Bytes, io::Error>(half), 1)),
                1 => {
                    // Give the first half a moment to reach the socket before the drop.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    Some((
                        Err(io::Error::new(
                            io::ErrorKind::ConnectionAborted,
                            "simulated connection drop",
                        )),
                        2,
                    ))
                }
                _ => None,
            }
        }
    });
    let resp = Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json;charset=UTF-8")
        .header(header::CONTENT_LENGTH, full_len)
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
    tagged(resp, "drop-mid-body")
}

/// A complete 200 answer whose JSON stops halfway.
pub fn truncated(json: String) -> Response {
    let mut cut = json.len() / 2;
    while !json.is_char_boundary(cut) {
        cut -= 1;
    }
    let body = json[..cut].to_string();
    tagged(
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
            body,
        )
            .into_response(),
        "truncated-json",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let f = Some(Fault::Burst5xx { from: 2, count: 4 });
        let seq: Vec<Decision> = (1..=7).map(|p| decide(f, p)).collect();
        assert_eq!(seq[0], Decision::Normal);
        assert_eq!(seq[1], Decision::Replace(Replacement::InternalError));
        assert_eq!(seq[4], Decision::Replace(Replacement::GatewayTimeout));
        assert_eq!(seq[5], Decision::Normal);
        assert_eq!(
            decide(Some(Fault::DropMidBody { every: 2 }), 1),
            Decision::Normal
        );
        assert_eq!(
            decide(Some(Fault::DropMidBody { every: 2 }), 4),
            Decision::DropMidBody
        );
        assert_eq!(
            decide(Some(Fault::Html200 { every: 3 }), 3),
            Decision::Replace(Replacement::Html200)
        );
        assert_eq!(
            decide(Some(Fault::Latency { ms: 5 }), 1),
            Decision::Delay(5)
        );
        assert_eq!(decide(None, 1), Decision::Normal);
    }
}
