//! A bounds-checked big-endian reader over a byte slice (Java's `DataInputStream`), with Java's modified
//! UTF-8. Every read and every count is checked against the bytes left, so corrupt input gives an error
//! with its offset, never a panic or an allocation larger than the input.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for ParseError {}

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

    pub fn err<T>(&self, message: impl Into<String>) -> Result<T> {
        Err(ParseError { offset: self.pos, message: message.into() })
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return self.err(format!("the file ends early: {n} bytes needed, {} left", self.remaining()));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.bytes(1)?[0])
    }

    pub fn bool(&mut self) -> Result<bool> {
        Ok(self.u8()? != 0)
    }

    pub fn u16(&mut self) -> Result<u16> {
        let b = self.bytes(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    pub fn i32(&mut self) -> Result<i32> {
        let b = self.bytes(4)?;
        Ok(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn i64(&mut self) -> Result<i64> {
        let b = self.bytes(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(i64::from_be_bytes(a))
    }

    /// A count of items each at least `min_item_bytes` long: never negative, never more than the bytes left
    /// could hold.
    pub fn count(&mut self, what: &str, min_item_bytes: usize) -> Result<usize> {
        let start = self.pos;
        let n = self.i32()?;
        let fits = usize::try_from(n).ok().filter(|n| n.saturating_mul(min_item_bytes.max(1)) <= self.remaining());
        match fits {
            Some(n) => Ok(n),
            None => Err(ParseError {
                offset: start,
                message: format!("implausible {what} count {n} with {} bytes left", self.remaining()),
            }),
        }
    }

    pub fn skip(&mut self, n: usize) -> Result<()> {
        self.bytes(n).map(|_| ())
    }

    /// `DataOutput.writeUTF`: a u16 byte length, then modified UTF-8.
    pub fn utf(&mut self) -> Result<String> {
        let n = self.u16()? as usize;
        let start = self.pos;
        let b = self.bytes(n)?;
        decode_modified_utf8(b).map_err(|m| ParseError { offset: start, message: m })
    }
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
        assert_eq!(e.offset, 13);
        assert!(e.message.contains("ends early"));
    }

    #[test]
    fn counts_are_checked_against_what_is_left() {
        let mut r = Reader::new(&[0x7F, 0xFF, 0xFF, 0xFF, 0, 0]);
        assert!(r.count("subtask", 4).unwrap_err().message.contains("implausible subtask count 2147483647"));
        let mut r = Reader::new(&[0xFF, 0xFF, 0xFF, 0xFE]);
        assert!(r.count("x", 1).is_err());
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
}
