//! The poll driver in concrete scenarios: what a person watching one job sees it do, effect by
//! effect, alone and in a shared group.

mod driver_support;

use bulkwatch_core::poll::driver::{Effect, Event, Next, Response, Role, Show, TimerKind};
use bulkwatch_core::poll::{PauseReason, PollConfig, StopReason};
use driver_support::*;

fn alone(config: PollConfig) -> Sim {
    let mut sim = Sim::new(config, 7);
    sim.start(true, false, false);
    sim
}

fn nexts(effects: &[Effect]) -> Vec<Next> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Show(Show::Next(n)) => Some(*n),
            _ => None,
        })
        .collect()
}

fn has(effects: &[Effect], want: &Effect) -> bool {
    effects.contains(want)
}

#[test]
fn polls_one_at_a_time_until_completed() {
    let mut sim = alone(PollConfig::default());
    assert_eq!(sim.sent, vec![1], "the first request goes at once");
    assert_eq!(
        sim.timer(TimerKind::Poll),
        None,
        "no next check while one is out"
    );
    assert!(
        sim.timer(TimerKind::Deadline).is_some(),
        "the request has a deadline"
    );
    let fx = sim.answer(100, http(200, ADDED));
    assert_eq!(
        sim.timer(TimerKind::Deadline),
        None,
        "its deadline goes with it"
    );
    assert_eq!(sim.poll_delay(), Some(2_000), "quick while ADDED");
    assert_eq!(nexts(&fx), vec![Next::At(sim.now + 2_000)]);
    assert!(has(&fx, &Effect::Show(Show::Role(Role::Alone))) || sim.role == Some(Role::Alone));
    sim.fire_poll();
    sim.answer(100, http(200, RUNNING));
    sim.fire_poll();
    let fx = sim.answer(100, http(200, COMPLETED));
    assert_eq!(nexts(&fx), vec![Next::Stopped(StopReason::Completed)]);
    assert!(sim.timers.is_empty(), "nothing planned after COMPLETED");
    assert_eq!(sim.sent.len(), 3);
    assert!(!has(&fx, &Effect::Greet), "alone: nothing shared");
}

#[test]
fn a_hidden_page_sends_nothing_and_one_request_when_shown() {
    let mut sim = Sim::new(PollConfig::default(), 1);
    let fx = sim.start(true, true, false);
    assert!(sim.sent.is_empty());
    assert_eq!(nexts(&fx), vec![Next::WhenShown]);
    sim.now += 600_000;
    sim.at(|now_ms| Event::Shown { now_ms });
    assert_eq!(sim.sent.len(), 1, "one request at once when shown");
    sim.answer(100, http(200, ADDED));
    let fx = sim.at(|now_ms| Event::Hidden { now_ms });
    assert!(
        sim.timers.is_empty(),
        "the planned check is dropped while hidden"
    );
    assert_eq!(nexts(&fx), vec![Next::WhenShown]);
    sim.now += 600_000;
    sim.at(|now_ms| Event::Shown { now_ms });
    sim.at(|now_ms| Event::Shown { now_ms });
    assert_eq!(
        sim.sent.len(),
        2,
        "exactly one more, however often it is shown"
    );
}

#[test]
fn without_a_token_it_waits_and_a_token_checks_at_once() {
    let mut sim = Sim::new(PollConfig::default(), 1);
    let fx = sim.start(false, false, false);
    assert_eq!(nexts(&fx), vec![Next::NeedsToken]);
    assert!(sim.sent.is_empty() && sim.timers.is_empty());
    sim.at(|now_ms| Event::TokenGained { now_ms });
    assert_eq!(sim.sent.len(), 1);
}

#[test]
fn a_401_waits_for_a_new_token_which_checks_at_once() {
    let mut sim = alone(PollConfig::default());
    sim.answer(100, http(200, ADDED));
    sim.fire_poll();
    let fx = sim.answer(100, http(401, INVALID_TOKEN));
    assert_eq!(nexts(&fx), vec![Next::NeedsToken]);
    assert!(sim.timers.is_empty(), "no polling without a token");
    sim.now += 60_000;
    sim.at(|now_ms| Event::TokenGained { now_ms });
    assert_eq!(sim.sent.len(), 3);
}

/// Issue #14 item 9: a new token typed while watching does not wait for the planned check.
#[test]
fn a_new_token_while_a_check_is_planned_checks_at_once() {
    let mut sim = alone(PollConfig::default());
    sim.answer(100, http(200, RUNNING));
    assert!(sim.poll_delay().is_some());
    let fx = sim.at(|now_ms| Event::TokenGained { now_ms });
    assert_eq!(Sim::sends(&fx), 1, "checked at once with the new token");
    assert_eq!(
        sim.timer(TimerKind::Poll),
        None,
        "the planned check is cancelled"
    );
}

#[test]
fn a_new_token_does_not_cut_a_retry_after_short() {
    let mut sim = alone(PollConfig::default());
    sim.answer(100, too_many(7));
    assert_eq!(sim.poll_delay(), Some(7_000), "Retry-After honoured");
    let fx = sim.at(|now_ms| Event::TokenGained { now_ms });
    assert_eq!(Sim::sends(&fx), 0);
    assert_eq!(sim.poll_delay(), Some(7_000));
}

#[test]
fn a_refusal_of_a_replaced_token_asks_again_with_the_new_one() {
    let mut sim = alone(PollConfig::default());
    let fx = sim.at(|now_ms| Event::TokenGained { now_ms });
    assert_eq!(Sim::sends(&fx), 0, "one in flight already");
    let fx = sim.answer(100, http(401, INVALID_TOKEN));
    assert_eq!(Sim::sends(&fx), 1, "asked again at once");
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::Show(Show::Answer { .. }))),
        "the old token's refusal is not shown"
    );
    assert!(!nexts(&fx).contains(&Next::NeedsToken));
}

#[test]
fn forgetting_the_token_aborts_and_the_abandoned_request_spends_the_budget() {
    let mut sim = alone(PollConfig {
        budget: 1,
        ..PollConfig::default()
    });
    let fx = sim.at(|now_ms| Event::TokenLost { now_ms });
    assert!(has(&fx, &Effect::Abort { seq: 1 }));
    assert_eq!(nexts(&fx), vec![Next::NeedsToken]);
    assert!(sim.timers.is_empty());
    let fx = sim.at(|now_ms| Event::TokenGained { now_ms });
    assert_eq!(Sim::sends(&fx), 0);
    assert_eq!(nexts(&fx), vec![Next::Paused(PauseReason::BudgetSpent)]);
}

#[test]
fn a_spent_budget_pauses_until_resume() {
    let mut sim = alone(PollConfig {
        budget: 2,
        ..PollConfig::default()
    });
    sim.answer(100, http(200, ADDED));
    sim.fire_poll();
    let fx = sim.answer(100, http(200, ADDED));
    assert_eq!(nexts(&fx), vec![Next::Paused(PauseReason::BudgetSpent)]);
    assert!(sim.timers.is_empty());
    let fx = sim.at(|now_ms| Event::Resume { now_ms });
    assert_eq!(Sim::sends(&fx), 1);
}

#[test]
fn a_request_without_an_answer_times_out_and_backs_off() {
    let mut sim = alone(PollConfig::default());
    let deadline = sim.timer(TimerKind::Deadline).expect("a deadline");
    let fx = sim.fire(deadline);
    assert!(has(&fx, &Effect::Abort { seq: 1 }));
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Show(Show::Answer { seq: 1, result, .. }) if result.is_err()
    )));
    let delay = sim.poll_delay().expect("a retry planned");
    assert!(delay <= 1_000, "first backoff is within the base: {delay}");
    // The aborted request's late answer changes nothing.
    let fx = sim.feed(Event::Answer {
        seq: 1,
        at_ms: sim.now,
        response: http(200, COMPLETED),
    });
    assert!(fx.is_empty(), "{fx:?}");
}

#[test]
fn an_answer_not_understood_stops_until_check_again() {
    let mut sim = alone(PollConfig::default());
    // An HTML page under a 200 (a 5xx would be retried).
    let fx = sim.answer(100, http(200, "<html>bad gateway</html>"));
    assert!(sim.timers.is_empty(), "{fx:?}");
    let stopped = nexts(&fx);
    assert!(matches!(stopped[..], [Next::Stopped(_)]), "{stopped:?}");
    let fx = sim.at(|now_ms| Event::Resume { now_ms });
    assert!(fx.is_empty(), "Resume is not Check again");
    let fx = sim.at(|now_ms| Event::CheckNow { now_ms });
    assert_eq!(Sim::sends(&fx), 1);
}

#[test]
fn a_finished_job_is_final() {
    let mut sim = alone(PollConfig::default());
    sim.answer(100, http(200, FAILED));
    for e in [
        Event::CheckNow { now_ms: sim.now },
        Event::Resume { now_ms: sim.now },
        Event::Shown { now_ms: sim.now },
        Event::TokenGained { now_ms: sim.now },
    ] {
        assert_eq!(Sim::sends(&sim.feed(e)), 0);
    }
}

#[test]
fn an_unsendable_target_stops_with_nothing_planned() {
    let mut sim = alone(PollConfig::default());
    let fx = sim.answer(0, Response::Unsendable);
    assert_eq!(nexts(&fx), vec![Next::Nothing]);
    assert!(sim.timers.is_empty());
}

#[test]
fn a_grouped_driver_follows_until_handed_the_lead() {
    let mut sim = Sim::new(PollConfig::default(), 3);
    let fx = sim.start(true, false, true);
    assert_eq!(
        fx,
        vec![
            Effect::Greet,
            Effect::Show(Show::Next(Next::Following)),
            Effect::SeekLead,
            Effect::Show(Show::Role(Role::Following)),
        ]
    );
    let fx = sim.at(|now_ms| Event::LeadGained { now_ms });
    assert_eq!(Sim::sends(&fx), 1, "due while following: asks now");
    assert!(has(&fx, &Effect::Show(Show::Role(Role::Leading))));
    let fx = sim.answer(100, http(200, RUNNING));
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Share(a) if a.body == RUNNING)));
}

#[test]
fn a_follower_shows_shared_answers_and_waits_for_the_leader() {
    let mut sim = Sim::new(PollConfig::default(), 3);
    sim.start(true, false, true);
    let fx = sim.shared(sim.now - 200, RUNNING);
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Show(Show::Answer { shared: true, .. }))));
    assert!(sim.poll_delay().is_some(), "planned from the shared answer");
    // An older answer (asked before the one shown) is not news.
    let fx = sim.shared(sim.now - 10_000, ADDED);
    assert!(fx.is_empty(), "{fx:?}");
    let fx = sim.fire_poll();
    assert_eq!(Sim::sends(&fx), 0, "a follower never sends");
    assert_eq!(nexts(&fx), vec![Next::Following]);
    let fx = sim.at(|now_ms| Event::LeadGained { now_ms });
    assert_eq!(Sim::sends(&fx), 1);
}

#[test]
fn a_hidden_leader_gives_up_the_lead_and_a_finished_one_keeps_it() {
    let mut sim = Sim::new(PollConfig::default(), 3);
    sim.start(true, false, true);
    sim.at(|now_ms| Event::LeadGained { now_ms });
    sim.answer(100, http(200, RUNNING));
    let fx = sim.at(|now_ms| Event::Hidden { now_ms });
    assert!(has(&fx, &Effect::ReleaseLead));
    assert!(has(&fx, &Effect::Show(Show::Role(Role::Following))));
    let fx = sim.at(|now_ms| Event::Shown { now_ms });
    assert!(has(&fx, &Effect::SeekLead));
    let fx = sim.at(|now_ms| Event::LeadGained { now_ms });
    assert_eq!(Sim::sends(&fx), 0, "not due yet: the planned check sends");
    sim.fire_poll();
    sim.answer(100, http(200, COMPLETED));
    assert!(sim.leader, "a finished leader keeps the lead");
    let fx = sim.feed(Event::Hello);
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Share(a) if a.body == COMPLETED)));
}

#[test]
fn stopping_cancels_everything_and_releases_the_lead() {
    let mut sim = Sim::new(PollConfig::default(), 3);
    sim.start(true, false, true);
    sim.at(|now_ms| Event::LeadGained { now_ms });
    let fx = sim.feed(Event::Stop);
    assert!(has(&fx, &Effect::Abort { seq: 1 }));
    assert!(has(&fx, &Effect::ReleaseLead));
    assert!(sim.timers.is_empty());
    let fx = sim.at(|now_ms| Event::Shown { now_ms });
    assert!(fx.is_empty(), "a stopped driver does nothing");
}
