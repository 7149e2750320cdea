//! How a result file's bytes are laid out beyond its rows — the job's declared encoding (through
//! `encoding_rs`, the WHATWG encoding library), a byte order mark, the entries a zip made on a
//! Mac or by hand carries besides the CSVs — and the simulator's own tally of what a job's
//! result file holds (`GET /__sim/jobs/{id}/tally`), counted from the job's plan, never from the
//! file and never with the product's reader, so tests can compare the two.

use std::collections::BTreeMap;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use serde::Serialize;

use super::jobs::Job;
use super::plan::RowStatus;
use super::result_zip::result_file_name;

/// The encoding `label` names (WHATWG labels: `UTF-8`, `windows-1252`, `ISO-8859-1`,
/// `Shift_JIS` …); an unknown label is written as UTF-8.
pub fn encoding_for(label: &str) -> &'static Encoding {
    Encoding::for_label(label.trim().as_bytes()).unwrap_or(UTF_8)
}

/// `text` in encoding `label`, with a byte order mark first when `bom` is set and the
/// encoding has one (UTF-8, UTF-16). Characters the encoding cannot hold become HTML numeric
/// character references, as `encoding_rs` encodes them (scenario data never needs that).
pub fn encode(text: &str, label: &str, bom: bool) -> Vec<u8> {
    let enc = encoding_for(label);
    let mut out = Vec::with_capacity(text.len() + 3);
    // encoding_rs only decodes UTF-16 (its encoder writes UTF-8 for it), so UTF-16 is written
    // here from the standard library's code units.
    if enc == UTF_16LE || enc == UTF_16BE {
        let le = enc == UTF_16LE;
        let unit = |u: u16| if le { u.to_le_bytes() } else { u.to_be_bytes() };
        if bom {
            out.extend(unit(0xFEFF));
        }
        for u in text.encode_utf16() {
            out.extend(unit(u));
        }
        return out;
    }
    if bom && enc == UTF_8 {
        out.extend([0xEF, 0xBB, 0xBF]);
    }
    let (bytes, _, _) = enc.encode(text);
    out.extend_from_slice(&bytes);
    out
}

/// The entries of a result zip that are not result CSVs: `(name, bytes)`; a name ending in `/`
/// is an empty folder.
pub fn extra_entries(csv_names: &[String]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for name in csv_names {
        // An AppleDouble header (magic 0x00051607, version 2), what the Finder leaves.
        let mut apple = vec![0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00];
        apple.extend([0u8; 18]);
        out.push((format!("__MACOSX/._{name}"), apple));
    }
    out.push((
        "readme.txt".into(),
        b"Result of a bulk write job. One CSV per module; STATUS, RECORD_ID and ERRORS are \
          the last three columns.\r\n"
            .to_vec(),
    ));
    out.push(("logs/".into(), Vec::new()));
    out
}

/// What a job's result file holds, from the simulator's plan (`GET /__sim/jobs/{id}/tally`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub id: String,
    /// Rows in the file(s), every status included.
    pub rows: usize,
    /// Rows by status, lowercase (`added`, `updated`, `skipped`, `unprocessed`).
    pub statuses: BTreeMap<String, usize>,
    /// Rows per `CODE|column` error pair (a row counts once per pair).
    pub groups: BTreeMap<String, usize>,
    pub files: Vec<TallyFile>,
    /// The job's declared `character_encoding`.
    pub declared_encoding: String,
    /// The encoding the bytes are really in (differs for a mislabelled file).
    pub written_encoding: String,
    pub bom: bool,
    pub crlf: bool,
    /// The download is a bare CSV, not a zip.
    pub bare_csv: bool,
    /// Zip entries that are not result CSVs.
    pub other_entries: Vec<String>,
}

/// One CSV of the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TallyFile {
    pub name: String,
    /// The header row, user columns first, then Zoho's three.
    pub header: Vec<String>,
    pub rows: usize,
}

/// The tally of `job`'s result file (see [`Tally`]).
pub fn tally(job: &Job) -> Tally {
    let fmt = job.behaviour.result;
    let mut statuses = BTreeMap::new();
    let mut groups = BTreeMap::new();
    let mut files = Vec::new();
    // A bare-CSV download is the first resource's CSV alone.
    let shown = if fmt.bare_csv { 1 } else { job.resources.len() };
    for plan in job.resources.iter().take(shown) {
        for o in &plan.outcomes {
            let s = match o.status {
                RowStatus::Added => "added",
                RowStatus::Updated => "updated",
                RowStatus::Skipped => "skipped",
                RowStatus::Unprocessed => "unprocessed",
            };
            *statuses.entry(s.to_string()).or_insert(0) += 1;
            let mut pairs: Vec<String> = o
                .errors
                .as_deref()
                .unwrap_or("")
                .split(':')
                .filter_map(|entry| entry.split_once('-'))
                .flat_map(|(code, cols)| cols.split(',').map(move |c| format!("{code}|{c}")))
                .collect();
            pairs.sort();
            pairs.dedup();
            for p in pairs {
                *groups.entry(p).or_insert(0) += 1;
            }
        }
        let mut header = plan.result_headers.clone();
        header.extend(["STATUS", "RECORD_ID", "ERRORS"].map(String::from));
        files.push(TallyFile {
            name: result_file_name(&plan.module, &plan.file_name),
            header,
            rows: plan.outcomes.len(),
        });
    }
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let declared = encoding_for(&job.character_encoding);
    let written = fmt.written_in.map(encoding_for).unwrap_or(declared);
    Tally {
        id: job.id.clone(),
        rows: files.iter().map(|f| f.rows).sum(),
        statuses,
        groups,
        files,
        declared_encoding: job.character_encoding.clone(),
        written_encoding: written.name().to_string(),
        bom: fmt.bom && (written == UTF_8 || written == UTF_16LE || written == UTF_16BE),
        crlf: fmt.crlf,
        bare_csv: fmt.bare_csv,
        other_entries: if fmt.extra_entries && !fmt.bare_csv {
            extra_entries(&names).into_iter().map(|(n, _)| n).collect()
        } else {
            Vec::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(encode("Müller €", "windows-1252", true), b"M\xFCller \x80");
        assert_eq!(
            encode("Müller", "UTF-8", true),
            b"\xEF\xBB\xBFM\xC3\xBCller"
        );
        assert_eq!(encode("山田", "Shift_JIS", false), b"\x8E\x52\x93\x63");
        assert_eq!(encode("a", "UTF-16LE", true), b"\xFF\xFEa\x00");
        assert_eq!(encode("a", "utf-16be", false), b"\x00a");
        assert_eq!(encode("é", "no-such-encoding", false), "é".as_bytes());
    }
}
