//! Sorting rows, at once and in bounded steps.

mod result_support;

use bulkwatch_core::result::{
    LoadOptions, ResultLoader, ResultSet, RowId, RowStatus, SortJob, SortKey, SortOrder,
};
use proptest::prelude::*;
use result_support::*;

#[test]
fn sorting_by_column_record_id_status_and_order() {
    let set = two_files();
    let mut rows: Vec<RowId> = set.row_ids().collect();
    let names = |rows: &[RowId], col: &str| -> Vec<String> {
        rows.iter()
            .map(|&r| set.row(r).unwrap().fields().by_name(col).to_string())
            .collect()
    };
    set.sort_rows(
        &mut rows[..6],
        &SortKey::Column("last_name".into()),
        SortOrder::Ascending,
    );
    assert_eq!(
        names(&rows[..6], "Last_Name"),
        ["Brown", "Jones", "Kim", "Lee", "Smith", ""]
    );
    set.sort_rows(
        &mut rows[..6],
        &SortKey::Column("Last_Name".into()),
        SortOrder::Descending,
    );
    assert_eq!(
        names(&rows[..6], "Last_Name"),
        ["Smith", "Lee", "Kim", "Jones", "Brown", ""]
    );

    // Numbers sort as numbers; rows without the column (other file) sort as empty, last.
    let mut all: Vec<RowId> = set.row_ids().collect();
    set.sort_rows(
        &mut all,
        &SortKey::Column("Quantity".into()),
        SortOrder::Ascending,
    );
    assert_eq!(names(&all[..4], "Quantity"), ["1", "2", "10", "x"]);
    set.sort_rows(&mut all, &SortKey::RecordId, SortOrder::Descending);
    assert_eq!(set.row(all[0]).unwrap().record_id(), "5725767000000411003");
    assert_eq!(set.row(all[3]).unwrap().record_id(), "9001");
    set.sort_rows(&mut all, &SortKey::Status, SortOrder::Ascending);
    assert_eq!(set.row(all[0]).unwrap().status(), &RowStatus::Added);
    assert_eq!(set.row(all[9]).unwrap().status(), &RowStatus::Updated);
    // Equal values keep result order.
    assert_eq!(&all[..3], &[RowId(0), RowId(1), RowId(6)]);
    set.sort_rows(&mut all, &SortKey::Row, SortOrder::Descending);
    assert_eq!(all[0], RowId(9));
}

fn values_set(values: &[String]) -> ResultSet {
    let mut csv = "Value,STATUS,RECORD_ID,ERRORS\n".to_string();
    for v in values {
        csv += &format!("{},added,,\n", quote(v, ','));
    }
    ResultLoader::from_csv("M-x.csv", csv.into_bytes(), LoadOptions::default())
        .finish()
        .unwrap()
}

#[test]
fn chunked_sorts_equal_one_call_across_merge_passes() {
    // Enough rows for several merge passes (runs of 1024).
    let values: Vec<String> = (0..5_000u32)
        .map(|i| match i % 5 {
            0 => format!("{}", (i * 7919) % 1000),
            1 => String::new(),
            2 => format!("Name {}", (i * 31) % 577),
            3 => format!("name {}", (i * 31) % 577),
            _ => format!("Zoë {}", i % 13),
        })
        .collect();
    let set = values_set(&values);
    for order in [SortOrder::Ascending, SortOrder::Descending] {
        let mut whole: Vec<RowId> = set.row_ids().collect();
        set.sort_rows(&mut whole, &SortKey::Column("value".into()), order);
        for budget in [1, 333, 4_096, 1 << 20] {
            let mut job = SortJob::new(
                &set,
                set.row_ids().collect(),
                SortKey::Column("VALUE".into()),
                order,
            );
            let mut steps = 0;
            while !job.step(&set, budget) {
                steps += 1;
                assert!(steps < 200_000);
            }
            assert!(job.is_done());
            assert_eq!(job.finish(&set), whole, "budget {budget} {order:?}");
        }
        check_sorted(&set, &whole, order);
    }
}

/// Checks the order's rules directly: numbers before text, text ignoring case, empty last,
/// equal values in row order.
fn check_sorted(set: &ResultSet, rows: &[RowId], order: SortOrder) {
    let value = |r: RowId| set.row(r).unwrap().fields().field(0).trim().to_string();
    let class = |v: &str| match v.parse::<f64>() {
        _ if v.is_empty() => 2,
        Ok(n) if n.is_finite() && !v.starts_with(['+', '.']) => 0,
        _ => 1,
    };
    assert_eq!(rows.len(), set.len());
    let mut seen = vec![false; set.len()];
    for &r in rows {
        assert!(
            !std::mem::replace(&mut seen[r.index()], true),
            "row {r:?} twice"
        );
    }
    for pair in rows.windows(2) {
        let (a, b) = (value(pair[0]), value(pair[1]));
        let (ca, cb) = (class(&a), class(&b));
        if ca == 2 || cb == 2 {
            assert!(cb == 2, "empty before a value: {a:?} {b:?}");
            if ca == 2 {
                assert!(pair[0] < pair[1]);
            }
            continue;
        }
        let ord = if ca != cb {
            ca.cmp(&cb)
        } else if ca == 0 {
            a.parse::<f64>()
                .unwrap()
                .total_cmp(&b.parse::<f64>().unwrap())
                .then_with(|| a.to_lowercase().cmp(&b.to_lowercase()))
        } else {
            a.to_lowercase().cmp(&b.to_lowercase())
        };
        let ord = if order == SortOrder::Descending {
            ord.reverse()
        } else {
            ord
        };
        assert!(ord.is_le(), "{a:?} before {b:?} ({order:?})");
        if ord.is_eq() {
            assert!(pair[0] < pair[1], "equal values out of row order");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_values_sort_by_the_rules(
        values in proptest::collection::vec("[ a-zA-Z0-9.+-]{0,6}|É[a-z]{0,3}", 0..3_000),
        descending: bool,
        budget in 1usize..5_000,
    ) {
        let set = values_set(&values);
        let order = if descending { SortOrder::Descending } else { SortOrder::Ascending };
        let mut job = SortJob::new(&set, set.row_ids().collect(), SortKey::Column("Value".into()), order);
        while !job.step(&set, budget) {}
        check_sorted(&set, &job.finish(&set), order);
    }
}

#[test]
fn sorting_a_subset_keeps_only_those_rows() {
    let set = two_files();
    let mut rows = vec![RowId(9), RowId(0), RowId(4)];
    set.sort_rows(&mut rows, &SortKey::Errors, SortOrder::Ascending);
    assert_eq!(rows, [RowId(9), RowId(4), RowId(0)]);
    let job = SortJob::new(&set, vec![], SortKey::Status, SortOrder::Descending);
    assert_eq!(job.finish(&set), Vec::<RowId>::new());
}
