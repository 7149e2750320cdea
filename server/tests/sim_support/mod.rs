//! Helpers shared by the simulator's integration tests: building a simulator on a manual clock,
//! sending requests through `oneshot`, and making upload bodies (zips, multipart).

#![allow(dead_code)]

use std::io::{Cursor, Read, Write};

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use bulkwatch_server::sim::{Sim, SimConfig};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub const TOKEN: &str = "test-token";

/// A simulator on a manual clock accepting [`TOKEN`] (and whatever `tweak` adds).
pub fn sim_with(tweak: impl FnOnce(&mut SimConfig)) -> Sim {
    let mut config = SimConfig::for_tests(&[TOKEN]);
    tweak(&mut config);
    Sim::new(config)
}

pub fn sim() -> Sim {
    sim_with(|_| {})
}

/// One answer, fully read.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The Zoho error code of an error body.
    pub fn code(&self) -> String {
        let j = self.json();
        assert_eq!(j["status"], "error", "not an error body: {j}");
        assert!(j["details"].is_object() && j["message"].is_string(), "{j}");
        j["code"].as_str().unwrap_or_default().to_string()
    }
}

/// Sends one request through the router.
pub async fn send(router: &Router, req: Request<Body>) -> Answer {
    let resp = router.clone().oneshot(req).await.expect("infallible");
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    Answer {
        status,
        headers,
        body,
    }
}

pub fn request(method: Method, uri: &str, token: Option<&str>, body: Body) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Zoho-oauthtoken {t}"));
    }
    b.body(body).expect("valid request")
}

pub async fn get(router: &Router, uri: &str, token: Option<&str>) -> Answer {
    send(router, request(Method::GET, uri, token, Body::empty())).await
}

pub async fn post_json(router: &Router, uri: &str, token: Option<&str>, body: &Value) -> Answer {
    let mut req = request(Method::POST, uri, token, Body::from(body.to_string()));
    req.headers_mut().insert(
        header::CONTENT_TYPE,
        "application/json".parse().expect("header"),
    );
    send(router, req).await
}

/// The details of `job` in `version`, with [`TOKEN`].
pub async fn details(router: &Router, version: &str, job: &str) -> Answer {
    get(
        router,
        &format!("/crm/bulk/{version}/write/{job}"),
        Some(TOKEN),
    )
    .await
}

/// A zip holding the given files.
pub fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in files {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// Every file of a zip, by name, in order.
pub fn unzip(data: &[u8]) -> Vec<(String, String)> {
    let mut a = zip::ZipArchive::new(Cursor::new(data)).expect("a zip");
    (0..a.len())
        .map(|i| {
            let mut f = a.by_index(i).expect("entry");
            let mut s = String::new();
            f.read_to_string(&mut s).expect("utf-8 csv");
            (f.name().to_string(), s)
        })
        .collect()
}

pub const BOUNDARY: &str = "----bulkwatch-test-boundary";

/// A multipart body with one `file` part.
pub fn multipart(file_name: &str, data: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/zip\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// An upload request as Zoho wants it (multipart `file`, `feature` and `X-CRM-ORG` headers).
pub fn upload_request(
    token: Option<&str>,
    org: &str,
    file_name: &str,
    data: &[u8],
) -> Request<Body> {
    let mut req = request(
        Method::POST,
        "/crm/v8/upload",
        token,
        Body::from(multipart(file_name, data)),
    );
    let h = req.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={BOUNDARY}")
            .parse()
            .expect("header"),
    );
    h.insert("feature", "bulk-write".parse().expect("header"));
    h.insert("X-CRM-ORG", org.parse().expect("header"));
    req
}

/// Uploads a zip and returns its file id.
pub async fn upload(router: &Router, zip: &[u8]) -> String {
    let a = send(
        router,
        upload_request(Some(TOKEN), "7391452", "data.zip", zip),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let j = a.json();
    assert_eq!(j["code"], "FILE_UPLOAD_SUCCESS");
    j["details"]["file_id"]
        .as_str()
        .expect("file id")
        .to_string()
}
