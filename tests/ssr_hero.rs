//! SSR string tests of the job as the page's hero: once a job is watched the connect panel is one
//! line (job, data centre, version, route) with "Change", the token field only while a token is
//! missing, and the job's heading focusable with its summary right under it.
#![cfg(not(target_arch = "wasm32"))]

mod ssr_support;

use std::rc::Rc;

use bulkwatch::env::Env;
use bulkwatch::token::Token;
use bulkwatch::ui::app::{App, AppOptions, AppProps};
use bulkwatch::ui::connect::panel::{ConnectPanel, ConnectPanelProps};
use bulkwatch::ui::connect::state::{ConnectAction, ConnectState};
use bulkwatch::ui::job::view::JobView;
use bulkwatch_core::deeplink::parse_fragment;
use ssr_support::job_view::{props, state_after};
use ssr_support::render;
use yew::Reducible;

const JOB: &str = "111111000000541958";
const COMPLETED: &str = include_str!("fixtures/jobs/seed_completed.json");

fn panel(state: Rc<ConnectState>) -> String {
    render::<ConnectPanel>(ConnectPanelProps {
        state,
        dispatch: Default::default(),
        demo: None,
        local_api: None,
        focus_on_mount: false,
    })
}

fn watching(fragment: &str) -> Rc<ConnectState> {
    Rc::new(ConnectState::from_link(&parse_fragment(fragment)))
        .reduce(ConnectAction::Connect {
            token_text: "1000.hero-secret".into(),
        })
        // A proxy from a link is confirmed first (a no-op for Zoho's own hosts).
        .reduce(ConnectAction::ConfirmOrigin)
}

/// The folded line's text, tags removed.
fn line_of(html: &str) -> Option<String> {
    let at = html.find(r#"data-testid="connect-line""#)?;
    let open = at + html[at..].find('>')? + 1;
    let close = open + html[open..].find("</p>")?;
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[open..close].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(text)
}

fn has(html: &str, id: &str) -> bool {
    html.contains(&format!(r#"data-testid="{id}""#))
}

#[test]
fn a_watched_job_folds_the_form_into_one_line() {
    let html = panel(watching(&format!("#dc=us&v=v8&job={JOB}")));
    let line = line_of(&html).expect("the line");
    assert!(
        line.contains("1111…1958") && line.contains("· US · v8 · direct"),
        "{line}"
    );
    assert!(
        html.contains(&format!(r#"title="{JOB}""#)),
        "the full id: {html}"
    );
    assert!(has(&html, "connect-change"));
    assert!(has(&html, "forget-token"), "a held token can be forgotten");
    for gone in [
        "dc-select",
        "version-select",
        "job-input",
        "proxy-input",
        "token-input",
        "connect",
    ] {
        assert!(!has(&html, gone), "{gone} is folded away: {html}");
    }
    assert!(!html.contains("hero-secret"), "the token is never rendered");
}

#[test]
fn change_opens_the_form_as_it_was() {
    let s = watching(&format!("#dc=eu&v=v3&job={JOB}")).reduce(ConnectAction::Change);
    let html = panel(s);
    assert!(!has(&html, "connect-line"));
    assert!(has(&html, "dc-select") && has(&html, "job-input"));
    assert!(html.contains(r#"<option value="eu" selected"#), "{html}");
    assert!(html.contains(&format!(r#"value="{JOB}""#)));
}

#[test]
fn the_line_names_a_proxy_and_a_custom_origin() {
    let html = panel(watching(&format!(
        "#dc=eu&v=v8&job={JOB}&proxy=http%3A%2F%2F127.0.0.1%3A8787"
    )));
    let line = line_of(&html).expect("the line");
    assert!(
        line.contains("EU · v8 · via proxy 127.0.0.1:8787"),
        "{line}"
    );
    let s = Rc::new(
        ConnectState::from_link(&parse_fragment(&format!(
            "#api=http%3A%2F%2F127.0.0.1%3A8080&v=v8&job={JOB}"
        )))
        .with_page_origin(Some("http://127.0.0.1:8080".into())),
    )
    .reduce(ConnectAction::Connect {
        token_text: "tok".into(),
    });
    let line = line_of(&panel(s)).expect("the line");
    assert!(line.contains("127.0.0.1:8080 · v8 · direct"), "{line}");
}

#[test]
fn a_missing_token_is_asked_for_in_the_line() {
    let s = watching(&format!("#dc=us&v=v8&job={JOB}")).reduce(ConnectAction::TokenRejected);
    let html = panel(s);
    assert!(has(&html, "connect-line"), "the job stays the hero");
    assert!(has(&html, "token-row") && has(&html, "token-input") && has(&html, "connect"));
    assert!(html.contains(r#"aria-invalid="true""#), "{html}");
    assert!(has(&html, "connect-problem"), "the 401 is said");
    assert!(!has(&html, "forget-token") && !has(&html, "dc-select"));
}

#[test]
fn the_app_with_a_token_shows_the_line_and_without_one_the_form() {
    let options = |token: Option<&str>| {
        let mut o = AppOptions::new(Env::browser());
        o.initial = parse_fragment(&format!("#dc=us&v=v8&job={JOB}"));
        o.auto_token = token.and_then(Token::new);
        o
    };
    let html = render::<App>(AppProps {
        options: options(Some("1000.app-secret")),
    });
    assert!(
        has(&html, "connect-line") && !has(&html, "token-input"),
        "{html}"
    );
    // A deep link with no token: the form, open, asks for it.
    let html = render::<App>(AppProps {
        options: options(None),
    });
    assert!(!has(&html, "connect-line"));
    assert!(has(&html, "token-input") && has(&html, "job-input"));
}

#[test]
fn the_job_heading_takes_focus_and_the_summary_follows_it() {
    let state = state_after(&[(COMPLETED, 1_548_857_895_000, 1_548_857_896_000)]);
    let html = render::<JobView>(props(state));
    let heading = html
        .find(r#"data-testid="job-heading""#)
        .expect("the heading");
    let tag = &html[html[..heading].rfind('<').unwrap()..heading];
    assert!(
        tag.starts_with("<h2") && tag.contains(r#"tabindex="-1""#),
        "{tag}"
    );
    let summary = html
        .find(r#"data-testid="job-summary""#)
        .expect("the summary");
    let facts = html
        .find(r#"data-testid="operation""#)
        .expect("the header's facts");
    assert!(
        heading < summary && summary < facts,
        "the summary sits right under the heading, before the details"
    );
}
