//! The observed timeline: every status and count change with its honest bounds ("between
//! 10:02:05 and 10:02:35" — the poll gap is its precision), drawn as a vertical line of events.

use yew::prelude::*;

use crate::ui::pending::timeline::{EventKind, Timeline, TimelineEvent};
use crate::ui::time_fmt;

/// Props of [`TimelineView`].
#[derive(Properties, PartialEq, Clone)]
pub struct TimelineViewProps {
    pub timeline: std::rc::Rc<Timeline>,
}

/// "at 10:02:05" or "between 10:02:05 and 10:02:35".
pub fn bounds_text(e: &TimelineEvent) -> String {
    if (e.latest_ms - e.earliest_ms).abs() < 1_000.0 {
        format!("at {}", time_fmt::local_clock(e.latest_ms))
    } else {
        format!(
            "between {} and {}",
            time_fmt::local_clock(e.earliest_ms),
            time_fmt::local_clock(e.latest_ms)
        )
    }
}

fn what(e: &TimelineEvent) -> (String, &'static str) {
    match &e.kind {
        EventKind::Created => ("Created (time from Zoho)".into(), "created"),
        EventKind::Status(s) => (format!("Status: {}", s.label()), s.token()),
        EventKind::Counts(c) => (
            format!(
                "{} processed ({} added, {} updated, {} skipped)",
                c.processed(),
                c.added,
                c.updated,
                c.skipped
            ),
            "counts",
        ),
    }
}

/// The timeline (`data-part="timeline"`); each event is a `timeline-event`.
#[function_component]
pub fn TimelineView(props: &TimelineViewProps) -> Html {
    let events = &props.timeline.events;
    html! {
        <section class="bw-timeline" data-part="timeline" aria-label="Timeline">
            <h3 class="bw-h3">{ "Timeline" }</h3>
            if events.is_empty() {
                <p class="bw-muted">{ "Nothing observed yet." }</p>
            } else {
                <ol class="bw-timeline__list">
                    { for events.iter().map(|e| {
                        let (text, kind) = what(e);
                        html! {
                            <li class={classes!("bw-timeline__event", format!("bw-timeline__event--{kind}"))}
                                data-testid="timeline-event" data-kind={kind}>
                                <span class="bw-timeline__dot" aria-hidden="true"></span>
                                <span class="bw-timeline__what">{ text }</span>
                                { " " }
                                <span class="bw-timeline__when">{ bounds_text(e) }</span>
                            </li>
                        }
                    }) }
                </ol>
                <p class="bw-muted bw-small">{ "Times are bounded by the checks that saw each change." }</p>
            }
        </section>
    }
}
