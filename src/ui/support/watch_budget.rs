//! The watch list's shared budget: how many requests a minute the whole list may spend, what that
//! costs an hour in API credits, and how often each running job is checked as a result. Finished
//! jobs are not checked at all, so they take no share.

use bulkwatch_core::poll::budget::{credits_per_hour, row_gap_ms};
use yew::prelude::*;

/// Props of [`WatchBudget`].
#[derive(Properties, PartialEq, Clone)]
pub struct WatchBudgetProps {
    pub per_minute: u32,
    /// Rows still running (or not yet seen): the ones that share the budget.
    pub running: usize,
    /// API credits the list's rows have spent so far this session.
    #[prop_or_default]
    pub credits: u32,
    pub on_change: Callback<u32>,
}

/// What the budget costs and buys, in words.
pub fn budget_text(per_minute: u32, running: usize) -> String {
    let per_minute = per_minute.max(1);
    let cost =
        format!(
        "At most {per_minute} {} a minute for the whole list (≈ {} API credits an hour at most).",
        if per_minute == 1 { "request" } else { "requests" },
        credits_per_hour(per_minute)
    );
    match running {
        0 => format!("{cost} No job is running: nothing is being checked."),
        n => {
            let gap_s = row_gap_ms(n, per_minute).div_ceil(1000);
            format!(
                "{cost} Shared by {n} running {}: each is checked about every {gap_s} s on average, more often when it is near its end; finished jobs cost nothing.",
                if n == 1 { "job" } else { "jobs" }
            )
        }
    }
}

/// The budget control and what it means.
#[function_component]
pub fn WatchBudget(props: &WatchBudgetProps) -> Html {
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            // An empty or unreadable value keeps the budget as it was (the field shows it again).
            if let Ok(n) = input.value().trim().parse::<u32>() {
                on_change.emit(n.clamp(1, 600));
            }
        })
    };
    html! {
        <div class="bw-watch__budget">
            <label class="bw-field bw-field--inline">
                <span class="bw-small">{ "Requests a minute for the whole list" }</span>
                <input type="number" min="1" max="600" step="1" inputmode="numeric"
                    data-testid="watch-budget" value={props.per_minute.to_string()} {onchange} />
            </label>
            <p class="bw-muted bw-small" data-testid="watch-budget-cost">
                { budget_text(props.per_minute, props.running) }
            </p>
            <p class="bw-muted bw-small">
                { "Spent so far by this list: " }
                <span data-testid="watch-credits-total">{ props.credits }</span>
                { if props.credits == 1 { " API credit" } else { " API credits" } }
            </p>
        </div>
    }
}
