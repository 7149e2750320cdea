//! The table's filters: file (when the result has several), status, error code, error column
//! and free text (`filter-status`, `filter-code`, `filter-column`, `filter-text`), and a button
//! clearing them.

use bulkwatch_core::result::{ErrorCode, RowStatus};
use yew::prelude::*;

use super::table_state::{TableAction, TableState};

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq, Clone)]
pub struct ToolbarProps {
    pub table: TableState,
    /// Result file names, in zip order.
    pub files: Vec<String>,
    /// Statuses present, in display order.
    pub statuses: Vec<RowStatus>,
    /// Codes present.
    pub codes: Vec<ErrorCode>,
    /// Error columns present.
    pub columns: Vec<String>,
    pub on_action: Callback<TableAction>,
}

fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<web_sys::HtmlSelectElement>()
        .value()
}

/// The filter bar.
#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let act = props.on_action.clone();
    let filter = &props.table.filter;
    let on_file = {
        let act = act.clone();
        Callback::from(move |e: Event| {
            act.emit(TableAction::File(select_value(&e).parse::<usize>().ok()))
        })
    };
    let on_status = {
        let act = act.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            act.emit(TableAction::Status(
                (!v.is_empty()).then(|| RowStatus::parse(&v)),
            ))
        })
    };
    let on_code = {
        let act = act.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            act.emit(TableAction::Code(
                (!v.is_empty()).then(|| ErrorCode::parse(&v)),
            ))
        })
    };
    let on_column = {
        let act = act.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            act.emit(TableAction::Column((!v.is_empty()).then_some(v)))
        })
    };
    let on_text = {
        let act = act.clone();
        Callback::from(move |e: InputEvent| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            act.emit(TableAction::Text(input.value()))
        })
    };
    let on_clear = {
        let act = act.clone();
        Callback::from(move |_: MouseEvent| act.emit(TableAction::Clear))
    };
    let status = props.table.status().map(|s| s.token().to_string());
    let code = filter.code.as_ref().map(|c| c.as_str().to_string());
    html! {
        <div class="bw-x-toolbar" role="search" aria-label="Filter rows">
            if props.files.len() > 1 {
                <label class="bw-x-field">
                    <span>{ "File" }</span>
                    <select data-testid="filter-file" onchange={on_file}>
                        <option value="" selected={filter.file.is_none()}>{ format!("All {} files", props.files.len()) }</option>
                        { for props.files.iter().enumerate().map(|(i, name)| html! {
                            <option value={i.to_string()} selected={filter.file == Some(i)}>{ name.clone() }</option>
                        }) }
                    </select>
                </label>
            }
            <label class="bw-x-field">
                <span>{ "Status" }</span>
                <select data-testid="filter-status" onchange={on_status}>
                    <option value="" selected={status.is_none()}>{ "Any status" }</option>
                    { for props.statuses.iter().map(|s| html! {
                        <option value={s.token().to_string()} selected={status.as_deref() == Some(s.token())}>{ s.label() }</option>
                    }) }
                </select>
            </label>
            <label class="bw-x-field">
                <span>{ "Error code" }</span>
                <select data-testid="filter-code" onchange={on_code}>
                    <option value="" selected={code.is_none()}>{ "Any code" }</option>
                    { for props.codes.iter().map(|c| html! {
                        <option value={c.as_str().to_string()} selected={code.as_deref() == Some(c.as_str())}>{ c.as_str() }</option>
                    }) }
                </select>
            </label>
            <label class="bw-x-field">
                <span>{ "Error column" }</span>
                <select data-testid="filter-column" onchange={on_column}>
                    <option value="" selected={filter.column.is_none()}>{ "Any column" }</option>
                    { for props.columns.iter().map(|c| html! {
                        <option value={c.clone()} selected={filter.column.as_deref().is_some_and(|f| f.eq_ignore_ascii_case(c))}>{ c.clone() }</option>
                    }) }
                </select>
            </label>
            <label class="bw-x-field bw-x-field--grow">
                <span>{ "Text" }</span>
                <input type="search" data-testid="filter-text" value={filter.text.clone()}
                    placeholder="Any field contains…" autocomplete="off" spellcheck="false" oninput={on_text} />
            </label>
            <button type="button" class="bw-btn" data-testid="filter-clear"
                disabled={!props.table.is_filtered() || (filter.file.is_some() && filter.statuses.is_empty() && filter.code.is_none() && filter.column.is_none() && filter.text.is_empty())}
                onclick={on_clear}>{ "Clear filters" }</button>
        </div>
    }
}
