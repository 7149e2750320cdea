//! Who may call: `Authorization: Zoho-oauthtoken <token>` checked against the configured tokens,
//! their scopes and marks, then the per-token concurrency and rate budgets (429 with
//! `Retry-After`). The token is compared and counted, never logged or echoed.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::http::{header, HeaderMap};

use super::config::{Budgets, TokenMark, TokenSpec, SCOPE_BULK_ALL, SCOPE_FILES_ALL};
use super::errors::ZohoError;

/// What a route asks of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Job details and job creation: `ZohoCRM.bulk.CREATE` or `ZohoCRM.bulk.ALL`.
    Bulk,
    /// Upload: `ZohoFiles.files.ALL`.
    Files,
    /// The result download: any valid token.
    AnyScope,
}

impl Need {
    fn scopes(self) -> &'static [&'static str] {
        match self {
            Need::Bulk => &["ZohoCRM.bulk.CREATE", SCOPE_BULK_ALL],
            Need::Files => &[SCOPE_FILES_ALL],
            Need::AnyScope => &[],
        }
    }
}

/// The token part of an `Authorization: Zoho-oauthtoken <token>` header.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let raw = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = raw.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("Zoho-oauthtoken") && !token.is_empty()).then_some(token)
}

/// Finds the configured token, in time independent of where the strings first differ.
pub fn find_token<'a>(tokens: &'a [TokenSpec], presented: &str) -> Option<(usize, &'a TokenSpec)> {
    let mut found = None;
    for (i, t) in tokens.iter().enumerate() {
        if constant_time_eq(t.token.as_bytes(), presented.as_bytes()) && found.is_none() {
            found = Some((i, t));
        }
    }
    found
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks the token alone (validity, mark, scope), before any budget is spent.
pub fn check_token(
    tokens: &[TokenSpec],
    headers: &HeaderMap,
    need: Need,
) -> Result<usize, ZohoError> {
    let presented = bearer(headers).ok_or_else(ZohoError::invalid_token)?;
    let (index, spec) = find_token(tokens, presented).ok_or_else(ZohoError::invalid_token)?;
    match spec.mark {
        Some(TokenMark::Expired) => return Err(ZohoError::invalid_token()),
        Some(TokenMark::AuthenticationFailure) => {
            return Err(ZohoError::standard("AUTHENTICATION_FAILURE"))
        }
        Some(TokenMark::NoPermission) => {
            let e = ZohoError::standard("NO_PERMISSION");
            return Err(match need {
                Need::Bulk | Need::AnyScope => e,
                Need::Files => e.with_message("Permission denied to create"),
            });
        }
        Some(TokenMark::AuthorizationFailed) => {
            return Err(ZohoError::standard("AUTHORIZATION_FAILED"))
        }
        None => {}
    }
    let scopes = need.scopes();
    if !scopes.is_empty() && !spec.has_scope(scopes) {
        return Err(ZohoError::standard("OAUTH_SCOPE_MISMATCH"));
    }
    Ok(index)
}

#[derive(Debug, Default)]
struct TokenUse {
    recent: VecDeque<u64>,
    in_flight: usize,
}

/// Per-token request accounting shared by all routes.
#[derive(Debug, Clone)]
pub struct BudgetBook {
    limits: Budgets,
    uses: Arc<Mutex<HashMap<usize, TokenUse>>>,
}

/// Holds one in-flight slot of a token until dropped.
#[derive(Debug)]
pub struct InFlight {
    token: usize,
    uses: Arc<Mutex<HashMap<usize, TokenUse>>>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut uses = lock(&self.uses);
        if let Some(u) = uses.get_mut(&self.token) {
            u.in_flight = u.in_flight.saturating_sub(1);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take the simulator down with it.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl BudgetBook {
    pub fn new(limits: Budgets) -> BudgetBook {
        BudgetBook {
            limits,
            uses: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Spends one request of `token` at `now_ms` (elapsed time): the rate window first, then a
    /// concurrency slot held until the returned guard drops.
    pub fn spend(&self, token: usize, now_ms: u64) -> Result<InFlight, ZohoError> {
        let mut uses = lock(&self.uses);
        let u = uses.entry(token).or_default();
        let window = self.limits.rate_window_ms;
        while u
            .recent
            .front()
            .is_some_and(|t| t.saturating_add(window) <= now_ms)
        {
            u.recent.pop_front();
        }
        if u.recent.len() >= self.limits.rate_limit {
            let oldest = u.recent.front().copied().unwrap_or(now_ms);
            let wait_ms = oldest.saturating_add(window).saturating_sub(now_ms);
            return Err(ZohoError::too_many_requests(wait_ms.div_ceil(1000)));
        }
        if u.in_flight >= self.limits.max_concurrent {
            return Err(ZohoError::too_many_requests(
                self.limits.concurrency_retry_after_s,
            ));
        }
        u.recent.push_back(now_ms);
        u.in_flight += 1;
        Ok(InFlight {
            token,
            uses: self.uses.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn token_checks() {
        let tokens = vec![
            TokenSpec::new("good"),
            TokenSpec::parse("narrow:ZohoCRM.bulk.READ").unwrap(),
            TokenSpec::parse("np:!no-permission").unwrap(),
        ];
        assert_eq!(
            check_token(&tokens, &headers("Zoho-oauthtoken good"), Need::Bulk),
            Ok(0)
        );
        let code = |h: &str, n| check_token(&tokens, &headers(h), n).unwrap_err().code;
        assert_eq!(code("Bearer good", Need::Bulk), "INVALID_TOKEN");
        assert_eq!(code("Zoho-oauthtoken bad", Need::Bulk), "INVALID_TOKEN");
        assert_eq!(
            code("Zoho-oauthtoken narrow", Need::Bulk),
            "OAUTH_SCOPE_MISMATCH"
        );
        assert_eq!(code("Zoho-oauthtoken np", Need::Bulk), "NO_PERMISSION");
        assert_eq!(
            check_token(&tokens, &HeaderMap::new(), Need::Bulk)
                .unwrap_err()
                .code,
            "INVALID_TOKEN"
        );
    }

    #[test]
    fn budgets() {
        let book = BudgetBook::new(Budgets {
            max_concurrent: 1,
            rate_limit: 2,
            rate_window_ms: 10_000,
            concurrency_retry_after_s: 3,
        });
        let g = book.spend(0, 0).unwrap();
        let e = book.spend(0, 1).unwrap_err();
        assert_eq!((e.code, e.retry_after), ("TOO_MANY_REQUESTS", Some(3)));
        drop(g);
        let _g = book.spend(0, 2).unwrap();
        drop(_g);
        let e = book.spend(0, 2_500).unwrap_err();
        assert_eq!(e.retry_after, Some(8));
        assert!(book.spend(1, 2_500).is_ok(), "budgets are per token");
        assert!(book.spend(0, 10_000).is_ok(), "the window rolls");
    }
}
