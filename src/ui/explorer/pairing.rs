//! Which original file pairs with which result file, by name: the rule of the core's
//! [`Join::auto`] (result `<Module>-<name>` with original `<name>`, ignoring case and folders;
//! one file each side pairs anyway), kept apart from the row-by-row check so the explorer can
//! check each pair ([`Join::new`]) in a time slice of its own. A test holds it to `Join::auto`.
//!
//! [`Join::auto`]: bulkwatch_core::result::Join::auto
//! [`Join::new`]: bulkwatch_core::result::Join::new

use bulkwatch_core::result::{Originals, ResultSet};

fn base(name: &str) -> String {
    name.rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .to_lowercase()
}

/// `(result file, original file)` pairs, in result-file order.
pub fn pairs_by_name(set: &ResultSet, originals: &Originals) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = set
        .files()
        .iter()
        .enumerate()
        .filter_map(|(ri, result)| {
            let result_name = base(result.name());
            let oi = originals.files().iter().position(|o| {
                let original = base(o.name());
                result_name == original || result_name.ends_with(&format!("-{original}"))
            })?;
            Some((ri, oi))
        })
        .collect();
    if pairs.is_empty() && set.files().len() == 1 && originals.files().len() == 1 {
        pairs.push((0, 0));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use bulkwatch_core::result::{Join, LoadOptions, OriginalLoader, ResultLoader};

    /// A result of one CSV per name (several come in a zip, as from Zoho).
    fn result(files: &[&str]) -> ResultSet {
        let csv = "Email,STATUS,RECORD_ID,ERRORS\na@x.io,added,1,\n";
        if let [one] = files {
            return ResultLoader::from_csv(one, csv.as_bytes().to_vec(), LoadOptions::default())
                .finish()
                .expect("loads");
        }
        let mut zip = Vec::new();
        zip_files(
            &mut zip,
            &files.iter().map(|n| (*n, csv)).collect::<Vec<_>>(),
        );
        ResultLoader::new(zip)
            .expect("zip")
            .finish()
            .expect("loads")
    }

    /// The user's upload: one CSV, or a zip of several.
    fn originals(files: &[&str]) -> Originals {
        let csv = "Email,Phone\na@x.io,1\n";
        if let [one] = files {
            return OriginalLoader::new(one, csv.as_bytes().to_vec())
                .expect("csv")
                .finish()
                .expect("reads");
        }
        let mut zip = Vec::new();
        zip_files(
            &mut zip,
            &files.iter().map(|n| (*n, csv)).collect::<Vec<_>>(),
        );
        OriginalLoader::new("upload.zip", zip)
            .expect("zip")
            .finish()
            .expect("reads")
    }

    /// A zip of stored entries (CRC-32 by hand), enough for the reader.
    fn zip_files(out: &mut Vec<u8>, entries: &[(&str, &str)]) {
        fn crc32(data: &[u8]) -> u32 {
            let mut crc = !0u32;
            for &b in data {
                crc ^= u32::from(b);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let mut central = Vec::new();
        for (name, text) in entries {
            let data = text.as_bytes();
            let offset = out.len() as u32;
            let fields = |v: &mut Vec<u8>| {
                v.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
                v.extend_from_slice(&crc32(data).to_le_bytes());
                v.extend_from_slice(&(data.len() as u32).to_le_bytes());
                v.extend_from_slice(&(data.len() as u32).to_le_bytes());
                v.extend_from_slice(&(name.len() as u16).to_le_bytes());
                v.extend_from_slice(&[0, 0]);
            };
            out.extend_from_slice(b"PK\x03\x04");
            fields(out);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
            central.extend_from_slice(b"PK\x01\x02\x14\x00");
            fields(&mut central);
            central.extend_from_slice(&[0; 10]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let (at, len) = (out.len() as u32, central.len() as u32);
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00");
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&at.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
    }

    #[test]
    fn the_same_pairs_as_the_core() {
        let cases: &[(&[&str], &[&str])] = &[
            (&["Leads-leads.csv"], &["leads.csv"]),
            (&["Leads-leads.csv"], &["other.csv"]),
            (&["Leads-LEADS.csv"], &["folder/Leads.CSV"]),
            (
                &["Quotes-Quotes.csv", "Quoted_Items-Quoted_Items.csv"],
                &["Quoted_Items.csv", "Quotes.csv"],
            ),
            (
                &["Quotes-Quotes.csv", "Quoted_Items-Quoted_Items.csv"],
                &["a.csv", "b.csv"],
            ),
            (
                &["Accounts-Accounts.csv", "Branches-Branches.csv"],
                &["Accounts.csv"],
            ),
        ];
        for (results, uploads) in cases {
            let set = result(results);
            let orig = originals(uploads);
            assert_eq!(set.files().len(), results.len());
            assert_eq!(orig.files().len(), uploads.len());
            let core: Vec<(usize, usize)> = Join::auto(&set, &orig)
                .iter()
                .map(|j| (j.result_file, j.original_file))
                .collect();
            assert_eq!(
                pairs_by_name(&set, &orig),
                core,
                "{results:?} / {uploads:?}"
            );
        }
    }
}
