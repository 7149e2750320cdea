//! The result files of the `result-*` scenarios, read with code of this test's own — the `zip`,
//! `csv` and `encoding_rs` crates directly, never the product's reader — and compared with the
//! job's counts and with the simulator's tally route: declared encodings (Windows-1252,
//! Shift_JIS), a mislabelled file with one invalid byte, a BOM, CRLF, entries that are not
//! result CSVs, a bare CSV download, and user columns named like Zoho's three.

mod sim_support;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::time::Duration;

use axum::http::{header, StatusCode};
use bulkwatch_server::sim::{JobRequest, ScenarioKind, Sim};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use serde_json::Value;
use sim_support::*;

/// One CSV as this test reads it.
#[derive(Debug)]
struct Csv {
    name: String,
    /// The encoding the text was decoded with.
    encoding: &'static Encoding,
    /// Whether the declared encoding had to give way to Windows-1252.
    fell_back: bool,
    bom: bool,
    crlf_only: bool,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// A downloaded result as this test reads it.
#[derive(Debug)]
struct ResultRead {
    zipped: bool,
    csvs: Vec<Csv>,
    other: Vec<String>,
}

/// Decodes `bytes`: a BOM wins; else the declared encoding, and when its bytes are invalid
/// there, Windows-1252.
fn decode(bytes: &[u8], declared: &str) -> (String, &'static Encoding, bool, bool) {
    if let Some((enc, len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[len..]);
        return (text.into_owned(), enc, false, true);
    }
    let enc = Encoding::for_label(declared.as_bytes()).expect("a known declared encoding");
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => (text.into_owned(), enc, false, false),
        None => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), WINDOWS_1252, true, false)
        }
    }
}

fn read_csv(name: &str, bytes: &[u8], declared: &str) -> Csv {
    let (text, encoding, fell_back, bom) = decode(bytes, declared);
    let lf = text.matches('\n').count();
    let crlf_only = lf > 0 && text.matches("\r\n").count() == lf;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = r
        .records()
        .map(|rec| {
            rec.expect("a CSV record")
                .iter()
                .map(String::from)
                .collect()
        })
        .collect::<Vec<Vec<String>>>()
        .into_iter();
    let header = records.next().expect("a header row");
    Csv {
        name: name.to_string(),
        encoding,
        fell_back,
        bom,
        crlf_only,
        header,
        rows: records.collect(),
    }
}

fn read_result(bytes: &[u8], declared: &str) -> ResultRead {
    if !bytes.starts_with(b"PK\x03\x04") {
        return ResultRead {
            zipped: false,
            csvs: vec![read_csv("(bare)", bytes, declared)],
            other: Vec::new(),
        };
    }
    let mut a = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut csvs = Vec::new();
    let mut other = Vec::new();
    for i in 0..a.len() {
        let mut f = a.by_index(i).expect("an entry");
        let name = f.name().to_string();
        if f.is_dir() || name.starts_with("__MACOSX/") || !name.to_lowercase().ends_with(".csv") {
            other.push(name);
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("entry bytes");
        csvs.push(read_csv(&name, &data, declared));
    }
    ResultRead {
        zipped: true,
        csvs,
        other,
    }
}

/// Counts by status and by `CODE|column`, taking Zoho's columns as the last three (checked by
/// name), so user columns with the same names stay data.
fn count(read: &ResultRead) -> (BTreeMap<String, u64>, BTreeMap<String, u64>) {
    let mut statuses = BTreeMap::new();
    let mut groups = BTreeMap::new();
    for f in &read.csvs {
        let n = f.header.len();
        assert!(n >= 3, "{}: {:?}", f.name, f.header);
        let tail: Vec<String> = f.header[n - 3..].iter().map(|h| h.to_uppercase()).collect();
        assert_eq!(tail, ["STATUS", "RECORD_ID", "ERRORS"], "{}", f.name);
        for row in &f.rows {
            assert_eq!(row.len(), n, "{}: ragged row {row:?}", f.name);
            *statuses.entry(row[n - 3].to_lowercase()).or_insert(0) += 1;
            let mut pairs: Vec<String> = Vec::new();
            for entry in row[n - 1].split(':').filter(|e| !e.is_empty()) {
                let (code, cols) = entry.split_once('-').expect("CODE-columns");
                pairs.extend(cols.split(',').map(|c| format!("{code}|{c}")));
            }
            pairs.sort();
            pairs.dedup();
            for p in pairs {
                *groups.entry(p).or_insert(0) += 1;
            }
        }
    }
    (statuses, groups)
}

/// A completed scenario job: its v8 details, the download's answer, and the tally route's JSON.
async fn completed(kind: ScenarioKind) -> (Sim, Value, Answer, Value) {
    let s = sim();
    let job = s.create_job(JobRequest::new(kind).with_id("42")).unwrap();
    s.advance(Duration::from_millis(job.end_ms().unwrap() + 1));
    let r = s.router();
    let details = details(&r, "v8", "42").await.json();
    assert_eq!(details["status"], "COMPLETED", "{details}");
    let url = details["result"]["download_url"].as_str().unwrap();
    let path = url.trim_start_matches("http://127.0.0.1:8787");
    let download = get(&r, path, Some(TOKEN)).await;
    assert_eq!(download.status, StatusCode::OK, "{}", download.text());
    let tally = get(&r, "/__sim/jobs/42/tally", None).await.json();
    (s, details, download, tally)
}

/// Checks the file's counts against the job's `file` counts and the tally route; returns it.
async fn checked(kind: ScenarioKind) -> (Value, Answer, ResultRead) {
    let (_s, details, download, tally) = completed(kind).await;
    let declared = details["character_encoding"].as_str().unwrap().to_string();
    let read = read_result(&download.body, &declared);
    let (statuses, groups) = count(&read);
    let file = &details["resource"][0]["file"];
    for (key, status) in [("added_count", "added"), ("skipped_count", "skipped")] {
        assert_eq!(
            file[key].as_u64().unwrap(),
            statuses.get(status).copied().unwrap_or(0),
            "{kind:?} {status}"
        );
    }
    let rows: u64 = statuses.values().sum();
    assert_eq!(tally["rows"].as_u64(), Some(rows), "{kind:?}");
    let as_map = |v: &Value| -> BTreeMap<String, u64> {
        v.as_object()
            .unwrap()
            .iter()
            .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
            .collect()
    };
    assert_eq!(as_map(&tally["statuses"]), statuses, "{kind:?}");
    assert_eq!(as_map(&tally["groups"]), groups, "{kind:?}");
    assert!(!groups.is_empty(), "{kind:?} has errors to group");
    assert_eq!(tally["bare_csv"], !read.zipped);
    assert_eq!(
        tally["other_entries"].as_array().unwrap().len(),
        read.other.len()
    );
    (details, download, read)
}

#[tokio::test]
async fn user_columns_named_like_zohos_three_stay_data() {
    let (_, _, read) = checked(ScenarioKind::ResultCollision).await;
    let f = &read.csvs[0];
    assert_eq!(
        f.header,
        [
            "Status",
            "Errors",
            "Record_Id",
            "STATUS",
            "RECORD_ID",
            "ERRORS"
        ]
    );
    // The user's own Status is never one of Zoho's row statuses; its Record_Id never Zoho's.
    for row in &f.rows {
        assert!(
            !["added", "updated", "skipped"].contains(&row[0].to_lowercase().as_str()),
            "{row:?}"
        );
        assert!(
            row[2].starts_with("EXT-") && !row[4].starts_with("EXT-"),
            "{row:?}"
        );
    }
    // An INVALID_DATA error naming the user's Status column, and that cell made invalid.
    let bad: Vec<&Vec<String>> = f
        .rows
        .iter()
        .filter(|r| r[5] == "INVALID_DATA-Status")
        .collect();
    assert!(!bad.is_empty() && bad.iter().all(|r| r[0] == "#INVALID#"));
    assert!(
        f.rows.iter().any(|r| !r[1].is_empty()),
        "user Errors hold text"
    );
}

#[tokio::test]
async fn windows_1252_with_crlf() {
    let (details, download, read) = checked(ScenarioKind::ResultWindows1252).await;
    assert_eq!(details["character_encoding"], "windows-1252");
    let f = &read.csvs[0];
    assert_eq!(f.encoding, WINDOWS_1252);
    assert!(!f.fell_back && !f.bom && f.crlf_only);
    let raw = unzip_raw(&download.body);
    assert!(std::str::from_utf8(&raw).is_err(), "not UTF-8 bytes");
    assert!(raw.contains(&0x80), "€ is 0x80 in Windows-1252");
    let names: String = f.rows.iter().map(|r| r[0].as_str()).collect();
    assert!(
        names.contains("Müller") && names.contains("Žižek"),
        "{}",
        &names[..80]
    );
    assert!(f.rows.iter().any(|r| r[1] == "Café € Co"));
}

#[tokio::test]
async fn shift_jis() {
    let (details, download, read) = checked(ScenarioKind::ResultShiftJis).await;
    assert_eq!(details["character_encoding"], "Shift_JIS");
    let f = &read.csvs[0];
    assert_eq!(f.encoding, encoding_rs::SHIFT_JIS);
    assert!(!f.fell_back && f.crlf_only);
    assert!(std::str::from_utf8(&unzip_raw(&download.body)).is_err());
    assert!(f.rows.iter().any(|r| r[0] == "山田"));
    assert!(f.rows.iter().any(|r| r[1] == "株式会社サンプル"));
}

#[tokio::test]
async fn one_invalid_byte_falls_back_to_windows_1252() {
    let (details, download, read) = checked(ScenarioKind::ResultInvalidByte).await;
    assert_eq!(details["character_encoding"], "UTF-8");
    let raw = unzip_raw(&download.body);
    assert_eq!(
        raw.iter().filter(|b| **b >= 0x80).count(),
        1,
        "one byte beyond ASCII"
    );
    let err = std::str::from_utf8(&raw).unwrap_err();
    assert_eq!(raw[err.valid_up_to()], 0xFC, "ü in Windows-1252");
    let f = &read.csvs[0];
    assert!(f.fell_back && f.encoding == WINDOWS_1252);
    assert_eq!(f.rows[7][0], "Müller");
    assert_eq!(f.rows.len(), 1000, "no row lost to the bad byte");
}

#[tokio::test]
async fn bom_crlf_and_entries_that_are_not_result_csvs() {
    let (details, _download, read) = checked(ScenarioKind::ResultBomExtraEntries).await;
    assert_eq!(details["character_encoding"], "UTF-8");
    assert!(read.zipped);
    assert_eq!(read.csvs.len(), 1);
    let f = &read.csvs[0];
    assert!(f.bom && f.encoding == UTF_8 && f.crlf_only);
    assert_eq!(
        f.header[0], "Last_Name",
        "the BOM is not part of the first name"
    );
    assert!(f.rows.iter().any(|r| r[0] == "Søndergaard"));
    let mut other = read.other.clone();
    other.sort();
    assert_eq!(
        other,
        ["__MACOSX/._Contacts-Contacts.csv", "logs/", "readme.txt"]
    );
}

#[tokio::test]
async fn a_bare_csv_download() {
    let (_, download, read) = checked(ScenarioKind::ResultBareCsv).await;
    assert!(!read.zipped, "the body is not a zip");
    assert!(download.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(download.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .ends_with(".csv\""));
    assert_eq!(read.csvs[0].rows.len(), 800);
}

#[tokio::test]
async fn the_usual_scenarios_stay_plain_utf8_zips() {
    let (_, download, read) = checked(ScenarioKind::UpdateMixed).await;
    assert!(read.zipped && read.other.is_empty());
    let f = &read.csvs[0];
    assert!(f.encoding == UTF_8 && !f.bom && !f.fell_back && !f.crlf_only);
    assert!(std::str::from_utf8(&unzip_raw(&download.body)).is_ok());
}

/// The raw bytes of the first CSV entry (or the body itself when it is not a zip).
fn unzip_raw(body: &[u8]) -> Vec<u8> {
    if !body.starts_with(b"PK") {
        return body.to_vec();
    }
    let mut a = zip::ZipArchive::new(Cursor::new(body)).unwrap();
    let mut f = a.by_index(0).unwrap();
    let mut out = Vec::new();
    f.read_to_end(&mut out).unwrap();
    out
}

#[tokio::test]
async fn a_created_job_gets_its_result_in_the_declared_encoding() {
    let s = sim();
    let r = s.router();
    let csv = "Last_Name,Company\nMüller,Café € Co\n,Globex\n";
    let file = upload(&r, &zip_of(&[("Leads.csv", csv.as_bytes())])).await;
    let body = serde_json::json!({
        "operation": "insert",
        "character_encoding": "windows-1252",
        "resource": [{"type": "data", "module": {"api_name": "Leads"}, "file_id": file,
            "field_mappings": [{"api_name": "Last_Name", "index": 0},
                               {"api_name": "Company", "index": 1}]}]
    });
    let a = post_json(&r, "/crm/bulk/v8/write", Some(TOKEN), &body).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    let id = a.json()["details"]["id"].as_str().unwrap().to_string();
    s.advance(Duration::from_secs(60));
    let d = details(&r, "v8", &id).await.json();
    assert_eq!(d["character_encoding"], "windows-1252");
    let url = d["result"]["download_url"].as_str().unwrap();
    let download = get(&r, url.trim_start_matches("http://127.0.0.1:8787"), None).await;
    let raw = unzip_raw(&download.body);
    assert!(
        raw.windows(2).any(|w| w == b"M\xFC"),
        "ü as one Windows-1252 byte"
    );
    assert!(raw.contains(&0x80), "€ as 0x80");
    let read = read_result(&download.body, "windows-1252");
    let f = &read.csvs[0];
    assert!(!f.fell_back);
    assert_eq!(f.rows[0][..2], ["Müller", "Café € Co"]);
    let (statuses, _) = count(&read);
    assert_eq!(statuses.get("added"), Some(&1));
    assert_eq!(statuses.get("skipped"), Some(&1));
}
