//! A streaming RFC 4180 record reader that knows the line each record starts on.
//!
//! The `csv` crate reports the position where it *resumed* reading, which is off by the
//! blank lines and multi-line cells before a record; import errors must name the exact
//! line, so this reader counts line breaks itself. It accepts what spreadsheets write:
//! an optional UTF-8 byte-order mark, `\n`, `\r\n` or lone `\r` line ends, quoted cells
//! with `""` escapes and embedded line breaks, and blank lines between records (skipped).
//! Cells stay bytes; the caller decodes UTF-8 per cell so that it can name the column.

use std::io::{self, Read};

/// Longest record accepted, so that a file without line breaks cannot exhaust memory.
pub(super) const MAX_RECORD_BYTES: usize = 1 << 20;

/// Why a record could not be read.
#[derive(Debug)]
pub(super) enum RecordError {
    /// The underlying reader failed.
    Io(io::Error),
    /// Malformed CSV on `line`.
    Syntax { line: u64, problem: &'static str },
}

/// The cells of one record, as bytes.
#[derive(Debug, Default)]
pub(super) struct Record {
    bytes: Vec<u8>,
    /// End offset in `bytes` of each cell.
    ends: Vec<usize>,
}

impl Record {
    /// Number of cells.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The cell at `index`, if the record has it.
    pub(super) fn get(&self, index: usize) -> Option<&[u8]> {
        let end = *self.ends.get(index)?;
        let start = if index == 0 {
            0
        } else {
            *self.ends.get(index - 1)?
        };
        self.bytes.get(start..end)
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }

    fn end_cell(&mut self) {
        self.ends.push(self.bytes.len());
    }
}

/// Reads records from any `Read`, with its own buffer.
pub(super) struct Records<R> {
    input: R,
    buffer: Box<[u8]>,
    /// Next unread byte in `buffer`.
    position: usize,
    /// Bytes of `buffer` filled by the last read.
    filled: usize,
    eof: bool,
    /// Line of the next unread byte (1-based).
    line: u64,
    /// The previous byte was `\r`, so a following `\n` ends the same line.
    after_cr: bool,
    /// Whether the byte-order-mark check at the start of the input has been done.
    started: bool,
}

impl<R: Read> Records<R> {
    pub(super) fn new(input: R) -> Records<R> {
        Records {
            input,
            buffer: vec![0; 64 * 1024].into_boxed_slice(),
            position: 0,
            filled: 0,
            eof: false,
            line: 1,
            after_cr: false,
            started: false,
        }
    }

    /// Reads the next record into `record`; returns the line it starts on, or `None` at
    /// the end of the input.
    pub(super) fn read(&mut self, record: &mut Record) -> Result<Option<u64>, RecordError> {
        record.clear();
        if !self.started {
            self.started = true;
            self.skip_byte_order_mark().map_err(RecordError::Io)?;
        }
        // Blank lines between records carry no cells.
        loop {
            match self.peek()? {
                None => return Ok(None),
                Some(b'\r' | b'\n') => self.advance(),
                Some(_) => break,
            }
        }
        let start_line = self.line;
        loop {
            if self.peek()? == Some(b'"') {
                self.advance();
                self.quoted_cell(record, start_line)?;
            } else {
                self.unquoted_cell(record, start_line)?;
            }
            record.end_cell();
            match self.peek()? {
                Some(b',') => self.advance(),
                Some(b'\r') => {
                    self.advance();
                    if self.peek()? == Some(b'\n') {
                        self.advance();
                    }
                    return Ok(Some(start_line));
                }
                Some(b'\n') => {
                    self.advance();
                    return Ok(Some(start_line));
                }
                None => return Ok(Some(start_line)),
                Some(_) => {
                    return Err(RecordError::Syntax {
                        line: self.line,
                        problem: "unexpected text after a closing quote (quotes inside a quoted cell are written \"\")",
                    });
                }
            }
        }
    }

    /// Reads an unquoted cell up to the next `,`, line end or end of input. A `"` inside
    /// it is kept as text, as spreadsheets do.
    fn unquoted_cell(&mut self, record: &mut Record, start_line: u64) -> Result<(), RecordError> {
        while let Some(byte) = self.peek()? {
            if matches!(byte, b',' | b'\r' | b'\n') {
                break;
            }
            self.push(record, byte, start_line)?;
            self.advance();
        }
        Ok(())
    }

    /// Reads a quoted cell after its opening quote, through its closing quote.
    fn quoted_cell(&mut self, record: &mut Record, start_line: u64) -> Result<(), RecordError> {
        loop {
            let Some(byte) = self.peek()? else {
                return Err(RecordError::Syntax {
                    line: start_line,
                    problem: "a quoted cell is not closed before the end of the file",
                });
            };
            self.advance();
            if byte == b'"' {
                if self.peek()? == Some(b'"') {
                    self.advance();
                } else {
                    return Ok(());
                }
            }
            self.push(record, byte, start_line)?;
        }
    }

    fn push(&self, record: &mut Record, byte: u8, start_line: u64) -> Result<(), RecordError> {
        if record.bytes.len() >= MAX_RECORD_BYTES {
            return Err(RecordError::Syntax {
                line: start_line,
                problem: "the record is longer than 1 MiB",
            });
        }
        record.bytes.push(byte);
        Ok(())
    }

    /// The next byte without consuming it.
    fn peek(&mut self) -> Result<Option<u8>, RecordError> {
        if self.position >= self.filled && !self.refill().map_err(RecordError::Io)? {
            return Ok(None);
        }
        Ok(self.buffer.get(self.position).copied())
    }

    /// Consumes the byte `peek` returned, counting line breaks (`\r\n` counts once).
    fn advance(&mut self) {
        let Some(&byte) = self.buffer.get(self.position) else {
            return;
        };
        self.position += 1;
        match byte {
            b'\n' if self.after_cr => self.after_cr = false,
            b'\n' => self.line += 1,
            b'\r' => {
                self.line += 1;
                self.after_cr = true;
            }
            _ => self.after_cr = false,
        }
    }

    /// Reads more input into the empty buffer; false at the end of the input.
    fn refill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        self.position = 0;
        self.filled = 0;
        loop {
            match self.input.read(&mut self.buffer) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.filled = n.min(self.buffer.len());
                    return Ok(true);
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
    }

    /// Drops a UTF-8 byte-order mark at the very start, however the reader splits it.
    fn skip_byte_order_mark(&mut self) -> io::Result<()> {
        const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
        // Gather at least three bytes (or all there is) at the front of the buffer.
        while self.filled < BOM.len() && !self.eof {
            match self.input.read(&mut self.buffer[self.filled..]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.filled = (self.filled + n).min(self.buffer.len()),
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        if self.buffer.get(..BOM.len()) == Some(&BOM[..]) && self.filled >= BOM.len() {
            self.position = BOM.len();
        }
        Ok(())
    }
}
