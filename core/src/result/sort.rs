//! Sorting rows by a column, in bounded steps: keys are prepared once (numbers as numbers, text
//! folded to lower case in one arena), then merge-sorted a budget of elements at a time, so
//! 250k rows can be sorted without one long main-thread task.

use std::cmp::Ordering;

use super::set::{ResultSet, RowId};

/// What to sort rows by.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum SortKey {
    /// Order in the result (file, then row).
    #[default]
    Row,
    Status,
    RecordId,
    Errors,
    /// A column by name (case-insensitive); rows of files without it sort as empty.
    Column(String),
}

/// Sort direction. Empty values always go last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum SortOrder {
    #[default]
    Ascending,
    Descending,
}

const NUMBER: u8 = 0;
const TEXT: u8 = 1;
const EMPTY: u8 = 2;

/// Rows sorted in one go by the first phase, before merging.
const RUN: usize = 1024;

/// A row's prepared sort value; `start..end` is its folded text in `SortJob::folded`.
#[derive(Debug, Clone, Copy)]
struct Key {
    class: u8,
    number: f64,
    /// The first 8 folded bytes, big-endian, zero-padded: most comparisons end here.
    prefix: u64,
    start: usize,
    end: usize,
    row: RowId,
}

#[derive(Debug, Clone, Copy)]
enum Phase {
    Prepare {
        next: usize,
    },
    Runs {
        next: usize,
    },
    /// Merging runs of `width` from `keys` into `buf`: the pair starting at `lo`, with the left
    /// run read up to `l`, the right up to `r`, written up to `o`.
    Merge {
        width: usize,
        lo: usize,
        l: usize,
        r: usize,
        o: usize,
    },
    Done,
}

/// A sort in progress. Owns no borrow: keep it between frames and pass the same [`ResultSet`]
/// to each step. Equal values keep their input order (ties go by [`RowId`]).
#[derive(Debug, Clone)]
pub struct SortJob {
    key: SortKey,
    descending: bool,
    /// Per file, the column sorted on (`None`: the file lacks it, or the key is not a column).
    columns: Vec<Option<usize>>,
    rows: Vec<RowId>,
    keys: Vec<Key>,
    buf: Vec<Key>,
    folded: String,
    phase: Phase,
}

impl SortJob {
    /// Prepares sorting `rows` by `key`.
    pub fn new(set: &ResultSet, mut rows: Vec<RowId>, key: SortKey, order: SortOrder) -> Self {
        let columns = set
            .files
            .iter()
            .map(|f| match &key {
                SortKey::Column(name) => f.data_column(name),
                SortKey::RecordId => f.record_id_col,
                SortKey::Errors => f.errors_col,
                SortKey::Row | SortKey::Status => None,
            })
            .collect();
        let descending = order == SortOrder::Descending;
        let phase = if key == SortKey::Row {
            // Row ids are the order itself: a plain integer sort is quick enough in one go.
            rows.sort_unstable();
            if descending {
                rows.reverse();
            }
            Phase::Done
        } else {
            Phase::Prepare { next: 0 }
        };
        let keys = Vec::with_capacity(if phase_is_done(phase) { 0 } else { rows.len() });
        SortJob {
            key,
            descending,
            columns,
            rows,
            keys,
            buf: Vec::new(),
            folded: String::new(),
            phase,
        }
    }

    pub fn is_done(&self) -> bool {
        phase_is_done(self.phase)
    }

    /// Does about `budget` units of work (a unit is preparing, or moving, one row); `true` when
    /// sorted.
    pub fn step(&mut self, set: &ResultSet, budget: usize) -> bool {
        let mut left = budget.max(1);
        while left > 0 {
            self.phase = match self.phase {
                Phase::Prepare { next } => {
                    let end = next.saturating_add(left).min(self.rows.len());
                    for i in next..end {
                        self.prepare(set, self.rows[i]);
                    }
                    left -= end - next;
                    if end < self.rows.len() {
                        Phase::Prepare { next: end }
                    } else {
                        Phase::Runs { next: 0 }
                    }
                }
                Phase::Runs { next } => {
                    let end = (next + RUN).min(self.keys.len());
                    let (folded, descending) = (&self.folded, self.descending);
                    self.keys[next..end].sort_unstable_by(|a, b| compare(folded, descending, a, b));
                    left = left.saturating_sub(end - next);
                    if end < self.keys.len() {
                        Phase::Runs { next: end }
                    } else if self.keys.len() <= RUN {
                        Phase::Done
                    } else {
                        self.buf = self.keys.clone();
                        Phase::Merge {
                            width: RUN,
                            lo: 0,
                            l: 0,
                            r: RUN,
                            o: 0,
                        }
                    }
                }
                Phase::Merge { .. } => self.merge(&mut left),
                Phase::Done => break,
            };
        }
        if self.is_done() && !self.keys.is_empty() {
            self.rows = self.keys.iter().map(|k| k.row).collect();
            self.keys = Vec::new();
            self.buf = Vec::new();
            self.folded = String::new();
        }
        self.is_done()
    }

    /// Finishes the sort and returns the rows in order.
    pub fn finish(mut self, set: &ResultSet) -> Vec<RowId> {
        self.step(set, usize::MAX);
        self.rows
    }

    fn prepare(&mut self, set: &ResultSet, row: RowId) {
        let text = match set.row(row) {
            Some(view) if self.key == SortKey::Status => view.status().label(),
            Some(view) => self
                .columns
                .get(view.file_index())
                .copied()
                .flatten()
                .map_or("", |c| view.fields().field(c)),
            None => "",
        };
        let text = text.trim();
        let start = self.folded.len();
        let (class, number) = if text.is_empty() {
            (EMPTY, 0.0)
        } else {
            match text.parse::<f64>() {
                Ok(n) if n.is_finite() && !text.starts_with(['+', '.']) => (NUMBER, n),
                _ => (TEXT, 0.0),
            }
        };
        if text.is_ascii() {
            self.folded
                .extend(text.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            self.folded
                .extend(text.chars().flat_map(char::to_lowercase));
        }
        let mut head = [0u8; 8];
        let folded = &self.folded.as_bytes()[start..];
        let n = folded.len().min(8);
        head[..n].copy_from_slice(&folded[..n]);
        let prefix = u64::from_be_bytes(head);
        self.keys.push(Key {
            class,
            number,
            prefix,
            start,
            end: self.folded.len(),
            row,
        });
    }

    fn merge(&mut self, left: &mut usize) -> Phase {
        let Phase::Merge {
            mut width,
            mut lo,
            mut l,
            mut r,
            mut o,
        } = self.phase
        else {
            return self.phase;
        };
        let n = self.keys.len();
        while *left > 0 {
            if lo >= n {
                std::mem::swap(&mut self.keys, &mut self.buf);
                width *= 2;
                if width >= n {
                    return Phase::Done;
                }
                (lo, l, r, o) = (0, 0, width.min(n), 0);
                continue;
            }
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let take_left = l < mid
                && (r >= hi
                    || compare(&self.folded, self.descending, &self.keys[l], &self.keys[r])
                        != Ordering::Greater);
            if take_left {
                self.buf[o] = self.keys[l];
                l += 1;
            } else {
                self.buf[o] = self.keys[r];
                r += 1;
            }
            o += 1;
            *left -= 1;
            if o >= hi {
                lo = hi;
                (l, r, o) = (lo, (lo + width).min(n), lo);
            }
        }
        Phase::Merge { width, lo, l, r, o }
    }
}

fn phase_is_done(phase: Phase) -> bool {
    matches!(phase, Phase::Done)
}

/// Numbers before text (both in the chosen direction), empty always last, then row order.
fn compare(folded: &str, descending: bool, a: &Key, b: &Key) -> Ordering {
    let text = |k: &Key| folded.as_bytes().get(k.start..k.end).unwrap_or_default();
    let by_text = || a.prefix.cmp(&b.prefix).then_with(|| text(a).cmp(text(b)));
    let ord = match a.class.cmp(&b.class) {
        Ordering::Equal if a.class == NUMBER => a.number.total_cmp(&b.number).then_with(by_text),
        Ordering::Equal if a.class == TEXT => by_text(),
        other => other,
    };
    let ord = if descending && a.class != EMPTY && b.class != EMPTY {
        ord.reverse()
    } else {
        ord
    };
    ord.then(a.row.cmp(&b.row))
}

impl ResultSet {
    /// Sorts `rows` in place by `key` in one call (see [`SortJob`] for the chunked form).
    pub fn sort_rows(&self, rows: &mut [RowId], key: &SortKey, order: SortOrder) {
        let sorted = SortJob::new(self, rows.to_vec(), key.clone(), order).finish(self);
        for (slot, row) in rows.iter_mut().zip(sorted) {
            *slot = row;
        }
    }
}
