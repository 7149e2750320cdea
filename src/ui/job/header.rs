//! The job's header: status, id (with copy), operation, creator, creation time (the viewer's
//! local time, the org's own, and "12 min ago"), character encoding, callback and
//! `ignore_empty`.

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
                <h2 class="bw-h2">
                    { "Job " }<span class="bw-mono" data-testid="job-id">{ job.id.clone() }</span>
                </h2>
                <CopyButton text={job.id.clone()} label="Copy job id" />
                <StatusBadge ..StatusBadgeProps::job(&job.status) />
            </div>
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
