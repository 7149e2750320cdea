//! Jobs and how they move in time. A job is a fixed plan (rows, outcomes, pace, ending); its
//! state at any instant is computed from the simulated clock, so counts only grow, always sum up,
//! and replay identically for the same seed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use super::version::Version;
use bulkwatch_core::model::Counts;
use bytes::Bytes;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{fnv1a, module_id, synthetic_columns, Gen};
use super::config::DownloadForm;
use super::outcomes::synthesize;
use super::plan::{Behaviour, Ending, Mapping, Operation, ResourcePlan, RowSource, RowStatus};
use super::scenarios::ScenarioKind;

/// A job's `callback` as given at creation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    pub url: String,
    pub method: String,
}

/// One simulated bulk write job.
#[derive(Debug)]
pub struct Job {
    pub id: String,
    pub scenario: Option<ScenarioKind>,
    /// Version for relative links and deep links (answers follow the requested version).
    pub version: Version,
    pub operation: Operation,
    pub created_sim_ms: u64,
    pub created_time: String,
    pub created_by_id: String,
    pub created_by_name: String,
    pub character_encoding: String,
    pub ignore_empty: Option<bool>,
    pub callback: Option<Callback>,
    pub behaviour: Behaviour,
    pub resources: Vec<ResourcePlan>,
    /// Authenticated details requests so far (drives fault patterns).
    pub polls: AtomicU64,
    /// The result zip, built once on first download.
    pub zip: tokio::sync::OnceCell<Bytes>,
}

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Added,
    Running,
    Completed { at_ms: u64 },
    Failed { at_ms: u64 },
}

impl Phase {
    /// `added | running | completed | failed`.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Added => "added",
            Phase::Running => "running",
            Phase::Completed { .. } => "completed",
            Phase::Failed { .. } => "failed",
        }
    }
}

/// Where one resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResPhase {
    Waiting,
    Running,
    Done,
    Failed,
    Skipped,
}

/// A job at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub phase: Phase,
    pub resources: Vec<(ResPhase, Counts)>,
}

impl Job {
    pub fn total_rows(&self) -> u64 {
        self.resources.iter().map(|r| r.outcomes.len() as u64).sum()
    }

    fn rate(&self) -> u64 {
        self.behaviour.rows_per_sec.max(1)
    }

    fn start_ms(&self) -> u64 {
        self.created_sim_ms.saturating_add(self.behaviour.queue_ms)
    }

    /// Rows after which the job stops counting.
    fn cap(&self) -> u64 {
        let total = self.total_rows();
        match self.behaviour.ending {
            Ending::Complete => total,
            Ending::FailAt { permille } | Ending::StallAt { permille } => {
                total.saturating_mul(u64::from(permille.min(1000))) / 1000
            }
        }
    }

    fn ms_for_rows(&self, rows: u64) -> u64 {
        let ms = u128::from(rows) * 1000;
        let rate = u128::from(self.rate());
        u64::try_from(ms.div_ceil(rate)).unwrap_or(u64::MAX)
    }

    /// When the job completes or fails (simulated ms); `None` for a job that stalls.
    pub fn end_ms(&self) -> Option<u64> {
        match self.behaviour.ending {
            Ending::StallAt { .. } => None,
            Ending::Complete | Ending::FailAt { .. } => {
                Some(self.start_ms().saturating_add(self.ms_for_rows(self.cap())))
            }
        }
    }

    /// Rows processed by `now` (across resources, in order).
    fn processed(&self, now: u64) -> u64 {
        let since = now.saturating_sub(self.start_ms());
        let rows = u128::from(since) * u128::from(self.rate()) / 1000;
        u64::try_from(rows).unwrap_or(u64::MAX).min(self.cap())
    }

    /// The job as it stands at simulated time `now`.
    pub fn snapshot(&self, now: u64) -> Snapshot {
        if now < self.start_ms() {
            return Snapshot {
                phase: Phase::Added,
                resources: self
                    .resources
                    .iter()
                    .map(|_| (ResPhase::Waiting, Counts::default()))
                    .collect(),
            };
        }
        let processed = self.processed(now);
        let ended = match self.behaviour.ending {
            Ending::Complete | Ending::FailAt { .. } => processed >= self.cap(),
            Ending::StallAt { .. } => false,
        };
        let end = self.end_ms().unwrap_or(u64::MAX);
        let phase = match (ended, self.behaviour.ending) {
            (false, _) => Phase::Running,
            (true, Ending::FailAt { .. }) => Phase::Failed { at_ms: end },
            (true, _) => Phase::Completed { at_ms: end },
        };
        let failing = self.failing_resource();
        let mut offset = 0u64;
        let resources = self
            .resources
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let len = r.outcomes.len() as u64;
                let done_here = processed.saturating_sub(offset).min(len);
                let counts = count(&r.outcomes[..done_here as usize]);
                let res_phase = match phase {
                    Phase::Failed { .. } if Some(i) == failing => ResPhase::Failed,
                    Phase::Failed { .. } if offset + len <= processed && Some(i) < failing => {
                        ResPhase::Done
                    }
                    Phase::Failed { .. } => ResPhase::Skipped,
                    _ if offset + len <= processed => ResPhase::Done,
                    _ if offset <= processed => ResPhase::Running,
                    _ => ResPhase::Waiting,
                };
                offset += len;
                (res_phase, counts)
            })
            .collect();
        Snapshot { phase, resources }
    }

    /// The resource a failing job fails in: the one holding the fail point, else the last.
    fn failing_resource(&self) -> Option<usize> {
        if !matches!(self.behaviour.ending, Ending::FailAt { .. }) {
            return None;
        }
        let cap = self.cap();
        let mut offset = 0u64;
        for (i, r) in self.resources.iter().enumerate() {
            let len = r.outcomes.len() as u64;
            if cap < offset + len {
                return Some(i);
            }
            offset += len;
        }
        self.resources.len().checked_sub(1)
    }

    /// The final counts of each resource (what the result file must agree with).
    pub fn final_counts(&self) -> Vec<Counts> {
        self.resources.iter().map(|r| count(&r.outcomes)).collect()
    }

    /// The record id Zoho would have given row `row` of resource `res`.
    pub fn record_id(&self, org_id: &str, res: usize, row: usize) -> String {
        let h = fnv1a(format!("{}/{res}/{row}", self.id).as_bytes());
        format!("{org_id}{:012}", h % 1_000_000_000_000)
    }

    /// Counts the authenticated details request just received; returns its 1-based number.
    pub fn next_poll(&self) -> u64 {
        self.polls.fetch_add(1, Ordering::Relaxed) + 1
    }
}

/// Counts of a prefix of outcomes (`total = added + updated + skipped`; unprocessed rows are
/// not counted).
pub fn count(outcomes: &[super::plan::Outcome]) -> Counts {
    let mut c = Counts::default();
    for o in outcomes {
        match o.status {
            RowStatus::Added => c.added += 1,
            RowStatus::Updated => c.updated += 1,
            RowStatus::Skipped => c.skipped += 1,
            RowStatus::Unprocessed => {}
        }
    }
    c.total = c.added + c.updated + c.skipped;
    c
}

/// What building a job needs from the simulator.
#[derive(Debug, Clone)]
pub struct BuildCtx {
    pub seed: u64,
    pub org_id: String,
    pub now_sim_ms: u64,
    pub created_time: String,
    pub link_ttl_secs: u64,
}

/// A stable id-looking number for `what` in org `org_id`.
pub fn derived_id(org_id: &str, what: &str) -> String {
    format!("{org_id}{:012}", fnv1a(what.as_bytes()) % 1_000_000_000_000)
}

/// Builds a scenario job.
pub fn scenario_job(
    kind: ScenarioKind,
    id: &str,
    version: Option<Version>,
    download_form: Option<DownloadForm>,
    ctx: &BuildCtx,
) -> Job {
    let def = kind.def();
    let mut behaviour = def.behaviour(ctx.link_ttl_secs);
    if let Some(form) = download_form {
        behaviour.download_form = form;
    }
    let file_id = derived_id(&ctx.org_id, &format!("file/{id}"));
    let job_salt = ctx.seed ^ fnv1a(id.as_bytes());
    let resources = def
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut rng = ChaCha8Rng::seed_from_u64(job_salt.wrapping_add(i as u64));
            let columns = r.columns.unwrap_or_else(|| synthetic_columns(r.module));
            let mappings = columns
                .iter()
                .enumerate()
                .map(|(idx, c)| Mapping {
                    parent_column_index: (r.child && c.gen == Gen::ParentRef).then_some(0),
                    ..Mapping::column(c.name, idx)
                })
                .collect();
            ResourcePlan {
                module: r.module.to_string(),
                module_id: module_id(&ctx.org_id, r.module),
                file_id: file_id.clone(),
                file_name: r.file_name.to_string(),
                find_by: r.find_by.map(String::from),
                ignore_empty: None,
                mappings,
                result_headers: columns.iter().take(3).map(|c| c.name.to_string()).collect(),
                rows: RowSource::Synthetic {
                    salt: job_salt.wrapping_add(i as u64),
                    columns,
                },
                outcomes: synthesize(r.mix, r.rows, &mut rng),
            }
        })
        .collect();
    Job {
        id: id.to_string(),
        scenario: Some(kind),
        version: version.unwrap_or(def.version),
        operation: def.operation,
        created_sim_ms: ctx.now_sim_ms,
        created_time: ctx.created_time.clone(),
        created_by_id: derived_id(&ctx.org_id, "user"),
        created_by_name: "Sim Operator".into(),
        character_encoding: def.character_encoding.into(),
        ignore_empty: None,
        callback: None,
        behaviour,
        resources,
        polls: AtomicU64::new(0),
        zip: tokio::sync::OnceCell::new(),
    }
}

/// Jobs by id, and their ids in creation order.
type JobMap = (HashMap<String, Arc<Job>>, Vec<String>);

/// All jobs, by id, in creation order.
#[derive(Debug, Default)]
pub struct JobStore {
    inner: RwLock<JobMap>,
}

impl JobStore {
    pub fn get(&self, id: &str) -> Option<Arc<Job>> {
        let g = self.inner.read().unwrap_or_else(|p| p.into_inner());
        g.0.get(id).cloned()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Adds a job; false (and nothing changes) when its id is taken.
    pub fn insert(&self, job: Arc<Job>) -> bool {
        let mut g = self.inner.write().unwrap_or_else(|p| p.into_inner());
        if g.0.contains_key(&job.id) {
            return false;
        }
        g.1.push(job.id.clone());
        g.0.insert(job.id.clone(), job);
        true
    }

    /// Every job, oldest first.
    pub fn all(&self) -> Vec<Arc<Job>> {
        let g = self.inner.read().unwrap_or_else(|p| p.into_inner());
        g.1.iter().filter_map(|id| g.0.get(id).cloned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> BuildCtx {
        BuildCtx {
            seed: 7,
            org_id: "7391452".into(),
            now_sim_ms: 0,
            created_time: "2024-05-01T09:00:00+00:00".into(),
            link_ttl_secs: 60,
        }
    }

    #[test]
    fn a_job_runs_through_its_phases() {
        let job = scenario_job(ScenarioKind::HappyInsert, "1", None, None, &ctx());
        assert_eq!(job.snapshot(0).phase, Phase::Added);
        let mid = job.snapshot(5_000 + 60_000);
        assert_eq!(mid.phase, Phase::Running);
        assert_eq!(mid.resources[0].1.total, 1200);
        let end = job.end_ms().unwrap();
        assert_eq!(end, 5_000 + 120_000);
        assert_eq!(job.snapshot(end - 1).phase, Phase::Running);
        assert_eq!(job.snapshot(end).phase, Phase::Completed { at_ms: end });
        assert_eq!(job.snapshot(end).resources[0].1, job.final_counts()[0]);
    }

    #[test]
    fn failing_and_stalling() {
        let job = scenario_job(ScenarioKind::Failed, "2", None, None, &ctx());
        let end = job.end_ms().unwrap();
        let s = job.snapshot(end + 1_000_000);
        assert!(matches!(s.phase, Phase::Failed { .. }));
        assert_eq!(s.resources[0].0, ResPhase::Failed);
        assert_eq!(s.resources[0].1.total, 600);
        let job = scenario_job(ScenarioKind::Stalled, "3", None, None, &ctx());
        assert_eq!(job.end_ms(), None);
        let s = job.snapshot(u64::MAX / 4);
        assert_eq!(s.phase, Phase::Running);
        assert_eq!(s.resources[0].1.total, 1850);
    }

    #[test]
    fn parent_child_resources_run_in_order() {
        let job = scenario_job(ScenarioKind::UpsertParentChild, "4", None, None, &ctx());
        let s = job.snapshot(5_000 + 10_000);
        assert_eq!(s.resources[0].0, ResPhase::Running);
        assert_eq!(s.resources[1].0, ResPhase::Waiting);
        let s = job.snapshot(5_000 + 30_000);
        assert_eq!(s.resources[0].0, ResPhase::Done);
        assert_eq!(s.resources[1].0, ResPhase::Running);
    }
}
