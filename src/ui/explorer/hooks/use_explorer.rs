//! `use_explorer`: downloads the result zip through the same path as the download button (the
//! job's [`Target`], the core's URL rules, the token only in `Authorization`, the proxy when one
//! is configured) and reads it in time slices with the core's [`ResultLoader`]. A new job or
//! URL, "Cancel" and unmount abort the fetch and stop the reading.

use std::cell::RefCell;
use std::rc::Rc;

use bulkwatch_core::error::classify_failure;
use bulkwatch_core::result::{ResultError, ResultLoader, ResultSet};
use bulkwatch_core::BwError;
use yew::prelude::*;

use crate::abort::InFlight;
use crate::content_disposition;
use crate::env::Env;
use crate::net::{js_error_text, HttpResponse, NetError};
use crate::token::Token;
use crate::ui::explorer::state::{ExploreError, ExplorerAction, ExplorerState, Loaded};
use crate::ui::explorer::stepper::{now_ms, Flow, SliceTask, Stepper};
use crate::ui::target::Target;

/// Where the result comes from: what the download button would fetch.
#[derive(Clone, PartialEq)]
pub struct ExploreSource {
    pub target: Rc<Target>,
    /// The plan's `request_url` (direct, or through the proxy).
    pub request_url: String,
    pub token: Option<Token>,
    pub env: Env,
    /// The zip's name when the answer does not give one.
    pub fallback_name: String,
    /// The job's declared `character_encoding` (what the result is expected in).
    pub encoding: Option<String>,
}

/// What a component gets from [`use_explorer`].
#[derive(Clone, PartialEq)]
pub struct ExplorerHandle {
    pub state: UseReducerHandle<ExplorerState>,
    /// Downloads and reads the result (again).
    pub start: Callback<()>,
    /// Stops downloading or reading and goes back to the button.
    pub cancel: Callback<()>,
}

/// What the hook owns between renders.
#[derive(Default)]
struct Owned {
    seq: u64,
    /// The download in flight; dropping it aborts it.
    flight: Option<InFlight>,
    stepper: Option<Stepper>,
}

impl Owned {
    /// Stops whatever runs and returns a fresh run number.
    fn next_run(&mut self) -> u64 {
        self.flight = None;
        self.stepper = None;
        self.seq += 1;
        self.seq
    }
}

/// Downloads and reads the result of `source` on demand.
#[hook]
pub fn use_explorer(source: Option<ExploreSource>) -> ExplorerHandle {
    let state = use_reducer(ExplorerState::default);
    let owned: Rc<RefCell<Owned>> = use_mut_ref(Owned::default);
    {
        // Another job or URL: forget the old result. The token may change freely.
        let key = source
            .as_ref()
            .map(|s| (s.target.clone(), s.request_url.clone()));
        let owned = owned.clone();
        let dispatcher = state.dispatcher();
        use_effect_with(key, move |_| {
            let seq = owned.borrow_mut().next_run();
            dispatcher.dispatch(ExplorerAction::Reset { seq });
            move || {
                owned.borrow_mut().next_run();
            }
        });
    }
    let cancel = {
        let owned = owned.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |()| {
            let seq = owned.borrow_mut().next_run();
            dispatcher.dispatch(ExplorerAction::Reset { seq });
        })
    };
    let start = {
        let dispatcher = state.dispatcher();
        let owned = owned.clone();
        Callback::from(move |()| {
            let Some(src) = source.clone() else {
                return;
            };
            let seq = owned.borrow_mut().next_run();
            dispatcher.dispatch(ExplorerAction::Start { seq });
            let flight = InFlight::start();
            let signal = flight.signal();
            owned.borrow_mut().flight = Some(flight);
            let request = src
                .target
                .download_request(&src.request_url, src.token.clone());
            let answer = src.env.transport.send(request, signal);
            let owned = Rc::downgrade(&owned);
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = answer.await;
                let Some(owned) = owned.upgrade() else {
                    return; // unmounted
                };
                if owned.borrow().seq != seq {
                    return; // cancelled or superseded
                }
                if let Some(flight) = owned.borrow_mut().flight.take() {
                    flight.finished();
                }
                let fail = |error| dispatcher.dispatch(ExplorerAction::Failed { seq, error });
                let (name, body) = match zip_of(result, &src.fallback_name) {
                    Ok(Some(got)) => got,
                    Ok(None) => return,
                    Err(e) => return fail(ExploreError::Download(e)),
                };
                let zip_bytes = body.len();
                let loader = match ResultLoader::for_job(&name, body, src.encoding.as_deref()) {
                    Ok(loader) => loader,
                    Err(e) => return fail(ExploreError::Result(e)),
                };
                dispatcher.dispatch(ExplorerAction::Reading {
                    seq,
                    progress: loader.progress(),
                });
                let task = LoadTask {
                    loader: Some(loader),
                    outcome: None,
                    seq,
                    dispatcher: dispatcher.clone(),
                    name,
                    zip_bytes,
                    started_ms: now_ms(),
                };
                match Stepper::start(task) {
                    Ok(stepper) => owned.borrow_mut().stepper = Some(stepper),
                    Err(e) => fail(ExploreError::Browser(js_error_text(&e))),
                }
            });
        })
    };
    ExplorerHandle {
        state,
        start,
        cancel,
    }
}

/// The zip and its name from an answer. `Ok(None)`: aborted (say nothing).
pub fn zip_of(
    result: Result<HttpResponse, NetError>,
    fallback: &str,
) -> Result<Option<(String, Vec<u8>)>, BwError> {
    let resp = match result {
        Err(NetError::Aborted) => return Ok(None),
        Err(NetError::Network(message)) => return Err(BwError::Network { message }),
        Ok(resp) => resp,
    };
    if !(200..300).contains(&resp.status) {
        // An expired link answers an error body; the core names it like any other failure.
        return Err(classify_failure(resp.status, &resp.body));
    }
    let name = content_disposition::file_name_or(resp.content_disposition.as_deref(), fallback);
    Ok(Some((name, resp.body)))
}

/// Reads the zip in slices and reports progress after each.
struct LoadTask {
    loader: Option<ResultLoader>,
    outcome: Option<Result<ResultSet, ResultError>>,
    seq: u64,
    dispatcher: UseReducerDispatcher<ExplorerState>,
    name: String,
    zip_bytes: usize,
    started_ms: f64,
}

impl SliceTask for LoadTask {
    fn step(&mut self, units: usize) -> Flow {
        let Some(loader) = self.loader.as_mut() else {
            return Flow::Done;
        };
        match loader.step(units) {
            Ok(progress) if !progress.done => Flow::More,
            Ok(_) => {
                // Done: finishing reads nothing more, it hands the rows over.
                self.outcome = self.loader.take().map(ResultLoader::finish);
                Flow::Done
            }
            Err(e) => {
                self.loader = None;
                self.outcome = Some(Err(e));
                Flow::Done
            }
        }
    }

    fn after_slice(&mut self, done: bool) {
        let seq = self.seq;
        if !done {
            if let Some(loader) = &self.loader {
                self.dispatcher.dispatch(ExplorerAction::Reading {
                    seq,
                    progress: loader.progress(),
                });
            }
            return;
        }
        match self.outcome.take() {
            Some(Ok(set)) => self.dispatcher.dispatch(ExplorerAction::Loaded {
                seq,
                data: Rc::new(Loaded {
                    set,
                    name: std::mem::take(&mut self.name),
                    zip_bytes: self.zip_bytes,
                    read_ms: now_ms() - self.started_ms,
                }),
            }),
            Some(Err(e)) => self.dispatcher.dispatch(ExplorerAction::Failed {
                seq,
                error: ExploreError::Result(e),
            }),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &[u8]) -> Result<HttpResponse, NetError> {
        Ok(HttpResponse {
            status,
            body: body.to_vec(),
            content_disposition: Some("attachment; filename=\"42.zip\"".into()),
            ..HttpResponse::default()
        })
    }

    #[test]
    fn answers_become_a_zip_or_a_named_failure() {
        assert_eq!(zip_of(Err(NetError::Aborted), "x.zip"), Ok(None));
        assert!(matches!(
            zip_of(Err(NetError::Network("TypeError".into())), "x.zip"),
            Err(BwError::Network { .. })
        ));
        assert_eq!(
            zip_of(resp(200, b"PK\x03\x04"), "x.zip"),
            Ok(Some(("42.zip".to_string(), b"PK\x03\x04".to_vec())))
        );
        let expired = include_bytes!("../../../../tests/fixtures/results/expired_link.json");
        let e = zip_of(resp(403, expired), "x.zip").expect_err("an error");
        assert!(matches!(e, BwError::ExpiredDownloadLink { .. }), "{e:?}");
        let e = zip_of(resp(500, b"<html>oops</html>"), "x.zip").expect_err("an error");
        assert_eq!(e.http_status(), Some(500));
    }
}
