//! Throughput, ETA and stall detection from successive observations.

use bulkwatch_core::progress::{
    eta_target, format_eta, format_rate, Progress, StallConfig, MAX_SAMPLES,
};

/// Observations (received at, processed) and the throughput they give.
type Case = (Vec<(u64, u64)>, Option<f64>);

fn progress(samples: &[(u64, u64)]) -> Progress {
    let mut p = Progress::new();
    for &(at, n) in samples {
        p.record(at, n);
    }
    p
}

#[test]
fn throughput_from_successive_observations() {
    let table: Vec<Case> = vec![
        (vec![], None),
        (vec![(0, 0)], None),
        (vec![(0, 0), (10_000, 0)], None),
        (vec![(0, 0), (10_000, 1000)], Some(100.0)),
        (vec![(0, 0), (5_000, 500), (10_000, 1000)], Some(100.0)),
        // A long wait at zero does not dilute the rate: measured from the last zero.
        (
            vec![(0, 0), (60_000, 0), (120_000, 0), (125_000, 500)],
            Some(100.0),
        ),
        // A plateau at the end does: the job is slowing.
        (vec![(0, 0), (10_000, 1000), (20_000, 1000)], Some(50.0)),
        // A count going down starts afresh.
        (vec![(0, 0), (10_000, 1000), (20_000, 10)], None),
        // Time going backwards is ignored.
        (vec![(0, 0), (10_000, 1000), (5_000, 2000)], Some(100.0)),
    ];
    for (samples, want) in table {
        assert_eq!(progress(&samples).throughput(), want, "{samples:?}");
    }
}

#[test]
fn window_is_bounded() {
    let samples: Vec<(u64, u64)> = (0..100).map(|i| (i * 1000, i * i)).collect();
    let p = progress(&samples);
    assert_eq!(p.samples().count(), MAX_SAMPLES);
    assert_eq!(
        p.samples().next().unwrap().at_ms,
        (100 - MAX_SAMPLES as u64) * 1000
    );
    // Rate over the window only: (99² − 76²) / 23 s.
    let want = (99.0 * 99.0 - 76.0 * 76.0) / 23.0;
    assert!((p.throughput().unwrap() - want).abs() < 1e-9);
}

#[test]
fn eta_once_estimable() {
    let p = progress(&[(0, 0), (10_000, 1000)]);
    assert_eq!(p.eta_ms(10_000), Some(90_000));
    assert_eq!(p.eta_ms(1000), Some(0));
    assert_eq!(p.eta_ms(500), Some(0));
    assert_eq!(progress(&[(0, 0)]).eta_ms(10), None);
    assert_eq!(progress(&[(0, 5)]).eta_ms(5), Some(0));
    assert_eq!(eta_target(Some(500), 100, 100), Some(500));
    assert_eq!(eta_target(None, 100, 100), None);
    assert_eq!(eta_target(None, 250, 100), Some(250));
}

#[test]
fn stall_after_much_longer_than_the_pace() {
    let cfg = StallConfig {
        min_quiet_ms: 60_000,
        factor: 5.0,
    };
    // Changes every 30 s: a stall after 5 × 30 s = 150 s of quiet.
    let p = progress(&[(0, 0), (30_000, 100), (60_000, 200), (90_000, 300)]);
    assert_eq!(p.quiet_limit_ms(&cfg), 150_000);
    assert!(!p.is_stalled(90_000 + 150_000, &cfg));
    assert!(p.is_stalled(90_000 + 150_001, &cfg));
    // Fast changes: the floor applies.
    let p = progress(&[(0, 0), (1_000, 100), (2_000, 200)]);
    assert_eq!(p.quiet_limit_ms(&cfg), 60_000);
    assert!(p.is_stalled(62_001, &cfg));
    // A status change restarts the quiet period.
    let mut p = progress(&[(0, 0)]);
    p.note_change(50_000);
    assert!(!p.is_stalled(100_000, &cfg));
    assert!(p.is_stalled(110_001, &cfg));
    assert!(!Progress::new().is_stalled(u64::MAX, &cfg));
}

#[test]
fn human_formats() {
    assert_eq!(format_rate(1234.4), "1234 records/s");
    assert_eq!(format_rate(12.54), "12.5 records/s");
    assert_eq!(format_rate(0.25), "0.25 records/s");
    assert_eq!(format_rate(0.0), "no records yet");
    assert_eq!(format_rate(f64::NAN), "no records yet");
    assert_eq!(format_eta(10_000), "under a minute");
    assert_eq!(format_eta(240_000), "about 4 min");
    assert_eq!(format_eta(3_600_000), "about 1 h");
    assert_eq!(format_eta(7_800_000), "about 2 h 10 min");
}

#[test]
fn serialises_for_storage() {
    let p = progress(&[(0, 0), (10_000, 1000)]);
    let json = serde_json::to_string(&p).unwrap();
    let back: Progress = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    assert_eq!(back.throughput(), Some(100.0));
}
