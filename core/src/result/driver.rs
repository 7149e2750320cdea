//! The chunked loading machine shared by result zips and plain CSVs: walks the entries, opens each
//! as a CSV stream and feeds a bounded number of records per step to a builder.

use std::sync::Arc;

use csv::ByteRecord;

use super::archive::{open_zip, plain_entry, EntrySpec, Skipped};
use super::error::ResultError;
use super::guard::LoadOptions;
use super::stream::{EntryDecoding, EntryStream};

/// How far loading has got; returned by every step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Progress {
    /// Compressed bytes consumed (what a progress bar should show against `total_bytes`).
    pub done_bytes: u64,
    /// Compressed bytes of all CSV entries.
    pub total_bytes: u64,
    /// Data rows read so far (headers excluded).
    pub rows: u64,
    /// Files fully read.
    pub files_done: usize,
    /// CSV files to read.
    pub files_total: usize,
    /// Everything is read; the result is complete.
    pub done: bool,
}

impl Progress {
    /// Share done, from 0.0 to 1.0.
    pub fn fraction(&self) -> f64 {
        if self.done || self.total_bytes == 0 {
            return if self.done { 1.0 } else { 0.0 };
        }
        (self.done_bytes as f64 / self.total_bytes as f64).min(1.0)
    }
}

/// What receives the files and records the driver reads.
pub(crate) trait Builder {
    fn begin(
        &mut self,
        name: &str,
        delimiter: u8,
        header: Vec<String>,
        decoding: EntryDecoding,
    ) -> Result<(), ResultError>;
    fn record(&mut self, record: &ByteRecord, line: u64) -> Result<(), ResultError>;
    /// The entry is read; `replaced`: a UTF-16 entry had malformed units replaced.
    fn end(&mut self, replaced: bool);
}

/// Walks the entries of one body.
pub(crate) struct Driver {
    data: Arc<Vec<u8>>,
    entries: Vec<EntrySpec>,
    /// Entries of the zip that are not result CSVs, passed over.
    skipped: Vec<Skipped>,
    next: usize,
    current: Option<EntryStream>,
    opts: LoadOptions,
    inflated_done: u64,
    packed_done: u64,
    packed_total: u64,
    rows: u64,
    failed: Option<ResultError>,
}

impl Driver {
    /// A result zip: reads its directory now (cheap), its entries step by step.
    pub fn zip(body: Vec<u8>, opts: LoadOptions) -> Result<Self, ResultError> {
        let (entries, skipped) = open_zip(&body, &opts.limits)?;
        let mut driver = Self::with_entries(body, entries, opts);
        driver.skipped = skipped;
        Ok(driver)
    }

    /// A bare CSV, read as one stored entry.
    pub fn csv(name: &str, body: Vec<u8>, opts: LoadOptions) -> Self {
        let entries = vec![plain_entry(name, body.len())];
        Self::with_entries(body, entries, opts)
    }

    fn with_entries(body: Vec<u8>, entries: Vec<EntrySpec>, opts: LoadOptions) -> Self {
        let packed_total = entries.iter().map(EntrySpec::packed_len).sum();
        Driver {
            data: Arc::new(body),
            entries,
            skipped: Vec::new(),
            next: 0,
            current: None,
            opts,
            inflated_done: 0,
            packed_done: 0,
            packed_total,
            rows: 0,
            failed: None,
        }
    }

    /// Entries passed over because they are not result CSVs.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    pub fn is_done(&self) -> bool {
        self.failed.is_none() && self.current.is_none() && self.next >= self.entries.len()
    }

    pub fn progress(&self) -> Progress {
        let current = self.current.as_ref().map_or(0, EntryStream::consumed);
        Progress {
            done_bytes: (self.packed_done + current).min(self.packed_total),
            total_bytes: self.packed_total,
            rows: self.rows,
            files_done: self.next.min(self.entries.len()),
            files_total: self.entries.len(),
            done: self.is_done(),
        }
    }

    /// Reads at most `budget` records (at least one; opening a file counts as one). After an
    /// error every later step returns the same error.
    pub fn step<B: Builder>(
        &mut self,
        builder: &mut B,
        budget: usize,
    ) -> Result<Progress, ResultError> {
        if let Some(err) = &self.failed {
            return Err(err.clone());
        }
        match self.step_inner(builder, budget.max(1)) {
            Ok(()) => Ok(self.progress()),
            Err(err) => {
                self.current = None;
                self.failed = Some(err.clone());
                Err(err)
            }
        }
    }

    fn step_inner<B: Builder>(
        &mut self,
        builder: &mut B,
        mut left: usize,
    ) -> Result<(), ResultError> {
        while left > 0 {
            let Some(stream) = self.current.as_mut() else {
                let Some(spec) = self.entries.get(self.next) else {
                    return Ok(());
                };
                let (stream, header) =
                    EntryStream::open(self.data.clone(), spec, &self.opts, self.inflated_done)?;
                builder.begin(&spec.name, stream.delimiter(), header, stream.decoding())?;
                self.current = Some(stream);
                left -= 1;
                continue;
            };
            let mut ended = false;
            while left > 0 {
                if !stream.next_record()? {
                    ended = true;
                    break;
                }
                builder.record(stream.record(), stream.line())?;
                self.rows += 1;
                left -= 1;
            }
            if ended {
                self.inflated_done += stream.finish()?;
                self.packed_done += self.entries.get(self.next).map_or(0, EntrySpec::packed_len);
                builder.end(stream.replaced());
                self.current = None;
                self.next += 1;
            }
        }
        Ok(())
    }
}
