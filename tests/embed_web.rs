//! Browser tests of the embedding layer: `BulkWriteJob` with the fake transport, timers and page
//! of the widget's tests (its callbacks fire once per news, a host token resumes after a 401,
//! `poll = Off` asks once, says so and asks once more per "Check again"), and the `mount()` handle's contract (option types, an unusable
//! setting shown and dispatched as an event, one widget per element, update/destroy) — none of
//! which touches the network.
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)]
mod web_support;

use std::cell::RefCell;
use std::rc::Rc;

use bulkwatch::component::{BulkWriteJob, BulkWriteJobProps, JobChange, JobProblem};
use bulkwatch::embed::mount::mount;
use bulkwatch::env::{Env, MemoryStore, Page};
use bulkwatch::options::PollMode;
use bulkwatch::share::Alone;
use bulkwatch::token::Token;
use bulkwatch::ui::time_fmt::local_clock;
use bulkwatch_core::model::JobStatus;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_support::{settle, FakePage, FakeTimers, FakeTransport, JOB};
use yew::{AttrValue, Callback};

wasm_bindgen_test_configure!(run_in_browser);

const ADDED: &str = include_str!("fixtures/jobs/seed_added.json");
const RUNNING: &str = include_str!("fixtures/jobs/seed_in_progress.json");
const COMPLETED: &str = include_str!("fixtures/jobs/seed_completed.json");
const INVALID_TOKEN: &str = include_str!("fixtures/errors/invalid_token.json");
const TOO_MANY: &str = include_str!("fixtures/errors/too_many_requests.json");

#[derive(Default)]
struct Heard {
    changes: RefCell<Vec<JobChange>>,
    completions: RefCell<Vec<JobChange>>,
    errors: RefCell<Vec<JobProblem>>,
    statuses: RefCell<Vec<Option<JobStatus>>>,
}

struct Hosted {
    root: web_sys::Element,
    app: Option<yew::AppHandle<BulkWriteJob>>,
    props: BulkWriteJobProps,
    http: Rc<FakeTransport>,
    timers: Rc<FakeTimers>,
    page: Rc<FakePage>,
    heard: Rc<Heard>,
}

impl Drop for Hosted {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A host rendering `BulkWriteJob` for `JOB` on Zoho US with `token`, in fakes.
fn host(token: Option<&str>, poll: PollMode) -> Hosted {
    let http = Rc::new(FakeTransport::default());
    let timers = Rc::new(FakeTimers::default());
    let page = Rc::new(FakePage::default());
    let env = Env {
        transport: http.clone(),
        timers: timers.clone(),
        page: page.clone(),
        store: Rc::new(MemoryStore::default()),
        sharing: Rc::new(Alone),
    };
    let heard = Rc::new(Heard::default());
    let props = BulkWriteJobProps {
        job_id: Some(AttrValue::from(JOB)),
        dc: Some("us".into()),
        api_domain: None,
        api_version: None,
        proxy: None,
        extra_hosts: None,
        rows: None,
        token: token.and_then(Token::new),
        poll,
        read_only: false,
        compact: false,
        budget: 300,
        env: Some(env),
        on_change: {
            let h = heard.clone();
            Callback::from(move |c| h.changes.borrow_mut().push(c))
        },
        on_complete: {
            let h = heard.clone();
            Callback::from(move |c| h.completions.borrow_mut().push(c))
        },
        on_error: {
            let h = heard.clone();
            Callback::from(move |e| h.errors.borrow_mut().push(e))
        },
        on_status: {
            let h = heard.clone();
            Callback::from(move |s| h.statuses.borrow_mut().push(s))
        },
    };
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let app =
        yew::Renderer::<BulkWriteJob>::with_root_and_props(root.clone(), props.clone()).render();
    Hosted {
        root,
        app: Some(app),
        props,
        http,
        timers,
        page,
        heard,
    }
}

impl Hosted {
    fn q(&self, testid: &str) -> Option<web_sys::Element> {
        self.root
            .query_selector(&format!("[data-testid=\"{testid}\"]"))
            .unwrap()
    }
    fn update(&mut self, change: impl FnOnce(&mut BulkWriteJobProps)) {
        change(&mut self.props);
        if let Some(app) = self.app.as_mut() {
            app.update(self.props.clone());
        }
    }
}

#[wasm_bindgen_test]
async fn callbacks_report_each_change_once_and_completion_once() {
    let w = host(Some("tok"), PollMode::Auto);
    settle().await;
    assert_eq!(w.http.count(), 1);
    w.http.respond_json(0, 200, ADDED);
    settle().await;
    {
        let changes = w.heard.changes.borrow();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].status, JobStatus::Added);
        assert_eq!(changes[0].previous, None);
        assert_eq!(changes[0].job_id.as_str(), JOB);
    }
    assert_eq!(
        w.heard.statuses.borrow().last(),
        Some(&Some(JobStatus::Added))
    );

    // Two 429s in a row are one piece of news; what was shown stays.
    for i in 1..=2 {
        w.timers.fire_poll();
        settle().await;
        w.http.respond_json(i, 429, TOO_MANY);
        settle().await;
    }
    {
        let errors = w.heard.errors.borrow();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].error.code(), "TOO_MANY_REQUESTS");
        assert_eq!(errors[0].error.http_status(), Some(429));
    }
    assert_eq!(w.heard.changes.borrow().len(), 1);

    for (i, body) in [(3, RUNNING), (4, COMPLETED)] {
        w.timers.fire_poll();
        settle().await;
        w.http.respond_json(i, 200, body);
        settle().await;
    }
    let changes = w.heard.changes.borrow();
    assert_eq!(changes.len(), 3);
    assert_eq!(changes[2].status, JobStatus::Completed);
    assert_eq!(changes[2].previous, Some(JobStatus::InProgress));
    let completions = w.heard.completions.borrow();
    assert_eq!(completions.len(), 1);
    assert_eq!(completions[0], changes[2]);
    assert!(w.timers.live_polls().is_empty(), "stopped at COMPLETED");
}

#[wasm_bindgen_test]
async fn a_new_token_from_the_host_resumes_after_a_401() {
    let mut w = host(Some("old-token"), PollMode::Auto);
    settle().await;
    w.http.respond_json(0, 401, INVALID_TOKEN);
    settle().await;
    assert_eq!(w.heard.errors.borrow().len(), 1);
    assert_eq!(w.heard.errors.borrow()[0].error.code(), "INVALID_TOKEN");
    assert!(w.q("token-input").is_some(), "the token field opens");
    assert_eq!(w.http.count(), 1, "no retry with a refused token");

    w.update(|p| p.token = Token::new("new-token"));
    settle().await;
    assert_eq!(w.http.count(), 2, "a new token asks at once");
    assert_eq!(w.http.request(1).token, Token::new("new-token"));
    w.http.respond_json(1, 200, ADDED);
    settle().await;
    assert!(w.q("token-input").is_none());
    assert_eq!(w.heard.changes.borrow().len(), 1);
}

#[wasm_bindgen_test]
async fn without_a_token_nothing_is_asked_and_read_only_offers_no_field() {
    let mut w = host(None, PollMode::Auto);
    settle().await;
    assert_eq!(w.http.count(), 0);
    assert!(w.q("token-input").is_some());
    w.update(|p| p.read_only = true);
    settle().await;
    assert!(w.q("token-input").is_none());
    assert!(w.q("needs-token").is_some());
    w.update(|p| p.token = Token::new("tok"));
    settle().await;
    assert_eq!(w.http.count(), 1, "setting the token later starts polling");
}

#[wasm_bindgen_test]
async fn poll_off_asks_once_and_a_new_job_once_more() {
    let mut w = host(Some("tok"), PollMode::Off);
    settle().await;
    w.http.respond_json(0, 200, RUNNING);
    settle().await;
    assert!(w.timers.live_polls().is_empty(), "no next poll");
    assert_eq!(w.http.count(), 1);
    // Off is a mode, not a spent budget: the poll bar says so, and offers "Check again".
    let said = |w: &Hosted| {
        w.q("next-check")
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    let first_answer = w.page.now_ms() as u64;
    assert_eq!(
        said(&w),
        format!(
            "Polling is off: showing the job as of {}.",
            local_clock(first_answer)
        )
    );
    assert!(w.q("resume").is_none(), "nothing to resume");
    assert!(!w.root.text_content().unwrap_or_default().contains("budget"));

    // "Check again": exactly one more request, and then nothing planned again.
    w.page.advance(65_000.0);
    w.q("check-again")
        .expect("a Check again button")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    assert_eq!(w.http.count(), 2, "one more request");
    w.http.respond_json(1, 200, RUNNING);
    settle().await;
    assert_eq!(w.http.count(), 2, "and only one");
    assert!(w.timers.live_polls().is_empty(), "no next poll");
    assert_eq!(
        said(&w),
        format!(
            "Polling is off: showing the job as of {}.",
            local_clock(first_answer + 65_000)
        )
    );

    w.update(|p| p.job_id = Some("222".into()));
    settle().await;
    assert_eq!(w.http.count(), 3);
    assert!(w.http.request(2).url.ends_with("/write/222"));
    assert_eq!(
        w.heard.statuses.borrow().last(),
        Some(&None),
        "a new job shows no status until it answers"
    );
}

/// A running answer with `processed` records done (all skipped: the counts are what matter).
fn running(processed: u64) -> String {
    RUNNING
        .replace(
            "\"skipped_count\": 100",
            &format!("\"skipped_count\": {processed}"),
        )
        .replace(
            "\"total_count\": 100",
            &format!("\"total_count\": {processed}"),
        )
}

#[wasm_bindgen_test]
async fn the_hosts_row_count_reaches_the_view_and_steers_the_pace() {
    for (rows, want) in [(None, 9_000), (Some("1000"), 40_500)] {
        let mut w = host(Some("tok"), PollMode::Auto);
        w.update(|p| p.rows = rows.map(AttrValue::from));
        settle().await;
        w.http.respond_json(0, 200, &running(100));
        settle().await;
        assert_eq!(
            w.timers.live_polls(),
            vec![9_000],
            "no rate yet: the steady pace"
        );
        let field = w
            .q("expected-rows")
            .expect("the row-count field while running");
        let value = field.unchecked_into::<web_sys::HtmlInputElement>().value();
        assert_eq!(
            value,
            rows.unwrap_or(""),
            "the host's count is shown in the field"
        );
        w.page.advance(9_000.0);
        w.timers.fire_poll();
        settle().await;
        // 90 records in 9 s: 10/s. With 1 000 rows, 810 left = 81 s: the next check is at half.
        w.http.respond_json(1, 200, &running(190));
        settle().await;
        assert_eq!(w.timers.live_polls(), vec![want], "rows {rows:?}");
    }
}

#[wasm_bindgen_test]
async fn an_unusable_row_count_is_named() {
    let mut w = host(Some("tok"), PollMode::Auto);
    w.update(|p| p.rows = Some("ten thousand".into()));
    settle().await;
    let text = w.q("error").map(|e| e.text_content().unwrap_or_default());
    assert!(
        text.as_deref()
            .is_some_and(|t| t.contains("rows") && t.contains("ten thousand")),
        "{text:?}"
    );
    assert!(w
        .heard
        .errors
        .borrow()
        .iter()
        .any(|e| format!("{e:?}").contains("rows")));
}

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
async fn the_mount_handle_keeps_its_contract() {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let heard = Rc::new(RefCell::new(Vec::<JsValue>::new()));
    let listener = {
        let heard = heard.clone();
        gloo_events_listener(&root, "bulkwatch-error", move |e| {
            heard.borrow_mut().push(e)
        })
    };

    // A wrong type is the host's bug: a TypeError naming the key, never echoing the value.
    let err = mount(root.clone(), options(r#"{"token": 42}"#))
        .err()
        .expect("a number is no token");
    assert!(err.is_instance_of::<js_sys::TypeError>());
    let text = String::from(js_sys::Error::from(err).message());
    assert!(text.contains("token") && !text.contains("42"), "{text}");
    let err = mount(root.clone(), options(r#"{"rows": true}"#))
        .err()
        .expect("true is no row count");
    let text = String::from(js_sys::Error::from(err).message());
    assert!(text.contains("rows"), "{text}");
    // A number that is not a whole count is shown as unusable, named, not thrown.
    let mut rows = mount(root.clone(), options(r#"{"jobId": "42", "rows": 1.5}"#)).unwrap();
    settle().await;
    let shown = root.query_selector(r#"[data-testid="error"]"#).unwrap();
    let shown = shown.and_then(|e| e.text_content()).unwrap_or_default();
    assert!(shown.contains("rows") && shown.contains("1.5"), "{shown}");
    rows.destroy();
    heard.borrow_mut().clear();

    // An unusable setting is shown in the widget and dispatched (after the render).
    let mut handle = mount(root.clone(), options(r#"{"jobId": "42", "dc": "mars"}"#)).unwrap();
    assert!(root.has_attribute("data-bulkwatch-mounted"));
    settle().await;
    let error = root.query_selector("[data-testid=\"error\"]").unwrap();
    assert_eq!(
        error.and_then(|e| e.get_attribute("data-code")).as_deref(),
        Some("INVALID_INPUT")
    );
    assert_eq!(heard.borrow().len(), 1);
    let event: web_sys::CustomEvent = heard.borrow()[0].clone().dyn_into().unwrap();
    assert!(event.bubbles() && event.composed());
    let detail = event.detail();
    let get = |k: &str| js_sys::Reflect::get(&detail, &k.into()).unwrap();
    assert_eq!(get("code").as_string().as_deref(), Some("INVALID_INPUT"));
    assert!(get("httpStatus").is_null());
    assert!(handle.status().is_none());
    assert!(root.get_attribute("status").is_none());

    // One widget per element.
    assert!(mount(root.clone(), JsValue::UNDEFINED).is_err());

    // Fixed by an update; without a token nothing is asked (so nothing reaches the network).
    handle
        .update(options(
            r#"{"dc": null, "apiDomain": "http://127.0.0.1:9"}"#,
        ))
        .unwrap();
    settle().await;
    assert!(root
        .query_selector("[data-testid=\"token-prompt\"]")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("[data-testid=\"error\"]")
        .unwrap()
        .is_none());

    handle.destroy();
    settle().await;
    assert!(handle.destroyed());
    assert_eq!(root.child_element_count(), 0);
    assert!(!root.has_attribute("data-bulkwatch-mounted"));
    assert!(handle.update(options("{}")).is_err());
    handle.destroy(); // twice: nothing happens
    drop(listener);
    root.remove();
}

/// A DOM listener removed on drop (what gloo-events does, kept local to the test).
fn gloo_events_listener(
    target: &web_sys::Element,
    name: &'static str,
    f: impl FnMut(JsValue) + 'static,
) -> gloo_events::EventListener {
    let f = RefCell::new(f);
    gloo_events::EventListener::new(target, name, move |e| {
        (f.borrow_mut())(JsValue::from(e.clone()))
    })
}
