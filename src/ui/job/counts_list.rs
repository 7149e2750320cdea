//! Added / updated / skipped / total as a definition list; each number's text is the bare
//! number (`count-added`…), which tests read. Beside the job's counts, [`CountsNotes`] says what
//! the total includes and leaves out (wording from the core).

use std::rc::Rc;

use yew::prelude::*;

use bulkwatch_core::counts_words::counts_notes;
use bulkwatch_core::model::{Counts, JobStatus};
use bulkwatch_core::snapshot::NoteLine;

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

/// Props of [`CountsNotes`].
#[derive(Properties, PartialEq, Clone)]
pub struct CountsNotesProps {
    pub status: JobStatus,
    pub counts: Counts,
    /// What the result explorer found comparing the file with these counts (`reconcile` notes:
    /// `Unprocessed` rows, a row count that differs), once it has read the file.
    #[prop_or_default]
    pub file_notes: Rc<Vec<NoteLine>>,
}

/// Beside the counts: what the total includes, what it leaves out (`Unprocessed` rows), a total
/// that is not the sum of the three, and what the result file showed (`counts-notes`, one `li`
/// per note with its `data-kind`).
#[function_component]
pub fn CountsNotes(props: &CountsNotesProps) -> Html {
    let notes = counts_notes(&props.status, &props.counts);
    let from_file = props.file_notes.iter().filter(|n| n.kind == "reconcile");
    html! {
        <ul class="bw-counts__notes bw-small" data-testid="counts-notes" aria-label="What the counts include">
            { for notes.iter().map(|n| html! { <li data-kind={n.kind}>{ n.text.clone() }</li> }) }
            { for from_file.map(|n| html! { <li data-kind="result-file">{ format!("Result file: {}.", n.text.trim_end_matches('.')) }</li> }) }
        </ul>
    }
}
