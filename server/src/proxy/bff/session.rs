//! Backend-for-frontend sessions. A session id is 256 random bits, handed to the browser once
//! in an `__Host-` HttpOnly cookie; the store is keyed by the id's SHA-256, so it holds nothing
//! a cookie could be forged from. Tokens stay in the session; lifetimes (idle and absolute) run
//! on the injectable clock.

use super::config::{BffConfig, Secret};
use super::store::{Key, PendingCaps, PendingRecord, SessionRecord, SessionStore, StoreResult};
use crate::proxy::limits::{client_key, RateClock};
use crate::proxy::routes::Site;
use axum::http::header::{HeaderMap, COOKIE};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The session cookie: host-only, HTTPS-only, not readable by scripts, same-site only.
pub const SESSION_COOKIE: &str = "__Host-bulkwatch";
/// Binds a sign-in's `state` to the browser that started it (`Lax`: it must survive the
/// top-level redirect back from Zoho's accounts server).
pub const LOGIN_COOKIE: &str = "__Host-bulkwatch-login";
/// A started sign-in must finish within this.
pub const LOGIN_TTL: Duration = Duration::from_secs(600);

/// 256 random bits from the OS, as 64 lowercase hex digits.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The store key of a session id or a sign-in's `state`.
pub fn key(id: &str) -> Key {
    Sha256::digest(id.as_bytes()).into()
}

/// Equality that does not stop at the first difference (for CSRF tokens and `state`).
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A cookie's value, only if it has the shape of an id (64 hex digits).
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `Set-Cookie` for a cookie of this proxy.
pub fn set_cookie(name: &str, value: &str, same_site: &str, max_age: Duration) -> String {
    format!(
        "{name}={value}; Path=/; Secure; HttpOnly; SameSite={same_site}; Max-Age={}",
        max_age.as_secs()
    )
}

/// A live session found by its cookie.
#[derive(Debug, Clone)]
pub struct Session {
    pub site: Site,
    /// The store key (the id's hash): also a stable non-secret key for rate limiting.
    pub key: Key,
    pub record: SessionRecord,
}

/// What a cookie id points at.
#[derive(Debug)]
pub enum Lookup {
    /// A session still within its lifetimes (now touched).
    Live(Session),
    /// A session past its idle or absolute lifetime, now removed: its refresh token is the
    /// caller's to revoke.
    Expired(SessionRecord),
    /// Nothing (never was, signed out, or unreadable).
    Missing,
}

/// A sign-in waiting for Zoho's callback.
#[derive(Debug)]
pub struct Pending {
    pub site: Site,
    pub verifier: Secret,
}

/// Sessions and pending sign-ins in a [`SessionStore`], with the lifetime rules: a session
/// ends when unused for `idle` or `max_age` after sign-in; a sign-in must finish within
/// [`LOGIN_TTL`]. Sign-ins anyone can start with one request, so they get a small table and a
/// per-client share of their own, and can never crowd out sessions.
#[derive(Debug)]
pub struct Sessions {
    store: Box<dyn SessionStore>,
    idle: Duration,
    max_age: Duration,
    max: usize,
    caps: PendingCaps,
    clock: RateClock,
    /// The clock's reading at start and the wall time it stands for.
    base: (Instant, u64),
    /// One refresh at a time per session in this instance (two instances may both refresh;
    /// Zoho keeps the refresh token, so that is harmless). Only sessions refreshing now have
    /// an entry.
    refreshing: std::sync::Mutex<HashMap<Key, Weak<tokio::sync::Mutex<()>>>>,
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl Sessions {
    /// Sessions in `store` with the configured lifetimes.
    pub fn new(cfg: &BffConfig, clock: RateClock, store: Box<dyn SessionStore>) -> Self {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(millis)
            .unwrap_or(0);
        Sessions {
            store,
            idle: cfg.session_idle,
            max_age: cfg.session_max,
            max: cfg.max_sessions,
            caps: PendingCaps {
                max: cfg.max_pending,
                per_client: cfg.max_pending_per_client,
                ttl_ms: millis(LOGIN_TTL),
            },
            base: (clock.now(), wall),
            clock,
            refreshing: std::sync::Mutex::default(),
        }
    }

    /// Now, in milliseconds since the Unix epoch, on the injectable clock.
    pub fn now_ms(&self) -> u64 {
        self.base
            .1
            .saturating_add(millis(self.clock.now().duration_since(self.base.0)))
    }

    /// `d` from now, in milliseconds since the Unix epoch.
    pub fn after(&self, d: Duration) -> u64 {
        self.now_ms().saturating_add(millis(d))
    }

    /// How long a session cookie may live.
    pub fn max_age(&self) -> Duration {
        self.max_age
    }

    fn deadline(&self, r: &SessionRecord) -> u64 {
        r.created_ms
            .saturating_add(millis(self.max_age))
            .min(r.last_used_ms.saturating_add(millis(self.idle)))
    }

    /// Starts a sign-in for a client address: `(state, PKCE verifier)`, or `None` when the
    /// pending table is full. A client at its share loses its oldest pending sign-in (a person
    /// who clicked "sign in" again wants the newest one).
    pub async fn begin_login(
        &self,
        site: Site,
        client: IpAddr,
    ) -> StoreResult<Option<(String, Secret)>> {
        let (state, verifier) = (random_hex(), Secret::new(random_hex()));
        let now = self.now_ms();
        let pending = PendingRecord {
            site: site.code(),
            verifier: verifier.clone(),
            client: client_key(client),
            created_ms: now,
        };
        let room = self
            .store
            .begin_login(key(&state), pending, self.caps, now)
            .await?;
        Ok(room.then_some((state, verifier)))
    }

    /// Ends a sign-in: the pending entry for `state`, once, if still fresh.
    pub async fn finish_login(&self, state: &str) -> StoreResult<Option<Pending>> {
        let Some(p) = self.store.take_pending(key(state)).await? else {
            return Ok(None);
        };
        let fresh = self.now_ms().saturating_sub(p.created_ms) < self.caps.ttl_ms;
        Ok(Site::from_code(&p.site)
            .filter(|_| fresh)
            .map(|site| Pending {
                site,
                verifier: p.verifier,
            }))
    }

    /// Creates a session: `(cookie id, record)`, or `None` when the table is full.
    pub async fn create(
        &self,
        site: Site,
        origin: Option<String>,
        refresh: Secret,
        access: Option<(Secret, u64)>,
    ) -> StoreResult<Option<(String, SessionRecord)>> {
        let now = self.now_ms();
        let id = random_hex();
        let record = SessionRecord {
            site: site.code(),
            csrf: random_hex(),
            origin,
            created_ms: now,
            last_used_ms: now,
            refresh,
            access,
        };
        let expires = self.deadline(&record);
        let room = self
            .store
            .create(key(&id), record.clone(), expires, self.max, now)
            .await?;
        Ok(room.then_some((id, record)))
    }

    /// The session for a cookie id, touched if live, removed if expired.
    pub async fn get(&self, id: &str) -> StoreResult<Lookup> {
        let k = key(id);
        let Some(mut record) = self.store.load(k).await? else {
            return Ok(Lookup::Missing);
        };
        let now = self.now_ms();
        if self.deadline(&record) <= now {
            return Ok(match self.store.remove(k).await? {
                Some(r) => Lookup::Expired(r),
                None => Lookup::Missing,
            });
        }
        let Some(site) = Site::from_code(&record.site) else {
            return Ok(Lookup::Missing);
        };
        record.last_used_ms = now;
        self.store
            .save(k, record.clone(), self.deadline(&record))
            .await?;
        Ok(Lookup::Live(Session {
            site,
            key: k,
            record,
        }))
    }

    /// The lock a refresh of this session holds in this instance.
    pub fn refresh_lock(&self, key: Key) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.refreshing.lock().unwrap_or_else(|p| p.into_inner());
        locks.retain(|_, w| w.strong_count() > 0);
        if let Some(held) = locks.get(&key).and_then(Weak::upgrade) {
            return held;
        }
        let lock = Arc::new(tokio::sync::Mutex::new(()));
        locks.insert(key, Arc::downgrade(&lock));
        lock
    }

    /// A session's stored record as it is now (another instance may have refreshed it).
    pub async fn load(&self, key: Key) -> StoreResult<Option<SessionRecord>> {
        self.store.load(key).await
    }

    /// Writes back a session's new tokens (unless it ended meanwhile).
    pub async fn save(&self, session: &Session) -> StoreResult<()> {
        let r = session.record.clone();
        let expires = self.deadline(&r);
        self.store.save(session.key, r, expires).await
    }

    /// Removes a session (sign-out, or a refresh token Zoho no longer accepts).
    pub async fn remove(&self, key: Key) -> StoreResult<Option<SessionRecord>> {
        self.store.remove(key).await
    }

    /// Removes (a bounded batch of) sessions past their lifetime, for revocation.
    pub async fn sweep(&self) -> StoreResult<Vec<SessionRecord>> {
        self.store.take_expired(self.now_ms(), 16).await
    }
}

#[cfg(test)]
mod tests {
    use super::super::store::MemoryStore;
    use super::*;
    use axum::http::HeaderValue;

    fn cfg() -> BffConfig {
        BffConfig {
            client_id: "1000.X".into(),
            client_secret: Secret::new("s"),
            redirect_uri: url::Url::parse("https://p.example/bff/callback").expect("url"),
            after_login: url::Url::parse("https://crm.example.com/").expect("url"),
            scope: "ZohoCRM.bulk.CREATE".into(),
            session_idle: Duration::from_secs(60),
            session_max: Duration::from_secs(600),
            max_sessions: 2,
            max_pending: 3,
            max_pending_per_client: 2,
            sign_in_rate: crate::proxy::limits::Rate {
                per_minute: std::num::NonZeroU32::MIN,
                burst: std::num::NonZeroU32::MIN,
            },
            session_rate: crate::proxy::limits::Rate {
                per_minute: std::num::NonZeroU32::MIN,
                burst: std::num::NonZeroU32::MIN,
            },
            revoke_in_query: false,
            store: Default::default(),
        }
    }

    fn site() -> Site {
        Site::from_code("eu").expect("site")
    }

    fn sessions(clock: &RateClock) -> Sessions {
        Sessions::new(&cfg(), clock.clone(), Box::new(MemoryStore::new()))
    }

    async fn create(s: &Sessions, refresh: &str) -> Option<String> {
        let made = s.create(site(), None, Secret::new(refresh), None).await;
        made.expect("memory").map(|(id, _)| id)
    }

    async fn live(s: &Sessions, id: &str) -> bool {
        matches!(s.get(id).await.expect("memory"), Lookup::Live(_))
    }

    async fn begin(s: &Sessions, n: u8) -> Option<String> {
        let started = s.begin_login(site(), ip(n)).await.expect("memory");
        started.map(|(state, _)| state)
    }

    async fn finish(s: &Sessions, state: &str) -> bool {
        s.finish_login(state).await.expect("memory").is_some()
    }

    #[test]
    fn ids_are_random_hex() {
        let (a, b) = (random_hex(), random_hex());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()) && !same(&a, &b) && !same("ab", "abc"));
    }

    #[tokio::test]
    async fn lifetimes_on_the_manual_clock() {
        let clock = RateClock::manual();
        let s = sessions(&clock);
        let id = create(&s, "r").await.expect("room");
        clock.advance(Duration::from_secs(50));
        assert!(live(&s, &id).await, "touched at 50 s");
        clock.advance(Duration::from_secs(50));
        assert!(live(&s, &id).await, "idle for 50 s only");
        clock.advance(Duration::from_secs(61));
        match s.get(&id).await.expect("memory") {
            Lookup::Expired(r) => assert_eq!(r.refresh.expose(), "r", "handed back to revoke"),
            other => panic!("idle too long: {other:?}"),
        }
        assert!(matches!(s.get(&id).await, Ok(Lookup::Missing)), "removed");
        let id = create(&s, "r").await.expect("room");
        for _ in 0..11 {
            clock.advance(Duration::from_secs(55));
            let _ = s.get(&id).await;
        }
        assert!(!live(&s, &id).await, "absolute lifetime");
    }

    #[tokio::test]
    async fn expired_sessions_are_swept_for_revocation() {
        let clock = RateClock::manual();
        let s = sessions(&clock);
        let _ = create(&s, "old").await.expect("room");
        clock.advance(Duration::from_secs(61));
        let id = create(&s, "new")
            .await
            .expect("an expired session holds no room");
        let swept = s.sweep().await.expect("memory");
        let refresh: Vec<&str> = swept.iter().map(|r| r.refresh.expose()).collect();
        assert_eq!(refresh, ["old"]);
        assert!(live(&s, &id).await);
    }

    #[tokio::test]
    async fn tables_are_bounded_and_sign_ins_single_use() {
        let clock = RateClock::manual();
        let s = sessions(&clock);
        assert!(create(&s, "a").await.is_some());
        assert!(create(&s, "b").await.is_some());
        assert!(create(&s, "c").await.is_none(), "full");
        let state = begin(&s, 1).await.expect("room");
        assert!(finish(&s, &state).await);
        assert!(!finish(&s, &state).await, "single use");
        let state = begin(&s, 1).await.expect("room");
        clock.advance(LOGIN_TTL);
        assert!(!finish(&s, &state).await, "expired");
    }

    fn ip(n: u8) -> IpAddr {
        IpAddr::from([192, 0, 2, n])
    }

    #[tokio::test]
    async fn pending_sign_ins_have_their_own_small_table_and_a_share_per_client() {
        let s = sessions(&RateClock::manual());
        let a1 = begin(&s, 1).await.expect("room");
        let a2 = begin(&s, 1).await.expect("room");
        let a3 = begin(&s, 1).await.expect("replaces the oldest");
        let b1 = begin(&s, 2)
            .await
            .expect("one client holds its share only: room");
        assert!(begin(&s, 3).await.is_none(), "the pending table is full");
        assert!(!finish(&s, &a1).await, "the oldest was replaced");
        assert!(finish(&s, &a2).await && finish(&s, &a3).await);
        assert!(finish(&s, &b1).await);
        assert!(create(&s, "a").await.is_some());
        assert!(create(&s, "b").await.is_some(), "sessions unaffected");
    }

    #[test]
    fn cookies() {
        let id = random_hex();
        let mut h = HeaderMap::new();
        h.append(
            COOKIE,
            HeaderValue::from_str(&format!("a=b; {SESSION_COOKIE}={id}")).expect("v"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some(id));
        assert_eq!(cookie(&h, LOGIN_COOKIE), None);
        let mut h = HeaderMap::new();
        h.append(COOKIE, HeaderValue::from_static("__Host-bulkwatch=short"));
        assert_eq!(cookie(&h, SESSION_COOKIE), None);
        let c = set_cookie(SESSION_COOKIE, "v", "Strict", Duration::from_secs(5));
        assert_eq!(
            c,
            "__Host-bulkwatch=v; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=5"
        );
        assert!(!format!("{:?}", Secret::new("tok")).contains("tok"));
    }
}
