//! A watch list's shared budget: many jobs watched together spend at most so many requests a
//! minute, shared evenly by the jobs still running (a finished job makes no more requests).
//! Each running row's policy gets the resulting gap as its floor ([`super::PollConfig::floor_ms`]).

use super::CREDITS_PER_CHECK;

/// Requests a minute a watch list spends by default, whatever its size: 10 running jobs are
/// checked every 30 s each.
pub const DEFAULT_PER_MINUTE: u32 = 20;

/// The shortest gap between one row's checks so that `running` rows together make at most
/// `per_minute` requests a minute (0 when nothing runs; a budget of 0 is read as 1).
pub fn row_gap_ms(running: usize, per_minute: u32) -> u64 {
    let running = u64::try_from(running).unwrap_or(u64::MAX);
    running.saturating_mul(60_000) / u64::from(per_minute.max(1))
}

/// The most API credits an hour a list with this budget can spend.
pub fn credits_per_hour(per_minute: u32) -> u32 {
    per_minute
        .saturating_mul(60)
        .saturating_mul(CREDITS_PER_CHECK)
}
