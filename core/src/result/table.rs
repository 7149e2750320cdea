//! A CSV held once in memory: every field's text in one `String` arena, found through offsets.
//! About 4 bytes per field plus the text itself; views and filters refer to rows by index and
//! never copy them.

use csv::ByteRecord;

use super::decode::{Decoded, FieldDecoder};
use super::error::ResultError;

/// A row whose field count differs from the header's. The row is kept as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RowIssue {
    /// The row's index in its file (0 = the first row after the header).
    pub row: u32,
    /// The line the row starts on (1 = the header line).
    pub line: u64,
    /// Fields in the header.
    pub expected: u32,
    /// Fields in this row.
    pub found: u32,
}

/// One CSV file's header and rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    header: Vec<String>,
    text: String,
    /// End offset in `text` of every field, row after row.
    ends: Vec<u32>,
    /// Index in `ends` of each row's first field; one more entry than rows.
    starts: Vec<u32>,
    ragged: Vec<RowIssue>,
}

impl Table {
    pub(crate) fn new(header: Vec<String>) -> Self {
        Table {
            header,
            starts: vec![0],
            ..Table::default()
        }
    }

    /// The header's column names, as written.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Finds a column by name: case-insensitive, surrounding spaces ignored.
    pub fn column(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    }

    /// Rows, header excluded.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `index` (0-based, header excluded).
    pub fn row(&self, index: usize) -> Option<TableRow<'_>> {
        (index < self.len()).then_some(TableRow { table: self, index })
    }

    /// Rows whose field count differs from the header's.
    pub fn ragged(&self) -> &[RowIssue] {
        &self.ragged
    }

    /// Bytes of text held (for memory accounting).
    pub fn text_bytes(&self) -> usize {
        self.text.len()
    }

    fn field_range(&self, row: usize, field: usize) -> Option<(usize, usize)> {
        let first = *self.starts.get(row)? as usize;
        let last = *self.starts.get(row + 1)? as usize;
        let at = first + field;
        if at >= last {
            return None;
        }
        let end = self.ends[at] as usize;
        let start = if at == 0 {
            0
        } else {
            self.ends[at - 1] as usize
        };
        Some((start, end))
    }

    /// Calls `hit` with each row in `lo..hi` having a field that contains `needle` (ASCII,
    /// lower-case), ignoring ASCII case. One pass over the rows' text, not one per field.
    pub(crate) fn rows_containing_ascii(
        &self,
        lo: usize,
        hi: usize,
        needle: &[u8],
        mut hit: impl FnMut(usize),
    ) {
        let hi = hi.min(self.len());
        if needle.is_empty() || lo >= hi {
            return;
        }
        let field_start = |i: usize| if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let row_end = |row: usize| field_start(self.starts[row + 1] as usize);
        let text = self.text.as_bytes();
        let mut pos = field_start(self.starts[lo] as usize);
        let stop = row_end(hi - 1);
        while let Some(found) = find_ascii_ignoring_case(&text[pos..stop], needle) {
            let at = pos + found;
            // The field holding `at`: the first one ending after it.
            let field = self.ends.partition_point(|&e| e as usize <= at);
            let Some(&end) = self.ends.get(field) else {
                return;
            };
            if at + needle.len() <= end as usize {
                let row = self.starts.partition_point(|&s| s as usize <= field) - 1;
                hit(row);
                pos = row_end(row);
            } else {
                // The match spans two fields: not a match; look further.
                pos = at + 1;
            }
        }
    }

    /// Appends a record, decoding each field straight into the arena. Returns how many fields
    /// needed the fallback (or, reading leniently, replacement characters).
    pub(crate) fn push(
        &mut self,
        record: &ByteRecord,
        line: u64,
        decoder: FieldDecoder,
        file: &str,
    ) -> Result<u64, ResultError> {
        let too_large = || ResultError::EntryTooLarge {
            name: file.to_string(),
            max: u32::MAX.into(),
        };
        let new_len = self.text.len() + record.as_slice().len();
        if u32::try_from(new_len).is_err() || u32::try_from(self.ends.len() + record.len()).is_err()
        {
            return Err(too_large());
        }
        let mut fallbacks = 0;
        for field in record {
            let text = match decoder.decode(field) {
                Some(Decoded::Clean(text)) => text,
                Some(Decoded::Fallback(text)) => {
                    fallbacks += 1;
                    text
                }
                // Strict reading validated the stream as it was read: only a safety net.
                None => {
                    return Err(ResultError::InvalidUtf8 {
                        file: file.to_string(),
                        offset: record.position().map_or(0, |p| p.byte()),
                    })
                }
            };
            self.text.push_str(&text);
            // A fallback can make text longer than its bytes.
            let end = u32::try_from(self.text.len()).map_err(|_| too_large())?;
            self.ends.push(end);
        }
        self.starts.push(self.ends.len() as u32);
        if record.len() != self.header.len() {
            self.ragged.push(RowIssue {
                row: (self.len() - 1) as u32,
                line,
                expected: self.header.len() as u32,
                found: record.len() as u32,
            });
        }
        Ok(fallbacks)
    }
}

/// A borrowed view of one row.
#[derive(Debug, Clone, Copy)]
pub struct TableRow<'t> {
    table: &'t Table,
    index: usize,
}

impl<'t> TableRow<'t> {
    /// The row's index in its table.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Fields in this row (may differ from the header's count: see [`Table::ragged`]).
    pub fn len(&self) -> usize {
        (self.table.starts[self.index + 1] - self.table.starts[self.index]) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Field `i`, if the row has it.
    pub fn get(&self, i: usize) -> Option<&'t str> {
        let (start, end) = self.table.field_range(self.index, i)?;
        self.table.text.get(start..end)
    }

    /// Field `i`, or `""` when the row is too short.
    pub fn field(&self, i: usize) -> &'t str {
        self.get(i).unwrap_or_default()
    }

    /// The field under the column named `name` (case-insensitive), or `""`.
    pub fn by_name(&self, name: &str) -> &'t str {
        self.table.column(name).map_or("", |i| self.field(i))
    }

    /// All fields, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &'t str> + 't {
        let row = *self;
        (0..row.len()).map(move |i| row.field(i))
    }
}

/// Position of the first ASCII-case-insensitive occurrence of `needle` (lower-case) in `hay`.
fn find_ascii_ignoring_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let upper = first.to_ascii_uppercase();
    let last = hay.len().checked_sub(needle.len())?;
    let mut i = 0;
    while i <= last {
        i += hay[i..=last]
            .iter()
            .position(|&b| b == first || b == upper)?;
        if hay[i + 1..i + needle.len()].eq_ignore_ascii_case(rest) {
            return Some(i);
        }
        i += 1;
    }
    None
}
