//! Hosts are configuration: the built-in table stays the default, and an operator can add exact
//! https download hosts. These tables check the entry rules, that a download URL on an extra host
//! is accepted only when that exact host is configured, and that the proxy route for it
//! round-trips through the proxy's own parser.

use bulkwatch_core::download::{classify, classify_with, DownloadHost, DownloadUrl};
use bulkwatch_core::endpoint::{
    parse_proxy_path, ApiOrigin, DataCenter, Environment, ExtraHostError, ExtraHosts, ProxyBase,
    ProxyPathError, ProxyRoute, Site,
};

fn eu() -> ApiOrigin {
    ApiOrigin::Zoho {
        dc: DataCenter::Eu,
        env: Environment::Production,
    }
}

fn hosts(list: &[&str]) -> ExtraHosts {
    match ExtraHosts::parse(list.iter().copied()) {
        Ok(h) => h,
        Err(e) => panic!("{list:?}: {e:?}"),
    }
}

const URL: &str =
    "https://files.zoho.eu/v2/crm/org1/bulk-write/111111000000541958/111111000000541958.zip";

#[test]
fn entries_are_exact_https_host_names() {
    let ok: Vec<(&str, &str)> = vec![
        ("files.zoho.eu", "files.zoho.eu"),
        ("  Download-ACCL2.Zoho.EU ", "download-accl2.zoho.eu"),
        ("https://files.zoho.eu", "files.zoho.eu"),
        ("HTTPS://files.zoho.eu/", "files.zoho.eu"),
        ("download-accl.zoho.ae", "download-accl.zoho.ae"),
    ];
    for (entry, want) in ok {
        assert_eq!(hosts(&[entry]).as_slice(), [want.to_string()], "{entry}");
    }
    type Is = fn(&ExtraHostError) -> bool;
    let bad: Vec<(&str, Is)> = vec![
        ("", |e| matches!(e, ExtraHostError::Empty)),
        ("http://files.zoho.eu", |e| {
            matches!(e, ExtraHostError::NotHttps(_))
        }),
        ("ftp://files.zoho.eu", |e| {
            matches!(e, ExtraHostError::NotHttps(_))
        }),
        ("*.zoho.eu", |e| matches!(e, ExtraHostError::Wildcard(_))),
        ("download-*.zoho.eu", |e| {
            matches!(e, ExtraHostError::Wildcard(_))
        }),
        ("files.zoho.eu:8443", |e| {
            matches!(e, ExtraHostError::NotBare(_))
        }),
        ("files.zoho.eu/v2", |e| {
            matches!(e, ExtraHostError::NotBare(_))
        }),
        ("user@files.zoho.eu", |e| {
            matches!(e, ExtraHostError::NotBare(_))
        }),
        ("https://files.zoho.eu/path", |e| {
            matches!(e, ExtraHostError::NotBare(_))
        }),
        ("[::1]", |e| matches!(e, ExtraHostError::NotBare(_))),
        ("127.0.0.1", |e| matches!(e, ExtraHostError::IpLiteral(_))),
        ("files.zoho.eu.", |e| {
            matches!(e, ExtraHostError::Invalid(_))
        }),
        ("localhost", |e| matches!(e, ExtraHostError::Invalid(_))),
        ("-files.zoho.eu", |e| {
            matches!(e, ExtraHostError::Invalid(_))
        }),
        ("files..zoho.eu", |e| {
            matches!(e, ExtraHostError::Invalid(_))
        }),
        ("fïles.zoho.eu", |e| {
            matches!(e, ExtraHostError::Invalid(_))
        }),
        ("download-accl.zoho.eu", |e| {
            matches!(e, ExtraHostError::BuiltIn(_))
        }),
        ("www.zohoapis.com", |e| {
            matches!(e, ExtraHostError::BuiltIn(_))
        }),
    ];
    for (entry, is) in bad {
        match ExtraHosts::parse([entry]) {
            Ok(h) => panic!("{entry:?} accepted as {h:?}"),
            Err(problems) => {
                assert_eq!(problems.len(), 1, "{entry:?}: {problems:?}");
                assert!(is(&problems[0]), "{entry:?}: {:?}", problems[0]);
                assert!(!problems[0].to_string().is_empty());
            }
        }
    }
    // Every problem is reported, not only the first.
    let all = ExtraHosts::parse(["*.a.com", "ok.example.com", "http://b.com"]).unwrap_err();
    assert_eq!(all.len(), 2);
    // Duplicates collapse; the attribute form splits on spaces and commas.
    let list = ExtraHosts::parse_list("files.zoho.eu, FILES.zoho.eu  other.zoho.eu").expect("ok");
    assert_eq!(list.as_slice(), ["files.zoho.eu", "other.zoho.eu"]);
    let many: Vec<String> = (0..40).map(|i| format!("h{i}.example.com")).collect();
    assert!(ExtraHosts::parse(many.iter().map(String::as_str)).is_err());
}

#[test]
fn an_extra_host_is_allowed_only_when_configured() {
    // The built-in table alone refuses the host.
    assert!(matches!(classify(URL, &eu()), DownloadUrl::Unsafe { .. }));
    assert!(matches!(
        classify_with(URL, &eu(), &ExtraHosts::none()),
        DownloadUrl::Unsafe { .. }
    ));
    assert!(matches!(
        classify_with(URL, &eu(), &hosts(&["other.zoho.eu"])),
        DownloadUrl::Unsafe { .. }
    ));
    // Configured: safe, and tagged with the job's site.
    let extra = hosts(&["files.zoho.eu"]);
    match classify_with(URL, &eu(), &extra) {
        DownloadUrl::Safe { url, host } => {
            assert_eq!(url, URL);
            assert_eq!(
                host,
                DownloadHost::Extra(Some(Site::production(DataCenter::Eu)))
            );
        }
        other => panic!("{other:?}"),
    }
    // Case-insensitive on the URL's host, like the built-in table.
    assert!(classify_with(
        &URL.replace("files.zoho.eu", "FILES.Zoho.EU"),
        &eu(),
        &extra
    )
    .is_safe());
    // Exact names only: no subdomain, no suffix trick, no http, no port, no userinfo.
    for raw in [
        "https://a.files.zoho.eu/v2/crm/org1/bulk-write/1/1.zip",
        "https://files.zoho.eu.evil.com/v2/crm/org1/bulk-write/1/1.zip",
        "https://evilfiles.zoho.eu/v2/crm/org1/bulk-write/1/1.zip",
        "http://files.zoho.eu/v2/crm/org1/bulk-write/1/1.zip",
        "https://files.zoho.eu:8443/v2/crm/org1/bulk-write/1/1.zip",
        "https://me@files.zoho.eu/v2/crm/org1/bulk-write/1/1.zip",
        "https://files.zoho.eu./v2/crm/org1/bulk-write/1/1.zip",
    ] {
        assert!(!classify_with(raw, &eu(), &extra).is_safe(), "{raw}");
    }
    // The built-in table still works with extra hosts configured.
    assert!(classify_with(
        "https://download-accl.zoho.eu/v2/crm/org1/bulk-write/1/1.zip",
        &eu(),
        &extra
    )
    .is_safe());
}

#[test]
fn the_proxy_route_for_an_extra_host_round_trips() {
    let extra = hosts(&["files.zoho.eu"]);
    let proxy = ProxyBase::parse("https://proxy.example.com/zoho").expect("proxy");
    let url = classify_with(URL, &eu(), &extra)
        .proxy_url(&proxy)
        .expect("via proxy");
    assert_eq!(
        url,
        "https://proxy.example.com/zoho/eu/host-download/files.zoho.eu/v2/crm/org1/bulk-write/111111000000541958/111111000000541958.zip"
    );
    let path = url.trim_start_matches("https://proxy.example.com/zoho");
    let route = parse_proxy_path(path).expect("the proxy parses its own route");
    assert!(matches!(&route, ProxyRoute::HostDownload { host, .. } if host == "files.zoho.eu"));
    assert_eq!(route.upstream_url(), URL);
    assert_eq!(route.proxy_path(), path);
    // A custom origin has no site to name: the proxy cannot carry it.
    let custom = ApiOrigin::parse("http://127.0.0.1:8080").expect("origin");
    assert!(classify_with(URL, &custom, &extra)
        .proxy_url(&proxy)
        .is_err());
}

#[test]
fn the_proxy_parser_refuses_malformed_host_segments() {
    let tail = "v2/crm/org1/bulk-write/1/1.zip";
    for host in [
        "127.0.0.1",
        "localhost",
        "download-accl.zoho.eu",
        "www.zohoapis.eu",
        "-x.zoho.eu",
    ] {
        assert_eq!(
            parse_proxy_path(&format!("/eu/host-download/{host}/{tail}")),
            Err(ProxyPathError::BadHost),
            "{host}"
        );
    }
    assert!(parse_proxy_path(&format!("/eu/host-download/{tail}")).is_err());
    assert!(
        parse_proxy_path("/eu/host-download/files.zoho.eu/v2/crm/org1/bulk-write/1/1.csv").is_err()
    );
}
