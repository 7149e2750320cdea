//! Reads one entry as CSV, a record at a time: sniffs the dialect on the header line, strips the
//! BOM, then hands out records from an owned reader so the loader can stop between any two.

use std::io::{self, Chain, Cursor, Read};
use std::sync::Arc;

use csv::{ByteRecord, Reader, ReaderBuilder};

use super::archive::{EntrySpec, Inflate};
use super::decode::{sniff_bom, Charset, Decoded, FieldDecoder, Transcode};
use super::dialect::{header_end, sniff_delimiter};
use super::error::ResultError;
use super::guard::{Guard, LoadOptions};
use super::lines::LineCounter;

/// How much of an entry is read to find the header line before giving up and sniffing what came.
const SNIFF_LIMIT: usize = 64 << 10;

type Raw = Chain<Cursor<Vec<u8>>, Guard>;

/// The bytes the CSV parser reads: as inflated, or transcoded from UTF-16.
enum Bytes {
    Plain(Raw),
    Utf16(Transcode<Raw>),
}

impl Bytes {
    fn raw(&self) -> &Raw {
        match self {
            Bytes::Plain(r) => r,
            Bytes::Utf16(t) => t.get_ref(),
        }
    }

    fn raw_mut(&mut self) -> &mut Raw {
        match self {
            Bytes::Plain(r) => r,
            Bytes::Utf16(t) => t.get_mut(),
        }
    }
}

impl Read for Bytes {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Bytes::Plain(r) => r.read(buf),
            Bytes::Utf16(t) => t.read(buf),
        }
    }
}

type Source = LineCounter<Bytes>;

/// How an entry's text is decoded: what the loader reports and how fields become text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EntryDecoding {
    /// The encoding read: from the byte-order mark, else the expected one.
    pub charset: Charset,
    /// The charset came from a byte-order mark.
    pub from_bom: bool,
    /// How each field (already transcoded, for UTF-16) is decoded.
    pub fields: FieldDecoder,
    /// Header fields that needed the fallback.
    pub header_fallbacks: u64,
}

/// One CSV entry being read.
pub(crate) struct EntryStream {
    name: String,
    reader: Reader<Source>,
    record: ByteRecord,
    /// The line the record last read started on.
    line: u64,
    delimiter: u8,
    decoding: EntryDecoding,
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
        let (charset, from_bom) = match sniff_bom(&prefix) {
            Some((charset, len)) => {
                prefix.drain(..len);
                (charset, true)
            }
            None => (opts.encoding, false),
        };
        let transcoded = charset.is_utf16();
        let delimiter = if transcoded {
            let (text, _) = charset.encoding().decode_without_bom_handling(&prefix);
            sniff_delimiter(text.as_bytes())
        } else {
            sniff_delimiter(&prefix)
        };
        let raw = Cursor::new(prefix).chain(guard);
        let bytes = if transcoded {
            Bytes::Utf16(Transcode::new(raw, charset))
        } else {
            Bytes::Plain(raw)
        };
        let reader = ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(64 << 10)
            .from_reader(LineCounter::new(bytes));
        let fields = FieldDecoder {
            charset: if transcoded { Charset::UTF_8 } else { charset },
            policy: opts.utf8,
        };
        let mut stream = EntryStream {
            name: spec.name.clone(),
            reader,
            record: ByteRecord::new(),
            line: 0,
            delimiter,
            decoding: EntryDecoding {
                charset,
                from_bom,
                fields,
                header_fallbacks: 0,
            },
        };
        if !stream.next_record()? {
            return Err(ResultError::EmptyCsv {
                file: spec.name.clone(),
            });
        }
        let mut header = Vec::with_capacity(stream.record.len());
        for field in stream.record.iter() {
            let text = match fields.decode(field) {
                Some(Decoded::Clean(t)) => t,
                Some(Decoded::Fallback(t)) => {
                    stream.decoding.header_fallbacks += 1;
                    t
                }
                None => {
                    return Err(ResultError::InvalidUtf8 {
                        file: spec.name.clone(),
                        offset: 0,
                    })
                }
            };
            header.push(text.trim().to_string());
        }
        Ok((stream, header))
    }

    /// How this entry is decoded.
    pub fn decoding(&self) -> EntryDecoding {
        self.decoding
    }

    /// A UTF-16 entry had malformed units, replaced with U+FFFD.
    pub fn replaced(&self) -> bool {
        match self.reader.get_ref().get_ref() {
            Bytes::Utf16(t) => t.replaced,
            Bytes::Plain(_) => false,
        }
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
                if let Some(failure) = self
                    .reader
                    .get_mut()
                    .get_mut()
                    .raw_mut()
                    .get_mut()
                    .1
                    .take_failure()
                {
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
        self.reader.get_ref().get_ref().raw().get_ref().1
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
