//! Abuse limits: rate limits per client address and per token hash (GCRA via `governor`), a
//! cap on concurrent upstream requests, a cap on concurrent downloads per client address, and
//! the client-address source. Tokens are never kept:
//! the per-token limiter is keyed by the SHA-256 of the token.

use governor::clock::{Clock, Reference};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The rate limiters' time source: the monotonic clock, or a manual one tests advance
/// (so no test sleeps to see a limit lift).
#[derive(Clone, Debug, Default)]
pub struct RateClock {
    manual: Option<Arc<Mutex<Instant>>>,
}

impl RateClock {
    /// The real monotonic clock.
    pub fn real() -> Self {
        RateClock { manual: None }
    }

    /// A clock that only moves when [`RateClock::advance`] is called.
    pub fn manual() -> Self {
        RateClock {
            manual: Some(Arc::new(Mutex::new(Instant::now()))),
        }
    }

    /// The current instant (manual or real).
    pub fn now(&self) -> Instant {
        Clock::now(self)
    }

    /// Moves a manual clock forward (no effect on the real clock).
    pub fn advance(&self, by: Duration) {
        if let Some(m) = &self.manual {
            let mut now = m.lock().unwrap_or_else(|p| p.into_inner());
            *now += by;
        }
    }
}

impl Clock for RateClock {
    type Instant = Instant;

    fn now(&self) -> Instant {
        match &self.manual {
            Some(m) => *m.lock().unwrap_or_else(|p| p.into_inner()),
            None => Instant::now(),
        }
    }
}

/// SHA-256 of a token: the per-token limiter's key. `Debug` shows nothing of it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenKey([u8; 32]);

impl TokenKey {
    /// Hashes the token (the credential itself, without its scheme).
    pub fn of(token: &[u8]) -> Self {
        TokenKey(Sha256::digest(token).into())
    }
}

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenKey(..)")
    }
}

/// The per-address key: IPv4 as is, IPv6 by its /64 (one subscriber line), IPv4-mapped IPv6
/// as IPv4.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// A request rate: a sustained rate per minute and a burst.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_minute: NonZeroU32,
    pub burst: NonZeroU32,
}

impl Rate {
    fn quota(self) -> Quota {
        Quota::per_minute(self.per_minute).allow_burst(self.burst)
    }
}

type Keyed<K> = RateLimiter<K, DefaultKeyedStateStore<K>, RateClock, NoOpMiddleware<Instant>>;

/// A refusal by a limiter, with the number of seconds to put in `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttled {
    pub retry_after_secs: u64,
}

/// How often (in checks) stale limiter entries are dropped, so memory stays bounded by the
/// number of recently active clients and tokens.
const HOUSEKEEPING_EVERY: u64 = 4096;

/// All limits of one proxy instance.
pub struct Limits {
    clock: RateClock,
    per_client: Keyed<IpAddr>,
    per_token: Keyed<TokenKey>,
    upstream_slots: Arc<Semaphore>,
    downloads: Arc<Mutex<HashMap<IpAddr, usize>>>,
    downloads_per_client: usize,
    checks: AtomicU64,
}

/// One open download of a client address; the count goes down when it is dropped.
#[derive(Debug)]
pub struct DownloadTicket {
    table: Arc<Mutex<HashMap<IpAddr, usize>>>,
    key: IpAddr,
}

impl Drop for DownloadTicket {
    fn drop(&mut self) {
        let mut table = self.table.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = table.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                // Only addresses with an open download are kept, so the table stays small.
                table.remove(&self.key);
            }
        }
    }
}

impl Limits {
    /// Builds the limiters and the concurrency cap.
    pub fn new(client: Rate, token: Rate, max_concurrent: usize, clock: RateClock) -> Self {
        Limits {
            per_client: RateLimiter::new(
                client.quota(),
                DefaultKeyedStateStore::default(),
                clock.clone(),
            ),
            per_token: RateLimiter::new(
                token.quota(),
                DefaultKeyedStateStore::default(),
                clock.clone(),
            ),
            clock,
            upstream_slots: Arc::new(Semaphore::new(max_concurrent)),
            downloads: Arc::default(),
            downloads_per_client: usize::MAX,
            checks: AtomicU64::new(0),
        }
    }

    /// Caps the downloads one client address (IPv6 by /64) may have open at once.
    pub fn with_downloads_per_client(mut self, max: usize) -> Self {
        self.downloads_per_client = max;
        self
    }

    /// Counts one more open download for a client address; `None` when it has its share.
    pub fn download_ticket(&self, ip: IpAddr) -> Option<DownloadTicket> {
        let key = client_key(ip);
        let mut table = self.downloads.lock().unwrap_or_else(|p| p.into_inner());
        let open = table.entry(key).or_insert(0);
        if *open >= self.downloads_per_client {
            return None;
        }
        *open += 1;
        Some(DownloadTicket {
            table: self.downloads.clone(),
            key,
        })
    }

    /// Counts one request against a client address.
    pub fn check_client(&self, ip: IpAddr) -> Result<(), Throttled> {
        self.housekeeping();
        self.per_client
            .check_key(&client_key(ip))
            .map_err(|not_until| self.throttled(not_until.wait_time_from(self.clock.now())))
    }

    /// Counts one request against a token.
    pub fn check_token(&self, key: &TokenKey) -> Result<(), Throttled> {
        self.per_token
            .check_key(key)
            .map_err(|not_until| self.throttled(not_until.wait_time_from(self.clock.now())))
    }

    /// Takes an upstream slot without waiting; `None` when all are busy.
    pub fn upstream_slot(&self) -> Option<OwnedSemaphorePermit> {
        self.upstream_slots.clone().try_acquire_owned().ok()
    }

    fn throttled(&self, wait: Duration) -> Throttled {
        // Round up: a client that waits the advertised time is let through.
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        Throttled {
            retry_after_secs: secs.max(1),
        }
    }

    fn housekeeping(&self) {
        let n = self.checks.fetch_add(1, Ordering::Relaxed);
        if n % HOUSEKEEPING_EVERY == HOUSEKEEPING_EVERY - 1 {
            self.per_client.retain_recent();
            self.per_token.retain_recent();
            self.per_client.shrink_to_fit();
            self.per_token.shrink_to_fit();
        }
    }
}

/// A per-client-address rate of its own, for routes with their own budget (the BFF's sign-in
/// and session routes), on top of the proxy-wide per-client limit.
pub struct ClientRate {
    limiter: Keyed<IpAddr>,
    clock: RateClock,
    checks: AtomicU64,
}

impl fmt::Debug for ClientRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientRate(..)")
    }
}

impl ClientRate {
    /// A limiter allowing `rate` per client address (IPv6 by /64).
    pub fn new(rate: Rate, clock: RateClock) -> Self {
        ClientRate {
            limiter: RateLimiter::new(
                rate.quota(),
                DefaultKeyedStateStore::default(),
                clock.clone(),
            ),
            clock,
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one request against a client address.
    pub fn check(&self, ip: IpAddr) -> Result<(), Throttled> {
        let n = self.checks.fetch_add(1, Ordering::Relaxed);
        if n % HOUSEKEEPING_EVERY == HOUSEKEEPING_EVERY - 1 {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        self.limiter
            .check_key(&client_key(ip))
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(self.clock.now());
                let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                Throttled {
                    retry_after_secs: secs.max(1),
                }
            })
    }
}

// `Instant` must satisfy governor's `Reference`; this fails to compile if it ever stops doing so.
const _: fn() = || {
    fn is_reference<T: Reference>() {}
    is_reference::<Instant>();
};

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(per_minute: u32, burst: u32) -> Rate {
        Rate {
            per_minute: NonZeroU32::new(per_minute).expect("nonzero"),
            burst: NonZeroU32::new(burst).expect("nonzero"),
        }
    }

    #[test]
    fn burst_then_refusal_then_recovery_on_the_manual_clock() {
        let clock = RateClock::manual();
        let limits = Limits::new(rate(6, 3), rate(6, 3), 1, clock.clone());
        let a: IpAddr = "192.0.2.1".parse().expect("ip");
        let b: IpAddr = "192.0.2.2".parse().expect("ip");
        for _ in 0..3 {
            assert_eq!(limits.check_client(a), Ok(()));
        }
        let refused = limits.check_client(a).expect_err("fourth is refused");
        assert_eq!(refused.retry_after_secs, 10, "one cell every 10 s");
        assert_eq!(
            limits.check_client(b),
            Ok(()),
            "another address is unaffected"
        );
        clock.advance(Duration::from_secs(10));
        assert_eq!(limits.check_client(a), Ok(()));
    }

    #[test]
    fn tokens_are_keyed_by_hash() {
        let limits = Limits::new(rate(60, 10), rate(60, 1), 1, RateClock::manual());
        let t1 = TokenKey::of(b"1000.aaaa");
        assert_eq!(limits.check_token(&t1), Ok(()));
        assert!(limits.check_token(&TokenKey::of(b"1000.aaaa")).is_err());
        assert_eq!(limits.check_token(&TokenKey::of(b"1000.bbbb")), Ok(()));
        assert_eq!(format!("{t1:?}"), "TokenKey(..)");
    }

    #[test]
    fn ipv6_is_grouped_by_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().expect("ip");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().expect("ip");
        assert_eq!(
            client_key(mapped),
            "192.0.2.7".parse::<IpAddr>().expect("ip")
        );
    }

    #[test]
    fn downloads_are_capped_per_client_and_returned_on_drop() {
        let limits = Limits::new(rate(60, 10), rate(60, 10), 9, RateClock::manual())
            .with_downloads_per_client(2);
        let a: IpAddr = "2001:db8:1:2::1".parse().expect("ip");
        let same_line: IpAddr = "2001:db8:1:2::99".parse().expect("ip");
        let b: IpAddr = "192.0.2.9".parse().expect("ip");
        let first = limits.download_ticket(a).expect("first");
        let _second = limits.download_ticket(same_line).expect("second, same /64");
        assert!(
            limits.download_ticket(a).is_none(),
            "a third from the same /64"
        );
        assert!(
            limits.download_ticket(b).is_some(),
            "another client is unaffected"
        );
        drop(first);
        assert!(limits.download_ticket(a).is_some(), "returned on drop");
    }

    #[test]
    fn concurrency_slots_are_returned_on_drop() {
        let limits = Limits::new(rate(60, 10), rate(60, 10), 1, RateClock::manual());
        let slot = limits.upstream_slot().expect("one slot");
        assert!(limits.upstream_slot().is_none());
        drop(slot);
        assert!(limits.upstream_slot().is_some());
    }
}
