//! The job's header: status, id (with copy), operation, creator, creation time (local and
//! relative), character encoding, callback and `ignore_empty`.

use yew::prelude::*;

use super::status_badge::{StatusBadge, StatusBadgeProps};
use crate::ui::copy_button::CopyButton;
use crate::ui::pending::model::Job;
use crate::ui::pending::timeline::parse_rfc3339_ms;
use crate::ui::time_fmt;

/// Props of [`JobHeader`].
#[derive(Properties, PartialEq, Clone)]
pub struct JobHeaderProps {
    pub job: std::rc::Rc<Job>,
    /// "Now" for relative times (the latest check, so renders stay pure).
    pub now_ms: f64,
}

fn or_dash(v: Option<String>) -> String {
    v.filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into())
}

/// The header (`data-part="header"`).
#[function_component]
pub fn JobHeader(props: &JobHeaderProps) -> Html {
    let job = &props.job;
    let created = match (
        &job.created_time,
        job.created_time.as_deref().and_then(parse_rfc3339_ms),
    ) {
        (Some(raw), Some(ms)) => html! {
            <>
                <time datetime={raw.clone()}>{ time_fmt::local_date_time(ms) }</time>
                { " " }<span class="bw-muted">{ format!("({})", time_fmt::relative(props.now_ms, ms)) }</span>
            </>
        },
        (Some(raw), None) => html! { { raw.clone() } },
        (None, _) => html! { { "—" } },
    };
    let callback = job.callback.as_ref().map(|c| {
        format!(
            "{} {}",
            c.method.clone().unwrap_or_else(|| "POST".into()),
            c.url
        )
    });
    let ignore_empty = match job.ignore_empty {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not set",
    };
    html! {
        <header class="bw-header" data-part="header">
            <div class="bw-header__title">
                <h2 class="bw-h2">
                    { "Job " }<span class="bw-mono" data-testid="job-id">{ job.id.clone() }</span>
                </h2>
                <CopyButton text={job.id.clone()} label="Copy job id" />
                <StatusBadge ..StatusBadgeProps::job(&job.status) />
            </div>
            <dl class="bw-facts bw-facts--grid">
                <div><dt>{ "Operation" }</dt><dd data-testid="operation">{ or_dash(Some(job.operation.clone())) }</dd></div>
                <div><dt>{ "Created by" }</dt><dd data-testid="created-by">
                    { or_dash(job.created_by.as_ref().map(|u| u.name.clone())) }
                </dd></div>
                <div><dt>{ "Created" }</dt><dd data-testid="created-time">{ created }</dd></div>
                <div><dt>{ "Encoding" }</dt><dd data-testid="character-encoding">{ or_dash(job.character_encoding.clone()) }</dd></div>
                <div><dt>{ "Callback" }</dt><dd data-testid="callback">{ or_dash(callback) }</dd></div>
                <div><dt>{ "Ignore empty" }</dt><dd data-testid="ignore-empty">{ ignore_empty }</dd></div>
            </dl>
        </header>
    }
}
