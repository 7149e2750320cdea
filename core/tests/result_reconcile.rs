//! The result file against the job's counts: a row count that differs from `total_count`, and
//! rows whose status the job's counts leave out (`Unprocessed`, an undocumented one), each said
//! with what those rows mean — and nothing said when they agree. Also carried into the snapshot.

mod result_support;

use bulkwatch_core::decode_job_response;
use bulkwatch_core::endpoint::ApiVersion;
use bulkwatch_core::model::Counts;
use bulkwatch_core::result::{load_result, Reconcile, ResultSet, RowStatus};
use bulkwatch_core::snapshot::{build, note_lines, SnapshotInput};
use result_support::*;

fn result(statuses: &[&str]) -> ResultSet {
    let mut csv = String::from("Last_Name,STATUS,RECORD_ID,ERRORS\n");
    for (i, s) in statuses.iter().enumerate() {
        let errors = if s.eq_ignore_ascii_case("skipped") {
            "INVALID_DATA-Email"
        } else {
            ""
        };
        csv.push_str(&format!("n{i},{s},{i},{errors}\n"));
    }
    load_result(zip_of(&[("Leads-leads.csv", csv.as_bytes())])).unwrap()
}

fn counts(added: u64, updated: u64, skipped: u64) -> Counts {
    Counts {
        added,
        updated,
        skipped,
        total: added + updated + skipped,
    }
}

#[test]
fn the_file_and_the_job_counts_are_reconciled() {
    let cases: Vec<(&str, Vec<&str>, Counts, Vec<Reconcile>)> = vec![
        (
            "agree",
            vec!["added", "updated", "skipped"],
            counts(1, 1, 1),
            vec![],
        ),
        (
            "unprocessed rows are in no count",
            vec!["added", "skipped", "Unprocessed", "unprocessed"],
            counts(1, 0, 1),
            vec![
                Reconcile::RowCount {
                    file_rows: 4,
                    total_count: 2,
                    uncounted: 2,
                },
                Reconcile::Uncounted {
                    status: RowStatus::Unprocessed,
                    rows: 2,
                },
            ],
        ),
        (
            "an undocumented status",
            vec!["added", "Pending"],
            counts(1, 0, 0),
            vec![
                Reconcile::RowCount {
                    file_rows: 2,
                    total_count: 1,
                    uncounted: 1,
                },
                Reconcile::Uncounted {
                    status: RowStatus::Other("Pending".into()),
                    rows: 1,
                },
            ],
        ),
        (
            "fewer rows than the job counts",
            vec!["added", "added"],
            counts(5, 0, 0),
            vec![
                Reconcile::RowCount {
                    file_rows: 2,
                    total_count: 5,
                    uncounted: 0,
                },
                Reconcile::StatusCount {
                    status: RowStatus::Added,
                    file_rows: 2,
                    job_count: 5,
                },
            ],
        ),
        (
            "same total, different split",
            vec!["added", "updated"],
            counts(2, 0, 0),
            vec![
                Reconcile::StatusCount {
                    status: RowStatus::Added,
                    file_rows: 1,
                    job_count: 2,
                },
                Reconcile::StatusCount {
                    status: RowStatus::Updated,
                    file_rows: 1,
                    job_count: 0,
                },
            ],
        ),
    ];
    for (what, statuses, job, want) in cases {
        let got = result(&statuses).reconcile(&job);
        assert_eq!(got, want, "{what}");
        for r in &got {
            assert_eq!(r.kind(), "reconcile");
        }
    }
}

#[test]
fn the_notes_say_what_the_rows_mean() {
    let notes = result(&["added", "Unprocessed", "Unprocessed"]).reconcile(&counts(1, 0, 0));
    let text: Vec<String> = notes.iter().map(ToString::to_string).collect();
    assert!(
        text[0].contains("3 rows") && text[0].contains("total count is 1"),
        "{text:?}"
    );
    assert!(
        text[1].contains("2 rows are Unprocessed")
            && text[1].contains("did not process")
            && text[1].contains("new job"),
        "{text:?}"
    );
    let fewer = result(&["added"]).reconcile(&counts(4, 0, 0));
    assert!(
        fewer[0].to_string().contains("3 fewer") && fewer[0].to_string().contains("incomplete"),
        "{fewer:?}"
    );
}

#[test]
fn the_snapshot_carries_the_notes() {
    let job = decode_job_response(
        200,
        include_bytes!("../../tests/fixtures/jobs/seed_completed.json"),
    )
    .unwrap();
    let c = job.counts();
    // One more row than the job counts, Unprocessed.
    let mut statuses = vec!["added"; c.added as usize];
    statuses.extend(vec!["updated"; c.updated as usize]);
    statuses.extend(vec!["skipped"; c.skipped as usize]);
    statuses.push("Unprocessed");
    let set = result(&statuses);
    let lines = note_lines(&set.reconcile(&c), set.warnings());
    assert_eq!(lines.len(), 2);
    let snap = build(&SnapshotInput {
        job: &job,
        place: "us",
        version: ApiVersion::V8,
        timeline: None,
        error_groups: None,
        result_notes: Some(&lines),
        taken_at_ms: 0,
    });
    assert!(
        snap.markdown.contains("#### Result file notes"),
        "{}",
        snap.markdown
    );
    assert!(
        snap.markdown.contains("1 row is Unprocessed"),
        "{}",
        snap.markdown
    );
    assert_eq!(snap.json["result_notes"][0]["kind"], "reconcile");
    assert_eq!(snap.json["result_notes"].as_array().unwrap().len(), 2);
}
