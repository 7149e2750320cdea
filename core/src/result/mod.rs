//! The result explorer's core: reads Zoho's result zip (one CSV per resource: the first three
//! mapped columns, `STATUS`, `RECORD_ID`, `ERRORS`) safely and in bounded steps, and answers the
//! explorer's questions (totals, error groups, filters, sorting, export, joining the user's
//! original CSV) over rows held once in memory.
//!
//! Flow: [`ResultLoader`] (zip → CSV streams, chunked) → [`ResultSet`] (rows by [`RowId`]) →
//! queries ([`Filter`] → [`Query`], [`SortJob`]) → [`RowView`] for the rows on screen, and
//! exports ([`RowExport`], [`ResultSet::error_summary_csv`], [`Join::export_rows`]).
//!
//! For a UI that must keep main-thread tasks short, every long operation has a stepped form that
//! owns no borrow (keep it in state, pass the same `&ResultSet` to each step, stop when it says
//! done): [`ResultLoader::step`] (budget in rows), [`Query::run_chunk`] (rows tested),
//! [`SortJob::step`] (rows prepared or moved), [`RowExport::step`] (rows written). Budgets are
//! work units, not time: measure a step and scale the next budget to the frame (natively, 2,000
//! rows load in about 2 ms; 50,000 sort units take about 12 ms). Views hold a `Vec<RowId>`
//! (4 bytes a row) and render the visible window with [`ResultSet::row`]; totals and groups are
//! counted during loading, so they are free to ask for. A Web Worker can instead run the
//! one-call forms ([`load_result`], [`ResultSet::filter`], [`ResultSet::sort_rows`],
//! [`ResultSet::export_rows`]); the summaries, filters, progress and errors are
//! `serde`-serialisable for its messages.
//!
//! Tolerance: Zoho's three columns are found from the end of the header (user columns of the
//! same names stay data), the job's declared encoding is honoured (a byte-order mark wins; bytes
//! invalid in it are read as Windows-1252), entries that are not result CSVs are skipped, a bare
//! CSV download is read as one file — each noted in [`ResultSet::warnings`] ([`Warning::kind`]).
//! [`ResultSet::reconcile`] compares the rows with the job's counts.
//!
//! Safety: entries are inflated under [`Limits`] counted on the bytes produced (never on header
//! sizes); every failure is a [`ResultError`] with a human message; no input panics.

mod archive;
mod body;
mod codes;
mod decode;
mod dialect;
mod driver;
mod error;
mod export;
mod guard;
mod join;
mod lines;
mod loader;
mod notes;
mod query;
mod reconcile;
mod set;
mod sort;
mod status;
mod stream;
mod summary;
mod table;
mod view;
mod zoho_columns;

pub use body::classify_body;
pub use codes::{parse_errors, ErrorCode, RecordError};
pub use decode::Charset;
pub use dialect::{sniff_delimiter, DELIMITERS};
pub use driver::Progress;
pub use error::{BodyKind, ResultError};
pub use export::{ExportOptions, RowExport};
pub use guard::{Limits, LoadOptions, Utf8Policy};
pub use join::{Join, JoinCheck, OriginalFile, OriginalLoader, Originals};
pub use loader::{load_result, ResultLoader, DEFAULT_STEP_ROWS};
pub use notes::{SkipReason, Warning};
pub use query::{Filter, Query};
pub use reconcile::Reconcile;
pub use set::{ResultFile, ResultSet, RowId};
pub use sort::{SortJob, SortKey, SortOrder};
pub use status::RowStatus;
pub use summary::{CodeTotal, ErrorGroup, Scope, StatusTotal};
pub use table::{RowIssue, Table, TableRow};
pub use view::RowView;
