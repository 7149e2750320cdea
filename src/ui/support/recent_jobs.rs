//! Recent jobs: the last jobs opened, each with the last status seen (its final one once ended).

use bulkwatch_core::watchlist::{RecentJobs, WatchEntry};
use yew::prelude::*;

/// Props of [`RecentJobsList`].
#[derive(Properties, PartialEq, Clone)]
pub struct RecentJobsProps {
    pub recent: RecentJobs,
    pub on_open: Callback<WatchEntry>,
}

/// The recent-jobs list.
#[function_component]
pub fn RecentJobsList(props: &RecentJobsProps) -> Html {
    if props.recent.jobs.is_empty() {
        return html! {};
    }
    html! {
        <section class="bw-recent" aria-labelledby="bw-recent-title">
            <h2 id="bw-recent-title">{ "Recent jobs" }</h2>
            <ul>
                { for props.recent.jobs.iter().map(|j| {
                    let entry = j.entry.clone();
                    let on_open = props.on_open.reform(move |_: MouseEvent| entry.clone());
                    let status = j.status.clone().unwrap_or_else(|| "unknown".into());
                    html! {
                        <li data-testid="recent-job" data-job-id={j.entry.job.clone()} data-status={status.clone()}>
                            <button type="button" class="bw-link" onclick={on_open}>{ j.entry.job.clone() }</button>
                            <span class="bw-muted">{ format!(" {} · {} · {}", j.entry.origin, j.entry.version, status.replace('_', " ")) }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
