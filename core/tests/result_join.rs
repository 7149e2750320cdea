//! Joining the user's original CSV to the result by row order.

mod result_support;

use bulkwatch_core::result::{
    load_result, ExportOptions, Join, OriginalLoader, Originals, ResultError, RowId, Warning,
};
use result_support::*;

/// The uploaded Leads file: more columns than the result keeps, `;`-separated, CRLF, BOM.
fn original_leads() -> Vec<u8> {
    let rows = leads_rows();
    let mut out = "\u{FEFF}Last_Name;Company;Email;Phone;Notes\r\n".to_string();
    for (i, r) in rows.iter().enumerate() {
        out += &format!(
            "{};{};{};+1 555 010{i};\"note {i}; multi\nline\"\r\n",
            r[0], r[1], r[2]
        );
    }
    out.into_bytes()
}

fn result_two_files() -> bulkwatch_core::result::ResultSet {
    let leads = result_csv(LEADS, &leads_rows());
    let lines = result_csv(["Product_Name", "Quantity", "Parent_Id"], &leads_rows());
    load_result(zip_of(&[
        ("Leads-leads.csv", leads.as_bytes()),
        ("Products-lines.csv", lines.as_bytes()),
    ]))
    .unwrap()
}

fn originals(name: &str, body: Vec<u8>) -> Originals {
    OriginalLoader::new(name, body).unwrap().finish().unwrap()
}

#[test]
fn rows_join_by_order_within_the_matching_file() {
    let set = result_two_files();
    let originals = originals("leads.csv", original_leads());
    let joins = Join::auto(&set, &originals);
    assert_eq!(joins.len(), 1);
    let join = &joins[0];
    assert_eq!((join.result_file, join.original_file), (0, 0));
    assert!(join.check.looks_right(), "{:?}", join.check);
    assert_eq!(join.check.shared_columns, ["Last_Name", "Company", "Email"]);
    assert_eq!(
        (join.check.compared_rows, join.check.mismatched_rows),
        (6, 0)
    );

    for i in 0..6u32 {
        let record = join.original_row(&set, &originals, RowId(i)).unwrap();
        let view = set.row(RowId(i)).unwrap();
        assert_eq!(record.field(0), view.fields().field(0));
        assert_eq!(record.by_name("phone"), format!("+1 555 010{i}"));
        assert_eq!(record.field(4), format!("note {i}; multi\nline"));
    }
    // Rows of the other result file have no original in this join.
    assert!(join.original_row(&set, &originals, RowId(6)).is_none());
    assert!(join.original_row(&set, &originals, RowId(99)).is_none());
}

#[test]
fn the_check_notices_a_file_that_does_not_line_up() {
    let set = result_two_files();
    let mut body = String::from_utf8(original_leads()).unwrap();
    body = body.replace("Jones", "Janes");
    let originals = originals("other-name.csv", body.into_bytes());
    // No name match and two result files: nothing is paired automatically.
    assert!(Join::auto(&set, &originals).is_empty());
    let join = Join::new(&set, &originals, 0, 0).unwrap();
    assert!(!join.check.looks_right());
    assert_eq!(
        (join.check.mismatched_rows, join.check.first_mismatch),
        (1, Some(1))
    );
    assert!(Join::new(&set, &originals, 5, 0).is_none());
    assert!(Join::new(&set, &originals, 0, 5).is_none());

    // One file on each side: paired by position even without a name match.
    let single = load_result(zip_of(&[(
        "Leads-x.csv",
        result_csv(LEADS, &leads_rows()).as_bytes(),
    )]))
    .unwrap();
    let joins = Join::auto(&single, &originals);
    assert_eq!(joins.len(), 1);
    let short = originals_from_rows(3);
    let join = Join::new(&single, &short, 0, 0).unwrap();
    assert_eq!(
        (
            join.check.result_rows,
            join.check.original_rows,
            join.check.compared_rows
        ),
        (6, 3, 3)
    );
    assert!(!join.check.looks_right());
    assert!(join.original_row(&single, &short, RowId(4)).is_none());
}

fn originals_from_rows(n: usize) -> Originals {
    let mut csv = "Last_Name,Company,Email\n".to_string();
    for r in leads_rows().iter().take(n) {
        csv += &format!("{},{},{}\n", r[0], r[1], r[2]);
    }
    originals("leads.csv", csv.into_bytes())
}

#[test]
fn an_uploaded_zip_is_read_too_and_matched_per_file() {
    let set = result_two_files();
    let lines = "Product_Name,Quantity,Parent_Id\nSmith,Acme,s@acme.test\n".to_string();
    let upload = zip_of(&[
        ("leads.csv", &original_leads()),
        ("lines.csv", lines.as_bytes()),
    ]);
    let originals = originals("upload.zip", upload);
    let joins = Join::auto(&set, &originals);
    assert_eq!(
        joins
            .iter()
            .map(|j| (j.result_file, j.original_file))
            .collect::<Vec<_>>(),
        [(0, 0), (1, 1)]
    );
    assert_eq!(joins[1].check.mismatched_rows, 0);
    assert_eq!(joins[1].check.original_rows, 1);
}

#[test]
fn joined_export_carries_the_full_original_record() {
    let set = result_two_files();
    let originals = originals("leads.csv", original_leads());
    let join = &Join::auto(&set, &originals)[0];
    let csv = join.export_rows(
        &set,
        &originals,
        &[RowId(4), RowId(8), RowId(5)],
        ExportOptions::default(),
    );
    let back = OriginalLoader::new("fix.csv", csv)
        .unwrap()
        .finish()
        .unwrap();
    let table = back.files()[0].table();
    assert_eq!(
        table.header(),
        [
            "Last_Name",
            "Company",
            "Email",
            "Phone",
            "Notes",
            "STATUS",
            "RECORD_ID",
            "ERRORS"
        ]
    );
    assert_eq!(table.len(), 2, "the row of the other file is left out");
    let first: Vec<&str> = table.row(0).unwrap().iter().collect();
    assert_eq!(
        first,
        [
            "Lee",
            "",
            "lee@x.test",
            "+1 555 0104",
            "note 4; multi\nline",
            "skipped",
            "",
            "MANDATORY_NOT_FOUND-Company:DUPLICATE_DATA-Email"
        ]
    );
}

#[test]
fn the_original_is_read_leniently() {
    let body = b"Last_Name,Company\nM\xFCller,Acme\nshort\n".to_vec();
    let originals = originals("leads.csv", body);
    let table = originals.files()[0].table();
    assert_eq!(table.row(0).unwrap().field(0), "M\u{FFFD}ller");
    assert_eq!(originals.warnings().len(), 2);
    assert!(matches!(
        originals.warnings()[0],
        Warning::LossyUtf8 { fields: 1, .. }
    ));
    assert!(matches!(
        originals.warnings()[1],
        Warning::RaggedRows {
            rows: 1,
            first_line: 3,
            ..
        }
    ));
    // A zip body must still be a sound zip.
    let err = OriginalLoader::new("x.zip", b"PK\x03\x04garbage".to_vec())
        .err()
        .unwrap();
    assert!(matches!(err, ResultError::Truncated { .. }), "{err:?}");
}
