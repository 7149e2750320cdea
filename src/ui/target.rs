//! What one widget watches: an API origin, a version, a job id, and optionally the proxy it goes
//! through. Turns that into requests with the core's URL builders and URL rules (the UI builds no
//! URL itself).

use bulkwatch_core::download::{self, DownloadUrl};
use bulkwatch_core::endpoint::{self, ApiOrigin, ApiVersion, ExtraHosts, JobId, ProxyBase};
use bulkwatch_core::BwError;

use crate::net::HttpRequest;
use crate::token::Token;

/// A job to watch and where its API is. Never holds the token.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub origin: ApiOrigin,
    pub version: ApiVersion,
    pub job: JobId,
    /// Bulkwatch proxy; `None` = the browser calls the API directly.
    pub proxy: Option<ProxyBase>,
}

/// How a result file may be downloaded.
#[derive(Debug, Clone, PartialEq)]
pub enum DownloadPlan {
    /// Fetch `request_url` with the token and save the body.
    Fetch {
        request_url: String,
        /// The resolved result URL (what the curl command fetches).
        resolved: String,
    },
    /// The core refused the URL: show `raw` as inert text with `reason`. Never linked or fetched.
    Refused { raw: String, reason: String },
    /// The URL is fine but the proxy cannot carry it.
    NotViaProxy { resolved: String, reason: String },
}

impl Target {
    /// The job-details request.
    pub fn job_request(&self, token: Option<Token>) -> Result<HttpRequest, BwError> {
        let url = match &self.proxy {
            None => endpoint::job_url(&self.origin, self.version, &self.job),
            Some(proxy) => {
                endpoint::job_url_via_proxy(proxy, &self.origin, self.version, &self.job)
                    .ok_or_else(|| BwError::InvalidInput {
                        reason: "the proxy reaches Zoho's data centres only, not a custom origin"
                            .into(),
                    })?
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
        self.download_plan_with(raw, &ExtraHosts::none())
    }

    /// Like [`Target::download_plan`], also allowing the extra download hosts the embedding
    /// page configured (never hosts from a link or an answer).
    pub fn download_plan_with(&self, raw: &str, extra: &ExtraHosts) -> DownloadPlan {
        let classified = download::classify_with(raw, &self.origin, extra);
        match (&classified, &self.proxy) {
            (DownloadUrl::Unsafe { raw, reason }, _) => DownloadPlan::Refused {
                raw: raw.clone(),
                reason: reason.text(),
            },
            (DownloadUrl::Safe { url, .. }, None) => DownloadPlan::Fetch {
                request_url: url.clone(),
                resolved: url.clone(),
            },
            (DownloadUrl::Safe { url, .. }, Some(proxy)) => match classified.proxy_url(proxy) {
                Ok(request_url) => DownloadPlan::Fetch {
                    request_url,
                    resolved: url.clone(),
                },
                Err(e) => DownloadPlan::NotViaProxy {
                    resolved: url.clone(),
                    reason: e.to_string(),
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
