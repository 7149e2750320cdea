//! Builders shared by the result tests: real zips written with the `zip` crate, result CSVs.
#![allow(dead_code)]

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A zip holding `entries`, deflated.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, CompressionMethod::Deflated)
}

/// A zip holding `entries` with the given method.
pub fn zip_with(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A result CSV as Zoho writes it: three mapped columns then STATUS, RECORD_ID, ERRORS.
pub fn result_csv(columns: [&str; 3], rows: &[[&str; 6]]) -> String {
    let mut out = format!(
        "{},{},{},STATUS,RECORD_ID,ERRORS\n",
        columns[0], columns[1], columns[2]
    );
    for row in rows {
        let fields: Vec<String> = row.iter().map(|f| quote(f, ',')).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// Quotes a field for `delimiter` when it needs it.
pub fn quote(field: &str, delimiter: char) -> String {
    if field.contains([delimiter, '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// The three mapped columns used by the Leads fixtures.
pub const LEADS: [&str; 3] = ["Last_Name", "Company", "Email"];

/// A small Leads result: 2 added, 1 updated, 3 skipped with known errors.
pub fn leads_rows() -> Vec<[&'static str; 6]> {
    vec![
        [
            "Smith",
            "Acme",
            "s@acme.test",
            "added",
            "5725767000000411001",
            "",
        ],
        [
            "Jones",
            "Beta",
            "j@beta.test",
            "ADDED",
            "5725767000000411002",
            "",
        ],
        [
            "Brown",
            "Gamma",
            "b@gamma.test",
            "Updated",
            "5725767000000411003",
            "",
        ],
        [
            "",
            "",
            "x@x.test",
            "skipped",
            "",
            "MANDATORY_NOT_FOUND-Company,Last_Name",
        ],
        [
            "Lee",
            "",
            "lee@x.test",
            "skipped",
            "",
            "MANDATORY_NOT_FOUND-Company:DUPLICATE_DATA-Email",
        ],
        [
            "Kim",
            "Delta",
            "bad-email",
            "skipped",
            "",
            "INVALID_DATA-Email",
        ],
    ]
}

/// Rewrites header fields of every entry of a zip (no zip64, no comment): `edit` gets the whole
/// buffer and the offsets of the entry's local header and central directory header.
pub fn patch_entries(zip: &mut [u8], mut edit: impl FnMut(&mut [u8], usize, usize)) {
    let eocd = zip.len() - 22;
    assert_eq!(
        &zip[eocd..eocd + 4],
        b"PK\x05\x06",
        "a plain zip without comment"
    );
    let le16 = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as usize;
    let le32 = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize;
    let entries = le16(zip, eocd + 10);
    let mut at = le32(zip, eocd + 16);
    for _ in 0..entries {
        assert_eq!(&zip[at..at + 4], b"PK\x01\x02");
        let local = le32(zip, at + 42);
        let next = at + 46 + le16(zip, at + 28) + le16(zip, at + 30) + le16(zip, at + 32);
        edit(zip, local, at);
        at = next;
    }
}

/// Writes a little-endian u32 at `at`.
pub fn put32(buf: &mut [u8], at: usize, value: u32) {
    buf[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

/// A deflated zip with one entry of `size` zero bytes after a result header: a zip bomb
/// (about 1000:1). Written in chunks so the test never holds the inflated bytes.
pub fn bomb(name: &str, size: usize) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .large_file(size > u32::MAX as usize);
    zip.start_file(name, opts).unwrap();
    zip.write_all(b"A,B,C,STATUS,RECORD_ID,ERRORS\n").unwrap();
    let chunk = vec![b'0'; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len());
        zip.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    zip.finish().unwrap().into_inner()
}

/// A child (line items) result with errors naming several columns.
pub fn child_rows() -> Vec<[&'static str; 6]> {
    vec![
        ["Widget", "2", "p1", "added", "9001", ""],
        [
            "",
            "x",
            "p2",
            "skipped",
            "",
            "MANDATORY_NOT_FOUND-Product_Name:INVALID_DATA-Quantity",
        ],
        [
            "Gadget",
            "1",
            "",
            "skipped",
            "",
            "RESOURCE_NOT_FOUND-Parent_Id",
        ],
        [
            "Zoë \"Z\", Ltd",
            "10",
            "p4",
            "skipped",
            "",
            "INVALID_DATA-Email,Email",
        ],
    ]
}

/// A parent/child result: Leads (6 rows) then Products (4 rows).
pub fn two_files() -> bulkwatch_core::result::ResultSet {
    let leads = result_csv(LEADS, &leads_rows());
    let lines = result_csv(["Product_Name", "Quantity", "Parent_Id"], &child_rows());
    bulkwatch_core::result::load_result(zip_of(&[
        ("Leads-leads.csv", leads.as_bytes()),
        ("Products-lines.csv", lines.as_bytes()),
    ]))
    .unwrap()
}
