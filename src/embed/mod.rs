//! Embedding: the glue between a host page and [`crate::component::BulkWriteJob`].
//!
//! - [`options`]: the attribute/option vocabulary and its validation (pure, native tests).
//! - [`mount::mount`] (JS `mount(element, options)`) and [`mount::BulkwatchHandle`]
//!   (`update(options)`, `destroy()`, `status`): one widget per handle, nothing shared.
//! - DOM events (`bulkwatch-change`, `bulkwatch-complete`, `bulkwatch-error`) on the host.
//!
//! The `<bulkwatch-job>` custom element itself is `static/bulkwatch-element.js`: it owns the
//! shadow root, the attributes and the `token` property, and calls `mount` / `update` /
//! `destroy`.

pub mod dispatch;
pub mod js_options;
pub mod mount;
