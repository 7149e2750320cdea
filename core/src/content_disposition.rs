//! The file name a download is saved under, read from a `Content-Disposition` header
//! (RFC 6266: `filename="…"`, a bare token, or RFC 5987 `filename*=UTF-8''…`, which wins) and
//! made safe to hand to the browser: no path, no control characters, no leading dots.

/// The longest name kept (in characters); longer names are cut, keeping the extension.
const MAX_NAME: usize = 120;

/// The safe file name from a `Content-Disposition` value, or `None` when it names none.
pub fn file_name(header: &str) -> Option<String> {
    let params = split_params(header);
    let extended = params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("filename*"))
        .and_then(|(_, v)| decode_ext_value(v));
    let plain = || {
        params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("filename"))
            .map(|(_, v)| v.clone())
    };
    extended
        .and_then(|n| sanitise(&n))
        .or_else(|| plain().and_then(|n| sanitise(&n)))
}

/// `file_name`, or `fallback` (for example `<job id>.zip`) when the header is absent or useless.
pub fn file_name_or(header: Option<&str>, fallback: &str) -> String {
    header
        .and_then(file_name)
        .unwrap_or_else(|| fallback.to_string())
}

/// Splits `type; k=v; k="q\"v"` into (key, unquoted value) pairs, ignoring the type.
fn split_params(header: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = header.chars().peekable();
    // Skip the disposition type.
    for c in chars.by_ref() {
        if c == ';' {
            break;
        }
    }
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ';') {
            chars.next();
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ';' {
                break;
            }
            key.push(c);
            chars.next();
        }
        if chars.peek().is_none() && key.trim().is_empty() {
            break;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                chars.next();
            }
            if chars.peek() == Some(&'"') {
                chars.next();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some(escaped) = chars.next() {
                                value.push(escaped);
                            }
                        }
                        '"' => break,
                        other => value.push(other),
                    }
                }
                // Drop anything between the closing quote and the next parameter.
                while chars.peek().is_some_and(|c| *c != ';') {
                    chars.next();
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == ';' {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
                value = value.trim().to_string();
            }
        }
        let key = key.trim().to_string();
        if !key.is_empty() {
            out.push((key, value));
        }
        if chars.peek().is_none() {
            break;
        }
    }
    out
}

/// RFC 5987 `charset'lang'pct-encoded`. UTF-8 and ISO-8859-1 are understood.
fn decode_ext_value(v: &str) -> Option<String> {
    let mut parts = v.splitn(3, '\'');
    let charset = parts.next()?.trim();
    let _lang = parts.next()?;
    let encoded = parts.next()?;
    let bytes = percent_decode(encoded)?;
    if charset.eq_ignore_ascii_case("utf-8") {
        String::from_utf8(bytes).ok()
    } else if charset.eq_ignore_ascii_case("iso-8859-1") {
        Some(bytes.into_iter().map(char::from).collect())
    } else {
        None
    }
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Keeps the last path component, drops control and reserved characters and leading dots,
/// and bounds the length.
fn sanitise(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    if cleaned.is_empty() {
        return None;
    }
    if cleaned.chars().count() <= MAX_NAME {
        return Some(cleaned);
    }
    let ext: String = match cleaned.rsplit_once('.') {
        Some((_, ext)) if ext.chars().count() <= 10 => format!(".{ext}"),
        _ => String::new(),
    };
    let stem: String = cleaned
        .chars()
        .take(MAX_NAME - ext.chars().count())
        .collect();
    Some(format!("{stem}{ext}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_bare_and_extended_names() {
        let cases = [
            ("attachment; filename=\"111.zip\"", Some("111.zip")),
            ("attachment; filename=111.zip", Some("111.zip")),
            ("attachment;filename=\"a \\\"b\\\".zip\"", Some("a b.zip")),
            (
                "attachment; filename*=UTF-8''%E2%82%AC%20rates.zip",
                Some("€ rates.zip"),
            ),
            (
                "attachment; filename=\"fallback.zip\"; filename*=UTF-8''r%C3%A9sultat.zip",
                Some("résultat.zip"),
            ),
            (
                "attachment; filename*=iso-8859-1'en'%E9t%E9.csv",
                Some("été.csv"),
            ),
            ("ATTACHMENT; FILENAME=\"Up.ZIP\"", Some("Up.ZIP")),
            ("inline", None),
            ("", None),
            ("attachment; filename=\"\"", None),
        ];
        for (header, want) in cases {
            assert_eq!(file_name(header).as_deref(), want, "header: {header}");
        }
    }

    #[test]
    fn broken_extended_value_falls_back_to_plain_name() {
        assert_eq!(
            file_name("attachment; filename*=UTF-8''%ZZ; filename=\"ok.zip\"").as_deref(),
            Some("ok.zip")
        );
        assert_eq!(
            file_name("attachment; filename*=UTF-8''%FF%FE; filename=ok.zip").as_deref(),
            Some("ok.zip")
        );
    }

    #[test]
    fn paths_and_hostile_characters_are_removed() {
        let cases = [
            ("attachment; filename=\"../../etc/passwd\"", Some("passwd")),
            (
                "attachment; filename=\"C:\\\\Windows\\\\x.zip\"",
                Some("x.zip"),
            ),
            ("attachment; filename=\"..\"", None),
            ("attachment; filename=\".hidden\"", Some("hidden")),
            (
                "attachment; filename*=UTF-8''a%0Ab%00c.zip",
                Some("abc.zip"),
            ),
            ("attachment; filename=\"<script>.zip\"", Some("script.zip")),
        ];
        for (header, want) in cases {
            assert_eq!(file_name(header).as_deref(), want, "header: {header}");
        }
    }

    #[test]
    fn long_names_keep_their_extension() {
        let long = format!("attachment; filename=\"{}.zip\"", "x".repeat(500));
        let name = file_name(&long).unwrap();
        assert_eq!(name.chars().count(), MAX_NAME);
        assert!(name.ends_with(".zip"));
    }

    #[test]
    fn fallback_when_absent() {
        assert_eq!(file_name_or(None, "42.zip"), "42.zip");
        assert_eq!(file_name_or(Some("inline"), "42.zip"), "42.zip");
        assert_eq!(
            file_name_or(Some("attachment; filename=a.zip"), "42.zip"),
            "a.zip"
        );
    }
}
