//! `use_deep_link`: keeps the page's fragment (`#dc=eu&v=v8&job=…`) and the widget in step. The
//! watched job is written with `history.replaceState` (no history entry per change, and no
//! `hashchange` event); a fragment changed from outside (a link followed, an address edited)
//! is read back through the core's parser. Never writes a token: the link is built by the core
//! from the target, which holds none.

use bulkwatch_core::deeplink::{self, ParsedLink};
use yew::prelude::*;

use crate::ui::connect::state::ConnectState;
use crate::ui::target::Target;

/// When `enabled`: writes the fragment for `target` when it changes, and reports a fragment
/// changed from outside to `on_link`. The `hashchange` listener is dropped on unmount.
#[hook]
pub fn use_deep_link(
    target: Option<std::rc::Rc<Target>>,
    enabled: bool,
    on_link: Callback<ParsedLink>,
) {
    use_effect_with((target, enabled), |(target, enabled)| {
        if let (Some(target), true) = (target, *enabled) {
            let fragment = deeplink::build_fragment(&ConnectState::to_link(target));
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = history.replace_state_with_url(
                    &wasm_bindgen::JsValue::NULL,
                    "",
                    Some(&fragment),
                );
            }
        }
    });
    use_effect_with(enabled, move |enabled| {
        let listener = match (enabled, web_sys::window()) {
            (true, Some(window)) => {
                let target = window.clone();
                Some(gloo_events::EventListener::new(
                    &target,
                    "hashchange",
                    move |_| {
                        let fragment = window.location().hash().unwrap_or_default();
                        on_link.emit(deeplink::parse_fragment(&fragment));
                    },
                ))
            }
            _ => None,
        };
        move || drop(listener)
    });
}
