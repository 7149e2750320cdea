//! The standalone page's tokens: at most one per API origin (a data centre or a custom origin),
//! in memory only, shared by the job view, the watch list and sign-in. The page owns one
//! [`TokenMap`] as a reducer; its views read the token for their origin and report a token typed,
//! forgotten or refused as a [`TokenChange`]. Nothing here is ever serialised, and `Debug` shows
//! origins only (a [`Token`]'s own `Debug` is redacted).

use std::collections::BTreeMap;
use std::rc::Rc;

use bulkwatch_core::endpoint::ApiOrigin;

use crate::token::Token;

/// The page's tokens by API origin. Cheap to clone (views get it as a prop).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TokenMap {
    by_origin: Rc<BTreeMap<String, Token>>,
}

/// What a view tells the page about the token for one API origin.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenChange {
    /// A token was typed (or signed in, or given by the simulator's demo): it replaces the one
    /// held for that origin.
    Use { origin: String, token: Token },
    /// "Forget token": the origin has no token anywhere on the page any more.
    Forget { origin: String },
    /// The API refused this token (401): it is dropped, unless a newer one already replaced it
    /// (a late refusal must not throw away the token typed since).
    Rejected { origin: String, token: Token },
}

impl TokenChange {
    /// A token to use for `origin`.
    pub fn put(origin: &ApiOrigin, token: Token) -> TokenChange {
        TokenChange::Use {
            origin: origin.origin_string(),
            token,
        }
    }

    /// Forget `origin`'s token.
    pub fn forget(origin: &ApiOrigin) -> TokenChange {
        TokenChange::Forget {
            origin: origin.origin_string(),
        }
    }

    /// `origin` refused `token`.
    pub fn rejected(origin: &ApiOrigin, token: Token) -> TokenChange {
        TokenChange::Rejected {
            origin: origin.origin_string(),
            token,
        }
    }
}

/// One spelling per origin: an origin that parses is keyed as the core writes it (so
/// `HTTPS://WWW.ZOHOAPIS.EU/` and `https://www.zohoapis.eu` share a token); text that does not
/// parse keeps its own key, which nothing valid can match.
fn key(origin: &str) -> String {
    ApiOrigin::parse(origin.trim())
        .map(|o| o.origin_string())
        .unwrap_or_else(|_| origin.trim().to_string())
}

impl TokenMap {
    /// A map holding `token` for `origin` (the page's first token: a sign-in, the sample).
    pub fn with(origin: &ApiOrigin, token: Token) -> TokenMap {
        let mut map = TokenMap::default();
        map.apply(TokenChange::put(origin, token));
        map
    }

    /// The token held for an origin (as `ApiOrigin::origin_string` or a watch entry writes it).
    pub fn get(&self, origin: &str) -> Option<&Token> {
        self.by_origin.get(&key(origin))
    }

    /// The token held for `origin`.
    pub fn for_origin(&self, origin: &ApiOrigin) -> Option<&Token> {
        self.by_origin.get(&origin.origin_string())
    }

    /// The origins that have a token, in order.
    pub fn origins(&self) -> impl Iterator<Item = &str> {
        self.by_origin.keys().map(String::as_str)
    }

    /// Applies a change; says whether anything changed.
    pub fn apply(&mut self, change: TokenChange) -> bool {
        match change {
            TokenChange::Use { origin, token } => {
                let k = key(&origin);
                if self.by_origin.get(&k) == Some(&token) {
                    return false;
                }
                Rc::make_mut(&mut self.by_origin).insert(k, token);
                true
            }
            TokenChange::Forget { origin } => {
                let k = key(&origin);
                self.by_origin.contains_key(&k)
                    && Rc::make_mut(&mut self.by_origin).remove(&k).is_some()
            }
            TokenChange::Rejected { origin, token } => {
                let k = key(&origin);
                if self.by_origin.get(&k) == Some(&token) {
                    Rc::make_mut(&mut self.by_origin).remove(&k);
                    true
                } else {
                    false
                }
            }
        }
    }
}

impl yew::Reducible for TokenMap {
    type Action = TokenChange;

    /// The same `Rc` when nothing changed, so nothing re-renders.
    fn reduce(self: Rc<Self>, change: TokenChange) -> Rc<Self> {
        let mut next = (*self).clone();
        if next.apply(change) {
            Rc::new(next)
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yew::Reducible;

    fn origin(s: &str) -> ApiOrigin {
        ApiOrigin::parse(s).expect("a test origin")
    }

    fn token(s: &str) -> Token {
        Token::new(s).expect("a test token")
    }

    #[test]
    fn one_token_per_origin_the_newest_wins() {
        let eu = origin("https://www.zohoapis.eu");
        let local = origin("http://127.0.0.1:8080");
        let mut map = TokenMap::with(&eu, token("first"));
        assert!(map.apply(TokenChange::put(&local, token("local"))));
        assert!(map.apply(TokenChange::put(&eu, token("second"))));
        assert_eq!(map.for_origin(&eu), Some(&token("second")));
        assert_eq!(map.get("http://127.0.0.1:8080"), Some(&token("local")));
        assert_eq!(
            map.origins().collect::<Vec<_>>(),
            ["http://127.0.0.1:8080", "https://www.zohoapis.eu"]
        );
        // The same token again changes nothing.
        assert!(!map.apply(TokenChange::put(&eu, token("second"))));
        // Another data centre has none.
        assert_eq!(map.for_origin(&origin("https://www.zohoapis.com")), None);
    }

    #[test]
    fn origins_are_keyed_as_the_core_writes_them() {
        let mut map = TokenMap::default();
        map.apply(TokenChange::Use {
            origin: " HTTPS://WWW.ZOHOAPIS.EU/ ".into(),
            token: token("t"),
        });
        assert_eq!(
            map.for_origin(&origin("https://www.zohoapis.eu")),
            Some(&token("t"))
        );
        assert_eq!(map.get("https://www.zohoapis.eu"), Some(&token("t")));
        // Text that is no origin matches nothing valid.
        map.apply(TokenChange::Use {
            origin: "not an origin".into(),
            token: token("u"),
        });
        assert_eq!(map.origins().count(), 2);
        assert_eq!(map.get("not an origin"), Some(&token("u")));
    }

    #[test]
    fn forgetting_clears_that_origin_only() {
        let (eu, us) = (
            origin("https://www.zohoapis.eu"),
            origin("https://www.zohoapis.com"),
        );
        let mut map = TokenMap::with(&eu, token("e"));
        map.apply(TokenChange::put(&us, token("u")));
        assert!(map.apply(TokenChange::forget(&eu)));
        assert_eq!(map.for_origin(&eu), None);
        assert_eq!(map.for_origin(&us), Some(&token("u")));
        assert!(!map.apply(TokenChange::forget(&eu)));
    }

    #[test]
    fn a_refused_token_goes_but_a_newer_one_stays() {
        let eu = origin("https://www.zohoapis.eu");
        let mut map = TokenMap::with(&eu, token("old"));
        // A late 401 for a token already replaced leaves the new one alone.
        map.apply(TokenChange::put(&eu, token("new")));
        assert!(!map.apply(TokenChange::rejected(&eu, token("old"))));
        assert_eq!(map.for_origin(&eu), Some(&token("new")));
        // A 401 for the held token drops it: it is not offered again.
        assert!(map.apply(TokenChange::rejected(&eu, token("new"))));
        assert_eq!(map.for_origin(&eu), None);
        // The next token typed replaces it.
        map.apply(TokenChange::put(&eu, token("newest")));
        assert_eq!(map.for_origin(&eu), Some(&token("newest")));
    }

    #[test]
    fn the_reducer_keeps_the_same_map_when_nothing_changes() {
        let eu = origin("https://www.zohoapis.eu");
        let map = Rc::new(TokenMap::with(&eu, token("t")));
        let same = map.clone().reduce(TokenChange::put(&eu, token("t")));
        assert!(Rc::ptr_eq(&map, &same));
        let same = map
            .clone()
            .reduce(TokenChange::forget(&origin("https://www.zohoapis.com")));
        assert!(Rc::ptr_eq(&map, &same));
        let changed = map.clone().reduce(TokenChange::forget(&eu));
        assert!(!Rc::ptr_eq(&map, &changed) && changed.origins().next().is_none());
    }

    #[test]
    fn debug_names_origins_never_tokens() {
        let mut map = TokenMap::with(&origin("https://www.zohoapis.eu"), token("1000.secret"));
        map.apply(TokenChange::put(
            &origin("http://127.0.0.1:9"),
            token("1000.other"),
        ));
        let shown = format!(
            "{map:?} {:?}",
            TokenChange::put(&origin("http://127.0.0.1:9"), token("1000.third"))
        );
        assert!(shown.contains("zohoapis.eu"), "{shown}");
        assert!(!shown.contains("1000."), "{shown}");
    }
}
