//! Tests of when the form folds into one line and when the job takes the focus.

use super::*;
use bulkwatch_core::deeplink::parse_fragment;
use yew::Reducible;

fn reduce(s: ConnectState, actions: Vec<ConnectAction>) -> Rc<ConnectState> {
    actions.into_iter().fold(Rc::new(s), |s, a| s.reduce(a))
}

fn connect(token: &str) -> ConnectAction {
    ConnectAction::Connect {
        token_text: token.into(),
    }
}

fn linked(fragment: &str) -> ConnectState {
    ConnectState::from_link(&parse_fragment(fragment))
        .with_page_origin(Some("http://127.0.0.1:8080".into()))
}

#[test]
fn watching_folds_the_form_and_change_opens_it() {
    let s = linked("#dc=eu&v=v8&job=42");
    assert!(s.open, "the form starts open");
    let s = reduce(s, vec![connect("tok")]);
    assert!(s.watching().is_some());
    assert!(!s.open, "a watched job folds the form");
    assert_eq!(s.watch_seq, 1);
    let s = s.reduce(ConnectAction::Change);
    assert!(s.open);
    assert!(s.watching().is_some(), "opening the form stops nothing");
    // Watch again with nothing changed: the same job, folded again and focused again.
    let s = s.reduce(connect(""));
    assert!(!s.open);
    assert_eq!(s.watch_seq, 2);
}

#[test]
fn nothing_folds_without_a_job_on_screen() {
    // No token: a problem, the form stays open.
    let s = reduce(linked("#dc=eu&v=v8&job=42"), vec![connect("")]);
    assert!(s.open && s.watching().is_none());
    assert_eq!(s.watch_seq, 0);
    // A bad field while watching opens the form where the field is.
    let s = reduce(
        linked("#dc=eu&v=v8&job=42"),
        vec![
            connect("tok"),
            ConnectAction::Change,
            ConnectAction::SetJobInput("not a job".into()),
            connect(""),
        ],
    );
    assert!(s.open, "{:?}", s.note);
    assert!(matches!(s.note, Some(Note::Problem(_))));
}

#[test]
fn a_destination_waiting_for_confirmation_keeps_the_form_open() {
    let s = reduce(
        linked("#api=https%3A%2F%2Fevil.example&v=v8&job=42"),
        vec![connect("tok")],
    );
    assert!(matches!(s.phase, ConnectPhase::Confirming { .. }));
    assert!(s.open, "the confirmation lives in the form");
    assert_eq!(s.watch_seq, 0, "nothing on screen to focus yet");
    let s = s.reduce(ConnectAction::ConfirmOrigin);
    assert!(s.watching().is_some() && !s.open);
    assert_eq!(s.watch_seq, 1);
}

#[test]
fn a_refused_token_keeps_the_line_folded_and_a_link_opens_the_form() {
    let s = reduce(
        linked("#dc=eu&v=v8&job=42"),
        vec![connect("tok"), ConnectAction::TokenRejected],
    );
    assert!(
        !s.open,
        "the job stays the hero; the line asks for the token"
    );
    assert!(s.token.is_none() && s.watching().is_some());
    let s = s.reduce(ConnectAction::ApplyLink(parse_fragment(
        "#dc=us&v=v8&job=7",
    )));
    assert!(s.open && s.watching().is_none());
    assert_eq!(
        s.watch_seq, 1,
        "the count goes on, so the next job is focused too"
    );
}
