//! Job-details JSON exactly as each API version shapes it, following the simulator's own
//! presence table ([`super::version`]): v2 sends `module` as a string and no `file` while the job
//! runs; v2.1+ sends `module {api_name, id}`; v3+ parent/child jobs add `file_id`, `file_names`,
//! `find_by`, mapping `module` and `parent_column_index`; v8 carries `ignore_empty` per
//! resource. Unset keys come back as explicit `null`, like Zoho's.

use super::version::Version;
use bulkwatch_core::model::Counts;
use serde_json::{json, Map, Value};

use super::config::{DownloadForm, SimConfig};
use super::jobs::{Job, Phase, ResPhase, Snapshot};
use super::plan::{Mapping, ResourcePlan};

/// Rendering choices that are not part of the job.
#[derive(Debug, Clone)]
pub struct ShapeOpts<'a> {
    pub version: Version,
    /// `INPROGRESS` or `IN PROGRESS`.
    pub in_progress: &'a str,
    pub v2_numeric_id: bool,
}

impl<'a> ShapeOpts<'a> {
    pub fn new(config: &'a SimConfig, version: Version) -> ShapeOpts<'a> {
        ShapeOpts {
            version,
            in_progress: &config.in_progress_spelling,
            v2_numeric_id: config.v2_numeric_id,
        }
    }
}

/// The `result.download_url` of a job, in its configured form.
pub fn download_url(job: &Job, config: &SimConfig) -> String {
    let id = &job.id;
    let org = &config.org_id;
    match job.behaviour.download_form {
        DownloadForm::Absolute => format!(
            "{}/v2/crm/{org}/bulk-write/{id}/{id}.zip",
            config.download_base()
        ),
        DownloadForm::Relative => {
            format!("/{}/crm/org{org}/bulk-write/{id}/{id}.zip", job.version)
        }
    }
}

/// The job-details body for `snap`; `download_url` is used only once the job completed.
pub fn job_details(job: &Job, snap: &Snapshot, opts: &ShapeOpts<'_>, download_url: &str) -> Value {
    let v = opts.version;
    let mut top = Map::new();
    let status = match snap.phase {
        Phase::Added => "ADDED",
        Phase::Running => opts.in_progress,
        Phase::Completed { .. } => "COMPLETED",
        Phase::Failed { .. } => "FAILED",
    };
    top.insert("status".into(), json!(status));
    if snap.phase != Phase::Added {
        top.insert("character_encoding".into(), json!(job.character_encoding));
    }
    let resources: Vec<Value> = job
        .resources
        .iter()
        .zip(&snap.resources)
        .enumerate()
        .map(|(i, (plan, (phase, counts)))| {
            resource(job, plan, i, *phase, counts, snap.phase, opts)
        })
        .collect();
    top.insert("resource".into(), Value::Array(resources));
    let id = match (v, opts.v2_numeric_id, job.id.parse::<u64>()) {
        (Version::V2, true, Ok(n)) => json!(n),
        _ => json!(job.id),
    };
    top.insert("id".into(), id);
    if let Phase::Completed { .. } = snap.phase {
        top.insert("result".into(), json!({ "download_url": download_url }));
    }
    top.insert(
        "created_by".into(),
        json!({"id": job.created_by_id, "name": job.created_by_name}),
    );
    top.insert("operation".into(), json!(job.operation.as_str()));
    top.insert("created_time".into(), json!(job.created_time));
    if let Some(cb) = &job.callback {
        top.insert(
            "callback".into(),
            json!({"url": cb.url, "method": cb.method}),
        );
    }
    if !v.presence().ignore_empty_per_resource {
        if let Some(ignore) = job.ignore_empty {
            top.insert("ignore_empty".into(), json!(ignore));
        }
    }
    Value::Object(top)
}

fn resource(
    job: &Job,
    plan: &ResourcePlan,
    index: usize,
    phase: ResPhase,
    counts: &Counts,
    job_phase: Phase,
    opts: &ShapeOpts<'_>,
) -> Value {
    let has = opts.version.presence();
    let parent_child = has.parent_child_keys && job.resources.len() > 1;
    let ip = opts.in_progress;
    let (status, code, file_status) = if job_phase == Phase::Added {
        // Zoho's "Added" sample: the first resource already says INPROGRESS, code ADDED.
        if index == 0 {
            (ip, "ADDED", ip)
        } else {
            ("ADDED", "ADDED", "ADDED")
        }
    } else {
        match phase {
            ResPhase::Waiting => ("ADDED", "ADDED", "ADDED"),
            ResPhase::Running => (ip, "ADDED", ip),
            ResPhase::Done if job.behaviour.quirks.inprogress_code_on_complete => {
                ("COMPLETED", "INPROGRESS", "COMPLETED")
            }
            ResPhase::Done => ("COMPLETED", "SUCCESS", "COMPLETED"),
            ResPhase::Failed => ("FAILED", "FAILED", "FAILED"),
            ResPhase::Skipped => ("SKIPPED", "SKIPPED", "SKIPPED"),
        }
    };
    let mut r = Map::new();
    r.insert("status".into(), json!(status));
    r.insert("type".into(), json!("data"));
    r.insert("code".into(), json!(code));
    if has.module_object {
        r.insert(
            "module".into(),
            json!({"api_name": plan.module, "id": plan.module_id}),
        );
    } else {
        r.insert("module".into(), json!(plan.module));
    }
    let mappings: Vec<Value> = plan
        .mappings
        .iter()
        .map(|m| mapping(m, parent_child))
        .collect();
    r.insert("field_mappings".into(), Value::Array(mappings));
    let terminal = matches!(job_phase, Phase::Completed { .. } | Phase::Failed { .. });
    if has.file_while_running && job_phase == Phase::Added {
        r.insert("file".into(), json!({ "status": file_status }));
    } else if has.file_while_running || terminal {
        let mut file = json!({
            "status": file_status,
            "name": plan.file_name,
            "added_count": counts.added,
            "skipped_count": counts.skipped,
            "updated_count": counts.updated,
            "total_count": counts.total,
        });
        if job.behaviour.quirks.file_module {
            file["module"] = json!(plan.module);
        }
        r.insert("file".into(), file);
    }
    if parent_child {
        r.insert("file_id".into(), json!(plan.file_id));
        r.insert("file_names".into(), json!([plan.file_name]));
    }
    if parent_child || (has.parent_child_keys && plan.find_by.is_some()) {
        r.insert("find_by".into(), json!(plan.find_by));
    }
    if has.ignore_empty_per_resource {
        if let Some(ignore) = plan.ignore_empty.or(job.ignore_empty) {
            r.insert("ignore_empty".into(), json!(ignore));
        }
    }
    Value::Object(r)
}

fn mapping(m: &Mapping, parent_child: bool) -> Value {
    let mut o = Map::new();
    o.insert("api_name".into(), json!(m.api_name));
    o.insert("index".into(), json!(m.index));
    o.insert("format".into(), json!(m.format));
    o.insert("find_by".into(), json!(m.find_by));
    o.insert(
        "default_value".into(),
        m.default_value.clone().unwrap_or(Value::Null),
    );
    if parent_child {
        o.insert("module".into(), json!(m.module));
        o.insert("parent_column_index".into(), json!(m.parent_column_index));
    }
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::jobs::{scenario_job, BuildCtx};
    use crate::sim::scenarios::ScenarioKind;

    fn job(kind: ScenarioKind) -> Job {
        let ctx = BuildCtx {
            seed: 1,
            org_id: "7391452".into(),
            now_sim_ms: 0,
            created_time: "2024-05-01T09:00:00+00:00".into(),
            link_ttl_secs: 60,
        };
        scenario_job(kind, "7391452000000000001", None, None, &ctx)
    }

    #[test]
    fn v2_and_v8_differ_as_zoho_does() {
        let config = SimConfig::default();
        let job = job(ScenarioKind::UpsertParentChild);
        let running = job.snapshot(10_000);
        let v2 = job_details(&job, &running, &ShapeOpts::new(&config, Version::V2), "u");
        let r = &v2["resource"][0];
        assert_eq!(r["module"], "Quotes");
        assert!(r.get("file").is_none() && r.get("file_names").is_none());
        assert_eq!(r["code"], "ADDED", "every version sends code");
        assert_eq!(v2["status"], "INPROGRESS");
        let v8 = job_details(&job, &running, &ShapeOpts::new(&config, Version::V8), "u");
        let r = &v8["resource"][1];
        assert_eq!(r["module"]["api_name"], "Quoted_Items");
        assert_eq!(r["file_names"][0], "Quoted_Items.csv");
        assert_eq!(r["field_mappings"][0]["parent_column_index"], 0);
        assert!(r["field_mappings"][1]["parent_column_index"].is_null());
        assert!(v8.get("result").is_none());
        let added = job.snapshot(0);
        let a = job_details(&job, &added, &ShapeOpts::new(&config, Version::V2_1), "u");
        assert_eq!(a["resource"][0]["file"], json!({"status": "INPROGRESS"}));
        assert!(a.get("character_encoding").is_none());
        assert!(a["resource"][0].get("file_names").is_none());
    }
}
