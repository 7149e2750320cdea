//! The active row in full (`row-detail`): where it is, its status, record id, each error with
//! its fix hint, every field of the result, and — once the user's original file is paired — the
//! whole original record beside it.

use bulkwatch_core::result::RowId;
use yew::prelude::*;

use super::columns::status_class;
use super::hooks::use_original::Joined;
use super::shared::Shared;
use super::state::Loaded;

/// Props of [`RowDetail`].
#[derive(Properties, PartialEq, Clone)]
pub struct RowDetailProps {
    pub data: Shared<Loaded>,
    pub row: Option<RowId>,
    #[prop_or_default]
    pub joined: Option<Shared<Joined>>,
}

fn pairs<'a>(names: impl Iterator<Item = &'a str>, values: impl Fn(usize) -> &'a str) -> Html {
    html! {
        <dl class="bw-x-fields">
            { for names.enumerate().map(|(i, name)| html! {
                <div><dt>{ name.to_string() }</dt><dd>{ values(i).to_string() }</dd></div>
            }) }
        </dl>
    }
}

/// The detail pane.
#[function_component]
pub fn RowDetail(props: &RowDetailProps) -> Html {
    let Some(view) = props.row.and_then(|r| props.data.set.row(r)) else {
        return html! {
            <section class="bw-x-detail" aria-label="Row detail">
                <p class="bw-muted">{ "Pick a row (click, or focus the table and use the arrow keys) to see it in full here." }</p>
            </section>
        };
    };
    let file = view.file();
    let status = view.status();
    let errors = view.errors();
    let fields = view.fields();
    let original = props.joined.as_ref().and_then(|j| {
        let (_, join) = j.join_for(view.file_index())?;
        let record = join.original_row(&props.data.set, &j.originals, view.id());
        let original_file = j.originals.files().get(join.original_file)?;
        Some((
            original_file.name().to_string(),
            original_file.table().header().to_vec(),
            record.map(|r| r.iter().map(str::to_string).collect::<Vec<_>>()),
        ))
    });
    html! {
        <section class="bw-x-detail" aria-label="Row detail" data-testid="row-detail" data-row={view.id().0.to_string()}>
            <h4 class="bw-h4">
                { format!("Row {} of {} (line {} of the file)", view.index_in_file() + 1, file.name(), view.index_in_file() + 2) }
            </h4>
            <p>
                <span class={classes!("bw-x-badge", format!("bw-x-badge--{}", status_class(status)))}>{ status.label() }</span>
                if !view.record_id().is_empty() {
                    { " Record ID " }<code>{ view.record_id() }</code>
                }
            </p>
            if view.is_ragged() {
                <p class="bw-warn">{ format!("This row has {} fields; the header has {}.", fields.len(), file.header().len()) }</p>
            }
            if !errors.is_empty() {
                <ul class="bw-x-detail__errors">
                    { for errors.iter().map(|e| html! {
                        <li>
                            <code class="bw-x-chip" data-known={e.code.is_known().to_string()}>{ e.code.as_str().to_string() }</code>
                            if !e.columns.is_empty() { { format!(" in {}", e.columns.join(", ")) } }
                            <p class="bw-x-hint">{ e.code.fix_hint() }</p>
                        </li>
                    }) }
                </ul>
            }
            <div class="bw-x-detail__cols">
                <div>
                    <h5 class="bw-h5">{ "Result" }</h5>
                    { pairs(file.header().iter().map(String::as_str), |i| fields.field(i)) }
                </div>
                if let Some((name, header, record)) = original {
                    <div data-testid="row-original">
                        <h5 class="bw-h5">{ format!("Original ({name})") }</h5>
                        if let Some(record) = record {
                            { pairs(header.iter().map(String::as_str), |i| record.get(i).map_or("", String::as_str)) }
                        } else {
                            <p class="bw-warn">{ "The original file has no row here." }</p>
                        }
                    </div>
                }
            </div>
        </section>
    }
}
