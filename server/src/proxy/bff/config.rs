//! Backend-for-frontend settings (`[bff]`) and their validation. The client secret is read from
//! its own file (systemd `LoadCredential=`), never from the TOML file or the environment, and
//! never printed.

use super::seal::TokenKeys;
use crate::proxy::limits::Rate;
use serde::Deserialize;
use std::fmt;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;
use url::{Host, Url};

/// `[bff]` as written in the file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BffSettings {
    /// Turns the mode on (default off).
    pub enabled: Option<bool>,
    /// The Zoho server-based client's id.
    pub client_id: Option<String>,
    /// A file holding only the client secret.
    pub client_secret_file: Option<PathBuf>,
    /// The callback URL registered with Zoho: `https://<proxy>{path_prefix}/bff/callback`.
    pub redirect_uri: Option<String>,
    /// Where the browser lands after signing in (on an allowlisted origin).
    pub after_login: Option<String>,
    /// OAuth scope (default `ZohoCRM.bulk.CREATE`).
    pub scope: Option<String>,
    /// A session unused this long ends (default 30 minutes).
    pub session_idle_secs: Option<u64>,
    /// A session ends this long after sign-in whatever happens (default 8 hours).
    pub session_max_secs: Option<u64>,
    /// Most sessions held at once (default 10 000).
    pub max_sessions: Option<u64>,
    /// Most sign-ins waiting for Zoho's callback, all clients together (default 256): a table
    /// of its own, so unfinished sign-ins can never crowd out sessions.
    pub max_pending_sign_ins: Option<u64>,
    /// Most sign-ins one client address (IPv6 by /64) may have waiting (default 3); a newer
    /// one replaces that client's oldest.
    pub max_pending_sign_ins_per_client: Option<u64>,
    /// Sign-in starts and callbacks one client address may make per minute (default 10, burst
    /// half of it): a budget of their own, apart from the proxy-wide per-client limit.
    pub sign_ins_per_minute: Option<u64>,
    /// Session checks and sign-outs one client address may make per minute (default 120,
    /// burst half of it).
    pub session_calls_per_minute: Option<u64>,
    /// Where a revoked refresh token is sent: `"body"` (default; RFC 7009, never in a URL) or
    /// `"query"` (Zoho's documented `POST /oauth/v2/token/revoke?token=…`).
    pub revoke_token_in: Option<String>,
    /// Where sessions live: `"memory"` (default; one instance, lost on restart) or `"redis"`
    /// (shared by instances, survives restarts).
    pub store: Option<String>,
    /// With `store = "redis"`: `redis://host:port/db` (or `rediss://` for TLS).
    pub redis_url: Option<String>,
    /// With `store = "redis"`: the prefix of every key (default `bulkwatch:bff:`), so one Redis
    /// can serve several deployments.
    pub redis_key_prefix: Option<String>,
    /// With `store = "redis"`: a file holding the AES-256 key sealing stored sessions (32 raw
    /// bytes or 64 hex digits).
    pub token_key_file: Option<PathBuf>,
    /// Older keys still accepted for opening values sealed before a rotation.
    pub old_token_key_files: Option<Vec<PathBuf>>,
}

/// A Redis client whose `Debug` does not show the URL (it may hold a password).
#[derive(Clone)]
pub struct RedisTarget(pub redis::Client);

impl fmt::Debug for RedisTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RedisTarget(..)")
    }
}

/// The validated choice of session store.
#[derive(Debug, Clone, Default)]
pub enum StoreConfig {
    /// In process memory (one instance).
    #[default]
    Memory,
    /// A shared Redis.
    Redis(Box<RedisSettings>),
}

/// A validated Redis store.
#[derive(Debug, Clone)]
pub struct RedisSettings {
    pub target: RedisTarget,
    pub prefix: String,
    pub keys: TokenKeys,
}

/// A secret string whose `Debug` shows nothing.
#[derive(Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// Validated backend-for-frontend configuration.
#[derive(Debug, Clone)]
pub struct BffConfig {
    pub client_id: String,
    pub client_secret: Secret,
    pub redirect_uri: Url,
    pub after_login: Url,
    pub scope: String,
    pub session_idle: Duration,
    pub session_max: Duration,
    pub max_sessions: usize,
    pub max_pending: usize,
    pub max_pending_per_client: usize,
    pub sign_in_rate: Rate,
    pub session_rate: Rate,
    /// Revocation in Zoho's documented query form rather than the form body.
    pub revoke_in_query: bool,
    pub store: StoreConfig,
}

fn token_chars(s: &str, extra: &[u8]) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
}

fn loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(d)) => d == "localhost",
        None => false,
    }
}

/// Validates `[bff]`; `None` when the mode is off (or on error, with the problems recorded).
pub fn validate(
    s: BffSettings,
    prefix: &str,
    origins: &[String],
    test_mode: bool,
    problems: &mut Vec<String>,
) -> Option<BffConfig> {
    if !s.enabled.unwrap_or(false) {
        return None;
    }
    let before = problems.len();
    let store = store_config(&s, problems);
    let client_id = s.client_id.unwrap_or_default();
    if client_id.is_empty() || client_id.len() > 200 || !token_chars(&client_id, b"._-") {
        problems.push("bff.client_id: the Zoho client id (like \"1000.ABC…\") is required".into());
    }
    let client_secret = match &s.client_secret_file {
        None => {
            problems.push(
                "bff.client_secret_file: a file holding the client secret is required".into(),
            );
            None
        }
        Some(path) => match std::fs::read_to_string(path) {
            Err(e) => {
                problems.push(format!(
                    "bff.client_secret_file: cannot read {}: {}",
                    path.display(),
                    e.kind()
                ));
                None
            }
            Ok(text) => {
                let secret = text.trim_end_matches(['\r', '\n']);
                if secret.is_empty() || secret.len() > 512 || !token_chars(secret, b"._-") {
                    problems.push(format!(
                        "bff.client_secret_file: {} must hold only the secret (letters, digits, '.', '_', '-')",
                        path.display()
                    ));
                    None
                } else {
                    Some(Secret::new(secret))
                }
            }
        },
    };
    let callback_path = format!("{prefix}/bff/callback");
    let redirect_uri = s.redirect_uri.as_deref().and_then(|r| Url::parse(r).ok());
    let redirect_ok = redirect_uri.as_ref().is_some_and(|u| {
        (u.scheme() == "https" || (test_mode && u.scheme() == "http" && loopback(u)))
            && u.username().is_empty()
            && u.password().is_none()
            && u.query().is_none()
            && u.fragment().is_none()
            && u.path() == callback_path
    });
    if !redirect_ok {
        problems.push(format!(
            "bff.redirect_uri must be the https URL of this proxy's callback, ending in {callback_path:?}"
        ));
    }
    let after_login = s.after_login.as_deref().and_then(|r| Url::parse(r).ok());
    let after_ok = after_login.as_ref().is_some_and(|u| {
        origins.contains(&u.origin().ascii_serialization())
            && u.username().is_empty()
            && u.password().is_none()
    });
    if !after_ok {
        problems.push("bff.after_login must be a URL on one of allowed_origins".into());
    }
    let scope = s.scope.unwrap_or_else(|| "ZohoCRM.bulk.CREATE".into());
    if scope.is_empty() || scope.len() > 200 || !token_chars(&scope, b"._,") {
        problems.push(format!("bff.scope {scope:?} is not a Zoho scope list"));
    }
    let mut secs = |name: &str, v: Option<u64>, default: u64, max: u64| {
        let v = v.unwrap_or(default);
        if v == 0 || v > max {
            problems.push(format!("bff.{name} = {v} must be between 1 and {max}"));
        }
        v
    };
    let idle = secs("session_idle_secs", s.session_idle_secs, 1800, 86_400);
    let max_age = secs("session_max_secs", s.session_max_secs, 28_800, 30 * 86_400);
    let max_sessions = secs("max_sessions", s.max_sessions, 10_000, 1_000_000);
    let max_pending = secs("max_pending_sign_ins", s.max_pending_sign_ins, 256, 100_000);
    let max_pending_per_client = secs(
        "max_pending_sign_ins_per_client",
        s.max_pending_sign_ins_per_client,
        3,
        100,
    );
    let sign_ins = secs("sign_ins_per_minute", s.sign_ins_per_minute, 10, 10_000);
    let session_calls = secs(
        "session_calls_per_minute",
        s.session_calls_per_minute,
        120,
        100_000,
    );
    let revoke_in_query = match s.revoke_token_in.as_deref() {
        None | Some("body") => false,
        Some("query") => true,
        Some(other) => {
            problems.push(format!(
                "bff.revoke_token_in {other:?}: \"body\" (default) or \"query\""
            ));
            false
        }
    };
    if problems.len() > before {
        return None;
    }
    Some(BffConfig {
        client_id,
        client_secret: client_secret?,
        redirect_uri: redirect_uri?,
        after_login: after_login?,
        scope,
        session_idle: Duration::from_secs(idle),
        session_max: Duration::from_secs(max_age),
        max_sessions: max_sessions as usize,
        max_pending: max_pending as usize,
        max_pending_per_client: max_pending_per_client as usize,
        sign_in_rate: per_minute(sign_ins)?,
        session_rate: per_minute(session_calls)?,
        revoke_in_query,
        store: store?,
    })
}

/// A rate of `n` per minute with a burst of half of it (at least 1).
fn per_minute(n: u64) -> Option<Rate> {
    Some(Rate {
        per_minute: NonZeroU32::new(u32::try_from(n).ok()?)?,
        burst: NonZeroU32::new(u32::try_from(n.div_ceil(2)).ok()?)?,
    })
}

/// Validates the store settings: Redis needs a parseable URL and a readable key of the right
/// shape (the proxy refuses to start rather than keep refresh tokens unsealed).
fn store_config(s: &BffSettings, problems: &mut Vec<String>) -> Option<StoreConfig> {
    let redis_only = s.redis_url.is_some()
        || s.redis_key_prefix.is_some()
        || s.token_key_file.is_some()
        || s.old_token_key_files.is_some();
    match s.store.as_deref() {
        None | Some("memory") => {
            if redis_only {
                problems.push(
                    "bff.redis_url, redis_key_prefix and the token key files apply only with bff.store = \"redis\"".into(),
                );
                return None;
            }
            Some(StoreConfig::Memory)
        }
        Some("redis") => {
            let before = problems.len();
            let target = match s.redis_url.as_deref().map(redis::Client::open) {
                Some(Ok(c)) => Some(RedisTarget(c)),
                _ => {
                    problems.push(
                        "bff.redis_url: a redis:// or rediss:// URL is required with bff.store = \"redis\"".into(),
                    );
                    None
                }
            };
            let prefix = s
                .redis_key_prefix
                .clone()
                .unwrap_or_else(|| "bulkwatch:bff:".into());
            if prefix.is_empty() || prefix.len() > 100 || !token_chars(&prefix, b":._-") {
                problems.push(format!(
                    "bff.redis_key_prefix {prefix:?}: 1 to 100 letters, digits, ':', '.', '_' or '-'"
                ));
            }
            let keys = match &s.token_key_file {
                None => {
                    problems.push(
                        "bff.token_key_file: a key file is required with bff.store = \"redis\" (refresh tokens are encrypted at rest)".into(),
                    );
                    None
                }
                Some(current) => {
                    let older = s.old_token_key_files.clone().unwrap_or_default();
                    match TokenKeys::from_files(current, &older) {
                        Ok(k) => Some(k),
                        Err(e) => {
                            problems.push(format!("bff.token_key_file: {e}"));
                            None
                        }
                    }
                }
            };
            if problems.len() > before {
                return None;
            }
            Some(StoreConfig::Redis(Box::new(RedisSettings {
                target: target?,
                prefix,
                keys: keys?,
            })))
        }
        Some(other) => {
            problems.push(format!(
                "bff.store {other:?}: \"memory\" (default) or \"redis\""
            ));
            None
        }
    }
}
