//! The Yew UI: the app, its two views (connect, job), their components and hooks.

pub mod app;
pub mod connect;
pub mod copy_button;
pub mod explorer;
pub mod hooks;
pub mod job;
pub mod support;
pub mod target;
pub mod time_fmt;
pub mod watcher;
