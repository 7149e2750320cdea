//! Character encodings of result files, through `encoding_rs` (the WHATWG encoding library).
//!
//! A job declares a `character_encoding`; Zoho's result files are not guaranteed to be UTF-8.
//! What is read, in order: a byte-order mark wins (UTF-8, UTF-16LE, UTF-16BE); otherwise the
//! declared encoding; otherwise UTF-8. ASCII-compatible encodings are parsed as bytes (delimiters
//! and quotes are ASCII) and decoded field by field, so one bad byte costs one field, never the
//! file: a field that is not valid in the expected encoding is read as Windows-1252 (the usual
//! culprit) and counted, and the loader reports it. UTF-16 is not ASCII-compatible, so it is
//! transcoded to UTF-8 before the CSV parser sees it.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Read};

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use super::guard::Utf8Policy;

/// An encoding known to `encoding_rs`. Serialised as its WHATWG name (`"UTF-8"`, `"Shift_JIS"`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Charset(&'static Encoding);

impl Default for Charset {
    fn default() -> Self {
        Charset(UTF_8)
    }
}

impl fmt::Debug for Charset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Charset({})", self.name())
    }
}

impl Charset {
    pub const UTF_8: Charset = Charset(UTF_8);
    pub const WINDOWS_1252: Charset = Charset(WINDOWS_1252);

    /// The encoding a label names (`"UTF-8"`, `"ISO-8859-1"`, `"Shift_JIS"`, `"latin1"`…), by the
    /// WHATWG label table: case-insensitive, surrounding spaces ignored. `None` when unknown.
    pub fn from_label(label: &str) -> Option<Charset> {
        Encoding::for_label(label.trim().as_bytes()).map(Charset)
    }

    /// What to read a job's result with, from its `character_encoding` (absent: UTF-8). An
    /// unknown label reads as UTF-8; the label comes back so the loader can say so.
    pub fn for_job(declared: Option<&str>) -> (Charset, Option<String>) {
        match declared.map(str::trim).filter(|d| !d.is_empty()) {
            None => (Charset::UTF_8, None),
            Some(label) => match Charset::from_label(label) {
                Some(charset) => (charset, None),
                None => (Charset::UTF_8, Some(label.to_string())),
            },
        }
    }

    /// The WHATWG name.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    pub fn is_utf8(&self) -> bool {
        self.0 == UTF_8
    }

    pub(crate) fn is_utf16(&self) -> bool {
        self.0 == UTF_16LE || self.0 == UTF_16BE
    }

    pub(crate) fn encoding(&self) -> &'static Encoding {
        self.0
    }
}

impl serde::Serialize for Charset {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Charset {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let label = <Cow<'de, str>>::deserialize(d)?;
        Charset::from_label(&label)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown encoding \"{label}\"")))
    }
}

/// The encoding a byte-order mark announces and the mark's length.
pub(crate) fn sniff_bom(bytes: &[u8]) -> Option<(Charset, usize)> {
    Encoding::for_bom(bytes).map(|(enc, len)| (Charset(enc), len))
}

/// How one entry's fields become text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldDecoder {
    /// What the fields are expected to be in (after any transcoding: UTF-8 for UTF-16 files).
    pub charset: Charset,
    pub policy: Utf8Policy,
}

/// One field's text and whether it needed the fallback (or, for lossy reading, replacements).
pub(crate) enum Decoded<'a> {
    Clean(Cow<'a, str>),
    Fallback(Cow<'a, str>),
}

impl FieldDecoder {
    /// Decodes a field. `None` only under [`Utf8Policy::Strict`] for bytes that are not UTF-8.
    pub fn decode<'a>(&self, field: &'a [u8]) -> Option<Decoded<'a>> {
        if self.charset.is_utf8() || self.charset.is_utf16() {
            if let Ok(text) = std::str::from_utf8(field) {
                return Some(Decoded::Clean(Cow::Borrowed(text)));
            }
        } else if let Some(text) = self
            .charset
            .encoding()
            .decode_without_bom_handling_and_without_replacement(field)
        {
            return Some(Decoded::Clean(text));
        }
        match self.policy {
            Utf8Policy::Strict => None,
            Utf8Policy::Lossy => Some(Decoded::Fallback(String::from_utf8_lossy(field))),
            Utf8Policy::Fallback => Some(Decoded::Fallback(
                WINDOWS_1252.decode_without_bom_handling(field).0,
            )),
        }
    }
}

/// Transcodes a UTF-16 stream to UTF-8 (malformed units become U+FFFD and are counted), so the
/// CSV parser reads UTF-8.
pub(crate) struct Transcode<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    in_start: usize,
    in_end: usize,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    eof: bool,
    finished: bool,
    /// Whether any malformed sequence was replaced.
    pub replaced: bool,
}

impl<R: Read> Transcode<R> {
    /// `charset` must be UTF-16LE or UTF-16BE; the byte-order mark must already be consumed.
    pub fn new(inner: R, charset: Charset) -> Self {
        Transcode {
            inner,
            decoder: charset.encoding().new_decoder_without_bom_handling(),
            input: vec![0; 16 << 10],
            in_start: 0,
            in_end: 0,
            // Room for the worst case of one full input buffer.
            output: vec![0; 3 * (16 << 10) + 16],
            out_start: 0,
            out_end: 0,
            eof: false,
            finished: false,
            replaced: false,
        }
    }

    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    fn fill(&mut self) -> io::Result<()> {
        while self.out_start == self.out_end && !self.finished {
            if self.in_start == self.in_end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.in_start = 0;
                self.in_end = n;
                self.eof = n == 0;
            }
            let src = &self.input[self.in_start..self.in_end];
            let (result, read, written, replaced) =
                self.decoder.decode_to_utf8(src, &mut self.output, self.eof);
            self.replaced |= replaced;
            self.in_start += read;
            self.out_start = 0;
            self.out_end = written;
            if self.eof && result == CoderResult::InputEmpty {
                self.finished = true;
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Transcode<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.fill()?;
        let n = (self.out_end - self.out_start).min(buf.len());
        buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_the_job_declaration() {
        assert_eq!(
            Charset::from_label(" iso-8859-1 ").map(|c| c.name()),
            Some("windows-1252")
        );
        assert_eq!(
            Charset::from_label("Shift_JIS").map(|c| c.name()),
            Some("Shift_JIS")
        );
        assert_eq!(Charset::for_job(None), (Charset::UTF_8, None));
        assert_eq!(Charset::for_job(Some("")), (Charset::UTF_8, None));
        assert_eq!(
            Charset::for_job(Some("klingon-8")),
            (Charset::UTF_8, Some("klingon-8".to_string()))
        );
    }

    #[test]
    fn utf16_transcodes_across_small_reads() {
        let text = "a,b\r\nZoë,😀\n";
        let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let mut t = Transcode::new(&bytes[..], Charset(UTF_16LE));
        let mut out = Vec::new();
        let mut buf = [0u8; 3];
        loop {
            let n = t.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        assert_eq!(String::from_utf8(out).unwrap(), text);
        assert!(!t.replaced);
    }

    #[test]
    fn a_bad_field_falls_back_to_windows_1252_alone() {
        let d = FieldDecoder {
            charset: Charset::UTF_8,
            policy: Utf8Policy::Fallback,
        };
        assert!(matches!(d.decode("Zoë".as_bytes()), Some(Decoded::Clean(t)) if t == "Zoë"));
        assert!(matches!(d.decode(b"M\xFCller"), Some(Decoded::Fallback(t)) if t == "Müller"));
        let strict = FieldDecoder {
            policy: Utf8Policy::Strict,
            ..d
        };
        assert!(strict.decode(b"M\xFCller").is_none());
    }
}
