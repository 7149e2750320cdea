//! Loads a result zip in bounded steps, so the UI can keep every main-thread task short (or a
//! Web Worker can run it to the end in one go).

use super::body::{is_zip_prefix, looks_like_zip};
use super::decode::{sniff_bom, Charset};
use super::dialect::header_end;
use super::driver::{Driver, Progress};
use super::error::ResultError;
use super::guard::LoadOptions;
use super::notes::Warning;
use super::set::ResultSet;

/// How much of a body that is not a zip is looked at to tell a bare result CSV.
const BARE_SNIFF: usize = 64 << 10;

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
    /// Starts loading a result zip with the default limits, expecting UTF-8 (bytes that are not
    /// are read as Windows-1252 and noted). Fails at once on a body that is neither a zip nor a
    /// bare result CSV (an expired link…), a truncated zip, too many entries, or encrypted CSV
    /// entries. Entries that are not result CSVs are skipped and noted.
    pub fn new(body: Vec<u8>) -> Result<Self, ResultError> {
        Self::with_options(body, LoadOptions::default())
    }

    /// Like [`ResultLoader::new`] for a job: `download_name` is the download's file name (names a
    /// bare CSV), `character_encoding` the job's declared encoding (an unknown one reads as UTF-8,
    /// noted).
    pub fn for_job(
        download_name: &str,
        body: Vec<u8>,
        character_encoding: Option<&str>,
    ) -> Result<Self, ResultError> {
        let (encoding, unknown) = Charset::for_job(character_encoding);
        let opts = LoadOptions {
            encoding,
            ..LoadOptions::default()
        };
        let mut loader = Self::named(download_name, body, opts)?;
        if let Some(label) = unknown {
            loader.set.note(Warning::UnknownEncoding { label });
        }
        Ok(loader)
    }

    pub fn with_options(body: Vec<u8>, opts: LoadOptions) -> Result<Self, ResultError> {
        Self::named("result.csv", body, opts)
    }

    fn named(download_name: &str, body: Vec<u8>, opts: LoadOptions) -> Result<Self, ResultError> {
        let mut set = ResultSet::new(opts.encoding);
        let zipped = looks_like_zip(&body) || is_zip_prefix(&body);
        let driver = if !zipped && looks_like_result_csv(&body) {
            let name = csv_name(download_name);
            set.note(Warning::BareCsv { name: name.clone() });
            Driver::csv(&name, body, opts)
        } else {
            let driver = Driver::zip(body, opts)?;
            for skipped in driver.skipped() {
                set.note(Warning::SkippedEntry {
                    name: skipped.name.clone(),
                    reason: skipped.reason,
                });
            }
            driver
        };
        Ok(ResultLoader { set, driver })
    }

    /// Loads one result CSV that is not zipped (named like its zip entry, `<Module>-<file>`).
    pub fn from_csv(name: &str, body: Vec<u8>, opts: LoadOptions) -> Self {
        ResultLoader {
            set: ResultSet::new(opts.encoding),
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

/// `42.zip` → `42.csv`; a name already ending in `.csv` is kept.
fn csv_name(download_name: &str) -> String {
    let name = download_name.trim();
    if name.to_ascii_lowercase().ends_with(".csv") {
        return name.to_string();
    }
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem).trim();
    if stem.is_empty() {
        "result.csv".to_string()
    } else {
        format!("{stem}.csv")
    }
}

/// A body that is not a zip but whose first line names a `STATUS` column: Zoho's result CSV
/// sent bare. JSON and HTML bodies (error answers) never are, whatever they contain.
fn looks_like_result_csv(body: &[u8]) -> bool {
    let head = &body[..body.len().min(BARE_SNIFF)];
    let text = match sniff_bom(head) {
        Some((charset, len)) => charset
            .encoding()
            .decode_without_bom_handling(&head[len..])
            .0
            .into_owned(),
        None => String::from_utf8_lossy(head).into_owned(),
    };
    let text = text.trim_start();
    if text.starts_with(['{', '[', '<']) {
        return false;
    }
    let line = header_end(text.as_bytes()).map_or(text, |end| &text[..end]);
    line.split([',', ';', '|', ':', '\t']).any(|field| {
        field
            .trim()
            .trim_matches('"')
            .eq_ignore_ascii_case("STATUS")
    })
}
