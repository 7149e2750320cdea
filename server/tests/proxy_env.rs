//! The environment layer (`BULKWATCH_PROXY_*`): over the file, under the flags. Alone in its
//! test binary because it changes the process environment.

use bulkwatch_server::proxy::{load, Args};
use clap::Parser;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: Args,
}

#[test]
fn environment_sits_between_file_and_flags() {
    let dir = std::env::temp_dir().join(format!("bulkwatch-proxy-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("proxy.toml");
    std::fs::write(
        &file,
        "listen = \"127.0.0.1:9999\"\nallowed_origins = [\"https://a.example\"]\n",
    )
    .expect("write");
    std::env::set_var("BULKWATCH_PROXY_CONFIG", &file);
    std::env::set_var("BULKWATCH_PROXY_LISTEN", "127.0.0.1:8000");
    std::env::set_var(
        "BULKWATCH_PROXY_ALLOWED_ORIGINS",
        "https://e1.example,https://e2.example",
    );
    std::env::set_var("BULKWATCH_PROXY_PATH_PREFIX", "/env");

    let cfg = load(&Cli::try_parse_from(["proxy"]).expect("parse").args).expect("valid");
    assert_eq!(cfg.listen().to_string(), "127.0.0.1:8000", "env over file");
    assert_eq!(
        cfg.allowed_origins(),
        ["https://e1.example", "https://e2.example"]
    );
    assert_eq!(cfg.path_prefix(), "/env");

    let cli = Cli::try_parse_from(["proxy", "--listen", "127.0.0.1:7000"]).expect("parse");
    assert_eq!(
        load(&cli.args).expect("valid").listen().to_string(),
        "127.0.0.1:7000",
        "flag over env"
    );

    // The test-upstream override stays locked unless the switch is on, from any layer.
    std::env::set_var("BULKWATCH_PROXY_TEST_UPSTREAMS", "eu=http://127.0.0.1:9");
    let e = load(&Cli::try_parse_from(["proxy"]).expect("parse").args).expect_err("locked");
    assert!(e.to_string().contains("allow_test_upstreams"), "{e}");
    std::env::set_var("BULKWATCH_PROXY_ALLOW_TEST_UPSTREAMS", "true");
    let cfg = load(&Cli::try_parse_from(["proxy"]).expect("parse").args).expect("unlocked");
    assert_eq!(cfg.test_upstreams().len(), 1);
    std::env::set_var("BULKWATCH_PROXY_ALLOW_TEST_UPSTREAMS", "false");
    assert!(load(&Cli::try_parse_from(["proxy"]).expect("parse").args).is_err());

    let _ = std::fs::remove_dir_all(&dir);
}
