//! Demo mode: the demo token, one job of each main scenario with stable ids (the happy insert
//! finishes about two minutes after start at speed 1), deep links into the page, and the JSON at
//! `GET /__sim/demo` the page reads to offer its "use demo token" control.

use std::sync::Arc;

use serde::Serialize;

use super::scenarios::ScenarioKind;
use super::{JobRequest, SimState};

/// The token demo mode accepts. It unlocks only this local simulator.
pub const DEMO_TOKEN: &str = "demo-token";

/// One demo job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoJob {
    pub scenario: &'static str,
    pub id: String,
    pub version: &'static str,
    /// The page's deep link (`#api=…&v=…&job=…`; never the token).
    pub link: String,
}

/// What `GET /__sim/demo` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoInfo {
    pub token: &'static str,
    /// The page's address.
    pub page: String,
    pub jobs: Vec<DemoJob>,
}

/// The stable id of the `n`-th demo job in org `org_id`.
pub fn demo_job_id(org_id: &str, n: usize) -> String {
    format!("{org_id}{:012}", 900_000_000_001u64 + n as u64)
}

/// Creates the demo jobs (keeping any that already exist under those ids).
pub fn setup(state: &Arc<SimState>) -> DemoInfo {
    let jobs = ScenarioKind::MAIN
        .into_iter()
        .enumerate()
        .map(|(n, kind)| {
            let id = demo_job_id(&state.config.org_id, n);
            let job = state
                .create_scenario_job(JobRequest::new(kind).with_id(&id))
                .or_else(|| state.jobs.get(&id));
            let version = job.map(|j| j.version).unwrap_or_default();
            DemoJob {
                scenario: kind.name(),
                link: state.deep_link(&id, version),
                id,
                version: version.as_str(),
            }
        })
        .collect();
    DemoInfo {
        token: DEMO_TOKEN,
        page: format!("{}/", state.config.public_origin.trim_end_matches('/')),
        jobs,
    }
}

/// The lines printed at start in demo mode: the token, then one line per job.
pub fn banner(info: &DemoInfo) -> Vec<String> {
    let mut lines = vec![
        format!("demo page:  {}", info.page),
        format!(
            "demo token: {}   (the page's \"use demo token\" button fills it in; it only works here)",
            info.token
        ),
    ];
    let width = info
        .jobs
        .iter()
        .map(|j| j.scenario.len())
        .max()
        .unwrap_or(0);
    for j in &info.jobs {
        lines.push(format!(
            "demo job:   {:width$}  {}  {}",
            j.scenario, j.id, j.link
        ));
    }
    lines
}
