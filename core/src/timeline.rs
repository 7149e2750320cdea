//! A job's honest timeline: `created_time` from the API plus every status change and the first and
//! final counts the widget observed, each with the time bound the polls really give — "between
//! the last poll that saw the old state and the first that saw the new one".
//!
//! It is plain data (serde), kept per job id in localStorage so a reload keeps the history: it
//! holds statuses, counts and times, never a token. Bounded in size; two copies (a reload, a
//! second tab) merge by intersecting the bounds of the same change.
//!
//! Use: on mount, `Timeline::from_json(stored, &job)` or `Timeline::new(&job)`; after each answer,
//! `observe_job(&job, sent_at, received_at)` (its return value is what aria-live announces), then
//! store `to_json()` under `Timeline::storage_key(&job)`; on another tab's `storage` event,
//! `merge` its copy.
//!
//! Times are the browser's clock (`Date.now()`); `created_time` is Zoho's clock, so the first
//! bound may be off by their difference.

use serde::{Deserialize, Serialize};

use crate::endpoint::JobId;
use crate::model::{parse_rfc3339, Counts, Job, JobStatus, ResourceStatus};
use crate::progress::Progress;

mod format;
mod words;

pub use format::{format_ago, format_bound};
pub use words::Sentence;

/// The stored format's version; other versions are not read.
pub const FORMAT_VERSION: u32 = 1;
/// Events kept; older ones (never `Created`) are dropped first and counted.
pub const MAX_EVENTS: usize = 100;
/// A stored timeline longer than this is ignored rather than parsed.
pub const MAX_STORED_LEN: usize = 256 * 1024;

/// When something happened, as well as polling can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeBound {
    /// Not before this (the last poll that saw the old state was sent then). `None`: unknown.
    pub after_ms: Option<u64>,
    /// Not after this (the first answer showing the new state arrived then).
    pub before_ms: u64,
}

impl TimeBound {
    /// An exactly known instant (the API's `created_time`).
    pub fn exact(at_ms: u64) -> TimeBound {
        TimeBound {
            after_ms: Some(at_ms),
            before_ms: at_ms,
        }
    }

    /// The width of the bound (the poll gap), if it has a lower end.
    pub fn precision_ms(&self) -> Option<u64> {
        self.after_ms.map(|a| self.before_ms.saturating_sub(a))
    }

    /// Both bounds hold: the tighter bound, or `None` if they cannot both be true.
    pub fn intersect(&self, other: &TimeBound) -> Option<TimeBound> {
        let after = match (self.after_ms, other.after_ms) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let before = self.before_ms.min(other.before_ms);
        match after {
            Some(a) if a > before => None,
            _ => Some(TimeBound {
                after_ms: after,
                before_ms: before,
            }),
        }
    }
}

/// What happened. Statuses are kept as Zoho's wire text; read them with
/// `JobStatus::from_wire` / `ResourceStatus::from_wire`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// The job was created (`created_time`).
    Created,
    /// The job's status changed; `from: None` when first seen already past `ADDED`.
    Status { from: Option<String>, to: String },
    /// One resource's status changed (parent/child jobs only, where they differ).
    ResourceStatus {
        index: usize,
        module: String,
        from: Option<String>,
        to: String,
    },
    /// The first processed records were seen.
    FirstCounts { processed: u64 },
    /// The counts when the job finished.
    FinalCounts {
        added: u64,
        updated: u64,
        skipped: u64,
        total: u64,
    },
}

impl EventKind {
    /// A stable token for `data-kind` attributes and tests.
    pub fn token(&self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Status { .. } => "status",
            EventKind::ResourceStatus { .. } => "resource_status",
            EventKind::FirstCounts { .. } => "first_counts",
            EventKind::FinalCounts { .. } => "final_counts",
        }
    }
}

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimelineEvent {
    #[serde(flatten)]
    pub kind: EventKind,
    pub bound: TimeBound,
}

/// One poll's answer, reduced to what the timeline needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// When the request was sent and its answer received (browser clock, ms).
    pub sent_at_ms: u64,
    pub received_at_ms: u64,
    pub status: JobStatus,
    /// Each resource's module name and status, parent first.
    pub resources: Vec<(String, ResourceStatus)>,
    pub counts: Counts,
}

impl TimelineEvent {
    /// The entry as a sentence with its bound in words, at `offset_min` minutes east of UTC
    /// (see [`format_bound`]): "Zoho started processing the file between 10:42:05 and 10:42:35."
    pub fn sentence(&self, offset_min: i32, now_ms: u64) -> Sentence {
        self.kind
            .sentence(format_bound(&self.bound, offset_min, now_ms))
    }
}

impl Observation {
    /// The observation of a decoded job answer.
    pub fn from_job(job: &Job, sent_at_ms: u64, received_at_ms: u64) -> Observation {
        Observation {
            sent_at_ms,
            received_at_ms,
            status: job.status.clone(),
            resources: job
                .resources
                .iter()
                .map(|r| (r.module_name().to_string(), r.status.clone()))
                .collect(),
            counts: job.counts(),
        }
    }
}

/// The state the last poll saw, kept to bound the next change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastSeen {
    pub sent_at_ms: u64,
    pub received_at_ms: u64,
    pub status: String,
    pub resources: Vec<String>,
    pub processed: u64,
    /// The job's counts in that answer, so a view can show them before the next one (absent
    /// from timelines stored before they were kept).
    #[serde(default)]
    pub counts: Option<Counts>,
}

/// A job's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    pub format: u32,
    pub job_id: String,
    /// `created_time` as sent, and parsed.
    pub created_raw: Option<String>,
    pub created_at_ms: Option<u64>,
    /// Oldest first (by upper bound).
    pub events: Vec<TimelineEvent>,
    pub last: Option<LastSeen>,
    /// Answers observed (across reloads).
    pub observations: u32,
    /// Events dropped to stay within [`MAX_EVENTS`].
    pub dropped: u32,
    /// Recent counts, for throughput, ETA and stall after a reload too.
    pub progress: Progress,
}

impl Timeline {
    /// An empty timeline for a job.
    pub fn new(job: &JobId) -> Timeline {
        Timeline {
            format: FORMAT_VERSION,
            job_id: job.as_str().to_string(),
            created_raw: None,
            created_at_ms: None,
            events: Vec::new(),
            last: None,
            observations: 0,
            dropped: 0,
            progress: Progress::new(),
        }
    }

    /// The localStorage key for a job's timeline.
    pub fn storage_key(job: &JobId) -> String {
        format!("bulkwatch.timeline.{job}")
    }

    /// Records `created_time` (once; a different later value replaces it).
    pub fn set_created(&mut self, raw: &str) {
        if self.created_raw.as_deref() == Some(raw) {
            return;
        }
        self.created_raw = Some(raw.to_string());
        self.created_at_ms = parse_rfc3339(raw).and_then(|t| u64::try_from(t.epoch_millis).ok());
        self.events.retain(|e| e.kind != EventKind::Created);
        if let Some(at) = self.created_at_ms {
            self.push(EventKind::Created, TimeBound::exact(at));
        }
    }

    /// Records a decoded job answer; returns the events it added (for an aria-live message).
    pub fn observe_job(
        &mut self,
        job: &Job,
        sent_at_ms: u64,
        received_at_ms: u64,
    ) -> Vec<TimelineEvent> {
        if let Some(raw) = &job.created_time {
            self.set_created(raw);
        }
        self.observe(&Observation::from_job(job, sent_at_ms, received_at_ms))
    }

    /// Records an observation; returns the events it added. An answer to a request sent before
    /// the last recorded one (a stale answer) is ignored.
    pub fn observe(&mut self, obs: &Observation) -> Vec<TimelineEvent> {
        if self
            .last
            .as_ref()
            .is_some_and(|l| obs.sent_at_ms < l.sent_at_ms)
        {
            return Vec::new();
        }
        let status = job_status_text(&obs.status);
        let resources: Vec<String> = obs
            .resources
            .iter()
            .map(|(_, s)| resource_status_text(s))
            .collect();
        let processed = obs.counts.processed();
        // A change happened after the last poll that saw the old state was sent, and before this
        // answer arrived; for the first observation, after creation.
        let after = match &self.last {
            Some(l) => Some(l.sent_at_ms),
            None => self.created_at_ms,
        };
        let bound = TimeBound {
            after_ms: after.map(|a| a.min(obs.received_at_ms)),
            before_ms: obs.received_at_ms,
        };
        let mut added = Vec::new();
        let mut emit = |tl: &mut Timeline, kind: EventKind| {
            tl.push(kind.clone(), bound);
            added.push(TimelineEvent { kind, bound });
        };
        let prev = self.last.clone();
        let prev_status = prev.as_ref().map(|l| l.status.clone());
        if prev_status.as_deref() != Some(status.as_str())
            && !(prev.is_none() && obs.status == JobStatus::Added)
        {
            emit(
                self,
                EventKind::Status {
                    from: prev_status,
                    to: status.clone(),
                },
            );
        }
        if obs.resources.len() > 1 {
            for (index, ((module, _), to)) in obs.resources.iter().zip(&resources).enumerate() {
                let from = prev.as_ref().and_then(|l| l.resources.get(index)).cloned();
                let initial = from.is_none() && to == "ADDED";
                if from.as_deref() != Some(to.as_str()) && !initial {
                    emit(
                        self,
                        EventKind::ResourceStatus {
                            index,
                            module: module.clone(),
                            from,
                            to: to.clone(),
                        },
                    );
                }
            }
        }
        let first_counts_seen = self
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::FirstCounts { .. }));
        // A job first seen already finished has final counts, not "first records processed".
        let first_seen_final = prev.is_none() && obs.status.is_terminal();
        if processed > 0
            && prev.as_ref().is_none_or(|l| l.processed == 0)
            && !first_counts_seen
            && !first_seen_final
        {
            emit(self, EventKind::FirstCounts { processed });
        }
        if obs.status.is_terminal()
            && !self
                .events
                .iter()
                .any(|e| matches!(e.kind, EventKind::FinalCounts { .. }))
        {
            let c = obs.counts;
            emit(
                self,
                EventKind::FinalCounts {
                    added: c.added,
                    updated: c.updated,
                    skipped: c.skipped,
                    total: c.total,
                },
            );
        }
        self.progress.record(obs.received_at_ms, processed);
        self.observations = self.observations.saturating_add(1);
        self.last = Some(LastSeen {
            sent_at_ms: obs.sent_at_ms,
            received_at_ms: obs.received_at_ms,
            status,
            resources,
            processed,
            counts: Some(obs.counts),
        });
        added
    }

    /// Adds an event in order and keeps the list bounded.
    fn push(&mut self, kind: EventKind, bound: TimeBound) {
        let at = self
            .events
            .partition_point(|e| e.bound.before_ms <= bound.before_ms);
        self.events.insert(at, TimelineEvent { kind, bound });
        self.trim();
    }

    /// Drops the oldest events (never `Created`) beyond [`MAX_EVENTS`].
    fn trim(&mut self) {
        while self.events.len() > MAX_EVENTS {
            match self
                .events
                .iter()
                .position(|e| e.kind != EventKind::Created)
            {
                Some(i) => {
                    self.events.remove(i);
                    self.dropped = self.dropped.saturating_add(1);
                }
                None => break,
            }
        }
    }

    /// Folds another copy of the same job's timeline in (a stored one after a reload, or another
    /// tab's). The same change seen by both keeps the intersection of its bounds; the later
    /// `last` and the fresher progress win. A different job's timeline is ignored.
    pub fn merge(&mut self, other: &Timeline) {
        if other.job_id != self.job_id {
            return;
        }
        if self.created_raw.is_none() {
            if let Some(raw) = &other.created_raw {
                self.set_created(raw);
            }
        }
        for ev in &other.events {
            if ev.kind == EventKind::Created {
                continue;
            }
            let same = self
                .events
                .iter()
                .position(|e| same_change(&e.kind, &ev.kind));
            match same {
                Some(i) => {
                    let mine = self.events[i].clone();
                    let merged = match mine.bound.intersect(&ev.bound) {
                        Some(b) => TimelineEvent {
                            kind: mine.kind,
                            bound: b,
                        },
                        // Not the same occurrence: keep the earlier singleton, or both.
                        None if is_singleton(&ev.kind)
                            && ev.bound.before_ms < mine.bound.before_ms =>
                        {
                            ev.clone()
                        }
                        None if is_singleton(&ev.kind) => mine,
                        None => {
                            self.push(ev.kind.clone(), ev.bound);
                            continue;
                        }
                    };
                    self.events.remove(i);
                    self.push(merged.kind, merged.bound);
                }
                None => self.push(ev.kind.clone(), ev.bound),
            }
        }
        let newer = |a: &Option<LastSeen>, b: &Option<LastSeen>| match (a, b) {
            (Some(x), Some(y)) => y.sent_at_ms > x.sent_at_ms,
            (None, Some(_)) => true,
            _ => false,
        };
        if newer(&self.last, &other.last) {
            self.last = other.last.clone();
        }
        let latest = |p: &Progress| p.latest().map_or(0, |s| s.at_ms);
        if latest(&other.progress) > latest(&self.progress) {
            self.progress = other.progress.clone();
        }
        self.observations = self.observations.max(other.observations);
        self.dropped = self.dropped.max(other.dropped);
    }

    /// The JSON kept in localStorage.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored timeline for `job`; `None` if it is missing, too long, of another format or
    /// job, or not understood. Over-long event lists are cut to [`MAX_EVENTS`].
    pub fn from_json(json: &str, job: &JobId) -> Option<Timeline> {
        if json.len() > MAX_STORED_LEN {
            return None;
        }
        let mut tl: Timeline = serde_json::from_str(json).ok()?;
        if tl.format != FORMAT_VERSION || tl.job_id != job.as_str() {
            return None;
        }
        tl.events
            .retain(|e| e.bound.after_ms.is_none_or(|a| a <= e.bound.before_ms));
        tl.events.sort_by_key(|e| e.bound.before_ms);
        tl.trim();
        Some(tl)
    }
}

/// First and final counts happen once per job; status changes are the same change when equal.
fn same_change(a: &EventKind, b: &EventKind) -> bool {
    if is_singleton(a) {
        a.token() == b.token()
    } else {
        a == b
    }
}

fn is_singleton(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::FirstCounts { .. } | EventKind::FinalCounts { .. }
    )
}

/// A job status as Zoho writes it (an unknown one keeps its raw text).
pub fn job_status_text(s: &JobStatus) -> String {
    match s {
        JobStatus::Added => "ADDED".into(),
        JobStatus::InProgress => "INPROGRESS".into(),
        JobStatus::Completed => "COMPLETED".into(),
        JobStatus::Failed => "FAILED".into(),
        JobStatus::Unknown(raw) => raw.clone(),
    }
}

/// A resource status as Zoho writes it (an unknown one keeps its raw text).
pub fn resource_status_text(s: &ResourceStatus) -> String {
    match s {
        ResourceStatus::Added => "ADDED".into(),
        ResourceStatus::InProgress => "INPROGRESS".into(),
        ResourceStatus::Completed => "COMPLETED".into(),
        ResourceStatus::Skipped => "SKIPPED".into(),
        ResourceStatus::Failed => "FAILED".into(),
        ResourceStatus::Unknown(raw) => raw.clone(),
    }
}
