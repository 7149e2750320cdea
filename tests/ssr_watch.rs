//! SSR string tests of a watch-list row: before any answer (no effect runs in SSR, so no request
//! and no poller state) it shows what the job's stored timeline last saw, marked as last known.

mod ssr_support;

use std::rc::Rc;

use bulkwatch::env::{Env, MemoryStore, Store};
use bulkwatch::storage::save_timeline;
use bulkwatch::ui::support::watch_row::{WatchRow, WatchRowProps};
use bulkwatch_core::endpoint::{ApiOrigin, ApiVersion, DataCenter, JobId, Site};
use bulkwatch_core::timeline::{Observation, Timeline};
use bulkwatch_core::watchlist::WatchEntry;
use ssr_support::{job, render, text_of};

const SEED_COMPLETED: &str = include_str!("fixtures/jobs/seed_completed.json");

fn row(store: Rc<MemoryStore>, job_id: &JobId) -> String {
    let origin = ApiOrigin::from(Site::production(DataCenter::Us));
    render::<WatchRow>(WatchRowProps {
        entry: WatchEntry::new(&origin, ApiVersion::default(), job_id),
        token: None,
        env: Env {
            store: store as Rc<dyn Store>,
            ..Env::browser()
        },
        on_open: Default::default(),
        on_remove: Default::default(),
        on_status: Default::default(),
        on_token: Default::default(),
        on_report: Default::default(),
        gap_ms: 0,
    })
}

#[test]
fn a_row_shows_the_stored_final_state_before_any_answer() {
    let done = job(SEED_COMPLETED);
    let id = JobId::parse(&done.id).expect("fixture id");
    let store = Rc::new(MemoryStore::default());
    let mut tl = Timeline::new(&id);
    // 2023-11-14 22:13:20.500 UTC (SSR renders in UTC).
    tl.observe(&Observation::from_job(
        &done,
        1_700_000_000_300,
        1_700_000_000_500,
    ));
    save_timeline(store.as_ref(), &id, &tl);

    let html = row(store, &id);
    assert!(html.contains(r#"data-status="completed""#), "{html}");
    assert!(html.contains(r#"data-last-known="true""#), "{html}");
    assert_eq!(
        text_of(&html, "watch-last-seen").as_deref().map(str::trim),
        Some("last seen at 22:13:20")
    );
    let c = done.counts();
    assert!(
        html.contains(&format!(
            "{} added · {} updated · {} skipped · {} total",
            c.added, c.updated, c.skipped, c.total
        )),
        "{html}"
    );
    assert!(html.contains("Finished with"), "last change shown: {html}");
    assert!(!html.contains("Needs a token"), "{html}");
}

#[test]
fn a_row_with_nothing_stored_stays_unknown() {
    let id = JobId::parse("111111000000541958").expect("id");
    let html = row(Rc::new(MemoryStore::default()), &id);
    assert!(html.contains(r#"data-status="unknown""#), "{html}");
    assert!(!html.contains("data-last-known"), "{html}");
    assert!(!html.contains("watch-last-seen"), "{html}");
    assert!(html.contains("Needs a token"), "{html}");
}

const SEED_IN_PROGRESS: &str = include_str!("fixtures/jobs/seed_in_progress.json");
const FAILED: &str = include_str!("fixtures/jobs/failed.json");

/// A row for a job whose stored timeline last saw `fixture`.
fn row_last_seen(fixture: &str) -> String {
    let seen = job(fixture);
    let id = JobId::parse(&seen.id).expect("fixture id");
    let store = Rc::new(MemoryStore::default());
    let mut tl = Timeline::new(&id);
    tl.observe(&Observation::from_job(
        &seen,
        1_700_000_000_300,
        1_700_000_000_500,
    ));
    save_timeline(store.as_ref(), &id, &tl);
    row(store, &id)
}

#[test]
fn a_running_row_with_an_unknown_row_count_is_indeterminate_never_full() {
    // Zoho's total only counts what is processed (100 of 100 here), so it says nothing about
    // how much of the file is left.
    let html = row_last_seen(SEED_IN_PROGRESS);
    assert!(html.contains(r#"data-status="in_progress""#), "{html}");
    assert!(!html.contains(r#"value="100""#), "a full bar: {html}");
    assert!(html.contains(r#"data-testid="watch-progress""#), "{html}");
    assert!(html.contains(r#"data-progress="indeterminate""#), "{html}");
    assert!(!html.contains(r#"value="100""#), "a full bar: {html}");
    assert!(!html.contains("aria-valuenow"), "{html}");
}

#[test]
fn a_failed_row_never_claims_completion() {
    // Zoho's FAILED after 40 records were written: the total is what was processed.
    let failed = FAILED
        .replace(r#""added_count": 0"#, r#""added_count": 40"#)
        .replace(r#""total_count": 0"#, r#""total_count": 40"#);
    assert_ne!(failed, FAILED, "the fixture's counts changed");
    let html = row_last_seen(&failed);
    assert!(html.contains(r#"data-status="failed""#), "{html}");
    assert!(!html.contains(r#"value="100""#), "a full bar: {html}");
    assert!(html.contains(r#"data-progress="failed""#), "{html}");
    assert!(!html.contains(r#"aria-valuenow="100""#), "{html}");
}

#[test]
fn a_completed_row_is_full() {
    let html = row_last_seen(SEED_COMPLETED);
    assert!(html.contains(r#"data-progress="complete""#), "{html}");
    assert!(html.contains(r#"aria-valuenow="100""#), "{html}");
}
