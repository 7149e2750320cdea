//! Browser tests of the shared poller: several widgets on one job make one request stream, the
//! lead passes on when its holder goes, hides or loses its token, and widgets on different jobs
//! do not share. Most run over a fake of the browser's sharing (deterministic: grants and
//! messages are delivered as spawned tasks); the last runs the real `BroadcastChannel` and Web
//! Locks of the test page.
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)]
mod web_support;

use std::rc::Rc;

use bulkwatch::share::BrowserSharing;
use bulkwatch_core::share::ShareMessage;
use wasm_bindgen_test::*;
use web_support::hub::FakeHub;
use web_support::{mount_in, settle, Widget, JOB};

wasm_bindgen_test_configure!(run_in_browser);

const RUNNING: &str = include_str!("fixtures/jobs/seed_in_progress.json");
const COMPLETED: &str = include_str!("fixtures/jobs/seed_completed.json");
const INVALID_TOKEN: &str = include_str!("fixtures/errors/invalid_token.json");

fn fragment(job: &str) -> String {
    format!("#dc=us&v=v8&job={job}")
}

fn role(w: &Widget) -> Option<String> {
    w.root
        .query_selector("[data-poll-role]")
        .unwrap()
        .and_then(|e| e.get_attribute("data-poll-role"))
}

async fn widget(hub: &Rc<FakeHub>) -> Widget {
    let w = mount_in(&fragment(JOB), 300, false, hub.clone());
    settle().await;
    w
}

/// A leads with one answer shown; B follows, showing it too.
async fn leader_and_follower(hub: &Rc<FakeHub>) -> (Widget, Widget) {
    let a = widget(hub).await;
    let b = widget(hub).await;
    assert_eq!(a.http.count(), 1, "the first widget leads and asks at once");
    assert_eq!(b.http.count(), 0, "the second one waits for its answer");
    a.http.respond_json(0, 200, RUNNING);
    settle().await;
    assert_eq!(b.status().as_deref(), Some("in_progress"));
    (a, b)
}

#[wasm_bindgen_test]
async fn two_widgets_on_one_job_make_one_request_stream() {
    let hub = FakeHub::new();
    let (a, b) = leader_and_follower(&hub).await;
    assert_eq!(role(&a).as_deref(), Some("leading"));
    assert_eq!(role(&b).as_deref(), Some("following"));
    assert_eq!(a.text("request-count").as_deref(), Some("1"));
    assert_eq!(b.text("request-count").as_deref(), Some("0"));
    assert_eq!(b.text("shared-count").as_deref(), Some("1"));
    assert!(
        b.text("next-check")
            .unwrap()
            .contains("its next answer is due around"),
        "a follower's plan is the leader's next answer"
    );
    assert!(a
        .text("next-check")
        .unwrap()
        .starts_with("Next check around"));
    assert_eq!(hub.groups().len(), 1);

    // The follower's own check falls due: it waits for the leader instead of asking.
    b.page.advance(60_000.0);
    b.timers.fire_poll();
    settle().await;
    assert_eq!(b.http.count(), 0);
    assert!(b
        .text("next-check")
        .unwrap()
        .contains("Another tab or widget"));

    a.page.advance(60_000.0);
    a.timers.fire_poll();
    settle().await;
    assert_eq!(a.http.count(), 2);
    a.http.respond_json(1, 200, COMPLETED);
    settle().await;
    assert_eq!(b.status().as_deref(), Some("completed"));
    assert_eq!(b.text("shared-count").as_deref(), Some("2"));
    assert_eq!(b.http.count(), 0, "not one request from the follower");
    // Both stop: the job is done.
    assert!(a.timers.live_polls().is_empty());
    assert!(b.timers.live_polls().is_empty());
    // What went over the channel: the two answers, bodies as received, no token anywhere.
    let answers: Vec<_> = hub
        .posted
        .borrow()
        .iter()
        .filter_map(|m| match m {
            ShareMessage::Answer { answer, .. } => Some(answer.body.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(answers, vec![RUNNING.to_string(), COMPLETED.to_string()]);
    assert!(!hub
        .posted
        .borrow()
        .iter()
        .any(|m| m.encode().contains("first-token")));
}

#[wasm_bindgen_test]
async fn a_due_follower_asks_at_once_when_the_leader_goes() {
    let hub = FakeHub::new();
    let (mut a, b) = leader_and_follower(&hub).await;
    b.page.advance(60_000.0);
    b.timers.fire_poll();
    settle().await;
    assert_eq!(b.http.count(), 0, "following");
    a.destroy();
    settle().await;
    assert_eq!(
        b.http.count(),
        1,
        "handed the lead with a check due: asks now"
    );
    assert_eq!(role(&b).as_deref(), Some("leading"));
    b.http.respond_json(0, 200, COMPLETED);
    settle().await;
    assert_eq!(b.status().as_deref(), Some("completed"));
}

#[wasm_bindgen_test]
async fn a_follower_not_yet_due_takes_over_at_its_planned_check() {
    let hub = FakeHub::new();
    let (mut a, b) = leader_and_follower(&hub).await;
    assert_eq!(
        b.timers.live_polls().len(),
        1,
        "planned from the shared answer"
    );
    a.destroy();
    settle().await;
    assert_eq!(role(&b).as_deref(), Some("leading"));
    assert_eq!(b.http.count(), 0, "no check was due yet");
    b.page.advance(60_000.0);
    b.timers.fire_poll();
    settle().await;
    assert_eq!(b.http.count(), 1);
}

#[wasm_bindgen_test]
async fn a_hidden_leader_hands_the_lead_to_a_visible_member() {
    let hub = FakeHub::new();
    let (a, b) = leader_and_follower(&hub).await;
    a.page.set_hidden(true);
    settle().await;
    assert_eq!(role(&b).as_deref(), Some("leading"));
    assert_eq!(role(&a).as_deref(), Some("following"));
    b.page.advance(60_000.0);
    b.timers.fire_poll();
    settle().await;
    assert_eq!(b.http.count(), 1);
    b.http.respond_json(0, 200, RUNNING);
    settle().await;
    assert_eq!(
        a.text("shared-count").as_deref(),
        Some("1"),
        "heard while hidden"
    );
    // Shown again with a check due, A follows the new leader instead of asking.
    a.page.advance(60_000.0);
    a.page.set_hidden(false);
    settle().await;
    assert_eq!(a.http.count(), 1, "no request from A since it hid");
    assert_eq!(role(&a).as_deref(), Some("following"));
}

#[wasm_bindgen_test]
async fn a_leader_whose_token_is_refused_steps_down_and_keeps_its_error() {
    let hub = FakeHub::new();
    let a = widget(&hub).await;
    let b = widget(&hub).await;
    a.http.respond_json(0, 401, INVALID_TOKEN);
    settle().await;
    assert_eq!(
        a.q("error")
            .and_then(|e| e.get_attribute("data-code"))
            .as_deref(),
        Some("INVALID_TOKEN")
    );
    // B, whose own check was due since it joined, leads and asks with its own token.
    assert_eq!(b.http.count(), 1);
    assert_eq!(role(&b).as_deref(), Some("leading"));
    assert!(b.q("error").is_none(), "A's refusal is not B's");
    b.http.respond_json(0, 200, RUNNING);
    settle().await;
    assert_eq!(b.status().as_deref(), Some("in_progress"));
    assert_eq!(
        a.text("shared-count"),
        None,
        "A, waiting for a token, takes no part"
    );
}

#[wasm_bindgen_test]
async fn a_newcomer_is_shown_the_latest_answer_at_once() {
    let hub = FakeHub::new();
    let a = widget(&hub).await;
    a.http.respond_json(0, 200, RUNNING);
    settle().await;
    let b = widget(&hub).await;
    assert_eq!(b.status().as_deref(), Some("in_progress"));
    assert_eq!(b.http.count(), 0);
    assert_eq!(b.text("shared-count").as_deref(), Some("1"));
}

#[wasm_bindgen_test]
async fn a_finished_job_is_shown_to_newcomers_without_a_request() {
    let hub = FakeHub::new();
    let a = widget(&hub).await;
    a.http.respond_json(0, 200, COMPLETED);
    settle().await;
    assert_eq!(
        role(&a).as_deref(),
        Some("leading"),
        "a finished leader keeps the lead"
    );
    let b = widget(&hub).await;
    assert_eq!(b.status().as_deref(), Some("completed"));
    assert_eq!(b.http.count(), 0);
    assert!(b.timers.live_polls().is_empty(), "done: nothing planned");
    // Hidden, the finished leader steps back and B, done too, keeps the lead for later members;
    // shown again, A queues behind B and asks nothing.
    a.page.set_hidden(true);
    settle().await;
    assert_eq!(role(&a).as_deref(), Some("following"));
    assert_eq!(role(&b).as_deref(), Some("leading"));
    a.page.set_hidden(false);
    settle().await;
    assert_eq!(a.http.count(), 1, "a done job asks nothing more");
}

#[wasm_bindgen_test]
async fn widgets_on_different_jobs_do_not_share() {
    let hub = FakeHub::new();
    let a = mount_in(&fragment(JOB), 300, false, hub.clone());
    let b = mount_in(&fragment("111111000000999999"), 300, false, hub.clone());
    settle().await;
    assert_eq!((a.http.count(), b.http.count()), (1, 1));
    assert_eq!(hub.groups().len(), 2);
    assert_eq!(role(&a).as_deref(), Some("leading"));
    assert_eq!(role(&b).as_deref(), Some("leading"));
}

/// Yields to the event loop (a macrotask) until `done` holds, for at most ten seconds of wall
/// time: the real channel and lock deliver in tasks, through the browser process, which a loaded
/// machine slows; a count of turns would be a few hundred milliseconds.
async fn until(done: impl Fn() -> bool) -> bool {
    let deadline = js_sys::Date::now() + 10_000.0;
    while js_sys::Date::now() < deadline {
        if done() {
            return true;
        }
        let tick = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(tick).await.unwrap();
        settle().await;
    }
    done()
}

#[wasm_bindgen_test]
async fn the_browser_shares_over_broadcast_channel_and_web_locks() {
    // A job of its own, so no other test's group is joined.
    let job = "111111000000777777";
    let a = mount_in(&fragment(job), 300, false, Rc::new(BrowserSharing));
    assert!(until(|| a.http.count() == 1).await, "A leads and asks");
    let b = mount_in(&fragment(job), 300, false, Rc::new(BrowserSharing));
    settle().await;
    a.http
        .respond_json(0, 200, &RUNNING.replace("111111000000541958", job));
    assert!(until(|| b.status().as_deref() == Some("in_progress")).await);
    assert_eq!(
        b.http.count(),
        0,
        "B was shown A's answer instead of asking"
    );
    assert_eq!(role(&b).as_deref(), Some("following"));
    drop(a);
    assert!(
        until(|| role(&b).as_deref() == Some("leading")).await,
        "the lock passes on when its holder goes"
    );
}
