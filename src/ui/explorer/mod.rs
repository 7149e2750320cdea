//! The result explorer ("Explore results" on a completed job): downloads the result zip through
//! the same path as the download button, reads it with the core's `result` module in time slices
//! (no main-thread task near 50 ms), and shows rows by status, errors grouped by code and column
//! with fix hints and links to the field mappings, a virtualised, filterable, sortable,
//! keyboard-navigable table of every row, CSV exports, and a join with the user's original file
//! (read in the tab, never sent).
//!
//! Layout: `panel` (the container) → `launcher` / `progress_line` / `error_box` / `results`;
//! `results` → `result_notes`, `status_totals`, `error_groups`, `toolbar`, `export_bar`, `original_input`,
//! `grid` (+ `grid_row`), `row_detail`. State: `state` (the explorer's phase), `table_state`
//! (filter and sort). Effects: `hooks`. Pure helpers, tested natively: `pacer`, `viewport`,
//! `keys`, `columns`, `layout` (column widths).

pub mod columns;
pub mod error_box;
pub mod error_groups;
pub mod export_bar;
pub mod grid;
pub mod grid_row;
pub mod hooks;
pub mod keys;
pub mod launcher;
pub mod layout;
pub mod mapping_link;
pub mod original_input;
pub mod pacer;
pub mod pairing;
pub mod panel;
pub mod progress_line;
pub mod result_notes;
pub mod results;
pub mod row_detail;
pub mod shared;
pub mod state;
pub mod status_totals;
pub mod stepper;
pub mod table_state;
pub mod toolbar;
pub mod viewport;

pub use panel::{ErrorSummary, Explorer, ExplorerProps};
