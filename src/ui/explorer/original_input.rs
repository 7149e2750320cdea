//! The user's original CSV: a file input (`original-file-input`; the file is read in this tab
//! and never sent), reading progress, how its files pair with the result's (with a check that
//! the rows line up), and a choice of pairing when names do not match.

use bulkwatch_core::result::JoinCheck;
use yew::prelude::*;

use super::columns::{group_digits, rows_text};
use super::hooks::use_original::OriginalPhase;

/// Props of [`OriginalInput`].
#[derive(Properties, PartialEq, Clone)]
pub struct OriginalInputProps {
    pub phase: OriginalPhase,
    /// Result file names, in zip order.
    pub result_files: Vec<String>,
    pub on_file: Callback<web_sys::File>,
    /// Pair original file `.0` with result file `.1`.
    pub on_pair: Callback<(usize, usize)>,
    pub on_clear: Callback<()>,
}

/// What a join check says, for people.
pub fn check_text(check: &JoinCheck) -> String {
    if check.looks_right() {
        return format!(
            "{} line up{}.",
            rows_text(check.result_rows as u64),
            if check.shared_columns.is_empty() {
                String::new()
            } else {
                format!(" ({} checked)", check.shared_columns.join(", "))
            }
        );
    }
    let mut parts = Vec::new();
    if check.result_rows != check.original_rows {
        parts.push(format!(
            "the result has {} and the original {}",
            rows_text(check.result_rows as u64),
            rows_text(check.original_rows as u64)
        ));
    }
    if check.mismatched_rows > 0 {
        parts.push(format!(
            "{} differ in {} (first at row {})",
            rows_text(check.mismatched_rows as u64),
            check.shared_columns.join(", "),
            check.first_mismatch.map_or(0, |r| r + 1)
        ));
    }
    format!(
        "Rows may not line up: {}. Is this the file that was uploaded?",
        parts.join("; ")
    )
}

/// The original-file control.
#[function_component]
pub fn OriginalInput(props: &OriginalInputProps) -> Html {
    let onchange = {
        let on_file = props.on_file.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                on_file.emit(file);
            }
        })
    };
    let status = match &props.phase {
        OriginalPhase::Idle => html! {},
        OriginalPhase::Reading { name } => {
            html! { <p class="bw-muted" role="status">{ format!("Reading {name}…") }</p> }
        }
        OriginalPhase::Parsing { name, progress } => html! {
            <p class="bw-muted" role="status">
                <progress max="1000" value={((progress.fraction() * 1000.0).round() as u32).to_string()}></progress>
                { format!(" Reading {name}: {} rows…", group_digits(progress.rows)) }
            </p>
        },
        OriginalPhase::Failed { name, message } => html! {
            <p class="bw-warn" role="alert" data-testid="original-error">{ format!("{name} could not be read: {message}") }</p>
        },
        OriginalPhase::Ready(joined) => {
            let clear = {
                let cb = props.on_clear.clone();
                Callback::from(move |_: MouseEvent| cb.emit(()))
            };
            let files = joined.originals.files();
            html! {
                <div data-testid="original-state" data-joins={joined.joins.len().to_string()}>
                    if joined.joins.is_empty() {
                        <p class="bw-warn">{ format!("No file of {} matches a result file by name. Pair them:", joined.name) }</p>
                    }
                    <ul class="bw-x-joins">
                        { for joined.joins.iter().map(|j| {
                            let result = props.result_files.get(j.result_file).cloned().unwrap_or_default();
                            let original = files.get(j.original_file).map(|f| f.name().to_string()).unwrap_or_default();
                            html! {
                                <li class={if j.check.looks_right() { "" } else { "bw-warn" }} data-testid="original-join"
                                    data-looks-right={j.check.looks_right().to_string()}>
                                    { format!("{original} ↔ {result}: {}", check_text(&j.check)) }
                                </li>
                            }
                        }) }
                    </ul>
                    if joined.joins.is_empty() || props.result_files.len() > 1 {
                        { for files.iter().enumerate().map(|(oi, f)| {
                            let pair = props.on_pair.clone();
                            let onchange = Callback::from(move |e: Event| {
                                let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                                if let Ok(ri) = v.parse::<usize>() { pair.emit((oi, ri)); }
                            });
                            let current = joined.joins.iter().find(|j| j.original_file == oi).map(|j| j.result_file);
                            html! {
                                <label class="bw-x-field">
                                    <span>{ format!("{} is the original of", f.name()) }</span>
                                    <select {onchange} data-testid="original-pair">
                                        <option value="" selected={current.is_none()}>{ "(choose a result file)" }</option>
                                        { for props.result_files.iter().enumerate().map(|(ri, name)| html! {
                                            <option value={ri.to_string()} selected={current == Some(ri)}>{ name.clone() }</option>
                                        }) }
                                    </select>
                                </label>
                            }
                        }) }
                    }
                    { for joined.originals.warnings().iter().map(|w| html! { <p class="bw-muted">{ w.to_string() }</p> }) }
                    <button type="button" class="bw-btn" onclick={clear}>{ "Forget the original" }</button>
                </div>
            }
        }
    };
    html! {
        <section class="bw-x-original" aria-label="Original file">
            <label class="bw-x-field">
                <span>{ "Your original CSV (or zip), to see each row in full: read in this tab, never uploaded" }</span>
                <input type="file" accept=".csv,.txt,.zip,text/csv,application/zip"
                    data-testid="original-file-input" {onchange} />
            </label>
            { status }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_texts() {
        let good = JoinCheck {
            result_rows: 3,
            original_rows: 3,
            shared_columns: vec!["Email".into()],
            compared_rows: 3,
            mismatched_rows: 0,
            first_mismatch: None,
        };
        assert_eq!(check_text(&good), "3 rows line up (Email checked).");
        let bad = JoinCheck {
            original_rows: 4,
            mismatched_rows: 1,
            first_mismatch: Some(1),
            ..good
        };
        let text = check_text(&bad);
        assert!(
            text.contains("the result has 3 rows and the original 4 rows"),
            "{text}"
        );
        assert!(
            text.contains("1 row differ in Email (first at row 2)"),
            "{text}"
        );
    }
}
