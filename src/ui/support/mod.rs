//! Support tooling on the standalone page: sign in with Zoho (implicit flow), the snapshot for a
//! ticket, the watch list (many jobs, one global request cap), recent jobs, notifications (title, favicon, opt-in
//! Notification), and the page shell.

pub mod capped;
pub mod notify;
pub mod oauth_return;
pub mod page;
pub mod recent_jobs;
pub mod sign_in;
pub mod sign_in_config;
pub mod snapshot_panel;
pub mod watch_budget;
pub mod watch_confirm;
pub mod watch_list;
pub mod watch_row;
pub mod watch_spend;
