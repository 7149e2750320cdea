//! Unzipping with limits: zip bombs, too many entries, truncated zips, non-zip bodies, encrypted,
//! non-CSV and damaged entries. Every case is a typed error, never a panic.

mod result_support;

use bulkwatch_core::result::{
    classify_body, load_result, BodyKind, Limits, LoadOptions, ResultError, ResultLoader,
};
use result_support::*;
use zip::CompressionMethod;

fn load_with(zip: Vec<u8>, limits: Limits) -> Result<usize, ResultError> {
    let opts = LoadOptions {
        limits,
        ..LoadOptions::default()
    };
    Ok(ResultLoader::with_options(zip, opts)?.finish()?.len())
}

/// One 70 MiB bomb shared by the tests of this file (building it is the slow part).
fn bomb70() -> Vec<u8> {
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOMB.get_or_init(|| bomb("Leads-bomb.csv", 70 << 20))
        .clone()
}

fn small_result() -> Vec<u8> {
    let csv = result_csv(LEADS, &leads_rows().repeat(40));
    let child = result_csv(["Product_Name", "Quantity", "Parent_Id"], &leads_rows());
    zip_of(&[
        ("Leads-leads.csv", csv.as_bytes()),
        ("Products-lines.csv", child.as_bytes()),
    ])
}

#[test]
fn a_zip_bomb_with_honest_headers_is_refused_before_inflating() {
    let zip = bomb70();
    assert!(
        zip.len() < 500_000,
        "the bomb should be tiny: {}",
        zip.len()
    );
    let err = ResultLoader::new(zip).err().unwrap();
    assert_eq!(
        err,
        ResultError::EntryTooLarge {
            name: "Leads-bomb.csv".into(),
            max: 64 << 20
        }
    );
}

#[test]
fn a_zip_bomb_with_lying_headers_is_stopped_by_counting_inflated_bytes() {
    let mut zip = bomb70();
    // Claim 100 bytes in both headers: only the streaming count can catch it now.
    patch_entries(&mut zip, |z, local, central| {
        put32(z, local + 22, 100);
        put32(z, central + 24, 100);
    });
    let mut loader = ResultLoader::new(zip.clone()).unwrap();
    let err = loop {
        match loader.step(1_000) {
            Ok(p) => assert!(!p.done, "the bomb loaded"),
            Err(e) => break e,
        }
    };
    assert_eq!(
        err,
        ResultError::RatioTooHigh {
            name: "Leads-bomb.csv".into(),
            max_ratio: 200
        }
    );
    // Later steps keep failing the same way.
    assert_eq!(loader.step(10).unwrap_err(), err);

    // With the ratio check off, the per-entry cap stops it.
    let limits = Limits {
        max_ratio: u64::MAX,
        ..Limits::default()
    };
    let err = load_with(zip, limits).unwrap_err();
    assert_eq!(
        err,
        ResultError::EntryTooLarge {
            name: "Leads-bomb.csv".into(),
            max: 64 << 20
        }
    );
}

#[test]
fn the_total_cap_counts_all_entries() {
    let csv = result_csv(LEADS, &leads_rows().repeat(500));
    let zip = zip_of(&[
        ("Leads-a.csv", csv.as_bytes()),
        ("Leads-b.csv", csv.as_bytes()),
    ]);
    let one = csv.len() as u64;
    let fits = Limits {
        max_total_bytes: 2 * one,
        ..Limits::default()
    };
    assert_eq!(load_with(zip.clone(), fits), Ok(6000));
    let limits = Limits {
        max_total_bytes: 2 * one - 1,
        ..Limits::default()
    };
    assert_eq!(
        load_with(zip, limits),
        Err(ResultError::TotalTooLarge { max: 2 * one - 1 })
    );
}

#[test]
fn the_ratio_is_only_enforced_past_the_grace_size() {
    // A small file of identical rows compresses hugely yet is legitimate.
    let csv = result_csv(
        LEADS,
        &[["", "", "", "skipped", "", "MANDATORY_NOT_FOUND-Last_Name"]; 20_000],
    );
    let zip = zip_of(&[("Leads-same.csv", csv.as_bytes())]);
    assert!(
        csv.len() / zip.len() > 200,
        "ratio {}",
        csv.len() / zip.len()
    );
    assert_eq!(load_with(zip.clone(), Limits::default()), Ok(20_000));
    let strict = Limits {
        ratio_grace_bytes: 0,
        ..Limits::default()
    };
    assert!(matches!(
        load_with(zip, strict),
        Err(ResultError::RatioTooHigh { .. })
    ));
}

#[test]
fn too_many_entries() {
    let csv = result_csv(LEADS, &leads_rows());
    let names: Vec<String> = (0..101).map(|i| format!("Leads-{i}.csv")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), csv.as_bytes())).collect();
    let err = ResultLoader::new(zip_of(&entries)).err().unwrap();
    assert_eq!(
        err,
        ResultError::TooManyEntries {
            found: 101,
            max: 100
        }
    );
    assert_eq!(load_result(zip_of(&entries[..100])).unwrap().len(), 600);
}

#[test]
fn a_truncated_zip_is_reported_as_truncated_at_every_cut() {
    let zip = small_result();
    assert_eq!(load_result(zip.clone()).unwrap().len(), 246);
    let len = zip.len();
    let mut cuts = vec![
        1,
        2,
        3,
        4,
        10,
        30,
        31,
        100,
        len / 4,
        len / 2,
        len - 200,
        len - 23,
        len - 22,
        len - 10,
        len - 1,
    ];
    cuts.extend((1..len).step_by(97));
    for cut in cuts {
        let err = load_result(zip[..cut].to_vec()).unwrap_err();
        assert!(
            matches!(err, ResultError::Truncated { .. }),
            "cut at {cut}/{len}: {err:?}"
        );
        assert!(err.to_string().contains("incomplete"));
    }
}

#[test]
fn non_zip_bodies_say_what_they_are() {
    let cases: Vec<(&[u8], BodyKind)> = vec![
        (b"", BodyKind::Empty),
        (b" \r\n", BodyKind::Empty),
        (br#"{"info":"Forbidden","x-info":"Link not valid"}"#, BodyKind::ExpiredLink),
        (b"{\n  \"info\" : \"Forbidden\",\n  \"x-info\" : \"Link not valid\"\n}\n", BodyKind::ExpiredLink),
        (
            br#"{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}"#,
            BodyKind::ZohoError { code: "INVALID_TOKEN".into(), message: "invalid oauth token".into() },
        ),
        (br#"{"anything":1}"#, BodyKind::Json),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", BodyKind::Html),
        (b"\n<html>502 Bad Gateway</html>", BodyKind::Html),
        (b"Service unavailable", BodyKind::Text),
        (b"\x00\x01\x02\xFF\xFE", BodyKind::Binary),
    ];
    for (body, kind) in cases {
        assert_eq!(
            classify_body(body),
            kind,
            "{:?}",
            String::from_utf8_lossy(body)
        );
        let err = ResultLoader::new(body.to_vec()).err().unwrap();
        assert_eq!(err, ResultError::NotZip(kind.clone()));
        assert_eq!(err.kind(), "not_zip");
    }
    // A result CSV sent bare is text too, but it is read (see result_tolerance.rs).
    let bare = b"Last_Name,STATUS,RECORD_ID,ERRORS\nA,added,1,\n";
    assert_eq!(classify_body(bare), BodyKind::Text);
    assert_eq!(load_result(bare.to_vec()).unwrap().len(), 1);
    let expired = ResultLoader::new(br#"{"info":"Forbidden","x-info":"Link not valid"}"#.to_vec());
    assert!(expired
        .err()
        .unwrap()
        .to_string()
        .contains("no longer valid"));
}

#[test]
fn encrypted_entries_are_refused() {
    let mut zip = small_result();
    patch_entries(&mut zip, |z, local, central| {
        z[local + 6] |= 1;
        z[central + 8] |= 1;
    });
    let err = ResultLoader::new(zip).err().unwrap();
    assert_eq!(
        err,
        ResultError::Encrypted {
            name: "Leads-leads.csv".into()
        }
    );
}

#[test]
fn unsupported_compression_is_refused() {
    let mut zip = small_result();
    patch_entries(&mut zip, |z, local, central| {
        z[local + 8] = 12; // bzip2
        z[central + 10] = 12;
    });
    let err = ResultLoader::new(zip).err().unwrap();
    assert!(
        matches!(err, ResultError::UnsupportedCompression { ref name, .. } if name == "Leads-leads.csv"),
        "{err:?}"
    );
}

#[test]
fn non_csv_entries_are_skipped_and_listed_and_folders_skipped() {
    let csv = result_csv(LEADS, &leads_rows());
    let set = load_result(zip_of(&[
        ("Leads-l.csv", csv.as_bytes()),
        ("notes.txt", b"hi"),
    ]))
    .unwrap();
    assert_eq!(set.len(), 6);
    assert_eq!(
        set.warnings(),
        &[bulkwatch_core::result::Warning::SkippedEntry {
            name: "notes.txt".into(),
            reason: bulkwatch_core::result::SkipReason::NotCsv,
        }]
    );

    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    writer.add_directory("results/", opts).unwrap();
    writer.start_file("results/Leads-l.CSV", opts).unwrap();
    std::io::Write::write_all(&mut writer, csv.as_bytes()).unwrap();
    let zip = writer.finish().unwrap().into_inner();
    let set = load_result(zip).unwrap();
    assert_eq!(set.len(), 6);
    assert_eq!(set.files()[0].module(), "Leads");

    assert_eq!(
        ResultLoader::new(zip_of(&[])).err(),
        Some(ResultError::NoCsv)
    );
}

#[test]
fn stored_entries_load_and_damaged_bytes_fail_the_checksum() {
    let csv = result_csv(LEADS, &leads_rows());
    let zip = zip_with(
        &[("Leads-l.csv", csv.as_bytes())],
        CompressionMethod::Stored,
    );
    assert_eq!(load_result(zip.clone()).unwrap().len(), 6);
    // Change one letter of the stored data ("Smith" → "Smyth"): still valid CSV, wrong CRC.
    let at = zip.windows(5).position(|w| w == b"Smith").unwrap();
    let mut damaged = zip.clone();
    damaged[at + 2] = b'y';
    let err = load_result(damaged).unwrap_err();
    assert!(
        matches!(err, ResultError::Corrupt { ref detail } if detail.contains("checksum")),
        "{err:?}"
    );

    // Damaged deflate data is an error too, whichever check sees it first.
    let zip = small_result();
    let mut damaged = zip.clone();
    let mid = 30 + "Leads-leads.csv".len() + 40;
    for b in &mut damaged[mid..mid + 16] {
        *b ^= 0x5A;
    }
    let err = load_result(damaged).unwrap_err();
    assert!(
        matches!(
            err,
            ResultError::Corrupt { .. } | ResultError::InvalidUtf8 { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn progress_counts_compressed_bytes_to_the_total() {
    let zip = small_result();
    let mut loader = ResultLoader::new(zip).unwrap();
    let first = loader.progress();
    assert_eq!(
        (first.done_bytes, first.files_total, first.done),
        (0, 2, false)
    );
    assert!(first.total_bytes > 0);
    let mut last = first;
    while !last.done {
        let p = loader.step(50).unwrap();
        assert!(p.done_bytes >= last.done_bytes && p.rows >= last.rows);
        last = p;
    }
    assert_eq!(last.done_bytes, last.total_bytes);
    assert_eq!((last.rows, last.files_done), (246, 2));
    assert_eq!(last.fraction(), 1.0);
}
