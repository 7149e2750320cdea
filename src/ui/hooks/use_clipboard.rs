//! `use_clipboard`: copies text with the asynchronous Clipboard API and reports "copied" for a
//! moment. The reset timer is owned by the hook and dropped on unmount.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

/// What [`use_clipboard`] gives a component.
#[derive(Clone, PartialEq)]
pub struct ClipboardHandle {
    /// Copies the given text.
    pub copy: Callback<String>,
    /// The last copy succeeded in the past couple of seconds.
    pub copied: bool,
    /// The last copy failed (no clipboard access): the text stays selectable on the page.
    pub failed: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// A copy action with feedback.
#[hook]
pub fn use_clipboard() -> ClipboardHandle {
    let state = use_state_eq(|| CopyState::Idle);
    let reset: Rc<RefCell<Option<gloo_timers::callback::Timeout>>> = use_mut_ref(|| None);
    {
        let reset = reset.clone();
        // Dropping the Timeout on unmount cancels it.
        use_effect_with((), move |_| move || drop(reset.borrow_mut().take()));
    }
    let copy = {
        let state = state.clone();
        Callback::from(move |text: String| {
            let state = state.clone();
            let reset = reset.clone();
            let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
                state.set(CopyState::Failed);
                return;
            };
            let promise = clipboard.write_text(&text);
            wasm_bindgen_futures::spawn_local(async move {
                let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                state.set(if ok {
                    CopyState::Copied
                } else {
                    CopyState::Failed
                });
                let back = state.clone();
                *reset.borrow_mut() = Some(gloo_timers::callback::Timeout::new(2_000, move || {
                    back.set(CopyState::Idle)
                }));
            });
        })
    };
    ClipboardHandle {
        copy,
        copied: *state == CopyState::Copied,
        failed: *state == CopyState::Failed,
    }
}
