//! Bulkwatch, the widget: a Yew app compiled to WebAssembly that watches a Zoho CRM Bulk Write job.
//!
//! JavaScript API (from `pkg/bulkwatch.js` after `await init()`):
//! - `mount_app(element) → BulkwatchApp`: the standalone app in `element`, configured from the
//!   page's fragment (`#dc=eu&v=v8&job=…&api=…&proxy=…`, or `#sample` for the built-in sample),
//!   keeping the fragment in step with the watched job.
//! - `BulkwatchApp.destroy()`: unmounts it (aborts fetches, clears timers).
//! - `mount(element, options) → BulkwatchHandle` (`update(options)`, `destroy()`, `status`): the
//!   embeddable widget without the connect form, configured by its host ([`embed`]); the
//!   `<bulkwatch-job>` element (`static/bulkwatch-element.js`) is built on it.
//!
//! Rust API for other Yew apps: [`component::BulkWriteJob`].

pub use bulkwatch_core as core;

pub mod abort;
pub mod component;
/// Pure, so it lives in the core (natively tested); re-exported for the hooks that name a download.
pub use bulkwatch_core::content_disposition;
pub mod demo;
pub mod embed;
pub mod env;
pub mod events;
pub mod net;
pub mod options;
pub mod panic;
pub mod sample;
pub mod save_file;
pub mod share;
pub mod storage;
pub mod token;
pub mod token_map;
pub mod ui;

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use bulkwatch_core::deeplink::{self, DeepLink, ParsedLink};
use bulkwatch_core::endpoint::{ApiVersion, DataCenter, JobId, Site};

use crate::env::Env;
use crate::sample::{StandaloneRoot, StandaloneRootProps};
use crate::ui::app::AppOptions;
use crate::ui::support::oauth_return::Return;
use crate::ui::support::page::SupportPageProps;

/// A mounted widget. Call `destroy()` to unmount it. Freeing this handle (or its garbage
/// collection) does not unmount: a page that drops the handle keeps its widget.
#[wasm_bindgen]
pub struct BulkwatchApp {
    handle: Option<yew::AppHandle<StandaloneRoot>>,
    root: web_sys::Element,
}

#[wasm_bindgen]
impl BulkwatchApp {
    /// Unmounts the widget: aborts its requests, clears its timers, empties its element.
    pub fn destroy(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
            panic::unregister(&self.root);
        }
    }
}

/// Whether the fragment asks for the built-in sample (`#sample`).
fn wants_sample(fragment: &str) -> bool {
    fragment
        .trim_start_matches('#')
        .split('&')
        .any(|part| part == "sample" || part == "sample=1")
}

/// Mounts the standalone app into `element`, configured from the page's URL fragment.
#[wasm_bindgen]
pub fn mount_app(element: web_sys::Element) -> Result<BulkwatchApp, JsValue> {
    panic::install();
    // A sign-in answer leaves the address bar before anything else reads it.
    let signed = ui::support::oauth_return::take(ui::time_fmt::to_ms(js_sys::Date::now()));
    let location = web_sys::window()
        .ok_or_else(|| JsValue::from_str("Bulkwatch needs a window"))?
        .location();
    let fragment = location.hash().unwrap_or_default();
    let mut options = AppOptions::new(Env::browser());
    options.page_origin = location.origin().ok();
    let sample = wants_sample(&fragment);
    if sample {
        options.env.transport = Rc::new(sample::SampleTransport::default());
        // The sample replays from the start on each load and is not a job of anyone's: it keeps
        // nothing (no timeline to merge a replay into, no recent job left behind).
        options.env.store = Rc::new(env::MemoryStore::default());
        options.initial = ParsedLink {
            link: DeepLink {
                site: Some(Site::production(DataCenter::Us)),
                version: Some(ApiVersion::V3),
                job: JobId::parse(sample::SAMPLE_JOB).ok(),
                api: None,
                proxy: None,
            },
            ..ParsedLink::default()
        };
        options.auto_token = token::Token::new("sample-token-not-sent-anywhere");
    } else {
        options.initial = deeplink::parse_fragment(&fragment);
        options.sync_fragment = true;
    }
    let mut page = SupportPageProps {
        options,
        expires_at_ms: None,
        sign_in_failure: None,
    };
    match signed {
        Return::None => {}
        Return::Failed(why) => page.sign_in_failure = Some(why.into()),
        Return::SignedIn(s) => {
            page.expires_at_ms = Some(s.expires_at_ms);
            if s.initial.link.job.is_some() {
                page.options.auto_token = Some(s.token);
            } else {
                page.options.held_token = Some(s.token);
            }
            page.options.initial = s.initial;
        }
    }
    element.set_text_content(None);
    panic::register(&element);
    let root = StandaloneRootProps { page, sample };
    let handle =
        yew::Renderer::<StandaloneRoot>::with_root_and_props(element.clone(), root).render();
    Ok(BulkwatchApp {
        handle: Some(handle),
        root: element,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_fragment() {
        assert!(super::wants_sample("#sample"));
        assert!(super::wants_sample("#dc=eu&sample=1"));
        assert!(!super::wants_sample("#job=samples"));
    }
}
