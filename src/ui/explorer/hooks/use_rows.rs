//! `use_rows`: the rows a [`TableState`] selects, computed in time slices (filter, then sort) so a
//! new filter on 250k rows never blocks the page. Each change of filter or sort restarts the work
//! and drops the old one; the previous rows stay shown until the new ones are ready.

use std::rc::Rc;

use bulkwatch_core::result::{Query, RowId, SortJob, SortKey, SortOrder};
use yew::prelude::*;

use crate::ui::explorer::shared::Shared;
use crate::ui::explorer::state::Loaded;
use crate::ui::explorer::stepper::{Flow, SliceTask, Stepper};
use crate::ui::explorer::table_state::TableState;

/// Where the computation of the table's rows stands.
#[derive(Debug, Clone, PartialEq)]
pub enum RowsPhase {
    /// Testing rows against the filter: `tested` of `total`.
    Filtering {
        tested: usize,
        total: usize,
    },
    /// Sorting the rows that matched.
    Sorting {
        rows: usize,
    },
    Ready,
}

/// The table's rows and how current they are.
#[derive(Debug, Clone, PartialEq)]
pub struct RowsState {
    /// The run whose answers are accepted.
    pub seq: u64,
    pub phase: RowsPhase,
    /// The rows to show: the current selection once [`RowsPhase::Ready`], the previous one
    /// (or none) while working.
    pub rows: Shared<Vec<RowId>>,
}

impl Default for RowsState {
    fn default() -> Self {
        RowsState {
            seq: 0,
            phase: RowsPhase::Ready,
            rows: Shared::new(Vec::new()),
        }
    }
}

/// What happens to the computation.
#[derive(Debug)]
pub enum RowsAction {
    Begin { seq: u64, total: usize },
    Phase { seq: u64, phase: RowsPhase },
    Done { seq: u64, rows: Vec<RowId> },
}

impl Reducible for RowsState {
    type Action = RowsAction;

    fn reduce(self: Rc<Self>, action: RowsAction) -> Rc<Self> {
        match action {
            RowsAction::Begin { seq, total } if seq > self.seq => Rc::new(RowsState {
                seq,
                phase: RowsPhase::Filtering { tested: 0, total },
                rows: self.rows.clone(),
            }),
            RowsAction::Phase { seq, phase } if seq == self.seq && self.phase != phase => {
                Rc::new(RowsState {
                    phase,
                    ..(*self).clone()
                })
            }
            RowsAction::Done { seq, rows } if seq == self.seq => Rc::new(RowsState {
                seq,
                phase: RowsPhase::Ready,
                rows: Shared::new(rows),
            }),
            _ => self,
        }
    }
}

/// The rows of `data` that `table` selects, in its order.
#[hook]
pub fn use_rows(data: Shared<Loaded>, table: TableState) -> UseReducerHandle<RowsState> {
    let state = use_reducer(RowsState::default);
    let seq = use_mut_ref(|| 0u64);
    {
        let dispatcher = state.dispatcher();
        use_effect_with((data, table), move |(data, table)| {
            let run = {
                let mut s = seq.borrow_mut();
                *s += 1;
                *s
            };
            dispatcher.dispatch(RowsAction::Begin {
                seq: run,
                total: data.set.len(),
            });
            let task = RowsTask {
                query: Some(data.set.query(&table.filter)),
                data: data.0.clone(),
                next: Some(RowId(0)),
                matched: Vec::new(),
                sort: Some((table.sort.clone(), table.order)),
                sorting: None,
                sorting_rows: 0,
                result: None,
                seq: run,
                dispatcher,
            };
            // Without a MessageChannel nothing can be shown anyway; the explorer reports that.
            let stepper = Stepper::start(task).ok();
            move || drop(stepper)
        });
    }
    state
}

/// Filter, then sort, a budget of rows at a time.
struct RowsTask {
    data: Rc<Loaded>,
    query: Option<Query>,
    next: Option<RowId>,
    matched: Vec<RowId>,
    sort: Option<(SortKey, SortOrder)>,
    sorting: Option<SortJob>,
    /// Rows being sorted (for the progress line).
    sorting_rows: usize,
    result: Option<Vec<RowId>>,
    seq: u64,
    dispatcher: UseReducerDispatcher<RowsState>,
}

impl SliceTask for RowsTask {
    fn step(&mut self, units: usize) -> Flow {
        let set = &self.data.set;
        if let (Some(query), Some(from)) = (&self.query, self.next) {
            self.next = query.run_chunk(set, from, units, &mut self.matched);
            if self.next.is_some() {
                return Flow::More;
            }
            self.query = None;
            let rows = std::mem::take(&mut self.matched);
            match self.sort.take() {
                // The filter keeps row order: nothing to sort.
                Some((SortKey::Row, SortOrder::Ascending)) | None => {
                    self.result = Some(rows);
                    return Flow::Done;
                }
                Some((SortKey::Row, SortOrder::Descending)) => {
                    let mut rows = rows;
                    rows.reverse();
                    self.result = Some(rows);
                    return Flow::Done;
                }
                Some((key, order)) => {
                    self.sorting_rows = rows.len();
                    self.sorting = Some(SortJob::new(set, rows, key, order));
                }
            }
            return Flow::More;
        }
        if let Some(job) = self.sorting.as_mut() {
            if !job.step(set, units) {
                return Flow::More;
            }
            self.result = self.sorting.take().map(|job| job.finish(set));
        }
        Flow::Done
    }

    fn after_slice(&mut self, done: bool) {
        let seq = self.seq;
        if let Some(rows) = self.result.take() {
            self.dispatcher.dispatch(RowsAction::Done { seq, rows });
            return;
        }
        if done {
            return;
        }
        let phase = match (&self.query, self.next, &self.sorting) {
            (Some(_), Some(next), _) => RowsPhase::Filtering {
                tested: next.index(),
                total: self.data.set.len(),
            },
            (_, _, Some(_)) => RowsPhase::Sorting {
                rows: self.sorting_rows,
            },
            _ => return,
        };
        self.dispatcher.dispatch(RowsAction::Phase { seq, phase });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_latest_run_is_shown() {
        let s = Rc::new(RowsState::default());
        let s = s.reduce(RowsAction::Begin { seq: 1, total: 10 });
        let s = s.reduce(RowsAction::Begin { seq: 2, total: 10 });
        let stale = s.clone().reduce(RowsAction::Done {
            seq: 1,
            rows: vec![RowId(0)],
        });
        assert!(Rc::ptr_eq(&stale, &s));
        let s = s.reduce(RowsAction::Phase {
            seq: 2,
            phase: RowsPhase::Sorting { rows: 3 },
        });
        assert_eq!(s.phase, RowsPhase::Sorting { rows: 3 });
        let s = s.reduce(RowsAction::Done {
            seq: 2,
            rows: vec![RowId(2), RowId(1)],
        });
        assert_eq!(s.phase, RowsPhase::Ready);
        assert_eq!(*s.rows, vec![RowId(2), RowId(1)]);
    }

    #[test]
    fn the_previous_rows_stay_while_working() {
        let s = Rc::new(RowsState::default())
            .reduce(RowsAction::Begin { seq: 1, total: 3 })
            .reduce(RowsAction::Done {
                seq: 1,
                rows: vec![RowId(0), RowId(2)],
            });
        let working = s.clone().reduce(RowsAction::Begin { seq: 2, total: 3 });
        assert!(working.rows == s.rows);
        assert_eq!(
            working.phase,
            RowsPhase::Filtering {
                tested: 0,
                total: 3
            }
        );
    }
}
