//! The viewer's time zone for the core's time formatting (`bulkwatch_core::clock`,
//! `timeline::format_bound`): the browser's offset in the browser, UTC when rendered natively
//! (SSR tests), so renders stay deterministic there.

use bulkwatch_core::clock;

/// The viewer's UTC offset at `ms`, in minutes east of UTC.
pub fn offset_minutes(ms: u64) -> i32 {
    #[cfg(target_arch = "wasm32")]
    {
        // JavaScript gives minutes *west* of UTC.
        let west =
            js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64)).get_timezone_offset();
        -(west as i32)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = ms;
        0
    }
}

/// `2019-01-30 14:18:15` in the viewer's time.
pub fn local_date_time(ms: u64) -> String {
    clock::format_date_time(ms, offset_minutes(ms))
}

/// `14:18:15` in the viewer's time.
pub fn local_clock(ms: u64) -> String {
    clock::format_time(ms, offset_minutes(ms))
}

/// Milliseconds since the epoch as the core counts them (`Date.now()` is an `f64`).
pub fn to_ms(now: f64) -> u64 {
    if now.is_finite() && now > 0.0 {
        now as u64
    } else {
        0
    }
}
