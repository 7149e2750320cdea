//! The polling policy with polling off (`PollConfig::once`): one request per start or "Check
//! again", never a planned next one, and no budget wording.

mod poll_support;

use bulkwatch_core::poll::{
    Decision, Jitter, PauseReason, PollConfig, PollEvent, PollPolicy, StopReason,
};

use poll_support::{http, observed, run};
use Decision::{Paused, PollIn, Stop, WaitForToken};

const OFF: Decision = Paused(PauseReason::PollingOff);

fn once() -> PollPolicy {
    PollPolicy::new(
        PollConfig {
            once: true,
            ..PollConfig::default()
        },
        Jitter::Fixed(1.0),
    )
}

fn obs(t: u64, status: &str, processed: u64) -> PollEvent {
    observed(t, status, processed, 1_000)
}

#[test]
fn one_request_then_off_and_one_more_per_check_again() {
    let mut p = once();
    let got = run(
        &mut p,
        vec![
            PollEvent::Start { now_ms: 0 },
            obs(100, "INPROGRESS", 10),
            // Nothing is planned: being shown again asks for nothing.
            PollEvent::Visible { now_ms: 60_000 },
            // "Check again": one request at once, then off again.
            PollEvent::Resume { now_ms: 90_000 },
            obs(90_100, "INPROGRESS", 500),
            PollEvent::Resume { now_ms: 120_000 },
            obs(120_100, "ADDED", 0),
        ],
    );
    assert_eq!(
        got,
        vec![PollIn(0), OFF, OFF, PollIn(0), OFF, PollIn(0), OFF]
    );
    assert_eq!(p.requests_made(), 3);
    // Off is never worded as a spent budget, however many checks were asked for.
    for t in 0..400u64 {
        assert_eq!(
            p.decide(PollEvent::Resume {
                now_ms: 200_000 + t
            }),
            PollIn(0)
        );
        assert_eq!(p.decide(obs(200_001 + t, "INPROGRESS", 600)), OFF);
    }
}

#[test]
fn a_finished_job_or_a_refusal_stops_as_usual() {
    let mut p = once();
    assert_eq!(
        p.decide(obs(0, "COMPLETED", 1_000)),
        Stop(StopReason::Completed)
    );
    assert_eq!(
        p.decide(PollEvent::Resume { now_ms: 1 }),
        Stop(StopReason::Completed)
    );
    let mut p = once();
    assert_eq!(
        p.decide(http(0, 404, None)),
        Stop(StopReason::Refused { http_status: 404 })
    );
}

#[test]
fn errors_are_not_retried_on_their_own_and_a_token_gives_one_request() {
    let mut p = once();
    let got = run(
        &mut p,
        vec![
            PollEvent::Start { now_ms: 0 },
            // A retryable error would back off and try again; with polling off it waits.
            http(10, 503, None),
            PollEvent::Resume { now_ms: 5_000 },
            http(5_010, 401, None),
            PollEvent::TokenProvided { now_ms: 6_000 },
            obs(6_100, "INPROGRESS", 1),
        ],
    );
    assert_eq!(
        got,
        vec![PollIn(0), OFF, PollIn(0), WaitForToken, PollIn(0), OFF]
    );
}

#[test]
fn the_default_keeps_polling() {
    let mut p = PollPolicy::new(PollConfig::default(), Jitter::Fixed(1.0));
    assert!(!PollConfig::default().once);
    assert_eq!(p.decide(obs(0, "INPROGRESS", 10)), PollIn(9_000));
}
