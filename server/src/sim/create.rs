//! `POST /crm/bulk/{version}/write`: creating a job from an uploaded file, validated the way
//! Zoho names its refusals (`MISSING_REQUIRED_KEY`, `INVALID_DATA`, `INVALID_MODULE`,
//! `INVALID_FILE_ID`, `MANDATORY_FIELDS_NOT_MAPPED`). The optional header `X-Sim-Scenario: NAME`
//! gives the job a scenario's pace, ending and fault while keeping the uploaded rows.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use super::callback::{self, check_url};
use super::catalog::{mandatory_fields, module_id, valid_module_name};
use super::errors::ZohoError;
use super::extract::{ApiVersion, BulkScope, Spent};
use super::jobs::{derived_id, Callback, Job};
use super::outcomes::{evaluate, EvalRules};
use super::plan::{Mapping, Operation, ResourcePlan, RowSource};
use super::scenarios::ScenarioKind;
use super::upload::CsvTable;
use super::SimState;

type Checked<T> = Result<T, ZohoError>;

/// The create-job route.
pub async fn create(
    State(state): State<Arc<SimState>>,
    ApiVersion(version): ApiVersion,
    _spent: Spent<BulkScope>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let scenario = match headers.get("x-sim-scenario").map(|v| v.to_str().ok()) {
        None => None,
        Some(name) => match name.and_then(ScenarioKind::parse) {
            Some(k) => Some(k),
            None => {
                return ZohoError::new(StatusCode::BAD_REQUEST, "INVALID_DATA", "unknown scenario")
                    .with_details(json!({"header": "X-Sim-Scenario"}))
                    .into_response()
            }
        },
    };
    let job = match build_job(&state, version, scenario, &body) {
        Ok(job) => Arc::new(job),
        Err(e) => return e.into_response(),
    };
    if !state.jobs.insert(job.clone()) {
        return ZohoError::internal_error().into_response();
    }
    callback::schedule(state.clone(), job.clone());
    (
        StatusCode::CREATED,
        Json(json!({
            "status": "success",
            "code": "SUCCESS",
            "message": "success",
            "details": {
                "id": job.id,
                "created_by": {"id": job.created_by_id, "name": job.created_by_name},
            },
        })),
    )
        .into_response()
}

fn build_job(
    state: &SimState,
    version: super::version::Version,
    scenario: Option<ScenarioKind>,
    body: &[u8],
) -> Checked<Job> {
    let root: Value = serde_json::from_slice(body).map_err(|_| not_json())?;
    let obj = root.as_object().ok_or_else(not_json)?;
    let op_raw = obj
        .get("operation")
        .ok_or_else(|| ZohoError::missing_required_key("operation", "$.operation"))?;
    let operation = op_raw
        .as_str()
        .and_then(Operation::parse)
        .ok_or_else(|| ZohoError::invalid_data("operation", "$.operation", "invalid operation"))?;
    let ignore_empty = opt_bool(obj, "ignore_empty", "$.ignore_empty")?;
    let encoding = match obj.get("character_encoding") {
        None | Some(Value::Null) => "UTF-8".to_string(),
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(_) => {
            return Err(ZohoError::invalid_data(
                "character_encoding",
                "$.character_encoding",
                "invalid character encoding",
            ))
        }
    };
    let callback = match obj.get("callback") {
        None | Some(Value::Null) => None,
        Some(cb) => Some(read_callback(cb, state.config.callback_allow_any)?),
    };
    let resources = match obj.get("resource") {
        None => return Err(ZohoError::missing_required_key("resource", "$.resource")),
        Some(Value::Array(a)) if !a.is_empty() => a,
        Some(_) => {
            return Err(ZohoError::invalid_data(
                "resource",
                "$.resource",
                "resource must be a non-empty array",
            ))
        }
    };
    let id = state.next_id();
    let salt = state.config.seed ^ super::catalog::fnv1a(id.as_bytes());
    let plans = resources
        .iter()
        .enumerate()
        .map(|(i, r)| read_resource(state, operation, ignore_empty, r, i, salt))
        .collect::<Checked<Vec<_>>>()?;
    let mut behaviour = super::plan::Behaviour {
        queue_ms: state.config.queue_secs.saturating_mul(1000),
        rows_per_sec: state.config.rows_per_sec,
        ending: super::plan::Ending::Complete,
        fault: None,
        download_form: state.config.download_form,
        link_ttl_ms: state.config.link_ttl_secs.saturating_mul(1000),
        quirks: Default::default(),
        result: Default::default(),
    };
    if let Some(kind) = scenario {
        behaviour = kind.def().behaviour(state.config.link_ttl_secs);
    }
    Ok(Job {
        id,
        scenario,
        version,
        operation,
        created_sim_ms: state.clock.sim_ms(),
        created_time: state.now_iso(),
        created_by_id: derived_id(&state.config.org_id, "user"),
        created_by_name: "Sim Operator".into(),
        character_encoding: encoding,
        ignore_empty,
        callback,
        behaviour,
        resources: plans,
        polls: AtomicU64::new(0),
        zip: tokio::sync::OnceCell::new(),
    })
}

fn not_json() -> ZohoError {
    ZohoError::new(
        StatusCode::BAD_REQUEST,
        "INVALID_DATA",
        "the input is not a valid JSON",
    )
}

fn opt_bool(obj: &Map<String, Value>, key: &str, path: &str) -> Checked<Option<bool>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ZohoError::invalid_data(key, path, "expected a boolean")),
    }
}

fn opt_string(obj: &Map<String, Value>, key: &str, path: &str) -> Checked<Option<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ZohoError::invalid_data(key, path, "expected a string")),
    }
}

fn read_callback(cb: &Value, allow_any: bool) -> Checked<Callback> {
    let obj = cb
        .as_object()
        .ok_or_else(|| ZohoError::invalid_data("callback", "$.callback", "invalid callback"))?;
    let url = opt_string(obj, "url", "$.callback.url")?
        .ok_or_else(|| ZohoError::missing_required_key("url", "$.callback.url"))?;
    let method = opt_string(obj, "method", "$.callback.method")?
        .ok_or_else(|| ZohoError::missing_required_key("method", "$.callback.method"))?;
    if !method.eq_ignore_ascii_case("post") {
        return Err(ZohoError::invalid_data(
            "method",
            "$.callback.method",
            "the callback method must be post",
        ));
    }
    check_url(&url, allow_any)
        .map_err(|why| ZohoError::invalid_data("url", "$.callback.url", why))?;
    Ok(Callback { url, method })
}

/// An index given as a number or a numeric string (one Zoho doc example writes it as a string).
fn read_index(v: Option<&Value>, path: &str) -> Checked<Option<usize>> {
    let bad = || ZohoError::invalid_data("index", path, "invalid column index");
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .map(Some)
            .ok_or_else(bad),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

fn read_resource(
    state: &SimState,
    operation: Operation,
    job_ignore_empty: Option<bool>,
    r: &Value,
    i: usize,
    salt: u64,
) -> Checked<ResourcePlan> {
    let p = |key: &str| format!("$.resource[{i}].{key}");
    let obj = r.as_object().ok_or_else(|| {
        ZohoError::invalid_data("resource", &format!("$.resource[{i}]"), "invalid resource")
    })?;
    match obj.get("type") {
        None => return Err(ZohoError::missing_required_key("type", &p("type"))),
        Some(Value::String(t)) if t == "data" => {}
        Some(_) => {
            return Err(ZohoError::invalid_data(
                "type",
                &p("type"),
                "type must be data",
            ))
        }
    }
    let module = match obj.get("module") {
        None => return Err(ZohoError::missing_required_key("module", &p("module"))),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(m)) => match m.get("api_name") {
            Some(Value::String(s)) => s.clone(),
            None => {
                return Err(ZohoError::missing_required_key(
                    "api_name",
                    &p("module.api_name"),
                ))
            }
            Some(_) => String::new(),
        },
        Some(_) => String::new(),
    };
    if !valid_module_name(&module) {
        return Err(ZohoError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_MODULE",
            "the module name given seems to be invalid",
        )
        .with_details(json!({"api_name": "module", "json_path": p("module")})));
    }
    let file_id = match obj.get("file_id") {
        None => return Err(ZohoError::missing_required_key("file_id", &p("file_id"))),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => String::new(),
    };
    let upload = state.uploads.get(&file_id).ok_or_else(|| {
        ZohoError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_FILE_ID",
            "the given file id seems to be invalid",
        )
        .with_details(json!({"api_name": "file_id", "json_path": p("file_id")}))
    })?;
    let table = pick_table(
        &upload.files,
        obj.get("file_names"),
        &module,
        &p("file_names"),
    )?;
    let find_by = opt_string(obj, "find_by", &p("find_by"))?;
    let ignore_empty = opt_bool(obj, "ignore_empty", &p("ignore_empty"))?;
    let mappings = match obj.get("field_mappings") {
        None | Some(Value::Null) => auto_mappings(&table),
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(j, m)| read_mapping(m, &table, &format!("$.resource[{i}].field_mappings[{j}]")))
            .collect::<Checked<Vec<_>>>()?,
        Some(_) => {
            return Err(ZohoError::invalid_data(
                "field_mappings",
                &p("field_mappings"),
                "field_mappings must be an array",
            ))
        }
    };
    let mapped = |name: &str| {
        mappings
            .iter()
            .any(|m| m.api_name == name && (m.index.is_some() || m.default_value.is_some()))
    };
    if operation != Operation::Insert {
        let Some(key) = find_by.as_deref() else {
            return Err(ZohoError::missing_required_key("find_by", &p("find_by")));
        };
        if !mapped(key) {
            return Err(ZohoError::invalid_data(
                "find_by",
                &p("find_by"),
                "the find_by field is not mapped",
            ));
        }
    }
    let mandatory = mandatory_fields(&state.config.mandatory, &module);
    if operation != Operation::Update {
        let missing: Vec<&String> = mandatory.iter().filter(|f| !mapped(f)).collect();
        if !missing.is_empty() {
            return Err(ZohoError::new(
                StatusCode::BAD_REQUEST,
                "MANDATORY_FIELDS_NOT_MAPPED",
                "mandatory fields are not mapped",
            )
            .with_details(json!({"api_names": missing, "json_path": p("field_mappings")})));
        }
    }
    let rules = EvalRules {
        operation,
        module: &module,
        mandatory: &mandatory,
        mappings: &mappings,
        find_by: find_by.as_deref(),
        ignore_empty: ignore_empty.or(job_ignore_empty).unwrap_or(false),
        existing_pct: state.config.existing_pct.min(100),
        salt: salt.wrapping_add(i as u64),
    };
    let outcomes = evaluate(&table, &rules);
    let mut columns: Vec<usize> = mappings.iter().filter_map(|m| m.index).collect();
    columns.sort_unstable();
    columns.dedup();
    columns.truncate(3);
    Ok(ResourcePlan {
        module_id: module_id(&state.config.org_id, &module),
        module,
        file_id,
        file_name: table.name.clone(),
        find_by,
        ignore_empty,
        result_headers: columns
            .iter()
            .map(|c| table.headers.get(*c).cloned().unwrap_or_default())
            .collect(),
        mappings,
        rows: RowSource::Uploaded { table, columns },
        outcomes,
    })
}

fn pick_table(
    files: &[Arc<CsvTable>],
    names: Option<&Value>,
    module: &str,
    path: &str,
) -> Checked<Arc<CsvTable>> {
    let wanted: Option<String> = match names {
        None | Some(Value::Null) => None,
        Some(Value::Array(a)) => match a.first() {
            Some(Value::String(s)) => Some(s.clone()),
            _ => {
                return Err(ZohoError::invalid_data(
                    "file_names",
                    path,
                    "invalid file_names",
                ))
            }
        },
        Some(_) => {
            return Err(ZohoError::invalid_data(
                "file_names",
                path,
                "invalid file_names",
            ))
        }
    };
    if let Some(name) = wanted {
        return files
            .iter()
            .find(|f| f.name == name)
            .cloned()
            .ok_or_else(|| {
                ZohoError::invalid_data("file_names", path, "no such file in the upload")
            });
    }
    if let [only] = files {
        return Ok(only.clone());
    }
    let by_module = format!("{module}.csv");
    files
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case(&by_module))
        .cloned()
        .ok_or_else(|| ZohoError::missing_required_key("file_names", path))
}

/// Without `field_mappings`, Zoho maps columns whose headers are field API names.
fn auto_mappings(table: &CsvTable) -> Vec<Mapping> {
    table
        .headers
        .iter()
        .enumerate()
        .filter(|(_, h)| valid_module_name(h.trim()))
        .map(|(i, h)| Mapping::column(h.trim(), i))
        .collect()
}

fn read_mapping(m: &Value, table: &CsvTable, path: &str) -> Checked<Mapping> {
    let obj = m
        .as_object()
        .ok_or_else(|| ZohoError::invalid_data("field_mappings", path, "invalid field mapping"))?;
    let sub = |key: &str| format!("{path}.{key}");
    let api_name = opt_string(obj, "api_name", &sub("api_name"))?
        .ok_or_else(|| ZohoError::missing_required_key("api_name", &sub("api_name")))?;
    let index = read_index(obj.get("index"), &sub("index"))?;
    let default_value = obj.get("default_value").filter(|v| !v.is_null()).cloned();
    match index {
        None if default_value.is_none() => {
            return Err(ZohoError::missing_required_key("index", &sub("index")))
        }
        Some(i) if i >= table.headers.len() => {
            return Err(ZohoError::invalid_data(
                "index",
                &sub("index"),
                "the column index is beyond the file's columns",
            ))
        }
        _ => {}
    }
    Ok(Mapping {
        api_name,
        index,
        format: opt_string(obj, "format", &sub("format"))?,
        find_by: opt_string(obj, "find_by", &sub("find_by"))?,
        module: opt_string(obj, "module", &sub("module"))?,
        default_value,
        parent_column_index: read_index(
            obj.get("parent_column_index"),
            &sub("parent_column_index"),
        )?,
    })
}
