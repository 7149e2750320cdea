//! Errors grouped by code, then by column ("MANDATORY_NOT_FOUND × Company: 312 rows"), each code
//! with its plain-language fix hint and each column with its field mapping. Picking a group
//! filters the table to exactly its rows. Test hook: `error-group` with `data-code`,
//! `data-column` (empty when the error names none) and the bare row count as text.

use std::rc::Rc;

use bulkwatch_core::result::{CodeTotal, ErrorCode, ErrorGroup};
use bulkwatch_core::Job;
use yew::prelude::*;

use super::columns::{find_mapping, group_digits};
use super::mapping_link::MappingLink;

/// Props of [`ErrorGroups`].
#[derive(Properties, PartialEq, Clone)]
pub struct ErrorGroupsProps {
    pub groups: Vec<ErrorGroup>,
    /// Rows per code (a row counts once however many columns it names).
    pub codes: Vec<CodeTotal>,
    /// For the field mappings.
    pub job: Rc<Job>,
    /// The module of the file in view, to pick the right mapping.
    #[prop_or_default]
    pub module: Option<String>,
    /// The group filtered on.
    #[prop_or_default]
    pub active: Option<(ErrorCode, Option<String>)>,
    pub on_pick: Callback<Option<(ErrorCode, Option<String>)>>,
}

/// The error summary.
#[function_component]
pub fn ErrorGroups(props: &ErrorGroupsProps) -> Html {
    if props.codes.is_empty() {
        return html! {
            <section class="bw-x-groups" aria-label="Errors">
                <h4 class="bw-h4">{ "Errors" }</h4>
                <p class="bw-muted" data-testid="no-errors">{ "No row carries an error." }</p>
            </section>
        };
    }
    html! {
        <section class="bw-x-groups" aria-label="Errors by code and column">
            <h4 class="bw-h4">{ "Errors by code and column" }</h4>
            { for props.codes.iter().map(|total| {
                let groups: Vec<&ErrorGroup> = props.groups.iter().filter(|g| g.code == total.code).collect();
                html! {
                    <div class="bw-x-code" data-code={total.code.as_str().to_string()}>
                        <p class="bw-x-code__head">
                            <code class="bw-x-chip" data-known={total.code.is_known().to_string()}>{ total.code.as_str() }</code>
                            { " " }
                            <span data-testid="code-total" data-code={total.code.as_str().to_string()}
                                aria-label={group_digits(total.rows.into())}>{ total.rows }</span>
                            { if total.rows == 1 { " row" } else { " rows" } }
                        </p>
                        <p class="bw-x-hint">{ total.code.fix_hint() }</p>
                        <ul class="bw-x-group-list">
                            { for groups.into_iter().map(|g| group_item(props, g)) }
                        </ul>
                    </div>
                }
            }) }
        </section>
    }
}

fn group_item(props: &ErrorGroupsProps, g: &ErrorGroup) -> Html {
    let key = (g.code.clone(), g.column.clone());
    let pressed = props.active.as_ref() == Some(&key);
    let onclick = {
        let pick = props.on_pick.clone();
        let chosen = (!pressed).then_some(key);
        Callback::from(move |_: MouseEvent| pick.emit(chosen.clone()))
    };
    let column = g.column.clone().unwrap_or_default();
    let mapping = g
        .column
        .as_deref()
        .and_then(|c| find_mapping(&props.job, c, props.module.as_deref()));
    html! {
        <li class="bw-x-group">
            // The name starts with what is hidden and ends with what is seen ("label in name").
            <button type="button" class="bw-x-group__pick" aria-pressed={pressed.to_string()} {onclick}>
                <span class="bw-sr-only">{ format!("Show the rows with {} in ", g.code.as_str()) }</span>
                <span class="bw-x-group__col">{
                    if column.is_empty() { "(no column named)".to_string() } else { column.clone() }
                }</span>
                { ": " }
                <span data-testid="error-group" data-code={g.code.as_str().to_string()}
                    data-column={column}>{ g.rows }</span>
                { if g.rows == 1 { " row" } else { " rows" } }
            </button>
            { " " }
            if g.column.is_some() { <MappingLink {mapping} /> }
        </li>
    }
}
