//! Server-side-rendered string tests of the result explorer's notes (`result-notes`, one `li` per
//! note with its `data-kind`): what the reader did differently from Zoho's documented shape (the
//! encoding used, entries skipped, Zoho columns missing or renamed, a bare CSV) and how the file
//! compares with the job's counts; and that the explorer reads with the job's declared encoding.
#![cfg(not(target_arch = "wasm32"))]

mod ssr_support;

use std::rc::Rc;

use bulkwatch::env::Env;
use bulkwatch::ui::explorer::panel::ExplorerProps;
use bulkwatch::ui::explorer::results::{Results, ResultsProps};
use bulkwatch::ui::explorer::shared::Shared;
use bulkwatch::ui::explorer::state::Loaded;
use bulkwatch::ui::target::{DownloadPlan, Target};
use bulkwatch_core::endpoint::{ApiOrigin, ApiVersion, DataCenter, Environment, JobId};
use bulkwatch_core::result::ResultLoader;
use ssr_support::{attrs, job, render};
use yew::Callback;

const JOB: &str = include_str!("fixtures/jobs/completed_code_inprogress.json");

/// Every `<li data-kind>` inside the `result-notes` list: (kind, text).
fn notes(html: &str) -> Vec<(String, String)> {
    let Some(at) = html.find(r#"data-testid="result-notes""#) else {
        return Vec::new();
    };
    let end = at + html[at..].find("</ul>").expect("the list closes");
    html[at..end]
        .match_indices(r#"<li data-kind=""#)
        .map(|(i, m)| {
            let rest = &html[at + i + m.len()..end];
            let kind = &rest[..rest.find('"').expect("attribute ends")];
            let open = rest.find('>').expect("tag ends") + 1;
            let text = &rest[open..open + rest[open..].find('<').expect("text ends")];
            (kind.to_string(), text.to_string())
        })
        .collect()
}

fn results_of(set: bulkwatch_core::result::ResultSet, job_json: &str) -> String {
    render::<Results>(ResultsProps {
        data: Shared::new(Loaded {
            set,
            name: "42.zip".into(),
            zip_bytes: 2048,
            read_ms: 3.0,
        }),
        job: Rc::new(job(job_json)),
        job_id: "42".into(),
        on_close: Callback::noop(),
    })
}

/// The job's counts as the fixture job has them (7 added, 3 skipped: 10 rows), in a
/// file whose user column is called `Status`, one field in Windows-1252, an extra `readme.txt`,
/// no `RECORD_ID` column, and two rows Zoho never processed.
fn awkward_zip() -> Vec<u8> {
    let mut csv = b"Last_Name,Status,STATUS,ERRORS\n".to_vec();
    for i in 0..7 {
        csv.extend_from_slice(format!("n{i},Open,added,\n").as_bytes());
    }
    csv.extend_from_slice(b"M\xFCller,Closed,skipped,INVALID_DATA-Email\n");
    csv.extend_from_slice(
        b"x,Open,skipped,INVALID_DATA-Email\ny,Open,skipped,INVALID_DATA-Email\n",
    );
    csv.extend_from_slice(b"u1,Open,Unprocessed,\nu2,Open,Unprocessed,\n");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("Leads-leads.csv", opts).expect("entry");
    std::io::Write::write_all(&mut zip, &csv).expect("write");
    zip.start_file("readme.txt", opts).expect("entry");
    std::io::Write::write_all(&mut zip, b"hello").expect("write");
    zip.finish().expect("zip").into_inner()
}

#[test]
fn result_notes_say_what_was_read_and_how_it_compares_with_the_job() {
    let set = ResultLoader::for_job("42.zip", awkward_zip(), Some("UTF-8"))
        .expect("opens")
        .finish()
        .expect("reads");
    let html = results_of(set, JOB);
    let notes = notes(&html);
    let kinds: Vec<&str> = notes.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "reconcile",
            "reconcile",
            "skipped-entry",
            "missing-column",
            "encoding"
        ],
        "{notes:?}"
    );
    let text = |kind: &str, n: usize| {
        notes
            .iter()
            .filter(|(k, _)| k == kind)
            .nth(n)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    assert!(
        text("reconcile", 0).contains("12 rows")
            && text("reconcile", 0).contains("total count is 10")
    );
    assert!(text("reconcile", 1).contains("2 rows are Unprocessed"));
    assert!(text("skipped-entry", 0).contains("readme.txt"));
    assert!(
        text("missing-column", 0).contains("RECORD_ID")
            && text("missing-column", 0).contains("Leads-leads.csv")
    );
    let enc = text("encoding", 0);
    assert!(
        enc.contains("windows-1252") && enc.contains("UTF-8") && enc.contains("line 9"),
        "{enc}"
    );
    // The user's `Status` column is data; Zoho's STATUS gives the counts.
    assert_eq!(
        attrs(&html, "status-total", "data-status"),
        ["added", "updated", "skipped", "unprocessed"]
    );
    assert!(html.contains(">7</span>") && html.contains(">3</span>"));
    // The notes sit with the counts, before them.
    assert!(html.find("result-notes") < html.find("status-total"));
}

/// The fixture job's counts as a result file: 7 added, 3 skipped.
fn agreeing_csv() -> String {
    let mut rows = String::from("Last_Name,STATUS,RECORD_ID,ERRORS\n");
    rows += &"a,added,1,\n".repeat(7);
    rows += &"c,skipped,,INVALID_DATA-Email\n".repeat(3);
    rows
}

#[test]
fn a_bare_csv_is_noted_and_a_result_that_agrees_has_no_notes() {
    let set = ResultLoader::for_job("42.zip", agreeing_csv().into_bytes(), None)
        .expect("opens")
        .finish()
        .expect("reads");
    let notes = notes(&results_of(set, JOB));
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].0, "bare-csv");
    assert!(
        notes[0].1.contains("42.csv") && notes[0].1.contains("not a zip"),
        "{notes:?}"
    );

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("Leads-leads.csv", zip::write::SimpleFileOptions::default())
        .expect("entry");
    std::io::Write::write_all(&mut zip, agreeing_csv().as_bytes()).expect("write");
    let body = zip.finish().expect("zip").into_inner();
    let set = ResultLoader::for_job("42.zip", body, Some("UTF-8"))
        .expect("opens")
        .finish()
        .expect("reads");
    let html = results_of(set, JOB);
    assert!(!html.contains("result-notes"), "{html}");
}

#[test]
fn the_explorer_reads_with_the_jobs_declared_encoding() {
    let declared = JOB.replace(
        r#""character_encoding": "UTF-8""#,
        r#""character_encoding": "ISO-8859-1""#,
    );
    assert_ne!(declared, JOB, "the fixture declares an encoding");
    let props = ExplorerProps {
        job: Rc::new(job(&declared)),
        target: Some(Rc::new(Target {
            origin: ApiOrigin::Zoho {
                dc: DataCenter::Us,
                env: Environment::Production,
            },
            version: ApiVersion::V3,
            job: JobId::parse("4876876000007500101").expect("id"),
            proxy: None,
        })),
        plan: Some(DownloadPlan::Fetch {
            request_url: "https://www.zohoapis.com/v2/crm/x/bulk-write/1/1.zip".into(),
            resolved: "https://www.zohoapis.com/v2/crm/x/bulk-write/1/1.zip".into(),
        }),
        token: None,
        env: Env::browser(),
        on_summary: Default::default(),
    };
    let source = bulkwatch::ui::explorer::panel::explore_source(&props).expect("fetchable");
    assert_eq!(source.encoding.as_deref(), Some("ISO-8859-1"));
}
