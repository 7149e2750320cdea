//! Browser tests of the result explorer's hooks and DOM wiring: the whole widget mounted with the
//! fake transport (tests/web_support), a completed job, and result zips built here. The explorer's
//! work runs in real time slices (MessageChannel tasks), so the tests yield whole event-loop turns
//! until the page shows what they wait for — never a fixed sleep.
#![cfg(target_arch = "wasm32")]

// Shared with tests/web.rs; this file uses only part of it.
#[allow(dead_code)]
mod web_support;

use bulkwatch::net::HttpResponse;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_support::{mount, settle, Widget};

wasm_bindgen_test_configure!(run_in_browser);

const COMPLETED: &str = include_str!("fixtures/jobs/seed_completed.json");
const LEADS: &[u8] = include_bytes!("fixtures/results/Leads-leads.csv");
const EXPIRED: &str = include_str!("fixtures/results/expired_link.json");

/// A zip of stored (uncompressed) entries, written with the `zip` crate.
fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        zip.start_file(*name, stored).expect("entry");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

/// `new KeyboardEvent("keydown", {key, bubbles: true, cancelable: true})`.
fn key_event(key: &str) -> web_sys::Event {
    let init = js_sys::Object::new();
    for (k, v) in [
        ("key", wasm_bindgen::JsValue::from_str(key)),
        ("bubbles", true.into()),
        ("cancelable", true.into()),
    ] {
        js_sys::Reflect::set(&init, &k.into(), &v).unwrap();
    }
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"KeyboardEvent".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&"keydown".into(), &init))
        .unwrap()
        .dyn_into()
        .unwrap()
}

/// One event-loop turn (a macrotask), so the explorer's slices can run.
async fn turn() {
    gloo_timers::future::TimeoutFuture::new(0).await;
    settle().await;
}

/// Yields turns until `ready` holds; fails after many (something is stuck).
async fn until(w: &Widget, what: &str, ready: impl Fn(&Widget) -> bool) {
    for _ in 0..2_000 {
        if ready(w) {
            return;
        }
        turn().await;
    }
    let shown = w.text("explore-error").unwrap_or_default();
    panic!("never saw: {what} (explorer error: {shown:?})");
}

/// A completed job shown, with its "Explore results" button.
async fn completed() -> Widget {
    let w = mount();
    settle().await;
    w.http.respond_json(0, 200, COMPLETED);
    settle().await;
    assert!(w.q("explore").is_some(), "the explorer offers itself");
    w
}

fn zip_answer(body: Vec<u8>) -> HttpResponse {
    HttpResponse {
        status: 200,
        body,
        content_type: Some("application/zip".into()),
        content_disposition: Some("attachment; filename=\"result.zip\"".into()),
        ..HttpResponse::default()
    }
}

fn all(w: &Widget, testid: &str) -> Vec<web_sys::Element> {
    let list = w
        .root
        .query_selector_all(&format!("[data-testid=\"{testid}\"]"))
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

#[wasm_bindgen_test]
async fn explore_downloads_with_the_token_and_shows_the_result() {
    let w = completed().await;
    w.click("explore");
    settle().await;
    assert_eq!(w.http.count(), 2);
    let req = w.http.request(1);
    assert!(req.url.ends_with("/111111000000541958.zip"), "{}", req.url);
    assert!(
        req.token.is_some(),
        "the token goes with the download, as for the button"
    );
    assert!(w.q("explore-progress").is_some());
    w.http
        .respond(1, zip_answer(stored_zip(&[("Leads-leads.csv", LEADS)])));
    until(&w, "the rows", |w| {
        w.q("rows-shown")
            .and_then(|e| e.get_attribute("data-count"))
            .is_some()
    })
    .await;
    let totals: Vec<(String, String)> = all(&w, "status-total")
        .iter()
        .map(|e| {
            (
                e.get_attribute("data-status").unwrap_or_default(),
                e.text_content().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        totals,
        [
            ("added".into(), "2".into()),
            ("updated".into(), "1".into()),
            ("skipped".into(), "3".into()),
            ("unprocessed".into(), "0".into())
        ]
    );
    assert_eq!(all(&w, "error-group").len(), 4);
    until(&w, "rows drawn", |w| all(w, "result-row").len() == 6).await;
    assert_eq!(w.http.count(), 2, "reading and rendering sent nothing more");

    // A text filter narrows the table (computed in slices).
    w.type_into("filter-text", "ACME");
    until(&w, "one row", |w| {
        w.q("rows-shown")
            .and_then(|e| e.get_attribute("data-count"))
            .as_deref()
            == Some("1")
    })
    .await;
    until(&w, "one row drawn", |w| all(w, "result-row").len() == 1).await;

    // The keyboard: End on the table makes the last row active and shows it in full.
    w.type_into("filter-text", "");
    until(&w, "all rows again", |w| all(w, "result-row").len() == 6).await;
    let grid = w.q("result-grid").expect("grid");
    let ev = key_event("End");
    grid.dispatch_event(&ev).unwrap();
    until(&w, "the detail of the last row", |w| {
        w.q("row-detail")
            .and_then(|e| e.get_attribute("data-row"))
            .as_deref()
            == Some("5")
    })
    .await;
    assert!(ev.default_prevented(), "the table handles its keys");
}

#[wasm_bindgen_test]
async fn cancel_aborts_the_download_and_a_late_answer_is_ignored() {
    let w = completed().await;
    w.click("explore");
    settle().await;
    w.click("explore-cancel");
    settle().await;
    assert!(w.http.aborted(1), "the fetch was aborted");
    assert!(w.q("explore").is_some(), "back to the button");
    w.http
        .respond(1, zip_answer(stored_zip(&[("Leads-leads.csv", LEADS)])));
    for _ in 0..5 {
        turn().await;
    }
    assert!(w.q("explore-results").is_none());
    assert!(w.q("explore-error").is_none());
}

#[wasm_bindgen_test]
async fn unmounting_while_downloading_aborts() {
    let mut w = completed().await;
    w.click("explore");
    settle().await;
    w.destroy();
    settle().await;
    assert!(w.http.aborted(1));
}

#[wasm_bindgen_test]
async fn an_expired_link_and_a_truncated_zip_are_explained() {
    let w = completed().await;
    w.click("explore");
    settle().await;
    w.http.respond_json(1, 403, EXPIRED);
    until(&w, "the error", |w| w.q("explore-error").is_some()).await;
    let e = w.q("explore-error").unwrap();
    assert_eq!(
        e.get_attribute("data-error-kind").as_deref(),
        Some("download")
    );
    assert_eq!(
        e.get_attribute("data-code").as_deref(),
        Some("EXPIRED_DOWNLOAD_LINK")
    );

    w.click("explore-retry");
    settle().await;
    assert_eq!(w.http.count(), 3, "try again downloads again");
    let zip = stored_zip(&[("Leads-leads.csv", LEADS)]);
    w.http
        .respond(2, zip_answer(zip[..zip.len() - 30].to_vec()));
    until(&w, "the error", |w| {
        w.q("explore-error")
            .and_then(|e| e.get_attribute("data-error-kind"))
            .as_deref()
            == Some("truncated")
    })
    .await;
}

#[wasm_bindgen_test]
async fn one_column_template_for_header_and_rows_and_a_chip_says_what_it_shows() {
    let w = completed().await;
    w.click("explore");
    settle().await;
    w.http
        .respond(1, zip_answer(stored_zip(&[("Leads-leads.csv", LEADS)])));
    until(&w, "rows drawn", |w| all(w, "result-row").len() == 6).await;

    // The widths are set once, on the grid, through the CSSOM (no style attribute under the
    // page's CSP): one track per header, which every row reads.
    let grid: web_sys::HtmlElement = w.q("result-grid").expect("grid").dyn_into().unwrap();
    let style = grid.style();
    let tracks = style.get_property_value("--bw-x-cols").unwrap();
    let width = style.get_property_value("--bw-x-width").unwrap();
    let headers = grid.query_selector_all("[role=columnheader]").unwrap();
    assert_eq!(
        tracks.matches("ch").count() as u32,
        headers.length(),
        "{tracks}"
    );
    assert!(width.ends_with("ch"), "{width}");
    for row in all(&w, "result-row") {
        let cells = row.query_selector_all("[role=gridcell]").unwrap();
        assert_eq!(cells.length(), headers.length());
        let first = cells
            .item(0)
            .unwrap()
            .dyn_into::<web_sys::Element>()
            .unwrap();
        assert_eq!(
            first.class_name(),
            "bw-x-c bw-x-c--row",
            "the row number first, alone"
        );
    }

    // An error group: the polite line above the table says how many rows, with what.
    let group = all(&w, "error-group").remove(0);
    let code = group.get_attribute("data-code").unwrap();
    let column = group.get_attribute("data-column").unwrap();
    let rows: usize = group.text_content().unwrap().parse().unwrap();
    group.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    let expected = format!(
        "{rows} {} with {code}{} (of 6)",
        if rows == 1 { "row" } else { "rows" },
        if column.is_empty() {
            String::new()
        } else {
            format!(" in {column}")
        }
    );
    until(&w, "the group's rows", |w| {
        w.q("rows-shown")
            .and_then(|e| e.get_attribute("data-count"))
            .as_deref()
            == Some(rows.to_string().as_str())
    })
    .await;
    let line = w.q("rows-shown").expect("rows line");
    assert_eq!(line.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(line.text_content().unwrap_or_default().trim(), expected);
}
