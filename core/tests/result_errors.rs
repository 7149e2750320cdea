//! The ERRORS column: parsing table, codes and hints.

use bulkwatch_core::result::{parse_errors, ErrorCode, RecordError};

fn err(code: ErrorCode, columns: &[&str]) -> RecordError {
    RecordError {
        code,
        columns: columns.iter().map(|c| c.to_string()).collect(),
    }
}

#[test]
fn parses_the_errors_field() {
    use ErrorCode::*;
    let cases: Vec<(&str, Vec<RecordError>)> = vec![
        ("", vec![]),
        ("   ", vec![]),
        (":", vec![]),
        (
            "MANDATORY_NOT_FOUND-Last_Name",
            vec![err(MandatoryNotFound, &["Last_Name"])],
        ),
        ("INVALID_DATA-Email", vec![err(InvalidData, &["Email"])]),
        ("DUPLICATE_DATA-Email", vec![err(DuplicateData, &["Email"])]),
        ("NOT_APPROVED-Stage", vec![err(NotApproved, &["Stage"])]),
        ("BLOCKED_RECORD-Id", vec![err(BlockedRecord, &["Id"])]),
        (
            "CANNOT_PROCESS-Account_Name",
            vec![err(CannotProcess, &["Account_Name"])],
        ),
        ("LIMIT_EXCEEDED-Tag", vec![err(LimitExceeded, &["Tag"])]),
        (
            "RESOURCE_NOT_FOUND-Owner",
            vec![err(ResourceNotFound, &["Owner"])],
        ),
        // several columns, several errors: the documented example
        (
            "MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email",
            vec![
                err(MandatoryNotFound, &["Company", "Last_Name"]),
                err(DuplicateData, &["Email"]),
            ],
        ),
        // spaces, lower case, trailing separators, empty columns
        (
            " mandatory_not_found - Company , Last_Name : duplicate_data-Email : ",
            vec![
                err(MandatoryNotFound, &["Company", "Last_Name"]),
                err(DuplicateData, &["Email"]),
            ],
        ),
        ("INVALID_DATA-Email,,", vec![err(InvalidData, &["Email"])]),
        ("::INVALID_DATA-Email::", vec![err(InvalidData, &["Email"])]),
        // a code without columns
        ("LIMIT_EXCEEDED", vec![err(LimitExceeded, &[])]),
        ("INVALID_DATA-", vec![err(InvalidData, &[])]),
        // unknown code kept raw with its columns
        (
            "NEW_CODE-Phone",
            vec![err(Other("NEW_CODE".into()), &["Phone"])],
        ),
        // malformed pieces kept whole, not lost
        ("-Company", vec![err(Other("-Company".into()), &[])]),
        (
            "Something went wrong",
            vec![err(Other("Something went wrong".into()), &[])],
        ),
        (
            "INVALID_DATA-Email:bad piece here",
            vec![
                err(InvalidData, &["Email"]),
                err(Other("bad piece here".into()), &[]),
            ],
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(parse_errors(input), expected, "input: {input:?}");
    }
}

#[test]
fn codes_round_trip_and_each_known_code_has_its_own_hint() {
    let mut hints = std::collections::HashSet::new();
    for code in ErrorCode::KNOWN {
        assert_eq!(ErrorCode::parse(code.as_str()), code);
        assert_eq!(ErrorCode::parse(&code.as_str().to_lowercase()), code);
        assert!(code.is_known());
        let hint = code.fix_hint();
        assert!(hint.len() > 40, "{code} has a thin hint");
        assert!(hints.insert(hint), "{code} shares its hint");
    }
    assert_eq!(hints.len(), 8);
    let other = ErrorCode::parse(" Weird ");
    assert_eq!(other, ErrorCode::Other("Weird".into()));
    assert!(!other.is_known());
    assert_eq!(other.to_string(), "Weird");
    assert!(!hints.contains(other.fix_hint()));
}
