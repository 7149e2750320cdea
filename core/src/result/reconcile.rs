//! Compares the result file with the job's counts. Zoho's `total_count` is `added + updated +
//! skipped`: rows Zoho never processed (`Unprocessed`: the job stopped or hit a limit before
//! them) are in the file but in none of the job's counts. When the two disagree the explorer and
//! the snapshot say so, and what those rows mean, instead of showing two totals that differ.

use std::fmt;

use super::set::ResultSet;
use super::status::RowStatus;
use super::summary::Scope;
use crate::model::Counts;

/// One way the result file and the job's counts disagree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reconcile {
    /// The file's rows differ from the job's `total_count`; `uncounted` of them have a status
    /// the job's counts do not include.
    RowCount {
        file_rows: u64,
        total_count: u64,
        uncounted: u64,
    },
    /// Rows whose status is in none of the job's counts (`Unprocessed`, or one Zoho does not
    /// document).
    Uncounted { status: RowStatus, rows: u64 },
    /// A counted status (added, updated, skipped) has a different number of rows in the file.
    StatusCount {
        status: RowStatus,
        file_rows: u64,
        job_count: u64,
    },
}

impl Reconcile {
    /// The page's `data-kind`.
    pub fn kind(&self) -> &'static str {
        "reconcile"
    }
}

fn rows(n: u64) -> String {
    if n == 1 {
        "1 row".to_string()
    } else {
        format!("{n} rows")
    }
}

impl fmt::Display for Reconcile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reconcile::RowCount { file_rows, total_count, uncounted } if file_rows > total_count => {
                let extra = file_rows - total_count;
                write!(
                    f,
                    "The result file holds {} but the job's total count is {total_count}: {} of the file {} not in the job's counts",
                    rows(*file_rows),
                    rows(extra),
                    if extra == 1 { "is" } else { "are" }
                )?;
                if *uncounted > 0 {
                    write!(f, " ({} with a status Zoho does not count, listed below)", rows(*uncounted))?;
                }
                Ok(())
            }
            Reconcile::RowCount { file_rows, total_count, .. } => write!(
                f,
                "The result file holds {}, {} fewer than the job's total count of {total_count}: the file may be incomplete; the explorer's counts cover only the rows in the file",
                rows(*file_rows),
                total_count - file_rows
            ),
            Reconcile::Uncounted { status: RowStatus::Unprocessed, rows: n } => write!(
                f,
                "{} {} Unprocessed: Zoho did not process {} (the job stopped or reached a limit before {}), so {} not in the job's added, updated, skipped or total counts. Import {} again in a new job",
                rows(*n),
                if *n == 1 { "is" } else { "are" },
                if *n == 1 { "it" } else { "them" },
                if *n == 1 { "it" } else { "them" },
                if *n == 1 { "it is" } else { "they are" },
                if *n == 1 { "it" } else { "them" },
            ),
            Reconcile::Uncounted { status, rows: n } => write!(
                f,
                "{} {} the status \"{}\", which Zoho does not document; the job's counts do not include {}",
                rows(*n),
                if *n == 1 { "has" } else { "have" },
                status.label(),
                if *n == 1 { "it" } else { "them" },
            ),
            Reconcile::StatusCount { status, file_rows, job_count } => write!(
                f,
                "{}: the result file has {}, the job counts {job_count}",
                status.label(),
                rows(*file_rows)
            ),
        }
    }
}

impl ResultSet {
    /// How the whole result compares with the job's `counts` (the sum over its resources). Empty
    /// when they agree.
    pub fn reconcile(&self, counts: &Counts) -> Vec<Reconcile> {
        let totals = self.status_totals(Scope::All);
        let of = |s: &RowStatus| {
            totals
                .iter()
                .find(|t| &t.status == s)
                .map_or(0, |t| u64::from(t.rows))
        };
        let uncounted: Vec<Reconcile> = totals
            .iter()
            .filter(|t| t.rows > 0)
            .filter(|t| {
                !matches!(
                    t.status,
                    RowStatus::Added | RowStatus::Updated | RowStatus::Skipped
                )
            })
            .map(|t| Reconcile::Uncounted {
                status: t.status.clone(),
                rows: u64::from(t.rows),
            })
            .collect();
        let uncounted_rows = uncounted
            .iter()
            .map(|u| match u {
                Reconcile::Uncounted { rows, .. } => *rows,
                _ => 0,
            })
            .sum();
        let mut out = Vec::new();
        let file_rows = self.len() as u64;
        if file_rows != counts.total {
            out.push(Reconcile::RowCount {
                file_rows,
                total_count: counts.total,
                uncounted: uncounted_rows,
            });
        }
        out.extend(uncounted);
        for (status, job_count) in [
            (RowStatus::Added, counts.added),
            (RowStatus::Updated, counts.updated),
            (RowStatus::Skipped, counts.skipped),
        ] {
            let file_rows = of(&status);
            if file_rows != job_count {
                out.push(Reconcile::StatusCount {
                    status,
                    file_rows,
                    job_count,
                });
            }
        }
        out
    }
}
