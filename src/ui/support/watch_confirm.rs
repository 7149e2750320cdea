//! Which pasted watch-list lines may be added at once, and which name an API origin a token
//! must not reach unasked: the core's rule ([`bulkwatch_core::deeplink::confirm`]) applied to a
//! paste. The origin typed in the "API origin for bare ids" field is the person's own; an origin
//! a pasted URL or curl line names is not, unless it is Zoho's or the page's own.

use bulkwatch_core::deeplink::confirm::must_confirm;
use bulkwatch_core::deeplink::{Confirm, Confirmed, Destination, Source};
use bulkwatch_core::endpoint::ApiOrigin;
use bulkwatch_core::watchlist::WatchEntry;

/// Pasted entries split into those to add now and those waiting for the person to confirm
/// their origin (each origin listed once, in order, for the question).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Split {
    pub add: Vec<WatchEntry>,
    pub pending: Vec<WatchEntry>,
    pub ask: Vec<Confirm>,
}

/// Splits `found` (from one paste, bare ids filled with `typed`) by the core's rule.
pub fn split_pasted(
    found: Vec<WatchEntry>,
    typed: &ApiOrigin,
    page_origin: Option<&str>,
    confirmed: &Confirmed,
) -> Split {
    let mut out = Split::default();
    for entry in found {
        let Some((origin, _, _)) = entry.parts() else {
            continue;
        };
        let source = if origin == *typed {
            Source::Typed
        } else {
            Source::Paste
        };
        let dest = Destination::Api(origin);
        if must_confirm(&dest, source, page_origin, confirmed) {
            if !out.ask.contains(&dest.confirm()) {
                out.ask.push(dest.confirm());
            }
            out.pending.push(entry);
        } else {
            out.add.push(entry);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use bulkwatch_core::endpoint::ApiVersion;
    use bulkwatch_core::watchlist::parse_many;

    const PAGE: Option<&str> = Some("http://127.0.0.1:8080");

    fn split(paste: &str, typed: &str, confirmed: &Confirmed) -> Split {
        let typed = ApiOrigin::parse(typed).unwrap();
        let (found, problems) = parse_many(paste, &typed, ApiVersion::V8);
        assert!(problems.is_empty(), "{problems:?}");
        split_pasted(found, &typed, PAGE, confirmed)
    }

    #[test]
    fn pasted_foreign_origins_wait_for_confirmation() {
        let paste = "42\n\
            https://www.zohoapis.eu/crm/bulk/v8/write/43\n\
            http://127.0.0.1:8080/crm/bulk/v8/write/44\n\
            https://evil.example/crm/bulk/v8/write/45\n\
            curl http://127.0.0.1:9999/crm/bulk/v8/write/46\n\
            https://evil.example/crm/bulk/v8/write/47";
        let s = split(paste, "https://www.zohoapis.com", &Confirmed::default());
        let jobs = |v: &[WatchEntry]| v.iter().map(|e| e.job.clone()).collect::<Vec<_>>();
        assert_eq!(jobs(&s.add), ["42", "43", "44"]);
        assert_eq!(jobs(&s.pending), ["45", "46", "47"]);
        assert_eq!(
            s.ask,
            vec![
                Confirm::ApiOrigin("https://evil.example".into()),
                Confirm::ApiOrigin("http://127.0.0.1:9999".into()),
            ]
        );
        // Confirmed once in this tab: added straight away.
        let mut confirmed = Confirmed::default();
        confirmed.add(s.ask);
        let again = split(paste, "https://www.zohoapis.com", &confirmed);
        assert!(again.pending.is_empty() && again.add.len() == 6);
    }

    #[test]
    fn the_origin_typed_for_bare_ids_is_the_person_s_own() {
        let s = split(
            "42\nhttp://127.0.0.1:9999/crm/bulk/v8/write/43",
            "http://127.0.0.1:9999",
            &Confirmed::default(),
        );
        assert_eq!(s.add.len(), 2);
        assert!(s.pending.is_empty() && s.ask.is_empty());
    }
}
