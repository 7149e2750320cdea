//! What the watch list's rows have told it: each row's requests (for the credits the page has
//! spent in total) and how soon its job is likely to change (for its share of the budget).
//! A row built again (the list shown again) counts its requests from 0: what it had made before
//! is kept, so the total only grows. A removed row's requests stay spent.

use std::collections::HashMap;

use bulkwatch_core::poll::budget::{row_gaps_ms, RowHint};
use bulkwatch_core::poll::credits_for;

/// One row's report: requests made by its current poller, and its hint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowReport {
    pub requests: u32,
    pub hint: RowHint,
}

#[derive(Debug, Clone, Copy, Default)]
struct Row {
    /// Requests made by earlier pollers of the row.
    before: u32,
    last: RowReport,
}

/// The rows' reports, by row key.
#[derive(Debug, Default)]
pub struct Spend {
    rows: HashMap<String, Row>,
}

impl Spend {
    /// Takes a row's report; `true` when it changes what the list shows.
    pub fn report(&mut self, key: String, report: RowReport) -> bool {
        let row = self.rows.entry(key).or_default();
        if row.last == report {
            return false;
        }
        if report.requests < row.last.requests {
            // A new poller for the row: its count starts again.
            row.before = row.before.saturating_add(row.last.requests);
        }
        row.last = report;
        true
    }

    /// Requests every row has made so far.
    pub fn requests(&self) -> u32 {
        self.rows.values().fold(0u32, |n, r| {
            n.saturating_add(r.before).saturating_add(r.last.requests)
        })
    }

    /// API credits those requests cost.
    pub fn credits(&self) -> u32 {
        credits_for(self.requests())
    }

    /// Each running row's gap (by key), weighted by its latest hint (none yet: unknown).
    pub fn gaps(&self, running: &[String], per_minute: u32) -> HashMap<String, u64> {
        let hints: Vec<RowHint> = running
            .iter()
            .map(|k| self.rows.get(k).map(|r| r.last.hint).unwrap_or_default())
            .collect();
        running
            .iter()
            .cloned()
            .zip(row_gaps_ms(&hints, per_minute))
            .collect()
    }
}
