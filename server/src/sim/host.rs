//! The simulator answers only for names it serves. A page on any website can point a name it
//! controls at 127.0.0.1 (DNS rebinding) and then read the simulator as its own origin; the
//! browser still sends that name in `Host`, so every request whose `Host` (or absolute-form
//! authority) is not the bound address, a loopback name for it, the public origin's host, or a
//! name given with `--allow-host` is refused with `421 Misdirected Request` before any route.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// The `Host` values (lowercase `host[:port]`) the simulator answers for.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts(HashSet<String>);

impl AllowedHosts {
    /// The bound address and the loopback names for its port, the public origin's host, and
    /// `extra` names (`name` or `name:port`; a bare name means the bound port).
    pub fn new(bound: SocketAddr, public_origin: &str, extra: &[String]) -> Result<Self, String> {
        let port = bound.port();
        let mut hosts = HashSet::new();
        let add = |hosts: &mut HashSet<String>, name: &str, port: u16| {
            hosts.insert(format!("{name}:{port}"));
            if port == 80 {
                hosts.insert(name.to_owned());
            }
        };
        let add_bare = |hosts: &mut HashSet<String>, name: &str| {
            hosts.insert(name.to_owned());
        };
        let ip = bound.ip();
        if !ip.is_unspecified() {
            match ip {
                std::net::IpAddr::V4(v4) => add(&mut hosts, &v4.to_string(), port),
                std::net::IpAddr::V6(v6) => add(&mut hosts, &format!("[{v6}]"), port),
            }
        }
        if ip.is_loopback() || ip.is_unspecified() {
            for name in ["localhost", "127.0.0.1", "[::1]"] {
                add(&mut hosts, name, port);
            }
        }
        if let Ok(url) = url::Url::parse(public_origin) {
            if let (Some(h), Some(p)) = (url.host_str(), url.port_or_known_default()) {
                let h = h.to_ascii_lowercase();
                add(&mut hosts, &h, p);
                if url.port().is_none() {
                    // Browsers leave the scheme's default port out of `Host`.
                    add_bare(&mut hosts, &h);
                }
            }
        }
        for raw in extra {
            let (name, p) = parse_extra(raw, port)?;
            add(&mut hosts, &name, p);
        }
        Ok(AllowedHosts(hosts))
    }

    /// Whether a `Host` value is one of ours.
    pub fn allows(&self, host: &str) -> bool {
        self.0.contains(&host.to_ascii_lowercase())
    }
}

/// `name`, `name:port`, `[v6]` or `[v6]:port`, checked as a URL host.
fn parse_extra(raw: &str, bound_port: u16) -> Result<(String, u16), String> {
    let bad =
        || format!("--allow-host {raw:?}: expected a host name or address, optionally with :PORT");
    let url = url::Url::parse(&format!("http://{}/", raw.trim())).map_err(|_| bad())?;
    let ok_shape = url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none();
    let host = url.host_str().filter(|_| ok_shape).ok_or_else(bad)?;
    let port = if raw.trim().ends_with(":80") {
        80
    } else {
        url.port().unwrap_or(bound_port)
    };
    Ok((host.to_ascii_lowercase(), port))
}

/// `router` behind the host check.
pub fn guard(router: Router, allowed: AllowedHosts) -> Router {
    router.layer(middleware::from_fn_with_state(Arc::new(allowed), check))
}

async fn check(State(allowed): State<Arc<AllowedHosts>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok());
    let authority = req.uri().authority().map(|a| a.as_str());
    let host_ok = host.is_some_and(|h| allowed.allows(h));
    let authority_ok = authority.is_none_or(|a| allowed.allows(a));
    if host_ok && authority_ok {
        return next.run(req).await;
    }
    // The refused name is not echoed back.
    let mut resp = (
        StatusCode::MISDIRECTED_REQUEST,
        "bulkwatch simulate: this server does not answer for that Host \
         (start it with --allow-host NAME to serve another name)\n",
    )
        .into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain;charset=UTF-8"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> SocketAddr {
        s.parse().expect("addr")
    }

    #[test]
    fn bound_loopback_public_and_extra_names_only() {
        let extra = vec!["sim.test".to_owned(), "Other.Test:9000".to_owned()];
        let a = AllowedHosts::new(addr("127.0.0.1:8080"), "http://127.0.0.1:8080", &extra)
            .expect("valid");
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
            "sim.test:8080",
            "other.test:9000",
        ] {
            assert!(a.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "127.0.0.1:8081",
            "localhost",
            "sim.test",
            "other.test:8080",
            "127.0.0.1.nip.io:8080",
            "",
        ] {
            assert!(!a.allows(bad), "{bad}");
        }
        let p = AllowedHosts::new(addr("127.0.0.1:8080"), "https://demo.example.com", &[])
            .expect("valid");
        assert!(p.allows("demo.example.com:443") && p.allows("demo.example.com"));
        assert!(AllowedHosts::new(addr("127.0.0.1:1"), "", &["a@b".to_owned()]).is_err());
        assert!(AllowedHosts::new(addr("127.0.0.1:1"), "", &["a/b".to_owned()]).is_err());
    }
}
