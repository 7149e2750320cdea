//! The job view: its reducer and its presentational components.

pub mod counts_list;
pub mod download_panel;
pub mod error_panel;
pub mod failed_panel;
pub mod field_mappings;
pub mod header;
pub mod poll_bar;
pub mod progress_bar;
pub mod progress_panel;
pub mod resource_panel;
pub mod state;
pub mod status_badge;
pub mod summary;
pub mod timeline_view;
pub mod unreadable_note;
pub mod view;
