//! `download_url` rules: what is safe to link, fetch and give the token, against a hostile table.

use bulkwatch_core::download::{classify, DownloadHost, DownloadUrl, ProxyUrlError, UnsafeReason};
use bulkwatch_core::endpoint::{ApiOrigin, DataCenter, Environment, ProxyBase, ProxyPathError};

const JOB: &str = "111111000000541958";

fn eu() -> ApiOrigin {
    ApiOrigin::Zoho {
        dc: DataCenter::Eu,
        env: Environment::Production,
    }
}

fn sim() -> ApiOrigin {
    ApiOrigin::parse("http://127.0.0.1:8080").unwrap()
}

fn safe(raw: &str, origin: &ApiOrigin) -> (String, DownloadHost) {
    match classify(raw, origin) {
        DownloadUrl::Safe { url, host } => (url, host),
        DownloadUrl::Unsafe { reason, .. } => panic!("{raw:?} refused: {reason}"),
    }
}

fn reason(raw: &str, origin: &ApiOrigin) -> UnsafeReason {
    match classify(raw, origin) {
        DownloadUrl::Safe { url, .. } => panic!("{raw:?} accepted as {url}"),
        DownloadUrl::Unsafe { reason, raw: kept } => {
            assert!(kept.len() <= 304, "raw kept short");
            reason
        }
    }
}

#[test]
fn every_data_centres_download_host_is_safe() {
    for dc in DataCenter::ALL {
        let raw = format!(
            "https://{}/v2/crm/org1/bulk-write/{JOB}/{JOB}.zip",
            dc.download_host()
        );
        assert_eq!(
            safe(&raw, &eu()),
            (raw.clone(), DownloadHost::ZohoDownload(dc))
        );
        for env in Environment::ALL {
            let raw = format!(
                "https://{}/v2/crm/org1/bulk-write/1/1.zip",
                dc.api_host(env)
            );
            assert_eq!(safe(&raw, &eu()).1, DownloadHost::ZohoApi(dc, env));
        }
    }
}

#[test]
fn safe_forms_are_resolved_and_reserialised() {
    let au_sandbox = ApiOrigin::Zoho {
        dc: DataCenter::Au,
        env: Environment::Sandbox,
    };
    let table: Vec<(&str, ApiOrigin, &str, DownloadHost)> = vec![
        (
            "/v3/crm/org6196138/bulk-write/111111000000541958/111111000000541958.zip",
            eu(),
            "https://www.zohoapis.eu/v3/crm/org6196138/bulk-write/111111000000541958/111111000000541958.zip",
            DownloadHost::ZohoApi(DataCenter::Eu, Environment::Production),
        ),
        (
            "/v3/crm/org1/bulk-write/2/2.zip",
            au_sandbox,
            "https://sandbox.zohoapis.com.au/v3/crm/org1/bulk-write/2/2.zip",
            DownloadHost::ZohoApi(DataCenter::Au, Environment::Sandbox),
        ),
        (
            "HTTPS://DOWNLOAD-ACCL.ZOHO.COM/v2/crm/o/bulk-write/1/1.zip",
            eu(),
            "https://download-accl.zoho.com/v2/crm/o/bulk-write/1/1.zip",
            DownloadHost::ZohoDownload(DataCenter::Us),
        ),
        (
            "https://download-accl.zoho.in:443/v2/crm/o/bulk-write/1/1.zip",
            eu(),
            "https://download-accl.zoho.in/v2/crm/o/bulk-write/1/1.zip",
            DownloadHost::ZohoDownload(DataCenter::In),
        ),
        (
            "  https://download-accl.zoho.eu/v2/x.zip#frag \n",
            eu(),
            "https://download-accl.zoho.eu/v2/x.zip",
            DownloadHost::ZohoDownload(DataCenter::Eu),
        ),
        (
            "/v3/crm/org1/bulk-write/1/1.zip",
            sim(),
            "http://127.0.0.1:8080/v3/crm/org1/bulk-write/1/1.zip",
            DownloadHost::ApiOrigin,
        ),
        (
            "http://127.0.0.1:8080/v2/crm/org1/bulk-write/1/1.zip",
            sim(),
            "http://127.0.0.1:8080/v2/crm/org1/bulk-write/1/1.zip",
            DownloadHost::ApiOrigin,
        ),
        // An `@` in a path or query is not userinfo: the host stays the API origin's.
        (
            "/@",
            sim(),
            "http://127.0.0.1:8080/@",
            DownloadHost::ApiOrigin,
        ),
        (
            "https://download-accl.zoho.eu/v2/a@b.zip?by=x@y",
            eu(),
            "https://download-accl.zoho.eu/v2/a@b.zip?by=x@y",
            DownloadHost::ZohoDownload(DataCenter::Eu),
        ),
    ];
    for (raw, origin, url, host) in table {
        assert_eq!(safe(raw, &origin), (url.to_string(), host), "{raw:?}");
    }
}

#[test]
fn hostile_and_odd_urls_are_refused_with_their_reason() {
    use UnsafeReason::*;
    let zoho = "download-accl.zoho.com";
    let table: Vec<(String, UnsafeReason)> = vec![
        ("javascript:alert(1)".into(), ScriptScheme),
        ("JaVaScRiPt:alert(1)".into(), ScriptScheme),
        ("  javascript:alert(1)".into(), ScriptScheme),
        ("\tjavascript:alert(1)".into(), ScriptScheme),
        ("\njavascript:alert(1)".into(), ScriptScheme),
        ("\u{0}javascript:alert(1)".into(), ScriptScheme),
        ("java\tscript:alert(1)".into(), ScriptScheme),
        ("java\nscript:alert(1)".into(), ScriptScheme),
        ("javascript&colon;alert(1)".into(), ScriptScheme),
        ("&#106;avascript:alert(1)".into(), ScriptScheme),
        ("&#x6A;avascript:alert(1)".into(), ScriptScheme),
        ("&#0000106avascript:alert(1)".into(), ScriptScheme),
        ("%6Aavascript:alert(1)".into(), ScriptScheme),
        ("vbscript:msgbox(1)".into(), ScriptScheme),
        (
            "data:text/html,<script>alert(1)</script>".into(),
            DataScheme,
        ),
        (" DATA:application/zip;base64,UEsDBA==".into(), DataScheme),
        (
            format!("http://{zoho}/v2/crm/o/bulk-write/1/1.zip"),
            InsecureZoho,
        ),
        ("http://www.zohoapis.eu/v3/x.zip".into(), InsecureZoho),
        (
            "https://download-accl.zoho.com.evil.com/x.zip".into(),
            LookAlikeHost("download-accl.zoho.com.evil.com".into()),
        ),
        (
            "https://www.zohoapis.com.evil.com/x.zip".into(),
            LookAlikeHost("www.zohoapis.com.evil.com".into()),
        ),
        ("https://zoho.com@evil.com/x.zip".into(), Userinfo),
        (format!("https://user:pass@{zoho}/x.zip"), Userinfo),
        (format!("https://@{zoho}/x.zip"), Userinfo),
        (format!("https://{zoho}:8443/x.zip"), Port),
        (format!("https://{zoho}:80/x.zip"), Port),
        ("https://93.184.216.34/x.zip".into(), IpLiteral),
        ("https://[::1]/x.zip".into(), IpLiteral),
        ("https://0x7f.1/x.zip".into(), IpLiteral),
        ("https://2130706433/x.zip".into(), IpLiteral),
        ("//evil.com/x.zip".into(), ProtocolRelative),
        (
            "/v3/crm/org1/bulk-write/1/../../../../etc/passwd".into(),
            DotSegments,
        ),
        ("/v3/crm/./x.zip".into(), DotSegments),
        ("/v3/crm/%2e%2E/x.zip".into(), DotSegments),
        (format!("https://{zoho}/v2/.%2e/x.zip"), DotSegments),
        (format!("https://{zoho}/v2/.."), DotSegments),
        ("/\\evil.com/x.zip".into(), Backslash),
        (format!("https:\\\\{zoho}\\x.zip"), Backslash),
        (format!("https://{zoho}\\@evil.com/x.zip"), Backslash),
        (format!("https://{zoho}./x.zip"), TrailingDot),
        ("https://download-accl.zoho%2ecom/x.zip".into(), EncodedHost),
        (format!("https://{zoho}/a b.zip"), ControlCharacters),
        (
            "https://down\nload-accl.zoho.com/x.zip".to_string(),
            ControlCharacters,
        ),
        (
            "https://evil.com/x.zip".into(),
            HostNotAllowed("evil.com".into()),
        ),
        (
            "https://download-accl.zoho.ca/x.zip".into(),
            LookAlikeHost("download-accl.zoho.ca".into()),
        ),
        (
            "https://xn--zoh-ppa.com/x.zip".into(),
            HostNotAllowed("xn--zoh-ppa.com".into()),
        ),
        (
            "https://download-accl.zohо.com/x.zip".into(),
            HostNotAllowed("download-accl.xn--zoh-ued.com".into()),
        ),
        (
            "ftp://download-accl.zoho.com/x.zip".into(),
            SchemeNotAllowed("ftp".into()),
        ),
        ("file:///etc/passwd".into(), SchemeNotAllowed("file".into())),
        (
            "blob:https://download-accl.zoho.com/1".into(),
            SchemeNotAllowed("blob".into()),
        ),
        (format!("https:{zoho}/x.zip"), Unparseable),
        (format!("https:/{zoho}/x.zip"), Unparseable),
        ("v3/crm/org1/bulk-write/1/1.zip".into(), NotAbsoluteOrRooted),
        ("../x.zip".into(), DotSegments),
        ("x.zip".into(), NotAbsoluteOrRooted),
        ("".into(), Empty),
        ("   ".into(), Empty),
        (format!("https://{zoho}/{}", "a".repeat(3000)), TooLong),
        ("https://".into(), Unparseable),
    ];
    assert!(table.len() >= 30);
    for (raw, want) in table {
        assert_eq!(reason(&raw, &eu()), want, "{raw:?}");
    }
}

#[test]
fn custom_origin_allows_only_itself() {
    use UnsafeReason::*;
    let table = [
        (
            "http://localhost:8080/x.zip",
            SchemeNotAllowed("http".into()),
        ),
        ("http://127.0.0.1:8081/x.zip", IpLiteral),
        ("https://127.0.0.1:8080/x.zip", IpLiteral),
        ("http://evil.com/x.zip", SchemeNotAllowed("http".into())),
    ];
    for (raw, want) in table {
        assert_eq!(reason(raw, &sim()), want, "{raw:?}");
    }
    // A Zoho origin never accepts loopback.
    assert_eq!(
        reason("http://127.0.0.1:8080/x.zip", &eu()),
        UnsafeReason::IpLiteral
    );
}

#[test]
fn refused_raw_is_kept_short_and_reasons_read_well() {
    let long = format!("javascript:{}", "a".repeat(5000));
    match classify(&long, &eu()) {
        DownloadUrl::Unsafe { raw, reason } => {
            assert!(raw.chars().count() <= 301);
            assert_eq!(reason, UnsafeReason::TooLong);
        }
        other => panic!("{other:?}"),
    }
    assert!(UnsafeReason::LookAlikeHost("a.zoho.com.evil".into())
        .text()
        .contains("a.zoho.com.evil"));
    assert!(!UnsafeReason::ScriptScheme.to_string().is_empty());
    assert!(!classify("javascript:1", &eu()).is_safe());
}

#[test]
fn proxy_urls_for_safe_downloads() {
    let proxy = ProxyBase::parse("http://127.0.0.1:8787").unwrap();
    let d = classify(
        &format!("https://download-accl.zoho.eu/v2/crm/org1/bulk-write/{JOB}/{JOB}.zip"),
        &eu(),
    );
    assert_eq!(
        d.proxy_url(&proxy),
        Ok(format!(
            "http://127.0.0.1:8787/eu/download/v2/crm/org1/bulk-write/{JOB}/{JOB}.zip"
        ))
    );
    let sandbox = ApiOrigin::Zoho {
        dc: DataCenter::Eu,
        env: Environment::Sandbox,
    };
    let d = classify("/v3/crm/org1/bulk-write/5/5.zip", &sandbox);
    assert_eq!(
        d.proxy_url(&proxy).as_deref(),
        Ok("http://127.0.0.1:8787/eu-sandbox/api-download/v3/crm/org1/bulk-write/5/5.zip")
    );
    let d = classify("/v3/crm/org1/bulk-write/5/5.zip", &sim());
    assert_eq!(d.proxy_url(&proxy), Err(ProxyUrlError::CustomOrigin));
    assert_eq!(
        classify("javascript:1", &eu()).proxy_url(&proxy),
        Err(ProxyUrlError::Unsafe)
    );
    let d = classify(
        "https://download-accl.zoho.eu/v2/crm/org1/bulk-write/5/5.zip?sig=1",
        &eu(),
    );
    assert!(d.is_safe());
    assert_eq!(
        d.proxy_url(&proxy),
        Err(ProxyUrlError::Path(ProxyPathError::Query))
    );
    let d = classify("https://download-accl.zoho.eu/other/place", &eu());
    assert_eq!(
        d.proxy_url(&proxy),
        Err(ProxyUrlError::Path(ProxyPathError::UnknownRoute))
    );
}

/// The curl line a user copies: a placeholder, never a token, and every word quoted so a shell
/// reads it back as the same words (split back by the paste parser, as a user pasting the line
/// into the job field would).
#[test]
fn curl_command_quotes_each_word_and_holds_a_placeholder() {
    use bulkwatch_core::download::curl_command;
    let url = "https://download-accl.zoho.com/v2/crm/o/bulk-write/1/1.zip";
    assert_eq!(
        curl_command(url),
        format!("curl -fLOJ -H 'Authorization: Zoho-oauthtoken <YOUR_TOKEN>' {url}")
    );
    // A URL a shell would otherwise cut or expand: `&`, `;`, a quote, spaces, `$`.
    let odd = "https://download-accl.zoho.com/a b/it's;$HOME&x=1";
    let line = curl_command(odd);
    let pasted = bulkwatch_core::paste::shell_split(&line);
    assert_eq!(
        pasted,
        [
            "curl",
            "-fLOJ",
            "-H",
            "Authorization: Zoho-oauthtoken <YOUR_TOKEN>",
            odd
        ]
    );
}
