//! What the simulator sends where Zoho's documentation gives it a choice, checked against the
//! documentation's own words (the seed page's samples and error list, transcribed in
//! `tests/fixtures`) rather than against the product: the org's time zone in `created_time`,
//! error bodies with and without `status`, the keys of a single-resource job compared with the
//! seed's samples, and the choices printed by `bulkwatch simulate --help`.

mod sim_support;

use std::collections::BTreeSet;
use std::time::Duration;

use axum::http::StatusCode;
use bulkwatch_server::sim::{Args, JobRequest, ScenarioKind};
use clap::Parser;
use serde_json::Value;
use sim_support::*;

fn fixture(path: &str) -> Value {
    let full = format!("{}/../tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn created_time_carries_the_orgs_offset() {
    // The test clock starts at 2024-05-01T09:00:00Z; each zone names the same instant.
    for (minutes, want) in [
        (-720, "2024-04-30T21:00:00-12:00"),
        (330, "2024-05-01T14:30:00+05:30"),
        (0, "2024-05-01T09:00:00+00:00"),
    ] {
        let s = sim_with(|c| c.utc_offset_minutes = minutes);
        s.create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("1"))
            .unwrap();
        let j = details(&s.router(), "v8", "1").await.json();
        assert_eq!(j["created_time"], want);
        // The upload answer's created_time is in the same zone.
        let a = send(
            &s.router(),
            upload_request(
                Some(TOKEN),
                "7391452",
                "d.zip",
                &zip_of(&[("Leads.csv", b"Last_Name\nX\n")]),
            ),
        )
        .await;
        assert_eq!(a.json()["details"]["created_time"], want);
    }
}

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    sim: Args,
}

#[test]
fn the_offset_and_error_shape_are_flags() {
    let parse = |args: &[&str]| {
        Cli::try_parse_from(std::iter::once("simulate").chain(args.iter().copied()))
            .map_err(|e| e.to_string())
            .and_then(|c| c.sim.to_config())
    };
    let c = parse(&["--org-utc-offset", "-12:00", "--errors-without-status"]).unwrap();
    assert_eq!(c.utc_offset_minutes, -720);
    assert!(c.errors_without_status);
    let c = parse(&["--org-utc-offset", "+05:30"]).unwrap();
    assert_eq!(
        (c.utc_offset_minutes, c.errors_without_status),
        (330, false)
    );
    assert_eq!(parse(&[]).unwrap().utc_offset_minutes, 0);
    let e = parse(&["--org-utc-offset", "5:30"]).unwrap_err();
    assert!(
        e.contains("--org-utc-offset") && e.contains("+05:30"),
        "{e}"
    );
}

#[tokio::test]
async fn error_bodies_keep_the_seed_wording_with_or_without_status() {
    let plain = sim();
    let r = plain.router();
    // The seed's own list, transcribed in tests/fixtures/errors.
    let a = get(&r, "/crm/bulk/v9/write/1", Some(TOKEN)).await;
    let seed = fixture("errors/invalid_url_pattern.json");
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.json(), seed);
    let a = details(&r, "v8", "404").await;
    let seed = fixture("errors/resource_not_found.json");
    assert_eq!(a.json()["message"], seed["message"]);
    assert_eq!(a.json()["status"], "error");

    let bare = sim_with(|c| c.errors_without_status = true);
    let r = bare.router();
    let a = details(&r, "v8", "404").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let j = a.json();
    assert!(j.get("status").is_none(), "{j}");
    assert_eq!(j["code"], seed["code"]);
    assert_eq!(j["message"], seed["message"]);
    assert!(j["details"].is_object());
    // Headers of the answer survive the reshaping (Retry-After on a 429).
    let storm = sim_with(|c| {
        c.errors_without_status = true;
        c.budgets.rate_limit = 1;
    });
    let r = storm.router();
    details(&r, "v8", "1").await;
    let a = details(&r, "v8", "1").await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(a.headers.contains_key("retry-after"));
    assert!(a.json().get("status").is_none());
    assert_eq!(a.json()["code"], "TOO_MANY_REQUESTS");
}

#[tokio::test]
async fn the_fault_scenario_answers_without_status() {
    let s = sim();
    s.create_job(JobRequest::new(ScenarioKind::FaultErrorWithoutStatus).with_id("5"))
        .unwrap();
    let a = details(&s.router(), "v8", "5").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let j = a.json();
    let seed = fixture("errors/resource_not_found.json");
    assert_eq!(
        keys(&j),
        ["code", "details", "message"].map(String::from).into()
    );
    assert_eq!(
        (&j["code"], &j["message"]),
        (&seed["code"], &seed["message"])
    );
}

#[tokio::test]
async fn a_single_resource_v3_job_has_the_seed_samples_keys() {
    let s = sim();
    let job = s
        .create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("7"))
        .unwrap();
    let r = s.router();
    let mut phases = Vec::new();
    for (at, name) in [
        (0, "seed_added"),
        (6_000, "seed_in_progress"),
        (job.end_ms().unwrap() + 1, "seed_completed"),
    ] {
        s.advance(Duration::from_millis(at.saturating_sub(s.clock().sim_ms())));
        let j = details(&r, "v3", "7").await.json();
        let seed = fixture(&format!("jobs/{name}.json"));
        assert_eq!(keys(&j), keys(&seed), "{name}: top level");
        let (res, seed_res) = (&j["resource"][0], &seed["resource"][0]);
        assert_eq!(keys(res), keys(seed_res), "{name}: resource");
        assert_eq!(keys(&res["file"]), keys(&seed_res["file"]), "{name}: file");
        assert_eq!(
            keys(&res["field_mappings"][0]),
            keys(&seed_res["field_mappings"][0]),
            "{name}: mapping"
        );
        phases.push(j["status"].as_str().unwrap().to_string());
    }
    assert_eq!(phases, ["ADDED", "INPROGRESS", "COMPLETED"]);
}

#[test]
fn help_states_the_choices() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bulkwatch"))
        .args(["simulate", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for needle in [
        "--org-utc-offset",
        "--errors-without-status",
        "v3+ parent/child",
        "character_encoding",
        "file.module (a string)",
        "Link not valid",
    ] {
        assert!(text.contains(needle), "--help lacks {needle:?}:\n{text}");
    }
}
