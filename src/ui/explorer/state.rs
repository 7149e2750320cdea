//! The explorer's reducer: one [`Phase`] from "not opened" through downloading and reading to
//! the loaded result or a failure. Every action carries the sequence number of the run it
//! belongs to; actions of an older run (cancelled, restarted, another job) are dropped here.

use std::fmt;
use std::rc::Rc;

use bulkwatch_core::result::{Progress, ResultError, ResultSet};
use bulkwatch_core::BwError;

/// A loaded result and what is known about its download.
pub struct Loaded {
    pub set: ResultSet,
    /// The zip's name (from `Content-Disposition`, or the job id).
    pub name: String,
    /// Size of the zip as downloaded.
    pub zip_bytes: usize,
    /// Time spent reading it (after the download), in milliseconds.
    pub read_ms: f64,
}

impl fmt::Debug for Loaded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Loaded")
            .field("name", &self.name)
            .field("rows", &self.set.len())
            .field("files", &self.set.files().len())
            .field("zip_bytes", &self.zip_bytes)
            .finish()
    }
}

/// Why the result could not be explored.
#[derive(Debug, Clone, PartialEq)]
pub enum ExploreError {
    /// The download failed (network, HTTP status, Zoho's error body, an expired link).
    Download(BwError),
    /// The body arrived but is not a readable result (not a zip, truncated, a bomb, bad CSV…).
    Result(ResultError),
    /// The browser refused something the explorer needs (rare: no `MessageChannel`…).
    Browser(String),
}

impl ExploreError {
    /// A stable token for `data-error-kind`: `download` (with the core's code in
    /// [`ExploreError::code`]), the result error's kind (`not_zip`, `truncated`, …), or `browser`.
    pub fn kind(&self) -> &str {
        match self {
            ExploreError::Download(_) => "download",
            ExploreError::Result(e) => e.kind(),
            ExploreError::Browser(_) => "browser",
        }
    }

    /// The core's error code for download failures (`EXPIRED_DOWNLOAD_LINK`, `HTTP_404`…).
    pub fn code(&self) -> Option<&str> {
        match self {
            ExploreError::Download(e) => Some(e.code()),
            _ => None,
        }
    }

    /// A short title.
    pub fn title(&self) -> String {
        match self {
            ExploreError::Download(e) => {
                format!("The result file could not be downloaded: {}", e.title())
            }
            ExploreError::Result(ResultError::NotZip(_)) => {
                "The download is not a result file".to_string()
            }
            ExploreError::Result(_) => "The result file could not be read".to_string(),
            ExploreError::Browser(_) => "This browser cannot open the result here".to_string(),
        }
    }

    /// What happened and what to do, in full sentences.
    pub fn message(&self) -> String {
        match self {
            ExploreError::Download(e) => e.resolution(),
            ExploreError::Result(e) => e.to_string(),
            ExploreError::Browser(detail) => {
                format!("{detail}. Download the file instead and open it in a spreadsheet.")
            }
        }
    }
}

/// Where the explorer stands.
#[derive(Debug, Clone)]
pub enum Phase {
    /// Not opened: the "Explore results" button.
    Idle,
    /// The zip is downloading.
    Fetching,
    /// The zip arrived and its CSVs are being read.
    Reading(Progress),
    /// Everything is read.
    Ready(Rc<Loaded>),
    Failed(ExploreError),
}

impl PartialEq for Phase {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Phase::Idle, Phase::Idle) | (Phase::Fetching, Phase::Fetching) => true,
            (Phase::Reading(a), Phase::Reading(b)) => a == b,
            (Phase::Ready(a), Phase::Ready(b)) => Rc::ptr_eq(a, b),
            (Phase::Failed(a), Phase::Failed(b)) => a == b,
            _ => false,
        }
    }
}

impl Phase {
    /// Downloading or reading: a cancel button makes sense.
    pub fn is_busy(&self) -> bool {
        matches!(self, Phase::Fetching | Phase::Reading(_))
    }
}

/// The explorer's state.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplorerState {
    /// The run whose actions are accepted.
    pub seq: u64,
    pub phase: Phase,
}

impl Default for ExplorerState {
    fn default() -> Self {
        ExplorerState {
            seq: 0,
            phase: Phase::Idle,
        }
    }
}

/// What happens to the explorer.
#[derive(Debug)]
pub enum ExplorerAction {
    /// Run `seq` starts downloading (older runs are forgotten).
    Start {
        seq: u64,
    },
    /// Run `seq` has the zip and reads it.
    Reading {
        seq: u64,
        progress: Progress,
    },
    Loaded {
        seq: u64,
        data: Rc<Loaded>,
    },
    Failed {
        seq: u64,
        error: ExploreError,
    },
    /// Back to the button (cancel, another job); `seq` is the new run number, so whatever an
    /// older run still sends is dropped.
    Reset {
        seq: u64,
    },
}

impl yew::Reducible for ExplorerState {
    type Action = ExplorerAction;

    fn reduce(self: Rc<Self>, action: ExplorerAction) -> Rc<Self> {
        let next = |seq: u64, phase: Phase| Rc::new(ExplorerState { seq, phase });
        match action {
            ExplorerAction::Start { seq } if seq > self.seq => next(seq, Phase::Fetching),
            ExplorerAction::Reset { seq } if seq > self.seq => next(seq, Phase::Idle),
            ExplorerAction::Reading { seq, progress }
                if seq == self.seq && self.phase.is_busy() =>
            {
                if self.phase == Phase::Reading(progress) {
                    self
                } else {
                    next(seq, Phase::Reading(progress))
                }
            }
            ExplorerAction::Loaded { seq, data } if seq == self.seq && self.phase.is_busy() => {
                next(seq, Phase::Ready(data))
            }
            ExplorerAction::Failed { seq, error } if seq == self.seq && self.phase.is_busy() => {
                next(seq, Phase::Failed(error))
            }
            // Stale or out of order: nothing changes (the same Rc costs no render).
            _ => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bulkwatch_core::result::BodyKind;
    use yew::Reducible;

    fn reduce(state: Rc<ExplorerState>, action: ExplorerAction) -> Rc<ExplorerState> {
        state.reduce(action)
    }

    fn loaded() -> Rc<Loaded> {
        Rc::new(Loaded {
            set: ResultSet::default(),
            name: "1.zip".into(),
            zip_bytes: 22,
            read_ms: 1.0,
        })
    }

    #[test]
    fn a_run_goes_from_fetching_through_reading_to_ready() {
        let s = Rc::new(ExplorerState::default());
        let s = reduce(s, ExplorerAction::Start { seq: 1 });
        assert_eq!(s.phase, Phase::Fetching);
        let p = Progress {
            rows: 10,
            ..Progress::default()
        };
        let s = reduce(
            s,
            ExplorerAction::Reading {
                seq: 1,
                progress: p,
            },
        );
        assert_eq!(s.phase, Phase::Reading(p));
        let same = reduce(
            s.clone(),
            ExplorerAction::Reading {
                seq: 1,
                progress: p,
            },
        );
        assert!(
            Rc::ptr_eq(&s, &same),
            "same progress: no new state, no render"
        );
        let data = loaded();
        let s = reduce(
            s,
            ExplorerAction::Loaded {
                seq: 1,
                data: data.clone(),
            },
        );
        assert_eq!(s.phase, Phase::Ready(data));
        assert!(!s.phase.is_busy());
    }

    #[test]
    fn answers_of_an_old_run_are_dropped() {
        let s = reduce(
            Rc::new(ExplorerState::default()),
            ExplorerAction::Start { seq: 1 },
        );
        let s = reduce(s, ExplorerAction::Reset { seq: 2 });
        assert_eq!(s.phase, Phase::Idle);
        for late in [
            ExplorerAction::Loaded {
                seq: 1,
                data: loaded(),
            },
            ExplorerAction::Failed {
                seq: 1,
                error: ExploreError::Browser("x".into()),
            },
            ExplorerAction::Reading {
                seq: 1,
                progress: Progress::default(),
            },
            ExplorerAction::Start { seq: 1 },
            // Even the current run's answers are dropped once it was reset to the button.
            ExplorerAction::Loaded {
                seq: 2,
                data: loaded(),
            },
        ] {
            let after = reduce(s.clone(), late);
            assert!(Rc::ptr_eq(&after, &s));
        }
    }

    #[test]
    fn a_failure_ends_the_run_and_a_finished_run_ignores_more() {
        let s = reduce(
            Rc::new(ExplorerState::default()),
            ExplorerAction::Start { seq: 3 },
        );
        let error = ExploreError::Result(ResultError::NotZip(BodyKind::ExpiredLink));
        let s = reduce(
            s,
            ExplorerAction::Failed {
                seq: 3,
                error: error.clone(),
            },
        );
        assert_eq!(s.phase, Phase::Failed(error.clone()));
        let after = reduce(
            s.clone(),
            ExplorerAction::Loaded {
                seq: 3,
                data: loaded(),
            },
        );
        assert!(Rc::ptr_eq(&after, &s));
        assert_eq!(error.kind(), "not_zip");
        assert!(
            error.message().contains("no longer valid"),
            "{}",
            error.message()
        );
    }

    #[test]
    fn error_texts() {
        let e = ExploreError::Result(ResultError::Truncated {
            detail: "cut".into(),
        });
        assert_eq!(e.kind(), "truncated");
        assert_eq!(e.title(), "The result file could not be read");
        assert!(e.message().contains("Download it again"));
        assert_eq!(e.code(), None);
        let d = ExploreError::Download(BwError::Network {
            message: "TypeError: Failed to fetch".into(),
        });
        assert_eq!(d.kind(), "download");
        assert!(d.code().is_some());
    }
}
