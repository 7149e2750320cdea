//! Benchmark P3, wasm side: unzip + parse + group a result zip with `bulkwatch_core::result`,
//! either in one call or in the explorer's time slices (its `Stepper` and pacing), and report the
//! same summary the JavaScript baseline computes, so the page can check both did the same work.

use std::cell::RefCell;
use std::rc::Rc;

use bulkwatch::ui::explorer::stepper::{Flow, SliceTask, Stepper};
use bulkwatch_core::result::{load_result, ResultLoader, ResultSet, Scope};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A loaded result, kept alive (as the explorer keeps it) until the page frees it.
#[wasm_bindgen]
pub struct Loaded {
    set: ResultSet,
}

#[wasm_bindgen]
impl Loaded {
    /// `{"rows", "statuses": {token: n}, "codes": {code: n}, "groups": {"CODE|column": n}}`,
    /// zero counts left out.
    pub fn summary(&self) -> String {
        summary(&self.set)
    }
}

fn summary(set: &ResultSet) -> String {
    let statuses: serde_json::Map<String, serde_json::Value> = set
        .status_totals(Scope::All)
        .into_iter()
        .filter(|t| t.rows > 0)
        .map(|t| (t.status.token().to_string(), t.rows.into()))
        .collect();
    let codes: serde_json::Map<String, serde_json::Value> = set
        .code_totals(Scope::All)
        .into_iter()
        .map(|t| (t.code.as_str().to_string(), t.rows.into()))
        .collect();
    let groups: serde_json::Map<String, serde_json::Value> = set
        .error_groups(Scope::All)
        .into_iter()
        .map(|g| {
            let key = format!("{}|{}", g.code.as_str(), g.column.unwrap_or_default());
            (key, g.rows.into())
        })
        .collect();
    serde_json::json!({ "rows": set.len(), "statuses": statuses, "codes": codes, "groups": groups })
        .to_string()
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Reads the whole zip in one call (the core's throughput, one long task).
#[wasm_bindgen]
pub fn load_once(zip: &[u8]) -> Result<Loaded, JsError> {
    let set = load_result(zip.to_vec()).map_err(js_error)?;
    // Grouping happens here, as in the explorer's first render.
    let _ = (
        set.status_totals(Scope::All),
        set.error_groups(Scope::All),
        set.code_totals(Scope::All),
    );
    Ok(Loaded { set })
}

/// A time-sliced read in progress; dropping (`free()`) it stops the work.
#[wasm_bindgen]
pub struct Sliced {
    _stepper: Stepper,
}

struct Task {
    loader: Option<ResultLoader>,
    outcome: Option<Result<ResultSet, String>>,
    done: js_sys::Function,
    slices: Rc<RefCell<u32>>,
}

impl SliceTask for Task {
    fn step(&mut self, units: usize) -> Flow {
        let Some(loader) = self.loader.as_mut() else {
            return Flow::Done;
        };
        match loader.step(units) {
            Ok(p) if !p.done => Flow::More,
            Ok(_) => {
                self.outcome = self
                    .loader
                    .take()
                    .map(|l| l.finish().map_err(|e| e.to_string()));
                Flow::Done
            }
            Err(e) => {
                self.loader = None;
                self.outcome = Some(Err(e.to_string()));
                Flow::Done
            }
        }
    }

    fn after_slice(&mut self, done: bool) {
        *self.slices.borrow_mut() += 1;
        if !done {
            return;
        }
        let arg = match self.outcome.take() {
            Some(Ok(set)) => {
                let _ = (
                    set.status_totals(Scope::All),
                    set.error_groups(Scope::All),
                    set.code_totals(Scope::All),
                );
                JsValue::from(Loaded { set })
            }
            Some(Err(e)) => JsValue::from(JsError::new(&e)),
            None => JsValue::NULL,
        };
        let _ = self
            .done
            .call2(&JsValue::NULL, &arg, &JsValue::from(*self.slices.borrow()));
    }
}

/// Reads the zip in the explorer's time slices; calls `done(loaded_or_error, slices)` at the end.
#[wasm_bindgen]
pub fn load_sliced(zip: Vec<u8>, done: js_sys::Function) -> Result<Sliced, JsError> {
    let loader = ResultLoader::new(zip).map_err(js_error)?;
    let task = Task {
        loader: Some(loader),
        outcome: None,
        done,
        slices: Rc::new(RefCell::new(0)),
    };
    let stepper = Stepper::start(task).map_err(|e| JsError::new(&format!("{e:?}")))?;
    Ok(Sliced { _stepper: stepper })
}

/// Bytes of this instance's linear memory (it only grows: its size after a run is its peak).
#[wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map_or(0.0, |b| f64::from(b.byte_length()))
        })
        .unwrap_or(0.0)
}
