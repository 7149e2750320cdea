//! Sizes the steps of chunked work so each time slice on the page's thread stays inside its
//! budget: the core's stepped APIs take budgets in work units (rows), this turns a measured pace
//! into units. Pure, so the policy is tested natively with a fake clock.

/// Milliseconds of work per slice before yielding to the browser. With Yew's render of the
/// progress (a microtask of the same task) a slice stays far below the 50 ms of a long task.
pub const SLICE_MS: f64 = 12.0;

/// The first step of a task whose pace is unknown: small, since one unit may be dear (a sort's
/// run, a row of 200 columns). The pace then grows at most fourfold per step.
pub const FIRST_UNITS: usize = 16;

/// The largest step. A task's units need not cost the same in all its phases (a sort prepares
/// keys cheaply, then sorts runs of them dearly); a pace learnt in a cheap phase must not send a
/// huge step into a dear one. Steps this size cost a few milliseconds at most, and many small
/// steps cost nothing more than few big ones.
pub const MAX_UNITS: usize = 16_384;

/// Learns how many work units fit in a millisecond and hands out step sizes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pacer {
    /// `None` until the first step has been measured.
    units_per_ms: Option<f64>,
    max_units: usize,
}

impl Default for Pacer {
    fn default() -> Self {
        Pacer {
            units_per_ms: None,
            max_units: MAX_UNITS,
        }
    }
}

impl Pacer {
    /// Starts from a known pace; no step is ever larger than `max_units`.
    pub fn new(units_per_ms: f64, max_units: usize) -> Self {
        Pacer {
            units_per_ms: Some(units_per_ms.max(0.01)),
            max_units: max_units.max(1),
        }
    }

    /// The pace believed now, in units per millisecond (`None` before the first step).
    pub fn units_per_ms(&self) -> Option<f64> {
        self.units_per_ms
    }

    /// Units to do next with `left_ms` of the slice left: 80 % of what the pace says fits, at
    /// least one (every step makes progress); [`FIRST_UNITS`] while the pace is unknown.
    pub fn next_units(&self, left_ms: f64) -> usize {
        let Some(pace) = self.units_per_ms else {
            return FIRST_UNITS.min(self.max_units);
        };
        let fit = (pace * left_ms.max(0.0) * 0.8).floor();
        if fit.is_finite() && fit >= 1.0 {
            (fit as usize).min(self.max_units)
        } else {
            1
        }
    }

    /// Learns from a step: `units` took `elapsed_ms`. Slower news is believed at once (a slow
    /// step must not repeat); faster news at most quadruples the pace, so one cheap step (the
    /// end of a file, a timer too coarse to see it) cannot make the next one huge.
    pub fn record(&mut self, units: usize, elapsed_ms: f64) {
        if units == 0 || !elapsed_ms.is_finite() {
            return;
        }
        // Below the timer's resolution a step says little; count it as 0.1 ms.
        let measured = units as f64 / elapsed_ms.max(0.1);
        let believed = match self.units_per_ms {
            Some(pace) if measured > pace => measured.min(pace * 4.0),
            _ => measured,
        };
        self.units_per_ms = Some(believed.max(0.01));
    }
}

/// What a step says about the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// More to do; go on while the slice has time.
    More,
    /// More to do, but end this slice now: the next step is a big one-off (joining two files)
    /// and should start with a whole slice to itself.
    Yield,
    /// Nothing left.
    Done,
}

/// Runs `work` in paced steps until it is done, asks to yield, or `budget_ms` has passed,
/// reading time from `now`. Returns `true` when the work is done. Always does at least one step.
pub fn run_slice(
    now: &dyn Fn() -> f64,
    budget_ms: f64,
    pacer: &mut Pacer,
    work: &mut dyn FnMut(usize) -> Flow,
) -> bool {
    let start = now();
    let mut first = true;
    loop {
        let left = budget_ms - (now() - start);
        if left <= 0.0 && !first {
            return false;
        }
        first = false;
        let units = pacer.next_units(left);
        let before = now();
        let flow = work(units);
        pacer.record(units, now() - before);
        match flow {
            Flow::More => {}
            Flow::Yield => return false,
            Flow::Done => return true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn steps_fit_the_time_left() {
        let p = Pacer::new(100.0, 1_000_000);
        assert_eq!(p.next_units(10.0), 800);
        assert_eq!(p.next_units(0.0), 1, "always at least one unit");
        assert_eq!(Pacer::new(1e9, 5_000).next_units(10.0), 5_000, "capped");
    }

    #[test]
    fn slow_news_is_believed_fast_news_is_damped() {
        let mut p = Pacer::new(100.0, usize::MAX);
        p.record(100, 10.0);
        assert_eq!(p.units_per_ms(), Some(10.0));
        p.record(10_000, 1.0);
        assert_eq!(
            p.units_per_ms(),
            Some(40.0),
            "at most four times faster per step"
        );
        p.record(5, 0.0);
        assert_eq!(
            p.units_per_ms(),
            Some(50.0),
            "below timer resolution counts as 0.1 ms"
        );
        p.record(0, 5.0);
        p.record(10, f64::NAN);
        assert_eq!(
            p.units_per_ms(),
            Some(50.0),
            "nothing learnt from empty or NaN steps"
        );
    }

    #[test]
    fn steps_are_capped_whatever_the_pace() {
        let mut p = Pacer::default();
        for _ in 0..10 {
            p.record(1_000_000, 0.01);
        }
        assert_eq!(p.next_units(SLICE_MS), MAX_UNITS);
    }

    #[test]
    fn an_unknown_pace_starts_small_and_is_then_measured() {
        let mut p = Pacer::default();
        assert_eq!(p.next_units(12.0), FIRST_UNITS);
        p.record(FIRST_UNITS, 0.016);
        assert_eq!(p.units_per_ms(), Some(160.0));
    }

    /// Work costing `cost_ms` per unit on a fake clock: the slice must end near its budget and
    /// never overshoot by more than one step's worth of the believed pace.
    fn slice_with(cost_ms: f64, total: usize) -> (bool, f64, usize, Pacer) {
        let clock = Cell::new(0.0);
        let done_units = Cell::new(0usize);
        let mut pacer = Pacer::default();
        let now = || clock.get();
        let mut work = |units: usize| {
            let n = units.min(total - done_units.get());
            done_units.set(done_units.get() + n);
            clock.set(clock.get() + n as f64 * cost_ms);
            if done_units.get() == total {
                Flow::Done
            } else {
                Flow::More
            }
        };
        let done = run_slice(&now, SLICE_MS, &mut pacer, &mut work);
        (done, clock.get(), done_units.get(), pacer)
    }

    #[test]
    fn a_slice_stays_near_its_budget_whatever_the_cost_of_a_unit() {
        for cost in [0.0001, 0.001, 0.01, 0.1, 1.0] {
            let (done, elapsed, units, _) = slice_with(cost, usize::MAX / 2);
            assert!(!done);
            assert!(units > 0);
            // Only the first, small step is taken blind.
            let bound = SLICE_MS * 1.25 + FIRST_UNITS as f64 * cost;
            assert!(elapsed <= bound, "cost {cost}: {elapsed} ms");
        }
    }

    #[test]
    fn a_learnt_pace_keeps_later_slices_inside_the_budget() {
        let clock = Cell::new(0.0);
        let mut pacer = Pacer::default();
        let now = || clock.get();
        for _ in 0..20 {
            let start = clock.get();
            let mut work = |units: usize| {
                clock.set(clock.get() + units as f64 * 0.05);
                Flow::More
            };
            run_slice(&now, SLICE_MS, &mut pacer, &mut work);
            assert!(
                clock.get() - start <= SLICE_MS * 1.25,
                "{}",
                clock.get() - start
            );
        }
    }

    #[test]
    fn a_step_can_end_its_slice() {
        let steps = Cell::new(0);
        let mut pacer = Pacer::default();
        let now = || 0.0;
        let mut work = |_| {
            steps.set(steps.get() + 1);
            if steps.get() == 3 {
                Flow::Yield
            } else {
                Flow::More
            }
        };
        assert!(!run_slice(&now, SLICE_MS, &mut pacer, &mut work));
        assert_eq!(steps.get(), 3);
    }

    #[test]
    fn finishing_work_ends_the_slice_early() {
        let (done, elapsed, units, _) = slice_with(0.001, 300);
        assert!(done);
        assert_eq!(units, 300);
        assert!(elapsed < SLICE_MS);
    }
}
