//! Where backend-for-frontend state lives: sessions (with their refresh and access tokens) and
//! sign-ins waiting for Zoho's callback, each with its expiry. [`SessionStore`] is the
//! interface; [`MemoryStore`] (one instance, the default) and
//! [`super::redis_store::RedisStore`] (shared by instances, survives restarts) implement it.
//!
//! Entries are keyed by the SHA-256 of the id the browser holds, so a store's contents give
//! nothing a cookie could be forged from. Times are milliseconds since the Unix epoch, read
//! from the proxy's (injectable) clock, so that every instance reading a record agrees on them.
//! The lifetime rules (idle, absolute) are the caller's; a store only keeps entries until the
//! deadline it is given, and bounds its tables.

use super::config::Secret;
use futures_util::future::BoxFuture;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};

/// A store key: the SHA-256 of a session id or a sign-in's `state`.
pub type Key = [u8; 32];

/// The store could not be reached or answered something unusable: the request gets a `503`
/// with `Retry-After`, and nothing is treated as signed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the session store is unavailable")]
pub struct StoreUnavailable;

/// What a store operation returns.
pub type StoreResult<T> = Result<T, StoreUnavailable>;

/// One signed-in browser, as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionRecord {
    /// The data centre and environment code (`eu`, `com-sandbox`, …).
    pub site: String,
    /// The synchronizer token a state-changing request must echo.
    pub csrf: String,
    /// The allowlisted origin that was current when the session was made (part 3: a session
    /// answers that origin only), if the sign-in came with one.
    pub origin: Option<String>,
    pub created_ms: u64,
    pub last_used_ms: u64,
    pub refresh: Secret,
    /// The current access token and when it expires.
    pub access: Option<(Secret, u64)>,
}

/// A sign-in waiting for Zoho's callback, as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingRecord {
    pub site: String,
    pub verifier: Secret,
    /// The client address (IPv6 by /64) that started it.
    pub client: IpAddr,
    pub created_ms: u64,
}

/// The bounds on pending sign-ins.
#[derive(Debug, Clone, Copy)]
pub struct PendingCaps {
    /// All clients together.
    pub max: usize,
    /// One client address; a newer sign-in replaces that client's oldest.
    pub per_client: usize,
    /// A sign-in must finish within this many milliseconds.
    pub ttl_ms: u64,
}

/// Sessions and pending sign-ins with their expiry. Every method may fail with
/// [`StoreUnavailable`]; none may panic on what it reads.
pub trait SessionStore: Send + Sync + std::fmt::Debug {
    /// Records a pending sign-in, first dropping expired ones and the client's oldest beyond
    /// its share; `false` when the table is full.
    fn begin_login<'a>(
        &'a self,
        key: Key,
        pending: PendingRecord,
        caps: PendingCaps,
        now_ms: u64,
    ) -> BoxFuture<'a, StoreResult<bool>>;

    /// Removes and returns a pending sign-in (single use); expiry is the caller's check.
    fn take_pending<'a>(&'a self, key: Key) -> BoxFuture<'a, StoreResult<Option<PendingRecord>>>;

    /// Records a new session kept until `expires_ms`; `false` when `max` live sessions exist.
    fn create<'a>(
        &'a self,
        key: Key,
        session: SessionRecord,
        expires_ms: u64,
        max: usize,
        now_ms: u64,
    ) -> BoxFuture<'a, StoreResult<bool>>;

    /// A session, whatever its age (the caller decides whether it is still alive).
    fn load<'a>(&'a self, key: Key) -> BoxFuture<'a, StoreResult<Option<SessionRecord>>>;

    /// Replaces an existing session (touch, new tokens) and its deadline; does nothing if it
    /// was removed meanwhile (a sign-out elsewhere is never undone).
    fn save<'a>(
        &'a self,
        key: Key,
        session: SessionRecord,
        expires_ms: u64,
    ) -> BoxFuture<'a, StoreResult<()>>;

    /// Removes a session, returning it if it was there.
    fn remove<'a>(&'a self, key: Key) -> BoxFuture<'a, StoreResult<Option<SessionRecord>>>;

    /// Removes up to `limit` sessions whose deadline has passed and returns them (so their
    /// refresh tokens can be revoked).
    fn take_expired<'a>(
        &'a self,
        now_ms: u64,
        limit: usize,
    ) -> BoxFuture<'a, StoreResult<Vec<SessionRecord>>>;
}

#[derive(Debug)]
struct Live {
    session: SessionRecord,
    expires_ms: u64,
}

#[derive(Debug)]
struct Waiting {
    pending: PendingRecord,
    /// Order of starting (times can be equal on a coarse or manual clock).
    seq: u64,
}

#[derive(Debug, Default)]
struct Tables {
    live: HashMap<Key, Live>,
    pending: HashMap<Key, Waiting>,
    started: u64,
}

/// The in-process store: one instance, lost on restart.
#[derive(Debug, Default)]
pub struct MemoryStore {
    tables: Mutex<Tables>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Tables> {
        self.tables.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How many sign-ins are waiting (for tests of the caps).
    pub fn pending_len(&self) -> usize {
        self.lock().pending.len()
    }
}

impl SessionStore for MemoryStore {
    fn begin_login<'a>(
        &'a self,
        key: Key,
        pending: PendingRecord,
        caps: PendingCaps,
        now_ms: u64,
    ) -> BoxFuture<'a, StoreResult<bool>> {
        let mut t = self.lock();
        t.pending
            .retain(|_, w| now_ms.saturating_sub(w.pending.created_ms) < caps.ttl_ms);
        let mut mine: Vec<(Key, u64)> = t
            .pending
            .iter()
            .filter(|(_, w)| w.pending.client == pending.client)
            .map(|(k, w)| (*k, w.seq))
            .collect();
        mine.sort_by_key(|(_, seq)| *seq);
        let excess = (mine.len() + 1).saturating_sub(caps.per_client);
        for (k, _) in mine.iter().take(excess) {
            t.pending.remove(k);
        }
        let room = t.pending.len() < caps.max;
        if room {
            let seq = t.started;
            t.started += 1;
            t.pending.insert(key, Waiting { pending, seq });
        }
        Box::pin(std::future::ready(Ok(room)))
    }

    fn take_pending<'a>(&'a self, key: Key) -> BoxFuture<'a, StoreResult<Option<PendingRecord>>> {
        let p = self.lock().pending.remove(&key).map(|w| w.pending);
        Box::pin(std::future::ready(Ok(p)))
    }

    fn create<'a>(
        &'a self,
        key: Key,
        session: SessionRecord,
        expires_ms: u64,
        max: usize,
        now_ms: u64,
    ) -> BoxFuture<'a, StoreResult<bool>> {
        let mut t = self.lock();
        let live = t.live.values().filter(|l| l.expires_ms > now_ms).count();
        let room = live < max;
        if room {
            t.live.insert(
                key,
                Live {
                    session,
                    expires_ms,
                },
            );
        }
        Box::pin(std::future::ready(Ok(room)))
    }

    fn load<'a>(&'a self, key: Key) -> BoxFuture<'a, StoreResult<Option<SessionRecord>>> {
        let s = self.lock().live.get(&key).map(|l| l.session.clone());
        Box::pin(std::future::ready(Ok(s)))
    }

    fn save<'a>(
        &'a self,
        key: Key,
        session: SessionRecord,
        expires_ms: u64,
    ) -> BoxFuture<'a, StoreResult<()>> {
        if let Some(l) = self.lock().live.get_mut(&key) {
            *l = Live {
                session,
                expires_ms,
            };
        }
        Box::pin(std::future::ready(Ok(())))
    }

    fn remove<'a>(&'a self, key: Key) -> BoxFuture<'a, StoreResult<Option<SessionRecord>>> {
        let s = self.lock().live.remove(&key).map(|l| l.session);
        Box::pin(std::future::ready(Ok(s)))
    }

    fn take_expired<'a>(
        &'a self,
        now_ms: u64,
        limit: usize,
    ) -> BoxFuture<'a, StoreResult<Vec<SessionRecord>>> {
        let mut t = self.lock();
        let gone: Vec<Key> = t
            .live
            .iter()
            .filter(|(_, l)| l.expires_ms <= now_ms)
            .map(|(k, _)| *k)
            .take(limit)
            .collect();
        let out = gone
            .iter()
            .filter_map(|k| t.live.remove(k).map(|l| l.session))
            .collect();
        Box::pin(std::future::ready(Ok(out)))
    }
}
