//! The watch list's weighted budget split (`poll::budget::row_gaps_ms`): the rows together stay
//! within the list's requests a minute for any mix, the row nearest its predicted finish (or
//! its last change) is checked most often, and at the default budget with 10 rows no row waits
//! more than 30 s.

use bulkwatch_core::poll::budget::{
    row_gap_ms, row_gaps_ms, RowHint, DEFAULT_PER_MINUTE, MAX_ROW_GAP_MS,
};
use proptest::prelude::*;

/// Requests a minute the rows make at these gaps (a gap of g ms is 60 000 / g a minute).
fn per_minute(gaps: &[u64]) -> f64 {
    gaps.iter().map(|g| 60_000.0 / *g as f64).sum()
}

fn hint(eta_s: Option<u64>, since_s: Option<u64>) -> RowHint {
    RowHint {
        eta_ms: eta_s.map(|s| s * 1000),
        since_change_ms: since_s.map(|s| s * 1000),
    }
}

/// Rows, budget, and what is expected of the gaps.
#[test]
fn table() {
    let far = hint(Some(3600), Some(600));
    let near = hint(Some(5), Some(20));
    let unknown = hint(None, None);
    // At the default budget, 10 rows are all at the 30 s cap: nothing is left to weight.
    let gaps = row_gaps_ms(&[near; 10], DEFAULT_PER_MINUTE);
    assert_eq!(gaps, vec![30_000; 10]);
    let mut mix = vec![far; 9];
    mix.push(near);
    assert_eq!(row_gaps_ms(&mix, DEFAULT_PER_MINUTE), vec![30_000; 10]);
    // Four rows at the default budget (12 s each if even): the near one is checked more
    // often than 12 s, the far ones less often, none beyond 30 s, within 20 a minute.
    let gaps = row_gaps_ms(&[far, near, far, unknown], DEFAULT_PER_MINUTE);
    let even = row_gap_ms(4, DEFAULT_PER_MINUTE);
    assert_eq!(even, 12_000);
    assert!(gaps[1] < even, "{gaps:?}");
    assert!(gaps[0] > even && gaps[2] > even, "{gaps:?}");
    assert!(gaps[1] < gaps[3] && gaps[3] < gaps[0], "{gaps:?}");
    assert!(gaps.iter().all(|g| *g <= MAX_ROW_GAP_MS), "{gaps:?}");
    assert!(
        per_minute(&gaps) <= f64::from(DEFAULT_PER_MINUTE),
        "{gaps:?}"
    );
    // A row that has just changed counts as near, one quiet for long as far.
    let gaps = row_gaps_ms(&[hint(None, Some(1)), hint(None, Some(900))], 10);
    assert!(gaps[0] < gaps[1], "{gaps:?}");
    // More rows than the budget can check every 30 s: shared evenly, within the budget.
    let gaps = row_gaps_ms(
        &[
            near, far, near, far, unknown, near, far, near, far, near, far, near,
        ],
        DEFAULT_PER_MINUTE,
    );
    assert_eq!(gaps, vec![36_000; 12]);
    // An even gap that does not divide evenly is rounded up, never down into the budget
    // (21 rows at 26 a minute: 48 461.5 ms).
    let gaps = row_gaps_ms(&[unknown; 21], 26);
    assert_eq!(gaps, vec![48_462; 21]);
    assert!(per_minute(&gaps) <= 26.0, "{gaps:?}");
    // Nothing running: nothing to check.
    assert!(row_gaps_ms(&[], DEFAULT_PER_MINUTE).is_empty());
}

fn any_hint() -> impl Strategy<Value = RowHint> {
    (
        proptest::option::of(0u64..10_000_000),
        proptest::option::of(0u64..10_000_000),
    )
        .prop_map(|(eta_ms, since_change_ms)| RowHint {
            eta_ms,
            since_change_ms,
        })
}

proptest! {
    /// Any mix of rows and any budget: the rows together stay within the budget.
    #[test]
    fn never_over_budget(hints in prop::collection::vec(any_hint(), 1..40), budget in 1u32..600) {
        let gaps = row_gaps_ms(&hints, budget);
        prop_assert_eq!(gaps.len(), hints.len());
        prop_assert!(gaps.iter().all(|g| *g > 0));
        prop_assert!(per_minute(&gaps) <= f64::from(budget) + 1e-9, "{:?} over {}", gaps, budget);
    }

    /// The row nearest its change gets the shortest gap; no gap beyond 30 s while the budget
    /// allows every row 2 a minute (10 rows at the default budget, or fewer).
    #[test]
    fn the_nearest_row_is_checked_most_often(
        mut hints in prop::collection::vec(any_hint(), 1..=10),
        near_ms in 0u64..5_000,
        at in any::<prop::sample::Index>(),
        budget in DEFAULT_PER_MINUTE..600,
    ) {
        let i = at.index(hints.len());
        hints[i] = RowHint { eta_ms: Some(near_ms), since_change_ms: None };
        for h in hints.iter_mut() {
            // Every other row is no nearer than this one.
            h.eta_ms = h.eta_ms.map(|e| e.max(near_ms));
            h.since_change_ms = h.since_change_ms.map(|s| s.max(near_ms));
        }
        let gaps = row_gaps_ms(&hints, budget);
        let shortest = gaps.iter().copied().min().unwrap_or(0);
        prop_assert_eq!(gaps[i], shortest, "{:?}", gaps);
        prop_assert!(gaps.iter().all(|g| *g <= MAX_ROW_GAP_MS), "{:?}", gaps);
    }
}
