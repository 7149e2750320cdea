//! Property tests: `decode_job_response` never panics — on arbitrary bytes, on arbitrary JSON
//! values (biased towards Zoho's own field names so the decoder's deep paths are reached), and
//! on real fixtures mutated byte-wise and value-wise — and whatever decodes is self-consistent.

use bulkwatch_core::error::BwError;
use bulkwatch_core::model::{decode_job_response, JobStatus, ResourceStatus};
use bulkwatch_core::wire::{job_from_value, WireJob};
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

const FIXTURES: [&str; 8] = [
    include_str!("../../tests/fixtures/jobs/seed_added.json"),
    include_str!("../../tests/fixtures/jobs/seed_completed.json"),
    include_str!("../../tests/fixtures/jobs/v2_numeric_id.json"),
    include_str!("../../tests/fixtures/jobs/v3_parent_child.json"),
    include_str!("../../tests/fixtures/jobs/null_heavy.json"),
    include_str!("../../tests/fixtures/jobs/v8_per_resource_ignore_empty.json"),
    include_str!("../../tests/fixtures/jobs/numeric_string_counts.json"),
    include_str!("../../tests/fixtures/errors/invalid_token.json"),
];

/// Keys Zoho uses, so generated objects hit the decoder's real fields, plus a few strangers.
const KEYS: [&str; 28] = [
    "id",
    "status",
    "operation",
    "resource",
    "result",
    "download_url",
    "created_by",
    "name",
    "created_time",
    "callback",
    "url",
    "method",
    "ignore_empty",
    "character_encoding",
    "type",
    "code",
    "module",
    "api_name",
    "field_mappings",
    "index",
    "file",
    "added_count",
    "total_count",
    "file_names",
    "file_id",
    "message",
    "details",
    "x-info",
];

fn json_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<u64>().prop_map(|n| Value::Number(n.into())),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        (0u32..200).prop_map(|n| Value::Number(n.into())),
    ]
}

fn json_string() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<String>(),
        "[0-9 ]{0,22}",
        prop::sample::select(vec![
            "ADDED",
            "INPROGRESS",
            "IN PROGRESS",
            "COMPLETED",
            "FAILED",
            "SKIPPED",
            "error",
            "insert",
            "upsert",
            "Leads",
            "2019-01-30T02:18:15-12:00",
            "/v3/crm/x.zip",
            "",
        ])
        .prop_map(str::to_string),
    ]
    .prop_map(Value::String)
}

/// Arbitrary JSON values, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number(),
        json_string(),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        let key = prop_oneof![
            3 => prop::sample::select(KEYS.to_vec()).prop_map(str::to_string),
            1 => any::<String>(),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Replaces the value at a pseudo-random spot of `v` (chosen by `pick`) with `with`.
fn graft(v: &mut Value, pick: &mut impl Iterator<Item = usize>, with: Value) {
    let choice = pick.next().unwrap_or(0);
    match v {
        Value::Object(map) if !map.is_empty() && choice % 4 != 0 => {
            let key = map
                .keys()
                .nth(choice % map.len())
                .cloned()
                .unwrap_or_default();
            if let Some(child) = map.get_mut(&key) {
                graft(child, pick, with);
            }
        }
        Value::Array(items) if !items.is_empty() && choice % 4 != 0 => {
            let i = choice % items.len();
            graft(&mut items[i], pick, with);
        }
        _ => *v = with,
    }
}

/// What any successful decode must satisfy, whatever went in.
fn check_consistent(status: u16, body: &[u8]) {
    match decode_job_response(status, body) {
        Ok(job) => {
            assert!((200..300).contains(&status), "a job only under 2xx");
            assert_eq!(job.status, JobStatus::from_wire(&job.status_raw));
            for r in &job.resources {
                assert_eq!(r.status, ResourceStatus::from_wire(&r.status_raw));
            }
            assert!(job
                .download_url
                .as_deref()
                .is_none_or(|u| !u.trim().is_empty()));
        }
        Err(e) => {
            // Every error is describable and has a code.
            assert!(!e.code().is_empty());
            assert!(!e.title().is_empty());
            let _ = (
                e.to_string(),
                e.resolution(),
                e.is_retryable(),
                e.needs_token(),
            );
            if !(200..300).contains(&status) {
                assert!(e.http_status() == Some(status), "{e:?}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..512)) {
        check_consistent(status, &body);
    }

    #[test]
    fn arbitrary_json_never_panics(status in prop_oneof![Just(200u16), 100u16..600], v in json_value()) {
        let text = serde_json::to_vec(&v).expect("a Value always serialises");
        check_consistent(status, &text);
    }

    #[test]
    fn byte_mutated_fixtures_never_panic(
        which in 0..FIXTURES.len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = FIXTURES[which].as_bytes().to_vec();
        for (at, byte, op) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, byte),
            }
        }
        if let Some(c) = cut {
            bytes.truncate(c.index(bytes.len() + 1));
        }
        check_consistent(200, &bytes);
    }

    #[test]
    fn value_mutated_fixtures_never_panic_and_round_trip(
        which in 0..FIXTURES.len(),
        path in prop::collection::vec(any::<usize>(), 1..6),
        with in json_value(),
    ) {
        let mut v: Value = serde_json::from_str(FIXTURES[which]).expect("fixture is JSON");
        graft(&mut v, &mut path.into_iter(), with);
        let text = serde_json::to_vec(&v).expect("serialises");
        check_consistent(200, &text);
        // What decodes, re-serialised by the wire types, decodes to the same thing.
        if let Ok(wire) = job_from_value(v) {
            let written = serde_json::to_value(&wire).expect("serialises");
            let again: WireJob = job_from_value(written).expect("re-decodes");
            prop_assert_eq!(again, wire);
        }
    }
}

#[test]
fn deeply_nested_json_is_refused_not_overflowed() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = decode_job_response(200, deep.as_bytes()).expect_err("not a job");
    assert!(matches!(e, BwError::DecodeInvalidJson { .. }), "{e:?}");
    let deep_obj = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    assert!(decode_job_response(200, deep_obj.as_bytes()).is_err());
}
