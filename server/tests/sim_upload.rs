//! The upload route: files are really read (delimiters, zips with one or several CSVs), and every
//! refusal answers as Zoho does.

mod sim_support;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use bulkwatch_server::sim::TokenSpec;
use serde_json::json;
use sim_support::*;

const CSV: &str = "Last_Name,Company,Email\nBoyle,Acme,p@x.com\nOkafor,Globex,a@x.com\n";

#[tokio::test]
async fn every_delimiter_is_read() {
    let s = sim();
    let r = s.router();
    for d in [',', ';', ':', '|'] {
        let csv = CSV.replace(',', &d.to_string());
        let id = upload(&r, &zip_of(&[("Leads.csv", csv.as_bytes())])).await;
        let up = s.state().uploads.get(&id).unwrap();
        let t = &up.files[0];
        assert_eq!(t.delimiter, d as u8);
        assert_eq!(t.headers, ["Last_Name", "Company", "Email"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1][2], "a@x.com");
    }
}

#[tokio::test]
async fn a_zip_with_several_csvs_and_a_plain_csv_when_allowed() {
    let s = sim();
    let r = s.router();
    let zip = zip_of(&[
        ("Quotes.csv", b"Subject,Account_Name\nQ1,Acme\n"),
        (
            "sub/Quoted_Items.csv",
            b"Parent,Product_Name\nQ1,Widget\nQ1,Gizmo\n",
        ),
        ("__MACOSX/._Quotes.csv", b"junk"),
    ]);
    let id = upload(&r, &zip).await;
    let up = s.state().uploads.get(&id).unwrap();
    let names: Vec<&str> = up.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Quotes.csv", "Quoted_Items.csv"]);
    assert_eq!(up.files[1].rows.len(), 2);

    // Zoho takes only zips…
    let a = send(
        &r,
        upload_request(Some(TOKEN), "7391452", "x.csv", CSV.as_bytes()),
    )
    .await;
    assert_eq!(
        (a.status.as_u16(), a.code()),
        (400, "INVALID_FILE_FORMAT".into())
    );
    assert_eq!(
        a.json()["message"],
        "invalid file format. only zip format is supported"
    );
    assert!(a.json()["details"]["created_time"].is_string());
    // …unless the simulator is told to be lenient.
    let lenient = sim_with(|c| c.accept_plain_csv = true);
    let lr = lenient.router();
    let a = send(
        &lr,
        upload_request(Some(TOKEN), "7391452", "x.csv", CSV.as_bytes()),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let id = a.json()["details"]["file_id"].as_str().unwrap().to_string();
    assert_eq!(
        lenient.state().uploads.get(&id).unwrap().files[0].name,
        "x.csv"
    );
}

#[tokio::test]
async fn the_success_answer_is_zohos() {
    let r = sim().router();
    let a = send(
        &r,
        upload_request(
            Some(TOKEN),
            "7391452",
            "d.zip",
            &zip_of(&[("a.csv", CSV.as_bytes())]),
        ),
    )
    .await;
    let j = a.json();
    assert_eq!(j["status"], "success");
    assert_eq!(j["code"], "FILE_UPLOAD_SUCCESS");
    assert_eq!(j["message"], "file uploaded.");
    assert_eq!(j["details"]["file_id"].as_str().unwrap().len(), 19);
    assert!(j["details"]["created_time"]
        .as_str()
        .unwrap()
        .ends_with("+00:00"));
}

#[tokio::test]
async fn refusals() {
    let s = sim_with(|c| {
        c.tokens
            .push(TokenSpec::parse("bulkonly:ZohoCRM.bulk.ALL").unwrap());
        c.tokens
            .push(TokenSpec::parse("np:!no-permission").unwrap());
    });
    let r = s.router();
    let zip = zip_of(&[("a.csv", CSV.as_bytes())]);

    let a = send(&r, upload_request(None, "7391452", "d.zip", &zip)).await;
    assert_eq!(a.code(), "INVALID_TOKEN");
    let a = send(
        &r,
        upload_request(Some("bulkonly"), "7391452", "d.zip", &zip),
    )
    .await;
    assert_eq!(
        (a.status.as_u16(), a.code()),
        (401, "OAUTH_SCOPE_MISMATCH".into())
    );
    let a = send(&r, upload_request(Some("np"), "7391452", "d.zip", &zip)).await;
    assert_eq!(a.code(), "NO_PERMISSION");
    assert_eq!(a.json()["message"], "Permission denied to create");

    let mut req = upload_request(Some(TOKEN), "7391452", "d.zip", &zip);
    req.headers_mut().remove("feature");
    assert_eq!(send(&r, req).await.code(), "NOT_SUPPORTED_FEATURE");
    let mut req = upload_request(Some(TOKEN), "7391452", "d.zip", &zip);
    req.headers_mut().remove("x-crm-org");
    let a = send(&r, req).await;
    assert_eq!(
        (a.code(), a.json()["details"]["header"].clone()),
        ("MANDATORY_NOT_FOUND".into(), json!("X-CRM-ORG"))
    );
    let a = send(&r, upload_request(Some(TOKEN), "1234", "d.zip", &zip)).await;
    assert_eq!(a.code(), "INVALID_DATA");

    // No `file` part.
    let mut req = request(
        Method::POST,
        "/crm/v8/upload",
        Some(TOKEN),
        Body::from(format!("--{BOUNDARY}--\r\n")),
    );
    let h = req.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={BOUNDARY}")
            .parse()
            .unwrap(),
    );
    h.insert("feature", "bulk-write".parse().unwrap());
    h.insert("x-crm-org", "7391452".parse().unwrap());
    assert_eq!(send(&r, req).await.code(), "MANDATORY_NOT_FOUND");

    let a = send(
        &r,
        upload_request(
            Some(TOKEN),
            "7391452",
            "d.zip",
            &zip_of(&[("notes.txt", b"hi")]),
        ),
    )
    .await;
    assert_eq!(a.code(), "INVALID_FILE_FORMAT");
    let a = send(
        &r,
        upload_request(Some(TOKEN), "7391452", "d.zip", b"PK\x03\x04garbage"),
    )
    .await;
    assert_eq!(a.code(), "INVALID_FILE_FORMAT");

    let mut big = String::from("Last_Name\n");
    for i in 0..25_001 {
        big.push_str(&format!("N{i}\n"));
    }
    let a = send(
        &r,
        upload_request(
            Some(TOKEN),
            "7391452",
            "d.zip",
            &zip_of(&[("big.csv", big.as_bytes())]),
        ),
    )
    .await;
    assert_eq!(
        (a.status.as_u16(), a.code()),
        (400, "LIMIT_EXCEEDED".into())
    );

    let huge = vec![b'x'; 26 * 1024 * 1024];
    let a = send(&r, upload_request(Some(TOKEN), "7391452", "d.zip", &huge)).await;
    assert_eq!(
        (a.status.as_u16(), a.code()),
        (413, "FILE_TOO_LARGE".into())
    );

    let a = send(
        &r,
        request(Method::POST, "/crm/v9/upload", Some(TOKEN), Body::empty()),
    )
    .await;
    assert_eq!(a.code(), "INVALID_URL_PATTERN");
}
