//! Rows by status, each a toggle that filters the table (`status-total`, with `data-status`
//! and the bare count as text).

use bulkwatch_core::result::{RowStatus, StatusTotal};
use yew::prelude::*;

use super::columns::{group_digits, status_class};

/// Props of [`StatusTotals`].
#[derive(Properties, PartialEq, Clone)]
pub struct StatusTotalsProps {
    pub totals: Vec<StatusTotal>,
    /// The status filtered on.
    #[prop_or_default]
    pub active: Option<RowStatus>,
    /// A status picked (`None`: the active one again, to clear).
    pub on_pick: Callback<Option<RowStatus>>,
}

/// The status totals.
#[function_component]
pub fn StatusTotals(props: &StatusTotalsProps) -> Html {
    let all: u64 = props.totals.iter().map(|t| u64::from(t.rows)).sum();
    html! {
        <ul class="bw-x-totals" aria-label="Rows by status">
            { for props.totals.iter().map(|t| {
                let pressed = props.active.as_ref() == Some(&t.status);
                let onclick = {
                    let pick = props.on_pick.clone();
                    let status = (!pressed).then(|| t.status.clone());
                    Callback::from(move |_: MouseEvent| pick.emit(status.clone()))
                };
                let share = (u64::from(t.rows) * 100).checked_div(all).unwrap_or(0);
                html! {
                    <li>
                        <button type="button" class={classes!("bw-x-total", format!("bw-x-total--{}", status_class(&t.status)))}
                            aria-pressed={pressed.to_string()}
                            title={format!("{} rows: {}% — show only these", t.status.label(), share)}
                            disabled={t.rows == 0} {onclick}>
                            <span class="bw-x-total__label">{ t.status.label() }</span>
                            <span class="bw-x-total__count" data-testid="status-total"
                                data-status={t.status.token().to_string()}
                                aria-label={group_digits(t.rows.into())}>{ t.rows }</span>
                        </button>
                    </li>
                }
            }) }
        </ul>
    }
}
