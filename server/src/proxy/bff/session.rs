//! Backend-for-frontend sessions. A session id is 256 random bits, handed to the browser once
//! in an `__Host-` HttpOnly cookie; the proxy keys its table by the id's SHA-256, so the table
//! itself holds nothing a cookie could be forged from. Tokens stay in the session; lifetimes
//! (idle and absolute) run on the injectable clock.

use super::config::{BffConfig, Secret};
use crate::proxy::limits::{client_key, RateClock};
use crate::proxy::routes::Site;
use axum::http::header::{HeaderMap, COOKIE};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

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

fn key(id: &str) -> [u8; 32] {
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

/// The tokens of one session.
#[derive(Debug)]
pub struct Tokens {
    pub refresh: Secret,
    /// The current access token and when it expires.
    pub access: Option<(Secret, Instant)>,
}

/// One signed-in browser.
#[derive(Debug)]
pub struct Session {
    pub site: Site,
    /// The synchronizer token a state-changing request must echo.
    pub csrf: String,
    /// A stable non-secret key (the id's hash) for rate limiting.
    pub key: [u8; 32],
    created: Instant,
    last_used: Mutex<Instant>,
    pub tokens: tokio::sync::Mutex<Tokens>,
}

/// A sign-in waiting for Zoho's callback.
#[derive(Debug)]
pub struct Pending {
    pub site: Site,
    pub verifier: String,
    /// The client address (IPv6 by /64) that started it.
    client: IpAddr,
    /// Order of starting (instants can be equal on a coarse or manual clock).
    seq: u64,
    created: Instant,
}

/// All sessions and pending sign-ins, each table bounded on its own: sign-ins anyone can start
/// with one request, so they get a small table and a per-client share, and can never crowd
/// out sessions (which need a code Zoho granted).
#[derive(Debug)]
pub struct Sessions {
    live: Mutex<HashMap<[u8; 32], Arc<Session>>>,
    pending: Mutex<HashMap<[u8; 32], Pending>>,
    started: std::sync::atomic::AtomicU64,
    idle: Duration,
    max_age: Duration,
    max: usize,
    max_pending: usize,
    max_pending_per_client: usize,
    clock: RateClock,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Sessions {
    /// An empty table with the configured lifetimes.
    pub fn new(cfg: &BffConfig, clock: RateClock) -> Self {
        Sessions {
            live: Mutex::new(HashMap::new()),
            pending: Mutex::new(HashMap::new()),
            started: std::sync::atomic::AtomicU64::new(0),
            idle: cfg.session_idle,
            max_age: cfg.session_max,
            max: cfg.max_sessions,
            max_pending: cfg.max_pending,
            max_pending_per_client: cfg.max_pending_per_client,
            clock,
        }
    }

    /// The clock sessions and tokens are timed by.
    pub fn now(&self) -> Instant {
        self.clock.now()
    }

    /// How long a session cookie may live.
    pub fn max_age(&self) -> Duration {
        self.max_age
    }

    /// Starts a sign-in for a client address: `(state, PKCE verifier)`, or `None` when the
    /// pending table is full. A client at its share loses its oldest pending sign-in (a person
    /// who clicked "sign in" again wants the newest one).
    pub fn begin_login(&self, site: Site, client: IpAddr) -> Option<(String, String)> {
        let now = self.now();
        let client = client_key(client);
        let mut pending = lock(&self.pending);
        pending.retain(|_, p| now.duration_since(p.created) < LOGIN_TTL);
        let mut mine: Vec<([u8; 32], u64)> = pending
            .iter()
            .filter(|(_, p)| p.client == client)
            .map(|(k, p)| (*k, p.seq))
            .collect();
        mine.sort_by_key(|(_, seq)| *seq);
        let excess = (mine.len() + 1).saturating_sub(self.max_pending_per_client);
        for (k, _) in mine.iter().take(excess) {
            pending.remove(k);
        }
        if pending.len() >= self.max_pending {
            return None;
        }
        let (state, verifier) = (random_hex(), random_hex());
        pending.insert(
            key(&state),
            Pending {
                site,
                verifier: verifier.clone(),
                client,
                seq: self
                    .started
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                created: now,
            },
        );
        Some((state, verifier))
    }

    /// Ends a sign-in: the pending entry for `state`, once, if still fresh.
    pub fn finish_login(&self, state: &str) -> Option<Pending> {
        let p = lock(&self.pending).remove(&key(state))?;
        (self.now().duration_since(p.created) < LOGIN_TTL).then_some(p)
    }

    /// Creates a session: `(cookie id, session)`, or `None` when the table is full.
    pub fn create(
        &self,
        site: Site,
        refresh: Secret,
        access: Option<(Secret, Instant)>,
    ) -> Option<(String, Arc<Session>)> {
        let now = self.now();
        let mut live = lock(&self.live);
        live.retain(|_, s| self.alive(s, now));
        if live.len() >= self.max {
            return None;
        }
        let id = random_hex();
        let session = Arc::new(Session {
            site,
            csrf: random_hex(),
            key: key(&id),
            created: now,
            last_used: Mutex::new(now),
            tokens: tokio::sync::Mutex::new(Tokens { refresh, access }),
        });
        live.insert(key(&id), session.clone());
        Some((id, session))
    }

    /// The live session for a cookie id (touching it), dropping it if it has expired.
    pub fn get(&self, id: &str) -> Option<Arc<Session>> {
        let now = self.now();
        let mut live = lock(&self.live);
        let k = key(id);
        let session = live.get(&k)?.clone();
        if !self.alive(&session, now) {
            live.remove(&k);
            return None;
        }
        *lock(&session.last_used) = now;
        Some(session)
    }

    /// Removes a session (sign-out, or a refresh token Zoho no longer accepts).
    pub fn remove(&self, id: &str) -> Option<Arc<Session>> {
        lock(&self.live).remove(&key(id))
    }

    fn alive(&self, s: &Session, now: Instant) -> bool {
        now.duration_since(s.created) < self.max_age
            && now.duration_since(*lock(&s.last_used)) < self.idle
    }
}

#[cfg(test)]
mod tests {
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
        }
    }

    fn site() -> Site {
        Site::from_code("eu").expect("site")
    }

    #[test]
    fn ids_are_random_hex() {
        let (a, b) = (random_hex(), random_hex());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()) && !same(&a, &b) && !same("ab", "abc"));
    }

    #[test]
    fn lifetimes_on_the_manual_clock() {
        let clock = RateClock::manual();
        let s = Sessions::new(&cfg(), clock.clone());
        let (id, _) = s.create(site(), Secret::new("r"), None).expect("room");
        clock.advance(Duration::from_secs(50));
        assert!(s.get(&id).is_some(), "touched at 50 s");
        clock.advance(Duration::from_secs(50));
        assert!(s.get(&id).is_some(), "idle for 50 s only");
        clock.advance(Duration::from_secs(61));
        assert!(s.get(&id).is_none(), "idle too long");
        let (id, _) = s.create(site(), Secret::new("r"), None).expect("room");
        for _ in 0..11 {
            clock.advance(Duration::from_secs(55));
            let _ = s.get(&id);
        }
        assert!(s.get(&id).is_none(), "absolute lifetime");
    }

    #[test]
    fn tables_are_bounded_and_sign_ins_single_use() {
        let clock = RateClock::manual();
        let s = Sessions::new(&cfg(), clock.clone());
        assert!(s.create(site(), Secret::new("a"), None).is_some());
        assert!(s.create(site(), Secret::new("b"), None).is_some());
        assert!(s.create(site(), Secret::new("c"), None).is_none(), "full");
        let (state, _) = s.begin_login(site(), ip(1)).expect("room");
        assert!(s.finish_login(&state).is_some());
        assert!(s.finish_login(&state).is_none(), "single use");
        let (state, _) = s.begin_login(site(), ip(1)).expect("room");
        clock.advance(LOGIN_TTL);
        assert!(s.finish_login(&state).is_none(), "expired");
    }

    fn ip(n: u8) -> IpAddr {
        IpAddr::from([192, 0, 2, n])
    }

    #[test]
    fn pending_sign_ins_have_their_own_small_table_and_a_share_per_client() {
        let s = Sessions::new(&cfg(), RateClock::manual());
        let (a1, _) = s.begin_login(site(), ip(1)).expect("room");
        let (a2, _) = s.begin_login(site(), ip(1)).expect("room");
        let (a3, _) = s.begin_login(site(), ip(1)).expect("replaces the oldest");
        assert_eq!(lock(&s.pending).len(), 2, "one client holds its share only");
        let (b1, _) = s.begin_login(site(), ip(2)).expect("room");
        assert!(
            s.begin_login(site(), ip(3)).is_none(),
            "the pending table is full"
        );
        assert!(s.finish_login(&a1).is_none(), "the oldest was replaced");
        assert!(s.finish_login(&a2).is_some() && s.finish_login(&a3).is_some());
        assert!(s.finish_login(&b1).is_some());
        assert!(s.create(site(), Secret::new("a"), None).is_some());
        assert!(
            s.create(site(), Secret::new("b"), None).is_some(),
            "sessions unaffected"
        );
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
