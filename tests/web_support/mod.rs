//! Fakes and a harness for the browser tests: a transport that records requests and answers
//! when the test says, timers that fire on demand, a page whose visibility and clock the test
//! sets, and a mounted widget with helpers to read and drive its DOM.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use bulkwatch::env::{Cancel, Env, MemoryStore, Page, Timers};
use bulkwatch::net::{HttpRequest, HttpResponse, LocalFuture, NetError, Transport};
use bulkwatch::share::{Alone, Sharing};
use bulkwatch::token::Token;
use bulkwatch::ui::app::{App, AppOptions, AppProps};
use bulkwatch::ui::hooks::poller::REQUEST_TIMEOUT_MS;
use bulkwatch_core::deeplink::parse_fragment;
use wasm_bindgen::JsCast;

pub mod hub;

pub const JOB: &str = "111111000000541958";

#[derive(Default)]
struct Slot {
    value: Option<Result<HttpResponse, NetError>>,
    waker: Option<Waker>,
}

struct SlotFuture(Rc<RefCell<Slot>>);

impl Future for SlotFuture {
    type Output = Result<HttpResponse, NetError>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slot = self.0.borrow_mut();
        match slot.value.take() {
            Some(v) => Poll::Ready(v),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

struct Call {
    req: HttpRequest,
    signal: Option<web_sys::AbortSignal>,
    slot: Rc<RefCell<Slot>>,
}

/// Records every request; the test answers each one when it wants.
#[derive(Default)]
pub struct FakeTransport {
    calls: RefCell<Vec<Call>>,
}

impl Transport for FakeTransport {
    fn send(
        &self,
        req: HttpRequest,
        signal: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<HttpResponse, NetError>> {
        let slot = Rc::new(RefCell::new(Slot::default()));
        self.calls.borrow_mut().push(Call {
            req,
            signal,
            slot: slot.clone(),
        });
        Box::pin(SlotFuture(slot))
    }
}

impl FakeTransport {
    pub fn count(&self) -> usize {
        self.calls.borrow().len()
    }
    pub fn request(&self, i: usize) -> HttpRequest {
        self.calls.borrow()[i].req.clone()
    }
    pub fn aborted(&self, i: usize) -> bool {
        self.calls.borrow()[i]
            .signal
            .as_ref()
            .is_some_and(|s| s.aborted())
    }
    pub fn respond(&self, i: usize, resp: HttpResponse) {
        let slot = self.calls.borrow()[i].slot.clone();
        let waker = {
            let mut s = slot.borrow_mut();
            s.value = Some(Ok(resp));
            s.waker.take()
        };
        if let Some(w) = waker {
            w.wake();
        }
    }
    pub fn respond_json(&self, i: usize, status: u16, body: &str) {
        self.respond(
            i,
            HttpResponse {
                status,
                body: body.as_bytes().to_vec(),
                content_type: Some("application/json".into()),
                ..HttpResponse::default()
            },
        );
    }
}

struct TimerEntry {
    ms: u32,
    f: Option<Box<dyn FnOnce()>>,
    cancelled: Rc<Cell<bool>>,
}

struct CancelFlag(Rc<Cell<bool>>);
impl Drop for CancelFlag {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

/// Timers that fire only when the test says so.
#[derive(Default)]
pub struct FakeTimers {
    entries: RefCell<Vec<TimerEntry>>,
}

impl Timers for FakeTimers {
    fn after(&self, ms: u32, f: Box<dyn FnOnce()>) -> Cancel {
        let cancelled = Rc::new(Cell::new(false));
        self.entries.borrow_mut().push(TimerEntry {
            ms,
            f: Some(f),
            cancelled: cancelled.clone(),
        });
        Cancel::new(CancelFlag(cancelled))
    }
}

impl FakeTimers {
    /// Delays of the live (not fired, not cancelled) poll timers; request deadlines left out.
    pub fn live_polls(&self) -> Vec<u32> {
        self.entries
            .borrow()
            .iter()
            .filter(|e| e.f.is_some() && !e.cancelled.get() && e.ms != REQUEST_TIMEOUT_MS)
            .map(|e| e.ms)
            .collect()
    }
    pub fn live_any(&self) -> usize {
        self.entries
            .borrow()
            .iter()
            .filter(|e| e.f.is_some() && !e.cancelled.get())
            .count()
    }
    /// Fires the one live poll timer (there must be exactly one).
    pub fn fire_poll(&self) {
        let f = {
            let mut entries = self.entries.borrow_mut();
            let live: Vec<&mut TimerEntry> = entries
                .iter_mut()
                .filter(|e| e.f.is_some() && !e.cancelled.get() && e.ms != REQUEST_TIMEOUT_MS)
                .collect();
            assert_eq!(live.len(), 1, "exactly one poll timer is live");
            live.into_iter().next().and_then(|e| e.f.take())
        };
        if let Some(f) = f {
            f();
        }
    }
}

/// A visibility listener and the flag its guard sets when dropped.
pub type Listener = (Rc<Cell<bool>>, Rc<dyn Fn()>);

/// A page whose visibility and clock the test sets.
pub struct FakePage {
    hidden: Cell<bool>,
    now: Cell<f64>,
    listeners: RefCell<Vec<Listener>>,
}

impl Default for FakePage {
    fn default() -> Self {
        FakePage {
            hidden: Cell::new(false),
            now: Cell::new(1_700_000_000_000.0),
            listeners: RefCell::new(Vec::new()),
        }
    }
}

impl Page for FakePage {
    fn hidden(&self) -> bool {
        self.hidden.get()
    }
    fn on_visibility_change(&self, f: Rc<dyn Fn()>) -> Cancel {
        let cancelled = Rc::new(Cell::new(false));
        self.listeners.borrow_mut().push((cancelled.clone(), f));
        Cancel::new(CancelFlag(cancelled))
    }
    fn now_ms(&self) -> f64 {
        self.now.get()
    }
    fn random(&self) -> f64 {
        0.5
    }
}

impl FakePage {
    pub fn set_hidden(&self, hidden: bool) {
        self.hidden.set(hidden);
        let live: Vec<Rc<dyn Fn()>> = self
            .listeners
            .borrow()
            .iter()
            .filter(|(c, _)| !c.get())
            .map(|(_, f)| f.clone())
            .collect();
        for f in live {
            f();
        }
    }
    pub fn advance(&self, ms: f64) {
        self.now.set(self.now.get() + ms);
    }
}

pub struct Widget {
    pub root: web_sys::Element,
    pub handle: Option<yew::AppHandle<App>>,
    pub http: Rc<FakeTransport>,
    pub timers: Rc<FakeTimers>,
    pub page: Rc<FakePage>,
}

pub fn mount_with(fragment: &str, budget: u32) -> Widget {
    mount_opts(fragment, budget, false)
}

/// Mounts the widget; `sync_fragment` makes it follow and write the page's fragment.
pub fn mount_opts(fragment: &str, budget: u32, sync_fragment: bool) -> Widget {
    mount_in(fragment, budget, sync_fragment, Rc::new(Alone))
}

/// Mounts the widget sharing its polling through `sharing` (see [`hub::FakeHub`]).
pub fn mount_in(
    fragment: &str,
    budget: u32,
    sync_fragment: bool,
    sharing: Rc<dyn Sharing>,
) -> Widget {
    let http = Rc::new(FakeTransport::default());
    let timers = Rc::new(FakeTimers::default());
    let page = Rc::new(FakePage::default());
    let env = Env {
        transport: http.clone(),
        timers: timers.clone(),
        page: page.clone(),
        store: Rc::new(MemoryStore::default()),
        sharing,
    };
    let mut options = AppOptions::new(env);
    options.initial = parse_fragment(fragment);
    options.auto_token = Token::new("first-token");
    options.budget = budget;
    options.sync_fragment = sync_fragment;
    let document = gloo_utils_document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle =
        yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { options }).render();
    Widget {
        root,
        handle: Some(handle),
        http,
        timers,
        page,
    }
}

pub fn mount() -> Widget {
    mount_with(&format!("#dc=us&v=v8&job={JOB}"), 300)
}

fn gloo_utils_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Lets spawned futures run (a microtask turn) and Yew render, a few times over.
pub async fn settle() {
    for _ in 0..4 {
        let resolved = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
        wasm_bindgen_futures::JsFuture::from(resolved)
            .await
            .unwrap();
        yew::scheduler::flush().await;
    }
}

impl Widget {
    pub fn q(&self, testid: &str) -> Option<web_sys::Element> {
        self.root
            .query_selector(&format!("[data-testid=\"{testid}\"]"))
            .unwrap()
    }
    pub fn text(&self, testid: &str) -> Option<String> {
        self.q(testid).and_then(|e| e.text_content())
    }
    pub fn status(&self) -> Option<String> {
        self.q("job-status")
            .and_then(|e| e.get_attribute("data-status"))
    }
    pub fn click(&self, testid: &str) {
        let el = self.q(testid).unwrap_or_else(|| panic!("no {testid}"));
        el.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    }
    pub fn type_into(&self, testid: &str, value: &str) {
        let input: web_sys::HtmlInputElement = self.q(testid).unwrap().dyn_into().unwrap();
        input.set_value(value);
        let ev = web_sys::Event::new("input").unwrap();
        input.dispatch_event(&ev).unwrap();
    }
    pub fn destroy(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        self.destroy();
    }
}
