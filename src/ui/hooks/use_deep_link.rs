//! `use_deep_link`: keeps the page's fragment (`#dc=eu&v=v8&job=…`) and the widget in step, like
//! the web: a job the person starts watching is a new history entry (`history.pushState`), so Back
//! returns to the previous one; the same job written again (the link tidied, a status update)
//! replaces the entry. A fragment changed from outside (Back/Forward, a link followed, an address
//! edited) is read back through the core's parser. Never writes a token: the link is built by
//! the core from the target, which holds none. The page's own views (`#view=watch`) are the
//! page's to follow ([`crate::ui::support::page`]).

use std::cell::RefCell;
use std::rc::Rc;

use bulkwatch_core::deeplink::{self, DeepLink, ParsedLink};
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::ui::connect::state::ConnectState;
use crate::ui::support::page::{view_of, View};
use crate::ui::target::Target;

/// How a fragment is written to the address bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    /// A new history entry (the person went somewhere).
    Push,
    /// The current entry, rewritten (the same place, said differently).
    Replace,
}

/// Writes `fragment` (with its `#`; empty for none) to the address bar, keeping the path and
/// query. No `hashchange` is fired: the page already shows what it writes.
pub fn write_fragment(fragment: &str, how: Write) {
    let Some(w) = web_sys::window() else {
        return;
    };
    let Ok(h) = w.history() else {
        return;
    };
    let url = format!(
        "{}{}{}",
        w.location().pathname().unwrap_or_default(),
        w.location().search().unwrap_or_default(),
        fragment
    );
    let _ = match how {
        Write::Push => h.push_state_with_url(&JsValue::NULL, "", Some(&url)),
        Write::Replace => h.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
    };
}

/// The address bar's fragment, with its `#` (empty when there is none).
pub fn current_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// How to write the link of the watched job, given the fragment in the address bar: nothing when
/// it is already there, a replacement when the address names the same job in other words, a new
/// entry otherwise.
pub fn how_to_write(current: &str, link: &DeepLink, fragment: &str) -> Option<Write> {
    if current == fragment {
        None
    } else if deeplink::parse_fragment(current).link == *link {
        Some(Write::Replace)
    } else {
        Some(Write::Push)
    }
}

/// When `enabled`: writes the fragment for `target` when it changes, and reports a fragment
/// changed from outside to `on_link` (its latest value). The `hashchange` listener is dropped on
/// unmount.
#[hook]
pub fn use_deep_link(target: Option<Rc<Target>>, enabled: bool, on_link: Callback<ParsedLink>) {
    let latest = use_mut_ref(|| on_link.clone());
    *latest.borrow_mut() = on_link;
    use_effect_with((target, enabled), |(target, enabled)| {
        if let (Some(target), true) = (target, *enabled) {
            let link = ConnectState::to_link(target);
            let fragment = deeplink::build_fragment(&link);
            if let Some(how) = how_to_write(&current_fragment(), &link, &fragment) {
                write_fragment(&fragment, how);
            }
        }
    });
    use_effect_with(enabled, move |enabled| {
        let listener = match (enabled, web_sys::window()) {
            (true, Some(window)) => Some(listen(&window, latest)),
            _ => None,
        };
        move || drop(listener)
    });
}

fn listen(
    window: &web_sys::Window,
    on_link: Rc<RefCell<Callback<ParsedLink>>>,
) -> gloo_events::EventListener {
    gloo_events::EventListener::new(window, "hashchange", move |_| {
        let fragment = current_fragment();
        if view_of(&fragment) == View::Job {
            let callback = on_link.borrow().clone();
            callback.emit(deeplink::parse_fragment(&fragment));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_job_is_a_new_entry_and_the_same_job_is_rewritten() {
        let link = deeplink::parse_fragment("#dc=eu&v=v8&job=42").link;
        let fragment = deeplink::build_fragment(&link);
        assert_eq!(how_to_write(&fragment, &link, &fragment), None);
        // The same job in another order: tidied in place.
        assert_eq!(
            how_to_write("#job=42&v=v8&dc=eu", &link, &fragment),
            Some(Write::Replace)
        );
        assert_eq!(
            how_to_write("#dc=eu&v=v8&job=41", &link, &fragment),
            Some(Write::Push)
        );
        assert_eq!(how_to_write("", &link, &fragment), Some(Write::Push));
        assert_eq!(
            how_to_write("#view=watch", &link, &fragment),
            Some(Write::Push)
        );
    }
}
