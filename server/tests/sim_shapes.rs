//! Every version's shape, for every scenario, at every phase: what v2, v2.1 and v3+ send and omit
//! (the parent/child keys only in v3+ jobs with several resources, as the reference says),
//! explicit nulls in mappings, and the two wire switches (`IN PROGRESS`, v2 numeric ids).

mod sim_support;

use std::time::Duration;

use bulkwatch_server::sim::{JobRequest, ScenarioKind};
use serde_json::Value;
use sim_support::*;

const VERSIONS: [&str; 8] = ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"];

fn check_shape(v: &str, j: &Value) {
    let status = j["status"].as_str().unwrap();
    let running = status == "ADDED" || status == "INPROGRESS";
    assert!(j["id"].is_string(), "{v}: id");
    assert!(j["created_by"]["id"].is_string() && j["created_by"]["name"].is_string());
    assert!(j["operation"].is_string() && j["created_time"].is_string());
    assert_eq!(
        j.get("character_encoding").is_some(),
        status != "ADDED",
        "{v} {status}"
    );
    assert_eq!(
        j.get("result").is_some(),
        status == "COMPLETED",
        "{v} {status}"
    );
    let resources = j["resource"].as_array().unwrap();
    let parent_child = resources.len() > 1 && !matches!(v, "v2" | "v2.1");
    for r in resources {
        assert_eq!(r["type"], "data");
        assert!(r["code"].is_string(), "{v}: every version sends code");
        for m in r["field_mappings"].as_array().unwrap() {
            for key in ["api_name", "index", "format", "find_by", "default_value"] {
                assert!(m.get(key).is_some(), "{v}: mapping key {key}");
            }
            assert_eq!(m.get("parent_column_index").is_some(), parent_child, "{v}");
            assert_eq!(m.get("module").is_some(), parent_child, "{v}");
        }
        match v {
            "v2" => {
                assert!(r["module"].is_string(), "v2 module is a string");
                assert_eq!(
                    r.get("file").is_some(),
                    !running,
                    "v2 file only at the end ({status})"
                );
            }
            _ => {
                assert!(r["module"]["api_name"].is_string() && r["module"]["id"].is_string());
                let file = &r["file"];
                assert!(file["status"].is_string());
                if status == "ADDED" {
                    assert_eq!(
                        file.as_object().unwrap().len(),
                        1,
                        "{v}: only a status while ADDED"
                    );
                } else {
                    let t = file["total_count"].as_u64().unwrap();
                    let sum = ["added_count", "updated_count", "skipped_count"]
                        .iter()
                        .map(|k| file[*k].as_u64().unwrap())
                        .sum::<u64>();
                    assert_eq!(t, sum);
                    assert!(file["name"].is_string());
                }
            }
        }
        assert_eq!(r.get("file_names").is_some(), parent_child, "{v}");
        assert_eq!(r.get("file_id").is_some(), parent_child, "{v}");
        let keyed = !matches!(v, "v2" | "v2.1") && j["operation"] != "insert";
        assert_eq!(r.get("find_by").is_some(), parent_child || keyed, "{v}");
    }
}

#[tokio::test]
async fn every_version_every_scenario_every_phase() {
    // The latency scenario answers like the happy one, only later (see sim_faults).
    for kind in ScenarioKind::ALL
        .into_iter()
        .filter(|k| *k != ScenarioKind::FaultLatency)
    {
        let s = sim();
        let job = s.create_job(JobRequest::new(kind).with_id("1")).unwrap();
        let r = s.router();
        let end = job.end_ms().unwrap_or(120_000);
        let mut seen = Vec::new();
        for at in [0, 6_000, end + 1] {
            s.advance(Duration::from_millis(at.saturating_sub(s.clock().sim_ms())));
            for v in VERSIONS {
                // Skip answers the scenario's fault replaces.
                let a = details(&r, v, "1").await;
                let Ok(j) = serde_json::from_slice::<Value>(&a.body) else {
                    continue;
                };
                if a.status != 200 || j["status"] == "error" {
                    continue;
                }
                check_shape(v, &j);
                seen.push(j["status"].as_str().unwrap().to_string());
            }
        }
        // These two replace every details answer with an error.
        if !matches!(
            kind,
            ScenarioKind::FaultInternalError | ScenarioKind::FaultErrorWithoutStatus
        ) {
            assert!(seen.contains(&"ADDED".to_string()), "{kind:?}: {seen:?}");
            assert!(seen.contains(&"INPROGRESS".to_string()), "{kind:?}");
        }
    }
}

#[tokio::test]
async fn parent_child_and_seed_samples() {
    let s = sim();
    s.create_job(JobRequest::new(ScenarioKind::UpsertParentChild).with_id("2"))
        .unwrap();
    let r = s.router();
    let j = details(&r, "v8", "2").await.json();
    // The seed's "Added" sample: job ADDED, first resource INPROGRESS / code ADDED.
    assert_eq!(j["status"], "ADDED");
    assert_eq!(j["resource"][0]["status"], "INPROGRESS");
    assert_eq!(j["resource"][0]["code"], "ADDED");
    assert_eq!(j["resource"][0]["file"]["status"], "INPROGRESS");
    assert_eq!(j["resource"][1]["status"], "ADDED");
    s.advance(Duration::from_secs(3600));
    let j = details(&r, "v5", "2").await.json();
    assert_eq!(j["status"], "COMPLETED");
    let parent = &j["resource"][0];
    let child = &j["resource"][1];
    assert_eq!(parent["module"]["api_name"], "Quotes");
    assert_eq!(parent["code"], "SUCCESS");
    assert_eq!(parent["find_by"], "Subject");
    assert_eq!(
        parent["file_id"], child["file_id"],
        "one zip for the whole job"
    );
    assert_ne!(parent["file_names"], child["file_names"]);
    assert_eq!(child["field_mappings"][0]["parent_column_index"], 0);
    assert!(parent["field_mappings"][0]["parent_column_index"].is_null());
}

#[tokio::test]
async fn in_progress_spelling_switch() {
    let s = sim_with(|c| c.in_progress_spelling = "IN PROGRESS".into());
    s.create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("3"))
        .unwrap();
    let r = s.router();
    s.advance(Duration::from_secs(10));
    let j = details(&r, "v8", "3").await.json();
    assert_eq!(j["status"], "IN PROGRESS");
    assert_eq!(j["resource"][0]["status"], "IN PROGRESS");
    let plain = sim();
    plain
        .create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("3"))
        .unwrap();
    plain.advance(Duration::from_secs(10));
    assert_eq!(
        details(&plain.router(), "v8", "3").await.json()["status"],
        "INPROGRESS"
    );
}

#[tokio::test]
async fn v2_numeric_ids_when_asked() {
    let s = sim_with(|c| c.v2_numeric_id = true);
    s.create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("7391452000000000123"))
        .unwrap();
    let r = s.router();
    let j = details(&r, "v2", "7391452000000000123").await.json();
    assert_eq!(j["id"].as_u64(), Some(7_391_452_000_000_000_123));
    let j = details(&r, "v2.1", "7391452000000000123").await.json();
    assert_eq!(j["id"], "7391452000000000123");
}

#[tokio::test]
async fn failed_and_stalled_resources() {
    let s = sim();
    s.create_job(JobRequest::new(ScenarioKind::Failed).with_id("4"))
        .unwrap();
    s.create_job(JobRequest::new(ScenarioKind::Stalled).with_id("5"))
        .unwrap();
    let r = s.router();
    s.advance(Duration::from_secs(24 * 3600));
    let j = details(&r, "v8", "4").await.json();
    assert_eq!(j["status"], "FAILED");
    assert_eq!(j["resource"][0]["status"], "FAILED");
    assert_eq!(j["resource"][0]["file"]["status"], "FAILED");
    let j = details(&r, "v2", "5").await.json();
    assert_eq!(j["status"], "INPROGRESS");
    assert!(j["resource"][0].get("file").is_none());
}
