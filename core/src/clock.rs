//! Small, dependency-free date arithmetic on Unix milliseconds: reading `Retry-After`'s HTTP date
//! (IMF-fixdate) and printing times for people at a given UTC offset. All times are `u64`
//! milliseconds since the Unix epoch, as `Date.now()` gives them. (`created_time` is read by
//! [`crate::model::parse_rfc3339`].)

const MS_PER_DAY: i64 = 86_400_000;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number from [`days_from_civil`]: (year, month 1–12, day 1–31).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Milliseconds of a UTC date and time, or `None` for an impossible one or one before 1970.
fn to_unix_ms(date: (i64, u32, u32), time: (u32, u32, u32), millis: u32) -> Option<u64> {
    let (y, mo, d) = date;
    let (h, mi, s) = time;
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60
    {
        return None;
    }
    let secs = i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s);
    let ms = days_from_civil(y, mo, d) * MS_PER_DAY + secs * 1000 + i64::from(millis);
    u64::try_from(ms).ok()
}

fn digits<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the HTTP date format servers must
/// send. The obsolete RFC 850 and asctime forms are not accepted.
pub fn parse_imf_fixdate(s: &str) -> Option<u64> {
    let s = s.trim();
    let (weekday, rest) = s.split_once(", ")?;
    if !WEEKDAYS.contains(&weekday) {
        return None;
    }
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let month = MONTHS.iter().position(|m| m == month)? as u32 + 1;
    let [h, m, sec] = time.split(':').collect::<Vec<_>>()[..] else {
        return None;
    };
    to_unix_ms(
        (digits(year, 4)?, month, digits(day, 2)?),
        (digits(h, 2)?, digits(m, 2)?, digits(sec, 2)?),
        0,
    )
}

/// Local fields of a time at `offset_min` minutes east of UTC: ((y, mo, d), (h, mi, s)).
fn local_fields(ms: u64, offset_min: i32) -> ((i64, u32, u32), (u32, u32, u32)) {
    let local = i64::try_from(ms).unwrap_or(i64::MAX / 2) + i64::from(offset_min) * 60_000;
    let days = local.div_euclid(MS_PER_DAY);
    let secs = local.rem_euclid(MS_PER_DAY) / 1000;
    let time = (
        (secs / 3600) as u32,
        (secs / 60 % 60) as u32,
        (secs % 60) as u32,
    );
    (civil_from_days(days), time)
}

/// `10:02:05` at `offset_min` minutes east of UTC (the widget passes `-getTimezoneOffset()`).
pub fn format_time(ms: u64, offset_min: i32) -> String {
    let (_, (h, m, s)) = local_fields(ms, offset_min);
    format!("{h:02}:{m:02}:{s:02}")
}

/// `2019-01-30` at `offset_min` minutes east of UTC.
pub fn format_date(ms: u64, offset_min: i32) -> String {
    let ((y, mo, d), _) = local_fields(ms, offset_min);
    format!("{y:04}-{mo:02}-{d:02}")
}

/// `2019-01-30 10:02:05` at `offset_min` minutes east of UTC.
pub fn format_date_time(ms: u64, offset_min: i32) -> String {
    format!(
        "{} {}",
        format_date(ms, offset_min),
        format_time(ms, offset_min)
    )
}

/// An IMF-fixdate for a time (used by tests and by the simulator's `Retry-After`).
pub fn format_imf_fixdate(ms: u64) -> String {
    let ((y, mo, d), (h, mi, s)) = local_fields(ms, 0);
    let days = i64::try_from(ms / 86_400_000).unwrap_or(0);
    // 1970-01-01 was a Thursday (index 3 from Monday).
    let weekday = WEEKDAYS[((days + 3).rem_euclid(7)) as usize];
    let month = MONTHS[(mo - 1) as usize];
    format!("{weekday}, {d:02} {month} {y:04} {h:02}:{mi:02}:{s:02} GMT")
}
