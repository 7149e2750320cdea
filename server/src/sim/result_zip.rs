//! The result download, `GET /{v}/crm/{org}/bulk-write/{job}/{job}.zip`, serving both the
//! relative and the absolute link form: a real zip holding one CSV per resource named
//! `<Module>-<file name>`, with the first three mapped columns, `STATUS`, `RECORD_ID` and
//! `ERRORS`, in the job's declared `character_encoding` and the layout its result format asks
//! for ([`super::result_format`]: BOM, CRLF, extra entries, or a bare CSV). An expired, unknown or not-yet-ready link answers 403
//! `{"info":"Forbidden","x-info":"Link not valid"}` (the body Zoho's download host sends; 403 is
//! the status its "Forbidden" names).

use std::io::{Cursor, Write};
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use super::auth::{bearer, check_token, Need};
use super::catalog::{synthetic_value, Gen};
use super::errors::ZohoError;
use super::extract::ApiVersion;
use super::jobs::{Job, Phase};
use super::plan::{Outcome, ResourcePlan, RowSource, RowStatus};
use super::result_format::{encode, encoding_for, extra_entries};
use super::SimState;

/// The "link not valid" answer of Zoho's download host.
pub fn link_not_valid() -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
        r#"{"info":"Forbidden","x-info":"Link not valid"}"#,
    )
        .into_response()
}

/// The download route.
pub async fn download(
    State(state): State<Arc<SimState>>,
    _version: ApiVersion,
    Path((_, org, job_id, file)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let org_ok =
        org == state.config.org_id || org.strip_prefix("org") == Some(state.config.org_id.as_str());
    let _slot = if headers.contains_key(header::AUTHORIZATION) || bearer(&headers).is_some() {
        match check_token(&state.config.tokens, &headers, Need::AnyScope)
            .and_then(|t| state.budgets.spend(t, state.clock.elapsed_ms()))
        {
            Ok(slot) => Some(slot),
            Err(e) => return e.into_response(),
        }
    } else if state.config.download_requires_token {
        return ZohoError::invalid_token().into_response();
    } else {
        None
    };
    if !org_ok || file != format!("{job_id}.zip") {
        return link_not_valid();
    }
    let Some(job) = state.jobs.get(&job_id) else {
        return link_not_valid();
    };
    let now = state.clock.sim_ms();
    let Phase::Completed { at_ms } = job.snapshot(now).phase else {
        return link_not_valid();
    };
    if now >= at_ms.saturating_add(job.behaviour.link_ttl_ms) {
        return link_not_valid();
    }
    let org_id = state.config.org_id.clone();
    let built = job
        .zip
        .get_or_try_init(|| {
            let job = job.clone();
            async move {
                tokio::task::spawn_blocking(move || build_result_zip(&job, &org_id))
                    .await
                    .map_err(|_| ())?
                    .map(Bytes::from)
                    .map_err(|_| ())
            }
        })
        .await;
    let Ok(bytes) = built else {
        return ZohoError::internal_error().into_response();
    };
    // A bare-CSV result keeps the link's `.zip` path (Zoho's link form) but says what it is.
    let (content_type, disposition) = if job.behaviour.result.bare_csv {
        (
            format!("text/csv;charset={}", job.character_encoding),
            format!("attachment; filename=\"{job_id}.csv\""),
        )
    } else {
        (
            "application/zip".to_string(),
            format!("attachment; filename=\"{job_id}.zip\""),
        )
    };
    let mut resp = (StatusCode::OK, bytes.clone()).into_response();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        resp.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

/// The name of resource `plan`'s CSV inside the result zip.
pub fn result_file_name(module: &str, file_name: &str) -> String {
    format!("{module}-{file_name}")
}

/// Builds a job's whole result download: a zip with one CSV per resource (deflate at the
/// fastest level: 250,000 rows in well under a second in release builds), plus the extra
/// entries its format asks for — or, for a bare-CSV job, the first resource's CSV alone.
pub fn build_result_zip(job: &Job, org_id: &str) -> Result<Vec<u8>, String> {
    let fmt = job.behaviour.result;
    if fmt.bare_csv {
        return match job.resources.first() {
            Some(plan) => csv_bytes(job, 0, plan, org_id),
            None => Err("a job without resources has no result".into()),
        };
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1));
    let mut names = Vec::new();
    for (i, plan) in job.resources.iter().enumerate() {
        let name = result_file_name(&plan.module, &plan.file_name);
        let bytes = csv_bytes(job, i, plan, org_id)?;
        zip.start_file(name.as_str(), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(&bytes).map_err(|e| e.to_string())?;
        names.push(name);
    }
    if fmt.extra_entries {
        for (name, bytes) in extra_entries(&names) {
            if name.ends_with('/') {
                zip.add_directory(name.as_str(), options)
                    .map_err(|e| e.to_string())?;
            } else {
                zip.start_file(name.as_str(), options)
                    .map_err(|e| e.to_string())?;
                zip.write_all(&bytes).map_err(|e| e.to_string())?;
            }
        }
    }
    zip.finish()
        .map(|c| c.into_inner())
        .map_err(|e| e.to_string())
}

/// Resource `i`'s CSV in the bytes the job's result format asks for: its declared encoding
/// (or the one it is really written in), BOM and line ends.
fn csv_bytes(job: &Job, i: usize, plan: &ResourcePlan, org_id: &str) -> Result<Vec<u8>, String> {
    let fmt = job.behaviour.result;
    let text = csv_text(job, i, plan, org_id)?;
    let label = fmt.written_in.unwrap_or(job.character_encoding.as_str());
    if !fmt.bom && encoding_for(label) == encoding_rs::UTF_8 {
        return Ok(text.into_bytes());
    }
    Ok(encode(&text, label, fmt.bom))
}

/// Resource `i`'s CSV as text: the first (up to three) mapped columns, `STATUS`, `RECORD_ID`
/// and `ERRORS`.
fn csv_text(job: &Job, i: usize, plan: &ResourcePlan, org_id: &str) -> Result<String, String> {
    let upper = job.behaviour.quirks.upper_status;
    let terminator = if job.behaviour.result.crlf {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    let mut csv = csv::WriterBuilder::new()
        .buffer_capacity(64 * 1024)
        .terminator(terminator)
        .from_writer(Vec::with_capacity(plan.outcomes.len() * 64));
    let mut head: Vec<&str> = plan.result_headers.iter().map(String::as_str).collect();
    head.extend(["STATUS", "RECORD_ID", "ERRORS"]);
    csv.write_record(&head).map_err(|e| e.to_string())?;
    for (row, outcome) in plan.outcomes.iter().enumerate() {
        let mut cells = first_cells(&plan.rows, row, outcome);
        cells.resize(plan.result_headers.len(), String::new());
        cells.push(outcome.status.cell(upper).to_string());
        cells.push(match outcome.status {
            RowStatus::Added | RowStatus::Updated => job.record_id(org_id, i, row),
            RowStatus::Skipped | RowStatus::Unprocessed => String::new(),
        });
        cells.push(outcome.errors.as_deref().unwrap_or("").to_string());
        csv.write_record(&cells).map_err(|e| e.to_string())?;
    }
    let bytes = csv.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// The first (up to three) cells of a result row.
fn first_cells(rows: &RowSource, row: usize, outcome: &Outcome) -> Vec<String> {
    match rows {
        RowSource::Uploaded { table, columns } => {
            let data = table.rows.get(row);
            columns
                .iter()
                .map(|c| data.and_then(|r| r.get(*c)).cloned().unwrap_or_default())
                .collect()
        }
        RowSource::Synthetic { salt, columns } => columns
            .iter()
            .take(3)
            .map(|c| synthetic_cell(c.name, c.gen, row as u64, *salt, outcome))
            .collect(),
    }
}

/// A made-up cell that agrees with the row's errors: blank when a mandatory value is missing,
/// malformed when invalid, equal to the previous row's when duplicated.
fn synthetic_cell(column: &str, gen: Gen, row: u64, salt: u64, outcome: &Outcome) -> String {
    let errors = outcome.errors.as_deref().unwrap_or("");
    let names_column = |code: &str| {
        errors.split(':').any(|entry| {
            entry
                .split_once('-')
                .is_some_and(|(c, cols)| c == code && cols.split(',').any(|x| x == column))
        })
    };
    if names_column("MANDATORY_NOT_FOUND") {
        return String::new();
    }
    if names_column("INVALID_DATA") {
        return match gen {
            Gen::Email => "not-an-email".into(),
            Gen::Date => "31/02/2025".into(),
            Gen::Amount | Gen::Quantity => "12,34.5".into(),
            _ => "#INVALID#".into(),
        };
    }
    if names_column("DUPLICATE_DATA") && row > 0 {
        return synthetic_value(gen, row - 1, salt);
    }
    synthetic_value(gen, row, salt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_follow_errors() {
        let o = |e: &str| Outcome {
            status: RowStatus::Skipped,
            errors: Some(e.into()),
        };
        let none = Outcome {
            status: RowStatus::Added,
            errors: None,
        };
        assert_eq!(
            synthetic_cell(
                "Last_Name",
                Gen::LastName,
                3,
                1,
                &o("MANDATORY_NOT_FOUND-Company,Last_Name")
            ),
            ""
        );
        assert_eq!(
            synthetic_cell("Email", Gen::Email, 3, 1, &o("INVALID_DATA-Email")),
            "not-an-email"
        );
        assert_eq!(
            synthetic_cell("Email", Gen::Email, 3, 1, &o("DUPLICATE_DATA-Email")),
            synthetic_cell("Email", Gen::Email, 2, 1, &none)
        );
        assert_ne!(synthetic_cell("Last_Name", Gen::LastName, 3, 1, &none), "");
    }
}
