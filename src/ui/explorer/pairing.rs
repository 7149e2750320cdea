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

    /// A zip of stored entries, written with the `zip` crate.
    fn zip_files(out: &mut Vec<u8>, entries: &[(&str, &str)]) {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, text) in entries {
            zip.start_file(*name, stored).expect("entry");
            zip.write_all(text.as_bytes()).expect("write");
        }
        *out = zip.finish().expect("zip").into_inner();
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
