//! One resource of a job (the parent or a child): module, status, code, file, counts, mappings.

use yew::prelude::*;

use super::counts_list::CountsList;
use super::field_mappings::FieldMappings;
use super::status_badge::{StatusBadge, StatusBadgeProps};
use super::unreadable_note::Unreadable;
use bulkwatch_core::model::{Resource, UnreadableField};

/// Props of [`ResourcePanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct ResourcePanelProps {
    pub resource: Resource,
    /// Position in `resource[]`; with several resources the first is the parent.
    pub position: usize,
    /// How many resources the job has.
    pub of: usize,
    /// This resource's fields that were not understood, paths relative to it (`code`,
    /// `field_mappings[1].format`).
    #[prop_or_default]
    pub unreadable: Vec<UnreadableField>,
}

/// A resource panel (`data-testid="resource"`).
#[function_component]
pub fn ResourcePanel(props: &ResourcePanelProps) -> Html {
    let r = &props.resource;
    let role = match (props.of, props.position) {
        (1, _) => None,
        (_, 0) => Some("Parent"),
        _ => Some("Child"),
    };
    let file_name = r.file.as_ref().and_then(|f| f.name.clone());
    let file_module = r.file.as_ref().and_then(|f| f.module.clone());
    let odd = |key: &str| -> Option<Html> {
        props
            .unreadable
            .iter()
            .find(|u| u.path == key)
            .map(|u| html! { <Unreadable field={u.clone()} /> })
    };
    let owner = match role {
        Some(role) => format!(
            "{} ({}, resource {})",
            r.module_name(),
            role.to_lowercase(),
            props.position + 1
        ),
        None => r.module_name().to_string(),
    };
    html! {
        <section class="bw-resource" data-testid="resource" data-part="resource" part="resource">
            <header class="bw-resource__head">
                <h3 class="bw-resource__title">
                    if let Some(role) = role { <span class="bw-resource__role">{ role }{ " · " }</span> }
                    <span data-testid="resource-module">{
                        odd("module").unwrap_or_else(|| html! {
                            { if r.module_name().is_empty() { "(module not named)".to_string() } else { r.module_name().to_string() } }
                        })
                    }</span>
                </h3>
                <StatusBadge ..StatusBadgeProps::resource(&r.status) />
            </header>
            <dl class="bw-facts">
                <div><dt>{ "Code" }</dt><dd data-testid="resource-code">
                    { odd("code").unwrap_or_else(|| html! { r.code.clone().unwrap_or_else(|| "—".into()) }) }
                </dd></div>
                <div><dt>{ "File" }</dt><dd data-testid="resource-file">
                    { odd("file.name").unwrap_or_else(|| html! { file_name.unwrap_or_else(|| "not named yet".into()) }) }
                </dd></div>
                if let Some(mark) = odd("file.module") {
                    <div><dt>{ "File module" }</dt><dd data-testid="resource-file-module">{ mark }</dd></div>
                } else if let Some(m) = file_module.filter(|m| m != r.module_name()) {
                    // Zoho's reference documents `file.module`; shown when it says something new.
                    <div><dt>{ "File module" }</dt><dd data-testid="resource-file-module">{ m }</dd></div>
                }
                if let Some(mark) = odd("file_names") {
                    <div><dt>{ "Reads" }</dt><dd>{ mark }</dd></div>
                } else if !r.file_names.is_empty() {
                    <div><dt>{ "Reads" }</dt><dd>{ r.file_names.join(", ") }</dd></div>
                }
                if let Some(mark) = odd("find_by") {
                    <div><dt>{ "Find by" }</dt><dd>{ mark }</dd></div>
                } else if let Some(find_by) = &r.find_by {
                    <div><dt>{ "Find by" }</dt><dd><code>{ find_by.clone() }</code></dd></div>
                }
                if let Some(mark) = odd("ignore_empty") {
                    <div><dt>{ "Ignore empty" }</dt><dd>{ mark }</dd></div>
                } else if let Some(ignore) = r.ignore_empty {
                    <div><dt>{ "Ignore empty" }</dt><dd>{ if ignore { "yes" } else { "no" } }</dd></div>
                }
            </dl>
            if let Some(file) = &r.file {
                <CountsList counts={file.counts} />
            } else {
                <p class="bw-muted">{ "No counts yet." }</p>
            }
            // Many resources: mappings start folded so the page stays readable.
            <details class="bw-resource__mappings" open={props.of <= 2}>
                <summary class="bw-resource__sub">{ format!("Field mappings ({})", r.field_mappings.len()) }</summary>
                <FieldMappings mappings={r.field_mappings.clone()} with_parent_column={props.position > 0}
                    owner={owner} unreadable={props.unreadable.clone()} />
            </details>
        </section>
    }
}
