//! Date arithmetic, IMF-fixdate parsing and printing, local formatting.

use bulkwatch_core::clock::{
    civil_from_days, days_from_civil, format_date_time, format_imf_fixdate, format_time,
    parse_imf_fixdate,
};

#[test]
fn civil_days_round_trip() {
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    assert_eq!(days_from_civil(1969, 12, 31), -1);
    for days in (-800_000..800_000).step_by(997) {
        let (y, m, d) = civil_from_days(days);
        assert_eq!(days_from_civil(y, m, d), days);
    }
}

#[test]
fn imf_fixdates() {
    let table = [
        ("Sun, 06 Nov 1994 08:49:37 GMT", Some(784_111_777_000)),
        ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
        ("Tue, 29 Feb 2000 12:00:00 GMT", Some(951_825_600_000)),
        ("  Wed, 21 Oct 2015 07:28:00 GMT ", Some(1_445_412_480_000)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", None),
        ("Sun Nov  6 08:49:37 1994", None),
        ("Sun, 06 Nov 1994 08:49:37 UTC", None),
        ("Sun, 6 Nov 1994 08:49:37 GMT", None),
        ("Sun, 06 nov 1994 08:49:37 GMT", None),
        ("Sun, 31 Feb 1994 08:49:37 GMT", None),
        ("Sun, 06 Nov 1994 24:00:00 GMT", None),
        ("Xyz, 06 Nov 1994 08:49:37 GMT", None),
        ("Wed, 31 Dec 1969 23:59:59 GMT", None),
        ("", None),
    ];
    for (text, want) in table {
        assert_eq!(parse_imf_fixdate(text), want, "{text:?}");
    }
    for ms in [0, 784_111_777_000, 1_700_000_000_000, 4_102_444_800_000] {
        assert_eq!(parse_imf_fixdate(&format_imf_fixdate(ms)), Some(ms));
    }
    assert_eq!(
        format_imf_fixdate(784_111_777_000),
        "Sun, 06 Nov 1994 08:49:37 GMT"
    );
}

#[test]
fn local_formatting() {
    let ms = 1_548_857_895_000; // 14:18:15 UTC
    assert_eq!(format_time(ms, 0), "14:18:15");
    assert_eq!(format_time(ms, 120), "16:18:15");
    assert_eq!(format_time(ms, -720), "02:18:15");
    assert_eq!(format_date_time(ms, -720), "2019-01-30 02:18:15");
    assert_eq!(format_date_time(ms, 600), "2019-01-31 00:18:15");
}
