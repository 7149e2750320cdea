//! Tells what a non-zip download body is (an expired link, an HTML page…), so the error can say so.

use super::error::BodyKind;

/// Longest code or message kept from a Zoho error body: enough to recognise, short enough to show.
const MAX_SHOWN: usize = 200;

/// The zip signatures a result body can start with: a local file header, or the end record of an
/// empty archive.
pub(crate) fn looks_like_zip(body: &[u8]) -> bool {
    body.starts_with(b"PK\x03\x04") || body.starts_with(b"PK\x05\x06")
}

/// A body cut inside the 4-byte signature: still the start of a zip.
pub(crate) fn is_zip_prefix(body: &[u8]) -> bool {
    !body.is_empty() && body.len() < 4 && b"PK\x03\x04".starts_with(body)
}

/// Classifies a body that is not a zip.
pub fn classify_body(body: &[u8]) -> BodyKind {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() {
        return BodyKind::Empty;
    }
    if matches!(trimmed.first(), Some(b'{') | Some(b'[')) {
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(trimmed) {
            return classify_json(&value);
        }
    }
    if trimmed.first() == Some(&b'<') {
        return BodyKind::Html;
    }
    match std::str::from_utf8(trimmed) {
        Ok(text) if !text.chars().any(|c| c.is_control() && !c.is_whitespace()) => BodyKind::Text,
        _ => BodyKind::Binary,
    }
}

fn classify_json(value: &serde_json::Value) -> BodyKind {
    let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::trim);
    let x_info = text("x-info").unwrap_or_default().to_ascii_lowercase();
    if x_info.contains("link not valid")
        || x_info.contains("expired")
        || text("info").is_some_and(|i| i.eq_ignore_ascii_case("forbidden"))
    {
        return BodyKind::ExpiredLink;
    }
    // The same test as every other path (job details, failed downloads, `inspect`), so a body
    // is the same error wherever it arrives.
    match crate::wire::WireErrorBody::from_value(value) {
        Some(err) => BodyKind::ZohoError {
            code: shorten(err.code.trim()),
            message: shorten(err.message.trim()),
        },
        None => BodyKind::Json,
    }
}

fn shorten(s: &str) -> String {
    match s.char_indices().nth(MAX_SHOWN) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}
