//! Helpers for the SSR string tests: render a component to a string natively, decode
//! fixtures, read what is inside an element with a given test id.

// Each test crate that includes this module uses only some of it.
#![allow(dead_code)]

use std::future::Future;
use std::task::{Context, Poll, Waker};

use bulkwatch_core::{decode_job_response, Job};
use yew::{BaseComponent, LocalServerRenderer};

pub mod job_view;

/// Drives a future that needs no I/O to completion (SSR of synchronous components).
pub fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..10_000 {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("SSR render did not finish");
}

pub fn render<C>(props: C::Properties) -> String
where
    C: BaseComponent,
{
    block_on(
        LocalServerRenderer::<C>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

pub fn job(fixture: &str) -> Job {
    decode_job_response(200, fixture.as_bytes()).expect("fixture decodes")
}

/// The text right inside the first element carrying `data-testid="{id}"`.
pub fn text_of(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!(r#"data-testid="{id}""#))?;
    let open = at + html[at..].find('>')? + 1;
    let close = open + html[open..].find('<')?;
    Some(html[open..close].to_string())
}

pub fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

/// Every `data-testid="{id}"` element's `data-*` attribute `attr`, in document order.
pub fn attrs(html: &str, id: &str, attr: &str) -> Vec<String> {
    html.match_indices(&format!(r#"data-testid="{id}""#))
        .filter_map(|(at, _)| {
            let end = at + html[at..].find('>')?;
            let tag_start = html[..at].rfind('<')?;
            let tag = &html[tag_start..end];
            let key = format!(r#"{attr}=""#);
            let from = tag.find(&key)? + key.len();
            Some(tag[from..from + tag[from..].find('"')?].to_string())
        })
        .collect()
}
