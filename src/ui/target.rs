//! What one widget watches: an API origin, a version, a job id, and optionally the proxy it goes
//! through. Turns that into requests using the core's URL builders (the UI builds no URL itself).

use crate::net::HttpRequest;
use crate::token::Token;
use crate::ui::pending::download::{self, Classified};
use crate::ui::pending::endpoint::{self, ApiOrigin, ApiVersion, JobId, ProxyBase};

/// A job to watch and where its API is. Never holds the token.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub origin: ApiOrigin,
    pub version: ApiVersion,
    pub job: JobId,
    /// Bulkwatch proxy prefix; `None` = the browser calls the API directly.
    pub proxy: Option<ProxyBase>,
}

/// How a download may happen.
#[derive(Debug, Clone, PartialEq)]
pub enum DownloadPlan {
    /// Fetch this request (with the token) and save the body.
    Fetch {
        request_url: String,
        /// The resolved Zoho URL (shown in the curl command, fetched directly or via the proxy).
        resolved: String,
    },
    /// Show the raw URL as inert text with the core's reason.
    Refused { raw: String, reason: String },
}

impl Target {
    /// The job-details request.
    pub fn job_request(&self, token: Option<Token>) -> Result<HttpRequest, String> {
        let url = match &self.proxy {
            None => endpoint::job_url(&self.origin, self.version, &self.job),
            Some(proxy) => {
                let dc = self
                    .origin
                    .data_center()
                    .ok_or("the proxy reaches Zoho's data centres only, not a custom origin")?;
                endpoint::proxy_job_url(proxy, dc, self.version, &self.job)
            }
        };
        Ok(HttpRequest {
            url,
            token,
            via_proxy: self.proxy.is_some(),
            accept: "application/json",
        })
    }

    /// What to do with a job's raw `download_url`: the core decides whether it is safe.
    pub fn download_plan(&self, raw: &str) -> DownloadPlan {
        match download::classify(raw, &self.origin) {
            Classified::Unsafe { reason } => DownloadPlan::Refused {
                raw: raw.to_string(),
                reason,
            },
            Classified::Safe { url } => match (&self.proxy, self.origin.data_center()) {
                (Some(proxy), Some(dc)) => DownloadPlan::Fetch {
                    request_url: endpoint::proxy_download_url(proxy, dc, &url),
                    resolved: url,
                },
                _ => DownloadPlan::Fetch {
                    request_url: url.clone(),
                    resolved: url,
                },
            },
        }
    }

    /// The download request for a plan's `request_url`.
    pub fn download_request(&self, request_url: &str, token: Option<Token>) -> HttpRequest {
        HttpRequest {
            url: request_url.to_string(),
            token,
            via_proxy: self.proxy.is_some(),
            accept: "*/*",
        }
    }
}
