//! The loaded result: what was read, notes on the file (its encoding, entries skipped, columns
//! missing, how it compares with the job's counts), rows by status, errors by code and column, the
//! filter bar, exports, the original file, the table and the active row in full. Owns the
//! table's reducer and the hooks that compute rows, export and read the original.

use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bulkwatch_core::result::{ErrorCode, RowStatus, Scope};
use bulkwatch_core::Job;
use yew::prelude::*;

use super::columns::{group_digits, rows_text, table_columns};
use super::error_groups::ErrorGroups;
use super::export_bar::ExportBar;
use super::grid::Grid;
use super::hooks::use_export::use_export;
use super::hooks::use_original::{use_original, OriginalPhase};
use super::hooks::use_rows::{use_rows, RowsPhase};
use super::layout::table_template;
use super::original_input::OriginalInput;
use super::result_notes::{notes_for, ResultNotes};
use super::row_detail::RowDetail;
use super::shared::Shared;
use super::state::Loaded;
use super::status_totals::StatusTotals;
use super::table_state::{TableAction, TableState};
use super::toolbar::Toolbar;

/// Props of [`Results`].
#[derive(Properties, PartialEq, Clone)]
pub struct ResultsProps {
    pub data: Shared<Loaded>,
    pub job: Rc<Job>,
    /// For export file names.
    pub job_id: AttrValue,
    /// Close the explorer (back to the button).
    pub on_close: Callback<()>,
}

/// A prefix for element ids, unique per explorer on the page.
fn next_prefix() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("bw-x{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The rows shown, in words: "412 skipped rows with INVALID_DATA in Email from Leads.csv
/// containing “acme”" — what the filter selects, so a person hears what a chip or filter did.
pub fn rows_phrase(n: usize, table: &TableState, files: &[String]) -> String {
    let filter = &table.filter;
    let count = group_digits(n as u64);
    let noun = if n == 1 { "row" } else { "rows" };
    let mut out = match table.status() {
        Some(status @ RowStatus::Other(_)) => {
            format!("{count} {noun} with status “{}”", status.label())
        }
        Some(status) => format!("{count} {} {noun}", status.label().to_lowercase()),
        None => format!("{count} {noun}"),
    };
    match (&filter.code, &filter.column) {
        (Some(code), Some(column)) => out.push_str(&format!(" with {} in {column}", code.as_str())),
        (Some(code), None) => out.push_str(&format!(" with {}", code.as_str())),
        (None, Some(column)) => out.push_str(&format!(" with an error in {column}")),
        (None, None) => {}
    }
    if let Some(name) = filter.file.and_then(|i| files.get(i)) {
        out.push_str(&format!(" from {name}"));
    }
    if !filter.text.is_empty() {
        out.push_str(&format!(" containing “{}”", filter.text));
    }
    out
}

/// What the line above the table says (a polite live region: this is what is announced after a
/// chip, a status total or a filter).
pub fn rows_line(
    shown: usize,
    total: usize,
    phase: &RowsPhase,
    table: &TableState,
    files: &[String],
) -> String {
    match phase {
        RowsPhase::Filtering { tested, total } if *total > 0 => {
            format!("Filtering… {}%", tested * 100 / total)
        }
        RowsPhase::Filtering { .. } => "Filtering…".into(),
        RowsPhase::Sorting { rows } => format!("Sorting {}…", rows_text(*rows as u64)),
        RowsPhase::Ready if !table.is_filtered() => format!("All {}", rows_text(total as u64)),
        RowsPhase::Ready => format!(
            "{} (of {})",
            rows_phrase(shown, table, files),
            group_digits(total as u64)
        ),
    }
}

/// The explorer's body once the result is read.
#[function_component]
pub fn Results(props: &ResultsProps) -> Html {
    let data = props.data.clone();
    let set = &data.set;
    let table = use_reducer(TableState::default);
    let rows = use_rows(data.clone(), (*table).clone());
    let export = use_export(data.clone(), props.job_id.to_string());
    let original = use_original(data.clone());
    let active = use_state_eq(|| None::<usize>);
    let prefix = use_state(next_prefix);
    {
        let active = active.clone();
        use_effect_with(rows.rows.clone(), move |_| active.set(None));
    }

    let file = table.filter.file;
    let scope = file.map_or(Scope::All, Scope::File);
    let columns = {
        let data = data.clone();
        use_memo((data, file), |(data, file)| table_columns(&data.set, *file))
    };
    // One width per column, computed once for these columns, shared by header and rows.
    let template = {
        let data = data.clone();
        use_memo((data, file), |(data, file)| {
            let columns = table_columns(&data.set, *file);
            table_template(&data.set, *file, &columns)
        })
    };
    // Bumped by a chip, a status total or a filter: the grid brings itself into view.
    let reveal = use_state_eq(|| 0u32);
    let busy = rows.phase != RowsPhase::Ready;
    let shown = rows.rows.clone();
    let act = {
        let (table, reveal) = (table.dispatcher(), reveal.clone());
        Callback::from(move |a: TableAction| {
            // Typing and sorting happen at the table already; the rest may be far above it.
            if !matches!(a, TableAction::Text(_) | TableAction::Sort(_)) {
                reveal.set(reveal.wrapping_add(1).max(1));
            }
            table.dispatch(a)
        })
    };
    let file_names: Vec<String> = set.files().iter().map(|f| f.name().to_string()).collect();
    let totals = set.status_totals(scope);
    let groups = set.error_groups(scope);
    let codes = set.code_totals(scope);
    let module = file
        .and_then(|i| set.file(i))
        .or_else(|| (set.files().len() == 1).then(|| set.file(0)).flatten())
        .map(|f| f.module().to_string());
    let mut error_columns: Vec<String> = groups.iter().filter_map(|g| g.column.clone()).collect();
    error_columns.sort_by_key(|c| c.to_lowercase());
    error_columns.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    let statuses: Vec<RowStatus> = totals
        .iter()
        .filter(|t| t.rows > 0)
        .map(|t| t.status.clone())
        .collect();
    let code_list: Vec<ErrorCode> = codes.iter().map(|c| c.code.clone()).collect();
    let notes = notes_for(set, &props.job);
    let line = rows_line(shown.len(), set.len(), &rows.phase, &table, &file_names);

    let joined = match &original.phase {
        OriginalPhase::Ready(j) => Some(j.clone()),
        _ => None,
    };
    let join_file = file.or_else(|| (set.files().len() == 1).then_some(0));
    let join_index = joined
        .as_ref()
        .zip(join_file)
        .and_then(|(j, f)| j.join_for(f).map(|(i, _)| i));

    let on_status = {
        let act = act.clone();
        Callback::from(move |s: Option<RowStatus>| act.emit(TableAction::Status(s)))
    };
    let on_group = {
        let act = act.clone();
        Callback::from(move |g: Option<(ErrorCode, Option<String>)>| match g {
            Some((code, column)) => act.emit(TableAction::Group { code, column }),
            None => {
                act.emit(TableAction::Code(None));
                act.emit(TableAction::Column(None));
            }
        })
    };
    let on_sort = {
        let act = act.clone();
        Callback::from(move |k| act.emit(TableAction::Sort(k)))
    };
    let on_active = {
        let active = active.clone();
        Callback::from(move |a: Option<usize>| active.set(a))
    };
    let on_rows = {
        let (export, shown) = (export.rows.clone(), shown.clone());
        Callback::from(move |()| export.emit(shown.clone()))
    };
    let on_joined = {
        let (export, shown, joined) = (export.joined.clone(), shown.clone(), joined.clone());
        Callback::from(move |()| {
            if let (Some(j), Some(i)) = (joined.clone(), join_index) {
                export.emit((shown.clone(), j, i));
            }
        })
    };
    let on_close = {
        let close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| close.emit(()))
    };
    let active_group = table
        .filter
        .code
        .clone()
        .map(|c| (c, table.filter.column.clone()));
    let active_row = active.and_then(|i| shown.get(i).copied());

    html! {
        <div class="bw-x" data-testid="explore-results" data-rows={set.len().to_string()}>
            <div class="bw-x-head-line">
                <p>
                    <strong>{ data.name.clone() }</strong>
                    { format!(": {} in {} ({} KB, read in {} ms).",
                        rows_text(set.len() as u64),
                        if set.files().len() == 1 { "1 file".to_string() } else { format!("{} files", set.files().len()) },
                        group_digits((data.zip_bytes / 1024) as u64),
                        group_digits(data.read_ms.max(0.0).round() as u64)) }
                </p>
                <button type="button" class="bw-btn" data-testid="explore-close" onclick={on_close}>{ "Close" }</button>
            </div>
            <ResultNotes {notes} />
            <StatusTotals {totals} active={table.status().cloned()} on_pick={on_status} />
            <ErrorGroups {groups} codes={codes.clone()} job={props.job.clone()} {module}
                active={active_group} on_pick={on_group} />
            <Toolbar table={(*table).clone()} files={file_names.clone()} {statuses}
                codes={code_list} columns={error_columns} on_action={act.clone()} />
            <ExportBar phase={export.phase.clone()} rows={shown.len()} {busy}
                has_errors={!codes.is_empty()} can_join={join_index.is_some()}
                {on_rows} {on_joined} on_errors={export.errors.clone()} />
            <OriginalInput phase={original.phase.clone()} result_files={file_names}
                on_file={original.load.clone()} on_pair={original.pair.clone()} on_clear={original.clear.clone()} />
            // Busy while filtering: the progress is shown, and the count announced once ready.
            <p class="bw-muted bw-x-count" role="status" aria-live="polite" data-testid="rows-shown"
                aria-busy={busy.to_string()} data-count={(!busy).then(|| shown.len().to_string())}>
                { line }
            </p>
            <div class="bw-x-split">
                <Grid data={data.clone()} rows={shown} columns={columns} {template} reveal={*reveal} sort={table.sort.clone()} order={table.order}
                    {on_sort} active={*active} {on_active} id_prefix={AttrValue::from((*prefix).clone())} {busy} />
                <RowDetail data={data.clone()} row={active_row} {joined} />
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_lines() {
        let all = TableState::default();
        let files: Vec<String> = Vec::new();
        let line = |shown, total, phase: &RowsPhase| rows_line(shown, total, phase, &all, &files);
        assert_eq!(line(10, 10, &RowsPhase::Ready), "All 10 rows");
        assert_eq!(
            line(
                0,
                10,
                &RowsPhase::Filtering {
                    tested: 5,
                    total: 10
                }
            ),
            "Filtering… 50%"
        );
        assert_eq!(
            line(
                0,
                0,
                &RowsPhase::Filtering {
                    tested: 0,
                    total: 0
                }
            ),
            "Filtering…"
        );
        assert_eq!(
            line(0, 10, &RowsPhase::Sorting { rows: 2 }),
            "Sorting 2 rows…"
        );
    }

    #[test]
    fn a_filtered_table_says_what_it_shows() {
        let files = vec![
            "Leads-leads.csv".to_string(),
            "Contacts-contacts.csv".to_string(),
        ];
        let state = |actions: Vec<TableAction>| {
            actions
                .into_iter()
                .fold(Rc::new(TableState::default()), |s, a| {
                    yew::Reducible::reduce(s, a)
                })
        };
        let chip = state(vec![TableAction::Group {
            code: ErrorCode::InvalidData,
            column: None,
        }]);
        assert_eq!(
            rows_line(412, 25_000, &RowsPhase::Ready, &chip, &files),
            "412 rows with INVALID_DATA (of 25,000)"
        );
        let group = state(vec![TableAction::Group {
            code: ErrorCode::MandatoryNotFound,
            column: Some("Company".into()),
        }]);
        assert_eq!(
            rows_phrase(1, &group, &files),
            "1 row with MANDATORY_NOT_FOUND in Company"
        );
        let skipped = state(vec![
            TableAction::File(Some(1)),
            TableAction::Status(Some(RowStatus::Skipped)),
            TableAction::Text("acme".into()),
        ]);
        assert_eq!(
            rows_line(3, 250_000, &RowsPhase::Ready, &skipped, &files),
            "3 skipped rows from Contacts-contacts.csv containing “acme” (of 250,000)"
        );
        let column = state(vec![
            TableAction::Column(Some("Email".into())),
            TableAction::Status(Some(RowStatus::Other("PENDING".into()))),
        ]);
        assert_eq!(
            rows_phrase(1_234, &column, &files),
            "1,234 rows with status “PENDING” with an error in Email"
        );
    }
}
