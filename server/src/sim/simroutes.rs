//! The simulator's own routes, all under `/__sim/`: request log, scenario index, scenario jobs
//! and each one's result tally, callbacks sent, the clock, and the demo's token and jobs. None needs a token: the simulator
//! binds loopback and these exist for tests and the demo page.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::config::{parse_version_segment, valid_job_id, DownloadForm};
use super::errors::ZohoError;
use super::jobs::Callback;
use super::log::LogQuery;
use super::scenarios::{self, ScenarioKind};
use super::{JobRequest, SimState};

pub fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/__sim/log", get(log))
        .route("/__sim/log/clear", post(clear_log))
        .route("/__sim/scenarios", get(scenario_index))
        .route("/__sim/jobs", get(list_jobs).post(create_job))
        .route("/__sim/jobs/{id}/tally", get(job_tally))
        .route("/__sim/callbacks", get(callbacks))
        .route("/__sim/clock", get(clock))
        .route("/__sim/clock/advance", post(advance))
        .route("/__sim/demo", get(demo))
}

fn bad(message: impl Into<String>) -> Response {
    ZohoError::new(StatusCode::BAD_REQUEST, "INVALID_DATA", message).into_response()
}

async fn log(
    State(state): State<Arc<SimState>>,
    q: Result<Query<LogQuery>, QueryRejection>,
) -> Response {
    let Ok(Query(q)) = q else {
        return bad("log filters: path_prefix (text), since (ms), after (seq)");
    };
    Json(json!({
        "now_ms": state.clock.elapsed_ms(),
        "sim_ms": state.clock.sim_ms(),
        "entries": state.log.entries(&q),
    }))
    .into_response()
}

async fn clear_log(State(state): State<Arc<SimState>>) -> StatusCode {
    state.log.clear();
    StatusCode::NO_CONTENT
}

async fn scenario_index() -> Response {
    Json(scenarios::index()).into_response()
}

async fn list_jobs(State(state): State<Arc<SimState>>) -> Response {
    let now = state.clock.sim_ms();
    let jobs: Vec<Value> = state
        .jobs
        .all()
        .iter()
        .map(|j| {
            let snap = j.snapshot(now);
            json!({
                "id": j.id,
                "scenario": j.scenario.map(|k| k.name()),
                "version": j.version.as_str(),
                "phase": snap.phase.name(),
                "end_sim_ms": j.end_ms(),
                "rows": j.total_rows(),
                "polls": j.polls.load(std::sync::atomic::Ordering::Relaxed),
            })
        })
        .collect();
    Json(jobs).into_response()
}

/// Body of `POST /__sim/jobs`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewJob {
    scenario: String,
    id: Option<String>,
    version: Option<String>,
    download_form: Option<String>,
    callback: Option<NewCallback>,
    queue_secs: Option<u64>,
    duration_secs: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct NewCallback {
    url: String,
    method: Option<String>,
}

async fn create_job(
    State(state): State<Arc<SimState>>,
    body: Result<Json<NewJob>, JsonRejection>,
) -> Response {
    let Ok(Json(req)) = body else {
        return bad(
            "body: {\"scenario\": NAME, \"id\"?, \"version\"?, \"download_form\"?, \
             \"callback\"?: {\"url\"}, \"queue_secs\"?, \"duration_secs\"?}",
        );
    };
    let Some(kind) = ScenarioKind::parse(&req.scenario) else {
        return bad(format!("unknown scenario '{}'", req.scenario));
    };
    if let Some(id) = &req.id {
        if !valid_job_id(id) {
            return bad("id must be 1–25 digits");
        }
    }
    let version = match req.version.as_deref() {
        None => None,
        Some(v) => match parse_version_segment(v) {
            Some(v) => Some(v),
            None => return bad("version must be one of v2, v2.1, v3 … v8"),
        },
    };
    let download_form = match req.download_form.as_deref() {
        None => None,
        Some(f) => match DownloadForm::parse(f) {
            Some(f) => Some(f),
            None => return bad("download_form must be absolute or relative"),
        },
    };
    let callback = match req.callback {
        None => None,
        Some(cb) => {
            if let Err(why) = super::callback::check_url(&cb.url, state.config.callback_allow_any) {
                return bad(why);
            }
            Some(Callback {
                url: cb.url,
                method: cb.method.unwrap_or_else(|| "post".into()),
            })
        }
    };
    let request = JobRequest {
        scenario: kind,
        id: req.id,
        version,
        download_form,
        callback,
        queue_secs: req.queue_secs,
        duration_secs: req.duration_secs,
    };
    match state.create_scenario_job(request) {
        Some(job) => (
            StatusCode::CREATED,
            Json(json!({
                "id": job.id,
                "scenario": kind.name(),
                "version": job.version.as_str(),
                "link": state.deep_link(&job.id, job.version),
                "end_sim_ms": job.end_ms(),
            })),
        )
            .into_response(),
        None => ZohoError::new(
            StatusCode::CONFLICT,
            "DUPLICATE_DATA",
            "a job with this id exists",
        )
        .into_response(),
    }
}

/// What the job's result file holds, counted from the simulator's plan (not from the file).
async fn job_tally(State(state): State<Arc<SimState>>, Path(id): Path<String>) -> Response {
    match state.jobs.get(&id) {
        Some(job) => Json(super::result_format::tally(&job)).into_response(),
        None => ZohoError::resource_not_found().into_response(),
    }
}

async fn callbacks(State(state): State<Arc<SimState>>) -> Response {
    Json(state.callbacks()).into_response()
}

async fn clock(State(state): State<Arc<SimState>>) -> Response {
    Json(json!({
        "elapsed_ms": state.clock.elapsed_ms(),
        "sim_ms": state.clock.sim_ms(),
        "speed": state.clock.speed(),
        "manual": state.clock.is_manual(),
    }))
    .into_response()
}

#[derive(Debug, Deserialize)]
struct Advance {
    ms: u64,
}

async fn advance(
    State(state): State<Arc<SimState>>,
    body: Result<Json<Advance>, JsonRejection>,
) -> Response {
    let Ok(Json(a)) = body else {
        return bad("body: {\"ms\": N}");
    };
    if !state.clock.advance(Duration::from_millis(a.ms)) {
        return ZohoError::new(
            StatusCode::CONFLICT,
            "INVALID_REQUEST",
            "the clock is real; start with --manual-clock to move it by hand",
        )
        .into_response();
    }
    clock(State(state)).await
}

async fn demo(State(state): State<Arc<SimState>>) -> Response {
    match state.demo.get() {
        Some(d) => Json(d).into_response(),
        None => ZohoError::new(
            StatusCode::NOT_FOUND,
            "RESOURCE_NOT_FOUND",
            "not in demo mode",
        )
        .into_response(),
    }
}
