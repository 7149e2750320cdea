//! The hooks that own the widget's side effects, each with its own cancellation.

pub mod poller;
pub mod use_clipboard;
pub mod use_deep_link;
pub mod use_demo;
pub mod use_download;
pub mod use_job_events;
pub mod use_job_poller;
pub mod use_now;
