//! The "fields not understood" note: how many optional fields of the job's answer did not fit
//! and were left out, each with its path, the value as sent and what was expected. The job is
//! shown anyway; this says plainly what it could not read. Also [`Unreadable`], the inline mark a
//! field shows in its own place.

use yew::prelude::*;

use bulkwatch_core::model::UnreadableField;

/// Props of [`UnreadableNote`].
#[derive(Properties, PartialEq, Clone)]
pub struct UnreadableNoteProps {
    pub fields: Vec<UnreadableField>,
}

/// The note (`data-testid="fields-not-understood"`, `data-count`); nothing when every field was
/// understood.
#[function_component]
pub fn UnreadableNote(props: &UnreadableNoteProps) -> Html {
    let n = props.fields.len();
    if n == 0 {
        return Html::default();
    }
    let head = if n == 1 {
        "1 field not understood".to_string()
    } else {
        format!("{n} fields not understood")
    };
    html! {
        <section class="bw-warn bw-unreadable" data-testid="fields-not-understood" data-count={n.to_string()} data-part="unreadable" part="unreadable">
            <p>
                <span aria-hidden="true">{ "⚠ " }</span>
                <strong>{ head }</strong>
                { " — Zoho's answer had a value Bulkwatch could not read there, so it is left out and shown as sent. Everything else is read as usual." }
            </p>
            <ul class="bw-unreadable__list">
                { for props.fields.iter().map(|u| html! {
                    <li data-testid="unreadable-field" data-path={u.path.clone()}>
                        <code>{ u.path.clone() }</code>{ ": " }
                        <code class="bw-mono">{ u.raw.clone() }</code>
                        <span class="bw-muted">{ format!(" (expected {})", u.expected) }</span>
                    </li>
                }) }
            </ul>
        </section>
    }
}

/// Props of [`Unreadable`].
#[derive(Properties, PartialEq, Clone)]
pub struct UnreadableProps {
    pub field: UnreadableField,
}

/// A field's own place when its value was not understood: "unreadable: <raw>". `data-path` is
/// the field's path relative to where it is shown (`format` in a mapping's row); the note has the
/// full paths.
#[function_component]
pub fn Unreadable(props: &UnreadableProps) -> Html {
    html! {
        <span class="bw-unreadable__value" data-testid="unreadable-value" data-path={props.field.path.clone()}
            title={format!("Not understood: expected {}", props.field.expected)}>
            <span class="bw-muted">{ "unreadable: " }</span><code>{ props.field.raw.clone() }</code>
        </span>
    }
}
