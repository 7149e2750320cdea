//! The committed result fixtures (tests/fixtures/results/), shared with the UI and e2e tests.

mod result_support;

use bulkwatch_core::result::{
    load_result, BodyKind, ErrorCode, ErrorGroup, Join, OriginalLoader, ResultError, ResultLoader,
    RowId, Scope,
};
use result_support::*;

const LEADS_RESULT: &str = include_str!("../../tests/fixtures/results/Leads-leads.csv");
const LEADS_ORIGINAL: &[u8] = include_bytes!("../../tests/fixtures/results/leads_original.csv");
const EXPIRED: &[u8] = include_bytes!("../../tests/fixtures/results/expired_link.json");

#[test]
fn the_leads_fixture_summarises_as_documented() {
    let set = load_result(zip_of(&[("Leads-leads.csv", LEADS_RESULT.as_bytes())])).unwrap();
    assert_eq!(set.len(), 6);
    let groups = set.error_groups(Scope::All);
    assert_eq!(
        groups[0],
        ErrorGroup {
            code: ErrorCode::MandatoryNotFound,
            column: Some("Company".into()),
            rows: 2
        }
    );
    assert_eq!(groups.iter().map(|g| g.rows).sum::<u32>(), 5);

    let originals = OriginalLoader::new("leads_original.csv", LEADS_ORIGINAL.to_vec())
        .unwrap()
        .finish()
        .unwrap();
    let join = &Join::auto(&set, &originals)[0];
    assert!(join.check.looks_right(), "{:?}", join.check);
    let kim = join.original_row(&set, &originals, RowId(5)).unwrap();
    assert_eq!(kim.by_name("Phone"), "+1 555\r\n0105");
    assert_eq!(originals.files()[0].delimiter(), b';');
}

#[test]
fn the_expired_link_fixture_is_recognised() {
    let err = ResultLoader::new(EXPIRED.to_vec()).err().unwrap();
    assert_eq!(err, ResultError::NotZip(BodyKind::ExpiredLink));
}
