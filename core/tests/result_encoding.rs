//! Result files in encodings other than UTF-8: the job's declared `character_encoding`, a
//! byte-order mark, and bytes invalid in the expected encoding (read as Windows-1252, noted). The
//! fixtures are encoded with `encoding_rs`; one bad byte never costs the file, and every
//! encoding other than plain UTF-8 is named in a note.

mod result_support;

use bulkwatch_core::result::{ResultLoader, ResultSet, RowId, Scope, Warning};
use encoding_rs::{Encoding, SHIFT_JIS, UTF_16BE, UTF_16LE, WINDOWS_1252};
use proptest::prelude::*;
use result_support::*;

const FILE: &str = "Contacts-people.csv";

fn rows() -> Vec<[&'static str; 6]> {
    vec![
        ["Müller", "Zoë & Söhne", "m@x.test", "added", "9001", ""],
        [
            "Øster",
            "Café €uro",
            "o@x.test",
            "skipped",
            "",
            "INVALID_DATA-Email",
        ],
        ["Smith", "Acme", "s@x.test", "updated", "9003", ""],
    ]
}

fn text() -> String {
    result_csv(["Last_Name", "Account_Name", "Email"], &rows())
}

fn encode(text: &str, enc: &'static Encoding) -> Vec<u8> {
    if enc == UTF_16LE || enc == UTF_16BE {
        let le = enc == UTF_16LE;
        return text
            .encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect();
    }
    let (bytes, _, unmappable) = enc.encode(text);
    assert!(
        !unmappable,
        "the fixture must be representable in {}",
        enc.name()
    );
    bytes.into_owned()
}

fn read(body: &[u8], declared: Option<&str>) -> ResultSet {
    ResultLoader::for_job("1.zip", zip_of(&[(FILE, body)]), declared)
        .unwrap()
        .finish()
        .unwrap()
}

fn fields(set: &ResultSet) -> Vec<Vec<String>> {
    set.row_ids()
        .map(|id| {
            set.row(id)
                .unwrap()
                .fields()
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

fn expected_fields() -> Vec<Vec<String>> {
    rows()
        .iter()
        .map(|r| r.iter().map(|f| f.to_string()).collect())
        .collect()
}

/// (status or code, rows), in the reader's order.
type Totals = Vec<(String, u32)>;
/// (what, file bytes, declared encoding, expected notes).
type DeclaredCase<'a> = (&'a str, Vec<u8>, Option<&'a str>, Vec<Warning>);
/// (what, file bytes, declared encoding, expected encoding, the bad field read, its line).
type FallbackCase<'a> = (&'a str, Vec<u8>, Option<&'a str>, &'a str, &'a str, u64);

fn counts(set: &ResultSet) -> (Totals, Totals) {
    (
        set.status_totals(Scope::All)
            .into_iter()
            .map(|t| (t.status.token().to_string(), t.rows))
            .collect(),
        set.code_totals(Scope::All)
            .into_iter()
            .map(|c| (c.code.as_str().to_string(), c.rows))
            .collect(),
    )
}

/// The declared encoding is honoured, and a byte-order mark wins over it; each is named.
#[test]
fn declared_encodings_and_byte_order_marks() {
    let declared = |file: &str, enc: &str| Warning::DeclaredEncoding {
        file: file.into(),
        encoding: enc.into(),
    };
    let bom = |enc: &str, declared: &str| Warning::BomEncoding {
        file: FILE.into(),
        encoding: enc.into(),
        declared: declared.into(),
    };
    let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
    utf8_bom.extend_from_slice(text().as_bytes());
    let with_bom = |mark: &[u8], enc| [mark, &encode(&text(), enc)].concat();
    let cases: Vec<DeclaredCase> = vec![
        ("UTF-8 declared", text().into_bytes(), Some("UTF-8"), vec![]),
        ("nothing declared", text().into_bytes(), None, vec![]),
        (
            "ISO-8859-1 (WHATWG: windows-1252)",
            encode(&text(), WINDOWS_1252),
            Some("ISO-8859-1"),
            vec![declared(FILE, "windows-1252")],
        ),
        (
            "windows-1252",
            encode(&text(), WINDOWS_1252),
            Some("Windows-1252"),
            vec![declared(FILE, "windows-1252")],
        ),
        (
            "UTF-16LE declared, no mark",
            encode(&text(), UTF_16LE),
            Some("UTF-16LE"),
            vec![declared(FILE, "UTF-16LE")],
        ),
        (
            "UTF-8 mark over a declared windows-1252",
            utf8_bom.clone(),
            Some("windows-1252"),
            vec![bom("UTF-8", "windows-1252")],
        ),
        ("UTF-8 mark, UTF-8 declared", utf8_bom, None, vec![]),
        (
            "UTF-16LE mark",
            with_bom(b"\xFF\xFE", UTF_16LE),
            None,
            vec![bom("UTF-16LE", "UTF-8")],
        ),
        (
            "UTF-16BE mark",
            with_bom(b"\xFE\xFF", UTF_16BE),
            Some("UTF-8"),
            vec![bom("UTF-16BE", "UTF-8")],
        ),
    ];
    for (what, body, label, notes) in cases {
        let set = read(&body, label);
        assert_eq!(fields(&set), expected_fields(), "{what}");
        assert_eq!(set.warnings(), notes.as_slice(), "{what}");
        for n in set.warnings() {
            assert_eq!(n.kind(), "encoding", "{what}");
        }
    }
}

#[test]
fn shift_jis_is_read_in_its_own_encoding() {
    let csv = "氏名,会社,メール,STATUS,RECORD_ID,ERRORS\n山田,表示株式会社,y@x.test,added,1,\n";
    let set = read(&encode(csv, SHIFT_JIS), Some("Shift_JIS"));
    assert_eq!(set.header()[0], "氏名");
    assert_eq!(set.row(RowId(0)).unwrap().fields().field(1), "表示株式会社");
    assert_eq!(
        set.warnings(),
        &[Warning::DeclaredEncoding {
            file: FILE.into(),
            encoding: "Shift_JIS".into()
        }]
    );
}

trait Header {
    fn header(&self) -> Vec<String>;
}
impl Header for ResultSet {
    fn header(&self) -> Vec<String> {
        self.files()[0].header().to_vec()
    }
}

/// Bytes invalid in the expected encoding: that field is read as Windows-1252, the rest as
/// expected, and the note names the file, the encodings, the fields and the first line.
#[test]
fn invalid_bytes_fall_back_to_windows_1252_with_a_note() {
    // A UTF-8 file with one Windows-1252 byte (ü = 0xFC) on line 4.
    let mut mixed = text().into_bytes();
    let at = mixed.windows(5).position(|w| w == b"Smith").unwrap();
    mixed.splice(at..at + 5, b"Sm\xFCth".iter().copied());
    // A Shift_JIS file with a byte pair Shift_JIS does not define (0x85 0x40) on line 2.
    let mut sjis = encode("氏名,会社,メール,STATUS,RECORD_ID,ERRORS\n", SHIFT_JIS);
    sjis.extend_from_slice(b"\x85\x40,Acme,a@x.test,skipped,,INVALID_DATA-Email\n");
    let cases: Vec<FallbackCase> = vec![
        ("UTF-8 with a stray byte", mixed, None, "UTF-8", "Smüth", 4),
        (
            "Shift_JIS with a bad pair",
            sjis,
            Some("shift_jis"),
            "Shift_JIS",
            "\u{2026}@",
            2,
        ),
    ];
    for (what, body, label, expected, value, line) in cases {
        let set = read(&body, label);
        let last = set.len() - 1;
        assert_eq!(
            set.row(RowId(last as u32)).unwrap().fields().field(0),
            value,
            "{what}"
        );
        let fallback = set
            .warnings()
            .iter()
            .find(|w| matches!(w, Warning::EncodingFallback { .. }))
            .unwrap_or_else(|| panic!("{what}: no fallback note in {:?}", set.warnings()));
        assert_eq!(
            fallback,
            &Warning::EncodingFallback {
                file: FILE.into(),
                expected: expected.into(),
                used: "windows-1252".into(),
                fields: 1,
                first_line: line,
            },
            "{what}"
        );
        let text = fallback.to_string();
        assert!(
            text.contains(FILE) && text.contains(expected) && text.contains("windows-1252"),
            "{text}"
        );
    }
}

#[test]
fn unknown_labels_and_malformed_utf16_are_said() {
    let set = read(text().as_bytes(), Some("klingon-8"));
    assert_eq!(fields(&set), expected_fields());
    assert_eq!(
        set.warnings(),
        &[Warning::UnknownEncoding {
            label: "klingon-8".into()
        }]
    );
    assert!(set.warnings()[0].to_string().contains("klingon-8"));

    // A lone surrogate (0xD800) in the first data field.
    let mut body = vec![0xFF, 0xFE];
    body.extend(encode("A,STATUS,RECORD_ID,ERRORS\n", UTF_16LE));
    body.extend_from_slice(&[0x00, 0xD8]);
    body.extend(encode(",added,1,\n", UTF_16LE));
    let set = read(&body, None);
    assert_eq!(set.len(), 1);
    assert_eq!(set.row(RowId(0)).unwrap().fields().field(0), "\u{FFFD}");
    assert!(set.warnings().contains(&Warning::MalformedUtf16 {
        file: FILE.into(),
        encoding: "UTF-16LE".into()
    }));
}

/// Text Windows-1252 can hold: ASCII letters, accents, the euro sign, quotes and delimiters.
fn latin_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            'a', 'Z', ' ', 'é', 'ü', 'Ø', 'ß', '€', 'ñ', ',', '"', ';', '\'', '0', '—',
        ]),
        0..12,
    )
    .prop_map(|c| c.into_iter().collect())
}

fn status() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["added", "updated", "skipped", "Unprocessed"])
}

fn errors() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "",
        "INVALID_DATA-Email",
        "MANDATORY_NOT_FOUND-Company,Last_Name",
        "DUPLICATE_DATA-Email:INVALID_DATA-Phone",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A valid result file re-encoded in Windows-1252 reads back with the same counts, whether
    /// the job declares Windows-1252 (then with the same text, too) or, wrongly, UTF-8 (then
    /// some fields may read differently — a Windows-1252 byte run can be valid UTF-8 — but never
    /// a status, an error code or a row).
    #[test]
    fn windows_1252_round_trip_keeps_the_counts(
        rows in prop::collection::vec((latin_text(), latin_text(), status(), errors()), 1..40)
    ) {
        let mut csv = String::from("Last_Name,Company,STATUS,RECORD_ID,ERRORS\n");
        for (i, (name, company, status, errors)) in rows.iter().enumerate() {
            let fields = [name.clone(), company.clone(), status.to_string(), i.to_string(), errors.to_string()];
            let quoted: Vec<String> = fields.iter().map(|f| quote(f, ',')).collect();
            csv.push_str(&quoted.join(","));
            csv.push('\n');
        }
        let utf8 = read(csv.as_bytes(), None);
        prop_assert!(utf8.warnings().is_empty());
        let latin = encode(&csv, WINDOWS_1252);
        let declared = read(&latin, Some("windows-1252"));
        prop_assert_eq!(counts(&declared), counts(&utf8));
        prop_assert_eq!(fields(&declared), fields(&utf8));
        let undeclared = read(&latin, None);
        prop_assert_eq!(counts(&undeclared), counts(&utf8));
        prop_assert_eq!(undeclared.len(), rows.len());
    }
}
