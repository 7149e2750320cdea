//! Throughput, ETA and stall detection from successive observations of a job's processed-record
//! count. Pure arithmetic over a short, bounded list of samples, serialisable so the widget can
//! keep it with the timeline across a reload.
//!
//! Zoho's `total_count` is the sum of what has been processed so far, not the size of the file,
//! so an ETA needs a target from elsewhere: the number of rows the person says the file has, or a
//! `total` that is larger than what is processed (as some servers report).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::model::{Counts, JobStatus};

/// Samples kept: enough for a steady rate, small enough for localStorage.
pub const MAX_SAMPLES: usize = 24;

/// One observation: when the answer arrived and how many records were processed by then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    pub at_ms: u64,
    pub processed: u64,
}

/// When "no change" becomes a stall.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StallConfig {
    /// Never a stall before this long without change.
    pub min_quiet_ms: u64,
    /// A stall once quiet for this many times the usual gap between changes.
    pub factor: f64,
}

impl Default for StallConfig {
    fn default() -> Self {
        StallConfig {
            min_quiet_ms: 180_000,
            factor: 5.0,
        }
    }
}

/// A job's progress history (bounded) and the time of its last change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Progress {
    samples: VecDeque<Sample>,
    /// The first time the current count (or status) was seen.
    last_change_ms: Option<u64>,
    /// Mean time between count changes, from those seen so far (ms), and how many were averaged.
    mean_gap_ms: Option<f64>,
    gaps: u32,
}

impl Progress {
    /// An empty history.
    pub fn new() -> Progress {
        Progress::default()
    }

    /// Records an observation. A count that goes down (a new job, a reset) starts afresh; a time
    /// earlier than the last sample (a clock change) is ignored.
    pub fn record(&mut self, at_ms: u64, processed: u64) {
        if let Some(last) = self.samples.back().copied() {
            if at_ms < last.at_ms {
                return;
            }
            if processed < last.processed {
                *self = Progress::default();
            } else if processed > last.processed {
                if let Some(prev) = self.last_change_ms.filter(|_| last.processed > 0) {
                    let gap = at_ms.saturating_sub(prev) as f64;
                    let n = f64::from(self.gaps);
                    self.mean_gap_ms =
                        Some(self.mean_gap_ms.map_or(gap, |m| (m * n + gap) / (n + 1.0)));
                    self.gaps = self.gaps.saturating_add(1);
                }
                self.last_change_ms = Some(at_ms);
            }
        }
        if self.last_change_ms.is_none() {
            self.last_change_ms = Some(at_ms);
        }
        self.samples.push_back(Sample { at_ms, processed });
        while self.samples.len() > MAX_SAMPLES {
            self.samples.pop_front();
        }
    }

    /// Something other than the count changed (the status did): the quiet period restarts.
    pub fn note_change(&mut self, at_ms: u64) {
        self.last_change_ms = Some(at_ms);
    }

    /// The samples, oldest first.
    pub fn samples(&self) -> impl Iterator<Item = &Sample> {
        self.samples.iter()
    }

    /// The latest sample.
    pub fn latest(&self) -> Option<Sample> {
        self.samples.back().copied()
    }

    /// When the count (or status) last changed.
    pub fn last_change_ms(&self) -> Option<u64> {
        self.last_change_ms
    }

    /// Records per second over the kept window, measured from the last sample before counting
    /// started (so a long wait at zero does not dilute the rate). `None` until two samples
    /// differ.
    pub fn throughput(&self) -> Option<f64> {
        self.rate_until(self.samples.back()?)
    }

    /// The rate to show for a job in `status`: for a running one, [`Progress::throughput`]; for
    /// a finished one, its final figure — measured up to the first answer that showed the final
    /// count, so answers seen after the end (a reload, another tab) do not dilute it.
    pub fn rate(&self, status: &JobStatus) -> Option<f64> {
        if !status.is_terminal() {
            return self.throughput();
        }
        let end = self.samples.back()?.processed;
        let reached = self.samples.iter().find(|s| s.processed == end)?;
        self.rate_until(reached)
    }

    /// Records per second from the end of the leading plateau to `last`.
    fn rate_until(&self, last: &Sample) -> Option<f64> {
        let first = self.samples.front()?;
        // Skip a leading plateau, keeping its last sample.
        let start = self
            .samples
            .iter()
            .take_while(|s| s.processed == first.processed)
            .last()?;
        let dt = last.at_ms.checked_sub(start.at_ms)?;
        let dp = last.processed.checked_sub(start.processed)?;
        (dt > 0 && dp > 0).then(|| dp as f64 * 1000.0 / dt as f64)
    }

    /// Time left until `target` records are processed, from the latest sample, at the current
    /// throughput. `Some(0)` once reached; `None` while the rate is unknown.
    pub fn eta_ms(&self, target: u64) -> Option<u64> {
        let last = self.samples.back()?;
        let remaining = target.saturating_sub(last.processed);
        if remaining == 0 {
            return Some(0);
        }
        let rate = self.throughput()?;
        let ms = remaining as f64 * 1000.0 / rate;
        ms.is_finite().then(|| ms.min(u64::MAX as f64 / 2.0) as u64)
    }

    /// How long after the last change a stall is declared, given the pace seen so far.
    pub fn quiet_limit_ms(&self, cfg: &StallConfig) -> u64 {
        let by_pace = self.mean_gap_ms.map_or(0.0, |g| g * cfg.factor);
        (by_pace as u64).max(cfg.min_quiet_ms)
    }

    /// Nothing has changed for much longer than the pace seen so far (or than
    /// [`StallConfig::min_quiet_ms`] when no pace is known). Call it only for a running job: a
    /// queued or finished job is not stalled.
    pub fn is_stalled(&self, now_ms: u64, cfg: &StallConfig) -> bool {
        self.last_change_ms
            .is_some_and(|t| now_ms.saturating_sub(t) > self.quiet_limit_ms(cfg))
    }
}

/// The target for an ETA: what the person said, else a `total` larger than `processed`.
pub fn eta_target(expected_total: Option<u64>, total: u64, processed: u64) -> Option<u64> {
    expected_total.or((total > processed).then_some(total))
}

/// `1 234 records/s`, `12.5 records/s`, `0.25 records/s`.
pub fn format_rate(per_second: f64) -> String {
    if !per_second.is_finite() || per_second <= 0.0 {
        return "no records yet".into();
    }
    let shown = if per_second >= 100.0 {
        format!("{:.0}", per_second)
    } else if per_second >= 10.0 {
        format!("{:.1}", per_second)
    } else {
        format!("{:.2}", per_second)
    };
    format!("{shown} records/s")
}

/// The throughput line: the measured rate; while none is measured, "measuring…" only for a
/// running job — a queued one says when it starts, a finished one says it was not measured.
pub fn throughput_text(rate: Option<f64>, status: &JobStatus) -> String {
    match rate {
        Some(r) => format_rate(r),
        None if status.is_terminal() => {
            "not measured (finished before two checks saw it run)".into()
        }
        // Queued: nothing runs yet, so nothing is being measured (a job can wait for hours).
        None if *status == JobStatus::Added => "starts when Zoho starts the job".into(),
        None => "measuring…".into(),
    }
}

/// A rough duration for an ETA: `under a minute`, `about 4 min`, `about 2 h 10 min`.
pub fn format_eta(ms: u64) -> String {
    let min = (ms + 30_000) / 60_000;
    match min {
        0 => "under a minute".into(),
        1..=59 => format!("about {min} min"),
        _ => match min % 60 {
            0 => format!("about {} h", min / 60),
            m => format!("about {} h {m} min", min / 60),
        },
    }
}

/// What a progress bar shows for a job: the one rule every view (the job view, watch-list rows,
/// compact widgets) follows, so no view computes a percentage itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bar {
    /// A known fraction of a job not yet finished: 0 while queued, at most 99 while running.
    Determinate(u8),
    /// Running (or in a state Zoho did not document) with no known row count: Zoho's
    /// `total_count` only counts what is processed, so any percentage would be made up.
    Indeterminate,
    /// Zoho said COMPLETED.
    Complete,
    /// Zoho said FAILED: how far it got when a row count is known (never 100), else nothing.
    Failed(Option<u8>),
}

impl Bar {
    /// The value for `<progress value>` and `aria-valuenow`, when there is one.
    pub fn percent(self) -> Option<u8> {
        match self {
            Bar::Determinate(p) => Some(p),
            Bar::Complete => Some(100),
            Bar::Failed(p) => p,
            Bar::Indeterminate => None,
        }
    }

    /// A stable token for `data-progress`: `determinate | indeterminate | complete | failed`.
    pub fn token(self) -> &'static str {
        match self {
            Bar::Determinate(_) => "determinate",
            Bar::Indeterminate => "indeterminate",
            Bar::Complete => "complete",
            Bar::Failed(_) => "failed",
        }
    }

    /// Words for `aria-valuetext` and a bar's text alternative: `processed` records out of `of`
    /// (the row count the fraction is measured against, when known).
    pub fn describe(self, processed: u64, of: Option<u64>) -> String {
        match (self, of) {
            (Bar::Complete, _) => format!("Completed — {processed} records processed"),
            (Bar::Failed(Some(p)), Some(of)) => {
                format!("Failed at {p}% — {processed} of {of} records processed")
            }
            (Bar::Failed(_), _) => format!("Failed — {processed} records processed"),
            (Bar::Determinate(p), Some(of)) => format!("{p}% — {processed} of {of} records"),
            (Bar::Determinate(p), None) => format!("{p}% — {processed} records processed"),
            (Bar::Indeterminate, _) => format!("{processed} records processed so far"),
        }
    }
}

/// The bar for a job's `status` and `counts`, given the rows the person said the file has.
/// The fraction is measured against [`eta_target`]: the stated row count, else a Zoho `total`
/// above what is processed.
pub fn bar(status: &JobStatus, counts: &Counts, expected_total: Option<u64>) -> Bar {
    let processed = counts.processed();
    let fraction = || {
        eta_target(expected_total, counts.total, processed)
            .map(|target| (processed.saturating_mul(100) / target.max(1)).min(99) as u8)
    };
    match status {
        JobStatus::Added => Bar::Determinate(0),
        JobStatus::Completed => Bar::Complete,
        JobStatus::Failed => Bar::Failed(fraction()),
        JobStatus::InProgress => fraction().map_or(Bar::Indeterminate, Bar::Determinate),
        JobStatus::Unknown(_) => Bar::Indeterminate,
    }
}

/// The row count a bar's fraction is measured against, when there is one (for its words).
pub fn bar_target(counts: &Counts, expected_total: Option<u64>) -> Option<u64> {
    eta_target(expected_total, counts.total, counts.processed())
}
