//! End to end over loopback: the proxy in front of the simulator (through the test-upstream
//! override), fetching a job's details while it runs and after it completes, then its result
//! file, by both download routes (absolute link on the download host, relative link on the API
//! host), with Zoho's errors passed through unchanged.

mod proxy_common;

use bulkwatch_core::endpoint::{DownloadPath, ProxyRoute, Site};
use bulkwatch_server::sim::{DownloadForm, JobRequest, ScenarioKind, Sim, SimConfig};
use proxy_common::*;
use std::io::Read;
use std::net::SocketAddr;
use std::time::Duration;

const SIM_TOKEN: &str = "1000.simtoken.abcdef";

/// Starts a simulator on a loopback port; its links point at itself.
async fn start_sim() -> (Sim, SocketAddr) {
    proxy_common::sim::start_sim(SimConfig::for_tests(&[SIM_TOKEN])).await
}

fn with_sim_token() -> Vec<(String, String)> {
    let mut h = good_headers();
    h[2].1 = format!("Zoho-oauthtoken {SIM_TOKEN}");
    h
}

fn json(a: &Answer) -> serde_json::Value {
    serde_json::from_str(&a.text()).unwrap_or_else(|e| panic!("not JSON ({e}): {}", a.text()))
}

/// The proxy path for a `download_url`, absolute (download host) or relative (API host).
fn proxy_path_for(download_url: &str) -> String {
    let site = Site::from_code("eu").expect("site");
    let (path, absolute) = match url::Url::parse(download_url) {
        Ok(u) => (u.path().to_owned(), true),
        Err(_) => (download_url.to_owned(), false),
    };
    let path = DownloadPath::parse(&path).expect("a download path the proxy accepts");
    let route = if absolute {
        ProxyRoute::Download { site, path }
    } else {
        ProxyRoute::ApiDownload { site, path }
    };
    route.proxy_path()
}

fn unzip_names(bytes: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut text = String::new();
        f.read_to_string(&mut text).expect("csv text");
        assert!(text.contains("STATUS"), "a result CSV: {text:.200}");
        names.push(f.name().to_owned());
    }
    names
}

#[tokio::test]
async fn details_and_result_through_the_proxy() {
    let (sim, addr) = start_sim().await;
    for (job, form) in [
        ("1111111111", DownloadForm::Absolute),
        ("2222222222", DownloadForm::Relative),
    ] {
        let mut req = JobRequest::new(ScenarioKind::HappyInsert).with_id(job);
        req.download_form = Some(form);
        sim.create_job(req).expect("job created");
    }
    let app = router(settings(&format!("http://{addr}")));

    for job in ["1111111111", "2222222222"] {
        let a = send(
            &app,
            request(
                "GET",
                &format!("/eu/crm/bulk/v8/write/{job}"),
                &with_sim_token(),
            ),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.text());
        assert_eq!(a.headers["access-control-allow-origin"], ORIGIN);
        let body = json(&a);
        assert_eq!(body["id"], job);
        assert_ne!(body["status"], "COMPLETED", "still running");
    }

    sim.advance(Duration::from_secs(24 * 3600));
    for (job, route) in [
        ("1111111111", "/eu/download/"),
        ("2222222222", "/eu/api-download/"),
    ] {
        let a = send(
            &app,
            request(
                "GET",
                &format!("/eu/crm/bulk/v8/write/{job}"),
                &with_sim_token(),
            ),
        )
        .await;
        assert_eq!(a.status, 200);
        let body = json(&a);
        assert_eq!(body["status"], "COMPLETED", "{body}");
        let link = body["result"]["download_url"]
            .as_str()
            .expect("download_url")
            .to_owned();
        let target = proxy_path_for(&link);
        assert!(target.starts_with(route), "{link} → {target}");

        let a = send(&app, request("GET", &target, &with_sim_token())).await;
        assert_eq!(a.status, 200, "{target}: {}", a.text());
        assert!(a.headers["content-type"]
            .to_str()
            .unwrap_or("")
            .contains("zip"));
        let bytes = a.body.as_ref().expect("complete body");
        assert!(!unzip_names(bytes).is_empty());
        assert_eq!(
            a.headers["access-control-expose-headers"],
            "Retry-After, Content-Type, Content-Disposition"
        );
    }
}

#[tokio::test]
async fn zoho_errors_from_the_simulator_pass_through() {
    let (_sim, addr) = start_sim().await;
    let app = router(settings(&format!("http://{addr}")));
    let a = get(&app, "/eu/crm/bulk/v8/write/999").await;
    assert_eq!(a.status, 401, "an unknown token: {}", a.text());
    assert_eq!(json(&a)["code"], "INVALID_TOKEN");
    let a = send(
        &app,
        request("GET", "/eu/crm/bulk/v8/write/999", &with_sim_token()),
    )
    .await;
    assert_eq!(a.status, 404);
    assert_eq!(json(&a)["code"], "RESOURCE_NOT_FOUND");
}

#[tokio::test]
async fn the_real_socket_path_end_to_end() {
    let (sim, addr) = start_sim().await;
    sim.create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("3333333333"))
        .expect("job");
    sim.advance(Duration::from_secs(24 * 3600));
    let app = router(settings(&format!("http://{addr}")));
    let (proxy, stop, task) = spawn_proxy(app, Duration::from_secs(2)).await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let get = |path: String| {
        let mut r = client.get(format!("http://{proxy}{path}"));
        for (k, v) in with_sim_token() {
            r = r.header(k, v);
        }
        r.send()
    };
    let body = get("/eu/crm/bulk/v8/write/3333333333".into())
        .await
        .expect("answer")
        .bytes()
        .await
        .expect("body");
    let details: serde_json::Value = serde_json::from_slice(&body).expect("json");
    let link = details["result"]["download_url"]
        .as_str()
        .expect("link")
        .to_owned();
    let resp = get(proxy_path_for(&link)).await.expect("answer");
    assert_eq!(resp.status(), 200);
    assert!(resp.headers().get("set-cookie").is_none());
    let bytes = resp.bytes().await.expect("whole zip");
    assert!(!unzip_names(&bytes).is_empty());
    let _ = stop.send(());
    let _ = task.await;
}
