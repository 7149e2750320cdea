//! The job summary's time facts: when the job finished, as honestly as the polls can tell (the
//! timeline's bound for the answer that first showed it finished), and how long it ran — a range
//! when the finish is only known between two checks.

use crate::model::JobStatus;
use crate::timeline::{EventKind, TimeBound, Timeline};

/// How long a job ran (or has been running), from its exact `created_time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duration {
    /// Finished, and the finish is known within a second or between two checks: at least
    /// `min_ms`, at most `max_ms`.
    Ran { min_ms: u64, max_ms: u64 },
    /// Finished, but first seen finished (no earlier check): at most this long.
    AtMost(u64),
    /// Not finished: running for this long so far.
    SoFar(u64),
}

/// The bound of the job's finish: the timeline's final-counts entry (the answer that first
/// showed a final status), `None` while the job is not finished or nothing was observed.
pub fn finish_bound(status: &JobStatus, timeline: &Timeline) -> Option<TimeBound> {
    if !status.is_terminal() {
        return None;
    }
    timeline
        .events
        .iter()
        .rev()
        .find(|e| matches!(e.kind, EventKind::FinalCounts { .. }))
        .map(|e| e.bound)
}

/// How long the job ran (from `created_at_ms`), given its finish bound; while not finished,
/// how long since creation at `now_ms`. `None` without a creation time.
pub fn duration(
    created_at_ms: Option<u64>,
    finished: Option<TimeBound>,
    status: &JobStatus,
    now_ms: u64,
) -> Option<Duration> {
    let created = created_at_ms?;
    match finished {
        Some(b) => {
            let max_ms = b.before_ms.saturating_sub(created);
            // A lower end at creation itself says nothing: only "at most".
            match b.after_ms.filter(|a| *a > created) {
                Some(a) => Some(Duration::Ran {
                    min_ms: a.saturating_sub(created),
                    max_ms,
                }),
                None => Some(Duration::AtMost(max_ms)),
            }
        }
        None if status.is_terminal() => None,
        None => Some(Duration::SoFar(now_ms.saturating_sub(created))),
    }
}

/// `4 min 12 s`, `2 h 5 min`, `45 s`, `3 days 4 h`.
pub fn format_span(ms: u64) -> String {
    let s = ms / 1000;
    match s {
        172_800.. => match (s % 86_400) / 3600 {
            0 => format!("{} days", s / 86_400),
            h => format!("{} days {h} h", s / 86_400),
        },
        0..=59 => format!("{s} s"),
        60..=3_599 => match s % 60 {
            0 => format!("{} min", s / 60),
            r => format!("{} min {r} s", s / 60),
        },
        _ => match (s % 3600) / 60 {
            0 => format!("{} h", s / 3600),
            m => format!("{} h {m} min", s / 3600),
        },
    }
}

impl Duration {
    /// Words: `4 min 12 s`, `between 4 min and 4 min 30 s`, `at most 4 min 30 s`,
    /// `12 min so far`.
    pub fn describe(self) -> String {
        match self {
            Duration::Ran { min_ms, max_ms } if format_span(min_ms) == format_span(max_ms) => {
                format_span(max_ms)
            }
            Duration::Ran { min_ms, max_ms } => format!(
                "between {} and {}",
                format_span(min_ms),
                format_span(max_ms)
            ),
            Duration::AtMost(ms) => format!("at most {}", format_span(ms)),
            Duration::SoFar(ms) => format!("{} so far", format_span(ms)),
        }
    }
}
