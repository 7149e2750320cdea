//! One row of the result table (`result-row`): its cells in the table's columns, the status as a
//! badge and the errors as code chips with their columns. Each cell with a value carries it in
//! full in its `title` (the cell itself is one ellipsised line).

use std::rc::Rc;

use bulkwatch_core::result::RowId;
use yew::prelude::*;

use super::columns::{cell_text, status_class, Column};
use super::shared::Shared;
use super::state::Loaded;

/// Props of [`GridRow`].
#[derive(Properties, PartialEq, Clone)]
pub struct GridRowProps {
    pub data: Shared<Loaded>,
    pub row: RowId,
    /// Position in the (filtered, sorted) table.
    pub index: usize,
    pub columns: Rc<Vec<Column>>,
    pub active: bool,
    /// The element id (for `aria-activedescendant`).
    pub id: AttrValue,
    pub on_pick: Callback<usize>,
}

/// A table row.
#[function_component]
pub fn GridRow(props: &GridRowProps) -> Html {
    let Some(view) = props.data.set.row(props.row) else {
        return html! {};
    };
    let onclick = {
        let pick = props.on_pick.clone();
        let index = props.index;
        Callback::from(move |_: MouseEvent| pick.emit(index))
    };
    let cells = props.columns.iter().map(|column| {
        let class = classes!("bw-x-c", format!("bw-x-c--{}", column.class()));
        match column {
            Column::Status => {
                let status = view.status();
                html! {
                    <div role="gridcell" {class} title={status.label().to_string()}>
                        <span class={classes!("bw-x-badge", format!("bw-x-badge--{}", status_class(status)))}
                            data-status={status.token().to_string()}>{ status.label() }</span>
                    </div>
                }
            }
            Column::Errors => {
                let raw = view.errors_raw();
                html! {
                    <div role="gridcell" {class} title={(!raw.is_empty()).then(|| raw.to_string())}>
                        { for view.errors().into_iter().map(|e| html! {
                            <span class="bw-x-err">
                                <code class="bw-x-chip" data-known={e.code.is_known().to_string()}>{ e.code.as_str().to_string() }</code>
                                if !e.columns.is_empty() { <span class="bw-x-err__cols">{ e.columns.join(", ") }</span> }
                            </span>
                        }) }
                    </div>
                }
            }
            other => {
                // One line per cell: a long value is ellipsised; its title carries it in full.
                let text = cell_text(other, &view);
                let title = (!text.is_empty()).then(|| text.clone());
                html! { <div role="gridcell" {class} {title}>{ text }</div> }
            }
        }
    });
    html! {
        <div role="row" id={props.id.clone()} class={classes!("bw-x-row", props.active.then_some("bw-x-row--active"))}
            data-testid="result-row" data-row={props.row.0.to_string()}
            aria-rowindex={(props.index + 2).to_string()} aria-selected={props.active.to_string()}
            {onclick}>
            { for cells }
        </div>
    }
}
