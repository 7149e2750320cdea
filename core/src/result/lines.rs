//! Line numbers as an editor shows them, for records read by the `csv` crate. The crate's own
//! `Position::line` counts only `\n` between records, so it drifts on CRLF and CR files and never
//! counts blank lines; and its byte position points at the end of the previous record's line
//! break, not at the record. This reader counts every line break as the bytes go by (`\n`,
//! `\r\n`, a lone `\r`, inside quotes too) and remembers where each non-blank line starts, so the
//! line of a record is that of the first non-blank line at or after the crate's position.

use std::collections::VecDeque;
use std::io::{self, Read};

/// Wraps the reader the CSV parser reads from.
pub(crate) struct LineCounter<R> {
    inner: R,
    /// Bytes read so far.
    offset: u64,
    /// The line the next byte is on (1-based).
    line: u64,
    /// Where the current line started, until its first byte shows whether it is blank.
    line_start: Option<u64>,
    /// The previous byte was a `\r` whose meaning (CRLF or a lone CR) waits for the next byte.
    pending_cr: bool,
    /// Starts of non-blank lines not yet passed by a query: (offset, line).
    starts: VecDeque<(u64, u64)>,
}

impl<R> LineCounter<R> {
    pub fn new(inner: R) -> LineCounter<R> {
        LineCounter {
            inner,
            offset: 0,
            line: 1,
            line_start: Some(0),
            pending_cr: false,
            starts: VecDeque::new(),
        }
    }

    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// The line of the record the parser placed at `position` (its byte position). Queries must
    /// come in order; the bytes of the record must have been read.
    pub fn line_at(&mut self, position: u64) -> u64 {
        while self.starts.front().is_some_and(|&(o, _)| o < position) {
            self.starts.pop_front();
        }
        // A record's bytes were read before it is asked about, so its start is here; the
        // fallback is the line being read.
        self.starts.front().map_or(self.line, |&(_, line)| line)
    }

    fn scan(&mut self, bytes: &[u8]) {
        for &b in bytes {
            let at = self.offset;
            self.offset += 1;
            if self.pending_cr {
                self.pending_cr = false;
                if b == b'\n' {
                    // CRLF: one break, ending here.
                    self.line += 1;
                    self.line_start = Some(self.offset);
                    continue;
                }
                // A lone CR ended the line; this byte begins the next.
                self.line += 1;
                self.line_start = Some(at);
            }
            match b {
                b'\n' => {
                    self.line += 1;
                    self.line_start = Some(self.offset);
                }
                b'\r' => self.pending_cr = true,
                _ => {
                    if self.line_start == Some(at) {
                        self.starts.push_back((at, self.line));
                    }
                    self.line_start = None;
                }
            }
        }
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.scan(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `text` in chunks of `chunk` bytes (so `\r\n` can straddle two reads).
    fn counted(text: &str, chunk: usize) -> LineCounter<&[u8]> {
        let mut c = LineCounter::new(text.as_bytes());
        let mut buf = vec![0u8; chunk];
        while c.read(&mut buf).unwrap() > 0 {}
        c
    }

    #[test]
    fn every_line_ending_counts_once_and_blank_lines_count() {
        for chunk in [1, 2, 3, 64] {
            for nl in ["\n", "\r\n", "\r"] {
                let text = ["h,h", "a,b", "", "c,d", "", "", "e,f"].join(nl) + nl;
                let mut c = counted(&text, chunk);
                let starts: Vec<u64> = c.starts.iter().map(|&(_, l)| l).collect();
                assert_eq!(starts, vec![1, 2, 4, 7], "{nl:?} in chunks of {chunk}");
                // A query between lines answers with the next non-blank line.
                let c_at = text.find("c,d").unwrap() as u64;
                assert_eq!(c.line_at(c_at - 1), 4, "{nl:?}");
                assert_eq!(c.line_at(c_at), 4);
                assert_eq!(c.line_at(c_at + 1), 7);
            }
        }
    }

    #[test]
    fn line_breaks_inside_quotes_count_like_an_editor_shows_them() {
        let mut c = counted("h\r\n\"a\r\nb\"\r\nz\r\n", 4);
        assert_eq!(c.line_at(3), 2);
        assert_eq!(c.line_at(10), 4);
    }
}
