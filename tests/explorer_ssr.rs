//! Server-side-rendered string tests of the result explorer's components, natively, on a result
//! read by the core from the shared fixture (`tests/fixtures/results/Leads-leads.csv`): the test
//! hooks the end-to-end tests and people rely on (`status-total`, `error-group`, `result-row`,
//! filters, exports, `explore-error`, `explore-progress`), fix hints, mapping links, the bounded
//! table and the joined original record.
#![cfg(not(target_arch = "wasm32"))]

mod ssr_support;

use std::rc::Rc;

use bulkwatch::env::Env;
use bulkwatch::ui::explorer::error_box::{ErrorBox, ErrorBoxProps};
use bulkwatch::ui::explorer::error_groups::{ErrorGroups, ErrorGroupsProps};
use bulkwatch::ui::explorer::grid::{Grid, GridProps};
use bulkwatch::ui::explorer::hooks::use_original::Joined;
use bulkwatch::ui::explorer::launcher::{Launcher, LauncherProps};
use bulkwatch::ui::explorer::panel::{Explorer, ExplorerProps};
use bulkwatch::ui::explorer::progress_line::{ProgressLine, ProgressLineProps};
use bulkwatch::ui::explorer::results::{Results, ResultsProps};
use bulkwatch::ui::explorer::row_detail::{RowDetail, RowDetailProps};
use bulkwatch::ui::explorer::shared::Shared;
use bulkwatch::ui::explorer::state::{ExploreError, Loaded};
use bulkwatch::ui::explorer::status_totals::{StatusTotals, StatusTotalsProps};
use bulkwatch::ui::explorer::table_state::TableState;
use bulkwatch::ui::explorer::toolbar::{Toolbar, ToolbarProps};
use bulkwatch::ui::explorer::viewport::MAX_DOM_ROWS;
use bulkwatch::ui::target::{DownloadPlan, Target};
use bulkwatch_core::endpoint::{ApiOrigin, ApiVersion, DataCenter, Environment, JobId};
use bulkwatch_core::result::{
    BodyKind, ErrorCode, Join, LoadOptions, OriginalLoader, Progress, ResultError, ResultLoader,
    RowId, RowStatus, Scope,
};
use bulkwatch_core::BwError;
use ssr_support::{attrs, count, job, render, text_of};
use yew::Callback;

const LEADS: &str = include_str!("fixtures/results/Leads-leads.csv");
const ORIGINAL: &str = include_str!("fixtures/results/leads_original.csv");
const JOB: &str = include_str!("fixtures/jobs/completed_code_inprogress.json");

fn loaded() -> Shared<Loaded> {
    let set = ResultLoader::from_csv(
        "Leads-leads.csv",
        LEADS.as_bytes().to_vec(),
        LoadOptions::default(),
    )
    .finish()
    .expect("the fixture loads");
    Shared::new(Loaded {
        set,
        name: "42.zip".into(),
        zip_bytes: 2048,
        read_ms: 3.0,
    })
}

#[test]
fn results_show_status_totals_and_error_groups_with_hints_and_mappings() {
    let data = loaded();
    let html = render::<Results>(ResultsProps {
        data: data.clone(),
        job: Rc::new(job(JOB)),
        job_id: "42".into(),
        on_close: Callback::noop(),
    });
    // Rows by status: the four documented statuses always, bare counts as text.
    assert_eq!(
        attrs(&html, "status-total", "data-status"),
        ["added", "updated", "skipped", "unprocessed"]
    );
    let totals: Vec<(String, u32)> = data
        .set
        .status_totals(Scope::All)
        .into_iter()
        .map(|t| (t.status.token().to_string(), t.rows))
        .collect();
    assert_eq!(
        totals,
        [
            ("added".to_string(), 2),
            ("updated".to_string(), 1),
            ("skipped".to_string(), 3),
            ("unprocessed".to_string(), 0)
        ]
    );
    assert_eq!(text_of(&html, "status-total").as_deref(), Some("2"));
    // Error groups: code × column with the row count as text; one per (code, column).
    let codes = attrs(&html, "error-group", "data-code");
    let columns = attrs(&html, "error-group", "data-column");
    let mut groups: Vec<(String, String)> = codes.into_iter().zip(columns).collect();
    groups.sort();
    assert_eq!(
        groups,
        [
            ("DUPLICATE_DATA".to_string(), "Email".to_string()),
            ("INVALID_DATA".to_string(), "Email".to_string()),
            ("MANDATORY_NOT_FOUND".to_string(), "Company".to_string()),
            ("MANDATORY_NOT_FOUND".to_string(), "Last_Name".to_string()),
        ]
    );
    assert!(html.contains(r#"data-column="Company">2</span>"#), "{html}");
    // Each code's fix hint, once.
    for code in [
        ErrorCode::MandatoryNotFound,
        ErrorCode::DuplicateData,
        ErrorCode::InvalidData,
    ] {
        assert_eq!(count(&html, code.fix_hint()), 1, "{code}");
    }
    // Last_Name is mapped (index 0 of Leads); Company is not.
    assert!(html.contains("mapped from column index 0 of Leads"));
    assert!(html.contains("no field mapping names it"));
    // Filters, exports and the original-file input are there.
    for id in [
        "filter-status",
        "filter-code",
        "filter-column",
        "filter-text",
        "export-csv",
        "export-errors",
        "original-file-input",
    ] {
        assert_eq!(count(&html, &format!(r#"data-testid="{id}""#)), 1, "{id}");
    }
    // One file: no file filter, no join export before an original is read.
    assert_eq!(count(&html, r#"data-testid="filter-file""#), 0);
    assert_eq!(count(&html, r#"data-testid="export-joined""#), 0);
}

#[test]
fn the_grid_draws_a_bounded_window_with_sortable_headers() {
    let data = loaded();
    let many = Shared::new((0..250_000).map(|i| RowId(i % 6)).collect::<Vec<_>>());
    let columns = Rc::new(bulkwatch::ui::explorer::columns::table_columns(
        &data.set, None,
    ));
    let template = Rc::new(bulkwatch::ui::explorer::layout::table_template(
        &data.set, None, &columns,
    ));
    let html = render::<Grid>(GridProps {
        data: data.clone(),
        rows: many,
        columns: columns.clone(),
        template: template.clone(),
        reveal: 0,
        sort: bulkwatch_core::result::SortKey::Row,
        order: bulkwatch_core::result::SortOrder::Ascending,
        on_sort: Callback::noop(),
        active: Some(1),
        on_active: Callback::noop(),
        id_prefix: "t".into(),
        busy: false,
    });
    let rows = count(&html, r#"data-testid="result-row""#);
    assert!(rows > 0 && rows <= MAX_DOM_ROWS, "{rows} rows drawn");
    assert!(html.contains(r#"aria-rowcount="250001""#));
    assert!(html.contains(r#"role="grid""#) && html.contains(r#"tabindex="0""#));
    assert!(html.contains(r#"aria-sort="ascending""#));
    assert!(html.contains(r#"aria-selected="true""#));
    assert_eq!(
        count(&html, r#"data-testid="sort""#),
        columns.iter().filter(|c| c.sort_key().is_some()).count()
    );
    // No inline styles: the page's CSP forbids them (sizes go through the CSSOM).
    assert!(!html.contains("style="), "{html}");

    // One track per column: the header row and the body rows read this one template.
    assert_eq!(
        template
            .columns
            .split(' ')
            .filter(|t| t.ends_with("ch"))
            .count()
            + 1,
        columns.len()
    );
    // Every header carries its full name (ellipsised when narrow); the row number is a column
    // of its own, first in every row.
    for column in columns.iter() {
        assert!(
            html.contains(&format!(r#"title="{}""#, column.label())),
            "{}",
            column.label()
        );
    }
    let row_cells = count(&html, r#"class="bw-x-c bw-x-c--row""#);
    assert_eq!(
        row_cells,
        rows + 1,
        "a row-number cell in the header and in each row"
    );
    let empty = render::<Grid>(GridProps {
        data: data.clone(),
        rows: Shared::new(Vec::new()),
        columns,
        template,
        reveal: 0,
        sort: bulkwatch_core::result::SortKey::Row,
        order: bulkwatch_core::result::SortOrder::Ascending,
        on_sort: Callback::noop(),
        active: None,
        on_active: Callback::noop(),
        id_prefix: "t".into(),
        busy: false,
    });
    assert_eq!(
        text_of(&empty, "no-rows").as_deref(),
        Some("No row matches these filters.")
    );
}

#[test]
fn errors_say_what_happened_with_a_stable_kind() {
    let cases = [
        (
            ExploreError::Result(ResultError::NotZip(BodyKind::ExpiredLink)),
            "not_zip",
            "no longer valid",
        ),
        (
            ExploreError::Result(ResultError::Truncated {
                detail: "no end record".into(),
            }),
            "truncated",
            "Download it again",
        ),
        (
            ExploreError::Result(ResultError::RatioTooHigh {
                name: "Leads-x.csv".into(),
                max_ratio: 200,
            }),
            "ratio_too_high",
            "zip bomb",
        ),
        (
            ExploreError::Download(BwError::Network {
                message: "TypeError: Failed to fetch".into(),
            }),
            "download",
            "",
        ),
    ];
    for (error, kind, says) in cases {
        let html = render::<ErrorBox>(ErrorBoxProps {
            error: error.clone(),
            on_retry: Callback::noop(),
        });
        assert_eq!(attrs(&html, "explore-error", "data-error-kind"), [kind]);
        assert!(html.contains(says), "{html}");
        assert!(html.contains(r#"role="alert""#));
        assert!(html.contains(r#"data-testid="explore-retry""#));
    }
}

#[test]
fn progress_launcher_and_totals() {
    let html = render::<ProgressLine>(ProgressLineProps {
        progress: Some(Progress {
            done_bytes: 250,
            total_bytes: 1000,
            rows: 12_000,
            files_done: 0,
            files_total: 1,
            done: false,
        }),
        on_cancel: Callback::noop(),
    });
    assert_eq!(
        attrs(&html, "explore-progress", "value"),
        ["250"],
        "a quarter read"
    );
    assert!(html.contains("12,000 rows"));
    let fetching = render::<ProgressLine>(ProgressLineProps {
        progress: None,
        on_cancel: Callback::noop(),
    });
    assert!(
        attrs(&fetching, "explore-progress", "value").is_empty(),
        "indeterminate while downloading"
    );

    let no_token = render::<Launcher>(LauncherProps {
        on_explore: Callback::noop(),
        has_token: false,
    });
    assert!(no_token.contains("disabled"));
    assert!(no_token.contains("Paste a token"));

    let data = loaded();
    let totals = render::<StatusTotals>(StatusTotalsProps {
        totals: data.set.status_totals(Scope::All),
        active: Some(RowStatus::Skipped),
        on_pick: Callback::noop(),
    });
    assert_eq!(count(&totals, r#"aria-pressed="true""#), 1);
    assert!(
        totals.contains(r#"disabled"#),
        "a zero total cannot be picked"
    );
}

#[test]
fn error_groups_without_errors_say_so() {
    let html = render::<ErrorGroups>(ErrorGroupsProps {
        groups: Vec::new(),
        codes: Vec::new(),
        job: Rc::new(job(JOB)),
        module: None,
        active: None,
        on_pick: Callback::noop(),
    });
    assert_eq!(
        text_of(&html, "no-errors").as_deref(),
        Some("No row carries an error.")
    );
}

#[test]
fn the_toolbar_reflects_the_filter() {
    let mut table = TableState::default();
    table.filter.statuses = vec![RowStatus::Skipped];
    table.filter.code = Some(ErrorCode::InvalidData);
    table.filter.text = "acme".into();
    let html = render::<Toolbar>(ToolbarProps {
        table,
        files: vec!["Quotes-q.csv".into(), "Quoted_Items-i.csv".into()],
        statuses: vec![RowStatus::Added, RowStatus::Skipped],
        codes: vec![ErrorCode::InvalidData, ErrorCode::MandatoryNotFound],
        columns: vec!["Email".into()],
        on_action: Callback::noop(),
    });
    assert!(
        html.contains(r#"<option value="skipped" selected"#),
        "{html}"
    );
    assert!(html.contains(r#"<option value="INVALID_DATA" selected"#));
    assert!(html.contains(r#"value="acme""#));
    assert!(
        html.contains(r#"data-testid="filter-file""#),
        "two files: a file filter"
    );
}

#[test]
fn the_row_detail_shows_errors_with_hints_and_the_original_record() {
    let data = loaded();
    let originals = OriginalLoader::new("leads.csv", ORIGINAL.as_bytes().to_vec())
        .expect("a CSV")
        .finish()
        .expect("reads");
    let joins = Join::auto(&data.set, &originals);
    assert_eq!(joins.len(), 1, "one file each side: paired");
    let joined = Shared::new(Joined {
        name: "leads.csv".into(),
        originals: Rc::new(originals),
        joins,
    });
    // Row 5: Lee, skipped with two errors.
    let html = render::<RowDetail>(RowDetailProps {
        data: data.clone(),
        row: Some(RowId(4)),
        joined: Some(joined),
    });
    assert!(html.contains("Row 5 of Leads-leads.csv"));
    assert!(html.contains(ErrorCode::MandatoryNotFound.fix_hint()));
    assert!(html.contains(ErrorCode::DuplicateData.fix_hint()));
    assert!(html.contains(r#"data-testid="row-original""#));
    // The original's extra column (Phone) is shown beside the result.
    let original = &html[html
        .find(r#"data-testid="row-original""#)
        .expect("original")..];
    assert!(original.contains("Phone"), "{original}");

    let none = render::<RowDetail>(RowDetailProps {
        data,
        row: None,
        joined: None,
    });
    assert!(none.contains("Pick a row"));
}

#[test]
fn the_explorer_appears_only_for_a_fetchable_result() {
    let target = Rc::new(Target {
        origin: ApiOrigin::Zoho {
            dc: DataCenter::Us,
            env: Environment::Production,
        },
        version: ApiVersion::V3,
        job: JobId::parse("4876876000007500101").expect("id"),
        proxy: None,
    });
    let props = |plan: Option<DownloadPlan>| ExplorerProps {
        job: Rc::new(job(JOB)),
        target: Some(target.clone()),
        plan,
        token: bulkwatch::token::Token::new("t0k3n"),
        env: Env::browser(),
        on_summary: Default::default(),
    };
    let fetch = render::<Explorer>(props(Some(DownloadPlan::Fetch {
        request_url: "https://www.zohoapis.com/v2/crm/x/bulk-write/1/1.zip".into(),
        resolved: "https://www.zohoapis.com/v2/crm/x/bulk-write/1/1.zip".into(),
    })));
    assert!(fetch.contains(r#"data-testid="explore""#));
    assert!(fetch.contains(r#"data-part="explorer""#));
    assert!(!fetch.contains("t0k3n"), "never the token");
    for plan in [
        None,
        Some(DownloadPlan::Refused {
            raw: "javascript:alert(1)".into(),
            reason: "a script URL".into(),
        }),
    ] {
        let html = render::<Explorer>(props(plan));
        assert!(!html.contains(r#"data-testid="explore""#), "{html}");
    }
}
