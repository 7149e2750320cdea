//! The polling policy as tables: a sequence of events → the decisions it must give.

mod poll_support;

use bulkwatch_core::clock::format_imf_fixdate;
use bulkwatch_core::poll::{
    backoff_ceiling, parse_retry_after, Decision, FetchError, Jitter, PauseReason, PollConfig,
    PollEvent, PollPolicy, StopReason,
};

use poll_support::{http, observed, run};
use Decision::{Paused, PollIn, Stop, WaitForToken};

fn start(t: u64) -> PollEvent {
    PollEvent::Start { now_ms: t }
}

fn obs(t: u64, status: &str, processed: u64) -> PollEvent {
    observed(t, status, processed, processed)
}

/// An observation whose `total` is the file size (as some servers report).
fn obs_of(t: u64, processed: u64, total: u64) -> PollEvent {
    observed(t, "INPROGRESS", processed, total)
}

fn net(t: u64) -> PollEvent {
    PollEvent::Failed {
        now_ms: t,
        error: FetchError::Network,
    }
}

fn policy(jitter: f64) -> PollPolicy {
    PollPolicy::new(PollConfig::default(), Jitter::Fixed(jitter))
}

#[test]
fn quick_while_added_then_growing_to_five_seconds() {
    let mut p = policy(1.0);
    let got = run(
        &mut p,
        vec![
            start(0),
            obs(100, "ADDED", 0),
            obs(2100, "ADDED", 0),
            obs(5100, "ADDED", 0),
            obs(9600, "ADDED", 0),
            obs(14600, "ADDED", 0),
        ],
    );
    assert_eq!(
        got,
        vec![
            PollIn(0),
            PollIn(2000),
            PollIn(3000),
            PollIn(4500),
            PollIn(5000),
            PollIn(5000)
        ]
    );
    assert_eq!(p.requests_made(), 5);
}

#[test]
fn in_progress_without_eta_keeps_pace_while_moving_and_slows_when_not() {
    let mut p = policy(1.0);
    let got = run(
        &mut p,
        vec![
            obs(0, "ADDED", 0),
            obs(2000, "IN PROGRESS", 0),
            obs(11000, "INPROGRESS", 100),
            obs(20000, "INPROGRESS", 200),
            obs(29000, "INPROGRESS", 200),
            obs(42500, "INPROGRESS", 200),
            obs(62750, "INPROGRESS", 200),
            obs(93125, "INPROGRESS", 200),
            obs(123125, "INPROGRESS", 300),
        ],
    );
    assert_eq!(
        got,
        vec![
            PollIn(2000),
            PollIn(9000),
            PollIn(9000),
            PollIn(9000),
            PollIn(13500),
            PollIn(20250),
            PollIn(30000),
            PollIn(30000),
            PollIn(30000),
        ]
    );
}

#[test]
fn in_progress_with_eta_steers_by_the_predicted_finish_within_bounds() {
    let mut p = policy(1.0);
    p.set_expected_total(Some(10_000));
    let got = run(
        &mut p,
        vec![
            obs(0, "INPROGRESS", 0),
            // 500 records in 5 s = 100/s; 9 500 left = 95 s; half of it = 47.5 s.
            obs(5_000, "INPROGRESS", 500),
            // Still 100/s from the start; 7 125 left = 71.25 s → 35.6 s.
            obs(28_750, "INPROGRESS", 2_875),
            // 9 000 at 90 s: 10 s left, near: land 1 s after the predicted finish.
            obs(90_000, "INPROGRESS", 9_000),
            // 9 900 at 99 s: 100/s; 100 left = 1 s (+1 s) → clamped up to 3 s.
            obs(99_000, "INPROGRESS", 9_900),
            // 10 000 reached but not finished: check again at the floor.
            obs(102_000, "INPROGRESS", 10_000),
            obs(105_000, "COMPLETED", 10_000),
            PollEvent::Visible { now_ms: 200_000 },
        ],
    );
    assert_eq!(
        got,
        vec![
            PollIn(9000),
            PollIn(47_500),
            PollIn(35_625),
            PollIn(11_000),
            PollIn(3000),
            PollIn(3000),
            Stop(StopReason::Completed),
            Stop(StopReason::Completed),
        ]
    );
    // A slow job: ETA of 40 min is clamped to the 60 s ceiling.
    let mut p = policy(1.0);
    let got = run(
        &mut p,
        vec![obs_of(0, 0, 25_000), obs_of(60_000, 600, 25_000)],
    );
    assert_eq!(got, vec![PollIn(9000), PollIn(60_000)]);
}

#[test]
fn terminal_states_stop_for_good() {
    let mut p = policy(1.0);
    let got = run(
        &mut p,
        vec![
            start(0),
            obs(10, "FAILED", 0),
            obs(20, "INPROGRESS", 0),
            PollEvent::Resume { now_ms: 30 },
        ],
    );
    assert_eq!(
        got,
        vec![
            PollIn(0),
            Stop(StopReason::Failed),
            Stop(StopReason::Failed),
            Stop(StopReason::Failed)
        ]
    );
    let mut p = policy(1.0);
    assert_eq!(
        p.decide(obs(0, "COMPLETED", 5)),
        Stop(StopReason::Completed)
    );
}

#[test]
fn retryable_errors_back_off_exponentially_to_the_cap_then_pause() {
    let mut p = policy(1.0);
    let events: Vec<PollEvent> = (0..9).map(|i| net(i * 1000)).collect();
    let got = run(&mut p, events);
    assert_eq!(
        got,
        vec![
            PollIn(1000),
            PollIn(2000),
            PollIn(4000),
            PollIn(8000),
            PollIn(16000),
            PollIn(32000),
            PollIn(60000),
            PollIn(60000),
            Paused(PauseReason::ErrorsPersist),
        ]
    );
    assert_eq!(p.decide(PollEvent::Resume { now_ms: 100_000 }), PollIn(0));
    // Resuming starts the backoff over.
    assert_eq!(p.decide(net(100_100)), PollIn(1000));
    // Floor of full jitter is zero.
    let mut p = policy(0.0);
    assert_eq!(
        run(&mut p, vec![net(0), net(1), http(2, 503, None)]),
        vec![PollIn(0); 3]
    );
}

#[test]
fn which_errors_are_retried() {
    let retried = [408, 429, 500, 502, 503, 504, 599];
    for status in retried {
        let mut p = policy(1.0);
        assert_eq!(p.decide(http(0, status, None)), PollIn(1000), "{status}");
    }
    let mut p = policy(1.0);
    assert_eq!(
        p.decide(PollEvent::Failed {
            now_ms: 0,
            error: FetchError::Timeout
        }),
        PollIn(1000)
    );
    for status in [400, 403, 404, 405, 410, 422] {
        let mut p = policy(1.0);
        assert_eq!(
            p.decide(http(0, status, Some("5"))),
            Stop(StopReason::Refused {
                http_status: status
            }),
            "{status}"
        );
    }
    let mut p = policy(1.0);
    assert_eq!(
        p.decide(PollEvent::Failed {
            now_ms: 0,
            error: FetchError::Undecodable
        }),
        Stop(StopReason::Undecodable)
    );
}

#[test]
fn success_resets_the_backoff() {
    let mut p = policy(1.0);
    let got = run(
        &mut p,
        vec![net(0), net(1000), obs(3000, "ADDED", 0), net(5000)],
    );
    assert_eq!(
        got,
        vec![PollIn(1000), PollIn(2000), PollIn(2000), PollIn(1000)]
    );
}

#[test]
fn full_jitter_stays_within_bounds_and_varies() {
    for attempt in 1..=8u32 {
        let ceiling = backoff_ceiling(1000, 60_000, attempt);
        let mut seen = std::collections::BTreeSet::new();
        for seed in 0..200u64 {
            let mut p = PollPolicy::new(PollConfig::default(), Jitter::Seeded(seed));
            let mut last = PollIn(0);
            for i in 0..attempt {
                last = p.decide(net(u64::from(i)));
            }
            let PollIn(d) = last else { panic!("{last:?}") };
            assert!(d <= ceiling, "attempt {attempt}: {d} > {ceiling}");
            seen.insert(d);
        }
        assert!(
            seen.len() > 50,
            "attempt {attempt}: only {} distinct delays",
            seen.len()
        );
    }
    assert_eq!(backoff_ceiling(1000, 60_000, 1), 1000);
    assert_eq!(backoff_ceiling(1000, 60_000, 7), 60_000);
    assert_eq!(backoff_ceiling(1000, 60_000, u32::MAX), 60_000);
    let mut j = Jitter::Seeded(42);
    let mean: f64 = (0..10_000).map(|_| j.sample()).sum::<f64>() / 10_000.0;
    assert!((0.45..0.55).contains(&mean), "{mean}");
}

#[test]
fn retry_after_is_honoured_and_clamped() {
    let now = 1_700_000_000_000u64;
    let in_30s = format_imf_fixdate(now + 30_000);
    let past = format_imf_fixdate(now - 3_600_000);
    let table: Vec<(u16, Option<&str>, Decision)> = vec![
        (429, Some("120"), PollIn(120_000)),
        (429, Some(" 7 "), PollIn(7_000)),
        (429, Some("0"), PollIn(1_000)),
        (429, Some("99999999999999999999999"), PollIn(600_000)),
        (503, Some(&in_30s), PollIn(30_000)),
        (429, Some(&past), PollIn(1_000)),
        (429, Some("soon"), PollIn(1_000)),
        (429, Some("-5"), PollIn(1_000)),
        (429, Some("Sun, 06 Nov 1994 08:49:37 UTC"), PollIn(1_000)),
    ];
    for (status, ra, want) in table {
        let mut p = policy(1.0);
        assert_eq!(p.decide(http(now, status, ra)), want, "{ra:?}");
    }
    assert_eq!(parse_retry_after("120", 0), Some(120_000));
    assert_eq!(parse_retry_after(&in_30s, now), Some(30_000));
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777_000),
        Some(0)
    );
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_770_000),
        Some(7_000)
    );
    assert_eq!(parse_retry_after("", 0), None);
    assert_eq!(parse_retry_after("1.5", 0), None);
}

#[test]
fn a_shown_page_polls_at_once_unless_retry_after_forbids() {
    let mut p = policy(1.0);
    let got = run(
        &mut p,
        vec![
            obs(0, "ADDED", 0),
            // Hidden for a minute: the due poll goes at once when shown.
            PollEvent::Visible { now_ms: 60_000 },
        ],
    );
    assert_eq!(got, vec![PollIn(2000), PollIn(0)]);
    let got = run(
        &mut p,
        vec![
            http(61_000, 429, Some("120")),
            PollEvent::Visible { now_ms: 121_000 },
            PollEvent::Visible { now_ms: 200_000 },
        ],
    );
    assert_eq!(got, vec![PollIn(120_000), PollIn(60_000), PollIn(0)]);
}

#[test]
fn unauthorised_waits_for_a_token() {
    let mut p = policy(1.0);
    let got = run(
        &mut p,
        vec![
            start(0),
            obs(10, "INPROGRESS", 5),
            http(5_010, 401, None),
            PollEvent::Visible { now_ms: 9_000 },
            PollEvent::Resume { now_ms: 9_500 },
            PollEvent::TokenProvided { now_ms: 10_000 },
            obs(10_100, "INPROGRESS", 50),
        ],
    );
    assert_eq!(
        got,
        vec![
            PollIn(0),
            PollIn(9000),
            WaitForToken,
            WaitForToken,
            WaitForToken,
            PollIn(0),
            PollIn(9000)
        ]
    );
}

#[test]
fn the_budget_pauses_until_resumed() {
    let config = PollConfig {
        budget: 3,
        ..PollConfig::default()
    };
    let mut p = PollPolicy::new(config.clone(), Jitter::Fixed(1.0));
    let got = run(
        &mut p,
        vec![
            start(0),
            obs(0, "ADDED", 0),
            obs(2000, "ADDED", 0),
            net(5000),
            PollEvent::Visible { now_ms: 9000 },
            obs(9000, "ADDED", 0),
            PollEvent::Resume { now_ms: 10_000 },
            obs(10_100, "ADDED", 0),
        ],
    );
    assert_eq!(
        got,
        vec![
            PollIn(0),
            PollIn(2000),
            PollIn(3000),
            Paused(PauseReason::BudgetSpent),
            Paused(PauseReason::BudgetSpent),
            Paused(PauseReason::BudgetSpent),
            PollIn(0),
            PollIn(4500),
        ]
    );
    assert_eq!(p.requests_made(), 5);
    // Reaching a terminal state on the last budgeted request still stops.
    let mut p = PollPolicy::new(
        PollConfig {
            budget: 2,
            ..config
        },
        Jitter::Fixed(1.0),
    );
    assert_eq!(
        run(&mut p, vec![obs(0, "ADDED", 0), obs(1, "COMPLETED", 0)]),
        vec![PollIn(2000), Stop(StopReason::Completed)]
    );
}

#[test]
fn a_stalled_job_is_flagged_and_polled_slowly() {
    let mut p = policy(1.0);
    let mut t = 0;
    let mut last = p.decide(obs(t, "INPROGRESS", 0));
    for n in 1..=6u64 {
        t += 5_000;
        last = p.decide(obs(t, "INPROGRESS", n * 100));
    }
    assert_eq!(last, PollIn(9000));
    assert!(!p.is_stalled(t));
    // Then nothing moves. Changes came every 5 s, so the 3-minute floor applies.
    let stalled_from = t + 180_000;
    while t < stalled_from {
        t += 30_000;
        last = p.decide(obs(t, "INPROGRESS", 600));
    }
    assert!(p.is_stalled(t + 1));
    assert_eq!(p.decide(obs(t + 1, "INPROGRESS", 600)), PollIn(60_000));
    let _ = last;
    // Movement clears it.
    assert_eq!(p.decide(obs(t + 60_001, "INPROGRESS", 700)), PollIn(30_000));
    assert!(!p.is_stalled(t + 60_002));
    // A queued job is never "stalled".
    let mut q = policy(1.0);
    q.decide(obs(0, "ADDED", 0));
    assert!(!q.is_stalled(10_000_000));
}
