//! The plain data a Web Worker would post to the page serialises and reads back unchanged.

mod result_support;

use bulkwatch_core::result::{
    BodyKind, ErrorCode, ExportOptions, Filter, LoadOptions, ResultError, ResultLoader, RowId,
    RowStatus, Scope, SortKey, SortOrder,
};
use result_support::*;
use serde::{de::DeserializeOwned, Serialize};

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    value: &T,
) -> serde_json::Value {
    let json = serde_json::to_value(value).unwrap();
    let back: T = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(&back, value);
    json
}

#[test]
fn summaries_filters_and_progress_round_trip() {
    let set = two_files();
    let groups = set.error_groups(Scope::All);
    let json = round_trip(&groups);
    assert_eq!(
        json[0],
        serde_json::json!({"code": "MANDATORY_NOT_FOUND", "column": "Company", "rows": 2})
    );
    round_trip(&set.status_totals(Scope::File(1)));
    round_trip(&set.code_totals(Scope::All));
    let filter = Filter {
        file: Some(1),
        statuses: vec![RowStatus::Skipped, RowStatus::Other("Pending".into())],
        code: Some(ErrorCode::Other("NEW".into())),
        column: Some("Email".into()),
        text: "zo".into(),
    };
    round_trip(&filter);
    // A partial filter from the page fills the rest with defaults.
    let partial: Filter = serde_json::from_str(r#"{"statuses":["SKIPPED"]}"#).unwrap();
    assert_eq!(
        partial,
        Filter {
            statuses: vec![RowStatus::Skipped],
            ..Filter::default()
        }
    );
    round_trip(&(
        SortKey::Column("Email".into()),
        SortOrder::Descending,
        RowId(7),
    ));
    round_trip(&(LoadOptions::default(), ExportOptions::default()));
    let mut loader = ResultLoader::new(zip_of(&[(
        "Leads-l.csv",
        result_csv(LEADS, &leads_rows()).as_bytes(),
    )]))
    .unwrap();
    round_trip(&loader.step(3).unwrap());
}

#[test]
fn errors_serialise_with_their_kind_token() {
    let errors = [
        ResultError::NotZip(BodyKind::ExpiredLink),
        ResultError::NotZip(BodyKind::ZohoError {
            code: "X".into(),
            message: "m".into(),
        }),
        ResultError::Truncated { detail: "d".into() },
        ResultError::TooManyEntries { found: 2, max: 1 },
        ResultError::InvalidUtf8 {
            file: "f".into(),
            offset: 9,
        },
        ResultError::Utf16 { file: "f".into() },
        ResultError::MissingColumn {
            file: "f".into(),
            column: "STATUS".into(),
        },
        ResultError::NoCsv,
    ];
    for err in errors {
        let json = round_trip(&err);
        assert_eq!(json["kind"], err.kind(), "{json}");
        assert!(!err.to_string().is_empty());
    }
}
