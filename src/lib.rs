//! Bulkwatch, the widget: a Yew app compiled to WebAssembly that watches a Zoho CRM Bulk Write job.

pub use bulkwatch_core as core;
