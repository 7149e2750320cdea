//! `POST /crm/{version}/upload`: Zoho's file upload. The multipart `file` (a zip holding one CSV,
//! or several for parent/child jobs) is really read: delimiter (`,` `;` `:` `|`, detected from
//! the header line as Zoho does), columns and rows, kept for the job that will use it.

use std::collections::{HashMap, VecDeque};
use std::io::{Cursor, Read};
use std::sync::{Arc, RwLock};

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::errors::ZohoError;
use super::extract::{ApiVersion, FilesScope, Spent};
use super::SimState;

/// Largest upload Zoho takes.
pub const MAX_UPLOAD_BYTES: usize = 25 * 1024 * 1024;
/// Records and columns one CSV may hold.
pub const MAX_ROWS: usize = 25_000;
pub const MAX_COLUMNS: usize = 200;
/// Decompressed bytes one zip entry may expand to (a guard against zip bombs).
const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// Uploads kept at once; the oldest is forgotten first.
const MAX_UPLOADS: usize = 64;

/// One CSV as read from an upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    /// The CSV's file name (`Leads.csv`).
    pub name: String,
    pub delimiter: u8,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// An accepted upload.
#[derive(Debug, Clone)]
pub struct Upload {
    pub id: String,
    pub files: Vec<Arc<CsvTable>>,
}

/// Uploads by id, and their ids oldest first.
type UploadMap = (HashMap<String, Arc<Upload>>, VecDeque<String>);

/// Uploads by file id.
#[derive(Debug, Default)]
pub struct UploadStore {
    inner: RwLock<UploadMap>,
}

impl UploadStore {
    pub fn get(&self, id: &str) -> Option<Arc<Upload>> {
        let g = self.inner.read().unwrap_or_else(|p| p.into_inner());
        g.0.get(id).cloned()
    }

    pub fn insert(&self, upload: Upload) {
        let mut g = self.inner.write().unwrap_or_else(|p| p.into_inner());
        while g.1.len() >= MAX_UPLOADS {
            if let Some(old) = g.1.pop_front() {
                g.0.remove(&old);
            }
        }
        g.1.push_back(upload.id.clone());
        g.0.insert(upload.id.clone(), Arc::new(upload));
    }
}

/// Why an upload was refused (the route turns these into Zoho errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadError {
    /// Not a zip (or a zip without a readable CSV).
    InvalidFormat(String),
    TooLarge,
    /// More than 25,000 records or 200 columns in one CSV.
    LimitExceeded(String),
}

/// Reads one CSV (UTF-8, BOM tolerated, invalid bytes replaced).
pub fn parse_csv(name: &str, data: &[u8]) -> Result<CsvTable, UploadError> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    // The same sniffing the widget's result reader uses, so both read a file alike.
    let delimiter = bulkwatch_core::result::sniff_delimiter(data);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut headers = None;
    let mut rows = Vec::new();
    for record in reader.byte_records() {
        let record = record.map_err(|e| UploadError::InvalidFormat(format!("{name}: {e}")))?;
        let cells: Vec<String> = record
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if headers.is_none() {
            if cells.len() > MAX_COLUMNS {
                return Err(UploadError::LimitExceeded(format!(
                    "{name} has {} columns; at most {MAX_COLUMNS}",
                    cells.len()
                )));
            }
            headers = Some(cells);
        } else {
            if rows.len() >= MAX_ROWS {
                return Err(UploadError::LimitExceeded(format!(
                    "{name} has more than {MAX_ROWS} records"
                )));
            }
            rows.push(cells);
        }
    }
    let headers =
        headers.ok_or_else(|| UploadError::InvalidFormat(format!("{name} has no header line")))?;
    Ok(CsvTable {
        name: name.to_string(),
        delimiter,
        headers,
        rows,
    })
}

/// Reads an uploaded body: a zip of CSVs, or (when allowed) one bare CSV.
pub fn read_upload(
    file_name: &str,
    data: &[u8],
    accept_plain_csv: bool,
) -> Result<Vec<CsvTable>, UploadError> {
    if data.len() > MAX_UPLOAD_BYTES {
        return Err(UploadError::TooLarge);
    }
    if !data.starts_with(b"PK\x03\x04") && !data.starts_with(b"PK\x05\x06") {
        if accept_plain_csv {
            let name = if file_name.is_empty() {
                "upload.csv"
            } else {
                file_name
            };
            return Ok(vec![parse_csv(name, data)?]);
        }
        return Err(UploadError::InvalidFormat("not a zip".into()));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(data))
        .map_err(|e| UploadError::InvalidFormat(format!("unreadable zip: {e}")))?;
    let mut tables = Vec::new();
    for i in 0..archive.len() {
        let entry = archive
            .by_index(i)
            .map_err(|e| UploadError::InvalidFormat(format!("unreadable zip entry: {e}")))?;
        let path = entry.name().to_string();
        if entry.is_dir() || path.starts_with("__MACOSX/") {
            continue;
        }
        let name = path.rsplit('/').next().unwrap_or(&path).to_string();
        if name.starts_with('.') {
            continue;
        }
        if !name.to_ascii_lowercase().ends_with(".csv") {
            return Err(UploadError::InvalidFormat(format!(
                "{name} is not a CSV file"
            )));
        }
        let mut buf = Vec::new();
        entry
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| UploadError::InvalidFormat(format!("{name}: {e}")))?;
        if buf.len() as u64 > MAX_ENTRY_BYTES {
            return Err(UploadError::TooLarge);
        }
        tables.push(parse_csv(&name, &buf)?);
    }
    if tables.is_empty() {
        return Err(UploadError::InvalidFormat(
            "the zip holds no CSV file".into(),
        ));
    }
    Ok(tables)
}

fn upload_error(code: &'static str, status: StatusCode, message: &str, created: &str) -> Response {
    ZohoError::new(status, code, message)
        .with_details(json!({ "created_time": created }))
        .into_response()
}

/// The upload route.
pub async fn upload(
    State(state): State<Arc<SimState>>,
    _version: ApiVersion,
    _spent: Spent<FilesScope>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let created = state.now_iso();
    let feature = headers.get("feature").and_then(|v| v.to_str().ok());
    if feature.map(str::trim) != Some("bulk-write") {
        return upload_error(
            "NOT_SUPPORTED_FEATURE",
            StatusCode::BAD_REQUEST,
            "Feature is not supported",
            &created,
        );
    }
    let org = headers
        .get("x-crm-org")
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    match org {
        None | Some("") => {
            return ZohoError::new(
                StatusCode::BAD_REQUEST,
                "MANDATORY_NOT_FOUND",
                "required header not found",
            )
            .with_details(json!({"header": "X-CRM-ORG"}))
            .into_response()
        }
        Some(o) if o != state.config.org_id => {
            return ZohoError::new(StatusCode::BAD_REQUEST, "INVALID_DATA", "invalid org id")
                .with_details(json!({"header": "X-CRM-ORG"}))
                .into_response()
        }
        Some(_) => {}
    }
    let missing_file = || {
        ZohoError::new(
            StatusCode::BAD_REQUEST,
            "MANDATORY_NOT_FOUND",
            "required field not found",
        )
        .with_details(json!({"api_name": "file"}))
        .into_response()
    };
    let Ok(mut multipart) = multipart else {
        return missing_file();
    };
    let (file_name, data) = loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or_default().to_string();
                match field.bytes().await {
                    Ok(b) => break (name, b),
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return too_large(&created)
                    }
                    Err(_) => return missing_file(),
                }
            }
            Ok(Some(_)) => continue,
            Ok(None) => return missing_file(),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large(&created),
            Err(_) => return missing_file(),
        }
    };
    let accept_plain = state.config.accept_plain_csv;
    let parsed =
        tokio::task::spawn_blocking(move || read_upload(&file_name, &data, accept_plain)).await;
    let tables = match parsed {
        Ok(Ok(t)) => t,
        Ok(Err(UploadError::TooLarge)) => return too_large(&created),
        Ok(Err(UploadError::InvalidFormat(_))) => {
            return upload_error(
                "INVALID_FILE_FORMAT",
                StatusCode::BAD_REQUEST,
                "invalid file format. only zip format is supported",
                &created,
            )
        }
        Ok(Err(UploadError::LimitExceeded(why))) => {
            return upload_error("LIMIT_EXCEEDED", StatusCode::BAD_REQUEST, &why, &created)
        }
        Err(_) => return ZohoError::internal_error().into_response(),
    };
    let id = state.next_id();
    state.uploads.insert(Upload {
        id: id.clone(),
        files: tables.into_iter().map(Arc::new).collect(),
    });
    Json(json!({
        "status": "success",
        "code": "FILE_UPLOAD_SUCCESS",
        "message": "file uploaded.",
        "details": {"file_id": id, "created_time": created},
    }))
    .into_response()
}

fn too_large(created: &str) -> Response {
    upload_error(
        "FILE_TOO_LARGE",
        StatusCode::PAYLOAD_TOO_LARGE,
        "File size too large to process",
        created,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_read_with_the_sniffed_delimiter() {
        for (data, delimiter) in [
            (&b"a;b;c\n1;2;3\n"[..], ';'),
            (b"a|b|c\n1|2|3\n", '|'),
            (b"a\tb\tc\n1\t2\t3\n", '\t'),
            (b"\"x,y\";b;c\n1;2;3\n", ';'),
        ] {
            let table = parse_csv("f.csv", data).unwrap();
            assert_eq!(table.delimiter, delimiter as u8);
            assert_eq!(table.headers.len(), 3, "{delimiter:?}");
            assert_eq!(table.rows[0], vec!["1", "2", "3"], "{delimiter:?}");
        }
    }

    #[test]
    fn csv_reading() {
        let t = parse_csv(
            "x.csv",
            b"\xEF\xBB\xBFLast_Name;Email\nBoyle;p@x.com\n\n;\nOkafor;\n",
        )
        .unwrap();
        assert_eq!(t.headers, vec!["Last_Name", "Email"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.delimiter, b';');
        assert!(matches!(
            parse_csv("e.csv", b""),
            Err(UploadError::InvalidFormat(_))
        ));
        assert!(matches!(
            read_upload("x.csv", b"a,b\n1,2\n", false),
            Err(UploadError::InvalidFormat(_))
        ));
        assert_eq!(
            read_upload("x.csv", b"a,b\n1,2\n", true).unwrap()[0]
                .rows
                .len(),
            1
        );
    }
}
