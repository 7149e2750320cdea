//! The polling line: how many requests were made (≈ API credits spent), what happens next, and
//! "Resume" once the per-job budget is spent.

use yew::prelude::*;

use super::state::NextCheck;
use crate::ui::time_fmt;

/// Props of [`PollBar`].
#[derive(Properties, PartialEq, Clone)]
pub struct PollBarProps {
    pub requests: u32,
    pub next: NextCheck,
    pub on_resume: Callback<()>,
}

/// What the poller is doing, in words.
pub fn next_text(next: NextCheck) -> String {
    match next {
        NextCheck::Nothing => "Not started.".into(),
        NextCheck::InFlight => "Checking…".into(),
        NextCheck::At(ms) => format!("Next check around {}.", time_fmt::local_clock(ms)),
        NextCheck::WhenShown => "Paused while this page is hidden; checks again when shown.".into(),
        NextCheck::NeedsToken => "Waiting for a token.".into(),
        NextCheck::BudgetSpent => "Request budget for this job spent: paused.".into(),
        NextCheck::Stopped => "Not checking any more.".into(),
    }
}

/// The polling line.
#[function_component]
pub fn PollBar(props: &PollBarProps) -> Html {
    let onclick = {
        let resume = props.on_resume.clone();
        Callback::from(move |_: MouseEvent| resume.emit(()))
    };
    html! {
        <div class="bw-pollbar">
            <span>
                <span data-testid="request-count">{ props.requests }</span>
                { if props.requests == 1 { " request made" } else { " requests made" } }
            </span>
            <span class="bw-muted" data-testid="next-check">{ next_text(props.next) }</span>
            if props.next == NextCheck::BudgetSpent {
                <button type="button" class="bw-btn" data-testid="resume" {onclick}>{ "Resume" }</button>
            }
        </div>
    }
}
