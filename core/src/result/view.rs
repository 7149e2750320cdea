//! A borrowed view of one result row, for the table and the detail pane.

use super::codes::{parse_errors, RecordError};
use super::set::{ResultFile, ResultSet, RowId};
use super::status::RowStatus;
use super::table::TableRow;

/// What a row shows as status if its bookkeeping were ever missing (it never is).
static NO_STATUS: RowStatus = RowStatus::Other(String::new());

/// One row of a result, borrowed from the [`ResultSet`].
#[derive(Debug, Clone, Copy)]
pub struct RowView<'a> {
    set: &'a ResultSet,
    file: usize,
    fields: TableRow<'a>,
}

impl ResultSet {
    /// The row `id`, if it exists.
    pub fn row(&self, id: RowId) -> Option<RowView<'_>> {
        let (file, local) = self.locate(id)?;
        let fields = self.files.get(file)?.table.row(local)?;
        Some(RowView {
            set: self,
            file,
            fields,
        })
    }
}

impl<'a> RowView<'a> {
    pub fn id(&self) -> RowId {
        RowId(self.file().first_row + self.fields.index() as u32)
    }

    /// Index of the file in [`ResultSet::files`].
    pub fn file_index(&self) -> usize {
        self.file
    }

    pub fn file(&self) -> &'a ResultFile {
        &self.set.files[self.file]
    }

    /// The row's position in its file (0 = first data row): the same position as the record in
    /// the uploaded file.
    pub fn index_in_file(&self) -> usize {
        self.fields.index()
    }

    /// All fields, in the file's column order.
    pub fn fields(&self) -> TableRow<'a> {
        self.fields
    }

    pub fn status(&self) -> &'a RowStatus {
        self.file()
            .row_status
            .get(self.fields.index())
            .and_then(|&id| self.set.dict.statuses.get(id as usize))
            .unwrap_or(&NO_STATUS)
    }

    /// `RECORD_ID` (empty for skipped rows, and when the file has no such column).
    pub fn record_id(&self) -> &'a str {
        self.file()
            .record_id_col
            .map_or("", |i| self.fields.field(i))
    }

    /// `ERRORS` as written (empty when the file has no such column).
    pub fn errors_raw(&self) -> &'a str {
        self.file().errors_col.map_or("", |i| self.fields.field(i))
    }

    /// `ERRORS` parsed (on demand: only visible rows pay for it).
    pub fn errors(&self) -> Vec<RecordError> {
        parse_errors(self.errors_raw())
    }

    /// The field count differs from the header's.
    pub fn is_ragged(&self) -> bool {
        self.fields.len() != self.file().header().len()
    }
}
