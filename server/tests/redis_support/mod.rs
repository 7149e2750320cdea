//! A real `redis-server` for the tests: started on a free loopback port in a folder of its
//! own, ready when it answers PING (the port is polled, nothing sleeps), stopped by pid when
//! the guard drops. `restart` keeps the port and the folder, so a value saved by `stop_saving`
//! comes back.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Debian's server (scripts/setup.sh installs it).
pub const REDIS_SERVER: &str = "/usr/bin/redis-server";

pub struct RedisServer {
    pub port: u16,
    dir: PathBuf,
    password: Option<String>,
    child: Option<Child>,
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    l.local_addr().expect("addr").port()
}

/// One PING on a fresh connection: `true` once the server answers PONG.
fn pong(addr: SocketAddr) -> bool {
    let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
    if s.write_all(b"PING\r\n").is_err() {
        return false;
    }
    let mut buf = [0u8; 7];
    // A server with a password answers NOAUTH: it is up all the same.
    s.read_exact(&mut buf).is_ok() && (&buf == b"+PONG\r\n" || &buf == b"-NOAUTH")
}

impl RedisServer {
    /// Starts a server on a free port (the test fails if `redis-server` is missing).
    pub fn start() -> Self {
        Self::start_with(None)
    }

    /// Starts a server that requires `password` (`requirepass`).
    pub fn start_with_password(password: &str) -> Self {
        Self::start_with(Some(password.to_owned()))
    }

    fn start_with(password: Option<String>) -> Self {
        let port = free_port();
        let dir =
            std::env::temp_dir().join(format!("bulkwatch-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("redis dir");
        let mut r = RedisServer {
            port,
            dir,
            password,
            child: None,
        };
        r.launch();
        r
    }

    pub fn url(&self) -> String {
        match &self.password {
            Some(p) => format!("redis://:{p}@127.0.0.1:{}/0", self.port),
            None => format!("redis://127.0.0.1:{}/0", self.port),
        }
    }

    fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    fn launch(&mut self) {
        let mut cmd = Command::new(REDIS_SERVER);
        if let Some(p) = &self.password {
            cmd.args(["--requirepass", p]);
        }
        let child = cmd
            .args(["--port", &self.port.to_string()])
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .args(["--dir", &self.dir.display().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server runs (scripts/setup.sh installs it)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while !pong(self.addr()) {
            assert!(Instant::now() < deadline, "redis-server answered no PING");
            if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                panic!("redis-server exited: {status}");
            }
            std::thread::yield_now();
        }
    }

    /// Stops the server after it has written its data to its folder (`SHUTDOWN SAVE`: the
    /// flags turn off automatic saving only), and waits for the process to end.
    pub fn stop_saving(&mut self) {
        if let Ok(mut s) = TcpStream::connect(self.addr()) {
            let _ = s.write_all(b"SHUTDOWN SAVE\r\n");
        }
        if let Some(mut child) = self.child.take() {
            child.wait().expect("redis-server ends");
        }
    }

    /// Kills the server (by pid) without saving, and waits for it to end.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            child.wait().expect("redis-server ends");
        }
    }

    /// Starts the server again on the same port and folder.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "stopped first");
        self.launch();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
