//! Property tests: the URL rules, the paste and deep-link parsers and the date parser never panic, whatever the
//! input; a pasted token never comes back.

use bulkwatch_core::clock::parse_imf_fixdate;
use bulkwatch_core::deeplink::{build_fragment, parse_fragment};
use bulkwatch_core::download::{classify, DownloadUrl};
use bulkwatch_core::endpoint::{
    parse_proxy_path, ApiOrigin, DataCenter, Environment, JobId, ProxyBase,
};
use bulkwatch_core::paste::parse_paste;
use bulkwatch_core::poll::parse_retry_after;
use proptest::prelude::*;

/// Strings biased towards URL-ish characters, plus anything at all.
fn urlish() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,200}",
        "[a-zA-Z0-9:/?#@%.\\\\ \t\n&;_-]{0,120}",
        "(https?|javascript|data|ftp):(//)?[a-z0-9.@:%-]{0,40}(/[a-z0-9.%-]{0,20}){0,6}",
        "/[a-z0-9.%-]{0,20}(/[a-z0-9.%\\\\-]{0,20}){0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn classify_never_panics_and_safe_means_https_or_origin(raw in urlish()) {
        let eu = ApiOrigin::Zoho { dc: DataCenter::Eu, env: Environment::Production };
        let sim = ApiOrigin::parse("http://127.0.0.1:8080").unwrap();
        for origin in [&eu, &sim] {
            if let DownloadUrl::Safe { url, .. } = classify(&raw, origin) {
                prop_assert!(
                    url.starts_with("https://") || url.starts_with("http://127.0.0.1:8080/"),
                    "{url}"
                );
                // An `@` may sit in a path or query (`/@`); what must never pass is userinfo.
                let parsed = url::Url::parse(&url).expect("a Safe URL parses");
                prop_assert!(parsed.username().is_empty() && parsed.password().is_none(), "{url}");
                let authority = url.split_once("://").map(|(_, r)| r.split(['/', '?', '#']).next().unwrap_or("")).unwrap_or("");
                prop_assert!(!authority.contains('@'), "{url}");
                let proxy = ProxyBase::parse("http://127.0.0.1:8787").unwrap();
                let _ = classify(&raw, origin).proxy_url(&proxy);
            }
        }
    }

    #[test]
    fn proxy_parser_never_panics_and_round_trips(raw in urlish()) {
        if let Ok(route) = parse_proxy_path(&raw) {
            prop_assert_eq!(route.proxy_path(), raw);
            prop_assert!(route.upstream_url().starts_with("https://"));
        }
    }

    #[test]
    fn origins_and_ids_never_panic(raw in urlish()) {
        let _ = ApiOrigin::parse(&raw);
        let _ = ProxyBase::parse(&raw);
        let _ = JobId::parse(&raw);
    }

    #[test]
    fn paste_never_panics(raw in urlish()) {
        let _ = parse_paste(&raw);
        let curl = format!("curl -H 'Authorization: Zoho-oauthtoken 1000.secret' {raw}");
        match parse_paste(&curl) {
            Ok(p) => {
                prop_assert!(p.token_seen);
                let shown = format!("{:?}", p);
                prop_assert!(!shown.contains("1000.secret"));
            }
            Err(e) => {
                let shown = e.to_string();
                prop_assert!(!shown.contains("1000.secret"));
            }
        }
    }

    #[test]
    fn dates_never_panic(raw in ".{0,60}", now in any::<u64>()) {
        let _ = parse_imf_fixdate(&raw);
        let _ = parse_retry_after(&raw, now);
    }

    #[test]
    fn deep_links_never_panic_and_rebuild_stably(raw in urlish()) {
        let parsed = parse_fragment(&raw);
        let again = parse_fragment(&build_fragment(&parsed.link));
        prop_assert_eq!(again.link, parsed.link);
        prop_assert!(!again.token_ignored);
    }
}
