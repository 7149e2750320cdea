//! `use_deep_link`: keeps the page's fragment (`#dc=eu&v=v8&job=…`) in step with the watched
//! job, with `history.replaceState` (no history entry per change). Never writes a token: the
//! link is built by the core from the target, which holds none.

use bulkwatch_core::deeplink;
use yew::prelude::*;

use crate::ui::connect::state::ConnectState;
use crate::ui::target::Target;

/// Writes the fragment for `target` when it changes (and `enabled`).
#[hook]
pub fn use_deep_link(target: Option<std::rc::Rc<Target>>, enabled: bool) {
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
}
