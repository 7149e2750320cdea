//! The OAuth token a person pastes: held in memory only. No `Display`, no `Serialize`, and a
//! `Debug` that never shows it, so it cannot leak into logs, URLs, storage or error text.

use std::fmt;
use std::rc::Rc;

/// An access token, kept in memory for this page's lifetime (or until "forget token").
#[derive(Clone, PartialEq, Eq)]
pub struct Token(Rc<str>);

impl Token {
    /// Wraps a pasted token; surrounding whitespace is dropped, an empty paste is no token.
    /// A `Zoho-oauthtoken ` prefix (copied from a header) is dropped too.
    pub fn new(raw: &str) -> Option<Token> {
        let raw = raw.trim();
        let raw = raw
            .strip_prefix("Zoho-oauthtoken")
            .map(str::trim_start)
            .unwrap_or(raw);
        if raw.is_empty() || raw.chars().any(char::is_control) {
            None
        } else {
            Some(Token(Rc::from(raw)))
        }
    }

    /// The `Authorization` header value Zoho expects. Only the network layer calls this.
    pub fn authorization(&self) -> String {
        format!("Zoho-oauthtoken {}", self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let t = Token::new("  1000.secret.value ").unwrap();
        assert_eq!(format!("{t:?}"), "Token(<redacted>)");
        assert!(!format!("{:?}", Some(t.clone())).contains("secret"));
        assert_eq!(t.authorization(), "Zoho-oauthtoken 1000.secret.value");
    }

    #[test]
    fn header_prefix_and_blank_input() {
        let t = Token::new("Zoho-oauthtoken 1000.abc").unwrap();
        assert_eq!(t.authorization(), "Zoho-oauthtoken 1000.abc");
        assert!(Token::new("   ").is_none());
        assert!(Token::new("a\nb").is_none());
    }
}
