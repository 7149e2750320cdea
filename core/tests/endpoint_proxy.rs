//! The proxy URL scheme: builders, upstreams, and the strict path parser against a hostile table.

use bulkwatch_core::endpoint::{
    job_url_via_proxy, parse_proxy_path, upstream_hosts, ApiOrigin, ApiVersion, DataCenter,
    DownloadPath, Environment, JobId, JobIdError, ProxyBase, ProxyPathError, ProxyRoute, Site,
    PROXY_HEADER, PROXY_HEADER_VALUE,
};

fn job(s: &str) -> JobId {
    JobId::parse(s).unwrap()
}

#[test]
fn header_is_fixed() {
    assert_eq!(PROXY_HEADER, "X-Bulkwatch");
    assert_eq!(PROXY_HEADER_VALUE, "1");
}

#[test]
fn job_details_route_builds_and_parses_back() {
    let base = ProxyBase::parse("http://127.0.0.1:8787").unwrap();
    for dc in DataCenter::ALL {
        for env in Environment::ALL {
            for version in ApiVersion::ALL {
                let site = Site { dc, env };
                let route = ProxyRoute::JobDetails {
                    site,
                    version,
                    job: job("42"),
                };
                let path = route.proxy_path();
                assert_eq!(
                    path,
                    format!("/{}/crm/bulk/{version}/write/42", site.code())
                );
                assert_eq!(parse_proxy_path(&path), Ok(route.clone()));
                assert_eq!(
                    route.upstream_url(),
                    format!("https://{}/crm/bulk/{version}/write/42", dc.api_host(env))
                );
                assert_eq!(
                    route.proxy_url(&base),
                    format!("http://127.0.0.1:8787{path}")
                );
                assert!(!route.is_download());
                assert!(upstream_hosts().contains(&route.upstream_host()));
            }
        }
    }
}

#[test]
fn job_url_via_proxy_needs_a_zoho_origin() {
    let base = ProxyBase::parse("https://tools.example.org/bw/").unwrap();
    let eu_sandbox = ApiOrigin::Zoho {
        dc: DataCenter::Eu,
        env: Environment::Sandbox,
    };
    assert_eq!(
        job_url_via_proxy(&base, &eu_sandbox, ApiVersion::V8, &job("7")).as_deref(),
        Some("https://tools.example.org/bw/eu-sandbox/crm/bulk/v8/write/7")
    );
    let sim = ApiOrigin::parse("http://localhost:9000").unwrap();
    assert_eq!(
        job_url_via_proxy(&base, &sim, ApiVersion::V8, &job("7")),
        None
    );
}

#[test]
fn download_routes_map_to_their_hosts() {
    let r = parse_proxy_path("/eu/download/v2/crm/org6196138/bulk-write/111/111.zip").unwrap();
    assert!(r.is_download());
    assert_eq!(r.site(), Site::production(DataCenter::Eu));
    assert_eq!(
        r.upstream_url(),
        "https://download-accl.zoho.eu/v2/crm/org6196138/bulk-write/111/111.zip"
    );
    let r = parse_proxy_path("/ca-sandbox/download/v2/crm/6735/bulk-write/9/9.zip").unwrap();
    assert_eq!(
        r.upstream_url(),
        "https://download-accl.zohocloud.ca/v2/crm/6735/bulk-write/9/9.zip"
    );
    let r = parse_proxy_path("/in-developer/api-download/v3/crm/org1/bulk-write/5/5.zip").unwrap();
    assert_eq!(
        r.upstream_url(),
        "https://developer.zohoapis.in/v3/crm/org1/bulk-write/5/5.zip"
    );
    assert_eq!(
        r.proxy_path(),
        "/in-developer/api-download/v3/crm/org1/bulk-write/5/5.zip"
    );
    let p = DownloadPath::parse("/v2/crm/org1/bulk-write/5/result_file-1.zip").unwrap();
    assert_eq!(p.file_stem, "result_file-1");
    assert_eq!(p.as_path(), "v2/crm/org1/bulk-write/5/result_file-1.zip");
}

#[test]
fn upstream_allowlist_is_exactly_the_table() {
    let hosts = upstream_hosts();
    assert_eq!(hosts.len(), 8 * 4);
    assert!(hosts.contains(&"www.zohoapis.com".to_string()));
    assert!(hosts.contains(&"developer.zohoapis.com.cn".to_string()));
    assert!(hosts.contains(&"download-accl.zohocloud.ca".to_string()));
    assert!(hosts.iter().all(|h| !h.ends_with('.') && !h.contains(':')));
}

#[test]
fn hostile_paths_are_refused_with_their_reason() {
    use ProxyPathError::*;
    let long_id = "1".repeat(31);
    let long_path = format!("/eu/crm/bulk/v8/write/{}", "1".repeat(400));
    let table: Vec<(String, ProxyPathError)> = vec![
        ("eu/crm/bulk/v8/write/1".into(), NotAbsolute),
        ("".into(), NotAbsolute),
        ("/".into(), EmptySegment),
        ("/eu/crm/bulk/v8/write/1?x=1".into(), Query),
        ("/eu/crm/bulk/v8/write/1?".into(), Query),
        ("/eu/crm/bulk/v8/write/1#frag".into(), Query),
        ("/eu/crm/bulk/v8/write/%31".into(), PercentEncoded),
        ("/eu/crm/bulk/v8/write/1%2e%2e".into(), PercentEncoded),
        (
            "/eu/download/v2/crm/org1/bulk-write/1/..%2f..%2fetc.zip".into(),
            PercentEncoded,
        ),
        ("/eu/crm/bulk/v8/write/%2E%2E".into(), PercentEncoded),
        ("/eu/crm/bulk/v8/write/1\\".into(), Backslash),
        ("/eu\\crm/bulk/v8/write/1".into(), Backslash),
        ("/eu/crm/bulk/v8/write/1\0".into(), ControlCharacter),
        ("/eu/crm/bulk/v8/write/1\n".into(), ControlCharacter),
        ("/eu/crm/bulk/v8/write/1 ".into(), BadCharacter),
        ("/eu/crm/bulk/v8/write/１".into(), BadCharacter),
        ("/eu/crm/bulk/v8/write/1;x".into(), BadCharacter),
        ("/eu/crm/bulk/v8/write/@evil.com".into(), BadCharacter),
        ("/eu/crm/bulk/v8/write/:443".into(), BadCharacter),
        ("//eu/crm/bulk/v8/write/1".into(), EmptySegment),
        ("/eu//crm/bulk/v8/write/1".into(), EmptySegment),
        ("/eu/crm/bulk/v8/write/1/".into(), EmptySegment),
        ("/eu/crm/bulk/v8/write/../1".into(), DotSegment),
        ("/eu/./crm/bulk/v8/write/1".into(), DotSegment),
        (
            "/eu/download/v2/crm/org1/bulk-write/1/..zip".into(),
            DotSegment,
        ),
        (
            "/eu/download/v2/crm/org1/bulk-write/1/a..b.zip".into(),
            DotSegment,
        ),
        ("/EU/crm/bulk/v8/write/1".into(), UnknownSite),
        ("/xx/crm/bulk/v8/write/1".into(), UnknownSite),
        ("/eu-staging/crm/bulk/v8/write/1".into(), UnknownSite),
        ("/www.zohoapis.com/crm/bulk/v8/write/1".into(), UnknownSite),
        ("/eu".into(), UnknownRoute),
        ("/eu/crm/bulk/v8/write".into(), UnknownRoute),
        ("/eu/crm/bulk/v8/read/1".into(), UnknownRoute),
        ("/eu/crm/v8/Leads".into(), UnknownRoute),
        ("/eu/crm/bulk/v8/write/1/extra".into(), UnknownRoute),
        ("/eu/oauth/v2/token".into(), UnknownRoute),
        ("/eu/download".into(), UnknownRoute),
        ("/eu/download/v2/crm/org1/bulk-write/1".into(), UnknownRoute),
        (
            "/eu/download/v2/crm/org1/bulk-read/1/1.zip".into(),
            UnknownRoute,
        ),
        ("/eu/crm/bulk/v9/write/1".into(), BadVersion),
        ("/eu/crm/bulk/V8/write/1".into(), BadVersion),
        ("/eu/crm/bulk/8/write/1".into(), BadVersion),
        (
            "/eu/crm/bulk/v8/write/1a".into(),
            BadJobId(JobIdError::NotDigits),
        ),
        (
            format!("/eu/crm/bulk/v8/write/{long_id}"),
            BadJobId(JobIdError::TooLong),
        ),
        (
            "/eu/download/v2/crm/org-1/bulk-write/1/1.zip".into(),
            BadOrg,
        ),
        (
            format!("/eu/download/v2/crm/{}/bulk-write/1/1.zip", "o".repeat(41)),
            BadOrg,
        ),
        (
            "/eu/download/v2/crm/org1/bulk-write/x/1.zip".into(),
            BadJobId(JobIdError::NotDigits),
        ),
        (
            "/eu/download/v2/crm/org1/bulk-write/1/1.csv".into(),
            BadFileName,
        ),
        (
            "/eu/download/v2/crm/org1/bulk-write/1/.zip".into(),
            BadFileName,
        ),
        (
            "/eu/download/v2/crm/org1/bulk-write/1/a.b.zip".into(),
            BadFileName,
        ),
        (
            format!(
                "/eu/download/v2/crm/org1/bulk-write/1/{}.zip",
                "f".repeat(65)
            ),
            BadFileName,
        ),
        (long_path, TooLong),
    ];
    for (path, want) in table {
        assert_eq!(parse_proxy_path(&path), Err(want), "{path:?}");
    }
}

#[test]
fn accepted_paths_round_trip() {
    for path in [
        "/us/crm/bulk/v2/write/1",
        "/cn-developer/crm/bulk/v2.1/write/111111000000541958",
        "/sa/download/v2/crm/org6196138/bulk-write/111/111.zip",
        "/jp-sandbox/api-download/v8/crm/12345/bulk-write/1/1.zip",
    ] {
        let route = parse_proxy_path(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(route.proxy_path(), path);
    }
}
