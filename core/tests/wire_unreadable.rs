//! One odd optional field never sinks the job: each row puts one wrongly typed optional field
//! into an otherwise good body; the job still decodes, the field is left out and listed with its
//! path and raw value, and everything else is read as usual. What a job cannot do without (id,
//! status, counts) stays strict.

use bulkwatch_core::error::BwError;
use bulkwatch_core::model::{decode_job_response, Counts, Job, JobStatus};
use serde_json::{json, Value};

/// A good v8 body: one resource with two mappings and counts.
fn base() -> Value {
    json!({
        "status": "COMPLETED",
        "character_encoding": "UTF-8",
        "id": "111111000000541958",
        "operation": "insert",
        "created_time": "2026-11-30T10:02:05+05:30",
        "created_by": {"id": "111111000000035795", "name": "Patricia Boyle"},
        "ignore_empty": true,
        "callback": {"url": "https://www.example.com/callback", "method": "post"},
        "result": {"download_url": "https://download-accl.zoho.com/v2/crm/1/bulk-write/111111000000541958/111111000000541958.zip"},
        "resource": [{
            "status": "COMPLETED",
            "type": "data",
            "code": "ADDED",
            "module": {"api_name": "Leads", "id": "111111000000000125"},
            "file_id": "111111000000541001",
            "file_names": ["Leads.csv"],
            "field_mappings": [
                {"api_name": "Last_Name", "index": 0, "format": null, "find_by": null, "default_value": null},
                {"api_name": "Email", "index": 1, "format": null, "find_by": null, "default_value": null}
            ],
            "file": {"status": "COMPLETED", "name": "Leads.csv", "module": "Leads",
                     "added_count": 90, "skipped_count": 10, "updated_count": 0, "total_count": 100}
        }]
    })
}

/// Sets (or adds) `value` at a `/`-separated JSON pointer in a copy of the base body.
fn with(pointer: &str, value: Value) -> Value {
    let mut body = base();
    let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    match body.pointer_mut(parent) {
        Some(Value::Object(obj)) => {
            obj.insert(key.to_string(), value);
        }
        Some(Value::Array(items)) => match key.parse::<usize>().ok().and_then(|i| items.get_mut(i))
        {
            Some(slot) => *slot = value,
            None => panic!("no {pointer} in the base body"),
        },
        _ => panic!("no {parent} in the base body"),
    }
    body
}

fn decode(body: &Value) -> Job {
    match decode_job_response(200, body.to_string().as_bytes()) {
        Ok(job) => job,
        Err(e) => panic!("must decode: {e}\n{body}"),
    }
}

fn counts() -> Counts {
    Counts {
        added: 90,
        updated: 0,
        skipped: 10,
        total: 100,
    }
}

#[test]
fn the_base_body_has_nothing_unreadable() {
    let job = decode(&base());
    assert!(job.unreadable.is_empty(), "{:?}", job.unreadable);
    assert_eq!(job.counts(), counts());
    let file = job.resources[0].file.as_ref().expect("file");
    assert_eq!(file.module.as_deref(), Some("Leads"));
}

#[test]
fn each_odd_optional_field_is_set_aside_and_the_job_kept() {
    // (pointer, odd value, reported path, raw value as shown)
    let table: Vec<(&str, Value, &str, &str)> = vec![
        ("/ignore_empty", json!("true"), "ignore_empty", r#""true""#),
        ("/ignore_empty", json!(1), "ignore_empty", "1"),
        ("/character_encoding", json!(8), "character_encoding", "8"),
        (
            "/operation",
            json!(["insert"]),
            "operation",
            r#"["insert"]"#,
        ),
        (
            "/created_time",
            json!(1700000000),
            "created_time",
            "1700000000",
        ),
        (
            "/created_by",
            json!("Patricia"),
            "created_by",
            r#""Patricia""#,
        ),
        ("/created_by/id", json!(1.5), "created_by.id", "1.5"),
        (
            "/callback/method",
            json!({"m": "post"}),
            "callback.method",
            r#"{"m":"post"}"#,
        ),
        (
            "/result/download_url",
            json!(false),
            "result.download_url",
            "false",
        ),
        ("/resource/0/code", json!(200), "resource[0].code", "200"),
        ("/resource/0/type", json!(null), "", ""),
        ("/resource/0/module", json!(5), "resource[0].module", "5"),
        (
            "/resource/0/file_names",
            json!(["Leads.csv", null]),
            "resource[0].file_names",
            r#"["Leads.csv",null]"#,
        ),
        (
            "/resource/0/file_id",
            json!(true),
            "resource[0].file_id",
            "true",
        ),
        ("/resource/0/find_by", json!(7), "resource[0].find_by", "7"),
        (
            "/resource/0/ignore_empty",
            json!("no"),
            "resource[0].ignore_empty",
            r#""no""#,
        ),
        (
            "/resource/0/file/name",
            json!(3),
            "resource[0].file.name",
            "3",
        ),
        (
            "/resource/0/file/module",
            json!(3),
            "resource[0].file.module",
            "3",
        ),
        (
            "/resource/0/field_mappings/1/format",
            json!(12),
            "resource[0].field_mappings[1].format",
            "12",
        ),
        (
            "/resource/0/field_mappings/1/index",
            json!("B"),
            "resource[0].field_mappings[1].index",
            r#""B""#,
        ),
        (
            "/resource/0/field_mappings/1/index",
            json!(4294967296u64),
            "resource[0].field_mappings[1].index",
            "4294967296",
        ),
        (
            "/resource/0/field_mappings/0/api_name",
            json!({"x": 1}),
            "resource[0].field_mappings[0].api_name",
            r#"{"x":1}"#,
        ),
        (
            "/resource/0/field_mappings/0/parent_column_index",
            json!(-1),
            "resource[0].field_mappings[0].parent_column_index",
            "-1",
        ),
        (
            "/resource/0/field_mappings",
            json!("Last_Name,Email"),
            "resource[0].field_mappings",
            r#""Last_Name,Email""#,
        ),
    ];
    for (pointer, odd, path, raw) in table {
        let job = decode(&with(pointer, odd.clone()));
        assert_eq!(job.id, "111111000000541958", "{pointer}");
        assert_eq!(job.status, JobStatus::Completed, "{pointer}");
        assert_eq!(job.counts(), counts(), "{pointer}");
        if path.is_empty() {
            assert!(job.unreadable.is_empty(), "{pointer}: {:?}", job.unreadable);
            continue;
        }
        assert_eq!(job.unreadable.len(), 1, "{pointer}: {:?}", job.unreadable);
        let u = &job.unreadable[0];
        assert_eq!(u.path, path, "{pointer}");
        assert_eq!(u.raw, raw, "{pointer}");
        assert!(!u.expected.is_empty(), "{pointer}");
        assert_eq!(job.unreadable_at(path), Some(u));
    }
}

#[test]
fn what_is_set_aside_reads_as_absent_and_the_rest_is_kept() {
    let job = decode(&with("/ignore_empty", json!("true")));
    assert_eq!(job.ignore_empty, None);
    assert_eq!(job.character_encoding.as_deref(), Some("UTF-8"));

    let job = decode(&with("/resource/0/field_mappings/1/format", json!(12)));
    let m = &job.resources[0].field_mappings;
    assert_eq!(m.len(), 2);
    assert_eq!(m[1].api_name, "Email");
    assert_eq!(m[1].index, Some(1));
    assert_eq!(m[1].format, None);

    let job = decode(&with("/resource/0/file_names", json!(["Leads.csv", null])));
    assert!(job.resources[0].file_names.is_empty());
    assert_eq!(job.resources[0].module_name(), "Leads");

    let job = decode(&with("/created_by/id", json!(1.5)));
    let by = job.created_by.as_ref().expect("created_by kept");
    assert_eq!(
        (by.id.as_deref(), by.name.as_deref()),
        (None, Some("Patricia Boyle"))
    );
}

#[test]
fn single_objects_where_lists_belong_are_lists_of_one() {
    let mut body = base();
    let only = body["resource"][0].clone();
    body["resource"] = only;
    let job = decode(&body);
    assert_eq!(job.resources.len(), 1);
    assert_eq!(job.counts(), counts());
    assert!(job.unreadable.is_empty(), "{:?}", job.unreadable);

    let job = decode(&with(
        "/resource/0/field_mappings",
        json!({"api_name": "Last_Name", "index": 0}),
    ));
    let m = &job.resources[0].field_mappings;
    assert_eq!(m.len(), 1);
    assert_eq!((m[0].api_name.as_str(), m[0].index), ("Last_Name", Some(0)));
    assert!(job.unreadable.is_empty());
}

#[test]
fn items_that_are_not_objects_are_listed_and_the_others_kept() {
    let mut body = base();
    body["resource"][0]["field_mappings"][0] = json!("Last_Name");
    let job = decode(&body);
    let m = &job.resources[0].field_mappings;
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].api_name, "Email");
    assert_eq!(job.unreadable.len(), 1);
    assert_eq!(job.unreadable[0].path, "resource[0].field_mappings[0]");
    assert_eq!(job.unreadable[0].raw, r#""Last_Name""#);
}

#[test]
fn several_odd_fields_are_all_listed() {
    let mut body = base();
    body["ignore_empty"] = json!("false");
    body["resource"][0]["code"] = json!(false);
    body["resource"][0]["field_mappings"][0]["format"] = json!(0);
    let job = decode(&body);
    let paths: Vec<&str> = job.unreadable.iter().map(|u| u.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "ignore_empty",
            "resource[0].code",
            "resource[0].field_mappings[0].format"
        ]
    );
}

#[test]
fn long_raw_values_are_cut() {
    let long = "x".repeat(1000);
    let job = decode(&with("/operation", json!([long])));
    let raw = &job.unreadable[0].raw;
    assert!(raw.chars().count() <= bulkwatch_core::wire::MAX_RAW_CHARS + 1);
    assert!(raw.ends_with('…'));
}

#[test]
fn id_status_and_counts_stay_strict() {
    let table: Vec<(&str, Value, &str)> = vec![
        ("/id", json!(null), "id"),
        ("/id", json!(1.5), "id"),
        ("/status", json!(3), "status"),
        ("/resource/0/status", json!(3), "resource[0].status"),
        (
            "/resource/0/file/status",
            json!([]),
            "resource[0].file.status",
        ),
        (
            "/resource/0/file/added_count",
            json!("lots"),
            "resource[0].file.added_count",
        ),
        (
            "/resource/0/file/total_count",
            json!(-1),
            "resource[0].file.total_count",
        ),
        ("/resource/0/file", json!("Leads.csv"), "resource[0].file"),
    ];
    for (pointer, odd, want) in table {
        let body = with(pointer, odd);
        match decode_job_response(200, body.to_string().as_bytes()) {
            Err(BwError::DecodeShape { path, .. }) => assert_eq!(path, want, "{pointer}"),
            other => panic!("{pointer}: expected DecodeShape, got {other:?}"),
        }
    }
}
