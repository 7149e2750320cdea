//! Queries over a loaded result: totals, error groups, filters, CSV exports.

mod result_support;

use std::collections::{BTreeMap, BTreeSet};

use bulkwatch_core::result::{
    load_result, parse_errors, CodeTotal, ErrorCode, ErrorGroup, ExportOptions, Filter,
    LoadOptions, OriginalLoader, ResultLoader, RowExport, RowId, RowStatus, Scope,
};
use result_support::*;

fn group(code: ErrorCode, column: Option<&str>, rows: u32) -> ErrorGroup {
    ErrorGroup {
        code,
        column: column.map(str::to_string),
        rows,
    }
}

#[test]
fn error_groups_count_rows_by_code_and_column() {
    use ErrorCode::*;
    let set = two_files();
    assert_eq!(
        set.error_groups(Scope::File(0)),
        vec![
            group(MandatoryNotFound, Some("Company"), 2),
            group(MandatoryNotFound, Some("Last_Name"), 1),
            group(InvalidData, Some("Email"), 1),
            group(DuplicateData, Some("Email"), 1),
        ]
    );
    assert_eq!(
        set.code_totals(Scope::File(0)),
        vec![
            CodeTotal {
                code: MandatoryNotFound,
                rows: 2
            },
            CodeTotal {
                code: InvalidData,
                rows: 1
            },
            CodeTotal {
                code: DuplicateData,
                rows: 1
            },
        ]
    );
    // Across files: INVALID_DATA × Email is in both (the child row names Email twice: counted once).
    // Ties on rows go by code in documented order, then column.
    let all = set.error_groups(Scope::All);
    assert_eq!(all[0], group(MandatoryNotFound, Some("Company"), 2));
    assert_eq!(all[1], group(InvalidData, Some("Email"), 2));
    assert!(all.contains(&group(ResourceNotFound, Some("Parent_Id"), 1)));
    assert_eq!(
        set.code_totals(Scope::All)[..2],
        [
            CodeTotal {
                code: MandatoryNotFound,
                rows: 3
            },
            CodeTotal {
                code: InvalidData,
                rows: 3
            }
        ]
    );
    assert_eq!(set.rows_with_errors(Scope::All), 6);
    assert_eq!(set.rows_with_errors(Scope::File(9)), 0);
    assert!(set.error_groups(Scope::File(9)).is_empty());
}

#[test]
fn group_counts_match_an_independent_count() {
    // Pseudo-random errors; the expected counts are computed from the text with parse_errors.
    let codes = [
        "MANDATORY_NOT_FOUND",
        "INVALID_DATA",
        "DUPLICATE_DATA",
        "NOT_APPROVED",
        "ODD",
    ];
    let columns = ["Company", "Email", "Last_Name", "Phone"];
    let mut rows = Vec::new();
    let mut seed = 7u32;
    let mut next = || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 16) as usize
    };
    for i in 0..3_000 {
        let errors: Vec<String> = (0..next() % 3)
            .map(|_| {
                let cols: Vec<&str> = (0..1 + next() % 2).map(|_| columns[next() % 4]).collect();
                format!("{}-{}", codes[next() % 5], cols.join(","))
            })
            .collect();
        let status = if errors.is_empty() {
            "added"
        } else {
            "skipped"
        };
        rows.push([
            format!("n{i}"),
            "c".into(),
            "e".into(),
            status.into(),
            String::new(),
            errors.join(":"),
        ]);
    }
    let as_refs: Vec<[&str; 6]> = rows
        .iter()
        .map(|r| std::array::from_fn(|i| r[i].as_str()))
        .collect();
    let set = load_result(zip_of(&[(
        "Leads-r.csv",
        result_csv(LEADS, &as_refs).as_bytes(),
    )]))
    .unwrap();

    let mut expected: BTreeMap<(String, String), u32> = BTreeMap::new();
    for row in &rows {
        let pairs: BTreeSet<(String, String)> = parse_errors(&row[5])
            .into_iter()
            .flat_map(|e| {
                e.columns
                    .into_iter()
                    .map(move |c| (e.code.as_str().to_string(), c))
            })
            .collect();
        for pair in pairs {
            *expected.entry(pair).or_default() += 1;
        }
    }
    let got: BTreeMap<(String, String), u32> = set
        .error_groups(Scope::All)
        .into_iter()
        .map(|g| ((g.code.as_str().to_string(), g.column.unwrap()), g.rows))
        .collect();
    assert_eq!(got, expected);
    // A filter on a group returns exactly its rows.
    for ((code, column), count) in expected {
        let filter = Filter {
            code: Some(ErrorCode::parse(&code)),
            column: Some(column),
            ..Filter::default()
        };
        assert_eq!(set.filter(&filter).len() as u32, count);
    }
}

#[test]
fn status_totals_keep_the_four_known_and_unknown_raw() {
    let mut rows = leads_rows();
    rows.push(["a", "b", "c", "Pending", "", ""]);
    let set = load_result(zip_of(&[(
        "Leads-l.csv",
        result_csv(LEADS, &rows).as_bytes(),
    )]))
    .unwrap();
    let totals: Vec<(String, u32)> = set
        .status_totals(Scope::All)
        .into_iter()
        .map(|t| (t.status.token().to_string(), t.rows))
        .collect();
    let expect = [
        ("added", 2),
        ("updated", 1),
        ("skipped", 3),
        ("unprocessed", 0),
        ("Pending", 1),
    ];
    assert_eq!(totals, expect.map(|(s, n)| (s.to_string(), n)).to_vec());
}

#[test]
fn filters_by_status_code_column_text_and_file() {
    let set = two_files();
    let ids = |f: Filter| set.filter(&f).into_iter().map(|r| r.0).collect::<Vec<_>>();
    assert_eq!(ids(Filter::default()).len(), 10);
    assert_eq!(
        ids(Filter {
            statuses: vec![RowStatus::Skipped],
            ..Filter::default()
        }),
        [3, 4, 5, 7, 8, 9]
    );
    assert_eq!(
        ids(Filter {
            statuses: vec![RowStatus::Added, RowStatus::Updated],
            ..Filter::default()
        }),
        [0, 1, 2, 6]
    );
    assert_eq!(
        ids(Filter {
            code: Some(ErrorCode::InvalidData),
            ..Filter::default()
        }),
        [5, 7, 9]
    );
    assert_eq!(
        ids(Filter {
            column: Some("email".into()),
            ..Filter::default()
        }),
        [4, 5, 9]
    );
    assert_eq!(
        ids(Filter {
            code: Some(ErrorCode::DuplicateData),
            column: Some("Company".into()),
            ..Filter::default()
        }),
        Vec::<u32>::new()
    );
    assert_eq!(
        ids(Filter {
            code: Some(ErrorCode::Other("NOPE".into())),
            ..Filter::default()
        }),
        Vec::<u32>::new()
    );
    assert_eq!(
        ids(Filter {
            text: "ACME".into(),
            ..Filter::default()
        }),
        [0]
    );
    assert_eq!(
        ids(Filter {
            text: "zOË".into(),
            ..Filter::default()
        }),
        [9]
    );
    assert_eq!(
        ids(Filter {
            text: "  duplicate_data ".into(),
            ..Filter::default()
        }),
        [4]
    );
    assert_eq!(
        ids(Filter {
            file: Some(1),
            ..Filter::default()
        }),
        [6, 7, 8, 9]
    );
    assert_eq!(
        ids(Filter {
            file: Some(7),
            ..Filter::default()
        }),
        Vec::<u32>::new()
    );
    assert_eq!(
        ids(Filter {
            file: Some(1),
            statuses: vec![RowStatus::Skipped],
            text: "ata".into(),
            ..Filter::default()
        }),
        [7, 9]
    );
}

#[test]
fn chunked_filtering_equals_one_pass() {
    let set = two_files();
    for filter in [
        Filter::default(),
        Filter {
            statuses: vec![RowStatus::Skipped],
            ..Filter::default()
        },
        Filter {
            file: Some(1),
            text: "g".into(),
            ..Filter::default()
        },
    ] {
        let query = set.query(&filter);
        for budget in [1, 3, 4, 100] {
            let mut out = Vec::new();
            let mut at = Some(RowId(0));
            let mut calls = 0;
            while let Some(from) = at {
                at = query.run_chunk(&set, from, budget, &mut out);
                calls += 1;
                assert!(calls <= 20);
            }
            assert_eq!(out, set.filter(&filter), "budget {budget}");
        }
    }
}

#[test]
fn exported_rows_parse_back_to_the_same_rows() {
    let set = two_files();
    let skipped = set.filter(&Filter {
        file: Some(1),
        statuses: vec![RowStatus::Skipped],
        ..Filter::default()
    });
    let csv = set.export_rows(&skipped, ExportOptions::default());
    let back = ResultLoader::from_csv("Products-lines.csv", csv, LoadOptions::default())
        .finish()
        .unwrap();
    assert_eq!(back.files()[0].header(), set.files()[1].header());
    assert_eq!(back.len(), skipped.len());
    for (i, &id) in skipped.iter().enumerate() {
        let a: Vec<&str> = set.row(id).unwrap().fields().iter().collect();
        let b: Vec<&str> = back.row(RowId(i as u32)).unwrap().fields().iter().collect();
        assert_eq!(a, b);
    }
    assert_eq!(
        back.error_groups(Scope::All),
        set.error_groups(Scope::File(1))
    );

    // With another delimiter and a BOM, the same rows come back too.
    let opts = ExportOptions {
        delimiter: b';',
        bom: true,
    };
    let csv = set.export_rows(&skipped, opts);
    assert!(csv.starts_with(b"\xEF\xBB\xBFProduct_Name;"));
    let back = ResultLoader::from_csv("x.csv", csv, LoadOptions::default())
        .finish()
        .unwrap();
    assert_eq!(
        back.row(RowId(2)).unwrap().fields().field(0),
        "Zoë \"Z\", Ltd"
    );
}

#[test]
fn exporting_rows_of_several_files_merges_columns() {
    let set = two_files();
    let rows = vec![RowId(9), RowId(3)];
    let csv = set.export_rows(&rows, ExportOptions::default());
    let table = OriginalLoader::new("export.csv", csv)
        .unwrap()
        .finish()
        .unwrap();
    let table = table.files()[0].table();
    let header: Vec<&str> = table.header().iter().map(String::as_str).collect();
    assert_eq!(
        header,
        [
            "FILE",
            "Last_Name",
            "Company",
            "Email",
            "Product_Name",
            "Quantity",
            "Parent_Id",
            "STATUS",
            "RECORD_ID",
            "ERRORS"
        ]
    );
    let first: Vec<&str> = table.row(0).unwrap().iter().collect();
    assert_eq!(
        first,
        [
            "Products-lines.csv",
            "",
            "",
            "",
            "Zoë \"Z\", Ltd",
            "10",
            "p4",
            "skipped",
            "",
            "INVALID_DATA-Email,Email"
        ]
    );
    assert_eq!(
        table.row(1).unwrap().by_name("ERRORS"),
        "MANDATORY_NOT_FOUND-Company,Last_Name"
    );
    assert_eq!(table.row(1).unwrap().by_name("FILE"), "Leads-leads.csv");
}

#[test]
fn chunked_export_equals_one_call() {
    let set = two_files();
    let rows: Vec<RowId> = set.filter(&Filter {
        statuses: vec![RowStatus::Skipped],
        ..Filter::default()
    });
    let whole = set.export_rows(&rows, ExportOptions::default());
    let mut export = RowExport::new(&set, rows.clone(), ExportOptions::default());
    let mut steps = 0;
    while !export.step(&set, 2) {
        steps += 1;
    }
    assert_eq!(steps, 2);
    assert_eq!(export.progress(), (6, 6));
    assert_eq!(export.finish(&set), whole);
    // No rows: just the generic header.
    assert_eq!(
        set.export_rows(&[], ExportOptions::default()),
        b"STATUS,RECORD_ID,ERRORS\r\n"
    );
}

#[test]
fn error_summary_csv_lists_groups_with_hints() {
    let set = two_files();
    let csv = set.error_summary_csv(ExportOptions::default());
    let back = OriginalLoader::new("summary.csv", csv)
        .unwrap()
        .finish()
        .unwrap();
    let table = back.files()[0].table();
    assert_eq!(
        table.header(),
        ["FILE", "MODULE", "CODE", "COLUMN", "ROWS", "HINT"]
    );
    let lines: Vec<Vec<&str>> = (0..table.len())
        .map(|i| table.row(i).unwrap().iter().collect())
        .collect();
    assert_eq!(lines.len(), 4 + 4);
    assert_eq!(
        lines[0][..5],
        [
            "Leads-leads.csv",
            "Leads",
            "MANDATORY_NOT_FOUND",
            "Company",
            "2"
        ]
    );
    assert_eq!(lines[0][5], ErrorCode::MandatoryNotFound.fix_hint());
    let total: u32 = lines.iter().map(|l| l[4].parse::<u32>().unwrap()).sum();
    let groups: u32 = set.error_groups(Scope::All).iter().map(|g| g.rows).sum();
    assert_eq!(total, groups);
}

#[test]
fn text_never_matches_across_two_fields() {
    let csv = "A,B,STATUS,RECORD_ID,ERRORS\nab,cd,added,1,\nx,abcd,added,2,\nAB,CDab,added,3,\nab,,cd,4,\n";
    let set = ResultLoader::from_csv("M-x.csv", csv.as_bytes().to_vec(), LoadOptions::default())
        .finish()
        .unwrap();
    let ids = |text: &str| -> Vec<u32> {
        set.filter(&Filter {
            text: text.into(),
            ..Filter::default()
        })
        .into_iter()
        .map(|r| r.0)
        .collect()
    };
    assert_eq!(ids("bc"), [1]);
    assert_eq!(ids("BC"), [1]);
    assert_eq!(ids("dab"), [2]);
    assert_eq!(ids("cda"), [2]);
    assert_eq!(ids("b"), [0, 1, 2, 3]);
    assert_eq!(ids("1"), [0]);
    assert_eq!(ids("addeda"), Vec::<u32>::new());
    // Each chunk boundary gives the same answer.
    let query = set.query(&Filter {
        text: "ab".into(),
        ..Filter::default()
    });
    let mut out = Vec::new();
    let mut at = Some(RowId(0));
    while let Some(from) = at {
        at = query.run_chunk(&set, from, 1, &mut out);
    }
    assert_eq!(out, [RowId(0), RowId(1), RowId(2), RowId(3)]);
}
