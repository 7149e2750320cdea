//! Added / updated / skipped / total as a definition list; each number's text is the bare
//! number (`count-added`…), which tests read.

use yew::prelude::*;

use bulkwatch_core::model::Counts;

/// Props of [`CountsList`].
#[derive(Properties, PartialEq, Clone)]
pub struct CountsListProps {
    pub counts: Counts,
}

/// The four counts.
#[function_component]
pub fn CountsList(props: &CountsListProps) -> Html {
    let c = props.counts;
    let item = |label: &'static str, testid: &'static str, value: u64| {
        html! {
            <div class="bw-count">
                <dt>{ label }</dt>
                <dd data-testid={testid}>{ value }</dd>
            </div>
        }
    };
    html! {
        <dl class="bw-counts__list">
            { item("Added", "count-added", c.added) }
            { item("Updated", "count-updated", c.updated) }
            { item("Skipped", "count-skipped", c.skipped) }
            { item("Total", "count-total", c.total) }
        </dl>
    }
}
