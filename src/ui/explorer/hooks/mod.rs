//! The explorer's side effects, each owning its cancellation: the download and reading of the
//! result (`use_explorer`), the rows a filter and sort select (`use_rows`), exports
//! (`use_export`) and the user's original file (`use_original`). Dropping a hook's state (unmount,
//! a new job, a new filter) aborts its fetch and stops its slices.

pub mod use_explorer;
pub mod use_export;
pub mod use_original;
pub mod use_rows;
