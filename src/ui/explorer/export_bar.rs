//! Export buttons: the rows in view as CSV (`export-csv`, "fix and re-import"), the rows in view
//! with their original records (`export-joined`, once an original is paired with the file in
//! view), and the error summary (`export-errors`); with what the last export did.

use yew::prelude::*;

use super::columns::{group_digits, rows_text};
use super::hooks::use_export::{ExportKind, ExportPhase};

/// Props of [`ExportBar`].
#[derive(Properties, PartialEq, Clone)]
pub struct ExportBarProps {
    pub phase: ExportPhase,
    /// Rows in view (what `export-csv` writes).
    pub rows: usize,
    /// The rows are still being selected: exporting now would write the previous selection.
    pub busy: bool,
    /// The result has at least one error.
    pub has_errors: bool,
    /// An original is paired with the file in view.
    pub can_join: bool,
    pub on_rows: Callback<()>,
    pub on_joined: Callback<()>,
    pub on_errors: Callback<()>,
}

/// What the last export did, for people.
pub fn export_text(phase: &ExportPhase) -> String {
    let what = |kind: ExportKind| match kind {
        ExportKind::Rows => "rows",
        ExportKind::Joined => "rows with their original records",
        ExportKind::Errors => "error summary",
    };
    match phase {
        ExportPhase::Idle => String::new(),
        ExportPhase::Writing { kind, done, total } => format!(
            "Writing {}: {} of {}…",
            what(*kind),
            group_digits(*done as u64),
            group_digits(*total as u64)
        ),
        ExportPhase::Saved {
            kind: ExportKind::Errors,
            name,
            rows,
        } => format!(
            "Saved the error summary ({} groups) as {name}.",
            group_digits(*rows as u64)
        ),
        ExportPhase::Saved { name, rows, .. } => {
            format!("Saved {} as {name}.", rows_text(*rows as u64))
        }
        ExportPhase::Failed { kind, message } => {
            format!("Could not save the {}: {message}", what(*kind))
        }
    }
}

/// The export buttons and status.
#[function_component]
pub fn ExportBar(props: &ExportBarProps) -> Html {
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let writing = matches!(props.phase, ExportPhase::Writing { .. });
    html! {
        <div class="bw-x-exports">
            <button type="button" class="bw-btn" data-testid="export-csv"
                disabled={writing || props.busy || props.rows == 0} onclick={click(&props.on_rows)}>
                { format!("Export {} as CSV", rows_text(props.rows as u64)) }
            </button>
            if props.can_join {
                <button type="button" class="bw-btn" data-testid="export-joined"
                    disabled={writing || props.busy || props.rows == 0} onclick={click(&props.on_joined)}>
                    { "Export with original columns" }
                </button>
            }
            <button type="button" class="bw-btn" data-testid="export-errors"
                disabled={writing || !props.has_errors} onclick={click(&props.on_errors)}>
                { "Export error summary" }
            </button>
            <span class="bw-muted" role="status" data-testid="export-state">{ export_text(&props.phase) }</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts() {
        assert_eq!(export_text(&ExportPhase::Idle), "");
        assert_eq!(
            export_text(&ExportPhase::Writing {
                kind: ExportKind::Rows,
                done: 1_000,
                total: 25_000
            }),
            "Writing rows: 1,000 of 25,000…"
        );
        assert_eq!(
            export_text(&ExportPhase::Saved {
                kind: ExportKind::Rows,
                name: "a.csv".into(),
                rows: 1
            }),
            "Saved 1 row as a.csv."
        );
        assert!(export_text(&ExportPhase::Saved {
            kind: ExportKind::Errors,
            name: "e.csv".into(),
            rows: 4
        })
        .contains("4 groups"));
    }
}
