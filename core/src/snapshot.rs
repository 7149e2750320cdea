//! The ticket snapshot: a redacted Markdown summary (and the same facts as JSON) of one job, for
//! support staff to paste into a ticket — job id, data centre, version, status, the observed
//! timeline, counts, resources and the top error groups when the explorer ran.
//!
//! Redaction is by construction: the builder takes no token and reads only ids, statuses, counts,
//! module and file names, and error codes with their counts. It never reads `created_by`, the
//! callback URL, the download URL, field defaults or any record. Text from the API is cut and
//! stripped of Markdown/HTML syntax so a hostile value cannot restyle the ticket.

use serde_json::{json, Value};

use crate::endpoint::ApiVersion;
use crate::model::{Counts, JobStatus, ResourceStatus};
use crate::result::{CodeTotal, ErrorGroup, Reconcile, Warning};
use crate::timeline::Timeline;
use crate::Job;

/// Error groups kept in a snapshot.
pub const TOP_ERROR_GROUPS: usize = 5;
/// Columns named per error group in a snapshot.
pub const TOP_COLUMNS: usize = 3;

/// One error group of the result file: its code, how many rows carry it, and the columns those
/// rows' errors name (Zoho's result file gives no message: the code and its columns are the
/// reason). Column names come from the file's header, never from a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorGroupLine {
    pub code: String,
    pub rows: u64,
    /// Most rows first.
    pub columns: Vec<String>,
}

/// The snapshot's error groups from the explorer's summary of the whole result: one line per
/// code with its rows (a row counts once however many columns it names, as the explorer's code
/// totals do), and the columns of that code's groups, most rows first.
pub fn error_lines(codes: &[CodeTotal], groups: &[ErrorGroup]) -> Vec<ErrorGroupLine> {
    codes
        .iter()
        .map(|total| {
            let mut named: Vec<&ErrorGroup> = groups
                .iter()
                .filter(|g| g.code == total.code && g.column.is_some())
                .collect();
            named.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.column.cmp(&b.column)));
            ErrorGroupLine {
                code: total.code.as_str().to_string(),
                rows: u64::from(total.rows),
                columns: named.into_iter().filter_map(|g| g.column.clone()).collect(),
            }
        })
        .collect()
}

/// One note of the explorer about the result file: `kind` as the page's `data-kind`
/// (`reconcile`, `encoding`, `skipped-entry`, `missing-column`, `bare-csv`, `ragged-rows`) and its
/// sentence. Notes name files, entries, columns, encodings and counts, never a record's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteLine {
    pub kind: String,
    pub text: String,
}

/// The snapshot's notes: how the file disagrees with the job's counts first, then the reader's.
pub fn note_lines(reconcile: &[Reconcile], warnings: &[Warning]) -> Vec<NoteLine> {
    let line = |kind: &str, text: String| NoteLine {
        kind: kind.to_string(),
        text,
    };
    reconcile
        .iter()
        .map(|r| line(r.kind(), r.to_string()))
        .chain(warnings.iter().map(|w| line(w.kind(), w.to_string())))
        .collect()
}

/// Longest note sentence kept in a snapshot.
const NOTE_CHARS: usize = 400;

/// `Company, Last_Name and 2 more`: the first [`TOP_COLUMNS`] columns, cleaned.
fn columns_text(columns: &[String]) -> String {
    let mut text = columns
        .iter()
        .take(TOP_COLUMNS)
        .map(|c| clean(c))
        .collect::<Vec<_>>()
        .join(", ");
    if columns.len() > TOP_COLUMNS {
        text.push_str(&format!(" and {} more", columns.len() - TOP_COLUMNS));
    }
    text
}

/// What a snapshot is built from. No field can hold a token.
#[derive(Debug, Clone, Copy)]
pub struct SnapshotInput<'a> {
    pub job: &'a Job,
    /// `eu`, `us-sandbox`, or a custom API origin (`http://127.0.0.1:8787`).
    pub place: &'a str,
    pub version: ApiVersion,
    pub timeline: Option<&'a Timeline>,
    /// From the explorer, when it ran; the largest groups are kept.
    pub error_groups: Option<&'a [ErrorGroupLine]>,
    /// From the explorer, when it ran: what it noted about the result file ([`note_lines`]).
    pub result_notes: Option<&'a [NoteLine]>,
    /// When the snapshot was taken (epoch ms).
    pub taken_at_ms: u64,
}

/// The two renderings of one snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub markdown: String,
    pub json: Value,
}

/// API text made safe for a Markdown table cell or line: no control characters, no Markdown or
/// HTML syntax characters, at most 80 characters.
pub fn clean(text: &str) -> String {
    clean_to(text, 80)
}

/// [`clean`] with another length limit.
fn clean_to(text: &str, max: usize) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '|' | '`' | '<' | '>' | '[' | ']' | '*' | '#' | '!' | '\\' => ' ',
            c => c,
        })
        .take(max)
        .collect::<String>()
        .trim()
        .to_string()
}

/// `2026-01-30T02:18:15Z` for epoch ms (UTC, so the ticket reads the same everywhere).
pub fn utc(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn counts_json(c: &Counts) -> Value {
    json!({"added": c.added, "updated": c.updated, "skipped": c.skipped, "total": c.total})
}

fn status_text(raw: &str) -> String {
    clean(&JobStatus::from_wire(raw).label())
}

/// Builds the snapshot.
pub fn build(input: &SnapshotInput<'_>) -> Snapshot {
    let job = input.job;
    let counts = job.counts();
    let id = clean(&job.id);
    let place = clean(input.place);
    let status = clean(&job.status.label());
    let mut md = String::new();
    md.push_str(&format!("### Bulk Write job {id}\n\n"));
    md.push_str(&format!(
        "- Data centre: {place}\n- API version: {}\n- Status: **{status}**\n- Operation: {}\n",
        input.version,
        clean(job.operation.as_str())
    ));
    if let Some(created) = &job.created_time {
        md.push_str(&format!("- Created: {}\n", clean(created)));
    }
    md.push_str(&format!(
        "- Counts: {} added, {} updated, {} skipped, {} total\n- Snapshot taken: {}\n",
        counts.added,
        counts.updated,
        counts.skipped,
        counts.total,
        utc(input.taken_at_ms)
    ));

    let mut resources = Vec::new();
    if !job.resources.is_empty() {
        md.push_str("\n#### Resources\n\n| # | Module | Status | Code | File | Added | Updated | Skipped | Total |\n|---|---|---|---|---|---|---|---|---|\n");
    }
    for (i, r) in job.resources.iter().enumerate() {
        let module = r
            .module
            .as_ref()
            .map(|m| clean(&m.api_name))
            .unwrap_or_default();
        let status = clean(&ResourceStatus::from_wire(&r.status_raw).label());
        let code = r.code.as_deref().map(clean).unwrap_or_default();
        let file = r
            .file
            .as_ref()
            .and_then(|f| f.name.as_deref())
            .map(clean)
            .unwrap_or_default();
        let c = r.file.as_ref().map(|f| f.counts).unwrap_or_default();
        md.push_str(&format!(
            "| {} | {module} | {status} | {code} | {file} | {} | {} | {} | {} |\n",
            i + 1,
            c.added,
            c.updated,
            c.skipped,
            c.total
        ));
        resources.push(json!({
            "module": module, "status": status, "code": code, "file": file, "counts": counts_json(&c),
        }));
    }

    let mut events = Vec::new();
    if let Some(tl) = input.timeline.filter(|t| !t.events.is_empty()) {
        md.push_str("\n#### Observed timeline\n\n");
        for e in &tl.events {
            let when = match e.bound.after_ms {
                Some(a) if a != e.bound.before_ms => {
                    format!("between {} and {}", utc(a), utc(e.bound.before_ms))
                }
                _ => format!("at {}", utc(e.bound.before_ms)),
            };
            let what = clean(&e.kind.describe());
            md.push_str(&format!("- {what} — {when}\n"));
            events.push(json!({
                "event": e.kind.token(), "text": what,
                "after": e.bound.after_ms.map(utc), "before": utc(e.bound.before_ms),
            }));
        }
    }

    let mut groups = Vec::new();
    if let Some(all) = input.error_groups {
        let mut top: Vec<&ErrorGroupLine> = all.iter().collect();
        top.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.code.cmp(&b.code)));
        md.push_str("\n#### Top error groups\n\n");
        if top.is_empty() {
            md.push_str("- none\n");
        }
        for g in top.into_iter().take(TOP_ERROR_GROUPS) {
            let code = clean(&g.code);
            let rows = if g.rows == 1 { "row" } else { "rows" };
            if g.columns.is_empty() {
                md.push_str(&format!("- {code}: {} {rows}\n", g.rows));
            } else {
                md.push_str(&format!(
                    "- {code}: {} {rows} (columns: {})\n",
                    g.rows,
                    columns_text(&g.columns)
                ));
            }
            let columns: Vec<String> = g.columns.iter().map(|c| clean(c)).collect();
            groups.push(json!({"code": code, "rows": g.rows, "columns": columns}));
        }
    }

    let mut notes = Vec::new();
    if let Some(all) = input.result_notes.filter(|n| !n.is_empty()) {
        md.push_str("\n#### Result file notes\n\n");
        for n in all {
            let text = clean_to(&n.text, NOTE_CHARS);
            md.push_str(&format!("- {text}\n"));
            notes.push(json!({"kind": clean(&n.kind), "text": text}));
        }
    }

    let json = json!({
        "job_id": id,
        "data_centre": place,
        "api_version": input.version.as_str(),
        "status": job.status.token(),
        "status_text": status_text(&job.status_raw),
        "operation": clean(job.operation.as_str()),
        "created_time": job.created_time.as_deref().map(clean),
        "counts": counts_json(&counts),
        "resources": resources,
        "timeline": events,
        "error_groups": input.error_groups.map(|_| groups),
        "result_notes": input.result_notes.map(|_| notes),
        "taken_at": utc(input.taken_at_ms),
    });
    Snapshot { markdown: md, json }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode_job_response;
    use crate::endpoint::JobId;

    const COMPLETED: &str = include_str!("../../tests/fixtures/jobs/seed_completed.json");

    fn job() -> Job {
        decode_job_response(200, COMPLETED.as_bytes()).unwrap()
    }

    /// The completed job's snapshot for US v8, with only these error groups.
    fn snapshot_with(error_groups: Option<&[ErrorGroupLine]>) -> Snapshot {
        build(&SnapshotInput {
            job: &job(),
            place: "us",
            version: ApiVersion::V8,
            timeline: None,
            error_groups,
            result_notes: None,
            taken_at_ms: 0,
        })
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_714_554_000_000), "2024-05-01T09:00:00Z");
        assert_eq!(utc(951_782_400_000), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn holds_the_facts_and_nothing_personal() {
        let job = job();
        let mut tl = Timeline::new(&JobId::parse(&job.id).unwrap());
        tl.observe_job(&job, 1_714_554_000_000, 1_714_554_000_200);
        let groups = vec![
            ErrorGroupLine {
                code: "MANDATORY_NOT_FOUND".into(),
                rows: 12,
                columns: vec![],
            },
            ErrorGroupLine {
                code: "INVALID_DATA".into(),
                rows: 40,
                columns: vec!["Email".into()],
            },
        ];
        let s = build(&SnapshotInput {
            job: &job,
            place: "eu",
            version: ApiVersion::V8,
            timeline: Some(&tl),
            error_groups: Some(&groups),
            result_notes: None,
            taken_at_ms: 1_714_554_060_000,
        });
        assert!(s.markdown.contains(&job.id));
        assert!(s.markdown.contains("Data centre: eu"));
        assert!(s
            .markdown
            .contains(&format!("{} total", job.counts().total)));
        // Largest group first.
        let a = s.markdown.find("INVALID_DATA").unwrap();
        let b = s.markdown.find("MANDATORY_NOT_FOUND").unwrap();
        assert!(a < b);
        assert_eq!(s.json["counts"]["total"], job.counts().total);
        assert_eq!(s.json["error_groups"][0]["rows"], 40);
        assert!(!s.json["timeline"].as_array().unwrap().is_empty());
        // Never the creator, the callback or the download link.
        let all = format!("{}{}", s.markdown, s.json);
        if let Some(name) = job.created_by.as_ref().and_then(|u| u.name.as_deref()) {
            assert!(!all.contains(name), "creator's name leaked");
        }
        if let Some(url) = &job.download_url {
            assert!(!all.contains(url.as_str()), "download URL leaked");
        }
        assert!(!all.contains("download"));
    }

    #[test]
    fn explorer_summary_maps_to_one_line_per_code_with_its_columns() {
        use crate::result::ErrorCode;
        let codes = vec![
            CodeTotal {
                code: ErrorCode::InvalidData,
                rows: 7,
            },
            CodeTotal {
                code: ErrorCode::Other("WEIRD".into()),
                rows: 2,
            },
        ];
        let group = |code: ErrorCode, column: Option<&str>, rows| ErrorGroup {
            code,
            column: column.map(str::to_string),
            rows,
        };
        let groups = vec![
            group(ErrorCode::InvalidData, Some("Phone"), 2),
            group(ErrorCode::InvalidData, Some("Email"), 5),
            group(ErrorCode::InvalidData, Some("Zip"), 2),
            group(ErrorCode::InvalidData, Some("Fax"), 1),
            group(ErrorCode::Other("WEIRD".into()), None, 2),
            // A code with no total (another scope) adds no line.
            group(ErrorCode::DuplicateData, Some("Email"), 3),
        ];
        let lines = error_lines(&codes, &groups);
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0],
            ErrorGroupLine {
                code: "INVALID_DATA".into(),
                // The code's own total: a row naming two columns counts once.
                rows: 7,
                columns: vec!["Email".into(), "Phone".into(), "Zip".into(), "Fax".into()],
            }
        );
        assert_eq!(lines[1].code, "WEIRD");
        assert!(lines[1].columns.is_empty());

        let s = snapshot_with(Some(&lines));
        assert!(
            s.markdown
                .contains("- INVALID_DATA: 7 rows (columns: Email, Phone, Zip and 1 more)\n"),
            "{}",
            s.markdown
        );
        assert!(s.markdown.contains("- WEIRD: 2 rows\n"), "{}", s.markdown);
        assert_eq!(s.json["error_groups"][0]["columns"][3], "Fax");
        assert_eq!(s.json["error_groups"][1]["rows"], 2);
    }

    #[test]
    fn without_the_explorer_there_is_no_error_section() {
        let s = snapshot_with(None);
        assert!(!s.markdown.contains("error groups"));
        assert!(s.json["error_groups"].is_null());
    }

    #[test]
    fn hostile_api_text_cannot_restyle_the_ticket() {
        assert_eq!(clean("a|b`c<script>[x](y)\n"), "a b c script  x (y)");
        assert_eq!(clean(&"x".repeat(200)).len(), 80);
    }
}
