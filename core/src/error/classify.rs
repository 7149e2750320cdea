//! Sorting a raw body into what it is before trying to read it as a job: empty, an HTML page,
//! plain text, cut-off JSON, malformed JSON, or a JSON value. Also the short, single-line snippet
//! of a body that errors carry (so a person sees what came back without a wall of markup), and
//! the mapping from what a body is (under which HTTP status) to its [`BwError`].

use super::{BodyKind, BwError, ScalarKind, ZohoError};
use crate::wire::{WireErrorBody, WireLinkError};
use serde_json::error::Category;

/// The longest snippet kept in an error, in characters.
pub const SNIPPET_CHARS: usize = 160;

/// What a body turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    Empty,
    Html {
        title: Option<String>,
        snippet: String,
    },
    Text {
        snippet: String,
    },
    Truncated {
        line: usize,
        column: usize,
        message: String,
    },
    Invalid {
        line: usize,
        column: usize,
        message: String,
    },
    Json(serde_json::Value),
}

/// Sorts a body. Never panics, whatever the bytes.
pub(crate) fn classify(body: &[u8]) -> Body {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let first = body.iter().copied().find(|b| !b.is_ascii_whitespace());
    let Some(first) = first else {
        return Body::Empty;
    };
    if first == b'<' {
        return Body::Html {
            title: html_title(body),
            snippet: snippet(body),
        };
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => Body::Json(value),
        Err(e) if e.classify() == Category::Eof => Body::Truncated {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        },
        // Looks like JSON (an object or array opener) but breaks its grammar: malformed JSON,
        // e.g. Zoho's doc samples pasted verbatim. Anything else is plain text.
        Err(e) if matches!(first, b'{' | b'[') => Body::Invalid {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        },
        Err(_) => Body::Text {
            snippet: snippet(body),
        },
    }
}

/// The start of a body as one line of text: invalid UTF-8 replaced, control characters and runs
/// of whitespace collapsed to one space, cut at [`SNIPPET_CHARS`] with an ellipsis.
pub fn snippet(body: &[u8]) -> String {
    // Look at no more than needed: a few bytes per character is plenty.
    let head = &body[..body.len().min(SNIPPET_CHARS * 4 + 4)];
    one_line(&String::from_utf8_lossy(head), SNIPPET_CHARS)
}

/// Collapses whitespace and control characters to single spaces, trims, and cuts at `max` chars.
pub fn one_line(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if count + usize::from(pending_space) >= max {
            out.push('…');
            return out;
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
    }
    out
}

/// The text of an HTML page's `<title>`, if it has a non-empty one near the top.
fn html_title(body: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&body[..body.len().min(8192)]);
    let lower = head.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    // ASCII lower-casing keeps byte offsets, so they index `head` too.
    let title = one_line(head.get(start..end)?, SNIPPET_CHARS);
    (!title.is_empty()).then_some(title)
}

fn is_success(status: u16) -> bool {
    (200..=299).contains(&status)
}

/// Where a body that is JSON goes before anyone tries it as a job: Zoho's error body, the
/// download host's link error, or (for a non-2xx status) a plain HTTP error. `None` means
/// "a 2xx JSON value: go on and decode it".
pub(crate) fn classify_json(http_status: u16, value: &serde_json::Value) -> Option<BwError> {
    if let Some(body) = WireErrorBody::from_value(value) {
        let z = ZohoError::from_wire(http_status, body);
        return Some(if is_success(http_status) {
            BwError::ZohoErrorIn2xx(z)
        } else {
            BwError::Zoho(z)
        });
    }
    if let Some(link) = WireLinkError::from_value(value) {
        return Some(BwError::ExpiredDownloadLink {
            http_status,
            info: link.info,
            x_info: link.x_info,
        });
    }
    if !is_success(http_status) {
        return Some(BwError::Http {
            status: http_status,
            body: BodyKind::Json,
            snippet: one_line(&value.to_string(), SNIPPET_CHARS),
        });
    }
    None
}

/// A body that is not JSON at all, or broken JSON: the variant for it. Non-2xx statuses become
/// [`BwError::Http`] (the status is the headline), 2xx the matching `Decode*` variant.
fn classify_non_json(http_status: u16, body: Body) -> Result<serde_json::Value, BwError> {
    if let Body::Json(v) = body {
        return Ok(v);
    }
    if !is_success(http_status) {
        let (kind, snip) = match body {
            Body::Empty => (BodyKind::Empty, String::new()),
            Body::Html { snippet, .. } => (BodyKind::Html, snippet),
            Body::Text { snippet } => (BodyKind::Text, snippet),
            Body::Truncated { message, .. } | Body::Invalid { message, .. } => {
                (BodyKind::Text, one_line(&message, SNIPPET_CHARS))
            }
            Body::Json(_) => (BodyKind::Json, String::new()),
        };
        return Err(BwError::Http {
            status: http_status,
            body: kind,
            snippet: snip,
        });
    }
    Err(match body {
        Body::Empty => BwError::DecodeEmpty,
        Body::Html { title, snippet } => BwError::DecodeHtml { title, snippet },
        Body::Text { snippet } => BwError::DecodeNotJson { snippet },
        Body::Truncated {
            line,
            column,
            message,
        } => BwError::DecodeTruncated {
            line,
            column,
            message,
        },
        Body::Invalid {
            line,
            column,
            message,
        } => BwError::DecodeInvalidJson {
            line,
            column,
            message,
        },
        // Handled above; kept total without a panic.
        Body::Json(_) => BwError::DecodeEmpty,
    })
}

/// Sorts a body into a JSON value or the error it is.
pub(crate) fn parse_body(http_status: u16, body: &[u8]) -> Result<serde_json::Value, BwError> {
    classify_non_json(http_status, classify(body))
}

/// The error carried by a failed answer from any Zoho endpoint (job details, result download):
/// Zoho's error body, the expired-link body, or what else came back. For a 2xx body that is not
/// an error body this says why it cannot be used (empty, HTML, …, or `DecodeShape` if it is
/// JSON that the caller did not expect).
pub fn classify_failure(http_status: u16, body: &[u8]) -> BwError {
    match parse_body(http_status, body) {
        Err(e) => e,
        Ok(value) => classify_json(http_status, &value).unwrap_or_else(|| unexpected_json(&value)),
    }
}

/// The variant for a 2xx JSON value that is not the object expected.
pub(crate) fn unexpected_json(value: &serde_json::Value) -> BwError {
    use serde_json::Value;
    match value {
        Value::Array(items) => BwError::DecodeArray { len: items.len() },
        Value::Null => BwError::DecodeScalar {
            kind: ScalarKind::Null,
        },
        Value::Bool(_) => BwError::DecodeScalar {
            kind: ScalarKind::Bool,
        },
        Value::Number(_) => BwError::DecodeScalar {
            kind: ScalarKind::Number,
        },
        Value::String(_) => BwError::DecodeScalar {
            kind: ScalarKind::String,
        },
        Value::Object(_) => BwError::DecodeShape {
            path: ".".into(),
            message: "not the object expected here".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_collapses_and_cuts() {
        assert_eq!(one_line("  a\n\t b\r\n", 10), "a b");
        assert_eq!(one_line("abcdef", 3), "abc…");
        assert_eq!(one_line("ab cd", 4), "ab c…");
        assert_eq!(one_line("\u{0}x\u{7f}y", 10), "x y");
    }

    #[test]
    fn html_title_is_found_case_insensitively() {
        let page = b"<!DOCTYPE html><HTML><head><TITLE> 502 Bad\nGateway </TITLE></head>";
        assert_eq!(html_title(page).as_deref(), Some("502 Bad Gateway"));
        assert_eq!(html_title(b"<html><title></title>"), None);
        assert_eq!(html_title(b"<html><title>never closed"), None);
    }

    #[test]
    fn bom_and_whitespace_are_skipped() {
        assert_eq!(classify(b"\xEF\xBB\xBF \n "), Body::Empty);
        assert!(matches!(classify(b"\xEF\xBB\xBF{}"), Body::Json(_)));
    }
}
