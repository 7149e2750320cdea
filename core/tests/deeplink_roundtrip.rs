//! Deep-link fragments: round trips, percent-decoding, tokens ignored, confirmation of origins.

use bulkwatch_core::deeplink::{
    build_fragment, confirm, parse_fragment, Confirm, Confirmed, DeepLink, LinkProblem, ParsedLink,
    Provenance, Source,
};
use bulkwatch_core::endpoint::{
    ApiOrigin, ApiVersion, DataCenter, Environment, JobId, JobIdError, OriginError, ProxyBase, Site,
};

fn job() -> JobId {
    JobId::parse("111111000000541958").unwrap()
}

#[test]
fn links_round_trip() {
    let links = vec![
        DeepLink::default(),
        DeepLink {
            site: Some(Site::production(DataCenter::Eu)),
            version: Some(ApiVersion::V8),
            job: Some(job()),
            ..DeepLink::default()
        },
        DeepLink {
            site: Some(Site {
                dc: DataCenter::Au,
                env: Environment::Sandbox,
            }),
            version: Some(ApiVersion::V2_1),
            job: Some(job()),
            api: None,
            proxy: Some(ProxyBase::parse("http://127.0.0.1:8787/").unwrap()),
        },
        DeepLink {
            site: None,
            version: Some(ApiVersion::V3),
            job: Some(job()),
            api: Some(ApiOrigin::parse("http://localhost:8080").unwrap()),
            proxy: Some(ProxyBase::parse("https://tools.example.org/bw").unwrap()),
        },
    ];
    for link in links {
        let fragment = build_fragment(&link);
        assert!(fragment.starts_with('#'));
        let parsed = parse_fragment(&fragment);
        assert_eq!(parsed.link, link, "{fragment}");
        assert!(
            parsed.problems.is_empty(),
            "{fragment}: {:?}",
            parsed.problems
        );
        assert!(!parsed.token_ignored);
    }
    let eu = DeepLink {
        site: Some(Site::production(DataCenter::Eu)),
        version: Some(ApiVersion::V8),
        job: Some(job()),
        ..DeepLink::default()
    };
    assert_eq!(build_fragment(&eu), "#dc=eu&v=v8&job=111111000000541958");
    let sim = DeepLink {
        api: Some(ApiOrigin::parse("http://127.0.0.1:8080").unwrap()),
        ..eu
    };
    assert_eq!(
        build_fragment(&sim),
        "#dc=eu&v=v8&job=111111000000541958&api=http%3A%2F%2F127.0.0.1%3A8080"
    );
    assert_eq!(
        sim.origin(),
        Some(ApiOrigin::parse("http://127.0.0.1:8080").unwrap())
    );
}

#[test]
fn fragments_people_write() {
    let p = parse_fragment("dc=EU-Sandbox&v=8&job=%31%32%33&api=https%3A%2F%2Fwww.zohoapis.eu");
    assert_eq!(
        p.link.site,
        Some(Site {
            dc: DataCenter::Eu,
            env: Environment::Sandbox
        })
    );
    assert_eq!(p.link.version, Some(ApiVersion::V8));
    assert_eq!(p.link.job, Some(JobId::parse("123").unwrap()));
    assert_eq!(
        p.link.api,
        Some(ApiOrigin::Zoho {
            dc: DataCenter::Eu,
            env: Environment::Production
        })
    );
    assert!(asks(&p, None).is_empty());
    // Unencoded values work too; unknown keys are ignored.
    let p = parse_fragment("#api=http://[::1]:9000&proxy=http://localhost:8787/&theme=dark");
    assert_eq!(
        p.link.api.as_ref().map(ApiOrigin::origin_string).as_deref(),
        Some("http://[::1]:9000")
    );
    // Loopback is no exception: only the page's own origin is.
    assert_eq!(
        asks(&p, Some("http://[::1]:9000")),
        vec![Confirm::Proxy("http://localhost:8787".into())]
    );
    assert!(p.problems.is_empty());
    assert_eq!(parse_fragment(""), Default::default());
}

#[test]
fn tokens_are_ignored_and_reported() {
    for fragment in [
        "#dc=eu&job=1&token=1000.abc.def",
        "#access_token=1000.abc.def&expires_in=3600&api_domain=https%3A%2F%2Fwww.zohoapis.eu",
        "#ACCESS_TOKEN=x",
        "#job=1&refresh_token=1000.x.y",
    ] {
        let p = parse_fragment(fragment);
        assert!(p.token_ignored, "{fragment}");
        assert!(!format!("{p:?}").contains("1000."), "{fragment}");
        assert!(!build_fragment(&p.link).contains("token"), "{fragment}");
    }
}

#[test]
fn foreign_origins_and_proxies_need_confirmation() {
    let page = Some("http://127.0.0.1:8080");
    let p = parse_fragment("#dc=eu&job=1&api=https%3A%2F%2Fzoho-crm.evil.example");
    assert_eq!(
        asks(&p, page),
        vec![Confirm::ApiOrigin("https://zoho-crm.evil.example".into())]
    );
    let p = parse_fragment("#job=1&proxy=https://proxy.example.org");
    assert_eq!(
        asks(&p, page),
        vec![Confirm::Proxy("https://proxy.example.org".into())]
    );
    let p = parse_fragment("#job=1&api=https://crm.zoho.eu&proxy=http://127.0.0.1:1");
    assert_eq!(
        asks(&p, page),
        vec![
            Confirm::ApiOrigin("https://crm.zoho.eu".into()),
            Confirm::Proxy("http://127.0.0.1:1".into()),
        ]
    );
    // The page's own origin, as API or proxy, is not asked about.
    let p = parse_fragment("#job=1&api=http://127.0.0.1:8080&proxy=http://127.0.0.1:8080/bw");
    assert!(asks(&p, page).is_empty());
}

/// What following `p` on a page at `page` asks before a token is sent to what it names.
fn asks(p: &ParsedLink, page: Option<&str>) -> Vec<Confirm> {
    let dests = p.link.destinations();
    let mut provenance = Provenance::default();
    for d in &dests {
        provenance.note(d, Source::Link);
    }
    confirm::to_confirm(&dests, &provenance, page, &Confirmed::default())
}

#[test]
fn bad_values_are_reported_not_used() {
    let p = parse_fragment(
        "#dc=mars&v=v99&job=12ab&api=http%3A%2F%2Fevil.example&proxy=javascript:alert(1)&job=5",
    );
    assert_eq!(p.link, DeepLink::default());
    assert_eq!(
        p.problems,
        vec![
            LinkProblem::BadDc,
            LinkProblem::BadVersion,
            LinkProblem::BadJob(JobIdError::NotDigits),
            LinkProblem::BadApi(OriginError::HttpNotLoopback),
            LinkProblem::BadProxy(OriginError::SchemeNotAllowed),
            LinkProblem::Duplicate("job"),
        ]
    );
    assert!(asks(&p, None).is_empty());
    assert!(LinkProblem::BadJob(JobIdError::TooLong)
        .to_string()
        .contains("30"));
    let long = format!("#job={}", "1".repeat(5000));
    assert_eq!(parse_fragment(&long).problems, vec![LinkProblem::TooLong]);
}
