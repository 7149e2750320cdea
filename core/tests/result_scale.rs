//! Large results loaded in chunks: a 25k-row multi-file zip always; the 250k-row one is
//! `#[ignore]`d for debug-build speed (run it with `cargo test -- --ignored`, best with
//! `--release`).

mod result_support;

use std::collections::HashMap;
use std::fmt::Write as _;

use bulkwatch_core::result::{
    ErrorCode, Filter, ResultLoader, RowStatus, Scope, DEFAULT_STEP_ROWS,
};
use result_support::*;

/// What a generated result holds, counted while generating.
#[derive(Default)]
struct Expected {
    rows: u64,
    statuses: HashMap<&'static str, u32>,
    groups: HashMap<(&'static str, &'static str), u32>,
}

/// `files` CSVs of `rows_per_file` rows each, in one zip, like the simulator's big scenarios.
fn big_result(files: usize, rows_per_file: usize) -> (Vec<u8>, Expected) {
    const ERRORS: [(&str, &str); 6] = [
        ("MANDATORY_NOT_FOUND", "Company"),
        ("MANDATORY_NOT_FOUND", "Last_Name"),
        ("INVALID_DATA", "Email"),
        ("DUPLICATE_DATA", "Email"),
        ("RESOURCE_NOT_FOUND", "Owner"),
        ("LIMIT_EXCEEDED", "Tag"),
    ];
    let mut expected = Expected::default();
    let mut bodies = Vec::new();
    for f in 0..files {
        let mut csv = String::with_capacity(rows_per_file * 90);
        csv.push_str("Last_Name,Company,Email,STATUS,RECORD_ID,ERRORS\r\n");
        for i in 0..rows_per_file {
            let n = f * rows_per_file + i;
            let (status, errors) = match n % 10 {
                0..=5 => ("added", String::new()),
                6 => ("updated", String::new()),
                7 => ("unprocessed", String::new()),
                _ => {
                    let a = ERRORS[n % 6];
                    let b = ERRORS[(n / 7) % 6];
                    *expected.groups.entry(a).or_default() += 1;
                    if b != a {
                        *expected.groups.entry(b).or_default() += 1;
                    }
                    ("skipped", format!("{}-{}:{}-{}", a.0, a.1, b.0, b.1))
                }
            };
            *expected.statuses.entry(status).or_default() += 1;
            let id = if status == "skipped" {
                String::new()
            } else {
                format!("57257670{n:011}")
            };
            let _ = write!(
                csv,
                "Name {n},\"Company {}, Ltd\",user{n}@example.test,{status},{id},{errors}\r\n",
                n % 997
            );
        }
        expected.rows += rows_per_file as u64;
        bodies.push((format!("Module{f}-part{f}.csv"), csv));
    }
    let entries: Vec<(&str, &[u8])> = bodies
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_bytes()))
        .collect();
    (zip_of(&entries), expected)
}

fn load_in_chunks_and_check(files: usize, rows_per_file: usize) {
    let (zip, expected) = big_result(files, rows_per_file);
    let mut loader = ResultLoader::new(zip).unwrap();
    let mut steps = 0usize;
    let mut last = loader.progress();
    while !last.done {
        let p = loader.step(DEFAULT_STEP_ROWS).unwrap();
        assert!(
            p.rows - last.rows <= DEFAULT_STEP_ROWS as u64,
            "a step read more than its budget"
        );
        assert!(p.done_bytes >= last.done_bytes);
        // What is loaded so far is usable between steps.
        assert_eq!(loader.partial().len() as u64, p.rows);
        last = p;
        steps += 1;
    }
    assert!(steps as u64 >= expected.rows / DEFAULT_STEP_ROWS as u64);
    assert_eq!(last.done_bytes, last.total_bytes);
    let set = loader.finish().unwrap();
    assert_eq!(set.len() as u64, expected.rows);
    assert_eq!(set.files().len(), files);

    for total in set.status_totals(Scope::All) {
        let want = expected
            .statuses
            .get(total.status.token())
            .copied()
            .unwrap_or(0);
        assert_eq!(total.rows, want, "{}", total.status);
    }
    let groups = set.error_groups(Scope::All);
    assert_eq!(groups.len(), expected.groups.len());
    for g in groups {
        let column = g.column.clone().unwrap();
        let want = expected
            .groups
            .iter()
            .find(|((c, col), _)| *c == g.code.as_str() && *col == column);
        assert_eq!(Some(g.rows), want.map(|(_, n)| *n), "{} × {column}", g.code);
    }
    let skipped = set.filter(&Filter {
        statuses: vec![RowStatus::Skipped],
        ..Filter::default()
    });
    assert_eq!(skipped.len() as u32, expected.statuses["skipped"]);
    let company = Filter {
        code: Some(ErrorCode::MandatoryNotFound),
        column: Some("Company".into()),
        ..Filter::default()
    };
    assert_eq!(
        set.filter(&company).len() as u32,
        expected.groups[&("MANDATORY_NOT_FOUND", "Company")]
    );
    assert!(set.warnings().is_empty());
}

#[test]
fn loads_25k_rows_across_files_in_chunks() {
    load_in_chunks_and_check(3, 25_000 / 3 + 1);
}

#[test]
#[ignore = "250k rows take a while in debug builds; run with --ignored (ideally --release)"]
fn loads_250k_rows_across_files_in_chunks() {
    load_in_chunks_and_check(10, 25_000);
}
