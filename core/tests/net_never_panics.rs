//! Property tests: the URL rules never panic, whatever the input.

use bulkwatch_core::download::{classify, DownloadUrl};
use bulkwatch_core::endpoint::{
    parse_proxy_path, ApiOrigin, DataCenter, Environment, JobId, ProxyBase,
};
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
                prop_assert!(!url.contains('@'));
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
}
