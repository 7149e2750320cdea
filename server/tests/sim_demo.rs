//! The demo and the command line: demo jobs with stable ids and deep links (never the token),
//! `GET /__sim/demo`, the flags → config mapping, and the real binary starting, printing its
//! links and answering.

mod sim_support;

use std::process::Stdio;
use std::time::Duration;

use axum::http::StatusCode;
use bulkwatch_server::sim::demo::{banner, demo_job_id, DEMO_TOKEN};
use bulkwatch_server::sim::{
    Args, ClockMode, DownloadForm, ScenarioKind, Sim, SimConfig, TokenMark,
};
use clap::Parser;
use sim_support::*;
use tokio::io::{AsyncBufReadExt, BufReader};

fn demo_sim() -> Sim {
    let mut config = SimConfig::for_tests(&[]);
    config.demo = true;
    config.public_origin = "http://127.0.0.1:8787".into();
    Sim::new(config)
}

#[tokio::test]
async fn demo_jobs_token_and_links() {
    let s = demo_sim();
    let r = s.router();
    let info = get(&r, "/__sim/demo", None).await.json();
    assert_eq!(info["token"], DEMO_TOKEN);
    assert_eq!(info["page"], "http://127.0.0.1:8787/");
    let jobs = info["jobs"].as_array().unwrap();
    let names: Vec<&str> = jobs
        .iter()
        .map(|j| j["scenario"].as_str().unwrap())
        .collect();
    assert_eq!(names, ScenarioKind::MAIN.map(|k| k.name()));
    for (n, j) in jobs.iter().enumerate() {
        let id = j["id"].as_str().unwrap();
        assert_eq!(id, demo_job_id("7391452", n), "stable ids");
        let link = j["link"].as_str().unwrap();
        assert_eq!(
            link,
            format!("http://127.0.0.1:8787/#api=http%3A%2F%2F127.0.0.1%3A8787&v=v8&job={id}")
        );
        assert!(!link.contains(DEMO_TOKEN));
        let a = get(&r, &format!("/crm/bulk/v8/write/{id}"), Some(DEMO_TOKEN)).await;
        if j["scenario"] == ScenarioKind::FaultErrorWithoutStatus.name() {
            // The one demo job showing an error body without `"status": "error"`.
            assert_eq!(a.status, StatusCode::NOT_FOUND);
            assert!(a.json().get("status").is_none());
        } else {
            assert_eq!(a.status, StatusCode::OK);
        }
    }
    // The happy insert finishes about two minutes after start.
    let happy = s.job(&demo_job_id("7391452", 0)).unwrap();
    let end = happy.end_ms().unwrap();
    assert!((100_000..=140_000).contains(&end), "{end}");
    let lines = banner(s.state().demo.get().unwrap());
    assert_eq!(lines.len(), 2 + ScenarioKind::MAIN.len());
    assert!(lines[1].contains(DEMO_TOKEN));
    for (line, j) in lines[2..].iter().zip(jobs) {
        for part in ["scenario", "id", "link"] {
            assert!(line.contains(j[part].as_str().unwrap()), "{line}");
        }
    }
}

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    sim: Args,
}

fn config(args: &[&str]) -> Result<SimConfig, String> {
    let cli = Cli::try_parse_from(std::iter::once("simulate").chain(args.iter().copied()))
        .map_err(|e| e.to_string())?;
    cli.sim.to_config()
}

#[test]
fn flags_become_config() {
    let c = config(&[
        "--token",
        "a",
        "--token",
        "b:ZohoCRM.bulk.READ,!no-permission",
        "--scenario",
        "failed=12",
        "--seed",
        "9",
        "--speed",
        "10",
        "--manual-clock",
        "--in-progress-spelling",
        "IN PROGRESS",
        "--allow-origin",
        "https://app.example/",
        "--download-form",
        "relative",
        "--download-base",
        "https://download-accl.zoho.com",
        "--rate-limit",
        "5/10",
        "--max-concurrent",
        "2",
        "--mandatory",
        "Leads=Company",
        "--accept-plain-csv",
        "--callback-allow-any",
        "--v2-numeric-id",
        "--org",
        "42",
    ])
    .unwrap();
    assert_eq!(c.tokens.len(), 2);
    assert_eq!(c.tokens[1].mark, Some(TokenMark::NoPermission));
    assert_eq!(c.tokens[1].scopes, ["ZohoCRM.bulk.READ"]);
    assert_eq!(c.startup_jobs[0].scenario, ScenarioKind::Failed);
    assert_eq!(c.seed, 9);
    assert_eq!(c.clock, ClockMode::Manual { speed: 10.0 });
    assert_eq!(c.in_progress_spelling, "IN PROGRESS");
    assert_eq!(c.allow_origins, ["https://app.example"]);
    assert_eq!(c.download_form, DownloadForm::Relative);
    assert_eq!(c.download_base(), "https://download-accl.zoho.com");
    assert_eq!(
        (
            c.budgets.rate_limit,
            c.budgets.rate_window_ms,
            c.budgets.max_concurrent
        ),
        (5, 10_000, 2)
    );
    assert_eq!(c.mandatory["Leads"], ["Company"]);
    assert!(c.accept_plain_csv && c.callback_allow_any && c.v2_numeric_id);
    assert_eq!(c.org_id, "42");

    let d = config(&[]).unwrap();
    assert_eq!(
        d.tokens[0].token, "sim-token",
        "a token even when none is given"
    );
    assert_eq!(d.clock, ClockMode::Real { speed: 1.0 });
    assert!(
        config(&["--demo"]).unwrap().tokens.is_empty(),
        "demo adds its own"
    );

    for bad in [
        &["--allow-origin", "*"][..],
        &["--scenario", "nope=1"],
        &["--scenario", "failed=abc"],
        &["--token", "x:!bogus"],
        &["--speed", "0"],
        &["--rate-limit", "ten"],
        &["--download-form", "both"],
        &["--in-progress-spelling", "RUNNING"],
        &["--org", "abc"],
        &["--existing-pct", "101"],
    ] {
        assert!(config(bad).is_err(), "{bad:?} accepted");
    }
}

#[tokio::test]
async fn the_demo_command_starts_and_answers() {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_bulkwatch"))
        .args([
            "simulate",
            "--demo",
            "--listen",
            "127.0.0.1:0",
            "--seed",
            "1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(60), async {
        while let Ok(Some(line)) = lines.next_line().await {
            let done = line.starts_with("demo job:") && line.contains("stalled");
            printed.push(line);
            if done {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the banner never finished: {printed:?}");
    let origin = printed[0]
        .strip_prefix("bulkwatch simulate: listening on ")
        .unwrap()
        .to_string();
    assert!(printed.iter().any(|l| l.contains("demo token: demo-token")));
    assert_eq!(
        printed
            .iter()
            .filter(|l| l.starts_with("demo job:"))
            .count(),
        7
    );
    let http = reqwest::Client::new();
    let info: serde_json::Value = serde_json::from_str(
        &http
            .get(format!("{origin}/__sim/demo"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let id = info["jobs"][0]["id"].as_str().unwrap();
    let resp = http
        .get(format!("{origin}/crm/bulk/v8/write/{id}"))
        .header("Authorization", "Zoho-oauthtoken demo-token")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    child.kill().await.unwrap();
}

#[test]
fn server_based_clients_take_their_secret_from_a_file() {
    let dir = std::env::temp_dir().join(format!("bulkwatch-sim-secret-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("secret");
    std::fs::write(&file, "s3cret-from-file\n").expect("write");
    let path = file.to_str().expect("utf8");
    let c = config(&[
        "--oauth-client",
        "1000.BROWSER=/",
        "--oauth-server-client",
        "1000.PROXY=http://127.0.0.1:8787/bff/callback",
        "--oauth-client-secret-file",
        path,
    ])
    .expect("valid");
    let server: Vec<_> = c
        .accounts
        .clients
        .iter()
        .filter(|c| c.secret.is_some())
        .collect();
    assert_eq!(server.len(), 1);
    assert_eq!(server[0].id, "1000.PROXY");
    assert_eq!(
        server[0].secret.as_deref(),
        Some("s3cret-from-file"),
        "trimmed"
    );
    assert!(
        !format!("{:?}", c.accounts).contains("s3cret"),
        "Debug hides the secret"
    );
    assert!(!c.accounts.token.is_empty(), "a token is issued");

    let e = config(&["--oauth-server-client", "1000.PROXY=/cb"]).expect_err("no secret file");
    assert!(e.contains("--oauth-client-secret-file"), "{e}");
    let e = config(&[
        "--oauth-server-client",
        "1000.PROXY=/cb",
        "--oauth-client-secret-file",
        "/nonexistent/bulkwatch-secret",
    ])
    .expect_err("unreadable");
    assert!(e.contains("cannot read it"), "{e}");
    std::fs::write(&file, " \n").expect("write");
    let e = config(&[
        "--oauth-server-client",
        "1000.PROXY=/cb",
        "--oauth-client-secret-file",
        path,
    ])
    .expect_err("empty secret");
    assert!(e.contains("non-empty client secret"), "{e}");
}
