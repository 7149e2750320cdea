//! `use_export`: writes CSV exports in time slices (the filtered rows, the filtered rows with
//! their original records, the error summary) and hands each to the browser as a download.
//! Starting another export, or unmounting, stops the one running.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use bulkwatch_core::result::{ExportOptions, RowExport, RowId};
use yew::prelude::*;

use crate::net::js_error_text;
use crate::save_file::{save_bytes, SavedFile};
use crate::ui::explorer::shared::Shared;
use crate::ui::explorer::state::Loaded;
use crate::ui::explorer::stepper::{Flow, SliceTask, Stepper};

use super::use_original::Joined;

/// Which export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The rows in view, with the result's columns ("fix and re-import").
    Rows,
    /// The rows in view with their full original records.
    Joined,
    /// One line per error group, with fix hints.
    Errors,
}

/// Where exporting stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportPhase {
    Idle,
    Writing {
        kind: ExportKind,
        done: usize,
        total: usize,
    },
    Saved {
        kind: ExportKind,
        name: String,
        rows: usize,
    },
    Failed {
        kind: ExportKind,
        message: String,
    },
}

/// What a component gets from [`use_export`].
#[derive(Clone, PartialEq)]
pub struct ExportHandle {
    pub phase: ExportPhase,
    /// Exports these rows (in this order).
    pub rows: Callback<Shared<Vec<RowId>>>,
    /// Exports these rows beside their original records (join number `.2` of `.1`).
    pub joined: Callback<(Shared<Vec<RowId>>, Shared<Joined>, usize)>,
    /// Exports the error summary.
    pub errors: Callback<()>,
}

#[derive(Default)]
struct Owned {
    seq: u64,
    stepper: Option<Stepper>,
    saved: Option<SavedFile>,
}

const CSV: &str = "text/csv;charset=utf-8";

/// Exports of `data`, named after `job`.
#[hook]
pub fn use_export(data: Shared<Loaded>, job: String) -> ExportHandle {
    let phase = use_state_eq(|| ExportPhase::Idle);
    let owned: Rc<RefCell<Owned>> = use_mut_ref(Owned::default);
    {
        let owned = owned.clone();
        use_effect_with(data.clone(), move |_| {
            move || {
                let mut o = owned.borrow_mut();
                o.seq += 1;
                o.stepper = None;
            }
        });
    }
    let run = {
        let phase = phase.clone();
        let owned = owned.clone();
        let data = data.clone();
        let job = job.clone();
        Rc::new(move |kind: ExportKind, writer: Writer| {
            let seq = {
                let mut o = owned.borrow_mut();
                o.seq += 1;
                o.stepper = None;
                o.seq
            };
            let total = writer.total();
            phase.set(ExportPhase::Writing {
                kind,
                done: 0,
                total,
            });
            let task = ExportTask {
                data: data.clone(),
                writer,
                kind,
                seq,
                name: crate::save_file::export_name(&job, kind.file_part()),
                owned: Rc::downgrade(&owned),
                phase: phase.clone(),
            };
            match Stepper::start(task) {
                Ok(s) => owned.borrow_mut().stepper = Some(s),
                Err(e) => phase.set(ExportPhase::Failed {
                    kind,
                    message: js_error_text(&e),
                }),
            }
        })
    };
    let rows = {
        let run = run.clone();
        let data = data.clone();
        Callback::from(move |rows: Shared<Vec<RowId>>| {
            let export = RowExport::new(&data.set, rows.to_vec(), ExportOptions::default());
            run(ExportKind::Rows, Writer::Rows(export));
        })
    };
    let joined = {
        let run = run.clone();
        let data = data.clone();
        Callback::from(
            move |(rows, joined, index): (Shared<Vec<RowId>>, Shared<Joined>, usize)| {
                let Some(join) = joined.joins.get(index) else {
                    return;
                };
                let header =
                    join.export_rows(&data.set, &joined.originals, &[], ExportOptions::default());
                run(
                    ExportKind::Joined,
                    Writer::Joined {
                        joined: joined.clone(),
                        index,
                        rows,
                        next: 0,
                        header_len: header.len(),
                        out: header,
                    },
                );
            },
        )
    };
    let errors = {
        let phase = phase.clone();
        Callback::from(move |()| {
            let bytes = data.set.error_summary_csv(ExportOptions::default());
            let name = crate::save_file::export_name(&job, "errors");
            let groups = bytes
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                .saturating_sub(1);
            phase.set(match save_bytes(&name, &bytes, CSV) {
                Ok(saved) => {
                    owned.borrow_mut().saved = Some(saved);
                    ExportPhase::Saved {
                        kind: ExportKind::Errors,
                        name,
                        rows: groups,
                    }
                }
                Err(e) => ExportPhase::Failed {
                    kind: ExportKind::Errors,
                    message: js_error_text(&e),
                },
            });
        })
    };
    ExportHandle {
        phase: (*phase).clone(),
        rows,
        joined,
        errors,
    }
}

impl ExportKind {
    fn file_part(self) -> &'static str {
        match self {
            ExportKind::Rows => "rows",
            ExportKind::Joined => "rows-with-original",
            ExportKind::Errors => "errors",
        }
    }
}

/// An export being written.
enum Writer {
    Rows(RowExport),
    /// The core's joined export, written a chunk of rows at a time: each chunk's header (the same
    /// bytes every time) is cut off.
    Joined {
        joined: Shared<Joined>,
        index: usize,
        rows: Shared<Vec<RowId>>,
        next: usize,
        header_len: usize,
        out: Vec<u8>,
    },
    /// Handed to the browser.
    Finished,
}

impl Writer {
    fn total(&self) -> usize {
        match self {
            Writer::Rows(e) => e.progress().1,
            Writer::Joined { rows, .. } => rows.len(),
            Writer::Finished => 0,
        }
    }

    fn done(&self) -> usize {
        match self {
            Writer::Rows(e) => e.progress().0,
            Writer::Joined { next, .. } => *next,
            Writer::Finished => 0,
        }
    }
}

struct ExportTask {
    data: Shared<Loaded>,
    writer: Writer,
    kind: ExportKind,
    seq: u64,
    name: String,
    owned: Weak<RefCell<Owned>>,
    phase: UseStateHandle<ExportPhase>,
}

impl SliceTask for ExportTask {
    fn step(&mut self, units: usize) -> Flow {
        let set = &self.data.set;
        let done = match &mut self.writer {
            Writer::Rows(export) => export.step(set, units),
            Writer::Joined {
                joined,
                index,
                rows,
                next,
                header_len,
                out,
            } => {
                let Some(join) = joined.joins.get(*index) else {
                    return Flow::Done;
                };
                let end = next.saturating_add(units).min(rows.len());
                let chunk = join.export_rows(
                    set,
                    &joined.originals,
                    &rows[*next..end],
                    ExportOptions::default(),
                );
                out.extend_from_slice(chunk.get(*header_len..).unwrap_or_default());
                *next = end;
                end >= rows.len()
            }
            Writer::Finished => true,
        };
        if done {
            Flow::Done
        } else {
            Flow::More
        }
    }

    fn after_slice(&mut self, done: bool) {
        let Some(owned) = self.owned.upgrade() else {
            return;
        };
        if owned.borrow().seq != self.seq {
            return;
        }
        let kind = self.kind;
        if !done {
            self.phase.set(ExportPhase::Writing {
                kind,
                done: self.writer.done(),
                total: self.writer.total(),
            });
            return;
        }
        let rows = self.writer.total();
        let bytes = match std::mem::replace(&mut self.writer, Writer::Finished) {
            Writer::Rows(export) => export.finish(&self.data.set),
            Writer::Joined { out, .. } => out,
            Writer::Finished => return,
        };
        let name = std::mem::take(&mut self.name);
        self.phase.set(match save_bytes(&name, &bytes, CSV) {
            Ok(saved) => {
                owned.borrow_mut().saved = Some(saved);
                ExportPhase::Saved { kind, name, rows }
            }
            Err(e) => ExportPhase::Failed {
                kind,
                message: js_error_text(&e),
            },
        });
    }
}
