//! The support watch list and the recent-jobs list: which jobs (API origin, version, id) a person
//! follows, read from a paste of several ids, URLs or curl lines at once, and kept as JSON in the
//! page's storage. The stored shape has no place for a token; curl lines' tokens are never read.

use serde::{Deserialize, Serialize};

use crate::endpoint::{ApiOrigin, ApiVersion, JobId};
use crate::paste::{parse_paste, PasteError};

/// Storage key of the watch list.
pub const WATCH_KEY: &str = "bulkwatch.watchlist.v1";
/// Storage key of the recent jobs.
pub const RECENT_KEY: &str = "bulkwatch.recent.v1";
/// Most jobs on the watch list.
pub const MAX_WATCHED: usize = 50;
/// Recent jobs kept.
pub const MAX_RECENT: usize = 10;

/// One job to follow. Equal entries name the same job at the same origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchEntry {
    /// The API origin (`https://www.zohoapis.eu`, or the simulator's).
    pub origin: String,
    pub version: String,
    pub job: String,
}

impl WatchEntry {
    /// An entry from checked parts.
    pub fn new(origin: &ApiOrigin, version: ApiVersion, job: &JobId) -> WatchEntry {
        WatchEntry {
            origin: origin.origin_string(),
            version: version.as_str().to_string(),
            job: job.as_str().to_string(),
        }
    }

    /// The checked parts, or `None` when stored text no longer validates (ignored, not trusted).
    pub fn parts(&self) -> Option<(ApiOrigin, ApiVersion, JobId)> {
        Some((
            ApiOrigin::parse(&self.origin).ok()?,
            ApiVersion::parse_exact(&self.version)?,
            JobId::parse(&self.job).ok()?,
        ))
    }

    fn same_job(&self, other: &WatchEntry) -> bool {
        self.origin == other.origin && self.job == other.job
    }
}

/// One line of a paste that named no job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasteProblem {
    /// 1-based line number.
    pub line: usize,
    pub error: PasteError,
}

/// Reads several jobs from one paste: one per line (blank lines skipped), each a bare id, a URL
/// or a curl line. Lines that do not say their origin or version take the defaults.
pub fn parse_many(
    text: &str,
    default_origin: &ApiOrigin,
    default_version: ApiVersion,
) -> (Vec<WatchEntry>, Vec<PasteProblem>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        // Several bare ids on one line (separated by spaces or commas) are common in tickets.
        let pieces: Vec<&str> = if line
            .split([' ', ',', '\t', ';'])
            .filter(|p| !p.is_empty())
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            line.split([' ', ',', '\t', ';'])
                .filter(|p| !p.is_empty())
                .collect()
        } else {
            vec![line]
        };
        for piece in pieces {
            match parse_paste(piece) {
                Ok(p) => {
                    let origin = p.origin.unwrap_or_else(|| default_origin.clone());
                    let version = p.version.unwrap_or(default_version);
                    let entry = WatchEntry::new(&origin, version, &p.job);
                    if !found.iter().any(|e: &WatchEntry| e.same_job(&entry)) {
                        found.push(entry);
                    }
                }
                Err(error) => problems.push(PasteProblem { line: i + 1, error }),
            }
        }
    }
    (found, problems)
}

/// The watch list, in the order jobs were added.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WatchList {
    pub entries: Vec<WatchEntry>,
}

impl WatchList {
    /// Adds entries not already listed, up to [`MAX_WATCHED`]; returns how many were added.
    pub fn add(&mut self, new: impl IntoIterator<Item = WatchEntry>) -> usize {
        let mut added = 0;
        for e in new {
            if self.entries.len() >= MAX_WATCHED {
                break;
            }
            if !self.entries.iter().any(|x| x.same_job(&e)) {
                self.entries.push(e);
                added += 1;
            }
        }
        added
    }

    /// Removes a job.
    pub fn remove(&mut self, entry: &WatchEntry) {
        self.entries.retain(|e| !e.same_job(entry));
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"entries\":[]}".into())
    }

    /// Reads stored JSON; entries that no longer validate are dropped, garbage gives an empty list.
    pub fn from_json(raw: &str) -> WatchList {
        let mut list: WatchList = serde_json::from_str(raw).unwrap_or_default();
        list.entries.retain(|e| e.parts().is_some());
        list.entries.truncate(MAX_WATCHED);
        list
    }
}

/// A job opened lately, with the last status seen (its final one once it ended).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentJob {
    #[serde(flatten)]
    pub entry: WatchEntry,
    /// Status token (`completed`, `failed`…) last seen; `None` before the first answer.
    pub status: Option<String>,
    /// When it was opened (epoch ms).
    pub opened_ms: u64,
}

/// The recent jobs, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RecentJobs {
    pub jobs: Vec<RecentJob>,
}

impl RecentJobs {
    /// Records that `entry` was opened now (moving it to the front, keeping its last status).
    pub fn opened(&mut self, entry: WatchEntry, now_ms: u64) {
        let status = self
            .jobs
            .iter()
            .find(|j| j.entry.same_job(&entry))
            .and_then(|j| j.status.clone());
        self.jobs.retain(|j| !j.entry.same_job(&entry));
        self.jobs.insert(
            0,
            RecentJob {
                entry,
                status,
                opened_ms: now_ms,
            },
        );
        self.jobs.truncate(MAX_RECENT);
    }

    /// Records the status last seen for a job that is listed; false when nothing changed.
    pub fn saw(&mut self, entry: &WatchEntry, status: &str) -> bool {
        match self.jobs.iter_mut().find(|j| j.entry.same_job(entry)) {
            Some(j) if j.status.as_deref() != Some(status) => {
                j.status = Some(status.to_string());
                true
            }
            _ => false,
        }
    }

    /// Records the status seen for a job the person is looking at: listed jobs keep their place,
    /// a job opened another way (typed in the form, a followed link) joins at the front. False
    /// when nothing changed.
    pub fn watched(&mut self, entry: WatchEntry, status: &str, now_ms: u64) -> bool {
        if self.jobs.iter().any(|j| j.entry.same_job(&entry)) {
            return self.saw(&entry, status);
        }
        self.opened(entry.clone(), now_ms);
        self.saw(&entry, status);
        true
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"jobs\":[]}".into())
    }

    pub fn from_json(raw: &str) -> RecentJobs {
        let mut r: RecentJobs = serde_json::from_str(raw).unwrap_or_default();
        r.jobs.retain(|j| j.entry.parts().is_some());
        r.jobs.truncate(MAX_RECENT);
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{DataCenter, Site};

    fn sim() -> ApiOrigin {
        ApiOrigin::parse("http://127.0.0.1:8787").unwrap()
    }

    #[test]
    fn one_paste_names_many_jobs_and_no_token_is_kept() {
        let text = "111111000000541958\n\n\
            https://www.zohoapis.eu/crm/bulk/v3/write/222222000000541958\n\
            curl \"https://www.zohoapis.com/crm/bulk/v8/write/333\" -H \"Authorization: Zoho-oauthtoken 1000.secret\"\n\
            444, 555 666\n\
            not a job\n\
            111111000000541958\n";
        let (found, problems) = parse_many(text, &sim(), ApiVersion::V8);
        let ids: Vec<&str> = found.iter().map(|e| e.job.as_str()).collect();
        assert_eq!(
            ids,
            [
                "111111000000541958",
                "222222000000541958",
                "333",
                "444",
                "555",
                "666"
            ]
        );
        assert_eq!(found[0].origin, "http://127.0.0.1:8787");
        assert_eq!(
            found[1].origin,
            ApiOrigin::from(Site::production(DataCenter::Eu)).origin_string()
        );
        assert_eq!(found[1].version, "v3");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 6);
        let mut list = WatchList::default();
        assert_eq!(list.add(found.clone()), 6);
        assert_eq!(list.add(found), 0, "no duplicates");
        let json = list.to_json();
        assert!(!json.contains("secret") && !json.to_lowercase().contains("token"));
        assert_eq!(WatchList::from_json(&json), list);
    }

    #[test]
    fn stored_garbage_is_not_trusted_and_the_list_is_capped() {
        assert_eq!(WatchList::from_json("{nope"), WatchList::default());
        let bad = r#"{"entries":[{"origin":"javascript:alert(1)","version":"v8","job":"1"},
            {"origin":"http://127.0.0.1:1","version":"v8","job":"12"}]}"#;
        assert_eq!(WatchList::from_json(bad).entries.len(), 1);
        let mut list = WatchList::default();
        let many = (1..=80).map(|i| {
            WatchEntry::new(
                &sim(),
                ApiVersion::V8,
                &JobId::parse(&i.to_string()).unwrap(),
            )
        });
        assert_eq!(list.add(many), MAX_WATCHED);
    }

    #[test]
    fn recent_jobs_move_to_front_and_keep_their_last_status() {
        let e = |id: &str| WatchEntry::new(&sim(), ApiVersion::V8, &JobId::parse(id).unwrap());
        let mut r = RecentJobs::default();
        for i in 0..12 {
            r.opened(e(&format!("{}", 100 + i)), i);
        }
        assert_eq!(r.jobs.len(), MAX_RECENT);
        assert_eq!(r.jobs[0].entry.job, "111");
        assert!(r.saw(&e("105"), "completed"));
        assert!(!r.saw(&e("105"), "completed"));
        r.opened(e("105"), 99);
        assert_eq!(r.jobs[0].entry.job, "105");
        assert_eq!(r.jobs[0].status.as_deref(), Some("completed"));
        assert_eq!(RecentJobs::from_json(&r.to_json()), r);
    }

    #[test]
    fn a_job_seen_in_the_job_view_keeps_its_latest_status_and_place() {
        let e = |id: &str| WatchEntry::new(&sim(), ApiVersion::V8, &JobId::parse(id).unwrap());
        let mut r = RecentJobs::default();
        r.opened(e("1"), 10);
        r.opened(e("2"), 20);
        // A listed job: only its status moves, not its place.
        assert!(r.watched(e("1"), "in_progress", 30));
        assert!(r.watched(e("1"), "completed", 40));
        assert!(
            !r.watched(e("1"), "completed", 50),
            "the same status is no news"
        );
        let ids: Vec<&str> = r.jobs.iter().map(|j| j.entry.job.as_str()).collect();
        assert_eq!(ids, ["2", "1"]);
        assert_eq!(r.jobs[1].status.as_deref(), Some("completed"));
        assert_eq!(r.jobs[1].opened_ms, 10);
        // A job typed in the form joins at the front with what was seen.
        assert!(r.watched(e("3"), "failed", 60));
        assert_eq!(r.jobs[0].entry.job, "3");
        assert_eq!(r.jobs[0].status.as_deref(), Some("failed"));
        assert_eq!(r.jobs[0].opened_ms, 60);
        let json = r.to_json();
        assert!(!json.to_lowercase().contains("token"));
        assert_eq!(RecentJobs::from_json(&json), r);
    }
}
