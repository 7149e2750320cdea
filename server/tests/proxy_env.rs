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

    // The environment can never enable test upstreams: a variable that once did is refused,
    // even beside the flags that would otherwise be accepted.
    let local_test = [
        "proxy",
        "--allowed-origin",
        "http://127.0.0.1:5173",
        "--allow-test-upstreams",
        "--test-upstream",
        "eu=http://127.0.0.1:9",
    ];
    std::env::remove_var("BULKWATCH_PROXY_CONFIG");
    std::env::set_var("BULKWATCH_PROXY_ALLOWED_ORIGINS", "http://127.0.0.1:5173");
    let cfg = load(&Cli::try_parse_from(local_test).expect("parse").args).expect("flags only");
    assert_eq!(cfg.test_upstreams().len(), 1);
    for (name, value) in [
        ("BULKWATCH_PROXY_TEST_UPSTREAMS", "eu=http://127.0.0.1:9"),
        ("BULKWATCH_PROXY_ALLOW_TEST_UPSTREAMS", "true"),
    ] {
        std::env::set_var(name, value);
        for argv in [&["proxy"][..], &local_test[..]] {
            let e = load(&Cli::try_parse_from(argv).expect("parse").args)
                .expect_err("refused")
                .to_string();
            assert!(e.contains(name) && e.contains("environment"), "{e}");
        }
        std::env::remove_var(name);
    }

    let _ = std::fs::remove_dir_all(&dir);
}
