//! What a job's counts include and what they leave out, in words, for beside the counts. Zoho's
//! `total_count` is `added + updated + skipped` — what was processed — not the rows of the
//! uploaded file: rows Zoho never processed (`Unprocessed` in the result file, for a job that
//! stopped or hit a limit) are in none of the counts, and a total that is not the sum of the
//! three is said plainly rather than left for the reader to notice.

use crate::model::{Counts, JobStatus};

/// One note; `kind` is a stable token for `data-kind` (`total` | `unprocessed` | `mismatch`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountsNote {
    pub kind: &'static str,
    pub text: String,
}

fn records(n: u64) -> String {
    if n == 1 {
        "1 record".into()
    } else {
        format!("{n} records")
    }
}

/// The notes for a job in `status` with these `counts`, most general first.
pub fn counts_notes(status: &JobStatus, counts: &Counts) -> Vec<CountsNote> {
    let note = |kind, text: String| CountsNote { kind, text };
    let processed = counts.processed();
    let mut notes = vec![note(
        "total",
        match status {
            JobStatus::Completed | JobStatus::Failed => {
                "Total counts the records Zoho processed: added + updated + skipped.".into()
            }
            _ => "Total counts the records Zoho has processed so far (added + updated + \
                  skipped), not the rows in your file."
                .into(),
        },
    )];
    match status {
        JobStatus::Completed => notes.push(note(
            "unprocessed",
            "Rows Zoho did not process are marked Unprocessed in the result file and are in \
             none of these counts."
                .into(),
        )),
        JobStatus::Failed => notes.push(note(
            "unprocessed",
            "The job failed: rows Zoho had not processed by then are in none of these counts \
             (Unprocessed in the result file, when Zoho writes one)."
                .into(),
        )),
        _ => {}
    }
    if counts.total > processed {
        let more = counts.total - processed;
        notes.push(note(
            "mismatch",
            format!(
                "Zoho's total ({}) is {} more than added + updated + skipped ({processed}): {} \
                 {} in the total but in none of the three.",
                counts.total,
                more,
                records(more),
                if more == 1 { "is" } else { "are" }
            ),
        ));
    } else if counts.total < processed {
        let fewer = processed - counts.total;
        notes.push(note(
            "mismatch",
            format!(
                "Zoho's total ({}) is {} less than added + updated + skipped ({processed}): the \
                 total leaves {} out.",
                counts.total,
                fewer,
                records(fewer)
            ),
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(added: u64, updated: u64, skipped: u64, total: u64) -> Counts {
        Counts {
            added,
            updated,
            skipped,
            total,
        }
    }

    fn kinds(notes: &[CountsNote]) -> Vec<&'static str> {
        notes.iter().map(|n| n.kind).collect()
    }

    #[test]
    fn a_finished_job_explains_unprocessed_rows() {
        let n = counts_notes(&JobStatus::Completed, &counts(90, 5, 5, 100));
        assert_eq!(kinds(&n), ["total", "unprocessed"]);
        assert!(n[1].text.contains("Unprocessed"), "{n:?}");
        let n = counts_notes(&JobStatus::Failed, &counts(10, 0, 0, 10));
        assert_eq!(kinds(&n), ["total", "unprocessed"]);
        assert!(n[1].text.starts_with("The job failed"), "{n:?}");
    }

    #[test]
    fn a_running_job_says_the_total_is_so_far() {
        let n = counts_notes(&JobStatus::InProgress, &counts(40, 0, 10, 50));
        assert_eq!(kinds(&n), ["total"]);
        assert!(n[0].text.contains("so far"), "{n:?}");
    }

    #[test]
    fn a_total_that_is_not_the_sum_is_said() {
        let n = counts_notes(&JobStatus::Completed, &counts(90, 5, 4, 100));
        assert_eq!(n[2].kind, "mismatch");
        assert_eq!(
            n[2].text,
            "Zoho's total (100) is 1 more than added + updated + skipped (99): 1 record is in \
             the total but in none of the three."
        );
        let n = counts_notes(&JobStatus::Completed, &counts(90, 5, 10, 100));
        assert_eq!(
            n[2].text,
            "Zoho's total (100) is 5 less than added + updated + skipped (105): the total \
             leaves 5 records out."
        );
    }
}
