//! Loading result zips: several files, chunked steps, statuses, progress.

mod result_support;

use bulkwatch_core::result::{load_result, ErrorCode, ResultLoader, RowId, RowStatus, Scope};
use result_support::*;

#[test]
fn loads_a_small_result_and_counts_statuses() {
    let csv = result_csv(LEADS, &leads_rows());
    let zip = zip_of(&[("Leads-leads.csv", csv.as_bytes())]);
    let set = load_result(zip).unwrap();
    assert_eq!(set.len(), 6);
    assert_eq!(set.files().len(), 1);
    assert_eq!(set.files()[0].module(), "Leads");
    let totals = set.status_totals(Scope::All);
    let count = |s: RowStatus| totals.iter().find(|t| t.status == s).map(|t| t.rows);
    assert_eq!(count(RowStatus::Added), Some(2));
    assert_eq!(count(RowStatus::Updated), Some(1));
    assert_eq!(count(RowStatus::Skipped), Some(3));
    assert_eq!(count(RowStatus::Unprocessed), Some(0));
    let row = set.row(RowId(3)).unwrap();
    assert_eq!(row.status(), &RowStatus::Skipped);
    assert_eq!(row.errors()[0].code, ErrorCode::MandatoryNotFound);
    assert_eq!(row.fields().field(2), "x@x.test");
}

#[test]
fn chunked_steps_reach_the_same_result() {
    let csv = result_csv(LEADS, &leads_rows());
    let zip = zip_of(&[
        ("Leads-a.csv", csv.as_bytes()),
        ("Contacts-b.csv", csv.as_bytes()),
    ]);
    let mut loader = ResultLoader::new(zip).unwrap();
    let mut steps = 0;
    loop {
        let p = loader.step(1).unwrap();
        steps += 1;
        assert!(p.done_bytes <= p.total_bytes);
        if p.done {
            assert_eq!(p.rows, 12);
            assert_eq!(p.files_done, 2);
            break;
        }
        assert!(steps < 100, "loader never finished");
    }
    assert!(
        steps >= 12,
        "a budget of one row must take many steps, took {steps}"
    );
    let set = loader.finish().unwrap();
    assert_eq!(set.len(), 12);
    assert_eq!(set.files()[1].first_row(), RowId(6));
    assert_eq!(set.row(RowId(7)).unwrap().file().module(), "Contacts");
}

#[test]
fn loaders_and_jobs_can_move_to_a_worker_thread() {
    fn send<T: Send + 'static>() {}
    send::<ResultLoader>();
    send::<bulkwatch_core::result::ResultSet>();
    send::<bulkwatch_core::result::Query>();
    send::<bulkwatch_core::result::SortJob>();
    send::<bulkwatch_core::result::RowExport>();
    send::<bulkwatch_core::result::OriginalLoader>();
    send::<bulkwatch_core::result::Originals>();
}

#[test]
fn header_only_files_between_others_keep_row_ids_straight() {
    let csv = result_csv(LEADS, &leads_rows());
    let empty = " Last_Name , STATUS , RECORD_ID , ERRORS \n";
    let zip = zip_of(&[
        ("Leads-a.csv", csv.as_bytes()),
        ("Notes-empty.csv", empty.as_bytes()),
        ("Contacts-b.csv", csv.as_bytes()),
        ("Tasks-empty.csv", empty.as_bytes()),
    ]);
    let set = load_result(zip).unwrap();
    assert_eq!(set.len(), 12);
    assert_eq!(set.files()[1].len(), 0);
    assert_eq!(set.files()[1].result_columns(), [Some(1), Some(2), Some(3)]);
    for id in set.row_ids() {
        let row = set.row(id).unwrap();
        assert_eq!(row.id(), id);
        let expected_file = if id.0 < 6 { 0 } else { 2 };
        assert_eq!(row.file_index(), expected_file);
        assert_eq!(row.index_in_file(), id.index() % 6);
    }
    assert!(set.row(RowId(12)).is_none());
    assert_eq!(
        set.status_totals(Scope::File(1))
            .iter()
            .map(|t| t.rows)
            .sum::<u32>(),
        0
    );
}
