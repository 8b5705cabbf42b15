//! A bounds-checked big-endian reader over a byte slice (Java's `DataInputStream`), with Java's modified
//! UTF-8. Every read and every count is checked against the bytes left, so corrupt input gives an error
//! with its offset, never a panic or an allocation larger than the input.

/// Why a `_metadata` file could not be read. [`ParseError::ends_early`] tells a file that stops short (cut
/// by a crash, or still being written) from one that is complete but wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The input ran out while reading `what`, which starts at byte `at`: `short` more bytes (at least,
    /// for a count of items) were needed than the file has.
    #[error("{}", ends_early(*.at, *.end, *.short, *.at_least, .what))]
    EndsEarly { at: usize, end: usize, short: usize, at_least: bool, what: String },
    /// The first four bytes are not Flink's magic number.
    #[error(
        "not a Flink savepoint/checkpoint _metadata file: it starts with {found}, Flink's start with {:#010X}",
        super::MAGIC
    )]
    NotMetadata { found: String },
    /// A format version fsp does not read.
    #[error("{}", super::version::unsupported(*.version))]
    UnsupportedVersion { version: i32 },
    /// A complete file with something wrong at byte `offset`.
    #[error("at byte {offset}: {message}")]
    Corrupt { offset: usize, message: String },
}

fn ends_early(at: usize, end: usize, short: usize, at_least: bool, what: &str) -> String {
    if end == 0 {
        return "the file is empty".into();
    }
    let least = if at_least { "at least " } else { "" };
    let s = if short == 1 { "" } else { "s" };
    format!("the file ends early, at byte {end}: {least}{short} more byte{s} needed for {what} at byte {at}")
}

impl ParseError {
    /// True if the input ended before the file was complete: the one case a truncated or still-growing file
    /// explains.
    pub fn ends_early(&self) -> bool {
        matches!(self, ParseError::EndsEarly { .. })
    }

    /// Where in the file the problem is.
    pub fn offset(&self) -> usize {
        match self {
            ParseError::EndsEarly { at, .. } => *at,
            ParseError::NotMetadata { .. } => 0,
            ParseError::UnsupportedVersion { .. } => 4,
            ParseError::Corrupt { offset, .. } => *offset,
        }
    }
}

use std::borrow::Cow;

pub type Result<T> = std::result::Result<T, ParseError>;

pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    pub fn rest(&self) -> &'a [u8] {
        &self.buf[self.pos..]
    }

    /// A problem in a complete file, at the current position.
    pub fn err<T>(&self, message: impl Into<String>) -> Result<T> {
        Err(self.corrupt_at(self.pos, message))
    }

    pub fn corrupt_at(&self, offset: usize, message: impl Into<String>) -> ParseError {
        ParseError::Corrupt { offset, message: message.into() }
    }

    /// The input ends `needed` bytes into `what` at the current position (`needed` more than is left).
    fn ends_early(&self, needed: usize, at_least: bool, what: String) -> ParseError {
        ParseError::EndsEarly { at: self.pos, end: self.buf.len(), short: needed - self.remaining(), at_least, what }
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        self.bytes_of(n, || format!("the {n}-byte field"))
    }

    fn bytes_of(&mut self, n: usize, what: impl FnOnce() -> String) -> Result<&'a [u8]> {
        match self.buf.get(self.pos..).and_then(|rest| rest.get(..n)) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => Err(self.ends_early(n, false, what())),
        }
    }

    /// The next `N` bytes, as an array (one bounds check for the whole field).
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        match self.buf.get(self.pos..).and_then(<[u8]>::first_chunk::<N>) {
            Some(a) => {
                self.pos += N;
                Ok(*a)
            }
            None => Err(self.ends_early(N, false, format!("the {N}-byte field"))),
        }
    }

    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }

    pub fn bool(&mut self) -> Result<bool> {
        Ok(self.u8()? != 0)
    }

    pub fn u16(&mut self) -> Result<u16> {
        self.array().map(u16::from_be_bytes)
    }

    pub fn i32(&mut self) -> Result<i32> {
        self.array().map(i32::from_be_bytes)
    }

    pub fn i64(&mut self) -> Result<i64> {
        self.array().map(i64::from_be_bytes)
    }

    /// A count of items each at least `min_item_bytes` long. A negative count is corrupt; one the bytes left
    /// cannot hold means the file ends early (the items would start right after the count).
    pub fn count(&mut self, what: &str, min_item_bytes: usize) -> Result<usize> {
        let start = self.pos;
        let n = self.i32()?;
        let Ok(n) = usize::try_from(n) else {
            return Err(self.corrupt_at(start, format!("negative {what} count {n}")));
        };
        let min = min_item_bytes.max(1);
        let needed = n.saturating_mul(min);
        if needed > self.remaining() {
            let s = if n == 1 { "" } else { "s" };
            let what = if min == 1 {
                format!("the {n} {what}{s}")
            } else {
                format!("the {n} {what}{s} (of at least {min} bytes each)")
            };
            return Err(self.ends_early(needed, min > 1, what));
        }
        Ok(n)
    }

    pub fn skip(&mut self, n: usize) -> Result<()> {
        self.bytes(n).map(|_| ())
    }

    /// `DataOutput.writeUTF`: a u16 byte length, then modified UTF-8.
    pub fn utf(&mut self) -> Result<String> {
        self.utf_cow().map(Cow::into_owned)
    }

    /// [`Reader::utf`], borrowed from the input where its bytes are the string's UTF-8 (all but strings with
    /// U+0000, characters outside the BMP or malformed surrogates).
    pub fn utf_cow(&mut self) -> Result<Cow<'a, str>> {
        let n = self.u16()? as usize;
        let start = self.pos;
        let b = self.bytes_of(n, || format!("the {n}-byte string"))?;
        match as_utf8(b) {
            Some(s) => Ok(Cow::Borrowed(s)),
            None => decode_modified_utf8(b).map(Cow::Owned).map_err(|m| self.corrupt_at(start, m)),
        }
    }

    /// A [`Reader::utf`] string that is not used: checked as it would be read, but not kept.
    pub fn skip_utf(&mut self) -> Result<()> {
        let at = self.pos;
        let n = self.u16()? as usize;
        match self.buf.get(self.pos..).and_then(|rest| rest.get(..n)) {
            Some(b) if b.is_ascii() => {
                self.pos += n;
                Ok(())
            }
            _ => {
                self.pos = at;
                self.utf_cow().map(drop)
            }
        }
    }
}

/// Modified UTF-8 that is also standard UTF-8 decodes to the same string: standard UTF-8 with sequences of at
/// most three bytes (a lead byte below F0) has no surrogates, no overlong forms (`C0 80`) and nothing outside
/// the BMP, and for those modified UTF-8 is the same encoding.
fn as_utf8(b: &[u8]) -> Option<&str> {
    let s = std::str::from_utf8(b).ok()?;
    (s.is_ascii() || !b.iter().any(|&c| c >= 0xF0)).then_some(s)
}

/// Java's modified UTF-8: `C0 80` for U+0000, and characters outside the BMP as two 3-byte surrogate halves.
pub fn decode_modified_utf8(b: &[u8]) -> std::result::Result<String, String> {
    let mut units: Vec<u16> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let cont = |j: usize| -> std::result::Result<u16, String> {
            match b.get(j) {
                Some(&x) if x & 0xC0 == 0x80 => Ok(u16::from(x & 0x3F)),
                _ => Err(format!("malformed modified UTF-8 at string byte {j}")),
            }
        };
        if c & 0x80 == 0 {
            units.push(u16::from(c));
            i += 1;
        } else if c & 0xE0 == 0xC0 {
            units.push((u16::from(c & 0x1F) << 6) | cont(i + 1)?);
            i += 2;
        } else if c & 0xF0 == 0xE0 {
            units.push((u16::from(c & 0x0F) << 12) | (cont(i + 1)? << 6) | cont(i + 2)?);
            i += 3;
        } else {
            return Err(format!("malformed modified UTF-8 at string byte {i}"));
        }
    }
    Ok(char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primitives_and_bounds() {
        let data = [0x00, 0x00, 0x00, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x03, b'a', b'b', b'c'];
        let mut r = Reader::new(&data);
        assert_eq!(r.i32().unwrap(), 2);
        assert_eq!(r.i32().unwrap(), -1);
        assert_eq!(r.utf().unwrap(), "abc");
        assert_eq!(r.remaining(), 0);
        let e = r.u8().unwrap_err();
        assert!(e.ends_early() && e.offset() == 13, "{e:?}");
        assert_eq!(
            e.to_string(),
            "the file ends early, at byte 13: 1 more byte needed for the 1-byte field at byte 13"
        );
        let mut r = Reader::new(&[0, 0, 0, 0, 0, 7]);
        r.u16().unwrap();
        let e = r.i64().unwrap_err();
        assert_eq!(e.to_string(), "the file ends early, at byte 6: 4 more bytes needed for the 8-byte field at byte 2");
        let e = Reader::new(&[0, 9, b'a']).utf().unwrap_err();
        assert_eq!(
            e.to_string(),
            "the file ends early, at byte 3: 8 more bytes needed for the 9-byte string at byte 2"
        );
        assert_eq!(Reader::new(&[]).i32().unwrap_err().to_string(), "the file is empty");
    }

    #[test]
    fn counts_are_checked_against_what_is_left() {
        let e = Reader::new(&[0, 0, 0, 3, 0, 0]).count("subtask", 4).unwrap_err();
        assert!(e.ends_early(), "{e:?}");
        assert_eq!(
            e.to_string(),
            "the file ends early, at byte 6: at least 10 more bytes needed for the 3 subtasks (of at least 4 bytes \
             each) at byte 4"
        );
        let e = Reader::new(&[0, 0, 0, 5, 1]).count("inline state byte", 1).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the file ends early, at byte 5: 4 more bytes needed for the 5 inline state bytes at byte 4"
        );
        let e = Reader::new(&[0xFF, 0xFF, 0xFF, 0xFE]).count("x", 1).unwrap_err();
        assert!(!e.ends_early(), "{e:?}");
        assert_eq!(e.to_string(), "at byte 0: negative x count -2");
        let mut r = Reader::new(&[0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(r.count("x", 4).unwrap(), 2);
    }

    #[test]
    fn modified_utf8() {
        assert_eq!(decode_modified_utf8(&[0xC0, 0x80]).unwrap(), "\0");
        // U+1F600 as CESU-8 surrogate halves
        assert_eq!(decode_modified_utf8(&[0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]).unwrap(), "😀");
        assert_eq!(decode_modified_utf8("Ünï".as_bytes()).unwrap(), "Ünï");
        assert!(decode_modified_utf8(&[0xE0, 0x80]).is_err());
        assert!(decode_modified_utf8(&[0xFF]).is_err());
    }

    #[test]
    fn strings_borrowed_from_the_input_read_as_decoded() {
        let cases: &[&[u8]] = &[
            b"",
            b"file:/checkpoints/job/shared/0f6c",
            "Ünïcødé-日本".as_bytes(),
            &[0xC0, 0x80],
            &[0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80],
            &[0xED, 0xA0, 0xBD],
            &[0xC1, 0x81],
            &[0xE0, 0x80, 0x80],
            "😀".as_bytes(),
            &[0xE0, 0x80],
            &[0xFF],
            &[b'a', 0x80],
        ];
        for &b in cases {
            let mut data = (b.len() as u16).to_be_bytes().to_vec();
            data.extend(b);
            let want = decode_modified_utf8(b);
            let got = Reader::new(&data).utf_cow();
            match (&want, &got) {
                (Ok(w), Ok(g)) => assert_eq!(w, g, "{b:x?}"),
                (Err(w), Err(ParseError::Corrupt { offset: 2, message })) => assert_eq!(w, message, "{b:x?}"),
                _ => panic!("{b:x?}: {want:?} vs {got:?}"),
            }
            assert_eq!(Reader::new(&data).skip_utf().is_ok(), want.is_ok(), "{b:x?}");
            if let Some(s) = as_utf8(b) {
                assert_eq!(Ok(s.to_string()), want, "{b:x?}");
            }
        }
    }
}
