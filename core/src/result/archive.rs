//! Lists the CSV entries of a result zip (through the `zip` crate's central directory) and opens
//! each one as an owned, streaming reader, so a loader can inflate it a chunk at a time between
//! UI frames instead of all at once.

use std::io::{self, Cursor, Read};
use std::sync::Arc;

use flate2::read::DeflateDecoder;
use zip::result::ZipError;
use zip::{CompressionMethod, ZipArchive};

use super::body::{classify_body, is_zip_prefix, looks_like_zip};
use super::error::ResultError;
use super::guard::Limits;
use super::notes::SkipReason;

/// An entry of the zip that is not a result CSV, passed over (and reported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Skipped {
    pub name: String,
    pub reason: SkipReason,
}

/// Why an entry is not a result CSV, from its name alone: macOS metadata (`__MACOSX/…`, `._…`)
/// or another file (`readme.txt`). `None`: a CSV to read.
fn skip_reason(name: &str) -> Option<SkipReason> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mac =
        name.starts_with("__MACOSX/") || name.contains("/__MACOSX/") || base.starts_with("._");
    if mac {
        Some(SkipReason::MacMetadata)
    } else if !base.to_ascii_lowercase().ends_with(".csv") {
        Some(SkipReason::NotCsv)
    } else {
        None
    }
}

/// How an entry's bytes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Stored,
    Deflate,
}

/// Where one CSV lives in the body and what it should inflate to.
#[derive(Debug, Clone)]
pub(crate) struct EntrySpec {
    pub name: String,
    pub start: usize,
    pub end: usize,
    pub method: Method,
    /// CRC-32 and size from the zip's central directory, checked once the entry is read (never
    /// used to decide how much to inflate). `None` for a bare CSV.
    pub expect: Option<(u32, u64)>,
}

impl EntrySpec {
    /// The compressed length: what progress is measured in.
    pub fn packed_len(&self) -> u64 {
        (self.end - self.start) as u64
    }
}

/// A bare CSV body, read as if it were one stored entry.
pub(crate) fn plain_entry(name: &str, len: usize) -> EntrySpec {
    EntrySpec {
        name: name.to_string(),
        start: 0,
        end: len,
        method: Method::Stored,
        expect: None,
    }
}

/// Reads the zip's directory and returns its CSV entries in archive order, and the entries that
/// are not result CSVs (passed over: folders with nothing in them, macOS metadata, other files).
pub(crate) fn open_zip(
    body: &[u8],
    limits: &Limits,
) -> Result<(Vec<EntrySpec>, Vec<Skipped>), ResultError> {
    if is_zip_prefix(body) {
        return Err(ResultError::Truncated {
            detail: "only the first bytes arrived".into(),
        });
    }
    if !looks_like_zip(body) {
        return Err(ResultError::NotZip(classify_body(body)));
    }
    let mut archive = ZipArchive::new(Cursor::new(body)).map_err(open_error)?;
    if archive.len() > limits.max_entries {
        return Err(ResultError::TooManyEntries {
            found: archive.len(),
            max: limits.max_entries,
        });
    }
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    let mut folders = Vec::new();
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index).map_err(entry_error)?;
        let name = file.name().to_string();
        if file.is_dir() {
            folders.push(name);
            continue;
        }
        if let Some(reason) = skip_reason(&name) {
            skipped.push(Skipped { name, reason });
            continue;
        }
        if file.encrypted() {
            return Err(ResultError::Encrypted { name });
        }
        let method = match file.compression() {
            CompressionMethod::Stored => Method::Stored,
            CompressionMethod::Deflated => Method::Deflate,
            other => {
                return Err(ResultError::UnsupportedCompression {
                    name,
                    method: other.to_string(),
                })
            }
        };
        // The declared size may only make us refuse earlier; what is enforced is counted on the
        // bytes actually inflated (see `guard`).
        if file.size() > limits.max_entry_bytes {
            return Err(ResultError::EntryTooLarge {
                name,
                max: limits.max_entry_bytes,
            });
        }
        let start = usize::try_from(file.data_start()).unwrap_or(usize::MAX);
        let end = usize::try_from(file.compressed_size())
            .ok()
            .and_then(|len| start.checked_add(len))
            .filter(|&end| end <= body.len());
        let Some(end) = end else {
            return Err(ResultError::Truncated {
                detail: format!("\"{name}\" is cut short"),
            });
        };
        entries.push(EntrySpec {
            name,
            start,
            end,
            method,
            expect: Some((file.crc32(), file.size())),
        });
    }
    if entries.is_empty() {
        return Err(ResultError::NoCsv);
    }
    // A folder is worth a mention only when nothing is in it (or only what was passed over).
    for folder in folders {
        let holds_csv = entries.iter().any(|e| e.name.starts_with(&folder));
        let holds_skipped = skipped.iter().any(|s| s.name.starts_with(&folder));
        if !holds_csv && !holds_skipped {
            skipped.push(Skipped {
                name: folder,
                reason: SkipReason::EmptyFolder,
            });
        }
    }
    Ok((entries, skipped))
}

fn open_error(err: ZipError) -> ResultError {
    match err {
        // Every cut of a zip loses its end record, which sits at the very end.
        ZipError::InvalidArchive(msg) if msg.contains("EOCD") || msg.contains("CDFH") => {
            ResultError::Truncated {
                detail: "its directory at the end is missing".into(),
            }
        }
        ZipError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => ResultError::Truncated {
            detail: "it ends too early".into(),
        },
        other => ResultError::Corrupt {
            detail: other.to_string(),
        },
    }
}

fn entry_error(err: ZipError) -> ResultError {
    match err {
        ZipError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => ResultError::Truncated {
            detail: "an entry ends too early".into(),
        },
        other => ResultError::Corrupt {
            detail: other.to_string(),
        },
    }
}

/// An owned window on the shared body: lets a decoder live across steps without borrowing.
#[derive(Debug)]
pub(crate) struct SliceReader {
    data: Arc<Vec<u8>>,
    pos: usize,
    start: usize,
    end: usize,
}

impl SliceReader {
    pub fn new(data: Arc<Vec<u8>>, start: usize, end: usize) -> Self {
        let end = end.min(data.len());
        let start = start.min(end);
        SliceReader {
            data,
            pos: start,
            start,
            end,
        }
    }

    fn consumed(&self) -> u64 {
        (self.pos - self.start) as u64
    }
}

impl Read for SliceReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let rest = self.data.get(self.pos..self.end).unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
}

/// An entry's decompressed bytes.
pub(crate) enum Inflate {
    Stored(SliceReader),
    Deflate(Box<DeflateDecoder<SliceReader>>),
}

impl Inflate {
    pub fn open(data: Arc<Vec<u8>>, spec: &EntrySpec) -> Self {
        let slice = SliceReader::new(data, spec.start, spec.end);
        match spec.method {
            Method::Stored => Inflate::Stored(slice),
            Method::Deflate => Inflate::Deflate(Box::new(DeflateDecoder::new(slice))),
        }
    }

    /// Compressed bytes consumed so far.
    pub fn consumed(&self) -> u64 {
        match self {
            Inflate::Stored(s) => s.consumed(),
            Inflate::Deflate(d) => d.total_in(),
        }
    }
}

impl Read for Inflate {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Inflate::Stored(s) => s.read(buf),
            Inflate::Deflate(d) => d.read(buf),
        }
    }
}
