//! Pure human formatting of timeline times: "12 min ago", "between 10:02:05 and 10:02:35".

use super::TimeBound;
use crate::clock::{format_date, format_date_time, format_time};

/// A bound narrower than this reads as one instant.
const EXACT_MS: u64 = 1_000;

/// How long ago `then_ms` was at `now_ms`: `just now`, `45 s ago`, `12 min ago`, `3 h ago`,
/// `2 days ago`; a time ahead of `now` (clock skew) reads `in 5 min`.
pub fn format_ago(then_ms: u64, now_ms: u64) -> String {
    if then_ms > now_ms.saturating_add(10_000) {
        return format!("in {}", span(then_ms - now_ms));
    }
    let ago = now_ms.saturating_sub(then_ms);
    if ago < 10_000 {
        "just now".into()
    } else {
        format!("{} ago", span(ago))
    }
}

fn span(ms: u64) -> String {
    let s = ms / 1000;
    match s {
        0..=59 => format!("{s} s"),
        60..=3_599 => format!("{} min", s / 60),
        3_600..=172_799 => format!("{} h", s / 3600),
        _ => format!("{} days", s / 86_400),
    }
}

/// A bound for people at `offset_min` minutes east of UTC (the widget passes
/// `-new Date().getTimezoneOffset()`): `at 10:02:05`, `between 10:02:05 and 10:02:35`,
/// `by 10:02:35`. Dates are added when the bound is not on `now_ms`'s day or spans midnight.
pub fn format_bound(bound: &TimeBound, offset_min: i32, now_ms: u64) -> String {
    let today = format_date(now_ms, offset_min);
    let before_day = format_date(bound.before_ms, offset_min);
    let show = |ms: u64, with_date: bool| {
        if with_date {
            format_date_time(ms, offset_min)
        } else {
            format_time(ms, offset_min)
        }
    };
    match bound.after_ms {
        Some(after) if bound.before_ms.saturating_sub(after) < EXACT_MS => {
            format!("at {}", show(bound.before_ms, before_day != today))
        }
        Some(after) => {
            let with_date = before_day != today || format_date(after, offset_min) != before_day;
            format!(
                "between {} and {}",
                show(after, with_date),
                show(bound.before_ms, with_date)
            )
        }
        None => format!("by {}", show(bound.before_ms, before_day != today)),
    }
}
