//! SSR string tests of the job view's words: timeline entries as plain sentences, a job first
//! seen finished said so, a finished job's throughput as its final figure (never "measuring…"),
//! what the counts include and leave out beside them, and the built-in sample labelled as such
//! with no request count.
#![cfg(not(target_arch = "wasm32"))]

mod ssr_support;

use std::rc::Rc;

use bulkwatch::sample::{SampleData, SampleNotice};
use bulkwatch::ui::job::state::{JobAction, JobState, NextCheck};
use bulkwatch::ui::job::view::JobView;
use bulkwatch_core::progress::format_rate;
use ssr_support::job_view::{props, state_after};
use ssr_support::{attrs, render, text_of};
use yew::prelude::*;

const SEED_ADDED: &str = include_str!("fixtures/jobs/seed_added.json");
const SEED_IN_PROGRESS: &str = include_str!("fixtures/jobs/seed_in_progress.json");
const SEED_COMPLETED: &str = include_str!("fixtures/jobs/seed_completed.json");

/// 2019-01-30T14:18:15Z, the fixtures' `created_time` (02:18:15-12:00); SSR renders in UTC.
const CREATED_MS: u64 = 1_548_857_895_000;

/// The seed's in-progress answer with `n` records skipped (and counted) so far.
fn in_progress(n: u64) -> String {
    SEED_IN_PROGRESS
        .replace("\"skipped_count\": 100", &format!("\"skipped_count\": {n}"))
        .replace("\"total_count\": 100", &format!("\"total_count\": {n}"))
}

/// Each timeline entry's text, tags removed.
/// The state after answers `(body, sent_ms, at_ms)`, with no check planned.
fn state(answers: &[(&str, u64, u64)]) -> Rc<JobState> {
    state_after(answers).reduce(JobAction::Next(NextCheck::Nothing))
}

fn timeline(html: &str) -> Vec<String> {
    html.split(r#"data-testid="timeline-event""#)
        .skip(1)
        .map(|chunk| {
            let body = &chunk[chunk.find('>').map_or(0, |i| i + 1)..];
            let body = &body[..body.find("</li>").unwrap_or(body.len())];
            let mut text = String::new();
            let mut in_tag = false;
            for c in body.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

#[test]
fn the_timeline_reads_as_sentences() {
    let t = CREATED_MS;
    let html = render::<JobView>(props(state(&[
        (SEED_ADDED, t + 60_000, t + 60_200),
        (&in_progress(40), t + 90_000, t + 90_200),
        (SEED_COMPLETED, t + 120_000, t + 120_200),
    ])));
    assert_eq!(
        timeline(&html),
        [
            "The job was created at 14:18:15.",
            "Zoho started processing the file between 14:19:15 and 14:19:45.",
            "Zoho began writing records between 14:19:15 and 14:19:45 (40 processed when first seen).",
            "Zoho completed the job between 14:19:45 and 14:20:15.",
            "It ended with 100 records: 0 added, 0 updated and 100 skipped.",
        ]
    );
    for entry in timeline(&html) {
        assert!(!entry.starts_with("Status "), "{entry}");
        assert!(!entry.contains('→'), "{entry}");
    }
}

#[test]
fn a_job_first_seen_completed_says_so_in_every_place() {
    let t = CREATED_MS;
    let html = render::<JobView>(props(state(&[(SEED_COMPLETED, t + 600_000, t + 600_400)])));
    let said = timeline(&html);
    assert_eq!(
        said[1],
        "First seen already completed: Zoho finished it between 14:18:15 and 14:28:15."
    );
    assert!(
        !said.iter().any(|s| s.contains("began writing")),
        "{said:?}"
    );
    // The live region says it too.
    let announced = text_of(&html, "status-announcer").unwrap_or_default();
    assert!(
        announced.contains("First seen already completed"),
        "{announced}"
    );
}

#[test]
fn a_finished_job_shows_its_final_throughput_however_late_it_is_seen_again() {
    let t = CREATED_MS;
    // 40 at +90 s, 100 (done) at +120 s: 60 records in 30 s; then seen again an hour later.
    let html = render::<JobView>(props(state(&[
        (&in_progress(0), t + 60_000, t + 60_000),
        (&in_progress(40), t + 90_000, t + 90_000),
        (SEED_COMPLETED, t + 120_000, t + 120_000),
        (SEED_COMPLETED, t + 3_720_000, t + 3_720_000),
    ])));
    assert_eq!(
        text_of(&html, "throughput").as_deref(),
        Some(format_rate(100.0 / 60.0).as_str()),
        "the rate from the start of processing to the first answer that showed the end"
    );
}

#[test]
fn the_counts_say_what_they_include_and_leave_out() {
    let t = CREATED_MS;
    let done = render::<JobView>(props(state(&[(SEED_COMPLETED, t + 1_000, t + 1_200)])));
    let kinds = attrs(&done, "counts-notes", "data-testid");
    assert_eq!(kinds.len(), 1, "one list of notes beside the counts");
    assert!(done.contains(r#"<li data-kind="unprocessed">"#), "{done}");
    assert!(
        done.contains("marked Unprocessed in the result file"),
        "{done}"
    );
    let running = render::<JobView>(props(state(&[(&in_progress(40), t + 1_000, t + 1_200)])));
    assert!(!running.contains(r#"data-kind="unprocessed""#), "{running}");
    assert!(running.contains("processed so far"), "{running}");
}

#[derive(Properties, PartialEq)]
struct InSampleProps {
    state: Rc<JobState>,
}

/// The job view as the `#sample` page shows it (under the sample's context).
#[function_component]
fn InSample(p: &InSampleProps) -> Html {
    html! {
        <ContextProvider<SampleData> context={SampleData}>
            <SampleNotice />
            <JobView ..props(p.state.clone()) />
        </ContextProvider<SampleData>>
    }
}

#[test]
fn the_sample_is_labelled_and_shows_no_request_count() {
    let t = CREATED_MS;
    let s = state(&[(SEED_COMPLETED, t + 1_000, t + 1_200)]);
    // Outside the sample, the polling line counts requests…
    let real = render::<JobView>(props(s.clone()));
    assert!(real.contains(r#"data-testid="request-count""#), "{real}");
    assert!(!real.contains("sample-notice"), "{real}");
    // …in it, the page says it is sample data and counts none.
    let sample = render::<InSample>(InSampleProps { state: s });
    let notice = text_of(&sample, "sample-notice");
    assert!(sample.contains("Sample data — not from Zoho."), "{sample}");
    assert!(notice.is_some(), "{sample}");
    assert!(!sample.contains("request-count"), "{sample}");
    assert!(!sample.contains("requests made"), "{sample}");
    assert!(!sample.contains("request made"), "{sample}");
    // The rest of the polling line is still there.
    assert!(sample.contains(r#"data-testid="next-check""#), "{sample}");
}
