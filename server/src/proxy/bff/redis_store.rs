//! The shared session store: Redis, so that several proxy instances serve the same sessions
//! and a restart loses none. Every value is sealed ([`super::seal`]: AES-256-GCM, bound to its
//! key), so Redis (and its backups) hold no usable refresh token. Keys, under a prefix:
//!
//! - `{prefix}s:{hash}` a session, kept a day past its deadline so an expired one can still be
//!   found and its refresh token revoked; `{prefix}sessions` a sorted set of session hashes by
//!   deadline (the cap counts the live ones, the sweep takes the expired ones);
//! - `{prefix}p:{hash}` a pending sign-in (expires with it); `{prefix}pending` and
//!   `{prefix}pc:{client}` sorted sets of pending sign-ins by start time, all clients and per
//!   client, for the caps.
//!
//! The caps are Lua scripts, so two instances cannot both take the last place. The connection
//! is made on first use and re-made by the connection manager after a failure; every call has
//! a deadline, and any failure is [`StoreUnavailable`] (a `503`), never "signed out".

use super::seal::TokenKeys;
use super::store::{
    Key, PendingCaps, PendingRecord, SessionRecord, SessionStore, StoreResult, StoreUnavailable,
};
use futures_util::future::BoxFuture;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Client, Script};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::future::Future;
use std::time::Duration;
use tokio::sync::OnceCell;

/// How long one Redis call (including a reconnect) may take before the request gets a 503.
const CALL_DEADLINE: Duration = Duration::from_secs(2);
/// How long an expired session stays findable for revocation.
const REVOKE_GRACE_MS: u64 = 86_400_000;

const BEGIN_LOGIN: &str = r"
local now = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ttl)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
local excess = redis.call('ZCARD', KEYS[2]) + 1 - tonumber(ARGV[4])
if excess > 0 then
  for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, excess - 1)) do
    redis.call('DEL', ARGV[7] .. m)
    redis.call('ZREM', KEYS[1], m)
    redis.call('ZREM', KEYS[2], m)
  end
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('SET', KEYS[3], ARGV[5], 'PX', ttl)
redis.call('ZADD', KEYS[1], now, ARGV[6])
redis.call('ZADD', KEYS[2], now, ARGV[6])
redis.call('PEXPIRE', KEYS[2], ttl)
return 1
";

const CREATE: &str = r"
if redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[1], '+inf') >= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
redis.call('ZADD', KEYS[1], ARGV[5], ARGV[6])
return 1
";

const SAVE: &str = r"
if redis.call('SET', KEYS[2], ARGV[1], 'XX', 'PX', ARGV[2]) then
  redis.call('ZADD', KEYS[1], 'XX', ARGV[3], ARGV[4])
end
return 1
";

/// Sessions and pending sign-ins in Redis.
pub struct RedisStore {
    client: Client,
    conn: OnceCell<ConnectionManager>,
    prefix: String,
    keys: TokenKeys,
    begin_login: Script,
    create: Script,
    save: Script,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may carry a password: only the prefix and the key ids are shown.
        write!(f, "RedisStore(prefix {:?}, {:?})", self.prefix, self.keys)
    }
}

fn hash_hex(key: &Key) -> String {
    hex::encode(key)
}

impl RedisStore {
    /// A store on `client` under `prefix`; connects on first use.
    pub fn new(client: Client, prefix: &str, keys: TokenKeys) -> Self {
        RedisStore {
            client,
            conn: OnceCell::new(),
            prefix: prefix.to_owned(),
            keys,
            begin_login: Script::new(BEGIN_LOGIN),
            create: Script::new(CREATE),
            save: Script::new(SAVE),
        }
    }

    fn session_key(&self, key: &Key) -> String {
        format!("{}s:{}", self.prefix, hash_hex(key))
    }

    fn pending_key(&self, key: &Key) -> String {
        format!("{}p:{}", self.prefix, hash_hex(key))
    }

    fn sessions_set(&self) -> String {
        format!("{}sessions", self.prefix)
    }

    fn pending_set(&self) -> String {
        format!("{}pending", self.prefix)
    }

    fn client_set(&self, client: std::net::IpAddr) -> String {
        format!("{}pc:{client}", self.prefix)
    }

    /// The connection (made on first use; the manager re-makes it after a failure).
    async fn conn(&self) -> StoreResult<ConnectionManager> {
        let config = ConnectionManagerConfig::new()
            .set_number_of_retries(0)
            .set_connection_timeout(Duration::from_secs(1))
            .set_response_timeout(CALL_DEADLINE);
        let made = self
            .conn
            .get_or_try_init(|| ConnectionManager::new_with_config(self.client.clone(), config));
        match tokio::time::timeout(CALL_DEADLINE, made).await {
            Ok(Ok(c)) => Ok(c.clone()),
            Ok(Err(e)) => Err(unavailable(&e)),
            Err(_) => Err(StoreUnavailable),
        }
    }

    /// Runs one call with the deadline, on the connection the manager holds (after a
    /// failure it re-makes the connection for the next call, so recovery needs no restart).
    async fn run<T, F, Fut>(&self, f: F) -> StoreResult<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        let c = self.conn().await?;
        match tokio::time::timeout(CALL_DEADLINE, f(c)).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(unavailable(&e)),
            Err(_) => {
                tracing::warn!(target: "bulkwatch::proxy", "session store: call timed out");
                Err(StoreUnavailable)
            }
        }
    }

    fn seal<T: Serialize>(&self, redis_key: &str, value: &T) -> StoreResult<String> {
        let json = serde_json::to_vec(value).map_err(|_| StoreUnavailable)?;
        self.keys
            .seal(redis_key.as_bytes(), &json)
            .ok_or(StoreUnavailable)
    }

    /// Opens a stored value; one that does not open (a retired key, tampering) counts as absent.
    fn open<T: DeserializeOwned>(&self, redis_key: &str, sealed: Option<String>) -> Option<T> {
        let sealed = sealed?;
        let opened = self
            .keys
            .open(redis_key.as_bytes(), &sealed)
            .and_then(|json| serde_json::from_slice(&json).ok());
        if opened.is_none() {
            tracing::warn!(
                target: "bulkwatch::proxy",
                "session store: a value did not open (retired key, or altered); treated as absent"
            );
        }
        opened
    }

    async fn take(&self, redis_key: &str, set: &str, member: &str) -> StoreResult<Option<String>> {
        let mut pipe = redis::pipe();
        pipe.atomic()
            .cmd("GETDEL")
            .arg(redis_key)
            .cmd("ZREM")
            .arg(set)
            .arg(member)
            .ignore();
        let pipe = &pipe;
        let (value,): (Option<String>,) = self
            .run(|mut c| async move { pipe.query_async(&mut c).await })
            .await?;
        Ok(value)
    }
}

fn unavailable(e: &redis::RedisError) -> StoreUnavailable {
    // The error's kind and category only: a message could echo a URL with a password.
    tracing::warn!(
        target: "bulkwatch::proxy",
        kind = ?e.kind(),
        "session store unavailable"
    );
    StoreUnavailable
}

impl SessionStore for RedisStore {
    fn begin_login<'a>(
        &'a self,
        key: Key,
        pending: PendingRecord,
        caps: PendingCaps,
        now_ms: u64,
    ) -> BoxFuture<'a, StoreResult<bool>> {
        Box::pin(async move {
            let k = self.pending_key(&key);
            let value = self.seal(&k, &pending)?;
            let mut inv = self.begin_login.prepare_invoke();
            inv.key(self.pending_set())
                .key(self.client_set(pending.client))
                .key(&k)
                .arg(now_ms)
                .arg(caps.ttl_ms)
                .arg(caps.max)
                .arg(caps.per_client)
                .arg(value)
                .arg(hash_hex(&key))
                .arg(format!("{}p:", self.prefix));
            let inv = &inv;
            let room: i64 = self
                .run(|mut c| async move { inv.invoke_async(&mut c).await })
                .await?;
            Ok(room == 1)
        })
    }

    fn take_pending<'a>(&'a self, key: Key) -> BoxFuture<'a, StoreResult<Option<PendingRecord>>> {
        Box::pin(async move {
            let k = self.pending_key(&key);
            let member = hash_hex(&key);
            let sealed = self.take(&k, &self.pending_set(), &member).await?;
            let pending: Option<PendingRecord> = self.open(&k, sealed);
            if let Some(p) = &pending {
                let mut cmd = redis::cmd("ZREM");
                cmd.arg(self.client_set(p.client)).arg(&member);
                let cmd = &cmd;
                let _: i64 = self
                    .run(|mut c| async move { cmd.query_async(&mut c).await })
                    .await?;
            }
            Ok(pending)
        })
    }

    fn create<'a>(
        &'a self,
        key: Key,
        session: SessionRecord,
        expires_ms: u64,
        max: usize,
        now_ms: u64,
    ) -> BoxFuture<'a, StoreResult<bool>> {
        Box::pin(async move {
            let k = self.session_key(&key);
            let value = self.seal(&k, &session)?;
            let keep = expires_ms.saturating_sub(now_ms).max(1) + REVOKE_GRACE_MS;
            let mut inv = self.create.prepare_invoke();
            inv.key(self.sessions_set())
                .key(&k)
                .arg(now_ms)
                .arg(max)
                .arg(value)
                .arg(keep)
                .arg(expires_ms)
                .arg(hash_hex(&key));
            let inv = &inv;
            let room: i64 = self
                .run(|mut c| async move { inv.invoke_async(&mut c).await })
                .await?;
            Ok(room == 1)
        })
    }

    fn load<'a>(&'a self, key: Key) -> BoxFuture<'a, StoreResult<Option<SessionRecord>>> {
        Box::pin(async move {
            let k = self.session_key(&key);
            let mut cmd = redis::cmd("GET");
            cmd.arg(&k);
            let cmd = &cmd;
            let sealed: Option<String> = self
                .run(|mut c| async move { cmd.query_async(&mut c).await })
                .await?;
            Ok(self.open(&k, sealed))
        })
    }

    fn save<'a>(
        &'a self,
        key: Key,
        session: SessionRecord,
        expires_ms: u64,
    ) -> BoxFuture<'a, StoreResult<()>> {
        Box::pin(async move {
            let k = self.session_key(&key);
            let value = self.seal(&k, &session)?;
            let keep = expires_ms.saturating_sub(session.last_used_ms).max(1) + REVOKE_GRACE_MS;
            let mut inv = self.save.prepare_invoke();
            inv.key(self.sessions_set())
                .key(&k)
                .arg(value)
                .arg(keep)
                .arg(expires_ms)
                .arg(hash_hex(&key));
            let inv = &inv;
            let _: i64 = self
                .run(|mut c| async move { inv.invoke_async(&mut c).await })
                .await?;
            Ok(())
        })
    }

    fn remove<'a>(&'a self, key: Key) -> BoxFuture<'a, StoreResult<Option<SessionRecord>>> {
        Box::pin(async move {
            let k = self.session_key(&key);
            let sealed = self.take(&k, &self.sessions_set(), &hash_hex(&key)).await?;
            Ok(self.open(&k, sealed))
        })
    }

    fn take_expired<'a>(
        &'a self,
        now_ms: u64,
        limit: usize,
    ) -> BoxFuture<'a, StoreResult<Vec<SessionRecord>>> {
        Box::pin(async move {
            let mut cmd = redis::cmd("ZRANGEBYSCORE");
            cmd.arg(self.sessions_set())
                .arg("-inf")
                .arg(now_ms)
                .arg("LIMIT")
                .arg(0)
                .arg(limit);
            let cmd = &cmd;
            let members: Vec<String> = self
                .run(|mut c| async move { cmd.query_async(&mut c).await })
                .await?;
            let mut out = Vec::new();
            for m in members {
                let k = format!("{}s:{m}", self.prefix);
                // GETDEL is atomic: of two instances sweeping at once, one revokes.
                let sealed = self.take(&k, &self.sessions_set(), &m).await?;
                out.extend(self.open::<SessionRecord>(&k, sealed));
            }
            Ok(out)
        })
    }
}
