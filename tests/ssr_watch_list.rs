//! SSR string tests of the watch list's form and token rows: an API version chosen for bare ids,
//! each label tied to its control, the token row inside the list, and the simulator's
//! demo-token button there only when the list's origin is the page's own loopback origin; each
//! row's cells name themselves for the stacked cards below 600 px.
#![cfg(not(target_arch = "wasm32"))]

mod ssr_support;

use std::rc::Rc;

use bulkwatch::env::{Env, MemoryStore, Store};
use bulkwatch::token_map::TokenMap;
use bulkwatch::ui::support::watch_budget::budget_text;
use bulkwatch::ui::support::watch_list::{WatchListProps, WatchListView};
use bulkwatch::ui::support::watch_spend::{RowReport, Spend};
use bulkwatch_core::endpoint::{ApiOrigin, ApiVersion, JobId};
use bulkwatch_core::poll::budget::{RowHint, DEFAULT_PER_MINUTE};
use bulkwatch_core::poll::CREDITS_PER_CHECK;
use bulkwatch_core::watchlist::{self, WatchEntry, WatchList};
use ssr_support::{attrs, render, text_of};

const SIM: &str = "http://127.0.0.1:8080";

/// The watch list holding one job on `origin`, on a page served from `page_origin`.
fn list(origin: &str, page_origin: Option<&str>) -> String {
    let store = Rc::new(MemoryStore::default());
    let mut l = WatchList::default();
    l.add([WatchEntry::new(
        &ApiOrigin::parse(origin).expect("origin"),
        ApiVersion::V3,
        &JobId::parse("111111000000541958").expect("id"),
    )]);
    store.set(watchlist::WATCH_KEY, &l.to_json());
    render::<WatchListView>(WatchListProps {
        env: Env {
            store: store as Rc<dyn Store>,
            ..Env::browser()
        },
        page_origin: page_origin.map(|p| p.to_string().into()),
        tokens: TokenMap::default(),
        on_token: Default::default(),
        on_open: Default::default(),
        on_status: Default::default(),
    })
}

/// The `id` of the element with `data-testid="{testid}"`.
fn id_of(html: &str, testid: &str) -> Option<String> {
    let at = html.find(&format!(r#"data-testid="{testid}""#))?;
    let start = html[..at].rfind('<')?;
    let tag = &html[start..at + html[at..].find('>')?];
    let from = tag.find(r#" id=""#)? + 5;
    Some(tag[from..from + tag[from..].find('"')?].to_string())
}

#[test]
fn bare_ids_get_a_chosen_api_version_defaulting_to_v8() {
    let html = list(SIM, Some(SIM));
    assert!(html.contains(r#"data-testid="watch-version""#), "{html}");
    for v in ApiVersion::ALL {
        assert!(
            html.contains(&format!(r#"<option value="{}""#, v.as_str())),
            "{v:?}: {html}"
        );
    }
    assert!(
        html.contains(r#"<option value="v8" selected"#),
        "v8 is chosen by default: {html}"
    );
    assert!(html.contains(r#"<label for="bw-watch-version">"#), "{html}");
    assert_eq!(
        id_of(&html, "watch-version").as_deref(),
        Some("bw-watch-version")
    );
}

#[test]
fn the_token_row_is_in_the_list_with_its_label_tied_to_its_field() {
    let html = list(SIM, Some(SIM));
    let rows = attrs(&html, "watch-token-row", "data-testid");
    assert_eq!(rows.len(), 1, "one origin, one token row: {html}");
    let id = id_of(&html, "watch-token").expect("the token field has an id");
    assert!(
        html.contains(&format!(r#"<label for="{id}">Token for {SIM}</label>"#)),
        "{html}"
    );
    // Inside the watch list's section, after its heading.
    let section = html.find(r#"class="bw-watch""#).expect("section");
    assert!(html.find(r#"data-testid="watch-token-row""#) > Some(section));
}

#[test]
fn the_demo_token_button_appears_only_for_the_pages_own_loopback_origin() {
    // The page is the simulator and the list's jobs live there: the demo token is offered.
    let html = list(SIM, Some(SIM));
    assert!(
        html.contains(r#"data-testid="watch-use-demo-token""#),
        "{html}"
    );
    // Another loopback port, Zoho itself, or no page origin: never.
    for (origin, page) in [
        ("http://127.0.0.1:9999", Some(SIM)),
        ("https://www.zohoapis.com", Some(SIM)),
        (SIM, None),
        (
            "https://www.zohoapis.com",
            Some("https://portal.example.com"),
        ),
    ] {
        let html = list(origin, page);
        assert!(
            html.contains(r#"data-testid="watch-token-row""#),
            "{origin}: {html}"
        );
        assert!(
            !html.contains("watch-use-demo-token"),
            "{origin} on {page:?}: {html}"
        );
    }
}

#[test]
fn every_cell_of_a_row_names_itself_for_the_cards() {
    let html = list(SIM, Some(SIM));
    let labels = attrs(&html, "watch-row", "data-job-id");
    assert_eq!(labels, ["111111000000541958"]);
    let row = &html[html.find(r#"data-testid="watch-row""#).expect("row")..];
    let row = &row[..row.find("</tr>").expect("row end")];
    let named: Vec<&str> = row
        .match_indices(r#"data-label=""#)
        .map(|(i, m)| {
            let from = i + m.len();
            &row[from..from + row[from..].find('"').unwrap_or(0)]
        })
        .collect();
    assert_eq!(
        named,
        ["Status", "Counts", "Progress", "Last change", "Actions"]
    );
    assert_eq!(row.matches("<td").count(), named.len(), "every cell: {row}");
}

#[test]
fn the_list_shows_its_shared_budget_and_what_it_costs() {
    let html = list(SIM, Some(SIM));
    assert!(html.contains(r#"data-testid="watch-budget""#), "{html}");
    assert!(
        html.contains(r#"value="20""#),
        "20 a minute by default: {html}"
    );
    let cost = text_of(&html, "watch-budget-cost").expect("the cost line");
    assert!(cost.contains("At most 20 requests a minute"), "{cost}");
    assert!(cost.contains("1200 API credits an hour"), "{cost}");
    assert!(
        cost.contains("1 running job: each is checked about every 3 s"),
        "{cost}"
    );
    // The words as the rows finish or the budget changes.
    let ten = budget_text(20, 10);
    assert!(
        ten.contains("10 running jobs: each is checked about every 30 s"),
        "{ten}"
    );
    assert!(budget_text(60, 0).contains("No job is running"));
    let one = budget_text(1, 1);
    assert!(
        one.contains("At most 1 request a minute") && one.contains("≈ 60 API credits an hour"),
        "{one}"
    );
}

#[test]
fn the_credits_spent_in_total_are_beside_the_budget() {
    let html = list(SIM, Some(SIM));
    // Nothing has been asked yet when the list is first drawn.
    assert_eq!(
        text_of(&html, "watch-credits-total").as_deref(),
        Some("0"),
        "{html}"
    );
    let budget = html
        .find(r#"data-testid="watch-budget-cost""#)
        .expect("budget line");
    let total = html
        .find(r#"data-testid="watch-credits-total""#)
        .expect("total");
    let table = html.find("<table").expect("table");
    assert!(
        budget < total && total < table,
        "beside the budget line, above the rows: {html}"
    );
}

#[test]
fn the_total_adds_every_rows_requests_and_keeps_them_when_a_row_starts_again() {
    let mut spend = Spend::default();
    let at = |requests| RowReport {
        requests,
        hint: RowHint::default(),
    };
    assert!(spend.report("a".into(), at(3)));
    assert!(spend.report("b".into(), at(2)));
    assert!(
        !spend.report("b".into(), at(2)),
        "the same report changes nothing"
    );
    assert_eq!(spend.requests(), 5);
    // Row a is built again (the list shown again): its new poller counts from 0.
    assert!(spend.report("a".into(), at(0)));
    assert!(spend.report("a".into(), at(1)));
    assert_eq!(spend.requests(), 6);
    assert_eq!(spend.credits(), 6 * CREDITS_PER_CHECK);
}

#[test]
fn a_row_near_its_finish_gets_a_shorter_gap_than_its_neighbours() {
    let mut spend = Spend::default();
    let report = |eta_s: u64| RowReport {
        requests: 1,
        hint: RowHint {
            eta_ms: Some(eta_s * 1000),
            since_change_ms: None,
        },
    };
    spend.report("near".into(), report(5));
    spend.report("far".into(), report(3600));
    let running = ["near".to_string(), "far".to_string(), "new".to_string()];
    let gaps = spend.gaps(&running, DEFAULT_PER_MINUTE);
    assert!(
        gaps["near"] < gaps["new"] && gaps["new"] < gaps["far"],
        "{gaps:?}"
    );
}
