//! What following a whole job costs under the default policy: a simulated job (queued, then
//! counting at a steady rate, then `COMPLETED` the moment its last row is done — as the simulator
//! and Zoho's counts behave) is checked whenever the policy says, and we count the checks and how
//! late completion was seen. With the row count known the policy steers by the predicted finish;
//! without it, it keeps a steady gap that still shows completion within 10 s.

mod poll_support;

use bulkwatch_core::poll::budget::{credits_per_hour, row_gap_ms, DEFAULT_PER_MINUTE};
use bulkwatch_core::poll::{Decision, Jitter, PollConfig, PollPolicy};
use poll_support::observed;
use proptest::prelude::*;

/// A job created at t = 0: `queue_ms` queued, then `rows` processed evenly over `run_ms`.
#[derive(Debug, Clone, Copy)]
struct Job {
    queue_ms: u64,
    run_ms: u64,
    rows: u64,
}

impl Job {
    fn end_ms(&self) -> u64 {
        self.queue_ms + self.run_ms
    }

    /// Status and processed rows at `t` (Zoho's total counts only what is processed).
    fn at(&self, t: u64) -> (&'static str, u64) {
        if t < self.queue_ms {
            ("ADDED", 0)
        } else if t >= self.end_ms() {
            ("COMPLETED", self.rows)
        } else {
            let done =
                u128::from(t - self.queue_ms) * u128::from(self.rows) / u128::from(self.run_ms);
            ("INPROGRESS", u64::try_from(done).unwrap_or(self.rows))
        }
    }
}

/// How following one job went.
#[derive(Debug)]
struct Followed {
    requests: u32,
    /// When completion was seen, after it happened (ms).
    lag_ms: u64,
    /// The longest gap planned while the job was running.
    longest_running_gap_ms: u64,
    /// Every gap planned after a running answer.
    gaps_while_running: Vec<u64>,
}

/// Follows `job` from its creation, checking when the policy says, with `expected` rows known.
fn follow(job: Job, expected: Option<u64>) -> Followed {
    follow_with(PollConfig::default(), job, expected)
}

fn follow_with(config: PollConfig, job: Job, expected: Option<u64>) -> Followed {
    let mut p = PollPolicy::new(config, Jitter::Fixed(0.5));
    p.set_expected_total(expected);
    let mut t = 0;
    let mut longest = 0;
    let mut gaps = Vec::new();
    for _ in 0..10_000 {
        let (status, processed) = job.at(t);
        match p.decide(observed(t, status, processed, processed)) {
            Decision::PollIn(gap) => {
                if status == "INPROGRESS" {
                    longest = longest.max(gap);
                    gaps.push(gap);
                }
                t += gap.max(1);
            }
            Decision::Stop(_) => {
                return Followed {
                    requests: p.requests_made(),
                    lag_ms: t - job.end_ms(),
                    longest_running_gap_ms: longest,
                    gaps_while_running: gaps,
                }
            }
            other => panic!("a steady job is followed to the end, got {other:?} at {t}"),
        }
    }
    panic!("never saw {job:?} complete");
}

const TEN_MINUTES: Job = Job {
    queue_ms: 10_000,
    run_ms: 600_000,
    rows: 10_000,
};

#[test]
fn with_rows_known_a_ten_minute_job_costs_at_most_31_requests_and_completion_is_seen_within_10_s() {
    let got = follow(TEN_MINUTES, Some(TEN_MINUTES.rows));
    assert!(got.requests <= 31, "{got:?}");
    assert!(got.lag_ms <= 10_000, "{got:?}");
    assert!(got.longest_running_gap_ms <= 60_000, "{got:?}");
    // Sparse while far from the finish: most gaps are the cap.
    let at_cap = got
        .gaps_while_running
        .iter()
        .filter(|g| **g == 60_000)
        .count();
    assert!(at_cap >= 6, "{got:?}");
}

#[test]
fn without_rows_a_ten_minute_job_costs_fewer_requests_than_before_and_completion_within_10_s() {
    let got = follow(TEN_MINUTES, None);
    // Before: 125 (a 5 s pace). Now a steady 9 s while the counts move.
    assert!(got.requests < 80, "{got:?}");
    assert!(got.lag_ms <= 10_000, "{got:?}");
    // After the first running answer, never faster than the steady pace without a reason.
    assert!(
        got.gaps_while_running.iter().all(|g| *g == 9_000),
        "{got:?}"
    );
}

#[test]
fn the_steering_table() {
    let c = PollConfig::default();
    assert_eq!(c.progress_max_ms, 60_000, "the cap");
    // (time left by the estimate, next check)
    let table = [
        (3_600_000, 60_000), // far: the cap
        (120_000, 60_000),   // half of it is the cap
        (100_000, 50_000),   // half the time left
        (30_000, 15_000),
        (12_000, 6_000),
        (10_000, 11_000), // near: land just after the predicted finish
        (4_000, 5_000),
        (1_000, 3_000), // never faster than the floor
    ];
    for (left, want) in table {
        // A job at 100 rows/s: `left` ms from the end of a file of 1 000 000 rows.
        let rows_left = left / 10;
        let mut p = PollPolicy::new(c.clone(), Jitter::Fixed(0.5));
        p.set_expected_total(Some(1_000_000));
        let done = 1_000_000 - rows_left;
        p.decide(observed(0, "INPROGRESS", 0, 0));
        let at = done * 10;
        assert_eq!(
            p.decide(observed(at, "INPROGRESS", done, done)),
            Decision::PollIn(want),
            "{left} ms left"
        );
    }
}

#[test]
fn an_estimate_too_low_is_spent_then_paced_as_unknown() {
    // The person said 5 000 rows; the file has 10 000.
    let got = follow(TEN_MINUTES, Some(5_000));
    assert!(got.lag_ms <= 10_000, "{got:?}");
    assert!(
        got.gaps_while_running
            .iter()
            .filter(|g| **g == 3_000)
            .count()
            <= 1,
        "no 3 s polling once past the estimate: {got:?}"
    );
}

#[test]
fn a_watch_list_shares_its_budget_among_running_rows() {
    // (running rows, requests a minute) → the gap each row keeps
    for (running, per_minute, gap) in [
        (10, 20, 30_000),
        (1, 20, 3_000),
        (5, 20, 15_000),
        (0, 20, 0),
        (10, 60, 10_000),
        (10, 0, 600_000), // a budget of 0 is read as 1
    ] {
        assert_eq!(
            row_gap_ms(running, per_minute),
            gap,
            "{running} × {per_minute}"
        );
    }
    assert_eq!(DEFAULT_PER_MINUTE, 20);
    assert_eq!(credits_per_hour(20), 1_200);
}

#[test]
fn ten_running_jobs_on_the_default_budget_spend_at_most_20_a_minute_and_finish_within_30_s() {
    let floor_ms = row_gap_ms(10, DEFAULT_PER_MINUTE);
    let config = PollConfig {
        floor_ms,
        ..PollConfig::default()
    };
    let mut total = 0;
    for i in 0..10u64 {
        // Ten different jobs, of 5 to 14 minutes, rows unknown.
        let job = Job {
            queue_ms: i * 7_000,
            run_ms: 300_000 + i * 60_000,
            rows: 5_000 + i * 1_000,
        };
        let got = follow_with(config.clone(), job, None);
        assert!(got.lag_ms <= 30_000, "job {i}: {got:?}");
        assert!(
            got.gaps_while_running.iter().all(|g| *g >= 30_000),
            "{got:?}"
        );
        // One row: at most one request per 30 s of its life, plus the first.
        let minutes = (job.end_ms() + got.lag_ms) as f64 / 60_000.0;
        assert!(
            f64::from(got.requests) <= minutes * 2.0 + 1.0,
            "job {i}: {got:?}"
        );
        total += got.requests;
    }
    // Ten rows, each at most 2 a minute: 20 a minute together.
    assert!(total <= 10 * (2 * 15 + 1), "{total}");
}

proptest! {
    /// Whatever the job, with its row count known: completion is seen within 10 s, and no gap
    /// while it runs is longer than the cap.
    #[test]
    fn rows_known_completion_within_10_s_and_gaps_within_the_cap(
        queue_s in 0u64..300,
        run_s in 30u64..7_200,
        rows in 100u64..2_000_000,
    ) {
        let job = Job { queue_ms: queue_s * 1000, run_ms: run_s * 1000, rows };
        let got = follow(job, Some(rows));
        prop_assert!(got.lag_ms <= 10_000, "{:?}", got);
        prop_assert!(got.longest_running_gap_ms <= 60_000, "{:?}", got);
    }

    /// A ten-minute job, whatever its size and queue: at most 31 requests with rows known.
    #[test]
    fn rows_known_ten_minutes_costs_at_most_31(queue_s in 0u64..60, rows in 600u64..2_000_000) {
        let job = Job { queue_ms: queue_s * 1000, run_ms: 600_000, rows };
        let got = follow(job, Some(rows));
        prop_assert!(got.requests <= 31, "{:?}", got);
    }

    /// A wrong row count (half to twice the truth) never hides completion past the cap.
    #[test]
    fn a_wrong_estimate_never_waits_past_the_cap(
        queue_s in 0u64..120,
        run_s in 30u64..3_600,
        rows in 1_000u64..1_000_000,
        permille in 500u64..2_000,
    ) {
        let job = Job { queue_ms: queue_s * 1000, run_ms: run_s * 1000, rows };
        let got = follow(job, Some(rows * permille / 1000));
        prop_assert!(got.longest_running_gap_ms <= 60_000, "{:?}", got);
        prop_assert!(got.lag_ms <= 60_000, "{:?}", got);
    }

    /// Without a row count, a job whose counts move at least once a second is seen completed
    /// within 10 s (jobs that fit the default budget of 300 requests: about 45 minutes at 9 s).
    #[test]
    fn rows_unknown_completion_within_10_s(
        queue_s in 0u64..120,
        run_s in 30u64..2_000,
        per_s in 1u64..1_000,
    ) {
        let job = Job { queue_ms: queue_s * 1000, run_ms: run_s * 1000, rows: run_s * per_s };
        let got = follow(job, None);
        prop_assert!(got.lag_ms <= 10_000, "{:?}", got);
    }
}
