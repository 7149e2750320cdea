//! The job's header: status, id (with copy), operation, creator, creation time (the viewer's
//! local time, the org's own, and "12 min ago"), character encoding, callback and
//! `ignore_empty`. Its heading takes the focus (and scrolls to the top) when the widget asks for
//! it through [`JobFocus`] — after "Watch", so the job, not the form, is what the page is about.

use std::cell::Cell;
use std::rc::Rc;

use bulkwatch_core::clock;
use bulkwatch_core::timeline::format_ago;
use bulkwatch_core::Job;
use yew::prelude::*;

use super::status_badge::{StatusBadge, StatusBadgeProps};
use super::unreadable_note::Unreadable;
use crate::ui::copy_button::CopyButton;
use crate::ui::time_fmt;

/// Props of [`JobHeader`].
#[derive(Properties, PartialEq, Clone)]
pub struct JobHeaderProps {
    pub job: std::rc::Rc<Job>,
    /// "Now" for relative times (the latest check, so renders stay pure).
    pub now_ms: u64,
    /// Shown right under the title, before the facts (the job's summary).
    #[prop_or_default]
    pub children: Html,
}

/// A request for the job's heading to take the focus, provided by the widget as a context: the
/// heading takes it once for each new `seq`, whenever it is (or next comes) on screen. `done`
/// outlives the header (it comes and goes with the job), so a request is granted once.
#[derive(Clone, Debug, Default)]
pub struct JobFocus {
    pub seq: u32,
    /// The job whose heading is wanted: the previous job's, still on screen for a moment after
    /// "Watch", does not take it.
    pub job: String,
    pub done: Rc<Cell<u32>>,
}

impl PartialEq for JobFocus {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq && self.job == other.job && Rc::ptr_eq(&self.done, &other.done)
    }
}

/// Focuses the heading without the browser's own minimal scroll; then, unless the heading and the
/// summary under it are already in view (the line above them stays in sight then), brings the
/// heading to the top so the summary is in view.
fn focus_heading(heading: &NodeRef) -> bool {
    let Some(h) = heading.cast::<web_sys::HtmlElement>() else {
        return false;
    };
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    if h.focus_with_options(&options).is_err() {
        return false;
    }
    if !summary_in_view(&h) {
        let scroll = web_sys::ScrollIntoViewOptions::new();
        scroll.set_block(web_sys::ScrollLogicalPosition::Start);
        h.scroll_into_view_with_scroll_into_view_options(&scroll);
    }
    true
}

/// Whether the heading's top and the summary's bottom are both inside the viewport.
fn summary_in_view(heading: &web_sys::HtmlElement) -> bool {
    let Some(height) = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|v| v.as_f64())
    else {
        return false;
    };
    let summary = heading.closest("header").ok().flatten().and_then(|header| {
        header
            .query_selector(r#"[data-part="summary"]"#)
            .ok()
            .flatten()
    });
    let bottom = match summary {
        Some(s) => s.get_bounding_client_rect().bottom(),
        None => heading.get_bounding_client_rect().bottom(),
    };
    heading.get_bounding_client_rect().top() >= 0.0 && bottom <= height
}

fn or_dash(v: Option<String>) -> String {
    v.filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "—".into())
}

/// `-12:00`, `+05:30`, `Z`.
fn offset_text(minutes: i16) -> String {
    if minutes == 0 {
        return "UTC".into();
    }
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// What a header fact shows: the value, or, when Zoho's value for it (or a member of it) was not
/// understood, that raw value marked as unreadable.
fn fact(job: &Job, key: &str, shown: Html) -> Html {
    let odd = job
        .unreadable
        .iter()
        .find(|u| u.path == key || u.path.starts_with(&format!("{key}.")));
    match odd {
        Some(u) => html! { <><Unreadable field={u.clone()} />{ " " }{ shown }</> },
        None => shown,
    }
}

/// The header (`data-part="header"`).
#[function_component]
pub fn JobHeader(props: &JobHeaderProps) -> Html {
    let job = &props.job;
    let heading = use_node_ref();
    {
        let focus = use_context::<JobFocus>();
        let heading = heading.clone();
        let id = job.id.clone();
        use_effect_with((focus, id), move |(focus, id)| {
            if let Some(f) = focus
                .as_ref()
                .filter(|f| f.seq != f.done.get() && f.job == *id)
            {
                if focus_heading(&heading) {
                    f.done.set(f.seq);
                }
            }
        });
    }
    let created = match (&job.created_time, job.created_at) {
        (Some(raw), Some(at)) => {
            let ms = u64::try_from(at.epoch_millis).unwrap_or(0);
            html! {
                <>
                    <time datetime={raw.clone()}>{ time_fmt::local_date_time(ms) }</time>
                    { " " }
                    <span class="bw-muted">{ format!("({})", format_ago(ms, props.now_ms)) }</span>
                    <br />
                    <span class="bw-muted bw-small">{ format!(
                        "org time {} {}",
                        clock::format_date_time(ms, i32::from(at.offset_minutes)),
                        offset_text(at.offset_minutes)
                    ) }</span>
                </>
            }
        }
        (Some(raw), None) => html! { { raw.clone() } },
        (None, _) => html! { { "—" } },
    };
    let callback = job.callback.as_ref().map(|c| {
        format!(
            "{} {}",
            c.method.clone().unwrap_or_else(|| "POST".into()),
            c.url.clone().unwrap_or_else(|| "(no URL)".into())
        )
    });
    let ignore_empty = match (job.ignore_empty, job.unreadable_at("ignore_empty")) {
        (_, Some(u)) => html! { <Unreadable field={u.clone()} /> },
        (Some(true), None) => html! { "yes" },
        (Some(false), None) => html! { "no" },
        (None, None) => html! { "not set" },
    };
    let operation = match job.unreadable_at("operation") {
        Some(u) => html! { <Unreadable field={u.clone()} /> },
        None => html! { or_dash(Some(job.operation.as_str().to_string())) },
    };
    let created = fact(job, "created_time", created);
    let created_by = fact(
        job,
        "created_by",
        html! { or_dash(job.created_by.as_ref().and_then(|u| u.name.clone().or_else(|| u.id.clone()))) },
    );
    let encoding = fact(
        job,
        "character_encoding",
        html! { or_dash(job.character_encoding.clone()) },
    );
    let callback = fact(job, "callback", html! { or_dash(callback) });
    html! {
        <header class="bw-header" data-part="header" part="header">
            <div class="bw-header__title">
                <h2 class="bw-h2" tabindex="-1" ref={heading} data-testid="job-heading">
                    { "Job " }<span class="bw-mono" data-testid="job-id">{ job.id.clone() }</span>
                </h2>
                <CopyButton text={job.id.clone()} label="Copy job id" />
                <StatusBadge ..StatusBadgeProps::job(&job.status) />
            </div>
            { props.children.clone() }
            <dl class="bw-facts bw-facts--grid">
                <div><dt>{ "Operation" }</dt><dd data-testid="operation">{ operation }</dd></div>
                <div><dt>{ "Created by" }</dt><dd data-testid="created-by">{ created_by }</dd></div>
                <div><dt>{ "Created" }</dt><dd data-testid="created-time">{ created }</dd></div>
                <div><dt>{ "Encoding" }</dt><dd data-testid="character-encoding">{ encoding }</dd></div>
                <div><dt>{ "Callback" }</dt><dd data-testid="callback">{ callback }</dd></div>
                <div><dt>{ "Ignore empty" }</dt><dd data-testid="ignore-empty">{ ignore_empty }</dd></div>
            </dl>
        </header>
    }
}
