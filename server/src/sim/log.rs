//! The request log tests read at `GET /__sim/log`: method, path (query values of secret-looking
//! keys redacted), status, when (elapsed and simulated ms) and how long. Headers are never
//! recorded, so the token cannot leak through it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::SimState;

/// One logged request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    /// 1-based, in arrival order.
    pub seq: u64,
    /// Unscaled ms since the simulator started, at arrival.
    pub t_ms: u64,
    /// Simulated ms at arrival.
    pub sim_ms: u64,
    pub method: String,
    /// Path plus query, with the values of secret-looking query keys replaced by `REDACTED`.
    pub path: String,
    pub status: u16,
    /// Unscaled ms until the response head was ready.
    pub duration_ms: u64,
    /// The fault the simulator injected into this answer, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<&'static str>,
}

/// Marks a response with the fault that shaped it (read by the logging middleware).
#[derive(Debug, Clone, Copy)]
pub struct FaultTag(pub &'static str);

/// A bounded log; the oldest entries go first when it is full.
#[derive(Debug)]
pub struct RequestLog {
    inner: Mutex<(VecDeque<LogEntry>, u64)>,
    cap: usize,
}

impl Default for RequestLog {
    fn default() -> Self {
        RequestLog {
            inner: Mutex::new((VecDeque::new(), 0)),
            cap: 100_000,
        }
    }
}

/// Filters of `GET /__sim/log`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LogQuery {
    /// Only paths starting with this.
    pub path_prefix: Option<String>,
    /// Only entries with `t_ms >= since`.
    pub since: Option<u64>,
    /// Only entries with `seq > after`.
    pub after: Option<u64>,
}

impl RequestLog {
    fn push(&self, mut entry: LogEntry) {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.1 += 1;
        entry.seq = g.1;
        if g.0.len() >= self.cap {
            g.0.pop_front();
        }
        g.0.push_back(entry);
    }

    /// Entries matching `q`, oldest first.
    pub fn entries(&self, q: &LogQuery) -> Vec<LogEntry> {
        let g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.0.iter()
            .filter(|e| {
                q.path_prefix
                    .as_deref()
                    .is_none_or(|p| e.path.starts_with(p))
            })
            .filter(|e| q.since.is_none_or(|s| e.t_ms >= s))
            .filter(|e| q.after.is_none_or(|a| e.seq > a))
            .cloned()
            .collect()
    }

    /// Forgets every entry (sequence numbers keep growing).
    pub fn clear(&self) {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.0.clear();
    }
}

const SECRET_KEYS: [&str; 8] = [
    "token", "auth", "key", "secret", "code", "password", "sig", "state",
];

/// The path and query of a URI, with values of secret-looking query keys redacted.
pub fn loggable_path(path: &str, query: Option<&str>) -> String {
    let Some(query) = query.filter(|q| !q.is_empty()) else {
        return path.to_string();
    };
    let parts: Vec<String> = query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let lower = k.to_ascii_lowercase();
            if !v.is_empty() && SECRET_KEYS.iter().any(|s| lower.contains(s)) {
                format!("{k}=REDACTED")
            } else {
                pair.to_string()
            }
        })
        .collect();
    format!("{path}?{}", parts.join("&"))
}

/// Middleware recording every request except reads of the log itself.
pub async fn record(State(state): State<Arc<SimState>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if path.starts_with("/__sim/log") {
        return next.run(req).await;
    }
    let method = req.method().to_string();
    let logged_path = loggable_path(&path, req.uri().query());
    let t_ms = state.clock.elapsed_ms();
    let sim_ms = state.clock.sim_ms();
    let resp = next.run(req).await;
    let fault = resp.extensions().get::<FaultTag>().map(|t| t.0);
    state.log.push(LogEntry {
        seq: 0,
        t_ms,
        sim_ms,
        method,
        path: logged_path,
        status: resp.status().as_u16(),
        duration_ms: state.clock.elapsed_ms().saturating_sub(t_ms),
        fault,
    });
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_queries_are_redacted() {
        assert_eq!(loggable_path("/a", None), "/a");
        assert_eq!(
            loggable_path("/a", Some("access_token=xyz&page=2&x")),
            "/a?access_token=REDACTED&page=2&x"
        );
    }

    #[test]
    fn filters() {
        let log = RequestLog::default();
        for (t, p) in [(1, "/crm/a"), (5, "/crm/b"), (9, "/x")] {
            log.push(LogEntry {
                seq: 0,
                t_ms: t,
                sim_ms: t,
                method: "GET".into(),
                path: p.into(),
                status: 200,
                duration_ms: 0,
                fault: None,
            });
        }
        let q = |p: Option<&str>, s| LogQuery {
            path_prefix: p.map(String::from),
            since: s,
            after: None,
        };
        assert_eq!(log.entries(&q(Some("/crm"), None)).len(), 2);
        assert_eq!(log.entries(&q(Some("/crm"), Some(5))).len(), 1);
        assert_eq!(
            log.entries(&LogQuery {
                after: Some(2),
                ..LogQuery::default()
            })[0]
                .seq,
            3
        );
        log.clear();
        assert!(log.entries(&LogQuery::default()).is_empty());
    }
}
