//! `mount(element, options) → BulkwatchHandle` for hosts that want no custom element (and for
//! the element itself, which mounts into its shadow root). One handle per widget; each has its
//! own environment, settings and token, so widgets on one page never share anything.

use wasm_bindgen::prelude::*;

use super::dispatch::Emitter;
use super::js_options::read_patch;
use crate::component::{BulkWriteJob, BulkWriteJobProps};
use crate::env::Env;
use crate::options::Settings;
use crate::panic;

/// Marks an element that holds a widget, so a second `mount()` on it is refused.
const MOUNTED_ATTR: &str = "data-bulkwatch-mounted";

struct Mounted {
    app: yew::AppHandle<BulkWriteJob>,
    root: web_sys::Element,
    settings: Settings,
    env: Env,
    emitter: Emitter,
}

/// A widget mounted with [`mount`]. `destroy()` unmounts it; merely dropping or freeing the
/// handle does not (a page that forgets its handle keeps its widget).
#[wasm_bindgen]
pub struct BulkwatchHandle {
    inner: Option<Mounted>,
}

fn props(settings: &Settings, env: &Env, emitter: &Emitter) -> BulkWriteJobProps {
    let text = |v: &Option<String>| v.clone().map(yew::AttrValue::from);
    let source = &settings.source;
    let events = emitter.callbacks();
    BulkWriteJobProps {
        job_id: text(&source.job_id),
        dc: text(&source.dc),
        api_domain: text(&source.api_domain),
        api_version: text(&source.api_version),
        proxy: text(&source.proxy),
        extra_hosts: text(&source.extra_hosts),
        rows: text(&source.rows),
        token: settings.token.clone(),
        poll: settings.poll,
        read_only: settings.read_only,
        compact: settings.compact,
        budget: crate::ui::watcher::DEFAULT_BUDGET,
        env: Some(env.clone()),
        on_change: events.on_change,
        on_complete: events.on_complete,
        on_error: events.on_error,
        on_status: events.on_status,
    }
}

/// Mounts a widget into `element` (its content is replaced) with `options`
/// (`{ jobId, dc, apiDomain, apiVersion, proxy, extraHosts, rows, token, poll, readOnly, compact }`); events are
/// dispatched on `element`. Throws a `TypeError` for an option of the wrong type and an `Error`
/// when `element` already holds a widget; a value it cannot use (an unknown `dc`) is shown in
/// the widget and reported as a `bulkwatch-error` instead.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, options: JsValue) -> Result<BulkwatchHandle, JsValue> {
    let patch = read_patch(&options)?;
    if element.has_attribute(MOUNTED_ATTR) {
        return Err(js_sys::Error::new(
            "Bulkwatch: this element already holds a widget; destroy() it first",
        )
        .into());
    }
    let mut settings = Settings::default();
    settings.apply(patch);
    // Chains to any hook already set, and keeps Yew from installing its own.
    panic::install();
    element.set_text_content(None);
    element.set_attribute(MOUNTED_ATTR, "")?;
    panic::register(&element);
    let env = Env::browser();
    let emitter = Emitter::new(element.clone());
    let app = yew::Renderer::<BulkWriteJob>::with_root_and_props(
        element.clone(),
        props(&settings, &env, &emitter),
    )
    .render();
    Ok(BulkwatchHandle {
        inner: Some(Mounted {
            app,
            root: element,
            settings,
            env,
            emitter,
        }),
    })
}

#[wasm_bindgen]
impl BulkwatchHandle {
    /// Changes some options: keys left out stay as they are, `null` clears one. A new job or
    /// location restarts polling for it (the old request is aborted); a new token goes to the
    /// running poll loop, which starts at once if it was waiting for one.
    pub fn update(&mut self, options: JsValue) -> Result<(), JsValue> {
        let patch = read_patch(&options)?;
        let Some(m) = self.inner.as_mut() else {
            return Err(js_sys::Error::new("Bulkwatch: this widget was destroyed").into());
        };
        if m.settings.apply(patch) {
            m.app.update(props(&m.settings, &m.env, &m.emitter));
        }
        Ok(())
    }

    /// Unmounts the widget: aborts its request, clears its timers, empties its element, and
    /// dispatches no more events. Calling it again does nothing.
    pub fn destroy(&mut self) {
        if let Some(m) = self.inner.take() {
            m.emitter.stop();
            m.app.destroy();
            panic::unregister(&m.root);
            let _ = m.root.remove_attribute(MOUNTED_ATTR);
        }
    }

    /// The latest status reported (`added | in-progress | completed | failed | unknown`), or
    /// `undefined` before the first answer.
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> Option<String> {
        self.inner
            .as_ref()
            .and_then(|m| m.emitter.status())
            .map(str::to_string)
    }

    /// Whether `destroy()` was called.
    #[wasm_bindgen(getter)]
    pub fn destroyed(&self) -> bool {
        self.inner.is_none()
    }
}
