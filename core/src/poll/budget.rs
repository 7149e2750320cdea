//! A watch list's shared budget: many jobs watched together spend at most so many requests a
//! minute, shared by the jobs still running (a finished job makes no more requests) by how soon
//! each is likely to change. Each running row's policy gets its gap as its floor
//! ([`super::PollConfig::floor_ms`]).
//!
//! The split: every running row first gets the slowest pace that still shows a finished job
//! within [`MAX_ROW_GAP_MS`]; what the budget has left over goes to the rows by weight — a row
//! predicted to finish soon, or that has just changed, weighs most; one far from its predicted
//! finish, or quiet for long, weighs least. When the budget cannot give every row that slowest
//! pace (more than 10 rows at the default budget), the rows share it evenly: the budget wins.

use super::CREDITS_PER_CHECK;
use crate::progress::Progress;

/// Requests a minute a watch list spends by default, whatever its size: 10 running jobs are
/// checked every 30 s each.
pub const DEFAULT_PER_MINUTE: u32 = 20;

/// The longest gap a running row is given while the budget allows it: a job that finishes is
/// shown finished within this.
pub const MAX_ROW_GAP_MS: u64 = 30_000;

/// The time scale of "soon": a row 0 s from its predicted finish (or its last change) weighs
/// `1 + SOON_MS / SOON_MS = 2` units' worth more than one far away.
const SOON_MS: u64 = 60_000;

/// What a row's poller knows about how soon its job is likely to change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowHint {
    /// Time left until the predicted finish, when an estimate exists.
    pub eta_ms: Option<u64>,
    /// Time since the counts or status last changed, when a change was seen.
    pub since_change_ms: Option<u64>,
}

impl RowHint {
    /// The hint from a row's progress: the ETA towards `target` (rows expected, or a larger
    /// total) and the time since the last change, both at `now_ms`.
    pub fn from_progress(progress: &Progress, target: Option<u64>, now_ms: u64) -> RowHint {
        RowHint {
            eta_ms: target.and_then(|t| progress.eta_ms(t)),
            since_change_ms: progress.last_change_ms().map(|t| now_ms.saturating_sub(t)),
        }
    }

    /// How soon the row is likely to change: the nearer of its predicted finish and its last
    /// change (a row that knows neither is taken as a minute away).
    fn soon_ms(&self) -> u64 {
        match (self.eta_ms, self.since_change_ms) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => SOON_MS,
        }
    }

    /// The row's share of the spare budget: from 1 (far) up to nearly 2 (now), decreasing
    /// with [`RowHint::soon_ms`].
    fn weight(&self) -> f64 {
        1.0 + SOON_MS as f64 / (SOON_MS.saturating_add(self.soon_ms()) as f64)
    }
}

/// The shortest gap between one row's checks so that `running` rows together make at most
/// `per_minute` requests a minute (0 when nothing runs; a budget of 0 is read as 1).
pub fn row_gap_ms(running: usize, per_minute: u32) -> u64 {
    let running = u64::try_from(running).unwrap_or(u64::MAX);
    // Rounded up: a gap rounded down would make a little more than `per_minute`.
    running
        .saturating_mul(60_000)
        .div_ceil(u64::from(per_minute.max(1)))
}

/// Each running row's gap, in the order of `hints`, weighted by how soon each is likely to
/// change (see the module's words). The rows together make at most `per_minute` requests a
/// minute; each gap is at most [`MAX_ROW_GAP_MS`] whenever [`row_gap_ms`] is.
pub fn row_gaps_ms(hints: &[RowHint], per_minute: u32) -> Vec<u64> {
    let even = row_gap_ms(hints.len(), per_minute);
    if even >= MAX_ROW_GAP_MS {
        return vec![even; hints.len()];
    }
    // Requests a minute: each row's slowest pace, then the spare shared by weight.
    let slowest = 60_000.0 / MAX_ROW_GAP_MS as f64;
    let spare = f64::from(per_minute.max(1)) - slowest * hints.len() as f64;
    let weights: Vec<f64> = hints.iter().map(RowHint::weight).collect();
    let total: f64 = weights.iter().sum();
    weights
        .iter()
        .map(|w| {
            let rate = slowest + spare.max(0.0) * w / total;
            // Rounded up: a gap never shorter than the rate allows, so the sum stays in budget.
            ((60_000.0 / rate).ceil() as u64).clamp(1, MAX_ROW_GAP_MS)
        })
        .collect()
}

/// The most API credits an hour a list with this budget can spend.
pub fn credits_per_hour(per_minute: u32) -> u32 {
    per_minute
        .saturating_mul(60)
        .saturating_mul(CREDITS_PER_CHECK)
}
