//! A small strict RFC 3339 reader for `created_time` (the core stays free of date crates; the
//! widget formats with the browser's clock, the polling policy only needs epoch millis).

use serde::Serialize;

/// An instant as Zoho wrote it: milliseconds since the Unix epoch (UTC) plus the offset the text
/// carried, so it can be shown in the org's own time as well as the viewer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Timestamp {
    /// Milliseconds since 1970-01-01T00:00:00Z (fractions below a millisecond are dropped).
    pub epoch_millis: i64,
    /// The text's UTC offset in minutes (`-12:00` → -720, `Z` → 0).
    pub offset_minutes: i16,
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` strictly: every field has its fixed width,
/// the date must exist (leap years honoured), the offset is required. `t`/`z` in lower case are
/// accepted as RFC 3339 allows; a second of 60 (leap second) is accepted and rolls over.
pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let hour = digits(b, 11, 2)?;
    let minute = digits(b, 14, 2)?;
    let second = digits(b, 17, 2)?;
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }

    let mut pos = 19;
    let mut millis = 0i64;
    if b.get(pos) == Some(&b'.') {
        pos += 1;
        let start = pos;
        while pos < b.len() && b[pos].is_ascii_digit() {
            pos += 1;
        }
        let frac = &b[start..pos];
        if frac.is_empty() {
            return None;
        }
        // Keep the first three digits, padded: ".5" is 500 ms, ".123456" is 123 ms.
        for i in 0..3 {
            let d = frac.get(i).map_or(0, |c| i64::from(c - b'0'));
            millis = millis * 10 + d;
        }
    }

    let offset_minutes: i64 = match b.get(pos)? {
        b'Z' | b'z' if pos + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if pos + 6 == b.len() => {
            let oh = digits(b, pos + 1, 2)?;
            let om = digits(b, pos + 4, 2)?;
            if b[pos + 3] != b':' || oh > 23 || om > 59 {
                return None;
            }
            let m = oh * 60 + om;
            if *sign == b'-' {
                -m
            } else {
                m
            }
        }
        _ => return None,
    };

    let days = days_from_civil(year, month, day);
    let local_secs = days * 86_400 + hour * 3_600 + minute * 60 + second;
    let utc_secs = local_secs - offset_minutes * 60;
    Some(Timestamp {
        epoch_millis: utc_secs * 1_000 + millis,
        offset_minutes: i16::try_from(offset_minutes).ok()?,
    })
}

/// Reads `len` ASCII digits at `at`, or `None` if any is missing or not a digit.
fn digits(b: &[u8], at: usize, len: usize) -> Option<i64> {
    let slice = b.get(at..at + len)?;
    slice.iter().try_fold(0i64, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoho_sample_with_negative_offset() {
        // 2019-01-30T02:18:15-12:00 is 2019-01-30T14:18:15Z = 1548857895 s.
        let t = parse_rfc3339("2019-01-30T02:18:15-12:00").unwrap();
        assert_eq!(t.epoch_millis, 1_548_857_895_000);
        assert_eq!(t.offset_minutes, -720);
    }

    #[test]
    fn utc_fraction_and_positive_offset() {
        assert_eq!(
            parse_rfc3339("1970-01-01T00:00:00Z").unwrap().epoch_millis,
            0
        );
        assert_eq!(
            parse_rfc3339("1970-01-01T00:00:01.5z")
                .unwrap()
                .epoch_millis,
            1_500
        );
        let t = parse_rfc3339("2024-02-29T05:30:00.123456+05:30").unwrap();
        assert_eq!(t.epoch_millis, 1_709_164_800_123);
        assert_eq!(t.offset_minutes, 330);
        // Before the epoch.
        assert_eq!(
            parse_rfc3339("1969-12-31T23:59:59Z").unwrap().epoch_millis,
            -1_000
        );
    }

    #[test]
    fn leap_second_rolls_over() {
        let a = parse_rfc3339("2016-12-31T23:59:60Z").unwrap();
        let b = parse_rfc3339("2017-01-01T00:00:00Z").unwrap();
        assert_eq!(a.epoch_millis, b.epoch_millis);
    }

    #[test]
    fn rejects_what_is_not_strict_rfc3339() {
        for bad in [
            "",
            "2019-01-30",
            "2019-01-30T02:18:15",        // no offset
            "2019-01-30 02:18:15Z",       // space separator
            "2019-1-30T02:18:15Z",        // short month
            "2019-02-29T00:00:00Z",       // not a leap year
            "2019-13-01T00:00:00Z",       // month 13
            "2019-01-32T00:00:00Z",       // day 32
            "2019-01-30T24:00:00Z",       // hour 24
            "2019-01-30T02:18:15+0530",   // offset without colon
            "2019-01-30T02:18:15.Z",      // empty fraction
            "2019-01-30T02:18:15Zjunk",   // trailing text
            "2019-01-30T02:18:15+05:30x", // trailing text
            "２０19-01-30T02:18:15Z",     // non-ASCII digits
            "2019-01-30T02:18:15+24:00",  // offset hour out of range
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad:?} must be refused");
        }
    }
}
