//! The progress bar while the result downloads (indeterminate) and is read (compressed bytes
//! read of all), with rows and files so far and a cancel button. `explore-progress` is the
//! `<progress>` element; its `value`/`max` are the fraction in thousandths.

use bulkwatch_core::result::Progress;
use yew::prelude::*;

use super::columns::group_digits;

/// Props of [`ProgressLine`].
#[derive(Properties, PartialEq, Clone)]
pub struct ProgressLineProps {
    /// `None` while downloading (no size known), then the reading progress.
    pub progress: Option<Progress>,
    pub on_cancel: Callback<()>,
}

/// What the bar says.
pub fn progress_text(progress: Option<&Progress>) -> String {
    match progress {
        None => "Downloading the result file…".into(),
        Some(p) if p.files_total > 1 => format!(
            "Reading the result: {} rows, file {} of {}…",
            group_digits(p.rows),
            (p.files_done + 1).min(p.files_total),
            p.files_total
        ),
        Some(p) => format!("Reading the result: {} rows…", group_digits(p.rows)),
    }
}

/// The progress bar and its text.
#[function_component]
pub fn ProgressLine(props: &ProgressLineProps) -> Html {
    let onclick = {
        let cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.emit(()))
    };
    let text = progress_text(props.progress.as_ref());
    let value = props
        .progress
        .map(|p| ((p.fraction() * 1000.0).round() as u32).to_string());
    html! {
        <div class="bw-x-progress">
            <progress data-testid="explore-progress" max="1000" value={value}
                aria-label="Reading the result file" aria-valuetext={text.clone()}
                data-rows={props.progress.map(|p| p.rows.to_string())}></progress>
            <span class="bw-muted" role="status">{ text }</span>
            <button type="button" class="bw-btn" data-testid="explore-cancel" {onclick}>{ "Cancel" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts() {
        assert_eq!(progress_text(None), "Downloading the result file…");
        let p = Progress {
            rows: 12_345,
            files_done: 1,
            files_total: 10,
            ..Progress::default()
        };
        assert_eq!(
            progress_text(Some(&p)),
            "Reading the result: 12,345 rows, file 2 of 10…"
        );
        let one = Progress {
            rows: 3,
            files_total: 1,
            ..Progress::default()
        };
        assert_eq!(progress_text(Some(&one)), "Reading the result: 3 rows…");
    }
}
