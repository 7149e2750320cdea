//! The folded connect panel's one line: which job, where, which version, and how the browser
//! reaches it ("Job 1111…1958 · US · v8 · direct"). Pure, so it is tested natively.

use bulkwatch_core::endpoint::{ApiOrigin, Environment};

use crate::ui::target::Target;

/// The parts of the line, each already worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The job id, shortened when long (the heading below shows it in full).
    pub job_short: String,
    /// The full job id (the short one's title and accessible name).
    pub job: String,
    /// The data centre ("US", "EU sandbox") or, for a custom origin, its host.
    pub place: String,
    pub version: String,
    /// "direct" or "via proxy 127.0.0.1:8787".
    pub route: String,
}

/// Ids longer than this are shortened to their first and last four characters.
const SHORT_UP_TO: usize = 12;

/// Shortens a long job id to its first and last four characters ("1111…1958").
pub fn short_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= SHORT_UP_TO {
        return id.to_string();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// An origin as a person names it: Zoho's data centre, or the custom origin's host and port.
fn place(origin: &ApiOrigin) -> String {
    match origin {
        ApiOrigin::Zoho { dc, env } => {
            let dc = dc.code().to_uppercase();
            match env {
                Environment::Production => dc,
                Environment::Sandbox => format!("{dc} sandbox"),
                Environment::Developer => format!("{dc} developer"),
            }
        }
        ApiOrigin::Custom(_) => without_scheme(&origin.origin_string()),
    }
}

fn without_scheme(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.trim_end_matches('/').to_string()
}

/// The line for a watched target.
pub fn line(target: &Target) -> Line {
    let job = target.job.as_str().to_string();
    Line {
        job_short: short_id(&job),
        job,
        place: place(&target.origin),
        version: target.version.as_str().to_string(),
        route: match &target.proxy {
            None => "direct".into(),
            Some(p) => format!("via proxy {}", without_scheme(p.as_str())),
        },
    }
}

impl Line {
    /// The whole line as text ("Job 1111…1958 · US · v8 · direct").
    pub fn text(&self) -> String {
        format!(
            "Job {} · {} · {} · {}",
            self.job_short, self.place, self.version, self.route
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bulkwatch_core::endpoint::{ApiVersion, JobId, ProxyBase};

    fn target(origin: &str, proxy: Option<&str>) -> Target {
        Target {
            origin: ApiOrigin::parse(origin).unwrap(),
            version: ApiVersion::V8,
            job: JobId::parse("111111000000541958").unwrap(),
            proxy: proxy.map(|p| ProxyBase::parse(p).unwrap()),
        }
    }

    #[test]
    fn a_zoho_job_reads_as_data_centre_version_and_route() {
        let l = line(&target("https://www.zohoapis.com", None));
        assert_eq!(l.text(), "Job 1111…1958 · US · v8 · direct");
        assert_eq!(l.job, "111111000000541958");
        let l = line(&target(
            "https://sandbox.zohoapis.eu",
            Some("http://127.0.0.1:8787/"),
        ));
        assert_eq!(
            l.text(),
            "Job 1111…1958 · EU sandbox · v8 · via proxy 127.0.0.1:8787"
        );
    }

    #[test]
    fn a_custom_origin_reads_as_its_host() {
        let l = line(&target("http://127.0.0.1:8080", None));
        assert_eq!(l.place, "127.0.0.1:8080");
    }

    #[test]
    fn short_ids_stay_whole() {
        assert_eq!(short_id("42"), "42");
        assert_eq!(short_id("123456789012"), "123456789012");
        assert_eq!(short_id("1234567890123"), "1234…0123");
    }
}
