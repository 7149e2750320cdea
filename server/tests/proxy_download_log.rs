//! A streamed download is logged with its true outcome: `ok` when the client received every
//! byte, `client_gone` when it left early. (An HTTP server stops asking for a body once it has
//! `Content-Length` bytes, so a complete download once stayed `aborted`.) Alone in its binary,
//! as log capture needs.

mod proxy_common;

use proxy_common::*;
use std::time::Duration;

const SIZE: usize = 300_000;

fn download_events(log: &str) -> Vec<serde_json::Value> {
    log.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|e| e["message"] == "proxied request")
        .filter(|e| e["route"].as_str().is_some_and(|r| r.contains("download")))
        .collect()
}

#[tokio::test]
async fn downloads_are_logged_with_their_true_outcome() {
    let capture = Capture::default();
    let guard = capture.install();
    let file = vec![7u8; SIZE];
    let up = Recorder::start(move |r| {
        if r.target.contains("/4242/") {
            respond("200 OK", &[("Content-Type", "application/zip")], &file)
        } else {
            // A download whose client will leave after the first bytes.
            vec![
                Step::Write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: 100000\r\n\r\n"
                        .to_vec(),
                ),
                Step::Write(vec![b'z'; 1000]),
                Step::Hang,
            ]
        }
    })
    .await;
    let (addr, stop, task) =
        spawn_proxy(router(settings(&up.base())), Duration::from_secs(2)).await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let get = |target: &str| {
        let mut req = client.get(format!("http://{addr}{target}"));
        for (k, v) in good_headers() {
            req = req.header(k, v);
        }
        req.send()
    };
    let complete = get(DOWNLOAD).await.expect("head");
    assert_eq!(complete.status(), 200);
    let body = complete.bytes().await.expect("the whole file");
    assert_eq!(body.len(), SIZE);

    let leaving = get("/eu/download/v2/crm/org6196138/bulk-write/77/77.zip")
        .await
        .expect("head");
    assert_eq!(leaving.status(), 200);
    drop(leaving);

    // Shutting down drains every connection, so every record has been written.
    let _ = stop.send(());
    let _ = task.await;
    drop(guard);
    let events = download_events(&capture.text());
    assert_eq!(events.len(), 2, "{events:?}");
    let complete = &events
        .iter()
        .find(|e| e["bytes"] == SIZE)
        .expect("the complete one");
    assert_eq!(complete["outcome"], "ok", "{complete}");
    assert_eq!(complete["status"], 200);
    let gone = events
        .iter()
        .find(|e| e["bytes"] != SIZE)
        .expect("the one whose client left");
    assert_eq!(gone["outcome"], "client_gone", "{gone}");
}
