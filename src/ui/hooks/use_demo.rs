//! `use_demo`: asks the simulator (served from this very page's loopback origin) for its demo
//! token and jobs. The fetch is aborted on unmount.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::abort::InFlight;
use crate::demo::{self, Demo};
use crate::env::Env;
use crate::net::{HttpRequest, NetError};

/// Where the demo request stands.
#[derive(Debug, Clone, PartialEq)]
pub enum DemoState {
    Idle,
    Loading,
    Ready(Rc<Demo>),
    Failed(String),
}

/// What [`use_demo`] gives the connect panel.
#[derive(Clone, PartialEq)]
pub struct DemoHandle {
    pub state: DemoState,
    pub fetch: Callback<()>,
}

/// Fetches `/__sim/demo` (relative: the page's own origin) and reports it to `on_ready`.
#[hook]
pub fn use_demo(env: Env, on_ready: Callback<Rc<Demo>>) -> DemoHandle {
    let state = use_state_eq(|| DemoState::Idle);
    // The fetch in flight; a new fetch or unmounting drops (aborts) it.
    let flight: Rc<RefCell<Option<InFlight>>> = use_mut_ref(|| None);
    {
        let flight = flight.clone();
        use_effect_with((), move |_| move || drop(flight.borrow_mut().take()));
    }
    let fetch = {
        let state = state.clone();
        Callback::from(move |()| {
            let next = InFlight::start();
            let signal = next.signal();
            drop(flight.replace(Some(next)));
            let request = HttpRequest {
                url: "/__sim/demo".into(),
                token: None,
                via_proxy: false,
                accept: "application/json",
            };
            let answer = env.transport.send(request, signal);
            let state = state.clone();
            let on_ready = on_ready.clone();
            state.set(DemoState::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                match answer.await {
                    Err(NetError::Aborted) => {}
                    Err(NetError::Network(d)) => state.set(DemoState::Failed(d)),
                    Ok(resp) if resp.status == 200 => match demo::decode(&resp.body) {
                        Some(d) => {
                            let d = Rc::new(d);
                            state.set(DemoState::Ready(d.clone()));
                            on_ready.emit(d);
                        }
                        None => state.set(DemoState::Failed("not a demo answer".into())),
                    },
                    Ok(resp) => state.set(DemoState::Failed(format!(
                        "HTTP {} (is the simulator running with --demo?)",
                        resp.status
                    ))),
                }
            });
        })
    };
    DemoHandle {
        state: (*state).clone(),
        fetch,
    }
}
