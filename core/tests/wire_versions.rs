//! Shapes that differ across API versions: v2 string modules and numeric ids, v3+ parent/child
//! jobs, callbacks, explicit nulls, and v8's per-resource `ignore_empty`. Field by field.

use bulkwatch_core::model::{
    decode_job_response, Callback, Counts, FieldMapping, Job, JobStatus, ModuleRef, Operation,
    ResourceStatus, User,
};
use serde_json::json;

fn decode(body: &str) -> Job {
    match decode_job_response(200, body.as_bytes()) {
        Ok(job) => job,
        Err(e) => panic!("fixture must decode: {e}"),
    }
}

#[test]
fn v2_string_module_while_running_has_no_file() {
    let job = decode(include_str!(
        "../../tests/fixtures/jobs/v2_string_module_running.json"
    ));
    assert_eq!(job.id, "3652397000000624001");
    assert_eq!(job.status, JobStatus::InProgress);
    assert_eq!(job.operation, Operation::Insert);
    assert_eq!(job.created_at.map(|t| t.offset_minutes), Some(330));
    assert_eq!(
        job.created_by,
        Some(User {
            id: Some("3652397000000186017".into()),
            name: Some("Ana Ruiz".into())
        })
    );
    assert_eq!(job.resources.len(), 1);
    let r = &job.resources[0];
    assert_eq!(
        r.module,
        Some(ModuleRef {
            api_name: "Leads".into(),
            id: None
        })
    );
    assert_eq!(r.code, None);
    assert_eq!(r.file, None);
    assert_eq!(r.counts(), Counts::default());
    let names: Vec<&str> = r
        .field_mappings
        .iter()
        .map(|m| m.api_name.as_str())
        .collect();
    assert_eq!(names, ["Last_Name", "Company", "Email"]);
    let indexes: Vec<Option<u32>> = r.field_mappings.iter().map(|m| m.index).collect();
    assert_eq!(indexes, [Some(0), Some(1), Some(2)]);
    assert_eq!(job.counts(), Counts::default());
}

#[test]
fn v2_numeric_ids_become_exact_strings() {
    let job = decode(include_str!("../../tests/fixtures/jobs/v2_numeric_id.json"));
    assert_eq!(job.id, "3652397000000624123");
    assert_eq!(
        job.created_by.as_ref().and_then(|u| u.id.as_deref()),
        Some("3652397000000186017")
    );
    assert_eq!(job.operation, Operation::Update);
    assert_eq!(job.status, JobStatus::Completed);
    assert_eq!(job.created_at.map(|t| t.offset_minutes), Some(0));
    assert_eq!(job.resources[0].module_name(), "Contacts");
    assert_eq!(
        job.download_url.as_deref(),
        Some("https://download-accl.zoho.com/v2/crm/6196138/bulk-write/3652397000000624123/3652397000000624123.zip")
    );
    assert_eq!(
        job.counts(),
        Counts {
            added: 40,
            updated: 0,
            skipped: 2,
            total: 42
        }
    );
}

#[test]
fn v3_parent_child_keeps_every_resource_in_order() {
    let job = decode(include_str!(
        "../../tests/fixtures/jobs/v3_parent_child.json"
    ));
    assert_eq!(job.id, "4876876000006855101");
    assert_eq!(job.operation, Operation::Upsert);
    assert_eq!(job.ignore_empty, Some(true));
    assert!(job.is_parent_child());
    assert_eq!(job.resources.len(), 2);

    let parent = &job.resources[0];
    assert_eq!(parent.module_name(), "Quotes");
    assert_eq!(parent.file_id.as_deref(), Some("4876876000006855001"));
    assert_eq!(parent.file_names, ["Quotes.csv"]);
    assert_eq!(parent.find_by.as_deref(), Some("id"));
    assert_eq!(parent.ignore_empty, None);
    assert_eq!(parent.effective_ignore_empty(&job), Some(true));
    assert!(parent
        .field_mappings
        .iter()
        .all(|m| m.parent_column_index.is_none()));

    let child = &job.resources[1];
    assert_eq!(
        child.module,
        Some(ModuleRef {
            api_name: "Quoted_Items".into(),
            id: Some("4876876000000091023".into())
        })
    );
    assert_eq!(child.file_id, parent.file_id, "one zip for the whole job");
    assert_eq!(child.file_names, ["Quoted_Items.csv"]);
    assert_eq!(child.find_by, None);
    assert_eq!(
        child.field_mappings[0],
        FieldMapping {
            api_name: "Parent_Id".into(),
            index: Some(0),
            find_by: Some("id".into()),
            format: None,
            module: Some("Quotes".into()),
            default_value: None,
            parent_column_index: Some(0),
        }
    );
    assert_eq!(child.field_mappings[1].module.as_deref(), Some("Products"));
    assert_eq!(
        child.field_mappings[1].find_by.as_deref(),
        Some("Product_Code")
    );
    assert_eq!(
        child.field_mappings[2].default_value,
        Some(json!({"value": 1}))
    );
    assert_eq!(
        child.field_mappings[2].default_value_text().as_deref(),
        Some("1")
    );

    let parent_counts = parent.counts();
    let child_counts = child.counts();
    assert_eq!(parent_counts.updated, 9);
    assert_eq!(child_counts.added, 25);
    assert_eq!(
        job.counts(),
        Counts {
            added: 25,
            updated: 9,
            skipped: 4,
            total: 38
        }
    );
}

#[test]
fn callback_is_kept() {
    let job = decode(include_str!("../../tests/fixtures/jobs/callback.json"));
    assert_eq!(
        job.callback,
        Some(Callback {
            url: Some("https://hooks.example.com/bulk/done".into()),
            method: Some("post".into())
        })
    );
    assert_eq!(job.ignore_empty, Some(false));
    assert_eq!(job.status, JobStatus::Added);
    let r = &job.resources[0];
    assert_eq!(r.status, ResourceStatus::Added);
    let file = r.file.as_ref().expect("file block");
    assert_eq!(file.status, ResourceStatus::Added);
    assert_eq!(file.name, None);
    // Fractional seconds and a +11:00 offset: 23:59:59.250+11:00 = 12:59:59.250Z.
    let at = job.created_at.expect("valid RFC 3339");
    assert_eq!(at.epoch_millis, 1_646_139_599_250);
    assert_eq!(at.offset_minutes, 660);
}

#[test]
fn explicit_nulls_everywhere_decode() {
    let job = decode(include_str!("../../tests/fixtures/jobs/null_heavy.json"));
    assert_eq!(job.id, "4876876000007000101");
    assert_eq!(job.character_encoding, None);
    assert_eq!(job.created_by, None);
    assert_eq!(job.callback, None);
    assert_eq!(job.download_url, None);
    assert_eq!(job.created_time, None);
    assert_eq!(job.created_at, None);
    assert_eq!(job.ignore_empty, None);
    assert_eq!(job.operation, Operation::Unknown(String::new()));
    assert_eq!(job.resources.len(), 2);

    let first = &job.resources[0];
    assert_eq!(
        first.module,
        Some(ModuleRef {
            api_name: "Leads".into(),
            id: None
        })
    );
    assert_eq!(first.kind, None);
    assert_eq!(first.code, None);
    assert_eq!(first.file_id, None);
    assert!(first.file_names.is_empty());
    assert_eq!(first.ignore_empty, None);
    assert_eq!(first.field_mappings[0].index, None);
    assert_eq!(first.field_mappings[0].default_value, None);
    assert_eq!(first.field_mappings[0].default_value_text(), None);
    let file = first.file.as_ref().expect("file block");
    assert_eq!(file.name, None);
    assert_eq!(file.counts, Counts::default());

    let bare = &job.resources[1];
    assert_eq!(bare.status, ResourceStatus::Unknown(String::new()));
    assert_eq!(bare.status_raw, "");
    assert_eq!(bare.module, None);
    assert_eq!(bare.module_name(), "");
    assert!(bare.field_mappings.is_empty());
    assert_eq!(bare.file, None);
}

#[test]
fn v8_per_resource_ignore_empty_and_default_values() {
    let job = decode(include_str!(
        "../../tests/fixtures/jobs/v8_per_resource_ignore_empty.json"
    ));
    assert_eq!(job.ignore_empty, None);
    let r = &job.resources[0];
    assert_eq!(r.ignore_empty, Some(true));
    assert_eq!(r.effective_ignore_empty(&job), Some(true));
    assert_eq!(r.code.as_deref(), Some("COMPLETED"));
    assert_eq!(r.find_by.as_deref(), Some("Deal_Name"));
    assert_eq!(r.file_names, ["Deals.csv"]);
    assert_eq!(job.operation, Operation::Upsert);
    assert_eq!(
        job.download_url.as_deref(),
        Some("https://download-accl.zoho.eu/v2/crm/20061234/bulk-write/5725767000010431101/5725767000010431101.zip")
    );

    let stage = &r.field_mappings[1];
    assert_eq!(stage.default_value, Some(json!({"value": "Qualification"})));
    assert_eq!(stage.default_value_text().as_deref(), Some("Qualification"));
    assert_eq!(r.field_mappings[2].format.as_deref(), Some("yyyy-MM-dd"));
    let account = &r.field_mappings[3];
    assert_eq!(account.module.as_deref(), Some("Accounts"));
    assert_eq!(account.find_by.as_deref(), Some("Account_Name"));
    assert_eq!(
        account.default_value,
        Some(json!({"name": "Zylker", "module": "Accounts", "value": "5725767000000416001"}))
    );
    assert_eq!(
        account.default_value_text().as_deref(),
        Some("5725767000000416001")
    );
    assert_eq!(
        job.counts(),
        Counts {
            added: 120,
            updated: 375,
            skipped: 5,
            total: 500
        }
    );
}
