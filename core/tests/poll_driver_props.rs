//! The poll driver over random event sequences. The world ([`driver_support::Sim`]) checks every
//! effect as it comes out: never two requests in flight; a follower never sends; nothing is sent
//! while hidden, without a token, after a final status or past the budget; at most one timer of
//! each kind; every timer cancelled is live and every timer left is cancelled on stop. And the
//! same seed with the same events gives the same effects.

mod driver_support;

use bulkwatch_core::poll::driver::{Event, Response};
use bulkwatch_core::poll::PollConfig;
use driver_support::*;
use proptest::prelude::*;

/// One thing that happens to a watching driver; the world turns it into a valid event.
#[derive(Debug, Clone)]
enum Action {
    Advance(u64),
    /// Fire the i-th live timer.
    Fire(usize),
    /// Answer the request in flight with response kind k.
    Answer(u8),
    /// An answer for a request that is not (or no longer) in flight.
    Stale(u64),
    Hide,
    Show,
    TokenGained,
    TokenLost,
    /// Grant the lead if this member is in line.
    LeadGained,
    LeadLost,
    /// Another member's answer of kind k, asked `age` ms ago.
    Shared(u8, u64),
    Hello,
    CheckNow,
    Resume,
    Expected(Option<u64>),
    /// A watch list's share of its budget.
    Floor(u64),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => (0u64..120_000).prop_map(Action::Advance),
        6 => (0usize..4).prop_map(Action::Fire),
        6 => any::<u8>().prop_map(Action::Answer),
        1 => (0u64..50).prop_map(Action::Stale),
        1 => Just(Action::Hide),
        1 => Just(Action::Show),
        1 => Just(Action::TokenGained),
        1 => Just(Action::TokenLost),
        2 => Just(Action::LeadGained),
        1 => Just(Action::LeadLost),
        2 => (any::<u8>(), 0u64..60_000).prop_map(|(k, a)| Action::Shared(k, a)),
        1 => Just(Action::Hello),
        1 => Just(Action::CheckNow),
        1 => Just(Action::Resume),
        1 => prop_oneof![Just(None), (1u64..100_000).prop_map(Some)].prop_map(Action::Expected),
        1 => (0u64..120_000).prop_map(Action::Floor),
    ]
}

fn response(kind: u8) -> Response {
    match kind % 14 {
        0 | 1 => http(200, ADDED),
        2..=4 => http(200, RUNNING),
        5 => http(200, COMPLETED),
        6 => http(200, FAILED),
        7 => http(401, INVALID_TOKEN),
        8 => too_many(u64::from(kind % 9)),
        9 => http(500, INTERNAL),
        10 => http(404, NOT_FOUND),
        11 => http(502, "<html>bad gateway</html>"),
        12 => Response::Network("offline".into()),
        _ if kind > 250 => Response::Unsendable,
        _ => Response::Aborted,
    }
}

fn body(kind: u8) -> &'static str {
    match kind % 5 {
        0 => ADDED,
        1 | 2 => RUNNING,
        3 => COMPLETED,
        _ => FAILED,
    }
}

fn config() -> impl Strategy<Value = PollConfig> {
    (1u32..6, any::<bool>(), 0u32..4).prop_map(|(budget, once, errors)| PollConfig {
        budget,
        once,
        max_consecutive_errors: errors,
        ..PollConfig::default()
    })
}

/// Runs `actions` in a fresh world; returns it (every rule was checked on the way).
fn run(config: PollConfig, seed: u64, start: (bool, bool, bool), actions: &[Action]) -> Sim {
    let mut sim = Sim::new(config, seed);
    sim.start(start.0, start.1, start.2);
    for a in actions {
        match a {
            Action::Advance(ms) => sim.now += ms,
            Action::Fire(i) => {
                let live: Vec<_> = sim.timers.keys().copied().collect();
                if !live.is_empty() {
                    sim.fire(live[i % live.len()]);
                }
            }
            Action::Answer(k) => {
                if !sim.in_flight.is_empty() {
                    sim.answer(200, response(*k));
                }
            }
            Action::Stale(back) => {
                let seq = sim.driver.seq().saturating_sub(*back);
                if !sim.in_flight.contains(&seq) {
                    let at_ms = sim.now;
                    sim.feed(Event::Answer {
                        seq,
                        at_ms,
                        response: http(200, COMPLETED),
                    });
                }
            }
            Action::Hide => {
                sim.at(|now_ms| Event::Hidden { now_ms });
            }
            Action::Show => {
                sim.at(|now_ms| Event::Shown { now_ms });
            }
            Action::TokenGained => {
                sim.at(|now_ms| Event::TokenGained { now_ms });
            }
            Action::TokenLost => {
                sim.at(|now_ms| Event::TokenLost { now_ms });
            }
            Action::LeadGained => {
                if sim.seeking && !sim.leader {
                    sim.at(|now_ms| Event::LeadGained { now_ms });
                }
            }
            Action::LeadLost => {
                if sim.leader {
                    sim.at(|now_ms| Event::LeadLost { now_ms });
                }
            }
            Action::Shared(k, age) => {
                let sent = sim.now.saturating_sub(*age);
                sim.shared(sent, body(*k));
            }
            Action::Hello => {
                sim.feed(Event::Hello);
            }
            Action::CheckNow => {
                sim.at(|now_ms| Event::CheckNow { now_ms });
            }
            Action::Resume => {
                sim.at(|now_ms| Event::Resume { now_ms });
            }
            Action::Floor(ms) => {
                sim.feed(Event::Floor(*ms));
            }
            Action::Expected(t) => {
                sim.feed(Event::ExpectedTotal(*t));
            }
        }
    }
    sim.feed(Event::Stop);
    sim
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Every rule holds after every event, whatever the order (the world asserts them).
    #[test]
    fn the_rules_hold_for_any_sequence(
        config in config(),
        seed in any::<u64>(),
        start in (any::<bool>(), any::<bool>(), any::<bool>()),
        actions in prop::collection::vec(action(), 0..80),
    ) {
        let sim = run(config, seed, start, &actions);
        // Every timer armed was fired or cancelled: none is left.
        prop_assert!(sim.timers.is_empty());
        // Answers are shown under numbers that only grow.
        let seqs: Vec<u64> = sim.shown_answers.iter().map(|(s, _)| *s).collect();
        prop_assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    }

    /// The same seed and the same events give the same effects (the jitter is seeded).
    #[test]
    fn the_same_events_give_the_same_effects(
        config in config(),
        seed in any::<u64>(),
        start in (any::<bool>(), any::<bool>(), any::<bool>()),
        actions in prop::collection::vec(action(), 0..60),
    ) {
        let a = run(config.clone(), seed, start, &actions);
        let b = run(config, seed, start, &actions);
        prop_assert_eq!(a.log, b.log);
    }

    /// A driver alone with a token, visible, answered with running jobs, keeps polling at the
    /// policy's pace until its budget is spent: it never stalls with nothing planned.
    #[test]
    fn a_running_job_is_followed_until_the_budget(seed in any::<u64>(), budget in 1u32..20) {
        let config = PollConfig { budget, ..PollConfig::default() };
        let mut sim = Sim::new(config, seed);
        sim.start(true, false, false);
        for _ in 0..budget {
            prop_assert_eq!(sim.in_flight.len(), 1);
            sim.answer(300, http(200, RUNNING));
            if sim.paused() {
                break;
            }
            sim.fire_poll();
        }
        prop_assert!(sim.paused());
        prop_assert_eq!(sim.sent.len() as u32, budget);
    }
}
