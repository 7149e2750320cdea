//! Data centres, environments, versions, job ids, origins and the direct job URL.

use bulkwatch_core::endpoint::{
    is_loopback_host, job_url, ApiOrigin, ApiVersion, DataCenter, Environment, JobId, JobIdError,
    OriginError, ProxyBase, Site,
};

/// (dc, api production host, accounts host, download host) for every data centre.
const HOSTS: [(DataCenter, &str, &str, &str); 8] = [
    (
        DataCenter::Us,
        "www.zohoapis.com",
        "accounts.zoho.com",
        "download-accl.zoho.com",
    ),
    (
        DataCenter::Eu,
        "www.zohoapis.eu",
        "accounts.zoho.eu",
        "download-accl.zoho.eu",
    ),
    (
        DataCenter::In,
        "www.zohoapis.in",
        "accounts.zoho.in",
        "download-accl.zoho.in",
    ),
    (
        DataCenter::Au,
        "www.zohoapis.com.au",
        "accounts.zoho.com.au",
        "download-accl.zoho.com.au",
    ),
    (
        DataCenter::Jp,
        "www.zohoapis.jp",
        "accounts.zoho.jp",
        "download-accl.zoho.jp",
    ),
    (
        DataCenter::Ca,
        "www.zohoapis.ca",
        "accounts.zohocloud.ca",
        "download-accl.zohocloud.ca",
    ),
    (
        DataCenter::Sa,
        "www.zohoapis.sa",
        "accounts.zoho.sa",
        "download-accl.zoho.sa",
    ),
    (
        DataCenter::Cn,
        "www.zohoapis.com.cn",
        "accounts.zoho.com.cn",
        "download-accl.zoho.com.cn",
    ),
];

#[test]
fn every_data_centre_has_its_hosts() {
    assert_eq!(DataCenter::ALL.len(), HOSTS.len());
    for (dc, api, accounts, download) in HOSTS {
        assert_eq!(dc.api_host(Environment::Production), api, "{dc}");
        assert_eq!(dc.accounts_host(), accounts, "{dc}");
        assert_eq!(dc.download_host(), download, "{dc}");
        let tld = api.strip_prefix("www.zohoapis.").unwrap();
        assert_eq!(
            dc.api_host(Environment::Sandbox),
            format!("sandbox.zohoapis.{tld}")
        );
        assert_eq!(
            dc.api_host(Environment::Developer),
            format!("developer.zohoapis.{tld}")
        );
        for env in Environment::ALL {
            assert_eq!(
                DataCenter::from_api_host(&dc.api_host(env)),
                Some((dc, env))
            );
            let upper = dc.api_host(env).to_uppercase();
            assert_eq!(DataCenter::from_api_host(&upper), Some((dc, env)));
        }
        assert_eq!(DataCenter::from_download_host(download), Some(dc));
        assert_eq!(DataCenter::from_code(dc.code()), Some(dc));
        assert_eq!(DataCenter::from_code(&dc.code().to_uppercase()), Some(dc));
    }
}

#[test]
fn look_alike_hosts_are_not_recognised() {
    for host in [
        "www.zohoapis.com.evil.com",
        "www.zohoapis.com.",
        "evilwww.zohoapis.com",
        "zohoapis.com",
        "staging.zohoapis.com",
        "www.zohoapis.co",
        "www.zohoapis.com.au.evil",
        "",
    ] {
        assert_eq!(DataCenter::from_api_host(host), None, "{host}");
    }
    for host in [
        "download-accl.zoho.com.evil.com",
        "download.zoho.com",
        "download-accl.zoho.ca",
    ] {
        assert_eq!(DataCenter::from_download_host(host), None, "{host}");
    }
}

#[test]
fn site_codes_round_trip_strictly() {
    for dc in DataCenter::ALL {
        for env in Environment::ALL {
            let site = Site { dc, env };
            assert_eq!(Site::from_code(&site.code()), Some(site));
        }
    }
    assert_eq!(Site::production(DataCenter::Eu).code(), "eu");
    assert_eq!(
        Site {
            dc: DataCenter::Eu,
            env: Environment::Sandbox
        }
        .code(),
        "eu-sandbox"
    );
    assert_eq!(
        Site {
            dc: DataCenter::Au,
            env: Environment::Developer
        }
        .to_string(),
        "au-developer"
    );
    for bad in [
        "EU",
        "eu ",
        "eu-",
        "eu-production",
        "eusandbox",
        "xx",
        "",
        "eu-sandbox-x",
    ] {
        assert_eq!(Site::from_code(bad), None, "{bad:?}");
    }
}

#[test]
fn versions_parse_and_print() {
    let table = [
        ("v2", Some(ApiVersion::V2)),
        ("v2.1", Some(ApiVersion::V2_1)),
        ("V2.1", Some(ApiVersion::V2_1)),
        ("2.1", Some(ApiVersion::V2_1)),
        ("v3", Some(ApiVersion::V3)),
        (" v8 ", Some(ApiVersion::V8)),
        ("8", Some(ApiVersion::V8)),
        ("v9", None),
        ("v2.2", None),
        ("v", None),
        ("", None),
        ("vv8", None),
    ];
    for (text, want) in table {
        assert_eq!(ApiVersion::parse(text), want, "{text:?}");
    }
    for v in ApiVersion::ALL {
        assert_eq!(ApiVersion::parse(&v.to_string()), Some(v));
        assert_eq!(ApiVersion::parse_exact(v.as_str()), Some(v));
    }
    assert_eq!(ApiVersion::parse_exact("V8"), None);
    assert_eq!(ApiVersion::parse_exact("8"), None);
    assert_eq!(ApiVersion::default(), ApiVersion::V8);
}

#[test]
fn job_id_bounds() {
    assert_eq!(JobId::parse("1").unwrap().as_str(), "1");
    let thirty = "1".repeat(30);
    assert_eq!(JobId::parse(&thirty).unwrap().to_string(), thirty);
    assert_eq!(JobId::parse(&"1".repeat(31)), Err(JobIdError::TooLong));
    assert_eq!(JobId::parse(""), Err(JobIdError::Empty));
    for bad in [
        " 1", "1 ", "12a", "-1", "+1", "1.0", "１２", "1/2", "0x1", "1%30",
    ] {
        assert_eq!(JobId::parse(bad), Err(JobIdError::NotDigits), "{bad:?}");
    }
    assert!(JobIdError::TooLong.to_string().contains("30"));
}

#[test]
fn job_urls_for_every_origin_kind() {
    let id = JobId::parse("111111000000541958").unwrap();
    let eu = ApiOrigin::Zoho {
        dc: DataCenter::Eu,
        env: Environment::Production,
    };
    assert_eq!(
        job_url(&eu, ApiVersion::V8, &id),
        "https://www.zohoapis.eu/crm/bulk/v8/write/111111000000541958"
    );
    let sandbox_au = ApiOrigin::Zoho {
        dc: DataCenter::Au,
        env: Environment::Sandbox,
    };
    assert_eq!(
        job_url(&sandbox_au, ApiVersion::V2_1, &id),
        "https://sandbox.zohoapis.com.au/crm/bulk/v2.1/write/111111000000541958"
    );
    let sim = ApiOrigin::parse("http://127.0.0.1:8080/").unwrap();
    assert_eq!(
        job_url(&sim, ApiVersion::V3, &id),
        "http://127.0.0.1:8080/crm/bulk/v3/write/111111000000541958"
    );
}

#[test]
fn origins_parse_with_reasons() {
    let ok = [
        (
            "https://www.zohoapis.eu",
            "https://www.zohoapis.eu",
            true,
            false,
        ),
        (
            "https://WWW.ZOHOAPIS.COM/",
            "https://www.zohoapis.com",
            true,
            false,
        ),
        (
            "https://developer.zohoapis.jp",
            "https://developer.zohoapis.jp",
            true,
            false,
        ),
        (
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080",
            false,
            true,
        ),
        ("http://127.8.9.10:1", "http://127.8.9.10:1", false, true),
        (
            "http://localhost:3000/",
            "http://localhost:3000",
            false,
            true,
        ),
        ("http://[::1]:9000", "http://[::1]:9000", false, true),
        (
            "https://crm.example.org",
            "https://crm.example.org",
            false,
            false,
        ),
        (
            "https://localhost:8443",
            "https://localhost:8443",
            false,
            true,
        ),
        (
            "  https://www.zohoapis.in  ",
            "https://www.zohoapis.in",
            true,
            false,
        ),
    ];
    for (raw, origin, zoho, loopback) in ok {
        let o = ApiOrigin::parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
        assert_eq!(o.origin_string(), origin, "{raw}");
        assert_eq!(o.is_zoho(), zoho, "{raw}");
        assert_eq!(o.is_loopback(), loopback, "{raw}");
        assert_eq!(o.site().is_some(), zoho, "{raw}");
    }
    let bad = [
        ("", OriginError::Empty),
        ("http://example.org", OriginError::HttpNotLoopback),
        ("http://10.0.0.1", OriginError::HttpNotLoopback),
        ("http://localhost.", OriginError::TrailingDot),
        ("http://www.zohoapis.com", OriginError::ZohoNotDefault),
        ("https://www.zohoapis.com:8443", OriginError::ZohoNotDefault),
        ("https://example.org/api", OriginError::HasPath),
        ("https://example.org/?a=1", OriginError::HasQuery),
        ("https://example.org/#x", OriginError::HasFragment),
        ("https://user:pw@example.org", OriginError::Userinfo),
        ("https://@example.org", OriginError::Userinfo),
        ("ftp://example.org", OriginError::SchemeNotAllowed),
        ("javascript:alert(1)", OriginError::SchemeNotAllowed),
        ("example.org", OriginError::Unparseable),
        ("https://exa mple.org", OriginError::BadCharacters),
        ("https:\\\\example.org", OriginError::BadCharacters),
    ];
    for (raw, want) in bad {
        assert_eq!(ApiOrigin::parse(raw), Err(want), "{raw:?}");
    }
    assert_eq!(
        ApiOrigin::parse(&format!("https://{}.org", "a".repeat(600))),
        Err(OriginError::TooLong)
    );
}

#[test]
fn proxy_bases() {
    let p = ProxyBase::parse("http://127.0.0.1:8787/").unwrap();
    assert_eq!(p.as_str(), "http://127.0.0.1:8787");
    assert!(p.is_loopback());
    let p = ProxyBase::parse("https://tools.example.org/bulkwatch/").unwrap();
    assert_eq!(p.as_str(), "https://tools.example.org/bulkwatch");
    assert!(!p.is_loopback());
    assert_eq!(
        ProxyBase::parse("http://proxy.example.org"),
        Err(OriginError::HttpNotLoopback)
    );
    assert_eq!(
        ProxyBase::parse("https://a@proxy.example.org"),
        Err(OriginError::Userinfo)
    );
    assert_eq!(
        ProxyBase::parse("https://proxy.example.org/?x"),
        Err(OriginError::HasQuery)
    );
}

#[test]
fn loopback_hosts() {
    for h in [
        "localhost",
        "LOCALHOST",
        "127.0.0.1",
        "127.255.0.9",
        "::1",
        "[::1]",
    ] {
        assert!(is_loopback_host(h), "{h}");
    }
    for h in [
        "localhost.evil.com",
        "128.0.0.1",
        "0.0.0.0",
        "::",
        "10.0.0.1",
        "127.0.0.1.nip.io",
    ] {
        assert!(!is_loopback_host(h), "{h}");
    }
}
