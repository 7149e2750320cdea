//! The observed timeline: `created_time` plus every status and count change the widget saw,
//! each with its honest bound ("between 10:02:05 and 10:02:35": the poll gap is its precision),
//! drawn as a vertical line of events, each a plain sentence ("Zoho started processing the file
//! between 10:42:05 and 10:42:35."). Wording and bounds come from the core.

use bulkwatch_core::timeline::Timeline;
use yew::prelude::*;

use crate::ui::time_fmt;

/// Props of [`TimelineView`].
#[derive(Properties, PartialEq, Clone)]
pub struct TimelineViewProps {
    pub timeline: std::rc::Rc<Timeline>,
    /// "Now" for the bounds' dates (the latest check).
    pub now_ms: u64,
}

/// The timeline (`data-part="timeline"`); each event is a `timeline-event`.
#[function_component]
pub fn TimelineView(props: &TimelineViewProps) -> Html {
    let tl = &props.timeline;
    let offset = time_fmt::offset_minutes(props.now_ms);
    html! {
        <section class="bw-timeline" data-part="timeline" part="timeline">
            <h3 class="bw-h3">{ "Timeline" }</h3>
            if tl.events.is_empty() {
                <p class="bw-muted">{ "Nothing observed yet." }</p>
            } else {
                <ol class="bw-timeline__list">
                    { for tl.events.iter().map(|e| {
                        let kind = e.kind.token();
                        let said = e.sentence(offset, props.now_ms);
                        html! {
                            <li class={classes!("bw-timeline__event", format!("bw-timeline__event--{kind}"))}
                                data-testid="timeline-event" data-kind={kind}>
                                <span class="bw-timeline__dot" aria-hidden="true"></span>
                                <span class="bw-timeline__what">
                                    { said.lead }
                                    if let Some(when) = said.when {
                                        { " " }<span class="bw-timeline__when">{ when }</span>
                                    }
                                    { said.tail }
                                </span>
                            </li>
                        }
                    }) }
                </ol>
                <p class="bw-muted bw-small">
                    { "Each change happened within the bounds shown: between the last check that saw the old state and the first that saw the new one." }
                    if tl.dropped > 0 { { format!(" {} older events were dropped to save space.", tl.dropped) } }
                </p>
            }
        </section>
    }
}
