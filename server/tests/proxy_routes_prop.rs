//! Property tests of the route gate: for any request target, parsing never panics, and whatever
//! it accepts is the canonical spelling of a route whose upstream is on the allowlist, over
//! https, on the default port.

use bulkwatch_core::endpoint::{upstream_hosts, ExtraHosts};
use bulkwatch_server::proxy::routes::parse_target;
use bulkwatch_server::proxy::upstream::Upstreams;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "eu",
    "us-sandbox",
    "cn-developer",
    "crm",
    "bulk",
    "v8",
    "v2.1",
    "write",
    "123456",
    "download",
    "api-download",
    "host-download",
    "files.zoho.eu",
    "org6196138",
    "bulk-write",
    "42.zip",
    "..",
    ".",
    "%2e",
    "%2F",
    "@",
    "evil.com",
    "www.zohoapis.com",
    ":443",
    "",
    "\\",
    "?x=1",
    "#f",
    "169.254.169.254",
    "[::1]",
    "%00",
    "EU",
    "v9",
    "zoho",
];

/// A slot that is usually the right word and sometimes a trick.
fn slot(valid: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        3 => proptest::sample::select(valid).prop_map(str::to_owned),
        1 => proptest::sample::select(PIECES).prop_map(str::to_owned),
    ]
}

/// Job-details and download paths, slot by slot, each slot sometimes replaced by a trick.
fn route_slots() -> impl Strategy<Value = Vec<String>> {
    let site = slot(&["eu", "us", "au-sandbox", "ca-developer", "cn"]);
    let version = slot(&["v2", "v2.1", "v8"]);
    let details = (
        site.clone(),
        slot(&["crm"]),
        slot(&["bulk"]),
        version.clone(),
        slot(&["write"]),
        slot(&["1", "123456789012345678", "000"]),
    )
        .prop_map(|(a, b, c, d, e, f)| vec![a, b, c, d, e, f]);
    let download = (
        site,
        slot(&["download", "api-download", "host-download/files.zoho.eu"]),
        version,
        slot(&["crm"]),
        slot(&["org1", "6196138"]),
        slot(&["bulk-write"]),
        slot(&["42"]),
        slot(&["42.zip", "x_y-z.zip"]),
    )
        .prop_map(|(a, b, c, d, e, f, g, h)| vec![a, b, c, d, e, f, g, h]);
    prop_oneof![details, download]
}

fn check(target: &str, prefix: &str) -> Result<(), TestCaseError> {
    if let Ok(route) = parse_target(target, prefix) {
        prop_assert_eq!(
            format!("{prefix}{}", route.proxy_path()),
            target,
            "canonical only"
        );
        let is_host_download = matches!(
            route,
            bulkwatch_server::proxy::routes::Route::HostDownload { .. }
        );
        // Without configured extra hosts, a host-download route reaches nothing.
        prop_assert_eq!(
            Upstreams::default().url_for(&route).is_err(),
            is_host_download
        );
        let extra =
            ExtraHosts::parse(["files.zoho.eu"]).map_err(|_| TestCaseError::fail("hosts"))?;
        let upstreams = Upstreams::default().with_extra_hosts(extra.clone());
        if !upstreams.serves(&route) {
            // Refused (404) before any connection: only a host-download of an unlisted host.
            prop_assert!(is_host_download);
            return Ok(());
        }
        let url = upstreams
            .url_for(&route)
            .map_err(|_| TestCaseError::fail("accepted route without an allowlisted upstream"))?;
        prop_assert_eq!(url.scheme(), "https");
        prop_assert_eq!(url.port(), None);
        prop_assert!(url.query().is_none() && url.username().is_empty());
        let host = url.host_str().unwrap_or("").to_owned();
        prop_assert!(
            upstream_hosts().contains(&host) || extra.contains(&host),
            "{} not allowlisted",
            host
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_escapes_the_allowlist(target in "\\PC{0,600}") {
        check(&target, "")?;
        check(&target, "/zoho")?;
    }

    #[test]
    fn near_miss_routes_never_escape_the_allowlist(
        slots in route_slots(),
        prefix in proptest::sample::select(&["", "/zoho"][..]),
    ) {
        let target = format!("{prefix}/{}", slots.join("/"));
        check(&target, prefix)?;
    }

    #[test]
    fn assembled_paths_never_escape_the_allowlist(
        parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..10),
        prefix in proptest::sample::select(&["", "/zoho", "/a/b"][..]),
    ) {
        let target = format!("{prefix}/{}", parts.join("/"));
        check(&target, prefix)?;
    }
}
