//! Recent jobs: the last jobs opened, each with the last status seen (its final one once ended).
//! The page keeps them in a reducer, so every report (a watch row, the job view) lands on the
//! latest list, and stores the list whenever it changes.

use std::rc::Rc;

use bulkwatch_core::model::JobStatus;
use bulkwatch_core::watchlist::{RecentJobs, WatchEntry};
use yew::prelude::*;

/// The recent jobs as the page holds them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recent(pub RecentJobs);

/// What happens to the recent jobs.
#[derive(Debug, Clone, PartialEq)]
pub enum RecentAction {
    /// A job was opened (from the watch list or this list), with the status already known.
    Opened {
        entry: WatchEntry,
        now_ms: u64,
        known: Option<JobStatus>,
    },
    /// A watch row saw a status (only listed jobs change).
    Saw {
        entry: WatchEntry,
        status: JobStatus,
    },
    /// The job view saw a status (a job opened another way joins the list).
    Watched {
        entry: WatchEntry,
        status: JobStatus,
        now_ms: u64,
    },
}

impl Reducible for Recent {
    type Action = RecentAction;

    fn reduce(self: Rc<Self>, action: RecentAction) -> Rc<Self> {
        let mut next = self.0.clone();
        let changed = match action {
            RecentAction::Opened {
                entry,
                now_ms,
                known,
            } => {
                next.opened(entry.clone(), now_ms);
                if let Some(status) = known {
                    next.saw(&entry, status.token());
                }
                true
            }
            // Kept as the status's token: what the stored list holds.
            RecentAction::Saw { entry, status } => next.saw(&entry, status.token()),
            RecentAction::Watched {
                entry,
                status,
                now_ms,
            } => next.watched(entry, status.token(), now_ms),
        };
        if changed {
            Rc::new(Recent(next))
        } else {
            self
        }
    }
}

/// Props of [`RecentJobsList`].
#[derive(Properties, PartialEq, Clone)]
pub struct RecentJobsProps {
    pub recent: RecentJobs,
    pub on_open: Callback<WatchEntry>,
}

/// The recent-jobs list.
#[function_component]
pub fn RecentJobsList(props: &RecentJobsProps) -> Html {
    if props.recent.jobs.is_empty() {
        return html! {};
    }
    html! {
        <section class="bw-recent" aria-labelledby="bw-recent-title">
            <h2 id="bw-recent-title">{ "Recent jobs" }</h2>
            <ul class="bw-recent__list">
                { for props.recent.jobs.iter().map(|j| {
                    let entry = j.entry.clone();
                    let on_open = props.on_open.reform(move |_: MouseEvent| entry.clone());
                    // Stored as the status's token; read back into the status it names.
                    let status = JobStatus::from_wire(j.status.as_deref().unwrap_or("unknown"));
                    html! {
                        <li data-testid="recent-job" data-job-id={j.entry.job.clone()} data-status={status.token()}>
                            <button type="button" class="bw-btn bw-btn--small bw-recent__open" data-testid="recent-open"
                                onclick={on_open} aria-label={format!("Open job {}", j.entry.job)}>
                                <span class="bw-mono">{ j.entry.job.clone() }</span>
                            </button>
                            <span class="bw-muted bw-recent__where">{ format!("{} · {} · {}", j.entry.origin, j.entry.version, status.label().to_lowercase()) }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bulkwatch_core::endpoint::{ApiOrigin, ApiVersion, JobId};

    fn entry(id: &str) -> WatchEntry {
        WatchEntry::new(
            &ApiOrigin::parse("http://127.0.0.1:8787").unwrap(),
            ApiVersion::V8,
            &JobId::parse(id).unwrap(),
        )
    }

    fn statuses(r: &Recent) -> Vec<(String, Option<String>)> {
        r.0.jobs
            .iter()
            .map(|j| (j.entry.job.clone(), j.status.clone()))
            .collect()
    }

    #[test]
    fn reports_land_on_the_latest_list() {
        let r = Rc::new(Recent::default());
        let r = r.reduce(RecentAction::Opened {
            entry: entry("1"),
            now_ms: 1,
            known: None,
        });
        // A watch row's status for a job not listed changes nothing (the same list comes back).
        let same = r.clone().reduce(RecentAction::Saw {
            entry: entry("9"),
            status: JobStatus::Completed,
        });
        assert!(Rc::ptr_eq(&r, &same));
        let r = r.reduce(RecentAction::Watched {
            entry: entry("1"),
            status: JobStatus::Completed,
            now_ms: 2,
        });
        let r = r.reduce(RecentAction::Watched {
            entry: entry("2"),
            status: JobStatus::InProgress,
            now_ms: 3,
        });
        let r = r.reduce(RecentAction::Opened {
            entry: entry("3"),
            now_ms: 4,
            known: Some(JobStatus::Failed),
        });
        assert_eq!(
            statuses(&r),
            [
                ("3".to_string(), Some("failed".to_string())),
                ("2".to_string(), Some("in_progress".to_string())),
                ("1".to_string(), Some("completed".to_string())),
            ]
        );
    }
}
