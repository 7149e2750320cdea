//! `use_download`: fetches the result file (with the token, only for a URL the core classed
//! safe) and hands it to the browser as a Blob under its `Content-Disposition` name. The fetch is
//! aborted and the object URL revoked when the component unmounts.

use std::cell::RefCell;
use std::rc::Rc;

use bulkwatch_core::error::classify_failure;
use bulkwatch_core::BwError;
use yew::prelude::*;

use crate::abort::InFlight;
use crate::content_disposition;
use crate::env::Env;
use crate::net::{HttpResponse, NetError};
use crate::save_file::{save_bytes, SavedFile};
use crate::token::Token;
use crate::ui::job::download_panel::DownloadState;
use crate::ui::target::{DownloadPlan, Target};

/// What a component gets from [`use_download`].
#[derive(Clone, PartialEq)]
pub struct DownloadHandle {
    pub state: DownloadState,
    /// Starts (or restarts) the download of the current plan.
    pub start: Callback<()>,
}

#[derive(Default)]
struct Owned {
    /// The download in flight; dropping it aborts it.
    flight: Option<InFlight>,
    /// The last saved file; dropping it revokes its object URL.
    saved: Option<SavedFile>,
}

impl Owned {
    fn release(&mut self) {
        self.flight = None;
        self.saved = None;
    }
}

/// Downloads `plan` for `target` with `token` through `env`'s transport.
#[hook]
pub fn use_download(
    target: Option<Rc<Target>>,
    plan: Option<DownloadPlan>,
    token: Option<Token>,
    env: Env,
    fallback_name: String,
) -> DownloadHandle {
    let state = use_state_eq(|| DownloadState::Idle);
    let owned: Rc<RefCell<Owned>> = use_mut_ref(Owned::default);
    {
        // A new plan (another job, another URL) forgets the old download; unmount releases all.
        let owned = owned.clone();
        let state = state.clone();
        use_effect_with(plan.clone(), move |_| {
            state.set(DownloadState::Idle);
            move || owned.borrow_mut().release()
        });
    }
    let start = {
        let state = state.clone();
        Callback::from(move |()| {
            let (Some(target), Some(DownloadPlan::Fetch { request_url, .. })) = (&target, &plan)
            else {
                return;
            };
            owned.borrow_mut().release();
            let flight = InFlight::start();
            let signal = flight.signal();
            owned.borrow_mut().flight = Some(flight);
            let request = target.download_request(request_url, token.clone());
            let answer = env.transport.send(request, signal);
            let state = state.clone();
            let owned = Rc::downgrade(&owned);
            let fallback = fallback_name.clone();
            state.set(DownloadState::Fetching);
            wasm_bindgen_futures::spawn_local(async move {
                let result = answer.await;
                // Aborted: replaced by a newer download (whose guard must stay) or unmounted.
                if matches!(result, Err(NetError::Aborted)) {
                    return;
                }
                let Some(owned) = owned.upgrade() else {
                    return; // unmounted
                };
                if let Some(flight) = owned.borrow_mut().flight.take() {
                    flight.finished();
                }
                match finish(result, &fallback) {
                    Ok(None) => {}
                    Ok(Some((name, saved))) => {
                        owned.borrow_mut().saved = Some(saved);
                        state.set(DownloadState::Saved { name });
                    }
                    Err(e) => state.set(DownloadState::Failed(e)),
                }
            });
        })
    };
    DownloadHandle {
        state: (*state).clone(),
        start,
    }
}

/// `Ok(None)`: aborted. `Ok(Some((name, saved)))`: saved.
fn finish(
    result: Result<HttpResponse, NetError>,
    fallback: &str,
) -> Result<Option<(String, SavedFile)>, BwError> {
    let resp = match result {
        Err(NetError::Aborted) => return Ok(None),
        Err(NetError::Network(message)) => return Err(BwError::Network { message }),
        Ok(resp) => resp,
    };
    if !(200..300).contains(&resp.status) {
        // An expired link answers an error body; the core reads it like any other failure.
        return Err(classify_failure(resp.status, &resp.body));
    }
    let name = content_disposition::file_name_or(resp.content_disposition.as_deref(), fallback);
    let content_type = resp
        .content_type
        .as_deref()
        .unwrap_or("application/octet-stream");
    let saved = save_bytes(&name, &resp.body, content_type).map_err(|e| BwError::Network {
        message: crate::net::js_error_text(&e),
    })?;
    Ok(Some((name, saved)))
}
