//! Browser test of what a member hears over the real `BroadcastChannel`: a same-origin script
//! posting a shared answer dated in the future (or answered before it was sent) is not heard,
//! and the genuine answer posted after it is.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use bulkwatch::share::{BrowserSharing, ShareEvents, Sharing};
use bulkwatch_core::share::{group_name, ShareMessage, SharedAnswer};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RUNNING: &str = include_str!("fixtures/jobs/seed_in_progress.json");

#[derive(Default)]
struct Heard(RefCell<Vec<ShareMessage>>);

impl ShareEvents for Heard {
    fn lead(&self) {}
    fn message(&self, message: ShareMessage) {
        self.0.borrow_mut().push(message);
    }
}

fn answer(sent_ms: u64, at_ms: u64) -> ShareMessage {
    ShareMessage::answer(SharedAnswer {
        sent_ms,
        at_ms,
        status: 200,
        body: RUNNING.into(),
    })
}

/// Yields to the event loop (a macrotask, so channel messages get delivered) until `done`.
async fn until(done: impl Fn() -> bool) -> bool {
    let deadline = js_sys::Date::now() + 10_000.0;
    while js_sys::Date::now() < deadline {
        if done() {
            return true;
        }
        let tick = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .expect("a window")
                .set_timeout_with_callback(&resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
    }
    done()
}

#[wasm_bindgen_test]
async fn answers_from_the_future_are_not_heard_and_do_not_block_later_ones() {
    let name = group_name("http://127.0.0.1:1/crm/bulk/v8/write/999000000000000001");
    let heard = Rc::new(Heard::default());
    let _member = BrowserSharing
        .join(&name, heard.clone())
        .expect("this test page has BroadcastChannel and Web Locks");
    // Another script of the same origin, posting on the group's channel.
    let forger = web_sys::BroadcastChannel::new(&name).expect("a channel");
    let now = js_sys::Date::now() as u64;
    let year = 365 * 24 * 3_600_000;
    for forged in [answer(now + year, now + year + 1), answer(now, now - 1_000)] {
        forger
            .post_message(&JsValue::from_str(&forged.encode()))
            .expect("posted");
    }
    let genuine = answer(now - 800, now - 100);
    forger
        .post_message(&JsValue::from_str(&genuine.encode()))
        .expect("posted");
    // One sender's messages arrive in order: once the genuine one is heard, the forged ones
    // (posted before it) have been delivered and dropped.
    assert!(
        until(|| !heard.0.borrow().is_empty()).await,
        "heard nothing"
    );
    assert_eq!(*heard.0.borrow(), vec![genuine]);
    forger.close();
}
