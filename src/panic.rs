//! A panic shows an error panel inside every mounted widget instead of leaving a dead page. The
//! hook chains to whatever hook was installed before (a host's own, say) instead of replacing
//! it, and is installed once however many widgets are mounted. It writes the DOM directly:
//! after a panic the Yew app can no longer render.

use std::cell::{Cell, RefCell};

use web_sys::Element;

thread_local! {
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
    /// The roots of mounted widgets (removed again on destroy).
    static ROOTS: RefCell<Vec<Element>> = const { RefCell::new(Vec::new()) };
}

/// Installs the hook (once). Also tells Yew a custom hook is set, so it installs none itself.
pub fn install() {
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    let previous = std::panic::take_hook();
    yew::set_custom_panic_hook(Box::new(move |info| {
        let message = match info.payload().downcast_ref::<&str>() {
            Some(s) => (*s).to_string(),
            None => info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "unknown panic".into()),
        };
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        web_sys::console::error_1(&format!("Bulkwatch panicked: {message}{place}").into());
        show_everywhere(&message);
        previous(info);
    }));
}

/// Remembers a widget root so a panic can show its panel there.
pub fn register(root: &Element) {
    let _ = ROOTS.try_with(|r| {
        if let Ok(mut roots) = r.try_borrow_mut() {
            roots.push(root.clone());
        }
    });
}

/// Forgets a widget root (on destroy).
pub fn unregister(root: &Element) {
    let _ = ROOTS.try_with(|r| {
        if let Ok(mut roots) = r.try_borrow_mut() {
            roots.retain(|e| e != root);
        }
    });
}

fn show_everywhere(message: &str) {
    let roots = ROOTS
        .try_with(|r| r.try_borrow().map(|v| v.clone()).unwrap_or_default())
        .unwrap_or_default();
    for root in roots {
        let _ = show(&root, message);
    }
}

/// Replaces a widget root's content with the panic panel (`data-testid="error"`,
/// `data-code="PANIC"`); `message` is written as text, never as HTML.
pub fn show(root: &Element, message: &str) -> Result<(), wasm_bindgen::JsValue> {
    let doc = root
        .owner_document()
        .ok_or_else(|| wasm_bindgen::JsValue::from_str("no document"))?;
    let panel = doc.create_element("section")?;
    panel.set_class_name("bw-error bw-panic");
    panel.set_attribute("role", "alert")?;
    panel.set_attribute("data-testid", "error")?;
    panel.set_attribute("data-code", "PANIC")?;
    let title = doc.create_element("h2")?;
    title.set_text_content(Some("Bulkwatch stopped after an internal error"));
    let body = doc.create_element("p")?;
    // Text only, never HTML.
    body.set_text_content(Some(&format!(
        "Reload the page to start again. If it happens again, please report this message: {message}"
    )));
    panel.append_child(&title)?;
    panel.append_child(&body)?;
    root.set_text_content(None);
    root.append_child(&panel)?;
    Ok(())
}
