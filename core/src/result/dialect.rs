//! CSV dialect detection: the byte-order mark and the delimiter, sniffed on the header line.

/// Delimiters Zoho accepts in uploaded files, most likely first (ties go to the earlier one), and
/// tab for files saved by spreadsheet programs.
pub const DELIMITERS: [u8; 5] = [b',', b';', b'|', b':', b'\t'];

/// Where the header line ends (just after its line break, outside quotes), if it is complete in
/// `bytes`.
pub(crate) fn header_end(bytes: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return Some(i + 1),
            // A lone CR ends a line too; CRLF ends at the LF.
            b'\r' if !quoted && bytes.get(i + 1) != Some(&b'\n') => {
                return (i + 1 < bytes.len()).then_some(i + 1)
            }
            _ => {}
        }
    }
    None
}

/// Picks the delimiter that splits the header line into the most fields, counting only outside
/// quotes. A one-column header (no candidate at all) reads as comma-separated.
pub fn sniff_delimiter(header_line: &[u8]) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for &b in header_line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if b == b'\n' || b == b'\r' {
                break;
            }
            if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
                counts[i] += 1;
            }
        }
    }
    let mut best = 0;
    for i in 1..DELIMITERS.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    DELIMITERS[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_delimiter_and_ignores_quoted_ones() {
        assert_eq!(sniff_delimiter(b"a,b,c\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\r\n"), b';');
        assert_eq!(sniff_delimiter(b"a|b|c"), b'|');
        assert_eq!(sniff_delimiter(b"a:b:c"), b':');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"\"x;y;z;w\",b,c"), b',');
        assert_eq!(sniff_delimiter(b"single"), b',');
        // Only the first line counts.
        assert_eq!(sniff_delimiter(b"a;b\nc,d,e,f"), b';');
    }

    #[test]
    fn header_end_respects_quotes_and_line_breaks() {
        assert_eq!(header_end(b"a,b\nc"), Some(4));
        assert_eq!(header_end(b"a,b\r\nc"), Some(5));
        assert_eq!(header_end(b"\"a\nb\",c\nd"), Some(8));
        assert_eq!(header_end(b"a,b"), None);
        assert_eq!(header_end(b"a,b\rc"), Some(4));
        // A CR at the very end may be the first half of a CRLF still to come.
        assert_eq!(header_end(b"a,b\r"), None);
    }
}
