//! Notifications for the standalone page: the tab's title and favicon sum up the watched jobs'
//! statuses (or, in the job view, the one job's), and — when the person opted in — a browser
//! Notification says when a watched job completes or fails. The Notification API is reached through `js_sys` so a browser without it
//! simply gets none.

use std::collections::BTreeMap;

use bulkwatch_core::model::JobStatus;
use wasm_bindgen::{JsCast, JsValue};

/// How many watched jobs stand in each state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub running: usize,
    pub completed: usize,
    pub failed: usize,
}

/// Tallies statuses (an unknown one counts in none of the three).
pub fn tally<'a>(statuses: impl IntoIterator<Item = &'a JobStatus>) -> Tally {
    let mut t = Tally::default();
    for s in statuses {
        match s {
            JobStatus::Completed => t.completed += 1,
            JobStatus::Failed => t.failed += 1,
            s if s.is_running() => t.running += 1,
            _ => {}
        }
    }
    t
}

/// The tab title: failures first, so a background tab shows them.
pub fn title_for(t: Tally) -> String {
    let mut parts = Vec::new();
    if t.failed > 0 {
        parts.push(format!("{} failed", t.failed));
    }
    if t.running > 0 {
        parts.push(format!("{} running", t.running));
    }
    if t.completed > 0 {
        parts.push(format!("{} done", t.completed));
    }
    if parts.is_empty() {
        "Bulkwatch — watch list".into()
    } else {
        format!("({}) Bulkwatch", parts.join(", "))
    }
}

/// A small SVG favicon (a data URL; the page's CSP allows `img-src data:`): red with a cross when
/// any job failed, blue while any runs, green when all are done, grey otherwise. The shape
/// differs too, never the colour alone.
pub fn favicon_for(t: Tally) -> String {
    let (fill, mark) = if t.failed > 0 {
        ("%23c62828", "M10 10L22 22M22 10L10 22")
    } else if t.running > 0 {
        ("%231565c0", "M16 8v8l5 3")
    } else if t.completed > 0 {
        ("%232e7d32", "M9 16l5 5 9-10")
    } else {
        ("%23757575", "M10 16h12")
    };
    format!(
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><circle cx='16' cy='16' r='15' fill='{fill}'/><path d='{mark}' stroke='white' stroke-width='3' fill='none' stroke-linecap='round'/></svg>"
    )
}

/// The tab title for the one job in the job view, in the watch list's words:
/// `(done) Job 123 · Bulkwatch`.
pub fn title_for_job(job: &str, status: &JobStatus) -> String {
    let t = tally([status]);
    let word = if t.failed > 0 {
        "failed"
    } else if t.running > 0 {
        "running"
    } else if t.completed > 0 {
        "done"
    } else {
        return format!("Job {job} · Bulkwatch");
    };
    format!("({word}) Job {job} · Bulkwatch")
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

fn icon_link(doc: &web_sys::Document) -> Option<web_sys::Element> {
    doc.query_selector("link[rel~='icon']").ok().flatten()
}

fn apply(title: &str, icon: &str) {
    let Some(doc) = document() else {
        return;
    };
    doc.set_title(title);
    if let Some(link) = icon_link(&doc) {
        let _ = link.set_attribute("href", icon);
    }
}

/// Sets the tab's title and favicon from the watch list's tally.
pub fn show(t: Tally) {
    apply(&title_for(t), &favicon_for(t));
}

/// Sets the tab's title and favicon from the one job in view.
pub fn show_job(job: &str, status: &JobStatus) {
    apply(&title_for_job(job, status), &favicon_for(tally([status])));
}

/// The tab's title and favicon as the page had them, to put back when a view stops speaking
/// through them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabLook {
    pub title: String,
    pub icon: Option<String>,
}

impl TabLook {
    /// What the tab shows now (`None` without a document).
    pub fn current() -> Option<TabLook> {
        let doc = document()?;
        Some(TabLook {
            title: doc.title(),
            icon: icon_link(&doc).and_then(|l| l.get_attribute("href")),
        })
    }

    /// Puts this title and favicon back.
    pub fn restore(&self) {
        let Some(doc) = document() else {
            return;
        };
        doc.set_title(&self.title);
        if let (Some(link), Some(icon)) = (icon_link(&doc), &self.icon) {
            let _ = link.set_attribute("href", icon);
        }
    }
}

fn notification_class() -> Option<js_sys::Function> {
    let w = web_sys::window()?;
    let c = js_sys::Reflect::get(&w, &JsValue::from_str("Notification")).ok()?;
    c.is_function().then(|| c.into())
}

/// Whether the browser has the Notification API at all.
pub fn supported() -> bool {
    notification_class().is_some()
}

/// Asks for permission (call from a click: browsers require a gesture).
pub fn request_permission() {
    if let Some(class) = notification_class() {
        if let Ok(f) = js_sys::Reflect::get(&class, &JsValue::from_str("requestPermission")) {
            if let Ok(f) = f.dyn_into::<js_sys::Function>() {
                let _ = f.call0(&class);
            }
        }
    }
}

/// Shows a notification when permission was granted; silent otherwise.
pub fn notify(title: &str, body: &str) {
    let Some(class) = notification_class() else {
        return;
    };
    let granted = js_sys::Reflect::get(&class, &JsValue::from_str("permission"))
        .ok()
        .and_then(|p| p.as_string())
        .is_some_and(|p| p == "granted");
    if !granted {
        return;
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &options,
        &JsValue::from_str("body"),
        &JsValue::from_str(body),
    );
    let args = js_sys::Array::of2(&JsValue::from_str(title), &options);
    let _ = js_sys::Reflect::construct(&class, &args);
}

/// Newly final jobs: those whose status is final (completed or failed) now and was not before.
pub fn newly_final(
    before: &BTreeMap<(String, String), JobStatus>,
    key: &(String, String),
    now: &JobStatus,
) -> bool {
    now.is_terminal() && before.get(key).is_some_and(|b| b != now)
}

#[cfg(test)]
mod tests {
    use super::*;

    use JobStatus::{Added, Completed, Failed, InProgress};

    #[test]
    fn titles_and_icons_follow_the_tally() {
        let t = tally(&[
            Added,
            InProgress,
            Completed,
            Failed,
            JobStatus::Unknown("PAUSED".into()),
        ]);
        assert_eq!(
            t,
            Tally {
                running: 2,
                completed: 1,
                failed: 1
            }
        );
        assert_eq!(title_for(t), "(1 failed, 2 running, 1 done) Bulkwatch");
        assert!(favicon_for(t).contains("c62828"));
        let done = tally(&[Completed]);
        assert!(favicon_for(done).contains("2e7d32"));
        assert_eq!(title_for(Tally::default()), "Bulkwatch — watch list");
    }

    #[test]
    fn one_job_speaks_the_watch_lists_words() {
        assert_eq!(title_for_job("42", &Completed), "(done) Job 42 · Bulkwatch");
        assert_eq!(
            title_for_job("42", &InProgress),
            "(running) Job 42 · Bulkwatch"
        );
        assert_eq!(title_for_job("42", &Added), "(running) Job 42 · Bulkwatch");
        assert_eq!(title_for_job("42", &Failed), "(failed) Job 42 · Bulkwatch");
        let paused = JobStatus::Unknown("PAUSED".into());
        assert_eq!(title_for_job("42", &paused), "Job 42 · Bulkwatch");
        // The icon is the watch list's for the same status.
        assert!(favicon_for(tally(&[Completed])).contains("2e7d32"));
        assert!(favicon_for(tally(&[Failed])).contains("c62828"));
    }

    #[test]
    fn only_a_change_to_a_final_status_notifies() {
        let key = ("o".to_string(), "1".to_string());
        let mut before = BTreeMap::new();
        // Already final when first seen (e.g. after a reload): no notification.
        assert!(!newly_final(&before, &key, &Completed));
        before.insert(key.clone(), InProgress);
        assert!(newly_final(&before, &key, &Completed));
        assert!(newly_final(&before, &key, &Failed));
        assert!(!newly_final(&before, &key, &InProgress));
        before.insert(key.clone(), Completed);
        assert!(!newly_final(&before, &key, &Completed));
    }
}
