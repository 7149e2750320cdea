//! `use_now`: the time for relative texts ("12 min ago"), refreshed every half minute so they do
//! not freeze once polling stops. The interval is held by the effect and dropped on unmount.

use yew::prelude::*;

use crate::env::Env;
use crate::ui::time_fmt::to_ms;

/// How often relative times are refreshed.
const TICK_MS: u32 = 30_000;

/// The page's clock, re-read every [`TICK_MS`]; `None` until the first effect ran (and always
/// when rendered on a server).
#[hook]
pub fn use_now(env: Env) -> Option<u64> {
    let now = use_state_eq(|| None::<u64>);
    {
        let now = now.clone();
        use_effect_with(env, move |env| {
            let page = env.page.clone();
            now.set(Some(to_ms(page.now_ms())));
            let tick = {
                let now = now.clone();
                gloo_timers::callback::Interval::new(TICK_MS, move || {
                    now.set(Some(to_ms(page.now_ms())))
                })
            };
            // Dropping the Interval clears it.
            move || drop(tick)
        });
    }
    *now
}
