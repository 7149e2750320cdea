//! Property tests: no input panics the unzip, the CSV parser, the queries or the exports, and
//! exported rows read back unchanged.

mod result_support;

use bulkwatch_core::result::{
    load_result, parse_errors, ExportOptions, Filter, LoadOptions, OriginalLoader, ResultLoader,
    ResultSet, RowId, SortKey, SortOrder, Utf8Policy,
};
use proptest::prelude::*;
use result_support::*;

/// Exercises every query on whatever loaded.
fn poke(set: &ResultSet) {
    let _ = set.status_totals(Default::default());
    let _ = set.error_groups(Default::default());
    let _ = set.code_totals(Default::default());
    let mut rows = set.filter(&Filter {
        text: "a".into(),
        ..Filter::default()
    });
    set.sort_rows(
        &mut rows,
        &SortKey::Column("STATUS".into()),
        SortOrder::Descending,
    );
    set.sort_rows(&mut rows, &SortKey::RecordId, SortOrder::Ascending);
    let _ = set.export_rows(&rows, ExportOptions::default());
    let _ = set.error_summary_csv(ExportOptions::default());
    for id in set.row_ids().take(50) {
        let row = set.row(id).unwrap();
        let _ = (row.errors(), row.status(), row.record_id(), row.is_ragged());
    }
}

fn csvish() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 _,;:|\"\\r\\n\\t-]{0,400}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2_000), zip_magic: bool) {
        let mut body = if zip_magic { b"PK\x03\x04".to_vec() } else { Vec::new() };
        body.extend_from_slice(&bytes);
        if let Ok(set) = load_result(body.clone()) {
            poke(&set);
        }
        let loaded = ResultLoader::from_csv("Leads-x.csv", body.clone(), LoadOptions::default()).finish();
        if let Ok(set) = loaded {
            poke(&set);
        }
        let _ = OriginalLoader::new("x.csv", body).and_then(|l| l.finish());
    }

    #[test]
    fn damaged_real_zips_never_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        do_cut: bool,
    ) {
        let csv = result_csv(LEADS, &leads_rows().repeat(5));
        let child = result_csv(["A", "B", "C"], &leads_rows());
        let mut zip = zip_of(&[("Leads-l.csv", csv.as_bytes()), ("Products-p.csv", child.as_bytes())]);
        for (at, byte) in flips {
            let i = at.index(zip.len());
            zip[i] ^= byte;
        }
        if do_cut {
            zip.truncate(cut.index(zip.len()));
        }
        let mut loader = match ResultLoader::new(zip) {
            Ok(l) => l,
            Err(e) => { prop_assert!(!e.to_string().is_empty()); return Ok(()); }
        };
        let mut steps = 0;
        loop {
            match loader.step(7) {
                Ok(p) if p.done => break,
                Ok(_) => { steps += 1; prop_assert!(steps < 10_000); }
                Err(e) => { prop_assert!(!e.to_string().is_empty()); return Ok(()); }
            }
        }
        poke(&loader.finish().unwrap());
    }

    #[test]
    fn csvish_text_never_panics_the_parser(body in csvish(), header: bool, lossy: bool) {
        let text = if header { format!("A,STATUS,RECORD_ID,ERRORS\n{body}") } else { body };
        let utf8 = if lossy { Utf8Policy::Lossy } else { Utf8Policy::Strict };
        let opts = LoadOptions { utf8, ..LoadOptions::default() };
        let zip = zip_of(&[("Leads-x.csv", text.as_bytes())]);
        if let Ok(set) = ResultLoader::with_options(zip, opts).unwrap().finish() {
            poke(&set);
        }
    }

    #[test]
    fn errors_field_parsing_never_panics_or_loses_codes(field in "\\PC{0,200}") {
        for e in parse_errors(&field) {
            prop_assert!(!e.code.as_str().is_empty());
            prop_assert!(e.columns.iter().all(|c| !c.is_empty() && c.trim() == c));
        }
    }

    #[test]
    fn exported_rows_read_back_unchanged(body in csvish(), delimiter in prop::sample::select(vec![b',', b';', b'|', b':', b'\t'])) {
        let text = format!("Name,STATUS,RECORD_ID,ERRORS\n{body}");
        let set = ResultLoader::from_csv("Leads-x.csv", text.into_bytes(), LoadOptions::default()).finish().unwrap();
        let rows: Vec<RowId> = set.row_ids().collect();
        let csv = set.export_rows(&rows, ExportOptions { delimiter, bom: false });
        let back = ResultLoader::from_csv("Leads-x.csv", csv, LoadOptions::default()).finish().unwrap();
        prop_assert_eq!(back.files()[0].delimiter(), delimiter);
        prop_assert_eq!(back.len(), set.len());
        let width = set.files()[0].header().len();
        for id in rows {
            let a = set.row(id).unwrap().fields();
            let b = back.row(id).unwrap().fields();
            for i in 0..width {
                prop_assert_eq!(a.field(i), b.field(i));
            }
        }
    }
}
