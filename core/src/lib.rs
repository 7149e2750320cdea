//! Bulkwatch's core: everything a reviewer must be able to trust, as plain functions over plain
//! data. No web-sys, no I/O: the widget (wasm) and the `bulkwatch` binary (native) share it.
//!
//! Data flows one way: [`wire`] (what Zoho sends, tolerant) → [`model`] (what Bulkwatch means,
//! strict enums) → the UI's reducer → views.

pub mod clock;
pub mod content_disposition;
pub mod counts_words;
pub mod deeplink;
pub mod download;
pub mod endpoint;
pub mod error;
pub mod failure;
pub mod last_known;
pub mod model;
pub mod oauth;
pub mod paste;
pub mod poll;
pub mod progress;
pub mod result;
pub mod share;
pub mod snapshot;
pub mod summary;
pub mod timeline;
pub mod watchlist;
pub mod wire;

pub use error::BwError;
pub use model::{decode_job_response, Job};
