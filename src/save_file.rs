//! Hands bytes to the browser as a file download (the result file, the explorer's exports). The object URL
//! is revoked a minute later (revoking at once can cancel the save in some browsers), or when
//! the returned guard is dropped.

use wasm_bindgen::{JsCast, JsValue};

/// A saved file's object URL; dropping this revokes it.
#[derive(Debug)]
pub struct SavedFile {
    url: Option<String>,
    _revoke: Option<gloo_timers::callback::Timeout>,
}

impl Drop for SavedFile {
    fn drop(&mut self) {
        if let Some(url) = self.url.take() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    }
}

/// Offers `bytes` as a download named `name`.
pub fn save_bytes(name: &str, bytes: &[u8], content_type: &str) -> Result<SavedFile, JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    match document.body() {
        Some(body) => {
            body.append_child(&a)?;
            a.click();
            body.remove_child(&a)?;
        }
        None => a.click(),
    }
    let later = url.clone();
    Ok(SavedFile {
        url: Some(url),
        _revoke: Some(gloo_timers::callback::Timeout::new(60_000, move || {
            let _ = web_sys::Url::revoke_object_url(&later);
        })),
    })
}

/// A file name safe on every system: the job id and what the file holds, e.g.
/// `bulkwatch-123-rows.csv`.
pub fn export_name(job: &str, what: &str) -> String {
    let clean = |s: &str| {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .take(60)
            .collect::<String>()
    };
    format!("bulkwatch-{}-{}.csv", clean(job), clean(what))
}

#[cfg(test)]
mod tests {
    #[test]
    fn export_names_are_plain() {
        assert_eq!(super::export_name("111", "rows"), "bulkwatch-111-rows.csv");
        assert_eq!(
            super::export_name("../x y", "errors"),
            "bulkwatch-___x_y-errors.csv"
        );
    }
}
