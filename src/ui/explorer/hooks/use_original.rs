//! `use_original`: reads the user's original CSV (or zip of CSVs) from a file input — in this
//! tab only, never sent anywhere — in time slices with the core's [`OriginalLoader`], then pairs
//! its files with the result's by name (the rule of [`Join::auto`]), checking one pair per step,
//! or as the person chooses.

use std::cell::RefCell;
use std::fmt;
use std::rc::{Rc, Weak};

use bulkwatch_core::result::{Join, OriginalLoader, Originals, Progress, ResultError};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::net::js_error_text;
use crate::ui::explorer::pairing::pairs_by_name;
use crate::ui::explorer::shared::Shared;
use crate::ui::explorer::state::Loaded;
use crate::ui::explorer::stepper::{Flow, SliceTask, Stepper};

/// The largest original file read (bigger ones would only exhaust the tab's memory).
pub const MAX_ORIGINAL_BYTES: f64 = 256.0 * 1024.0 * 1024.0;

/// The original file, read, and how its files pair with the result's.
pub struct Joined {
    /// The file's name as picked.
    pub name: String,
    pub originals: Rc<Originals>,
    /// Pairs of (result file, original file), matched row N to row N.
    pub joins: Vec<Join>,
}

impl fmt::Debug for Joined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Joined")
            .field("name", &self.name)
            .field("files", &self.originals.files().len())
            .field("joins", &self.joins)
            .finish()
    }
}

impl Joined {
    /// The join covering result file `file`, with its index.
    pub fn join_for(&self, file: usize) -> Option<(usize, &Join)> {
        self.joins
            .iter()
            .enumerate()
            .find(|(_, j)| j.result_file == file)
    }
}

/// Where reading the original stands.
#[derive(Debug, Clone, PartialEq)]
pub enum OriginalPhase {
    Idle,
    /// The browser reads the file from disk.
    Reading {
        name: String,
    },
    Parsing {
        name: String,
        progress: Progress,
    },
    Ready(Shared<Joined>),
    Failed {
        name: String,
        message: String,
    },
}

/// What a component gets from [`use_original`].
#[derive(Clone, PartialEq)]
pub struct OriginalHandle {
    pub phase: OriginalPhase,
    /// Reads this file.
    pub load: Callback<web_sys::File>,
    /// Pairs original file `.0` with result file `.1` (replacing the pairs found by name).
    pub pair: Callback<(usize, usize)>,
    /// Forgets the original.
    pub clear: Callback<()>,
}

#[derive(Default)]
struct Owned {
    seq: u64,
    stepper: Option<Stepper>,
}

impl Owned {
    fn next_run(&mut self) -> u64 {
        self.stepper = None;
        self.seq += 1;
        self.seq
    }
}

/// Reads original files to join with `data`.
#[hook]
pub fn use_original(data: Shared<Loaded>) -> OriginalHandle {
    let phase = use_state_eq(|| OriginalPhase::Idle);
    let owned: Rc<RefCell<Owned>> = use_mut_ref(Owned::default);
    {
        // Another result: the pairs no longer hold.
        let owned = owned.clone();
        let phase = phase.clone();
        use_effect_with(data.clone(), move |_| {
            owned.borrow_mut().next_run();
            phase.set(OriginalPhase::Idle);
            move || {
                owned.borrow_mut().next_run();
            }
        });
    }
    let load = {
        let owned = owned.clone();
        let phase = phase.clone();
        let data = data.clone();
        Callback::from(move |file: web_sys::File| {
            let seq = owned.borrow_mut().next_run();
            let name = file.name();
            if file.size() > MAX_ORIGINAL_BYTES {
                phase.set(OriginalPhase::Failed {
                    name,
                    message:
                        "The file is larger than 256 MB; Bulkwatch reads originals up to that size."
                            .into(),
                });
                return;
            }
            phase.set(OriginalPhase::Reading { name: name.clone() });
            let owned = Rc::downgrade(&owned);
            let phase = phase.clone();
            let data = data.clone();
            let read = wasm_bindgen_futures::JsFuture::from(file.array_buffer());
            wasm_bindgen_futures::spawn_local(async move {
                let buffer = read.await;
                let Some(owned) = owned.upgrade() else {
                    return;
                };
                if owned.borrow().seq != seq {
                    return;
                }
                let fail = |message: String| {
                    phase.set(OriginalPhase::Failed {
                        name: name.clone(),
                        message,
                    })
                };
                let body = match buffer.and_then(|b| b.dyn_into::<js_sys::ArrayBuffer>()) {
                    Ok(b) => js_sys::Uint8Array::new(&b).to_vec(),
                    Err(e) => {
                        return fail(format!(
                            "The browser could not read the file ({}).",
                            js_error_text(&e)
                        ))
                    }
                };
                let loader = match OriginalLoader::new(&name, body) {
                    Ok(l) => l,
                    Err(e) => return fail(e.to_string()),
                };
                phase.set(OriginalPhase::Parsing {
                    name: name.clone(),
                    progress: loader.progress(),
                });
                let task = OriginalTask {
                    data,
                    loader: Some(loader),
                    originals: None,
                    pending: Vec::new(),
                    joins: Vec::new(),
                    outcome: None,
                    name: name.clone(),
                    seq,
                    owned: Rc::downgrade(&owned),
                    phase: phase.clone(),
                };
                match Stepper::start(task) {
                    Ok(s) => owned.borrow_mut().stepper = Some(s),
                    Err(e) => fail(js_error_text(&e)),
                }
            });
        })
    };
    let pair = {
        let phase = phase.clone();
        let data = data.clone();
        Callback::from(move |(original, result): (usize, usize)| {
            let OriginalPhase::Ready(joined) = &*phase else {
                return;
            };
            if let Some(join) = Join::new(&data.set, &joined.originals, result, original) {
                phase.set(OriginalPhase::Ready(Shared::new(Joined {
                    name: joined.name.clone(),
                    originals: joined.originals.clone(),
                    joins: vec![join],
                })));
            }
        })
    };
    let clear = {
        let phase = phase.clone();
        Callback::from(move |()| {
            owned.borrow_mut().next_run();
            phase.set(OriginalPhase::Idle);
        })
    };
    OriginalHandle {
        phase: (*phase).clone(),
        load,
        pair,
        clear,
    }
}

/// Parses the original, then pairs it with the result: the pairs by name at once (cheap), each
/// pair's row-by-row check ([`Join::new`], a whole file) one per step, so no slice runs long.
struct OriginalTask {
    data: Shared<Loaded>,
    loader: Option<OriginalLoader>,
    originals: Option<Originals>,
    /// Pairs still to check, last first.
    pending: Vec<(usize, usize)>,
    joins: Vec<Join>,
    outcome: Option<Result<Joined, ResultError>>,
    name: String,
    seq: u64,
    owned: Weak<RefCell<Owned>>,
    phase: UseStateHandle<OriginalPhase>,
}

impl SliceTask for OriginalTask {
    fn step(&mut self, units: usize) -> Flow {
        if let Some(loader) = self.loader.as_mut() {
            return match loader.step(units) {
                Ok(p) if !p.done => Flow::More,
                Ok(_) => match self.loader.take().map(OriginalLoader::finish) {
                    Some(Ok(originals)) => {
                        self.pending = pairs_by_name(&self.data.set, &originals);
                        self.pending.reverse();
                        self.originals = Some(originals);
                        Flow::Yield
                    }
                    Some(Err(e)) => {
                        self.outcome = Some(Err(e));
                        Flow::Done
                    }
                    None => Flow::Done,
                },
                Err(e) => {
                    self.loader = None;
                    self.outcome = Some(Err(e));
                    Flow::Done
                }
            };
        }
        let Some(originals) = self.originals.as_ref() else {
            return Flow::Done;
        };
        // One pair per step whatever the budget: a pair is a whole file's rows.
        if let Some((ri, oi)) = self.pending.pop() {
            self.joins
                .extend(Join::new(&self.data.set, originals, ri, oi));
            if !self.pending.is_empty() {
                return Flow::More;
            }
        }
        if let Some(originals) = self.originals.take() {
            self.outcome = Some(Ok(Joined {
                name: self.name.clone(),
                originals: Rc::new(originals),
                joins: std::mem::take(&mut self.joins),
            }));
        }
        Flow::Done
    }

    fn after_slice(&mut self, done: bool) {
        let current = self
            .owned
            .upgrade()
            .is_some_and(|o| o.borrow().seq == self.seq);
        if !current {
            return;
        }
        if !done {
            if let Some(loader) = &self.loader {
                self.phase.set(OriginalPhase::Parsing {
                    name: self.name.clone(),
                    progress: loader.progress(),
                });
            }
            return;
        }
        match self.outcome.take() {
            Some(Ok(joined)) => self.phase.set(OriginalPhase::Ready(Shared::new(joined))),
            Some(Err(e)) => self.phase.set(OriginalPhase::Failed {
                name: self.name.clone(),
                message: e.to_string(),
            }),
            None => {}
        }
    }
}
