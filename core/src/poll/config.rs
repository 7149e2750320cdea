//! The policy's tunable numbers (the widget's defaults) and where its jitter comes from.

use crate::progress::StallConfig;

/// Tunable numbers of the policy. The defaults are the widget's.
#[derive(Debug, Clone, PartialEq)]
pub struct PollConfig {
    /// First delay after seeing `ADDED`; grows by `added_growth` while it stays queued.
    pub added_first_ms: u64,
    pub added_max_ms: u64,
    pub added_growth: f64,
    /// Bounds of the delay while `INPROGRESS`.
    pub progress_min_ms: u64,
    pub progress_max_ms: u64,
    /// Far from the predicted finish: poll after this fraction of the estimated time left.
    pub eta_fraction: f64,
    /// Within this of the predicted finish, the next check lands just after it...
    pub eta_landing_ms: u64,
    /// ...this long after it.
    pub eta_slack_ms: u64,
    /// Without an ETA: first delay, and the cap it grows to while the counts do not move.
    pub no_eta_first_ms: u64,
    pub no_eta_max_ms: u64,
    pub no_eta_growth: f64,
    /// Backoff on retryable errors: `uniform(0, min(cap, base · 2^(n−1)))`.
    pub backoff_base_ms: u64,
    pub backoff_cap_ms: u64,
    /// `Retry-After` is clamped into these bounds.
    pub retry_after_min_ms: u64,
    pub retry_after_max_ms: u64,
    /// Retryable errors in a row before pausing.
    pub max_consecutive_errors: u32,
    /// Requests per job (and per resume) before pausing.
    pub budget: u32,
    pub stall: StallConfig,
    /// Never plan a check sooner than this after the last one (0: no floor). A watch list sets
    /// it from its shared budget ([`budget::row_gap_ms`]) so many jobs together stay within it.
    pub floor_ms: u64,
    /// Polling off: one request when watching starts and one per [`PollEvent::Resume`]
    /// ("Check again"); where another would be planned, the policy pauses with
    /// [`PauseReason::PollingOff`] instead. A finished job or a refusal still stops as usual.
    pub once: bool,
}

impl Default for PollConfig {
    fn default() -> Self {
        PollConfig {
            added_first_ms: 2_000,
            added_max_ms: 5_000,
            added_growth: 1.5,
            progress_min_ms: 3_000,
            progress_max_ms: 60_000,
            eta_fraction: 0.5,
            eta_landing_ms: 10_000,
            eta_slack_ms: 1_000,
            no_eta_first_ms: 9_000,
            no_eta_max_ms: 30_000,
            no_eta_growth: 1.5,
            backoff_base_ms: 1_000,
            backoff_cap_ms: 60_000,
            retry_after_min_ms: 1_000,
            retry_after_max_ms: 600_000,
            max_consecutive_errors: 8,
            budget: 300,
            stall: StallConfig::default(),
            floor_ms: 0,
            once: false,
        }
    }
}

/// Where backoff jitter comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Jitter {
    /// A SplitMix64 stream from this seed (the widget seeds it from `Math.random`).
    Seeded(u64),
    /// Always this sample in `[0, 1]` (tests: 0 gives the floor, 1 the ceiling).
    Fixed(f64),
}

impl Jitter {
    /// The next sample in `[0, 1]`.
    pub fn sample(&mut self) -> f64 {
        match self {
            Jitter::Fixed(u) => u.clamp(0.0, 1.0),
            Jitter::Seeded(state) => {
                *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = *state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^= z >> 31;
                (z >> 11) as f64 / (1u64 << 53) as f64
            }
        }
    }
}
