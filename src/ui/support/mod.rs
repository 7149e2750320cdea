//! Support tooling on the standalone page: sign in with Zoho (implicit flow), and the page shell
//! that holds it above the widget.

pub mod oauth_return;
pub mod page;
pub mod sign_in;
pub mod sign_in_config;
