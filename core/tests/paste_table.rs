//! The pasted-input parser: ids, URLs of each data centre, environment and version, curl lines,
//! and garbage with its reason. A token in a paste is never returned or echoed.

use bulkwatch_core::endpoint::{ApiOrigin, ApiVersion, DataCenter, Environment, JobIdError};
use bulkwatch_core::paste::{parse_paste, PasteError, PasteKind, Pasted};

const ID: &str = "111111000000541958";
const TOKEN: &str = "1000.8cb99d0123456789abcdef9be93.9b8f0123456789abcdef0f";

fn zoho(dc: DataCenter, env: Environment) -> Option<ApiOrigin> {
    Some(ApiOrigin::Zoho { dc, env })
}

/// (paste, origin, version, kind, token seen)
type Row = (
    String,
    Option<ApiOrigin>,
    Option<ApiVersion>,
    PasteKind,
    bool,
);

fn ok_rows() -> Vec<Row> {
    use DataCenter::*;
    use Environment::*;
    use PasteKind::*;
    let v8 = Some(ApiVersion::V8);
    let mut rows: Vec<Row> = vec![
        (ID.into(), None, None, BareId, false),
        (format!("  {ID}\n"), None, None, BareId, false),
        (format!("\"{ID}\""), None, None, BareId, false),
        ("7".into(), None, None, BareId, false),
        (format!("https://www.zohoapis.com/crm/bulk/v3/write/{ID}"), zoho(Us, Production), Some(ApiVersion::V3), Url, false),
        (format!("https://www.zohoapis.eu/crm/bulk/v8/write/{ID}/"), zoho(Eu, Production), v8, Url, false),
        (format!("https://sandbox.zohoapis.in/crm/bulk/v2.1/write/{ID}?x=1"), zoho(In, Sandbox), Some(ApiVersion::V2_1), Url, false),
        (format!("https://developer.zohoapis.com.au/crm/bulk/v2/write/{ID}#top"), zoho(Au, Developer), Some(ApiVersion::V2), Url, false),
        (format!("https://WWW.ZOHOAPIS.JP/CRM/BULK/V7/WRITE/{ID}"), zoho(Jp, Production), Some(ApiVersion::V7), Url, false),
        (format!("www.zohoapis.ca/crm/bulk/v6/write/{ID}"), zoho(Ca, Production), Some(ApiVersion::V6), Url, false),
        (format!("http://www.zohoapis.sa/crm/bulk/v5/write/{ID}"), zoho(Sa, Production), Some(ApiVersion::V5), Url, false),
        (format!("https://www.zohoapis.com.cn/crm/bulk/v4/write/{ID}"), zoho(Cn, Production), Some(ApiVersion::V4), Url, false),
        (format!("/crm/bulk/v8/write/{ID}"), None, v8, Url, false),
        (format!("http://127.0.0.1:8080/crm/bulk/v8/write/{ID}"), Some(ApiOrigin::parse("http://127.0.0.1:8080").unwrap()), v8, Url, false),
        (format!("http://127.0.0.1:8787/eu-sandbox/crm/bulk/v8/write/{ID}"), zoho(Eu, Sandbox), v8, Url, false),
        (format!("https://www.zohoapis.eu/crm/bulk/v8/write/{ID}?access_token={TOKEN}"), zoho(Eu, Production), v8, Url, true),
        // The seed's own sample request, three lines.
        (
            format!("curl \"https://www.zohoapis.com/crm/bulk/v3/write/{ID}\"\n-X GET\n-H \"Authorization: Zoho-oauthtoken {TOKEN}\""),
            zoho(Us, Production), Some(ApiVersion::V3), Curl, true,
        ),
        (
            format!("curl 'https://www.zohoapis.eu/crm/bulk/v8/write/{ID}' \\\n  -X GET \\\n  -H 'Authorization: Zoho-oauthtoken {TOKEN}'"),
            zoho(Eu, Production), v8, Curl, true,
        ),
        (
            format!("curl -X GET -H \"Authorization: Zoho-oauthtoken {TOKEN}\" https://sandbox.zohoapis.com/crm/bulk/v8/write/{ID}"),
            zoho(Us, Sandbox), v8, Curl, true,
        ),
        (
            format!("curl -XGET -H'authorization: Zoho-oauthtoken {TOKEN}' --compressed -s \"https://www.zohoapis.in/crm/bulk/v2.1/write/{ID}\""),
            zoho(In, Production), Some(ApiVersion::V2_1), Curl, true,
        ),
        (
            format!("curl --request GET --url https://www.zohoapis.jp/crm/bulk/v8/write/{ID} --header 'Accept: application/json'"),
            zoho(Jp, Production), v8, Curl, false,
        ),
        (
            format!("CURL --url=https://www.zohoapis.eu/crm/bulk/v8/write/{ID} -u me:secret"),
            zoho(Eu, Production), v8, Curl, true,
        ),
        (
            format!("curl ^\"https://www.zohoapis.com/crm/bulk/v8/write/{ID}^\" ^\n  -H ^\"Authorization: Zoho-oauthtoken {TOKEN}^\""),
            zoho(Us, Production), v8, Curl, true,
        ),
        (
            format!("curl.exe `\r\n https://www.zohoapis.com/crm/bulk/v8/write/{ID} -H \"Cookie: a=b\""),
            zoho(Us, Production), v8, Curl, true,
        ),
        (
            format!("   curl $'https://www.zohoapis.eu/crm/bulk/v8/write/{ID}'   "),
            zoho(Eu, Production), v8, Curl, false,
        ),
        // Cut short mid-quote (a paste that lost its last characters): the quote runs to the end.
        (
            format!("curl -H \"Authorization: Zoho-oauthtoken {TOKEN}\" 'https://www.zohoapis.eu/crm/bulk/v8/write/{ID}"),
            zoho(Eu, Production), v8, Curl, true,
        ),
        (
            format!("curl \"https://www.zohoapis.eu/crm/bulk/v8/write/{ID}"),
            zoho(Eu, Production), v8, Curl, false,
        ),
    ];
    for dc in DataCenter::ALL {
        for env in Environment::ALL {
            rows.push((
                format!("https://{}/crm/bulk/v8/write/{ID}", dc.api_host(env)),
                zoho(dc, env),
                v8,
                Url,
                false,
            ));
        }
    }
    rows
}

#[test]
fn pastes_that_name_a_job() {
    let rows = ok_rows();
    assert!(rows.len() >= 25);
    for (paste, origin, version, kind, token_seen) in rows {
        let got = parse_paste(&paste).unwrap_or_else(|e| panic!("{paste:?}: {e}"));
        let want_job = if paste.trim().trim_matches('"') == "7" {
            "7"
        } else {
            ID
        };
        assert_eq!(
            got,
            Pasted {
                origin,
                version,
                job: bulkwatch_core::endpoint::JobId::parse(want_job).unwrap(),
                kind,
                token_seen
            },
            "{paste:?}"
        );
        // The token never comes back, not even in Debug output.
        assert!(!format!("{got:?}").contains("1000."), "{paste:?}");
    }
}

#[test]
fn pastes_that_do_not_with_their_reason() {
    use PasteError::*;
    let table: Vec<(String, PasteError)> = vec![
        ("".into(), Empty),
        ("   \n\t".into(), Empty),
        ("\"\"".into(), Empty),
        ("1".repeat(31), InvalidJobId(JobIdError::TooLong)),
        ("1111 1111 1111".into(), InvalidJobId(JobIdError::NotDigits)),
        ("111111000000541958x".into(), InvalidJobId(JobIdError::NotDigits)),
        (TOKEN.into(), LooksLikeToken),
        (format!("Zoho-oauthtoken {TOKEN}"), LooksLikeToken),
        (format!("Authorization: Zoho-oauthtoken {TOKEN}"), LooksLikeToken),
        ("hello there".into(), Unrecognised),
        ("Deals.csv".into(), Unrecognised),
        (format!("https://www.zohoapis.com/crm/bulk/v9/write/{ID}"), UnknownVersion),
        (format!("https://www.zohoapis.com/crm/bulk/8/write/{ID}"), UnknownVersion),
        ("https://www.zohoapis.com/crm/bulk/v8/write".into(), NoJobId),
        ("https://www.zohoapis.com/crm/bulk/v8/write/".into(), NoJobId),
        (format!("https://www.zohoapis.com/crm/bulk/v8/read/{ID}"), BulkRead),
        ("https://www.zohoapis.com/crm/v8/Leads".into(), NotBulkWrite),
        (format!("https://www.zohoapis.com/x/crm/bulk/v8/write/{ID}"), NotBulkWrite),
        (format!("https://crm.zoho.eu/crm/bulk/v8/write/{ID}/extra"), NotBulkWrite),
        (format!("https://www.zohoapis.com/crm/bulk/v8/write/{ID}a"), InvalidJobId(JobIdError::NotDigits)),
        (format!("http://evil.example/crm/bulk/v8/write/{ID}"), Origin(bulkwatch_core::endpoint::OriginError::HttpNotLoopback)),
        (format!("https://u:p@www.zohoapis.com/crm/bulk/v8/write/{ID}"), Origin(bulkwatch_core::endpoint::OriginError::Userinfo)),
        (format!("https://www.zohoapis.com:8443/crm/bulk/v8/write/{ID}"), Origin(bulkwatch_core::endpoint::OriginError::ZohoNotDefault)),
        (format!("ftp://www.zohoapis.com/crm/bulk/v8/write/{ID}"), Origin(bulkwatch_core::endpoint::OriginError::SchemeNotAllowed)),
        ("https://exa mple.com/crm/bulk/v8/write/1".into(), BadUrl),
        ("https://[zz]/crm/bulk/v8/write/1".into(), BadUrl),
        ("curl".into(), NoUrlInCurl),
        (format!("curl -H 'Authorization: Zoho-oauthtoken {TOKEN}'"), NoUrlInCurl),
        (format!("curl -X POST https://www.zohoapis.com/crm/bulk/v8/write -H 'Authorization: Zoho-oauthtoken {TOKEN}' -d '{{}}'"), NoJobId),
        ("x".repeat(20_000), TooLong),
    ];
    for (paste, want) in table {
        assert_eq!(parse_paste(&paste), Err(want), "{paste:?}");
    }
}

#[test]
fn errors_never_echo_the_paste() {
    let pastes = [
        format!("curl -H 'Authorization: Zoho-oauthtoken {TOKEN}'"),
        TOKEN.to_string(),
        format!("https://www.zohoapis.com/crm/bulk/v9/write/{TOKEN}"),
        format!("curl https://www.zohoapis.com/crm/bulk/v8/write/{TOKEN} -u a:{TOKEN}"),
    ];
    for paste in pastes {
        let err = parse_paste(&paste).expect_err("not a job");
        assert!(!err.to_string().contains("1000."), "{err}");
        assert!(!format!("{err:?}").contains("1000."), "{err:?}");
    }
}
