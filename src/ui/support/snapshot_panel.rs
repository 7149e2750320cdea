//! "Snapshot for a ticket": one click copies the core's redacted Markdown summary of the job
//! (and shows it, with the JSON beside it), with the explorer's error groups once it has read the
//! result — no token, no record data.

use std::rc::Rc;

use bulkwatch_core::snapshot::{self, ErrorGroupLine, NoteLine, SnapshotInput};
use bulkwatch_core::timeline::Timeline;
use bulkwatch_core::Job;
use yew::prelude::*;

use crate::env::Env;
use crate::ui::hooks::use_clipboard::use_clipboard;
use crate::ui::target::Target;
use crate::ui::time_fmt::to_ms;

/// Props of [`SnapshotPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct SnapshotPanelProps {
    pub job: Rc<Job>,
    pub target: Rc<Target>,
    #[prop_or_default]
    pub timeline: Option<Rc<Timeline>>,
    /// The explorer's error lines for this job, once it read the result.
    #[prop_or_default]
    pub error_groups: Option<Rc<Vec<ErrorGroupLine>>>,
    /// The explorer's notes on the result file, once it read it.
    #[prop_or_default]
    pub result_notes: Option<Rc<Vec<NoteLine>>>,
    pub env: Env,
}

/// The snapshot control and its text.
#[function_component]
pub fn SnapshotPanel(props: &SnapshotPanelProps) -> Html {
    let clipboard = use_clipboard();
    let shown = use_state(|| None::<(String, String)>);
    let on_copy = {
        let (props, shown, copy) = (props.clone(), shown.clone(), clipboard.copy.clone());
        Callback::from(move |_: MouseEvent| {
            let target = &props.target;
            // The place is the data centre's code, or the custom origin (never a URL with a path).
            let place = target
                .origin
                .site()
                .map(|s| s.code())
                .unwrap_or_else(|| target.origin.origin_string());
            let snap = snapshot::build(&SnapshotInput {
                job: &props.job,
                place: &place,
                version: target.version,
                timeline: props.timeline.as_deref(),
                error_groups: props.error_groups.as_deref().map(Vec::as_slice),
                result_notes: props.result_notes.as_deref().map(Vec::as_slice),
                taken_at_ms: to_ms(props.env.page.now_ms()),
            });
            let json = serde_json::to_string_pretty(&snap.json).unwrap_or_default();
            copy.emit(snap.markdown.clone());
            shown.set(Some((snap.markdown, json)));
        })
    };
    let note = if clipboard.copied {
        "Copied to the clipboard."
    } else if clipboard.failed {
        "The browser refused the clipboard: select the text below and copy it."
    } else {
        ""
    };
    html! {
        <div class="bw-snapshot">
            <h3 class="bw-h3">{ "Snapshot for a ticket" }</h3>
            <p class="bw-muted">{ "Job id, data centre, version, observed timeline, counts, resources, and the top error groups once the result explorer has read the result. No token, no record data." }</p>
            <button type="button" data-testid="snapshot-copy" onclick={on_copy}>{ "Copy snapshot" }</button>
            <span role="status" class="bw-muted">{ note }</span>
            if let Some((md, json)) = &*shown {
                <pre class="bw-snapshot__text" data-testid="snapshot-text" tabindex="0">{ md.clone() }</pre>
                <details>
                    <summary>{ "As JSON" }</summary>
                    <pre class="bw-snapshot__text" data-testid="snapshot-json" tabindex="0">{ json.clone() }</pre>
                </details>
            }
        </div>
    }
}
