//! The byte layout of a dataset file, and the primitive writer and reader for it.
//!
//! # Layout (version 2)
//! ```text
//! file      := magic version flags n_sections section{n_sections} checksum
//! magic     := "CLDS"                       4 bytes
//! version   := u16 LE                       2
//! flags     := u16 LE                       0 (reserved)
//! n_sections:= u32 LE
//! section   := tag length payload
//! tag       := 4 ASCII bytes                (see `Tag`)
//! length    := u32 LE                       payload bytes
//! checksum  := u32 LE                       CRC-32 (IEEE) of every byte before it
//! varint    := LEB128, at most 10 bytes, u64
//! string    := varint(len) utf8-bytes(len)
//! ```
//! Every section is required, each exactly once, in any order. Section payloads are
//! described where they are written (`build.rs`) and read (`decode.rs`). Integers inside
//! payloads are varints unless stated; sorted id lists are delta-coded.

use thiserror::Error;

/// The four magic bytes that open every dataset file.
pub const MAGIC: &[u8; 4] = b"CLDS";
/// The format version this build writes and reads. Version 2 serves each contact's
/// standing (declined, consent, legitimate interest) where version 1 served three choice
/// flags; a version 1 file is refused, and the app downloads the dataset again.
pub const VERSION: u16 = 2;
/// Bytes before the first section.
pub(crate) const HEADER_LEN: usize = 12;

/// Why bytes are not a dataset this build can read.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// The input is shorter than a header and checksum.
    #[error("the dataset is truncated: {len} bytes is too short for a dataset file")]
    TooShort {
        /// Input length.
        len: usize,
    },
    /// The input does not start with `CLDS`.
    #[error("this is not a Clearlist dataset (bad magic bytes)")]
    BadMagic,
    /// The input was written by a format version this build does not read.
    #[error("dataset format version {found} is not supported (this build reads version {VERSION})")]
    UnsupportedVersion {
        /// The version found in the header.
        found: u16,
    },
    /// The checksum does not match: the file was corrupted or truncated in transit.
    #[error(
        "the dataset is corrupted or truncated (checksum {found:08x}, expected {expected:08x})"
    )]
    BadChecksum {
        /// Checksum stored in the file.
        found: u32,
        /// Checksum of the bytes read.
        expected: u32,
    },
    /// A section or value runs past the end of its container.
    #[error("the dataset is truncated inside section {section}")]
    Truncated {
        /// Tag of the section being read.
        section: String,
    },
    /// A required section is absent.
    #[error("the dataset has no {section} section")]
    MissingSection {
        /// Tag of the missing section.
        section: String,
    },
    /// A section appears twice.
    #[error("the dataset has section {section} twice")]
    DuplicateSection {
        /// Tag of the repeated section.
        section: String,
    },
    /// A value is out of range or inconsistent with the rest of the file.
    #[error("invalid dataset section {section}: {reason}")]
    Invalid {
        /// Tag of the section being read.
        section: String,
        /// What is wrong.
        reason: String,
    },
}

/// Appends primitives to a byte buffer.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    pub(crate) fn u32_le(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn u64_le(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            #[allow(clippy::cast_possible_truncation, reason = "low seven bits")]
            self.bytes.push((value as u8) | 0x80);
            value >>= 7;
        }
        #[allow(clippy::cast_possible_truncation, reason = "value < 0x80")]
        self.bytes.push(value as u8);
    }

    pub(crate) fn usize(&mut self, value: usize) {
        self.varint(value as u64);
    }

    /// Zig-zag coded signed varint.
    pub(crate) fn ivarint(&mut self, value: i64) {
        #[allow(clippy::cast_sign_loss, reason = "zig-zag coding")]
        self.varint(((value << 1) ^ (value >> 63)) as u64);
    }

    pub(crate) fn string(&mut self, text: &str) {
        self.usize(text.len());
        self.bytes.extend_from_slice(text.as_bytes());
    }
}

/// Reads primitives from one section's payload; every read can fail with `Truncated`.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    section: &'static str,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8], section: &'static str) -> Self {
        Reader {
            bytes,
            pos: 0,
            section,
        }
    }

    pub(crate) fn truncated(&self) -> DecodeError {
        DecodeError::Truncated {
            section: self.section.to_owned(),
        }
    }

    pub(crate) fn invalid(&self, reason: impl Into<String>) -> DecodeError {
        DecodeError::Invalid {
            section: self.section.to_owned(),
            reason: reason.into(),
        }
    }

    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub(crate) fn take(&mut self, len: usize) -> Result<&'a [u8], DecodeError> {
        let end = self
            .pos
            .checked_add(len)
            .filter(|&end| end <= self.bytes.len());
        let end = end.ok_or_else(|| self.truncated())?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    pub(crate) fn u64_le(&mut self) -> Result<u64, DecodeError> {
        let bytes = self.take(8)?;
        let mut array = [0; 8];
        array.copy_from_slice(bytes);
        Ok(u64::from_le_bytes(array))
    }

    pub(crate) fn varint(&mut self) -> Result<u64, DecodeError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                return Err(self.invalid("varint overflows 64 bits"));
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.invalid("varint longer than 10 bytes"))
    }

    /// A varint that must fit `limit` (exclusive), e.g. a dictionary index.
    pub(crate) fn index(&mut self, limit: usize, what: &str) -> Result<usize, DecodeError> {
        let value = self.varint()?;
        usize::try_from(value)
            .ok()
            .filter(|&value| value < limit)
            .ok_or_else(|| self.invalid(format!("{what} {value} out of range (limit {limit})")))
    }

    /// A count of items that each take at least `min_bytes`, checked against what is left
    /// so that a forged count cannot make the decoder allocate without bound.
    pub(crate) fn count(&mut self, min_bytes: usize) -> Result<usize, DecodeError> {
        let value = self.varint()?;
        let count = usize::try_from(value).map_err(|_| self.truncated())?;
        if count.saturating_mul(min_bytes.max(1)) > self.remaining() && min_bytes > 0 {
            return Err(self.truncated());
        }
        Ok(count)
    }

    pub(crate) fn ivarint(&mut self) -> Result<i64, DecodeError> {
        let raw = self.varint()?;
        #[allow(clippy::cast_possible_wrap, reason = "zig-zag coding")]
        Ok(((raw >> 1) as i64) ^ -((raw & 1) as i64))
    }

    pub(crate) fn string(&mut self) -> Result<&'a str, DecodeError> {
        let len = self.count(1)?;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes).map_err(|_| self.invalid("string is not UTF-8"))
    }

    pub(crate) fn finish(&self) -> Result<(), DecodeError> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            Err(self.invalid(format!("{} unexpected trailing bytes", self.remaining())))
        }
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test(unsupported = test)]
    fn varints_round_trip() {
        let values = [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX];
        let mut writer = Writer::default();
        for value in values {
            writer.varint(value);
            writer.ivarint(-(i64::try_from(value % 1000).unwrap_or(0)));
        }
        let mut reader = Reader::new(&writer.bytes, "TEST");
        for value in values {
            assert_eq!(reader.varint(), Ok(value));
            assert_eq!(
                reader.ivarint(),
                Ok(-(i64::try_from(value % 1000).unwrap_or(0)))
            );
        }
        assert!(reader.finish().is_ok());
        assert!(reader.varint().is_err());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn overlong_varints_are_rejected() {
        let mut reader = Reader::new(&[0xff; 11], "TEST");
        assert!(matches!(reader.varint(), Err(DecodeError::Invalid { .. })));
        let mut reader = Reader::new(
            &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02],
            "TEST",
        );
        assert!(matches!(reader.varint(), Err(DecodeError::Invalid { .. })));
    }
}
