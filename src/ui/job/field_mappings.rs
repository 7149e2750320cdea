//! A resource's field mappings as a table: one row per mapping (`field-mapping`).

use yew::prelude::*;

use super::unreadable_note::Unreadable;
use bulkwatch_core::model::{FieldMapping, UnreadableField};
use bulkwatch_core::wire::unreadable_under;

/// Props of [`FieldMappings`].
#[derive(Properties, PartialEq, Clone)]
pub struct FieldMappingsProps {
    pub mappings: Vec<FieldMapping>,
    /// Show the `parent_column_index` column (a child resource of a parent/child job).
    #[prop_or_default]
    pub with_parent_column: bool,
    /// Whose mappings these are ("Leads", "Quoted_Items (child 2)"): names the scrollable region.
    #[prop_or_default]
    pub owner: AttrValue,
    /// The resource's fields that were not understood, paths relative to the resource
    /// (`field_mappings[1].format`): each shows in its own cell.
    #[prop_or_default]
    pub unreadable: Vec<UnreadableField>,
}

fn opt(value: Option<String>) -> Html {
    match value {
        Some(v) => html! { { v } },
        None => html! {
            <span class="bw-muted"><span aria-hidden="true">{ "—" }</span><span class="bw-sr-only">{ "not set" }</span></span>
        },
    }
}

/// The field-mappings table (or a note when the job has none).
#[function_component]
pub fn FieldMappings(props: &FieldMappingsProps) -> Html {
    if props.mappings.is_empty() {
        return html! { <p class="bw-muted">{ "No field mappings (columns matched by header)." }</p> };
    }
    let lookup = props.mappings.iter().any(|m| m.module.is_some());
    let parent = props.with_parent_column
        || props
            .mappings
            .iter()
            .any(|m| m.parent_column_index.is_some());
    html! {
        <div class="bw-table-wrap" tabindex="0" role="region" aria-label={format!("Field mappings of {}", props.owner)}>
            <table class="bw-table">
                <caption class="bw-sr-only">{ format!("Field mappings of {}", props.owner) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Field (api_name)" }</th>
                        <th scope="col">{ "Column" }</th>
                        <th scope="col">{ "Find by" }</th>
                        <th scope="col">{ "Format" }</th>
                        <th scope="col">{ "Default" }</th>
                        if lookup { <th scope="col">{ "Lookup module" }</th> }
                        if parent { <th scope="col">{ "Parent column" }</th> }
                    </tr>
                </thead>
                <tbody>
                    { for props.mappings.iter().enumerate().map(|(j, m)| {
                        let odd = unreadable_under(&props.unreadable, &format!("field_mappings[{j}]"));
                        let cell = |key: &str, shown: Html| match odd.iter().find(|u| u.path == key) {
                            Some(u) => html! { <Unreadable field={u.clone()} /> },
                            None => shown,
                        };
                        html! {
                            <tr data-testid="field-mapping">
                                <th scope="row">{ cell("api_name", html! { <code data-testid="field-mapping-api-name">{ m.api_name.clone() }</code> }) }</th>
                                <td>{ cell("index", opt(m.index.map(|i| i.to_string()))) }</td>
                                <td>{ cell("find_by", opt(m.find_by.clone())) }</td>
                                <td>{ cell("format", opt(m.format.clone())) }</td>
                                <td>{ opt(m.default_value_text()) }</td>
                                if lookup { <td>{ cell("module", opt(m.module.clone())) }</td> }
                                if parent { <td>{ cell("parent_column_index", opt(m.parent_column_index.map(|i| i.to_string()))) }</td> }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
