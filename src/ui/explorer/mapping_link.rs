//! Links an error's column to its field mapping: says which column of the uploaded file the
//! field was mapped from, and scrolls to (and briefly marks) that mapping's row in the job's
//! resource panel (`field-mapping`).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::columns::MappingRef;

/// How long the mapping row stays marked after a jump to it.
const MARK_MS: u32 = 2_500;

/// Props of [`MappingLink`].
#[derive(Properties, PartialEq, Clone)]
pub struct MappingLinkProps {
    /// The mapping naming the column, if the job has one.
    pub mapping: Option<MappingRef>,
}

/// The mapping row of `mapping` in the job view around `from`.
fn mapping_row(from: &web_sys::Element, mapping: &MappingRef) -> Option<web_sys::Element> {
    let job = from.closest(".bw-job").ok().flatten()?;
    let resources = job.query_selector_all("[data-testid=\"resource\"]").ok()?;
    let resource: web_sys::Element = resources.item(mapping.resource as u32)?.dyn_into().ok()?;
    let rows = resource
        .query_selector_all("[data-testid=\"field-mapping\"]")
        .ok()?;
    (0..rows.length())
        .filter_map(|i| rows.item(i)?.dyn_into::<web_sys::Element>().ok())
        .find(|row| {
            row.query_selector("[data-testid=\"field-mapping-api-name\"]")
                .ok()
                .flatten()
                .and_then(|c| c.text_content())
                .is_some_and(|t| t.trim() == mapping.api_name.trim())
        })
}

/// "column index 2 · Show mapping", or a note that no mapping names the column.
#[function_component]
pub fn MappingLink(props: &MappingLinkProps) -> Html {
    let anchor = use_node_ref();
    let unmark: Rc<RefCell<Option<gloo_timers::callback::Timeout>>> = use_mut_ref(|| None);
    let Some(mapping) = props.mapping.clone() else {
        return html! { <span class="bw-x-map bw-muted">{ "no field mapping names it" }</span> };
    };
    let onclick = {
        let anchor = anchor.clone();
        let mapping = mapping.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(from) = anchor.cast::<web_sys::Element>() else {
                return;
            };
            let Some(row) = mapping_row(&from, &mapping) else {
                return;
            };
            // Many resources fold their mappings away: unfold this one's.
            if let Ok(Some(details)) = row.closest("details") {
                let _ = details.set_attribute("open", "");
            }
            row.scroll_into_view();
            let _ = row.set_attribute("data-bw-mark", "");
            let row = row.clone();
            // Replacing the timer clears the previous one; unmount drops it.
            *unmark.borrow_mut() = Some(gloo_timers::callback::Timeout::new(MARK_MS, move || {
                let _ = row.remove_attribute("data-bw-mark");
            }));
        })
    };
    let place = match mapping.index {
        Some(i) => format!("column index {i}"),
        None => "no column index".to_string(),
    };
    html! {
        <span class="bw-x-map" ref={anchor}>
            <span class="bw-muted">{ format!("mapped from {place} of {}", if mapping.module.is_empty() { "the upload" } else { mapping.module.as_str() }) }</span>
            { " " }
            <button type="button" class="bw-linkish" data-testid="error-group-mapping" {onclick}>
                { "Show mapping" }<span class="bw-sr-only">{ format!(" of {}", mapping.api_name) }</span>
            </button>
        </span>
    }
}
