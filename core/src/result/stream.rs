//! Reads one entry as CSV, a record at a time: sniffs the dialect on the header line, strips the
//! BOM, then hands out records from an owned reader so the loader can stop between any two.

use std::io::{Chain, Cursor, Read};
use std::sync::Arc;

use csv::{ByteRecord, Reader, ReaderBuilder};

use super::archive::{EntrySpec, Inflate};
use super::dialect::{header_end, sniff_delimiter, BOM};
use super::error::ResultError;
use super::guard::{Guard, LoadOptions};
use super::lines::LineCounter;

/// How much of an entry is read to find the header line before giving up and sniffing what came.
const SNIFF_LIMIT: usize = 64 << 10;

type Source = LineCounter<Chain<Cursor<Vec<u8>>, Guard>>;

/// One CSV entry being read.
pub(crate) struct EntryStream {
    name: String,
    reader: Reader<Source>,
    record: ByteRecord,
    /// The line the record last read started on.
    line: u64,
    delimiter: u8,
}

impl EntryStream {
    /// Opens an entry and reads its header. `before` is what earlier entries inflated (for the
    /// total cap).
    pub fn open(
        data: Arc<Vec<u8>>,
        spec: &EntrySpec,
        opts: &LoadOptions,
        before: u64,
    ) -> Result<(Self, Vec<String>), ResultError> {
        let mut guard = Guard::new(Inflate::open(data, spec), spec, opts, before);
        let mut prefix = read_header_bytes(&mut guard, &spec.name)?;
        if prefix.starts_with(BOM) {
            prefix.drain(..BOM.len());
        }
        let delimiter = sniff_delimiter(&prefix);
        let reader = ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(64 << 10)
            .from_reader(LineCounter::new(Cursor::new(prefix).chain(guard)));
        let mut stream = EntryStream {
            name: spec.name.clone(),
            reader,
            record: ByteRecord::new(),
            line: 0,
            delimiter,
        };
        if !stream.next_record()? {
            return Err(ResultError::EmptyCsv {
                file: spec.name.clone(),
            });
        }
        // Strict mode validated these bytes already; lossy mode accepts replacements here too.
        let header = stream
            .record
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .collect();
        Ok((stream, header))
    }

    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Reads the next record; `false` at the end of the entry.
    pub fn next_record(&mut self) -> Result<bool, ResultError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(more) => {
                if let Some(at) = self.record.position().map(|p| p.byte()) {
                    self.line = self.reader.get_mut().line_at(at);
                }
                Ok(more)
            }
            Err(err) => {
                if let Some(failure) = self.reader.get_mut().get_mut().get_mut().1.take_failure() {
                    return Err(failure);
                }
                let at = err.position().map_or(0, |p| p.byte());
                let line = self.reader.get_mut().line_at(at);
                Err(match err.kind() {
                    csv::ErrorKind::Io(io) => ResultError::Corrupt {
                        detail: format!("\"{}\" cannot be inflated ({io})", self.name),
                    },
                    _ => ResultError::Csv {
                        file: self.name.clone(),
                        line,
                        detail: err.to_string(),
                    },
                })
            }
        }
    }

    /// The record last read.
    pub fn record(&self) -> &ByteRecord {
        &self.record
    }

    /// The line the last record started on (1 = the header).
    pub fn line(&self) -> u64 {
        self.line
    }

    fn guard(&self) -> &Guard {
        self.reader.get_ref().get_ref().get_ref().1
    }

    /// Compressed bytes consumed so far.
    pub fn consumed(&self) -> u64 {
        self.guard().consumed()
    }

    /// Checks made at the end of the entry; returns the bytes it inflated to.
    pub fn finish(&self) -> Result<u64, ResultError> {
        self.guard().finish()?;
        Ok(self.guard().inflated())
    }
}

/// Reads until the header line is complete (outside quotes), the sniff limit, or the end.
fn read_header_bytes(guard: &mut Guard, name: &str) -> Result<Vec<u8>, ResultError> {
    let mut prefix = Vec::new();
    let mut chunk = [0u8; 8 << 10];
    while prefix.len() < SNIFF_LIMIT && header_end(&prefix).is_none() {
        let n = match guard.read(&mut chunk) {
            Ok(n) => n,
            Err(io) => {
                return Err(guard
                    .take_failure()
                    .unwrap_or_else(|| ResultError::Corrupt {
                        detail: format!("\"{name}\" cannot be inflated ({io})"),
                    }))
            }
        };
        if n == 0 {
            break;
        }
        prefix.extend_from_slice(&chunk[..n]);
    }
    Ok(prefix)
}
