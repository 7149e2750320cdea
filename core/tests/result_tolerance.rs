//! Result files as real orgs send them, not only as Zoho documents them: user columns named like
//! Zoho's three, Zoho's columns missing or spelled differently, zips with entries that are not
//! result CSVs, and a download that is a bare CSV. Each case is read with what is there, and the
//! note says which column, entry or file.

mod result_support;

use bulkwatch_core::result::{
    load_result, ResultLoader, ResultSet, RowId, RowStatus, Scope, SkipReason, Warning,
};
use result_support::*;

fn zipped(csv: &str) -> ResultSet {
    load_result(zip_of(&[("Tasks-tasks.csv", csv.as_bytes())])).unwrap()
}

fn totals(set: &ResultSet) -> Vec<(String, u32)> {
    set.status_totals(Scope::All)
        .into_iter()
        .filter(|t| t.rows > 0)
        .map(|t| (t.status.token().to_string(), t.rows))
        .collect()
}

fn codes(set: &ResultSet) -> Vec<(String, u32)> {
    set.code_totals(Scope::All)
        .into_iter()
        .map(|c| (c.code.as_str().to_string(), c.rows))
        .collect()
}

/// A user column named like each of Zoho's three, in every position of the first three: Zoho's
/// are read from the end, the user's stay data.
#[test]
fn user_columns_named_like_zohos_are_data() {
    let cases: &[[&str; 3]] = &[
        ["Status", "Subject", "Owner"],
        ["Subject", "Status", "Owner"],
        ["Subject", "Owner", "Status"],
        ["STATUS", "Subject", "Owner"],
        ["Errors", "Subject", "Owner"],
        ["Subject", "ERRORS", "Owner"],
        ["Record_Id", "Subject", "Owner"],
        ["Subject", "Owner", "RECORD_ID"],
        ["Status", "Errors", "Record_Id"],
        ["RECORD_ID", "ERRORS", "STATUS"],
        ["Errors", "Status", "Record Id"],
    ];
    for user in cases {
        // The user's values are chosen to be wrong if read as Zoho's: a status-like word that is
        // not this row's status (always "Skipped": read as Zoho's, the totals would be 3
        // skipped), an error code, an id.
        let rows: Vec<[&str; 6]> = vec![
            [
                "Skipped",
                "MANDATORY_NOT_FOUND-Subject",
                "111",
                "added",
                "9001",
                "",
            ],
            [
                "Skipped",
                "INVALID_DATA-Owner",
                "222",
                "skipped",
                "",
                "DUPLICATE_DATA-Subject",
            ],
            ["Skipped", "", "333", "updated", "9003", ""],
        ];
        let set = zipped(&result_csv(*user, &rows));
        assert_eq!(
            totals(&set),
            vec![
                ("added".into(), 1),
                ("updated".into(), 1),
                ("skipped".into(), 1)
            ],
            "{user:?}"
        );
        assert_eq!(codes(&set), vec![("DUPLICATE_DATA".into(), 1)], "{user:?}");
        let row = set.row(RowId(0)).unwrap();
        assert_eq!(row.record_id(), "9001", "{user:?}");
        assert_eq!(row.errors_raw(), "", "{user:?}");
        assert_eq!(
            set.file(0).unwrap().result_columns(),
            [Some(3), Some(4), Some(5)]
        );
        // The user's column is still there as data, under its own name.
        let file = set.file(0).unwrap();
        let i = file.data_column(user[0]).unwrap();
        assert_eq!(i, 0, "{user:?}");
        assert_eq!(row.fields().field(i), "Skipped");
        assert!(set.warnings().is_empty(), "{user:?}: {:?}", set.warnings());
    }
}

/// Zoho's columns missing or spelled differently: read with what is there, each noted by name.
#[test]
fn missing_or_differently_spelled_columns_are_read_and_noted() {
    struct Case {
        header: &'static str,
        row: &'static str,
        record_id: &'static str,
        errors: &'static str,
        notes: &'static [(&'static str, &'static str, Option<&'static str>)],
    }
    let cases = [
        Case {
            header: "Subject,STATUS,ERRORS",
            row: "a,skipped,INVALID_DATA-Subject",
            record_id: "",
            errors: "INVALID_DATA-Subject",
            notes: &[("missing-column", "RECORD_ID", None)],
        },
        Case {
            header: "Subject,STATUS,RECORD_ID",
            row: "a,added,77",
            record_id: "77",
            errors: "",
            notes: &[("missing-column", "ERRORS", None)],
        },
        Case {
            header: "Errors,STATUS,RECORD_ID",
            row: "INVALID_DATA-Subject,added,77",
            record_id: "77",
            errors: "",
            notes: &[("missing-column", "ERRORS", None)],
        },
        Case {
            header: "Subject,STATUS,RECORD ID,Errors",
            row: "a,skipped,,INVALID_DATA-Subject",
            record_id: "",
            errors: "INVALID_DATA-Subject",
            notes: &[
                ("missing-column", "RECORD_ID", Some("RECORD ID")),
                ("missing-column", "ERRORS", Some("Errors")),
            ],
        },
        Case {
            header: "Subject,Status,Record-Id,errors",
            row: "a,added,77,",
            record_id: "77",
            errors: "",
            notes: &[
                ("missing-column", "STATUS", Some("Status")),
                ("missing-column", "RECORD_ID", Some("Record-Id")),
                ("missing-column", "ERRORS", Some("errors")),
            ],
        },
        Case {
            header: "Subject,STATUS",
            row: "a,skipped",
            record_id: "",
            errors: "",
            notes: &[
                ("missing-column", "RECORD_ID", None),
                ("missing-column", "ERRORS", None),
            ],
        },
    ];
    for c in cases {
        let set = zipped(&format!("{}\n{}\n", c.header, c.row));
        assert_eq!(set.len(), 1, "{}", c.header);
        let row = set.row(RowId(0)).unwrap();
        assert_eq!(row.record_id(), c.record_id, "{}", c.header);
        assert_eq!(row.errors_raw(), c.errors, "{}", c.header);
        let got: Vec<(&str, String, Option<String>)> = set
            .warnings()
            .iter()
            .map(|w| match w {
                Warning::MissingColumn { column, .. } => (w.kind(), column.clone(), None),
                Warning::RenamedColumn { column, found, .. } => {
                    (w.kind(), column.clone(), Some(found.clone()))
                }
                other => panic!("{}: unexpected {other:?}", c.header),
            })
            .collect();
        let want: Vec<(&str, String, Option<String>)> = c
            .notes
            .iter()
            .map(|(k, col, found)| (*k, col.to_string(), found.map(str::to_string)))
            .collect();
        assert_eq!(got, want, "{}", c.header);
        for w in set.warnings() {
            let text = w.to_string();
            assert!(text.contains("Tasks-tasks.csv"), "{text}");
        }
    }
    // Without STATUS there are no counts to show: that stays an error naming the column.
    let err = load_result(zip_of(&[("T-t.csv", b"a,RECORD_ID,ERRORS\nx,1,\n")])).unwrap_err();
    assert!(err.to_string().contains("STATUS"), "{err}");
}

/// Entries that are not result CSVs are passed over and listed by name; the rows are the CSV's.
#[test]
fn archive_entries_that_are_not_results_are_skipped_and_listed() {
    let csv = result_csv(LEADS, &leads_rows());
    let build = |extra: &[(&str, &[u8])], folders: &[&str]| {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for f in folders {
            writer.add_directory(*f, opts).unwrap();
        }
        writer.start_file("Leads-leads.csv", opts).unwrap();
        std::io::Write::write_all(&mut writer, csv.as_bytes()).unwrap();
        for (name, bytes) in extra {
            writer.start_file(*name, opts).unwrap();
            std::io::Write::write_all(&mut writer, bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    };
    let apple_double: &[u8] = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ";
    // (the zip, the entries skipped and why)
    type Case<'a> = (Vec<u8>, Vec<(&'a str, SkipReason)>);
    let cases: Vec<Case> = vec![
        (
            build(
                &[("__MACOSX/._Leads-leads.csv", apple_double)],
                &["__MACOSX/"],
            ),
            vec![("__MACOSX/._Leads-leads.csv", SkipReason::MacMetadata)],
        ),
        (
            build(&[("readme.txt", b"Zoho result")], &[]),
            vec![("readme.txt", SkipReason::NotCsv)],
        ),
        (
            build(&[("._Leads-leads.csv", apple_double)], &[]),
            vec![("._Leads-leads.csv", SkipReason::MacMetadata)],
        ),
        (
            build(&[], &["empty/"]),
            vec![("empty/", SkipReason::EmptyFolder)],
        ),
        (
            build(
                &[("readme.txt", b"x"), ("logo.png", b"\x89PNG")],
                &["docs/"],
            ),
            vec![
                ("readme.txt", SkipReason::NotCsv),
                ("logo.png", SkipReason::NotCsv),
                ("docs/", SkipReason::EmptyFolder),
            ],
        ),
    ];
    for (zip, skipped) in cases {
        let set = load_result(zip).unwrap();
        assert_eq!(set.len(), 6);
        assert_eq!(set.files().len(), 1);
        let got: Vec<(String, SkipReason)> = set
            .warnings()
            .iter()
            .map(|w| match w {
                Warning::SkippedEntry { name, reason } => (name.clone(), *reason),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        let want: Vec<(String, SkipReason)> =
            skipped.iter().map(|(n, r)| (n.to_string(), *r)).collect();
        assert_eq!(got, want);
        for (w, (name, _)) in set.warnings().iter().zip(&skipped) {
            assert_eq!(w.kind(), "skipped-entry");
            assert!(w.to_string().contains(name), "{w}");
        }
    }
}

/// A download that is the result CSV itself, not a zip: read as one file, noted.
#[test]
fn a_bare_csv_download_is_read_as_one_file() {
    let csv = result_csv(LEADS, &leads_rows());
    let zipped = load_result(zip_of(&[("Leads-leads.csv", csv.as_bytes())])).unwrap();
    let mut crlf_bom = b"\xEF\xBB\xBF".to_vec();
    crlf_bom.extend_from_slice(csv.replace('\n', "\r\n").as_bytes());
    let semicolons = csv.replace(',', ";");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("42.zip", csv.clone().into_bytes(), "42.csv"),
        ("Leads-leads.csv", crlf_bom, "Leads-leads.csv"),
        ("", semicolons.into_bytes(), "result.csv"),
    ];
    for (download, body, name) in cases {
        let set = ResultLoader::for_job(download, body, None)
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(set.files().len(), 1);
        assert_eq!(set.files()[0].name(), name);
        assert_eq!(totals(&set), totals(&zipped), "{download}");
        assert_eq!(codes(&set), codes(&zipped), "{download}");
        assert_eq!(
            set.warnings(),
            &[Warning::BareCsv {
                name: name.to_string()
            }]
        );
        assert_eq!(set.warnings()[0].kind(), "bare-csv");
    }
    // Error bodies are still not taken for a CSV, even when they say "status".
    for body in [
        &br#"{"status":"error","code":"INVALID_URL_PATTERN"}"#[..],
        b"<html><body>STATUS</body></html>",
        b"Forbidden",
    ] {
        assert!(ResultLoader::for_job("x.zip", body.to_vec(), None).is_err());
    }
    // Unprocessed rows are a status like any other in a bare file.
    let set = ResultLoader::for_job(
        "r.csv",
        b"A,STATUS,RECORD_ID,ERRORS\nx,Unprocessed,,\n".to_vec(),
        None,
    )
    .unwrap()
    .finish()
    .unwrap();
    assert_eq!(set.row(RowId(0)).unwrap().status(), &RowStatus::Unprocessed);
}
