//! Finds Zoho's three columns in a result CSV's header. Zoho writes the first three mapped
//! columns *of the uploaded file*, then `STATUS`, `RECORD_ID`, `ERRORS`: so Zoho's columns are the
//! last three, and a user column called `Status`, `Errors` or `Record_Id` (common in Tasks, Cases,
//! Deals and custom modules) is ordinary data that comes before them. The header is matched from
//! its end, by name; names compare ignoring case, spaces, `_` and `-` (`RECORD ID`, `Record-Id`),
//! and any spelling other than Zoho's own is reported.

use super::error::ResultError;
use super::notes::Warning;

/// Zoho's names, in the order they end the header.
const NAMES: [&str; 3] = ["STATUS", "RECORD_ID", "ERRORS"];

/// Where Zoho's columns are in one file's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    pub status: usize,
    pub record_id: Option<usize>,
    pub errors: Option<usize>,
    /// Missing or differently spelled columns.
    pub notes: Vec<Warning>,
}

/// `RECORD ID`, `record-id`, `Record_Id` → `RECORDID`.
fn fold(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Locates `STATUS`, `RECORD_ID` and `ERRORS` in `header` (of the file `file`). `STATUS` is
/// required: without it the file is not a result. The others may be missing (noted).
pub(crate) fn locate(file: &str, header: &[String]) -> Result<Located, ResultError> {
    let folded: Vec<String> = header.iter().map(|h| fold(h)).collect();
    let keys: Vec<String> = NAMES.iter().map(|n| fold(n)).collect();
    // A trailing delimiter leaves empty names at the end; they are not Zoho's columns.
    let end = folded
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |i| i + 1);

    // From the end: ERRORS, then RECORD_ID, then STATUS, each where the last one left off.
    let mut found: [Option<usize>; 3] = [None; 3];
    let mut at = end;
    for k in (0..NAMES.len()).rev() {
        if at > 0 && folded[at - 1] == keys[k] {
            found[k] = Some(at - 1);
            at -= 1;
        }
    }
    // Not at the end (columns after Zoho's, or in another order): the last STATUS, then the
    // others anywhere after it, so a user column before STATUS is never taken for Zoho's.
    if found[0].is_none() {
        found[0] = folded[..end].iter().rposition(|h| *h == keys[0]);
    }
    let Some(status) = found[0] else {
        return Err(ResultError::MissingColumn {
            file: file.to_string(),
            column: NAMES[0].to_string(),
        });
    };
    for k in 1..NAMES.len() {
        if found[k].is_none() {
            let after = status + 1;
            found[k] = folded
                .get(after..end)
                .and_then(|rest| rest.iter().position(|h| *h == keys[k]))
                .map(|i| i + after);
        }
    }

    let mut notes = Vec::new();
    for (k, name) in NAMES.iter().enumerate() {
        match found[k] {
            None => notes.push(Warning::MissingColumn {
                file: file.to_string(),
                column: name.to_string(),
            }),
            Some(i) if header[i].trim() != *name => notes.push(Warning::RenamedColumn {
                file: file.to_string(),
                column: name.to_string(),
                found: header[i].trim().to_string(),
            }),
            Some(_) => {}
        }
    }
    Ok(Located {
        status,
        record_id: found[1],
        errors: found[2],
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(header: &str) -> (usize, Option<usize>, Option<usize>, usize) {
        let h: Vec<String> = header.split(',').map(str::to_string).collect();
        let l = locate("f.csv", &h).unwrap();
        (l.status, l.record_id, l.errors, l.notes.len())
    }

    #[test]
    fn zoho_columns_are_found_from_the_end() {
        assert_eq!(
            at("a,b,c,STATUS,RECORD_ID,ERRORS"),
            (3, Some(4), Some(5), 0)
        );
        assert_eq!(
            at("Status,Errors,Record_Id,STATUS,RECORD_ID,ERRORS"),
            (3, Some(4), Some(5), 0)
        );
        assert_eq!(at("a,Errors,STATUS,RECORD_ID"), (2, Some(3), None, 1));
        assert_eq!(at("a,Record_Id,STATUS,ERRORS"), (2, None, Some(3), 1));
        assert_eq!(at("a,STATUS,RECORD ID,Errors"), (1, Some(2), Some(3), 2));
        assert_eq!(at("a,STATUS,RECORD_ID,ERRORS,"), (1, Some(2), Some(3), 0));
        assert_eq!(
            at("STATUS,RECORD_ID,ERRORS,extra"),
            (0, Some(1), Some(2), 0)
        );
        assert_eq!(at("STATUS,ERRORS,a,RECORD_ID"), (0, Some(3), Some(1), 0));
        assert!(locate("f.csv", &["a".to_string(), "ERRORS".to_string()]).is_err());
    }
}
