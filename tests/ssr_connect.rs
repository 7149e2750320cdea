//! SSR string tests of the connect panel: its stable test hooks, the token never rendered, and
//! a link's foreign origin shown plainly and waiting for confirmation.
#![cfg(not(target_arch = "wasm32"))]

mod ssr_support;

use std::rc::Rc;

use bulkwatch::ui::connect::panel::{ConnectPanel, ConnectPanelProps};
use bulkwatch::ui::connect::state::{ConnectAction, ConnectState};
use bulkwatch_core::deeplink::parse_fragment;
use ssr_support::render;
use yew::Reducible;

fn connect_html(state: ConnectState) -> String {
    render::<ConnectPanel>(ConnectPanelProps {
        state: Rc::new(state),
        dispatch: Default::default(),
        demo: None,
        local_api: None,
        focus_on_mount: false,
    })
}

#[test]
fn connect_panel_controls_and_token_states() {
    let html = connect_html(ConnectState::default());
    for id in [
        "dc-select",
        "version-select",
        "job-input",
        "token-input",
        "proxy-input",
        "connect",
    ] {
        assert!(
            html.contains(&format!(r#"data-testid="{id}""#)),
            "missing {id}"
        );
    }
    assert!(html.contains(r#"type="password""#));
    assert!(!html.contains("forget-token"));
    // v8 is the default version.
    assert!(html.contains(r#"<option value="v8" selected"#), "{html}");

    let held = Rc::new(ConnectState::default()).reduce(ConnectAction::UseDemo {
        token: bulkwatch::token::Token::new("secret-token-value").unwrap(),
        job: Some(("42".into(), None)),
    });
    let html = connect_html((*held).clone());
    assert!(html.contains(r#"data-testid="forget-token""#));
    // The field stays, empty, to replace the token.
    let at = html
        .find(r#"data-testid="token-input""#)
        .expect("the token field");
    let tag_start = html[..at].rfind('<').unwrap();
    let tag = &html[tag_start..at + html[at..].find('>').unwrap()];
    assert!(
        tag.contains(r#"type="password""#) && !tag.contains("value="),
        "{tag}"
    );
    assert!(
        !html.contains("secret-token-value"),
        "the token is never rendered"
    );
}

#[test]
fn a_foreign_origin_from_a_link_waits_for_confirmation() {
    let parsed = parse_fragment("#api=https%3A%2F%2Fevil.example&job=42&v=v8");
    let s = Rc::new(ConnectState::from_link(&parsed)).reduce(ConnectAction::Connect {
        token_text: "tok".into(),
    });
    assert!(
        s.watching().is_none(),
        "nothing is watched before confirmation"
    );
    let html = connect_html((*s).clone());
    assert!(html.contains(r#"data-testid="confirm-origin""#), "{html}");
    assert!(
        html.contains("https://evil.example"),
        "shown plainly: {html}"
    );
    let s = s.reduce(ConnectAction::ConfirmOrigin);
    assert!(s.watching().is_some());
}

/// The App on a page that shares its tokens: the form offers the token the page holds for the
/// form's origin, and only for that origin.
fn app_html(tokens: bulkwatch::token_map::TokenMap) -> String {
    use bulkwatch::ui::app::{App, AppOptions, AppProps, TokenShare};
    let mut options = AppOptions::new(bulkwatch::env::Env::browser());
    options.initial = parse_fragment("#dc=eu&v=v8&job=42");
    options.tokens = Some(TokenShare {
        tokens,
        on_change: Default::default(),
    });
    render::<App>(AppProps { options })
}

#[test]
fn a_shared_token_is_offered_for_its_origin_only() {
    use bulkwatch::token::Token;
    use bulkwatch::token_map::TokenMap;
    use bulkwatch_core::endpoint::ApiOrigin;

    let eu = ApiOrigin::parse("https://www.zohoapis.eu").unwrap();
    let us = ApiOrigin::parse("https://www.zohoapis.com").unwrap();
    let secret = "1000.shared-secret";
    let html = app_html(TokenMap::with(&eu, Token::new(secret).unwrap()));
    assert!(html.contains(r#"data-testid="token-held""#), "{html}");
    assert!(html.contains(r#"data-testid="forget-token""#));
    assert!(!html.contains(secret), "the token is never rendered");

    let html = app_html(TokenMap::with(&us, Token::new(secret).unwrap()));
    assert!(
        !html.contains(r#"data-testid="token-held""#),
        "another data centre's token"
    );
    let html = app_html(TokenMap::default());
    assert!(!html.contains(r#"data-testid="token-held""#));
}

#[test]
fn a_pasted_foreign_origin_is_shown_plainly_and_waits() {
    let s = Rc::new(ConnectState::default().with_page_origin(Some("http://127.0.0.1:8080".into())))
        .reduce(ConnectAction::SetJobInput(
            "https://zoho-crm.evil.example/crm/bulk/v8/write/42".into(),
        ))
        .reduce(ConnectAction::Connect {
            token_text: "1000.pasted-secret".into(),
        });
    assert!(
        s.watching().is_none(),
        "nothing is watched before confirmation"
    );
    let html = connect_html((*s).clone());
    assert!(html.contains(r#"data-testid="origin-warning""#), "{html}");
    assert!(
        html.contains(r#"class="bw-break">https://zoho-crm.evil.example</code>"#),
        "the origin is shown as text: {html}"
    );
    assert!(
        !html.contains("pasted-secret"),
        "the token is never rendered"
    );
}
