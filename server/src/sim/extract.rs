//! The preamble every Zoho route shares, written once as axum extractors: the `{version}` path
//! segment (`INVALID_URL_PATTERN` when it is not one of Zoho's versions), then the token
//! (validity, mark, scope) and one request of its budget. Handlers list them in that order, so
//! a bad version is reported before a bad token, as Zoho does, and the budget is spent only by a
//! request that names a real version with a good token.

use std::marker::PhantomData;
use std::sync::Arc;

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;

use super::auth::{check_token, InFlight, Need};
use super::config::parse_version_segment;
use super::errors::ZohoError;
use super::version::Version;
use super::SimState;

/// The route's `{version}` segment, parsed.
#[derive(Debug, Clone, Copy)]
pub struct ApiVersion(pub Version);

impl<S: Send + Sync> FromRequestParts<S> for ApiVersion {
    type Rejection = ZohoError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ZohoError> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ZohoError::invalid_url_pattern())?;
        params
            .iter()
            .find(|(name, _)| *name == "version")
            .and_then(|(_, seg)| parse_version_segment(seg))
            .map(ApiVersion)
            .ok_or_else(ZohoError::invalid_url_pattern)
    }
}

/// What a route asks of the token, as a type (so it is visible in the handler's signature).
pub trait Requirement: Send + Sync + 'static {
    const NEED: Need;
}

/// Job details and job creation.
#[derive(Debug)]
pub struct BulkScope;
impl Requirement for BulkScope {
    const NEED: Need = Need::Bulk;
}

/// The upload route.
#[derive(Debug)]
pub struct FilesScope;
impl Requirement for FilesScope {
    const NEED: Need = Need::Files;
}

/// A request admitted by its token and counted against its budget; the concurrency slot is
/// held until the handler returns (the extractor is dropped with the handler's arguments).
#[derive(Debug)]
pub struct Spent<R: Requirement> {
    _slot: InFlight,
    _need: PhantomData<R>,
}

impl<R: Requirement> FromRequestParts<Arc<SimState>> for Spent<R> {
    type Rejection = ZohoError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<SimState>,
    ) -> Result<Self, ZohoError> {
        check_token(&state.config.tokens, &parts.headers, R::NEED)
            .and_then(|t| state.budgets.spend(t, state.clock.elapsed_ms()))
            .map(|slot| Spent {
                _slot: slot,
                _need: PhantomData,
            })
    }
}
