//! Timeline derivation with honest bounds, storage round trips, merging and formatting.

use bulkwatch_core::endpoint::JobId;
use bulkwatch_core::model::{Counts, JobStatus, ResourceStatus};
use bulkwatch_core::timeline::{
    format_ago, format_bound, EventKind, Observation, TimeBound, Timeline, TimelineEvent,
    MAX_EVENTS,
};

/// 2019-01-30T02:18:15-12:00 in ms.
const CREATED: u64 = 1_548_857_895_000;

fn id() -> JobId {
    JobId::parse("111111000000541958").unwrap()
}

fn obs(sent: u64, received: u64, status: &str, processed: u64) -> Observation {
    Observation {
        sent_at_ms: CREATED + sent,
        received_at_ms: CREATED + received,
        status: JobStatus::from_wire(status),
        resources: vec![("Deals".into(), ResourceStatus::from_wire(status))],
        counts: Counts {
            added: 0,
            updated: 0,
            skipped: processed,
            total: processed,
        },
    }
}

fn between(after: u64, before: u64) -> TimeBound {
    TimeBound {
        after_ms: Some(CREATED + after),
        before_ms: CREATED + before,
    }
}

fn status(from: Option<&str>, to: &str) -> EventKind {
    EventKind::Status {
        from: from.map(str::to_string),
        to: to.to_string(),
    }
}

fn ev(kind: EventKind, bound: TimeBound) -> TimelineEvent {
    TimelineEvent { kind, bound }
}

fn watched_to_completion() -> Timeline {
    let mut tl = Timeline::new(&id());
    tl.set_created("2019-01-30T02:18:15-12:00");
    for o in [
        obs(1000, 1100, "ADDED", 0),
        obs(3000, 3100, "ADDED", 0),
        obs(6000, 6150, "INPROGRESS", 0),
        obs(11000, 11100, "IN PROGRESS", 100),
        obs(16000, 16100, "INPROGRESS", 200),
        obs(21000, 21100, "COMPLETED", 300),
    ] {
        tl.observe(&o);
    }
    tl
}

#[test]
fn changes_are_bounded_by_the_polls_around_them() {
    let tl = watched_to_completion();
    let final_counts = EventKind::FinalCounts {
        added: 0,
        updated: 0,
        skipped: 300,
        total: 300,
    };
    assert_eq!(
        tl.events,
        vec![
            ev(EventKind::Created, TimeBound::exact(CREATED)),
            ev(status(Some("ADDED"), "INPROGRESS"), between(3000, 6150)),
            ev(
                EventKind::FirstCounts { processed: 100 },
                between(6000, 11100)
            ),
            ev(
                status(Some("INPROGRESS"), "COMPLETED"),
                between(16000, 21100)
            ),
            ev(final_counts, between(16000, 21100)),
        ]
    );
    assert_eq!(tl.events[1].bound.precision_ms(), Some(3150));
    assert_eq!(tl.observations, 6);
    // Throughput from the same observations: 200 records between 6.15 s and 16.1 s... measured
    // from the last zero (6150) to the latest sample (21100): 300 / 14.95 s.
    let rate = tl.progress.throughput().unwrap();
    assert!((rate - 300.0 / 14.95).abs() < 1e-9, "{rate}");
}

#[test]
fn first_sight_of_a_running_job_is_bounded_by_creation() {
    let mut tl = Timeline::new(&id());
    tl.set_created("2019-01-30T14:18:15Z");
    let added = tl.observe(&obs(60_000, 60_200, "INPROGRESS", 50));
    let want = vec![
        ev(status(None, "INPROGRESS"), between(0, 60_200)),
        ev(EventKind::FirstCounts { processed: 50 }, between(0, 60_200)),
    ];
    assert_eq!(added, want);
    // Without created_time, the lower end is unknown.
    let mut tl = Timeline::new(&id());
    let added = tl.observe(&obs(60_000, 60_200, "COMPLETED", 5));
    assert!(added.iter().all(|e| e.bound
        == TimeBound {
            after_ms: None,
            before_ms: CREATED + 60_200
        }));
    // First seen already COMPLETED: the status and the final counts, no "first records".
    assert_eq!(added.len(), 2);
    // A job first seen ADDED records nothing but its creation.
    let mut tl = Timeline::new(&id());
    assert!(tl.observe(&obs(0, 100, "ADDED", 0)).is_empty());
}

#[test]
fn parent_child_resources_get_their_own_events() {
    let mut tl = Timeline::new(&id());
    let pc = |sent: u64, a: &str, b: &str| Observation {
        sent_at_ms: CREATED + sent,
        received_at_ms: CREATED + sent + 100,
        status: JobStatus::InProgress,
        resources: vec![
            ("Quotes".into(), ResourceStatus::from_wire(a)),
            ("Quoted_Items".into(), ResourceStatus::from_wire(b)),
        ],
        counts: Counts::default(),
    };
    tl.observe(&pc(0, "INPROGRESS", "ADDED"));
    let added = tl.observe(&pc(5000, "COMPLETED", "INPROGRESS"));
    let kinds: Vec<String> = added.iter().map(|e| e.kind.describe()).collect();
    assert_eq!(
        kinds,
        vec![
            "Zoho completed Quotes",
            "Zoho started processing Quoted_Items"
        ]
    );
    assert!(added.iter().all(|e| e.bound == between(0, 5100)));
    assert_eq!(
        tl.events[0].kind.describe(),
        "Zoho started processing the file"
    );
    assert_eq!(
        tl.events[1].kind.describe(),
        "Zoho started processing Quotes"
    );
}

#[test]
fn stale_answers_are_ignored() {
    let mut tl = Timeline::new(&id());
    tl.observe(&obs(5000, 5100, "INPROGRESS", 10));
    assert!(tl.observe(&obs(4000, 5200, "ADDED", 0)).is_empty());
    assert_eq!(tl.last.as_ref().unwrap().status, "INPROGRESS");
}

#[test]
fn storage_round_trip_and_reload_keeps_bounds_honest() {
    let mut tl = Timeline::new(&id());
    tl.set_created("2019-01-30T02:18:15-12:00");
    tl.observe(&obs(1000, 1100, "ADDED", 0));
    let json = tl.to_json();
    assert!(!json.to_lowercase().contains("token"));
    let mut restored = Timeline::from_json(&json, &id()).unwrap();
    assert_eq!(restored, tl);
    // The page reloads; the next poll, a minute later, sees the job running.
    let added = restored.observe(&obs(61_000, 61_100, "INPROGRESS", 0));
    assert_eq!(
        added,
        vec![ev(
            status(Some("ADDED"), "INPROGRESS"),
            between(1000, 61_100)
        )]
    );
    assert_eq!(
        Timeline::storage_key(&id()),
        "bulkwatch.timeline.111111000000541958"
    );
}

#[test]
fn stored_data_is_checked() {
    let tl = watched_to_completion();
    let json = tl.to_json();
    let other = JobId::parse("42").unwrap();
    assert_eq!(Timeline::from_json(&json, &other), None);
    assert_eq!(Timeline::from_json("{not json", &id()), None);
    assert_eq!(Timeline::from_json("null", &id()), None);
    assert_eq!(
        Timeline::from_json(&json.replace("\"format\":1", "\"format\":2"), &id()),
        None
    );
    assert_eq!(Timeline::from_json(&" ".repeat(300_000), &id()), None);
    // An impossible bound (after > before) is dropped, not trusted.
    let bad = json.replacen(
        &format!("\"after_ms\":{}", CREATED + 3000),
        &format!("\"after_ms\":{}", CREATED + 999_999),
        1,
    );
    let read = Timeline::from_json(&bad, &id()).unwrap();
    assert_eq!(read.events.len(), tl.events.len() - 1);
}

#[test]
fn two_copies_merge_by_intersecting_bounds() {
    let mut a = Timeline::new(&id());
    a.observe(&obs(0, 100, "ADDED", 0));
    a.observe(&obs(10_000, 10_100, "INPROGRESS", 0));
    let mut b = Timeline::new(&id());
    b.observe(&obs(4_000, 4_100, "ADDED", 0));
    b.observe(&obs(8_000, 8_100, "INPROGRESS", 5));
    b.observe(&obs(12_000, 12_100, "INPROGRESS", 9));
    a.merge(&b);
    assert_eq!(
        a.events,
        vec![
            ev(status(Some("ADDED"), "INPROGRESS"), between(4_000, 8_100)),
            ev(
                EventKind::FirstCounts { processed: 5 },
                between(4_000, 8_100)
            ),
        ]
    );
    assert_eq!(a.last.as_ref().unwrap().sent_at_ms, CREATED + 12_000);
    assert_eq!(a.observations, 3);
    // Merging again changes nothing; another job's timeline is ignored.
    let before = a.clone();
    a.merge(&b);
    assert_eq!(a, before);
    a.merge(&Timeline::new(&JobId::parse("1").unwrap()));
    assert_eq!(a, before);
}

#[test]
fn size_stays_bounded_and_creation_is_kept() {
    let mut tl = Timeline::new(&id());
    tl.set_created("2019-01-30T02:18:15-12:00");
    for i in 0..300u64 {
        let s = if i % 2 == 0 { "QUEUED" } else { "INPROGRESS" };
        tl.observe(&obs(i * 1000, i * 1000 + 10, s, 0));
    }
    assert_eq!(tl.events.len(), MAX_EVENTS);
    assert_eq!(tl.events[0].kind, EventKind::Created);
    assert_eq!(tl.dropped, 300 - (MAX_EVENTS as u32 - 1));
    assert!(tl.to_json().len() < 64 * 1024);
    assert_eq!(
        tl.events[1].kind,
        EventKind::Status {
            from: Some("QUEUED".into()),
            to: "INPROGRESS".into()
        }
    );
    assert_eq!(
        tl.events[1].kind.describe(),
        "Zoho started processing the file"
    );
}

#[test]
fn human_times() {
    let now = CREATED + 3_600_000;
    let table = [
        (now, "just now"),
        (now - 9_000, "just now"),
        (now - 45_000, "45 s ago"),
        (now - 12 * 60_000, "12 min ago"),
        (now - 3 * 3_600_000, "3 h ago"),
        (now - 3 * 86_400_000, "3 days ago"),
        (now + 5 * 60_000, "in 5 min"),
    ];
    for (then, want) in table {
        assert_eq!(format_ago(then, now), want);
    }
    // 14:18:15 UTC; shown at UTC+2.
    let same_day = CREATED + 3_600_000;
    let b = between(0, 30_000);
    assert_eq!(
        format_bound(&b, 120, same_day),
        "between 16:18:15 and 16:18:45"
    );
    assert_eq!(
        format_bound(&TimeBound::exact(CREATED), 120, same_day),
        "at 16:18:15"
    );
    assert_eq!(format_bound(&between(0, 400), 0, same_day), "at 14:18:15");
    let by = TimeBound {
        after_ms: None,
        before_ms: CREATED,
    };
    assert_eq!(format_bound(&by, 0, same_day), "by 14:18:15");
    assert_eq!(
        format_bound(&b, 120, same_day + 86_400_000),
        "between 2019-01-30 16:18:15 and 2019-01-30 16:18:45"
    );
    // Spanning midnight at UTC+9:41.
    let midnight = between(0, 1_000_000);
    assert_eq!(
        format_bound(&midnight, 581, CREATED),
        "between 2019-01-30 23:59:15 and 2019-01-31 00:15:55"
    );
}
