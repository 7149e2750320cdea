//! Times for people: local wall-clock time, "12 min ago", durations. Local time uses the
//! browser's time-zone offset; rendered natively (SSR tests) it is UTC, labelled so.

/// Milliseconds per unit.
const S: f64 = 1_000.0;
const MIN: f64 = 60.0 * S;
const H: f64 = 60.0 * MIN;
const DAY: f64 = 24.0 * H;

/// The local time-zone offset at `ms`, in minutes east of UTC, and a label for it.
fn local_offset(ms: f64) -> (i64, &'static str) {
    #[cfg(target_arch = "wasm32")]
    {
        // JS gives minutes *west* of UTC.
        let west = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).get_timezone_offset();
        (-(west as i64), "")
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = ms;
        (0, " UTC")
    }
}

/// Civil date from days since 1970-01-01 (proleptic Gregorian).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A local date and time of day.
struct Local {
    date: (i64, i64, i64),
    time: (i64, i64, i64),
    label: &'static str,
}

fn split(ms: f64) -> Local {
    let (offset_min, label) = local_offset(ms);
    let secs = (ms / S).floor() as i64 + offset_min * 60;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    Local {
        date: civil(days),
        time: (rem / 3_600, rem % 3_600 / 60, rem % 60),
        label,
    }
}

/// `2019-01-30 14:18:15` in local time.
pub fn local_date_time(ms: f64) -> String {
    let Local {
        date: (y, mo, d),
        time: (h, mi, s),
        label,
    } = split(ms);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}{label}")
}

/// `14:18:15` in local time.
pub fn local_clock(ms: f64) -> String {
    let Local {
        time: (h, mi, s),
        label,
        ..
    } = split(ms);
    format!("{h:02}:{mi:02}:{s:02}{label}")
}

/// How long ago `then_ms` was, seen from `now_ms`: "just now", "12 s ago", "12 min ago",
/// "3 h ago", "2 days ago" (or "in 5 min" for a time ahead, e.g. a skewed clock).
pub fn relative(now_ms: f64, then_ms: f64) -> String {
    let delta = now_ms - then_ms;
    let span = duration(delta.abs());
    if delta.abs() < 5.0 * S {
        "just now".into()
    } else if delta >= 0.0 {
        format!("{span} ago")
    } else {
        format!("in {span}")
    }
}

/// A rounded duration: "42 s", "12 min", "3 h", "2 days".
pub fn duration(ms: f64) -> String {
    let ms = ms.max(0.0);
    if ms < MIN {
        format!("{} s", (ms / S).round() as i64)
    } else if ms < H {
        format!("{} min", (ms / MIN).round() as i64)
    } else if ms < DAY {
        format!("{} h", (ms / H).round() as i64)
    } else {
        let days = (ms / DAY).round() as i64;
        format!("{days} day{}", if days == 1 { "" } else { "s" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_natively_are_utc() {
        // 2019-01-30T02:18:15-12:00 = 2019-01-30T14:18:15Z
        let ms = 1_548_857_895_000.0;
        assert_eq!(local_date_time(ms), "2019-01-30 14:18:15 UTC");
        assert_eq!(local_clock(ms), "14:18:15 UTC");
        assert_eq!(local_date_time(0.0), "1970-01-01 00:00:00 UTC");
        assert_eq!(
            local_date_time(951_782_400_000.0),
            "2000-02-29 00:00:00 UTC"
        );
    }

    #[test]
    fn relative_times() {
        let now = 1_000_000_000.0;
        assert_eq!(relative(now, now - 2_000.0), "just now");
        assert_eq!(relative(now, now - 42_000.0), "42 s ago");
        assert_eq!(relative(now, now - 12.0 * MIN), "12 min ago");
        assert_eq!(relative(now, now - 3.2 * H), "3 h ago");
        assert_eq!(relative(now, now - DAY), "1 day ago");
        assert_eq!(relative(now, now - 2.0 * DAY), "2 days ago");
        assert_eq!(relative(now, now + 5.0 * MIN), "in 5 min");
    }
}
