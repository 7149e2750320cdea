//! The result explorer's core: reads Zoho's result zip (one CSV per resource: the first three
//! mapped columns, `STATUS`, `RECORD_ID`, `ERRORS`) safely and in bounded steps, and answers the
//! explorer's questions (totals, error groups, filters, sorting, export, joining the user's
//! original CSV) over rows held once in memory.
//!
//! Flow: [`ResultLoader`] (zip → CSV streams, chunked) → [`ResultSet`] (rows by [`RowId`]) →
//! queries ([`Filter`], [`SortKey`]) → [`RowView`] for the rows on screen, and exports.
//!
//! Safety: the zip's entries are inflated through [`Limits`] counted on the bytes produced, and
//! every failure is a [`ResultError`] with a human message; no input panics.

mod archive;
mod body;
mod codes;
mod dialect;
mod driver;
mod error;
mod export;
mod guard;
mod join;
mod loader;
mod query;
mod set;
mod status;
mod stream;
mod summary;
mod table;
mod view;

pub use body::classify_body;
pub use codes::{parse_errors, ErrorCode, RecordError};
pub use dialect::{sniff_delimiter, DELIMITERS};
pub use driver::Progress;
pub use error::{BodyKind, ResultError};
pub use export::{ExportOptions, RowExport};
pub use guard::{Limits, LoadOptions, Utf8Policy};
pub use join::{Join, JoinCheck, OriginalFile, OriginalLoader, Originals};
pub use loader::{load_result, ResultLoader, DEFAULT_STEP_ROWS};
pub use query::{Filter, Query, SortKey, SortOrder};
pub use set::{ResultFile, ResultSet, RowId, Warning};
pub use status::RowStatus;
pub use summary::{CodeTotal, ErrorGroup, Scope, StatusTotal};
pub use table::{RowIssue, Table, TableRow};
pub use view::RowView;
