//! Limits on what a result zip may inflate to, enforced on the bytes actually produced (never on
//! the sizes a header claims), plus the checks made while the bytes stream past: CRC-32 and UTF-8.

use std::io::{self, Read};

use super::archive::{EntrySpec, Inflate};
use super::decode::Charset;
use super::error::ResultError;

/// Caps that keep a hostile or broken zip from exhausting memory. The defaults fit Zoho's own
/// limits (25k rows per CSV, a few CSVs per parent/child job) with a wide margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Most entries (files and folders) a zip may list.
    pub max_entries: usize,
    /// Most bytes one entry may inflate to.
    pub max_entry_bytes: u64,
    /// Most bytes all entries together may inflate to (≈ the memory the loaded text takes).
    pub max_total_bytes: u64,
    /// Highest inflated ÷ compressed ratio accepted once an entry is past `ratio_grace_bytes`.
    pub max_ratio: u64,
    /// Inflated bytes an entry may produce before the ratio is enforced: small CSVs of repeated
    /// rows legitimately compress several hundred times; bombs only matter when they are big.
    pub ratio_grace_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 100,
            max_entry_bytes: 64 << 20,
            max_total_bytes: 256 << 20,
            max_ratio: 200,
            ratio_grace_bytes: 8 << 20,
        }
    }
}

/// What to do with bytes that are not valid in the expected encoding ([`LoadOptions::encoding`],
/// or the one a byte-order mark announces).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Utf8Policy {
    /// Read such a field as Windows-1252 (the usual culprit) and report a
    /// [`super::Warning::EncodingFallback`] naming the file, the fields and the first line. The
    /// default for result files: one bad byte never costs the file, and never passes unsaid.
    #[default]
    Fallback,
    /// Refuse the file with [`ResultError::InvalidUtf8`] naming the exact byte offset (and a
    /// UTF-16 file with [`ResultError::Utf16`]).
    Strict,
    /// Replace bad sequences with U+FFFD and report a [`super::Warning::LossyUtf8`]. The default for
    /// a user's original CSV, which spreadsheet programs often save in a legacy encoding.
    Lossy,
}

/// How to load: limits, the expected encoding and what to do with bytes invalid in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct LoadOptions {
    pub limits: Limits,
    pub utf8: Utf8Policy,
    /// What the files are expected to be in: the job's `character_encoding`
    /// ([`Charset::for_job`]); UTF-8 by default. A byte-order mark overrides it.
    pub encoding: Charset,
}

/// Reads an entry's inflated bytes while counting and checking them. On a breach it stores the
/// typed error and fails the read; the loader takes the stored error instead of the io one.
pub(crate) struct Guard {
    inner: Inflate,
    name: String,
    limits: Limits,
    /// Bytes inflated by the entries read before this one.
    before: u64,
    out: u64,
    crc: flate2::Crc,
    expect: Option<(u32, u64)>,
    utf8: Option<Utf8Check>,
    /// Refuse a UTF-16 byte-order mark (strict reading only; otherwise it is transcoded).
    refuse_utf16: bool,
    failure: Option<ResultError>,
}

impl Guard {
    pub fn new(inner: Inflate, spec: &EntrySpec, opts: &LoadOptions, before: u64) -> Self {
        Guard {
            inner,
            name: spec.name.clone(),
            limits: opts.limits,
            before,
            out: 0,
            crc: flate2::Crc::new(),
            expect: spec.expect,
            utf8: (opts.utf8 == Utf8Policy::Strict && opts.encoding.is_utf8())
                .then(Utf8Check::default),
            refuse_utf16: opts.utf8 == Utf8Policy::Strict,
            failure: None,
        }
    }

    /// Bytes inflated so far from this entry.
    pub fn inflated(&self) -> u64 {
        self.out
    }

    /// Compressed bytes consumed so far.
    pub fn consumed(&self) -> u64 {
        self.inner.consumed()
    }

    /// The typed error behind a failed read, if the guard caused it.
    pub fn take_failure(&mut self) -> Option<ResultError> {
        self.failure.take()
    }

    /// Checks made once the entry is fully read: no cut UTF-8 character, and the size and CRC-32
    /// the directory announced (a truncated deflate stream ends quietly; this catches it).
    pub fn finish(&self) -> Result<(), ResultError> {
        if let Some(check) = &self.utf8 {
            check.finish().map_err(|offset| self.utf8_error(offset))?;
        }
        if let Some((crc, size)) = self.expect {
            if size != self.out {
                return Err(ResultError::Corrupt {
                    detail: format!(
                        "\"{}\" inflates to {} bytes, its header says {size}",
                        self.name, self.out
                    ),
                });
            }
            if crc != self.crc.sum() {
                return Err(ResultError::Corrupt {
                    detail: format!("\"{}\" fails its checksum", self.name),
                });
            }
        }
        Ok(())
    }

    fn utf8_error(&self, offset: u64) -> ResultError {
        ResultError::InvalidUtf8 {
            file: self.name.clone(),
            offset,
        }
    }

    fn fail(&mut self, err: ResultError) -> io::Error {
        self.failure = Some(err);
        io::Error::other("result limit or check failed")
    }

    /// How many more bytes may be inflated before a cap is passed.
    fn allowance(&self) -> u64 {
        let entry = self.limits.max_entry_bytes.saturating_sub(self.out);
        let total = self
            .limits
            .max_total_bytes
            .saturating_sub(self.before + self.out);
        entry.min(total)
    }

    fn check_caps(&self) -> Result<(), ResultError> {
        if self.out > self.limits.max_entry_bytes {
            return Err(ResultError::EntryTooLarge {
                name: self.name.clone(),
                max: self.limits.max_entry_bytes,
            });
        }
        if self.before + self.out > self.limits.max_total_bytes {
            return Err(ResultError::TotalTooLarge {
                max: self.limits.max_total_bytes,
            });
        }
        let packed = self.inner.consumed().max(1);
        if self.out > self.limits.ratio_grace_bytes && self.out / packed > self.limits.max_ratio {
            return Err(ResultError::RatioTooHigh {
                name: self.name.clone(),
                max_ratio: self.limits.max_ratio,
            });
        }
        Ok(())
    }
}

impl Read for Guard {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.failure.is_some() {
            return Err(io::Error::other("result reading already failed"));
        }
        // Ask for at most one byte past the allowance, so a breach is seen without inflating
        // more than that.
        let want = usize::try_from(self.allowance().saturating_add(1)).unwrap_or(usize::MAX);
        let want = want.min(buf.len());
        let n = self.inner.read(&mut buf[..want])?;
        self.out += n as u64;
        if let Err(e) = self.check_caps() {
            return Err(self.fail(e));
        }
        let chunk = &buf[..n];
        self.crc.update(chunk);
        let at_start = self.out == n as u64;
        if self.refuse_utf16
            && at_start
            && (chunk.starts_with(b"\xFF\xFE") || chunk.starts_with(b"\xFE\xFF"))
        {
            let err = ResultError::Utf16 {
                file: self.name.clone(),
            };
            return Err(self.fail(err));
        }
        if let Some(check) = &mut self.utf8 {
            if let Err(offset) = check.feed(chunk) {
                let err = self.utf8_error(offset);
                return Err(self.fail(err));
            }
        }
        Ok(n)
    }
}

/// Validates UTF-8 across chunk boundaries and knows the offset of the first bad byte.
#[derive(Debug, Default)]
pub(crate) struct Utf8Check {
    /// Bytes validated so far (the start of `pending`).
    offset: u64,
    /// The start of a character cut by the chunk boundary.
    pending: [u8; 4],
    pending_len: usize,
}

impl Utf8Check {
    /// Validates the next chunk; `Err` carries the offset of the character that is invalid.
    pub fn feed(&mut self, mut data: &[u8]) -> Result<(), u64> {
        if self.pending_len > 0 {
            let width = utf8_width(self.pending[0]);
            while self.pending_len < width {
                let Some((&b, rest)) = data.split_first() else {
                    return Ok(());
                };
                self.pending[self.pending_len] = b;
                self.pending_len += 1;
                data = rest;
            }
            if std::str::from_utf8(&self.pending[..width]).is_err() {
                return Err(self.offset);
            }
            self.offset += width as u64;
            self.pending_len = 0;
        }
        match std::str::from_utf8(data) {
            Ok(_) => {
                self.offset += data.len() as u64;
                Ok(())
            }
            Err(e) => {
                let valid = e.valid_up_to();
                if e.error_len().is_some() {
                    return Err(self.offset + valid as u64);
                }
                // A character cut at the end of the chunk: finish it with the next one.
                let tail = &data[valid..];
                self.offset += valid as u64;
                self.pending[..tail.len()].copy_from_slice(tail);
                self.pending_len = tail.len();
                Ok(())
            }
        }
    }

    /// At the end of input a started character is an error.
    pub fn finish(&self) -> Result<(), u64> {
        if self.pending_len > 0 {
            Err(self.offset)
        } else {
            Ok(())
        }
    }
}

/// The length of the character a leading byte announces (only called on a valid prefix, which
/// `from_utf8` vouched for with `error_len() == None`).
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xF0..=0xF7 => 4,
        0xE0..=0xEF => 3,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::Utf8Check;

    fn check_split(bytes: &[u8]) -> Vec<Result<(), u64>> {
        // Every split point must give the same verdict as one whole pass.
        (0..=bytes.len())
            .map(|cut| {
                let mut c = Utf8Check::default();
                c.feed(&bytes[..cut])
                    .and_then(|_| c.feed(&bytes[cut..]))
                    .and_then(|_| c.finish())
            })
            .collect()
    }

    #[test]
    fn valid_text_passes_at_every_split() {
        let text = "añ€😀z".as_bytes();
        assert!(check_split(text).iter().all(|r| r.is_ok()));
    }

    #[test]
    fn bad_byte_offset_is_exact_at_every_split() {
        let mut bytes = "ab€".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice(b"cd");
        assert!(check_split(&bytes).iter().all(|r| *r == Err(5)));
    }

    #[test]
    fn cut_character_at_end_is_an_error() {
        let bytes = &"a€".as_bytes()[..3];
        assert!(check_split(bytes).iter().all(|r| *r == Err(1)));
    }
}
