//! The one progress bar every view draws (job view, watch-list rows, compact widgets), from the
//! core's [`Bar`]: a value only when the core gives one, an indeterminate bar while the row count
//! is unknown, and for a failed job a bar marked failed that never shows completion.

use bulkwatch_core::progress::Bar;
use yew::prelude::*;

/// Props of [`ProgressBar`].
#[derive(Properties, PartialEq, Clone)]
pub struct ProgressBarProps {
    pub bar: Bar,
    /// The accessible name ("Job progress").
    pub label: AttrValue,
    /// The words for `aria-valuetext` (from [`Bar::describe`]).
    pub value_text: AttrValue,
    /// The wrapper's class.
    #[prop_or(AttrValue::Static("bw-progress"))]
    pub class: AttrValue,
    #[prop_or(AttrValue::Static("progress"))]
    pub testid: AttrValue,
}

/// `role="progressbar"` with `data-progress` = `determinate | indeterminate | complete | failed`.
#[function_component]
pub fn ProgressBar(props: &ProgressBarProps) -> Html {
    let bar = props.bar;
    let pct = bar.percent();
    let failed = matches!(bar, Bar::Failed(_));
    let class = classes!(
        "bw-progress__bar",
        failed.then_some("bw-progress__bar--failed")
    );
    html! {
        <div class={props.class.clone()} role="progressbar" data-testid={props.testid.clone()}
            data-progress={bar.token()}
            aria-label={props.label.clone()}
            aria-valuemin="0" aria-valuemax="100"
            aria-valuenow={pct.map(|p| p.to_string())}
            aria-valuetext={props.value_text.clone()}>
            // The visible bar; the progressbar role above carries the meaning. A failed job
            // without a known fraction shows an empty (not a moving) bar.
            if let Some(p) = pct {
                <progress {class} max="100" value={p.to_string()} aria-hidden="true"></progress>
            } else if failed {
                <progress {class} max="100" value="0" aria-hidden="true"></progress>
            } else {
                <progress {class} aria-hidden="true"></progress>
            }
        </div>
    }
}
