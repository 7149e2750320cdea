//! Support tooling: sign in with Zoho (implicit flow), the snapshot for a ticket, and the page shell
//! that holds it above the widget.

pub mod oauth_return;
pub mod page;
pub mod sign_in;
pub mod sign_in_config;
pub mod snapshot_panel;
