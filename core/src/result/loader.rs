//! Loads a result zip in bounded steps, so the UI can keep every main-thread task short (or a
//! Web Worker can run it to the end in one go).

use super::driver::{Driver, Progress};
use super::error::ResultError;
use super::guard::LoadOptions;
use super::set::ResultSet;

/// Rows per step that usually stay well under 50 ms in a browser; the UI should adapt the budget
/// to the time it measures.
pub const DEFAULT_STEP_ROWS: usize = 2_000;

/// A result being loaded. Call [`ResultLoader::step`] until [`Progress::done`], then
/// [`ResultLoader::finish`]; what is loaded so far is readable at any time through
/// [`ResultLoader::partial`].
///
/// ```
/// # use bulkwatch_core::result::{ResultLoader, ResultError};
/// # fn demo(body: Vec<u8>) -> Result<(), ResultError> {
/// let mut loader = ResultLoader::new(body)?;          // reads the zip's directory only
/// while !loader.step(2_000)?.done {}                   // one UI frame per step
/// let result = loader.finish()?;
/// # Ok(()) }
/// ```
pub struct ResultLoader {
    driver: Driver,
    set: ResultSet,
}

impl ResultLoader {
    /// Starts loading a result zip with the default limits and strict UTF-8. Fails at once on a
    /// body that is not a zip (an expired link…), a truncated zip, too many entries, encrypted or
    /// non-CSV entries.
    pub fn new(body: Vec<u8>) -> Result<Self, ResultError> {
        Self::with_options(body, LoadOptions::default())
    }

    pub fn with_options(body: Vec<u8>, opts: LoadOptions) -> Result<Self, ResultError> {
        let driver = Driver::zip(body, opts)?;
        Ok(ResultLoader {
            set: ResultSet::new(opts.utf8),
            driver,
        })
    }

    /// Loads one result CSV that is not zipped (named like its zip entry, `<Module>-<file>`).
    pub fn from_csv(name: &str, body: Vec<u8>, opts: LoadOptions) -> Self {
        ResultLoader {
            set: ResultSet::new(opts.utf8),
            driver: Driver::csv(name, body, opts),
        }
    }

    /// Reads up to `budget_rows` more rows (at least one). After an error, every later call
    /// returns that error.
    pub fn step(&mut self, budget_rows: usize) -> Result<Progress, ResultError> {
        self.driver.step(&mut self.set, budget_rows)
    }

    pub fn progress(&self) -> Progress {
        self.driver.progress()
    }

    pub fn is_done(&self) -> bool {
        self.driver.is_done()
    }

    /// What is loaded so far (complete files plus the rows read of the current one).
    pub fn partial(&self) -> &ResultSet {
        &self.set
    }

    /// Reads whatever is left and returns the result.
    pub fn finish(mut self) -> Result<ResultSet, ResultError> {
        while !self.step(usize::MAX)?.done {}
        Ok(self.set)
    }
}

/// Loads a whole result zip in one call (for a Web Worker, the CLI or tests).
pub fn load_result(body: Vec<u8>) -> Result<ResultSet, ResultError> {
    ResultLoader::new(body)?.finish()
}
