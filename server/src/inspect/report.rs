//! What `inspect` prints: the JSON shape (field order as documented) and the readable summary,
//! both built from one [`Report`].

use bulkwatch_core::download::{self, DownloadUrl};
use bulkwatch_core::endpoint::ApiOrigin;
use bulkwatch_core::error::{one_line, BwError};
use bulkwatch_core::model::{decode_job_response, Job, Resource};
use serde::Serialize;
use std::fmt::Write;

/// The `--json` output: `kind` is `job` or `error`, and exactly one of `job`/`error` is set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub kind: &'static str,
    pub job: Option<JobOut>,
    pub error: Option<ErrorOut>,
}

/// A decoded job.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobOut {
    pub id: String,
    /// `added | in_progress | completed | failed | unknown`.
    pub status: &'static str,
    pub status_raw: String,
    pub operation: String,
    pub character_encoding: Option<String>,
    pub created_time: Option<String>,
    pub created_by: Option<UserOut>,
    pub resources: Vec<ResourceOut>,
    pub download: Option<DownloadOut>,
    /// Optional fields left out because their value did not fit (empty when all were read):
    /// the same list the page counts in its "fields not understood" note.
    pub unreadable: Vec<UnreadableOut>,
}

/// One optional field that was not understood.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnreadableOut {
    /// JSON path, e.g. `resource[0].field_mappings[1].format`.
    pub path: String,
    /// The value as sent, compact JSON (cut when long).
    pub raw: String,
    /// What Bulkwatch expected there.
    pub expected: String,
}

/// `created_by`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserOut {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// One resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceOut {
    pub module: Option<String>,
    pub status: &'static str,
    pub status_raw: String,
    pub code: Option<String>,
    pub file: Option<FileOut>,
    pub field_mappings: Vec<MappingOut>,
}

/// A resource's file and counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileOut {
    pub name: Option<String>,
    /// `file.module`.
    pub module: Option<String>,
    pub added: u64,
    pub updated: u64,
    pub skipped: u64,
    pub total: u64,
}

/// One field mapping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappingOut {
    pub api_name: String,
    pub index: Option<u32>,
    pub find_by: Option<String>,
    pub format: Option<String>,
}

/// The result link after the URL rules: the resolved absolute URL when safe, the raw text (never
/// to be followed) with the reason when not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DownloadOut {
    pub url: String,
    pub safe: bool,
    pub reason: Option<String>,
}

/// An error body or an unreadable body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorOut {
    /// [`BwError::code`]: Zoho's code, or Bulkwatch's (`DECODE_HTML`, …).
    pub code: String,
    pub http_status: u16,
    pub title: String,
    pub message: String,
    pub resolution: String,
}

/// The report plus, when the body could not be understood, the one-line reason (exit 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub report: Report,
    pub unreadable: Option<String>,
}

/// Decodes `body` as the widget would and builds the report.
pub fn analyse(body: &[u8], http_status: u16, origin: &ApiOrigin) -> Analysis {
    match decode_job_response(http_status, body) {
        Ok(job) => Analysis {
            report: Report {
                kind: "job",
                job: Some(job_out(&job, origin)),
                error: None,
            },
            unreadable: None,
        },
        Err(err) => {
            // A Zoho error body (or the download host's link error) is understood; anything
            // else means the body itself could not be read as Zoho's.
            let understood = matches!(
                err,
                BwError::Zoho(_) | BwError::ZohoErrorIn2xx(_) | BwError::ExpiredDownloadLink { .. }
            );
            Analysis {
                unreadable: (!understood).then(|| format!("{}: {err}", err.code())),
                report: Report {
                    kind: "error",
                    job: None,
                    error: Some(error_out(&err, http_status)),
                },
            }
        }
    }
}

fn job_out(job: &Job, origin: &ApiOrigin) -> JobOut {
    JobOut {
        id: job.id.clone(),
        status: job.status.token(),
        status_raw: job.status_raw.clone(),
        operation: job.operation.as_str().to_string(),
        character_encoding: job.character_encoding.clone(),
        created_time: job.created_time.clone(),
        created_by: job.created_by.as_ref().map(|u| UserOut {
            id: u.id.clone(),
            name: u.name.clone(),
        }),
        resources: job.resources.iter().map(resource_out).collect(),
        download: job
            .download_url
            .as_deref()
            .map(|raw| match download::classify(raw, origin) {
                DownloadUrl::Safe { url, .. } => DownloadOut {
                    url,
                    safe: true,
                    reason: None,
                },
                DownloadUrl::Unsafe { raw, reason } => DownloadOut {
                    url: raw,
                    safe: false,
                    reason: Some(reason.text()),
                },
            }),
        unreadable: job
            .unreadable
            .iter()
            .map(|u| UnreadableOut {
                path: u.path.clone(),
                raw: u.raw.clone(),
                expected: u.expected.clone(),
            })
            .collect(),
    }
}

fn resource_out(r: &Resource) -> ResourceOut {
    ResourceOut {
        module: r.module.as_ref().map(|m| m.api_name.clone()),
        status: r.status.token(),
        status_raw: r.status_raw.clone(),
        code: r.code.clone(),
        file: r.file.as_ref().map(|f| FileOut {
            name: f.name.clone(),
            module: f.module.clone(),
            added: f.counts.added,
            updated: f.counts.updated,
            skipped: f.counts.skipped,
            total: f.counts.total,
        }),
        field_mappings: r
            .field_mappings
            .iter()
            .map(|m| MappingOut {
                api_name: m.api_name.clone(),
                index: m.index,
                find_by: m.find_by.clone(),
                format: m.format.clone(),
            })
            .collect(),
    }
}

fn error_out(err: &BwError, http_status: u16) -> ErrorOut {
    ErrorOut {
        code: err.code().to_string(),
        http_status: err.http_status().unwrap_or(http_status),
        title: err.title(),
        message: match err.zoho() {
            Some(z) => z.message.clone(),
            None => err.to_string(),
        },
        resolution: err.resolution(),
    }
}

/// Text from the API, made safe for a terminal: one line, no control characters (no escape
/// sequences reach the terminal).
fn t(text: &str) -> String {
    one_line(text, 300)
}

fn opt(text: Option<&str>) -> String {
    text.map_or_else(|| "-".to_string(), t)
}

/// The readable summary.
pub fn summary(report: &Report) -> String {
    let mut s = String::new();
    if let Some(job) = &report.job {
        job_summary(&mut s, job);
    }
    if let Some(e) = &report.error {
        let _ = writeln!(
            s,
            "Error {} (HTTP {}): {}",
            t(&e.code),
            e.http_status,
            t(&e.title)
        );
        let _ = writeln!(s, "  message:    {}", t(&e.message));
        let _ = writeln!(s, "  resolution: {}", t(&e.resolution));
    }
    s
}

fn job_summary(s: &mut String, job: &JobOut) {
    let _ = writeln!(
        s,
        "Job {}: {} ({})",
        t(&job.id),
        job.status,
        t(&job.status_raw)
    );
    let _ = writeln!(
        s,
        "  operation: {}   encoding: {}",
        opt(Some(&job.operation)
            .filter(|o| !o.is_empty())
            .map(String::as_str)),
        opt(job.character_encoding.as_deref())
    );
    let by = job
        .created_by
        .as_ref()
        .map(|u| format!("{} ({})", opt(u.name.as_deref()), opt(u.id.as_deref())));
    let _ = writeln!(
        s,
        "  created:   {}   by: {}",
        opt(job.created_time.as_deref()),
        by.as_deref().unwrap_or("-")
    );
    let (mut added, mut updated, mut skipped, mut total) = (0u64, 0u64, 0u64, 0u64);
    for f in job.resources.iter().filter_map(|r| r.file.as_ref()) {
        added = added.saturating_add(f.added);
        updated = updated.saturating_add(f.updated);
        skipped = skipped.saturating_add(f.skipped);
        total = total.saturating_add(f.total);
    }
    let _ = writeln!(
        s,
        "  records:   added {added}, updated {updated}, skipped {skipped}, total {total}"
    );
    for (i, r) in job.resources.iter().enumerate() {
        let code = r.code.as_deref().map(|c| format!(", code {}", t(c)));
        let _ = writeln!(
            s,
            "  resource {}: {} {} ({}){}",
            i + 1,
            opt(r.module.as_deref()),
            r.status,
            t(&r.status_raw),
            code.unwrap_or_default()
        );
        match &r.file {
            Some(f) => {
                let _ = writeln!(
                    s,
                    "    file {}: added {}, updated {}, skipped {}, total {}",
                    opt(f.name.as_deref()),
                    f.added,
                    f.updated,
                    f.skipped,
                    f.total
                );
            }
            None => {
                let _ = writeln!(s, "    file: not reported yet");
            }
        }
        if !r.field_mappings.is_empty() {
            let maps: Vec<String> = r
                .field_mappings
                .iter()
                .map(|m| match m.index {
                    Some(i) => format!("{} <- column {i}", t(&m.api_name)),
                    None => t(&m.api_name),
                })
                .collect();
            let _ = writeln!(s, "    mappings: {}", maps.join(", "));
        }
    }
    match &job.download {
        Some(d) if d.safe => {
            let _ = writeln!(s, "  download:  {}", t(&d.url));
        }
        Some(d) => {
            let _ = writeln!(
                s,
                "  download:  REFUSED ({}): {}",
                opt(d.reason.as_deref()),
                t(&d.url)
            );
        }
        None => {
            let _ = writeln!(s, "  download:  none yet");
        }
    }
    if !job.unreadable.is_empty() {
        let _ = writeln!(
            s,
            "  not understood: {} field(s), left out (the rest is read):",
            job.unreadable.len()
        );
        for u in &job.unreadable {
            let _ = writeln!(
                s,
                "    {} = {} (expected {})",
                t(&u.path),
                t(&u.raw),
                t(&u.expected)
            );
        }
    }
}
