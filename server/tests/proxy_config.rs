//! Configuration: defaults, validation with clear messages, layering of file and flags, the
//! test-upstream override's locks (flags only, an explicit switch, local configurations only),
//! and the shipped example config.

use bulkwatch_server::proxy::config::ClientAddressSource;
use bulkwatch_server::proxy::{load, Args, ConfigError, ProxyConfig, Settings};
use clap::Parser;
use std::time::Duration;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: Args,
}

fn problems(text: &str) -> Vec<String> {
    match ProxyConfig::from_toml(text) {
        Err(ConfigError::Invalid(p)) => p,
        other => panic!("expected validation problems for {text:?}, got {other:?}"),
    }
}

const ORIGINS: &str = r#"allowed_origins = ["https://crm.example.com"]"#;

#[test]
fn defaults_bind_loopback() {
    let cfg = ProxyConfig::from_toml(ORIGINS).expect("valid");
    assert_eq!(cfg.listen().to_string(), "127.0.0.1:8787");
    assert_eq!(cfg.path_prefix(), "");
    assert_eq!(cfg.client_address(), &ClientAddressSource::Peer);
    assert!(cfg.test_upstreams().is_empty());
    let t = cfg.timeouts();
    assert!(t.connect <= t.total && t.first_byte <= t.total && t.idle_body <= t.total);
    assert_eq!(cfg.limits().max_details_bytes, 1024 * 1024);
}

#[test]
fn origins_are_required_and_must_be_proper_origins() {
    assert!(problems("")[0].contains("at least one origin is required"));
    for (origin, hint) in [
        ("*", "only named origins"),
        ("null", "only named origins"),
        (
            "https://crm.example.com/",
            "did you mean \\\"https://crm.example.com\\\"",
        ),
        (
            "https://CRM.example.com",
            "did you mean \\\"https://crm.example.com\\\"",
        ),
        (
            "https://crm.example.com:443",
            "did you mean \\\"https://crm.example.com\\\"",
        ),
        ("https://crm.example.com/app", "did you mean"),
        ("https://user@crm.example.com", "userinfo"),
        ("http://crm.example.com", "must use https"),
        ("ftp://crm.example.com", "must use https"),
        ("crm.example.com", "not an origin"),
    ] {
        let p = problems(&format!("allowed_origins = [{origin:?}]"));
        assert_eq!(p.len(), 1, "{origin}: {p:?}");
        let shown = format!("{p:?}");
        assert!(shown.contains(hint), "{origin}: {shown}");
    }
    for ok in [
        "http://localhost:5173",
        "http://127.0.0.1:8080",
        "https://crm.example.com:8443",
    ] {
        ProxyConfig::from_toml(&format!("allowed_origins = [{ok:?}]")).expect(ok);
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let p = problems(
        r#"
listen = "localhost"
path_prefix = "/zoho/"
allowed_origins = ["*"]
client_address = "x-real-ip"
log_level = "info,,=="
[limits]
max_concurrent_upstream = 0
max_details_bytes = 0
[timeouts]
idle_body_ms = 900000
total_ms = 1000
"#,
    );
    let all = p.join("\n");
    for needle in [
        "listen",
        "path_prefix",
        "allowed_origins",
        "client_address",
        "log_level",
        "max_concurrent_upstream",
        "max_details_bytes",
        "idle_body_ms must not exceed",
    ] {
        assert!(all.contains(needle), "{needle} missing from:\n{all}");
    }
}

#[test]
fn unknown_keys_and_bad_toml_are_errors() {
    let e = ProxyConfig::from_toml("allowed_origin = [\"https://a.example\"]").expect_err("typo");
    assert!(matches!(e, ConfigError::Parse { .. }), "{e}");
    assert!(e.to_string().contains("allowed_origin"), "{e}");
    let e = ProxyConfig::from_toml("[limits]\nmax_conns = 3").expect_err("typo");
    assert!(e.to_string().contains("max_conns"), "{e}");
    assert!(ProxyConfig::from_toml("listen = ").is_err());
}

/// The flag layer (what `--allow-test-upstreams` / `--test-upstream` produce), validated.
fn flag_problems(allow: bool, upstreams: &[(&str, &str)]) -> Vec<String> {
    match flag_settings(allow, upstreams).validate() {
        Err(ConfigError::Invalid(p)) => p,
        other => panic!("expected validation problems for {upstreams:?}, got {other:?}"),
    }
}

fn flag_settings(allow: bool, upstreams: &[(&str, &str)]) -> Settings {
    Settings {
        allowed_origins: Some(vec!["http://127.0.0.1:5173".to_owned()]),
        allow_test_upstreams: allow.then_some(true),
        test_upstreams: upstreams
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..Settings::default()
    }
}

#[test]
fn test_upstreams_need_the_explicit_switch() {
    let p = flag_problems(false, &[("eu", "http://127.0.0.1:9000")]);
    assert!(p[0].contains("allow_test_upstreams is not true"), "{p:?}");
    let cfg = flag_settings(
        true,
        &[
            ("eu", "http://127.0.0.1:9000"),
            ("us-sandbox", "http://[::1]:9001/"),
        ],
    )
    .validate()
    .expect("allowed");
    assert_eq!(cfg.test_upstreams().len(), 2);
}

#[test]
fn a_configuration_file_cannot_enable_test_upstreams() {
    for text in [
        format!("{ORIGINS}\nallow_test_upstreams = true"),
        format!("{ORIGINS}\nallow_test_upstreams = false"),
        format!("{ORIGINS}\nallow_test_upstreams = true\n[test_upstreams]\neu = \"http://127.0.0.1:9000\""),
        format!("{ORIGINS}\n[test_upstreams]\neu = \"http://127.0.0.1:9000\""),
    ] {
        let p = problems(&text);
        assert!(
            p[0].contains("cannot be set in a configuration file")
                && p[0].contains("--allow-test-upstreams"),
            "{text}: {p:?}"
        );
    }
}

#[test]
fn test_upstreams_accept_loopback_literals_only() {
    for bad in [
        "http://localhost:9000",
        "http://10.0.0.1:9000",
        "http://169.254.169.254:80",
        "http://0.0.0.0:9000",
        "http://2130706433:9000",
        "http://0x7f.1:9000",
        "https://127.0.0.1:9000",
        "http://user:pw@127.0.0.1:9000",
        "http://127.0.0.1:9000/prefix",
        "http://127.0.0.1:9000/?q=1",
        "http://www.zohoapis.eu",
    ] {
        let p = flag_problems(true, &[("eu", bad)]);
        assert!(p[0].contains("loopback IP literals only"), "{bad}: {p:?}");
    }
    let p = flag_problems(true, &[("mars", "http://127.0.0.1:1")]);
    assert!(p[0].contains("is not a site"));
}

#[test]
fn test_upstreams_are_refused_in_production_mode() {
    let test_flags = [
        "--allow-test-upstreams",
        "--test-upstream",
        "eu=http://127.0.0.1:1",
    ];
    let load_with = |extra: &[&str]| {
        let mut argv = vec!["proxy"];
        argv.extend_from_slice(extra);
        argv.extend_from_slice(&test_flags);
        load(&Cli::try_parse_from(argv).expect("parse").args)
    };
    // Local only: loopback listen address and loopback origins.
    let cfg = load_with(&["--allowed-origin", "http://127.0.0.1:5173"]).expect("local test run");
    assert!(cfg.mode().starts_with("LOCAL TEST"), "{}", cfg.mode());
    // Anything a deployment looks like is production mode.
    for extra in [
        vec!["--allowed-origin", "https://crm.example.com"],
        vec![
            "--allowed-origin",
            "http://127.0.0.1:5173",
            "--listen",
            "0.0.0.0:8787",
        ],
        vec![
            "--allowed-origin",
            "http://localhost:5173",
            "--listen",
            "192.0.2.1:8787",
        ],
    ] {
        let e = load_with(&extra).expect_err("production mode").to_string();
        assert!(e.contains("refused in production mode"), "{extra:?}: {e}");
    }
    let cfg = load(
        &Cli::try_parse_from(["proxy", "--allowed-origin", "https://crm.example.com"])
            .expect("parse")
            .args,
    )
    .expect("valid");
    assert_eq!(cfg.mode(), "production");
}

#[test]
fn check_refuses_test_upstreams_for_a_production_configuration() {
    let run = |origin: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_bulkwatch"))
            .args(["proxy", "--check", "--allowed-origin", origin])
            .args([
                "--allow-test-upstreams",
                "--test-upstream",
                "eu=http://127.0.0.1:9",
            ])
            .env_remove("BULKWATCH_PROXY_CONFIG")
            .output()
            .expect("runs")
    };
    let prod = run("https://crm.example.com");
    assert_eq!(prod.status.code(), Some(2), "{prod:?}");
    let stderr = String::from_utf8_lossy(&prod.stderr);
    assert!(stderr.contains("refused in production mode"), "{stderr}");
    let local = run("http://127.0.0.1:5173");
    assert_eq!(local.status.code(), Some(0), "{local:?}");
    let stdout = String::from_utf8_lossy(&local.stdout);
    assert!(
        stdout.contains("mode: LOCAL TEST: test upstreams eu -> http://127.0.0.1:9/"),
        "{stdout}"
    );
}

#[test]
fn flags_override_the_file() {
    let dir = std::env::temp_dir().join(format!("bulkwatch-proxy-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("proxy.toml");
    std::fs::write(
        &file,
        "listen = \"127.0.0.1:9999\"\nallowed_origins = [\"https://a.example\"]\n[timeouts]\ntotal_ms = 60000\n",
    )
    .expect("write");
    let path = file.to_string_lossy().into_owned();
    let cli = Cli::try_parse_from(["proxy", "--config", &path]).expect("parse");
    let cfg = load(&cli.args).expect("valid");
    assert_eq!(cfg.listen().to_string(), "127.0.0.1:9999");
    assert_eq!(cfg.timeouts().total, Duration::from_secs(60));

    let cli = Cli::try_parse_from([
        "proxy",
        "--config",
        &path,
        "--listen",
        "127.0.0.1:7000",
        "--allowed-origin",
        "https://b.example",
        "--allowed-origin",
        "https://c.example",
        "--path-prefix",
        "/zoho",
        "--client-address",
        "header:X-Real-IP",
        "--log-format",
        "json",
    ])
    .expect("parse");
    let cfg = load(&cli.args).expect("valid");
    assert_eq!(cfg.listen().to_string(), "127.0.0.1:7000");
    assert_eq!(
        cfg.allowed_origins(),
        ["https://b.example", "https://c.example"]
    );
    assert_eq!(cfg.path_prefix(), "/zoho");
    assert!(matches!(cfg.client_address(), ClientAddressSource::Header(h) if h == "x-real-ip"));

    let cli = Cli::try_parse_from([
        "proxy",
        "--config",
        &path,
        "--test-upstream",
        "eu=http://127.0.0.1:1",
    ])
    .expect("parse");
    let e = load(&cli.args).expect_err("not allowed");
    assert!(e.to_string().contains("allow_test_upstreams"), "{e}");
    let cli = Cli::try_parse_from([
        "proxy",
        "--config",
        &path,
        "--allow-test-upstreams",
        "--test-upstream",
        "eu=http://127.0.0.1:1",
    ])
    .expect("parse");
    // This file allows https://a.example: a production configuration.
    let e = load(&cli.args).expect_err("production mode");
    assert!(e.to_string().contains("refused in production mode"), "{e}");
    let cli = Cli::try_parse_from([
        "proxy",
        "--config",
        &path,
        "--allowed-origin",
        "http://localhost:5173",
        "--allow-test-upstreams",
        "--test-upstream",
        "eu=http://127.0.0.1:1",
    ])
    .expect("parse");
    assert_eq!(load(&cli.args).expect("local").test_upstreams().len(), 1);

    let missing = dir.join("absent.toml");
    let cli =
        Cli::try_parse_from(["proxy", "--config", &missing.to_string_lossy()]).expect("parse");
    let e = load(&cli.args).expect_err("missing file");
    assert!(
        e.to_string().contains("cannot read the configuration file"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_shipped_example_is_valid_and_has_no_test_upstreams() {
    let text = include_str!("../../deploy/bulkwatch-proxy.example.toml");
    let cfg = ProxyConfig::from_toml(text).expect("the example config validates");
    assert!(cfg.test_upstreams().is_empty());
    let settings = Settings::from_toml(text).expect("parses");
    assert_ne!(settings.allow_test_upstreams, Some(true));
    assert!(settings.test_upstreams.is_empty());
    assert_eq!(cfg.listen().ip().to_string(), "127.0.0.1");
}
