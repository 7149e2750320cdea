//! Tests of the connect panel reducer: kept apart from `state.rs` so each file stays one idea.

use super::*;
use bulkwatch_core::deeplink::{build_fragment, parse_fragment};
use yew::Reducible;

fn reduce(s: ConnectState, actions: Vec<ConnectAction>) -> Rc<ConnectState> {
    actions.into_iter().fold(Rc::new(s), |s, a| s.reduce(a))
}

fn page() -> Option<String> {
    Some("http://127.0.0.1:8080".into())
}

/// The form as a link on the page at [`page`] fills it.
fn linked(fragment: &str) -> ConnectState {
    ConnectState::from_link(&parse_fragment(fragment)).with_page_origin(page())
}

/// What the form waits to have confirmed, if it waits.
fn waiting_for(s: &ConnectState) -> Vec<Confirm> {
    match &s.phase {
        ConnectPhase::Confirming { what, .. } => what.clone(),
        _ => Vec::new(),
    }
}

fn connect(token: &str) -> ConnectAction {
    ConnectAction::Connect {
        token_text: token.into(),
    }
}

#[test]
fn a_pasted_zoho_url_fills_data_centre_version_and_job() {
    let s = reduce(
        ConnectState::default(),
        vec![ConnectAction::SetJobInput(
            "https://www.zohoapis.eu/crm/bulk/v3/write/111111000000541958".into(),
        )],
    );
    assert_eq!(s.dc, DcChoice::Zoho(DataCenter::Eu));
    assert_eq!(s.version, ApiVersion::V3);
    assert_eq!(s.job_input, "111111000000541958");
    assert!(matches!(&s.note, Some(Note::Filled(_))));
}

#[test]
fn a_pasted_curl_line_never_gives_its_token() {
    let curl = r#"curl "https://www.zohoapis.com/crm/bulk/v8/write/42" -H "Authorization: Zoho-oauthtoken 1000.secret""#;
    let s = reduce(
        ConnectState::default(),
        vec![ConnectAction::SetJobInput(curl.into())],
    );
    assert_eq!(s.job_input, "42");
    assert!(s.token.is_none());
    let Some(Note::Filled(text)) = &s.note else {
        panic!("a note: {:?}", s.note)
    };
    assert!(
        text.contains("not taken") && !text.contains("secret"),
        "{text}"
    );
    assert!(!format!("{s:?}").contains("1000.secret"));
}

#[test]
fn watching_needs_a_valid_job_and_a_token() {
    let s = reduce(ConnectState::default(), vec![connect("tok")]);
    assert!(matches!(&s.note, Some(Note::Problem(p)) if p.starts_with("Job")));
    let s = reduce(
        ConnectState::default(),
        vec![ConnectAction::SetJobInput("42".into()), connect("  ")],
    );
    assert!(matches!(&s.note, Some(Note::Problem(p)) if p.contains("token")));
    assert!(s.watching().is_none());
    let s = s.reduce(connect("tok"));
    let t = s.watching().expect("watching");
    assert_eq!(t.job.as_str(), "42");
    assert_eq!(t.origin.origin_string(), "https://www.zohoapis.com");
    // The same target again keeps its Rc: the poller is not restarted.
    let again = s.clone().reduce(connect(""));
    assert!(Rc::ptr_eq(&again.watching().unwrap(), &t));
}

#[test]
fn a_401_forgets_the_token_but_keeps_watching() {
    let s = reduce(
        ConnectState::default(),
        vec![ConnectAction::SetJobInput("42".into()), connect("tok")],
    );
    let target = s.watching().unwrap();
    let s = s.reduce(ConnectAction::TokenRejected);
    assert!(s.token.is_none());
    assert_eq!(s.note, Some(Note::TokenRejected));
    assert!(Rc::ptr_eq(&s.watching().unwrap(), &target));
    let s = s.reduce(connect("new"));
    assert!(s.token.is_some() && Rc::ptr_eq(&s.watching().unwrap(), &target));
}

#[test]
fn a_held_token_is_the_one_watch_uses() {
    let job = ConnectAction::SetJobInput("42".into());
    let held = ConnectAction::HoldToken(Token::new("page-token"));
    let s = reduce(
        ConnectState::default(),
        vec![job.clone(), held, connect("")],
    );
    assert!(s.watching().is_some() && s.token == Token::new("page-token"));
    // None held (forgotten or refused elsewhere): Watch asks for one.
    let none = ConnectAction::HoldToken(None);
    let s = reduce(ConnectState::default(), vec![job, none, connect("")]);
    assert!(s.watching().is_none() && s.token.is_none());
}

#[test]
fn the_proxy_reaches_zoho_only() {
    let s = reduce(
        ConnectState::default(),
        vec![
            ConnectAction::SetDc(DcChoice::Custom),
            ConnectAction::SetCustomOrigin("http://127.0.0.1:8080".into()),
            ConnectAction::SetJobInput("42".into()),
            ConnectAction::SetProxy("http://127.0.0.1:8787".into()),
            connect("tok"),
        ],
    );
    assert!(s.watching().is_none());
    assert!(matches!(&s.note, Some(Note::Problem(p)) if p.contains("proxy")));
}

#[test]
fn links_round_trip_without_a_token_and_the_page_s_own_origin_needs_no_confirmation() {
    let parsed = parse_fragment("#api=http%3A%2F%2F127.0.0.1%3A8080&v=v8&job=42&token=abc");
    let s =
        Rc::new(ConnectState::from_link(&parsed).with_page_origin(page())).reduce(connect("tok"));
    let t = s
        .watching()
        .expect("the page's own origin needs no confirmation");
    assert!(s.link_notes.iter().any(|n| n.contains("token")));
    let fragment = build_fragment(&ConnectState::to_link(&t));
    assert!(
        !fragment.contains("tok") && !fragment.contains("abc"),
        "{fragment}"
    );
    let back = parse_fragment(&fragment);
    assert_eq!(back.link.origin(), Some(t.origin.clone()));
    assert_eq!(back.link.job.as_ref(), Some(&t.job));
    // A Zoho data centre travels as dc=, not api=.
    let eu = reduce(
        ConnectState::default(),
        vec![
            ConnectAction::SetDc(DcChoice::Zoho(DataCenter::Eu)),
            ConnectAction::SetJobInput("42".into()),
            connect("tok"),
        ],
    );
    let fragment = build_fragment(&ConnectState::to_link(&eu.watching().unwrap()));
    assert!(
        fragment.contains("dc=eu") && !fragment.contains("api="),
        "{fragment}"
    );
}

#[test]
fn a_link_followed_later_starts_afresh_without_the_token() {
    let s = reduce(
        ConnectState::default(),
        vec![ConnectAction::SetJobInput("42".into()), connect("tok")],
    );
    assert!(s.watching().is_some() && s.token.is_some());
    let s = s.reduce(ConnectAction::ApplyLink(parse_fragment(
        "#api=http%3A%2F%2F127.0.0.1%3A9&v=v3&job=7",
    )));
    assert!(s.watching().is_none() && s.token.is_none());
    assert_eq!((s.job_input.as_str(), s.version), ("7", ApiVersion::V3));
    assert_eq!(s.custom_origin, "http://127.0.0.1:9");
}

#[test]
fn editing_the_origin_yourself_needs_no_confirmation() {
    let parsed = parse_fragment("#api=https%3A%2F%2Fevil.example&job=42");
    let s = Rc::new(ConnectState::from_link(&parsed)).reduce(connect("tok"));
    assert!(matches!(s.phase, ConnectPhase::Confirming { .. }));
    let s = s.reduce(ConnectAction::SetCustomOrigin(
        "https://other.example".into(),
    ));
    let s = s.reduce(connect(""));
    assert_eq!(
        s.watching().map(|t| t.origin.origin_string()),
        Some("https://other.example".into())
    );
}

#[test]
fn a_linked_proxy_is_confirmed_whatever_else_the_person_edits() {
    let evil = Confirm::Proxy("https://evil.example/p".into());
    let link = "#dc=eu&v=v8&job=42&proxy=https%3A%2F%2Fevil.example%2Fp";
    let edits: Vec<(&str, ConnectAction)> = vec![
        (
            "data centre",
            ConnectAction::SetDc(DcChoice::Zoho(DataCenter::In)),
        ),
        ("version", ConnectAction::SetVersion(ApiVersion::V3)),
        (
            "pasted job URL",
            ConnectAction::SetJobInput("https://www.zohoapis.eu/crm/bulk/v8/write/7".into()),
        ),
        ("job id", ConnectAction::SetJobInput("43".into())),
        (
            "demo job",
            ConnectAction::PickJob {
                id: "44".into(),
                version: None,
            },
        ),
    ];
    for (what, edit) in edits {
        let s = reduce(linked(link), vec![edit, connect("tok")]);
        assert!(
            s.watching().is_none(),
            "after editing the {what}: {:?}",
            s.phase
        );
        assert_eq!(
            waiting_for(&s),
            vec![evil.clone()],
            "after editing the {what}"
        );
    }
    // Retyping the same proxy does not make it the person's own.
    let s = reduce(
        linked(link),
        vec![
            ConnectAction::SetProxy(String::new()),
            ConnectAction::SetProxy("https://evil.example/p".into()),
            connect("tok"),
        ],
    );
    assert_eq!(waiting_for(&s), vec![evil.clone()]);
    // A proxy the person typed instead is theirs.
    let s = reduce(
        linked(link),
        vec![
            ConnectAction::SetProxy("https://proxy.example.org".into()),
            connect("tok"),
        ],
    );
    assert!(s.watching().is_some(), "{:?}", s.phase);
}

#[test]
fn a_linked_origin_is_confirmed_after_switching_data_centres_and_back() {
    let s = reduce(
        linked("#api=https%3A%2F%2Fevil.example&job=42"),
        vec![
            ConnectAction::SetDc(DcChoice::Zoho(DataCenter::Eu)),
            ConnectAction::SetDc(DcChoice::Custom),
            connect("tok"),
        ],
    );
    assert_eq!(
        waiting_for(&s),
        vec![Confirm::ApiOrigin("https://evil.example".into())]
    );
    // "This computer's API" is the page's own origin: nothing to confirm.
    let s = reduce(
        linked("#api=https%3A%2F%2Fevil.example&job=42"),
        vec![
            ConnectAction::UseOrigin("http://127.0.0.1:8080".into()),
            connect("tok"),
        ],
    );
    assert!(s.watching().is_some(), "{:?}", s.phase);
}

#[test]
fn loopback_from_a_link_is_confirmed_unless_it_is_the_page_s_own() {
    let s = reduce(
        linked("#api=http%3A%2F%2F127.0.0.1%3A9999&job=42"),
        vec![connect("tok")],
    );
    assert_eq!(
        waiting_for(&s),
        vec![Confirm::ApiOrigin("http://127.0.0.1:9999".into())]
    );
    let s = reduce(
        linked("#dc=eu&job=42&proxy=http%3A%2F%2F127.0.0.1%3A8787"),
        vec![connect("tok")],
    );
    assert_eq!(
        waiting_for(&s),
        vec![Confirm::Proxy("http://127.0.0.1:8787".into())]
    );
    let s = reduce(
        linked("#api=http%3A%2F%2F127.0.0.1%3A8080&job=42"),
        vec![connect("tok")],
    );
    assert!(s.watching().is_some(), "{:?}", s.phase);
}

#[test]
fn a_pasted_foreign_url_is_confirmed_before_the_token_goes_there() {
    for paste in [
        "https://evil.example/crm/bulk/v8/write/42",
        r#"curl "http://127.0.0.1:9999/crm/bulk/v8/write/42" -H "Authorization: Zoho-oauthtoken x""#,
    ] {
        let s = reduce(
            ConnectState::default().with_page_origin(page()),
            vec![ConnectAction::SetJobInput(paste.into()), connect("tok")],
        );
        assert!(s.watching().is_none(), "{paste}: {:?}", s.phase);
        assert_eq!(waiting_for(&s).len(), 1, "{paste}");
        let s = s.reduce(ConnectAction::ConfirmOrigin);
        assert!(s.watching().is_some(), "{paste}");
    }
    // Zoho's own URLs and the page's own origin are not asked about.
    for paste in [
        "https://www.zohoapis.eu/crm/bulk/v8/write/42",
        "http://127.0.0.1:8080/crm/bulk/v8/write/42",
    ] {
        let s = reduce(
            ConnectState::default().with_page_origin(page()),
            vec![ConnectAction::SetJobInput(paste.into()), connect("tok")],
        );
        assert!(s.watching().is_some(), "{paste}: {:?}", s.phase);
    }
}

#[test]
fn a_confirmation_holds_for_the_tab_not_for_other_places() {
    let s = reduce(
        linked("#api=https%3A%2F%2Fevil.example&job=42"),
        vec![connect("tok"), ConnectAction::ConfirmOrigin],
    );
    assert!(s.watching().is_some());
    // The same place from a later link: already confirmed in this tab.
    let s = s.reduce(ConnectAction::ApplyLink(parse_fragment(
        "#api=https%3A%2F%2Fevil.example&job=43",
    )));
    let s = s.reduce(connect("tok"));
    assert!(s.watching().is_some(), "{:?}", s.phase);
    // Another place is asked about.
    let s = s.reduce(ConnectAction::ApplyLink(parse_fragment(
        "#api=https%3A%2F%2Fother.example&job=43",
    )));
    let s = s.reduce(connect("tok"));
    assert_eq!(
        waiting_for(&s),
        vec![Confirm::ApiOrigin("https://other.example".into())]
    );
}
