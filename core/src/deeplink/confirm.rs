//! Whether a token may go to a destination without asking first. The decision is made when a
//! token is about to be sent, from where each destination came (a link, a paste, a sign-in
//! answer, or the person's own typing), never from a flag that an unrelated edit could clear.
//!
//! The rule: a destination (API origin or proxy) that came from a link, a paste or a sign-in
//! answer, is neither a Zoho API host nor the page's own origin, and has not been confirmed by
//! the person in this tab, is confirmed first. Loopback is not an exception: another port on
//! this machine is another program, which a link may name as easily as a remote host.

use url::Url;

use crate::endpoint::{ApiOrigin, ProxyBase};

/// Where a destination entered the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Typed or picked by the person (a select, a field, "this computer's API"), or set by the
    /// host page that embeds the widget.
    Typed,
    /// A deep link (`#api=…`, `#proxy=…`), including one the page rebuilt from stored state.
    Link,
    /// A pasted job URL or curl line.
    Paste,
    /// Zoho's sign-in answer (`api_domain`).
    SignIn,
}

impl Source {
    /// What the confirmation says the destination came from.
    pub fn label(self) -> &'static str {
        match self {
            Source::Typed => "typed here",
            Source::Link => "from a link",
            Source::Paste => "from a paste",
            Source::SignIn => "from the sign-in answer",
        }
    }
}

/// A place a token would be sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Destination {
    Api(ApiOrigin),
    Proxy(ProxyBase),
}

/// Something the person must confirm before a token is sent: the destination, as plain text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Confirm {
    /// An API origin that is neither Zoho's nor the page's own.
    ApiOrigin(String),
    /// A proxy that is not the page's own origin: it would see the token.
    Proxy(String),
}

impl Destination {
    /// The destination as the person is shown it (and as it is remembered once confirmed).
    pub fn confirm(&self) -> Confirm {
        match self {
            Destination::Api(o) => Confirm::ApiOrigin(o.origin_string()),
            Destination::Proxy(p) => Confirm::Proxy(p.as_str().to_string()),
        }
    }

    /// Its origin (`scheme://host[:port]`), for comparing with the page's.
    fn origin(&self) -> Option<String> {
        match self {
            Destination::Api(o) => Some(o.origin_string()),
            Destination::Proxy(p) => Url::parse(p.as_str())
                .ok()
                .map(|u| u.origin().ascii_serialization()),
        }
    }

    fn is_zoho(&self) -> bool {
        matches!(self, Destination::Api(o) if o.is_zoho())
    }
}

/// Whether `dest` is served from the page's own origin (`page_origin` as `location.origin`
/// gives it). A page's own origin already has everything the page has, the token included.
pub fn is_page_origin(dest: &Destination, page_origin: Option<&str>) -> bool {
    let page = page_origin
        .and_then(|p| Url::parse(p.trim()).ok())
        .map(|u| u.origin())
        .filter(url::Origin::is_tuple);
    match (page, dest.origin()) {
        (Some(page), Some(dest)) => page.ascii_serialization() == dest,
        _ => false,
    }
}

/// Where each destination in a form came from. A destination is remembered by its text, so
/// editing other fields, or retyping the same value, does not launder it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Provenance {
    seen: Vec<(Confirm, Source)>,
}

impl Provenance {
    /// Records that `dest` was offered by `source` (a [`Source::Typed`] one is not recorded:
    /// it is the default).
    pub fn note(&mut self, dest: &Destination, source: Source) {
        if source == Source::Typed {
            return;
        }
        let key = dest.confirm();
        if !self.seen.iter().any(|(k, _)| *k == key) {
            self.seen.push((key, source));
        }
    }

    /// Where `dest` came from: the first untrusted source that offered it, else typed.
    pub fn source_of(&self, dest: &Destination) -> Source {
        let key = dest.confirm();
        self.seen
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(Source::Typed, |(_, s)| *s)
    }
}

/// What the person has confirmed in this tab.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Confirmed(Vec<Confirm>);

impl Confirmed {
    pub fn add(&mut self, what: impl IntoIterator<Item = Confirm>) {
        for c in what {
            if !self.0.contains(&c) {
                self.0.push(c);
            }
        }
    }

    pub fn contains(&self, c: &Confirm) -> bool {
        self.0.contains(c)
    }
}

/// The rule for one destination: whether a token sent there must be confirmed first.
pub fn must_confirm(
    dest: &Destination,
    source: Source,
    page_origin: Option<&str>,
    confirmed: &Confirmed,
) -> bool {
    source != Source::Typed
        && !dest.is_zoho()
        && !is_page_origin(dest, page_origin)
        && !confirmed.contains(&dest.confirm())
}

/// What must be confirmed before a token is sent to every one of `dests`, in order.
pub fn to_confirm(
    dests: &[Destination],
    provenance: &Provenance,
    page_origin: Option<&str>,
    confirmed: &Confirmed,
) -> Vec<Confirm> {
    let mut out: Vec<Confirm> = Vec::new();
    for d in dests {
        if must_confirm(d, provenance.source_of(d), page_origin, confirmed)
            && !out.contains(&d.confirm())
        {
            out.push(d.confirm());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: Option<&str> = Some("http://127.0.0.1:8080");

    fn api(s: &str) -> Destination {
        Destination::Api(ApiOrigin::parse(s).expect(s))
    }

    fn proxy(s: &str) -> Destination {
        Destination::Proxy(ProxyBase::parse(s).expect(s))
    }

    #[test]
    fn the_rule_as_a_table() {
        use Source::*;
        let none = Confirmed::default();
        // (destination, source, page origin, must confirm)
        let table: Vec<(Destination, Source, Option<&str>, bool)> = vec![
            // Zoho's hosts never need it, whoever named them.
            (api("https://www.zohoapis.eu"), Link, PAGE, false),
            (api("https://sandbox.zohoapis.com"), Paste, None, false),
            (api("https://www.zohoapis.com.au"), SignIn, PAGE, false),
            // The page's own origin never needs it.
            (api("http://127.0.0.1:8080"), Link, PAGE, false),
            (api("http://127.0.0.1:8080/"), Paste, PAGE, false),
            (proxy("http://127.0.0.1:8080/bw"), Link, PAGE, false),
            (
                proxy("https://portal.example/bw"),
                Link,
                Some("https://portal.example"),
                false,
            ),
            // Foreign hosts from a link, a paste or a sign-in answer do.
            (api("https://evil.example"), Link, PAGE, true),
            (api("https://evil.example"), Paste, PAGE, true),
            (api("https://evil.example"), SignIn, PAGE, true),
            (proxy("https://evil.example/p"), Link, PAGE, true),
            // Zoho-looking hosts that are not Zoho's.
            (
                api("https://www.zohoapis.com.evil.example"),
                Link,
                PAGE,
                true,
            ),
            // Loopback that is not the page's own origin: another program on this machine.
            (api("http://127.0.0.1:9999"), Link, PAGE, true),
            (api("http://localhost:8080"), Link, PAGE, true),
            (proxy("http://127.0.0.1:8787"), Link, PAGE, true),
            (api("http://127.0.0.1:8080"), Link, None, true),
            (api("https://127.0.0.1:8080"), Link, PAGE, true),
            // Typed by the person: their own choice.
            (api("https://evil.example"), Typed, PAGE, false),
            (proxy("http://127.0.0.1:8787"), Typed, None, false),
        ];
        for (dest, source, page, want) in table {
            assert_eq!(
                must_confirm(&dest, source, page, &none),
                want,
                "{dest:?} {source:?} page {page:?}"
            );
        }
    }

    #[test]
    fn once_confirmed_in_this_tab_it_is_not_asked_again() {
        let mut confirmed = Confirmed::default();
        let evil = api("https://evil.example");
        assert!(must_confirm(&evil, Source::Link, PAGE, &confirmed));
        confirmed.add([evil.confirm()]);
        assert!(!must_confirm(&evil, Source::Paste, PAGE, &confirmed));
        // Only that destination: the same host as a proxy is another question.
        assert!(must_confirm(
            &proxy("https://evil.example"),
            Source::Link,
            PAGE,
            &confirmed
        ));
    }

    #[test]
    fn provenance_follows_the_value_not_the_field() {
        let mut p = Provenance::default();
        let evil = proxy("https://evil.example");
        assert_eq!(p.source_of(&evil), Source::Typed);
        p.note(&evil, Source::Link);
        // Typing the same value later does not make it the person's.
        p.note(&evil, Source::Typed);
        assert_eq!(p.source_of(&evil), Source::Link);
        p.note(&api("https://other.example"), Source::Paste);
        let dests = [
            api("https://www.zohoapis.eu"),
            evil.clone(),
            api("https://other.example"),
            api("https://typed.example"),
        ];
        assert_eq!(
            to_confirm(&dests, &p, PAGE, &Confirmed::default()),
            vec![
                Confirm::Proxy("https://evil.example".into()),
                Confirm::ApiOrigin("https://other.example".into()),
            ]
        );
    }

    #[test]
    fn an_unusable_page_origin_is_no_one_s_origin() {
        let local = api("http://127.0.0.1:8080");
        for page in [None, Some(""), Some("null"), Some("file:///x")] {
            assert!(!is_page_origin(&local, page), "{page:?}");
        }
    }
}
