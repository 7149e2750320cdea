//! The simulator's demo endpoint (`GET /__sim/demo` → `{token, jobs}`), read tolerantly: the
//! token is a fake one the simulator accepts, and each job has an id and, maybe, a label.
//! Fetched only when the API origin is the page's own loopback origin.

use bulkwatch_core::endpoint::ApiVersion;
use serde::Deserialize;

/// One demo job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoJob {
    pub id: String,
    /// Its scenario's name (`happy-insert`), or the id.
    pub label: String,
    /// The API version the simulator serves it under, when it says.
    pub version: Option<ApiVersion>,
}

/// What the demo endpoint offers. `Debug` leaves the (fake, but still) token out.
#[derive(Clone, PartialEq, Eq)]
pub struct Demo {
    pub token: String,
    pub jobs: Vec<DemoJob>,
}

impl std::fmt::Debug for Demo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Demo")
            .field("jobs", &self.jobs)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct Wire {
    token: String,
    #[serde(default)]
    jobs: Vec<WireJob>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum WireId {
    Text(String),
    Number(u64),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum WireJob {
    Id(WireId),
    Object {
        #[serde(alias = "job_id")]
        id: WireId,
        #[serde(default, alias = "scenario", alias = "name", alias = "title")]
        label: Option<String>,
        #[serde(default)]
        version: Option<String>,
    },
}

fn id_text(id: WireId) -> String {
    match id {
        WireId::Text(s) => s,
        WireId::Number(n) => n.to_string(),
    }
}

/// Reads the demo answer; `None` when it is not one.
pub fn decode(body: &[u8]) -> Option<Demo> {
    let wire: Wire = serde_json::from_slice(body).ok()?;
    let jobs = wire
        .jobs
        .into_iter()
        .map(|j| match j {
            WireJob::Id(id) => {
                let id = id_text(id);
                DemoJob {
                    label: id.clone(),
                    id,
                    version: None,
                }
            }
            WireJob::Object { id, label, version } => {
                let id = id_text(id);
                DemoJob {
                    label: label.unwrap_or_else(|| id.clone()),
                    id,
                    version: version.as_deref().and_then(ApiVersion::parse),
                }
            }
        })
        .collect();
    Some(Demo {
        token: wire.token,
        jobs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_and_objects() {
        let d = decode(
            br#"{"token":"demo-1","jobs":["1",{"id":2,"scenario":"happy-insert"},{"job_id":"3"}]}"#,
        )
        .unwrap();
        assert_eq!(d.token, "demo-1");
        let ids: Vec<_> = d
            .jobs
            .iter()
            .map(|j| (j.id.as_str(), j.label.as_str()))
            .collect();
        assert_eq!(ids, [("1", "1"), ("2", "happy-insert"), ("3", "3")]);
        assert!(!format!("{d:?}").contains("demo-1"));
    }

    #[test]
    fn refuses_other_bodies() {
        assert!(decode(b"<html>").is_none());
        assert!(decode(br#"{"jobs":[]}"#).is_none());
    }
}
