//! The simulator's clock: real time times a speed factor, or a manual clock that moves only when
//! a test (or `POST /__sim/clock/advance`) says so. Two readings: `elapsed` (unscaled: request
//! log, rate budgets, added latency) and `sim` (scaled by speed: job progress, link expiry).

use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

/// A shared clock; see the module docs for its two readings.
#[derive(Debug)]
pub struct Clock {
    speed: f64,
    mode: Mode,
}

#[derive(Debug)]
enum Mode {
    Real { start: Instant },
    Manual { now_ms: watch::Sender<u64> },
}

impl Clock {
    /// Real time, `speed` times faster for the simulated world (clamped to 0.001–100000).
    pub fn real(speed: f64) -> Clock {
        Clock {
            speed: clamp_speed(speed),
            mode: Mode::Real {
                start: Instant::now(),
            },
        }
    }

    /// A clock that stands still until [`Clock::advance`] is called.
    pub fn manual(speed: f64) -> Clock {
        Clock {
            speed: clamp_speed(speed),
            mode: Mode::Manual {
                now_ms: watch::Sender::new(0),
            },
        }
    }

    pub fn is_manual(&self) -> bool {
        matches!(self.mode, Mode::Manual { .. })
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Unscaled milliseconds since start.
    pub fn elapsed_ms(&self) -> u64 {
        match &self.mode {
            Mode::Real { start } => u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
            Mode::Manual { now_ms } => *now_ms.borrow(),
        }
    }

    /// Simulated milliseconds since start (`elapsed × speed`).
    pub fn sim_ms(&self) -> u64 {
        scale(self.elapsed_ms(), self.speed)
    }

    /// Moves a manual clock forward; returns false (and does nothing) on a real clock.
    pub fn advance(&self, by: Duration) -> bool {
        match &self.mode {
            Mode::Real { .. } => false,
            Mode::Manual { now_ms } => {
                let by = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
                now_ms.send_modify(|v| *v = v.saturating_add(by));
                true
            }
        }
    }

    /// Waits `ms` of unscaled time (a manual clock waits until advanced that far).
    pub async fn sleep_elapsed(&self, ms: u64) {
        let target = self.elapsed_ms().saturating_add(ms);
        self.wait_elapsed(target).await;
    }

    /// Waits until the simulated clock reads at least `sim_target` ms.
    pub async fn sleep_until_sim(&self, sim_target: u64) {
        // The elapsed instant whose scaled value first reaches the target.
        let elapsed_target = (sim_target as f64 / self.speed).ceil();
        let elapsed_target = if elapsed_target >= u64::MAX as f64 {
            u64::MAX
        } else {
            elapsed_target as u64
        };
        self.wait_elapsed(elapsed_target).await;
        // Rounding can leave the scaled reading a hair short; top up in 1 ms steps.
        while self.sim_ms() < sim_target {
            let next = self.elapsed_ms().saturating_add(1);
            self.wait_elapsed(next).await;
        }
    }

    async fn wait_elapsed(&self, target: u64) {
        match &self.mode {
            Mode::Real { start } => {
                tokio::time::sleep_until(*start + Duration::from_millis(target)).await;
            }
            Mode::Manual { now_ms } => {
                let mut rx = now_ms.subscribe();
                // The sender lives as long as the clock, so this only errs if it is dropped.
                let _ = rx.wait_for(|v| *v >= target).await;
            }
        }
    }
}

fn clamp_speed(speed: f64) -> f64 {
    if speed.is_finite() {
        speed.clamp(0.001, 100_000.0)
    } else {
        1.0
    }
}

fn scale(ms: u64, speed: f64) -> u64 {
    let v = ms as f64 * speed;
    if v >= u64::MAX as f64 {
        u64::MAX
    } else {
        v as u64
    }
}

/// Formats Unix milliseconds as Zoho does: ISO 8601 in UTC with an explicit offset
/// (`2019-01-30T02:18:15+00:00`).
pub fn iso8601(unix_ms: u64) -> String {
    iso8601_at(unix_ms, 0)
}

/// Formats Unix milliseconds as local time in a zone `offset_minutes` east of UTC, with that
/// offset, as Zoho writes `created_time` in the org's time zone (`2019-01-30T02:18:15-12:00`).
pub fn iso8601_at(unix_ms: u64, offset_minutes: i32) -> String {
    let secs =
        i64::try_from(unix_ms / 1000).unwrap_or(i64::MAX / 2) + i64::from(offset_minutes) * 60;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let off = offset_minutes.unsigned_abs();
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60,
        off / 60,
        off % 60
    )
}

/// Reads a UTC offset `±HH:MM` (`-12:00` … `+14:00`, minutes 00, 15, 30 or 45) into minutes.
pub fn parse_utc_offset(s: &str) -> Result<i32, String> {
    let bad = || format!("a UTC offset looks like -12:00, +05:30 or +00:00, got '{s}'");
    let (sign, rest) = match s.trim().as_bytes().first() {
        Some(b'+') => (1, &s.trim()[1..]),
        Some(b'-') => (-1, &s.trim()[1..]),
        _ => return Err(bad()),
    };
    let (h, m) = rest.split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: i32 = h.parse().map_err(|_| bad())?;
    let m: i32 = m.parse().map_err(|_| bad())?;
    let total = sign * (h * 60 + m);
    if m % 15 != 0 || m >= 60 || !(-12 * 60..=14 * 60).contains(&total) {
        return Err(bad());
    }
    Ok(total)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso8601(1_548_814_695_000), "2019-01-30T02:18:15+00:00");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00+00:00");
        // The seed's sample: 14:18:15 UTC is 02:18:15 at -12:00 the same day.
        assert_eq!(
            iso8601_at(1_548_857_895_000, -12 * 60),
            "2019-01-30T02:18:15-12:00"
        );
        assert_eq!(iso8601_at(0, 330), "1970-01-01T05:30:00+05:30");
        assert_eq!(iso8601_at(0, -12 * 60), "1969-12-31T12:00:00-12:00");
    }

    #[test]
    fn utc_offsets() {
        assert_eq!(parse_utc_offset("-12:00"), Ok(-720));
        assert_eq!(parse_utc_offset("+05:30"), Ok(330));
        assert_eq!(parse_utc_offset("+00:00"), Ok(0));
        assert_eq!(parse_utc_offset("+14:00"), Ok(840));
        for bad in [
            "05:30", "+5:30", "+05:20", "-13:00", "+14:15", "+05:60", "", "+aa:bb",
        ] {
            assert!(parse_utc_offset(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn manual_clock_moves_only_when_told() {
        let c = Clock::manual(10.0);
        assert_eq!(c.sim_ms(), 0);
        assert!(c.advance(Duration::from_millis(150)));
        assert_eq!(c.elapsed_ms(), 150);
        assert_eq!(c.sim_ms(), 1500);
        let c = std::sync::Arc::new(c);
        let waiter = tokio::spawn({
            let c = c.clone();
            async move { c.sleep_until_sim(3000).await }
        });
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        c.advance(Duration::from_millis(150));
        waiter.await.unwrap();
        assert!(!Clock::real(1.0).advance(Duration::from_secs(1)));
    }
}
