//! What the explorer says about the result file beyond its rows (`result-notes`, one `li` per
//! note with `data-kind` = `reconcile` | `encoding` | `skipped-entry` | `missing-column` |
//! `bare-csv` | `ragged-rows`): how the file disagrees with the job's counts, the encoding it was
//! read in, entries passed over, Zoho columns missing or spelled differently. Shown beside the
//! counts, so two totals that differ always come with the reason.

use bulkwatch_core::result::ResultSet;
use bulkwatch_core::snapshot::{note_lines, NoteLine};
use bulkwatch_core::Job;
use yew::prelude::*;

/// The notes of a result read for `job`: reconciliation with the job's counts first.
pub fn notes_for(set: &ResultSet, job: &Job) -> Vec<NoteLine> {
    note_lines(&set.reconcile(&job.counts()), set.warnings())
}

/// Props of [`ResultNotes`].
#[derive(Properties, PartialEq, Clone)]
pub struct ResultNotesProps {
    pub notes: Vec<NoteLine>,
}

/// The list of notes; nothing when there are none.
#[function_component]
pub fn ResultNotes(props: &ResultNotesProps) -> Html {
    if props.notes.is_empty() {
        return html! {};
    }
    html! {
        <ul class="bw-warn bw-x-warnings" data-testid="result-notes" aria-label="Notes on the result file">
            { for props.notes.iter().map(|n| html! {
                <li data-kind={n.kind.clone()}>{ n.text.clone() }</li>
            }) }
        </ul>
    }
}
