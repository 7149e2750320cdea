//! CSV dialects and damaged CSV content: delimiters, BOM, quoted newlines, CRLF, ragged rows,
//! invalid UTF-8.

mod result_support;

use bulkwatch_core::result::{
    load_result, LoadOptions, ResultError, ResultLoader, ResultSet, RowId, RowStatus, Utf8Policy,
    Warning,
};
use result_support::*;

/// Builds a result CSV with `delimiter` and `newline`, fields quoted as needed.
fn csv_with(delimiter: char, newline: &str, rows: &[[&str; 6]]) -> String {
    let header = [
        "Last_Name",
        "Company",
        "Email",
        "STATUS",
        "RECORD_ID",
        "ERRORS",
    ];
    let mut out = header.join(&delimiter.to_string()) + newline;
    for row in rows {
        let fields: Vec<String> = row.iter().map(|f| quote(f, delimiter)).collect();
        out += &fields.join(&delimiter.to_string());
        out += newline;
    }
    out
}

fn load_csv_zip(csv: &[u8]) -> Result<ResultSet, ResultError> {
    load_result(zip_of(&[("Leads-leads.csv", csv)]))
}

fn assert_rows(set: &ResultSet, rows: &[[&str; 6]]) {
    assert_eq!(set.len(), rows.len());
    for (i, expected) in rows.iter().enumerate() {
        let row = set.row(RowId(i as u32)).unwrap();
        let got: Vec<&str> = row.fields().iter().collect();
        assert_eq!(got, expected.to_vec(), "row {i}");
    }
}

fn tricky_rows() -> Vec<[&'static str; 6]> {
    vec![
        ["Smith", "Acme, Inc.", "s@acme.test", "added", "1001", ""],
        [
            "O\"Brien",
            "Semi;colon|pipe",
            "o@x.test",
            "skipped",
            "",
            "MANDATORY_NOT_FOUND-Company:DUPLICATE_DATA-Email",
        ],
        [
            "Multi\nLine",
            "Line\r\nBreaks",
            "m@x.test",
            "updated",
            "1003",
            "",
        ],
        ["", "", "", "unprocessed", "", ""],
    ]
}

#[test]
fn every_delimiter_with_quotes_and_newlines_in_fields() {
    for delimiter in [',', ';', ':', '|', '\t'] {
        for newline in ["\n", "\r\n"] {
            let csv = csv_with(delimiter, newline, &tricky_rows());
            let set = load_csv_zip(csv.as_bytes()).unwrap_or_else(|e| panic!("{delimiter:?}: {e}"));
            assert_eq!(set.files()[0].delimiter(), delimiter as u8);
            assert_rows(&set, &tricky_rows());
            assert_eq!(
                set.row(RowId(1)).unwrap().errors().len(),
                2,
                "{delimiter:?}"
            );
            assert_eq!(set.row(RowId(3)).unwrap().status(), &RowStatus::Unprocessed);
        }
    }
}

#[test]
fn bom_is_stripped_and_header_found() {
    let csv = format!("\u{FEFF}{}", csv_with(';', "\r\n", &tricky_rows()));
    let set = load_csv_zip(csv.as_bytes()).unwrap();
    assert_eq!(set.files()[0].header()[0], "Last_Name");
    assert_rows(&set, &tricky_rows());
}

#[test]
fn header_names_match_case_insensitively_and_in_any_position() {
    let csv = "status;Email;errors;Last_Name;record_id\nSKIPPED;a@x;INVALID_DATA-Email;A;\nAdded;b@x;;B;77\n";
    let set = load_csv_zip(csv.as_bytes()).unwrap();
    let row = set.row(RowId(1)).unwrap();
    assert_eq!(row.status(), &RowStatus::Added);
    assert_eq!(row.record_id(), "77");
    assert_eq!(
        set.row(RowId(0)).unwrap().errors_raw(),
        "INVALID_DATA-Email"
    );
}

#[test]
fn missing_result_columns_and_empty_files_are_errors() {
    let err = load_csv_zip(b"Last_Name,Company,Email\nA,B,C\n").unwrap_err();
    assert_eq!(
        err,
        ResultError::MissingColumn {
            file: "Leads-leads.csv".into(),
            column: "STATUS".into()
        }
    );
    let err = load_csv_zip(b"").unwrap_err();
    assert_eq!(
        err,
        ResultError::EmptyCsv {
            file: "Leads-leads.csv".into()
        }
    );
    // a header alone is a valid, empty result
    let set = load_csv_zip(b"A,B,C,STATUS,RECORD_ID,ERRORS\r\n").unwrap();
    assert_eq!(set.len(), 0);
}

#[test]
fn ragged_rows_are_kept_and_reported_per_row() {
    let csv = "Last_Name,Company,Email,STATUS,RECORD_ID,ERRORS\n\
               A,B,C,added,1,\n\
               short,skipped\n\
               D,E,F,skipped,,INVALID_DATA-Email,extra1,extra2\n\
               G,H,I,added,2,\n";
    let set = load_csv_zip(csv.as_bytes()).unwrap();
    assert_eq!(set.len(), 4);
    let issues = set.files()[0].ragged();
    assert_eq!(issues.len(), 2);
    assert_eq!(
        (
            issues[0].row,
            issues[0].line,
            issues[0].expected,
            issues[0].found
        ),
        (1, 3, 6, 2)
    );
    assert_eq!((issues[1].row, issues[1].line, issues[1].found), (2, 4, 8));
    // A short row reads its missing fields as empty (its "STATUS" is the second field: absent).
    let short = set.row(RowId(1)).unwrap();
    assert!(short.is_ragged());
    assert_eq!(short.status(), &RowStatus::Other(String::new()));
    assert_eq!(short.errors_raw(), "");
    let long = set.row(RowId(2)).unwrap();
    assert_eq!(long.fields().get(7), Some("extra2"));
    assert_eq!(long.errors().len(), 1);
    assert!(!set.row(RowId(3)).unwrap().is_ragged());
    assert_eq!(
        set.warnings(),
        &[Warning::RaggedRows {
            file: "Leads-leads.csv".into(),
            rows: 2,
            first_line: 3
        }]
    );
}

#[test]
fn ragged_row_lines_are_the_same_whatever_the_line_ending() {
    let rows = [
        "Last_Name,Company,Email,STATUS,RECORD_ID,ERRORS",
        "A,B,C,added,1,",
        "\"multi\nline\",B,C,added,3,",
        "short,skipped",
        "",
        "D,E,F,skipped,,INVALID_DATA-Email,extra1",
        "G,H,I,added,2,",
    ];
    for newline in ["\n", "\r\n", "\r"] {
        let csv = rows.join(newline) + newline;
        let set = load_csv_zip(csv.as_bytes()).unwrap();
        let lines: Vec<u64> = set.files()[0].ragged().iter().map(|i| i.line).collect();
        // The quoted line break inside row 3 counts as a line, as an editor would show it.
        assert_eq!(lines, vec![5, 7], "{newline:?}");
    }
}

#[test]
fn strict_reading_names_the_file_and_exact_byte_offset_of_invalid_utf8() {
    let load_csv_zip = |csv: &[u8]| {
        let opts = LoadOptions {
            utf8: Utf8Policy::Strict,
            ..LoadOptions::default()
        };
        ResultLoader::with_options(zip_of(&[("Leads-leads.csv", csv)]), opts)?.finish()
    };
    let mut csv = b"Last_Name,Company,Email,STATUS,RECORD_ID,ERRORS\nM\xC3\xBCller,Acme,".to_vec();
    let offset = csv.len() as u64;
    csv.extend_from_slice(b"bad\xFF@x.test,added,1,\n");
    let err = load_csv_zip(&csv).unwrap_err();
    assert_eq!(
        err,
        ResultError::InvalidUtf8 {
            file: "Leads-leads.csv".into(),
            offset: offset + 3
        }
    );
    assert!(err.to_string().contains("Leads-leads.csv") && err.to_string().contains("byte"));

    // The offset counts from the start of the file, BOM included, across chunk boundaries.
    let mut big = b"\xEF\xBB\xBFLast_Name,Company,Email,STATUS,RECORD_ID,ERRORS\n".to_vec();
    while big.len() < 200_000 {
        big.extend_from_slice("Zoë,Acme,z@x.test,added,1,\n".as_bytes());
    }
    let bad_at = big.len() as u64 + 1;
    big.extend_from_slice(b"Z\xE2\x82,Acme,z@x.test,added,1,\n");
    let err = load_csv_zip(&big).unwrap_err();
    assert_eq!(
        err,
        ResultError::InvalidUtf8 {
            file: "Leads-leads.csv".into(),
            offset: bad_at
        }
    );
}

#[test]
fn lossy_policy_decodes_and_warns() {
    let csv = b"Last_Name,Company,Email,STATUS,RECORD_ID,ERRORS\nM\xFCller,Acme,a@x,added,1,\n";
    let opts = LoadOptions {
        utf8: Utf8Policy::Lossy,
        ..LoadOptions::default()
    };
    let set = ResultLoader::with_options(zip_of(&[("Leads-l.csv", csv)]), opts)
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(
        set.row(RowId(0)).unwrap().fields().field(0),
        "M\u{FFFD}ller"
    );
    assert_eq!(
        set.warnings(),
        &[Warning::LossyUtf8 {
            file: "Leads-l.csv".into(),
            fields: 1
        }]
    );
}

#[test]
fn utf16_files_get_their_own_message_when_read_strictly() {
    let mut csv = vec![0xFF, 0xFE];
    for unit in "STATUS,RECORD_ID,ERRORS\n".encode_utf16() {
        csv.extend_from_slice(&unit.to_le_bytes());
    }
    let opts = LoadOptions {
        utf8: Utf8Policy::Strict,
        ..LoadOptions::default()
    };
    let strict = ResultLoader::with_options(zip_of(&[("Leads-leads.csv", &csv)]), opts)
        .and_then(ResultLoader::finish);
    assert_eq!(
        strict.unwrap_err(),
        ResultError::Utf16 {
            file: "Leads-leads.csv".into()
        }
    );
}

#[test]
fn blank_lines_are_skipped() {
    let csv =
        "A,B,C,STATUS,RECORD_ID,ERRORS\n\nx,y,z,added,1,\n\r\n\nx,y,z,skipped,,INVALID_DATA-A\n\n";
    let set = load_csv_zip(csv.as_bytes()).unwrap();
    assert_eq!(set.len(), 2);
    assert!(set.files()[0].ragged().is_empty());
}
