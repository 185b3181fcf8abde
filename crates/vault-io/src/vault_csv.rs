//! CSV import and export of a whole vault: the documented files in which users load their
//! own accounts, contacts and intent activity, and in which `clearlist generate` writes its
//! demo data. The engine does no IO, so both directions take readers and writers.
//!
//! # Files
//!
//! Four files, each with a header line naming its columns (in any order; names are matched
//! without regard to ASCII case). UTF-8, an optional byte-order mark, comma-separated,
//! RFC 4180 quoting (`"a, b"`, `"say ""hi"""`, line breaks inside quotes), `\n` or
//! `\r\n` line ends; blank lines are skipped. Every cell is trimmed of surrounding
//! spaces. Multi-valued cells separate their values with `;` (empty values are dropped,
//! repeated ones kept once). A column marked optional may be left out of the header; its
//! cells then read as empty. Line numbers in errors count the header as line 1.
//!
//! ## `meta.csv`
//! | column | required | content |
//! |---|---|---|
//! | `key` | yes | `as_of` (the only key) |
//! | `value` | yes | for `as_of`: the last day of the 13-week intent window, `YYYY-MM-DD` |
//!
//! ## `accounts.csv` (one row per company)
//! | column | required | content |
//! |---|---|---|
//! | `id` | yes | account id, an integer 0–4294967295, unique |
//! | `name` | yes | company name, not empty |
//! | `domain` | yes | web domain, e.g. `acme.com`; stored lower case without `http(s)://`, `www.` or a trailing `/` |
//! | `country` | yes | HQ country, ISO 3166-1 alpha-2 (`US`, `de`), stored upper case |
//! | `city` | optional | HQ city |
//! | `industry` | yes | industry label, e.g. `Computer Software` |
//! | `employees` | yes | headcount, an integer 0–4294967295 |
//! | `revenue_usd` | optional | annual revenue in US dollars, an integer; empty means 0 |
//! | `technologies` | optional | installed technologies, `;`-separated labels |
//! | `topics` | optional | intent topics, `;`-separated, most read first |
//! | `vendors` | optional | vendors whose content the account read, `;`-separated, most read first |
//! | `description` | optional | free text |
//!
//! ## `contacts.csv` (one row per person; personal data)
//! | column | required | content |
//! |---|---|---|
//! | `id` | yes | contact id, an integer 0–4294967295, unique |
//! | `account_id` | yes | the `id` of an account in `accounts.csv` |
//! | `first_name` | optional | given name |
//! | `last_name` | optional | family name |
//! | `email` | yes | work email, kept as written (trimmed); one `@` with text on both sides and a `.` in the domain |
//! | `title` | optional | free-text job title |
//! | `function` | yes | one of `it`, `engineering`, `security`, `data`, `finance`, `marketing`, `sales`, `operations`, `hr`, `legal`, `procurement`, `executive` |
//! | `seniority` | yes | one of `c-level`, `vp`, `director`, `manager`, `staff` |
//! | `country` | optional | country of work, ISO 3166-1 alpha-2; empty means unknown |
//! | `lawful_basis` | yes | `consent` or `legitimate-interest` (required: processing needs a recorded basis) |
//! | `opted_out` | optional | `true` or `false`; empty means `false` |
//! | `email_download` | optional | `true` if the person allows their email to be exported; empty means `false` |
//!
//! ## `intent.csv` (one row per account, segment and week)
//! | column | required | content |
//! |---|---|---|
//! | `account_id` | yes | the `id` of an account in `accounts.csv` |
//! | `segment` | yes | market segment label, e.g. `Cloud Security` |
//! | `week_start` | yes | first day of one of the 13 weeks ending on `as_of`, `YYYY-MM-DD`: week *i* (1–13) runs from `as_of − (14 − i)·7 + 1` to `as_of − (13 − i)·7` |
//! | `readers` | yes | distinct readers that week, an integer 0–65535 |
//! | `senior_readers` | optional | of those, director level and above (at most `readers`); empty means 0 |
//! | `late_stage` | optional | late-stage content events (pricing, comparisons, trials); empty means 0 |
//! | `vendors` | optional | distinct vendors whose content was read; empty means 0 |
//! | `last_touch` | optional | a day in the window with activity, `YYYY-MM-DD`; a segment's last touch is the latest over its rows |
//!
//! Weeks without activity may be left out; the same account, segment and week may not
//! appear twice. The export writes every week with any activity (and, for a record with
//! none, its last week with zeros, so that the record survives a round trip) and puts a
//! record's last touch on its last row.
//!
//! These files are a data-interchange format, read back by this module: cells are written
//! as they are. They are not the spreadsheet export of contact lists, whose cells the
//! server guards against formula injection.

mod records;
// Property tests (proptest) run natively only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::{self, Write as _};
use std::io::{Read, Write};
use std::str::FromStr;

use clearlist_engine::countries;
use clearlist_engine::date::Date;
use clearlist_engine::suppression::normalise_email;
use clearlist_engine::taxonomy::{Function, LawfulBasis, Seniority};
use clearlist_engine::vault::{Account, Contact, IntentRecord, Vault, WEEKS, WeekActivity};

use self::records::{Record, RecordError, Records};

/// The separator of values in a multi-valued cell.
pub const LIST_SEPARATOR: char = ';';

/// One of the four files of a vault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CsvFile {
    /// `meta.csv`: the window's last day.
    Meta,
    /// `accounts.csv`: companies.
    Accounts,
    /// `contacts.csv`: people.
    Contacts,
    /// `intent.csv`: weekly activity per account and segment.
    Intent,
}

impl CsvFile {
    /// Every file, in the order [`read_vault`] and [`write_vault`] take them.
    pub const ALL: [CsvFile; 4] = [
        CsvFile::Meta,
        CsvFile::Accounts,
        CsvFile::Contacts,
        CsvFile::Intent,
    ];

    /// The file's conventional name.
    #[must_use]
    pub const fn file_name(self) -> &'static str {
        match self {
            CsvFile::Meta => "meta.csv",
            CsvFile::Accounts => "accounts.csv",
            CsvFile::Contacts => "contacts.csv",
            CsvFile::Intent => "intent.csv",
        }
    }

    /// The file's columns, in the order the export writes them.
    #[must_use]
    pub const fn columns(self) -> &'static [&'static str] {
        match self {
            CsvFile::Meta => &["key", "value"],
            CsvFile::Accounts => &[
                "id",
                "name",
                "domain",
                "country",
                "city",
                "industry",
                "employees",
                "revenue_usd",
                "technologies",
                "topics",
                "vendors",
                "description",
            ],
            CsvFile::Contacts => &[
                "id",
                "account_id",
                "first_name",
                "last_name",
                "email",
                "title",
                "function",
                "seniority",
                "country",
                "lawful_basis",
                "opted_out",
                "email_download",
            ],
            CsvFile::Intent => &[
                "account_id",
                "segment",
                "week_start",
                "readers",
                "senior_readers",
                "late_stage",
                "vendors",
                "last_touch",
            ],
        }
    }

    /// The columns the header must name.
    #[must_use]
    pub const fn required_columns(self) -> &'static [&'static str] {
        match self {
            CsvFile::Meta => &["key", "value"],
            CsvFile::Accounts => &["id", "name", "domain", "country", "industry", "employees"],
            CsvFile::Contacts => &[
                "id",
                "account_id",
                "email",
                "function",
                "seniority",
                "lawful_basis",
            ],
            CsvFile::Intent => &["account_id", "segment", "week_start", "readers"],
        }
    }
}

impl fmt::Display for CsvFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file_name())
    }
}

/// Why a vault could not be imported. Every variant names the file, and those about a
/// record name its line (the header is line 1) and, for a cell, its column.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Reading the file failed.
    #[error("{file}: cannot read the file: {message}")]
    Io {
        /// The file.
        file: CsvFile,
        /// The reader's error.
        message: String,
    },
    /// Malformed CSV: an unclosed quoted cell, text after a closing quote, or a record
    /// longer than 1 MiB.
    #[error("{file}, line {line}: {problem}")]
    Syntax {
        /// The file.
        file: CsvFile,
        /// Line of the problem (for an unclosed quote, where its record starts).
        line: u64,
        /// What is wrong.
        problem: &'static str,
    },
    /// The file is empty: the header line is missing.
    #[error("{file} is empty; its first line must name the columns: {}", .file.columns().join(","))]
    MissingHeader {
        /// The file.
        file: CsvFile,
    },
    /// The header lacks a required column.
    #[error("{file}, line 1: the header lacks the column `{column}`")]
    MissingColumn {
        /// The file.
        file: CsvFile,
        /// The missing column.
        column: &'static str,
    },
    /// The header names a column the file does not have (a typo, or the wrong file).
    #[error("{file}, line 1: unknown column `{column}`; the columns are {}", .file.columns().join(","))]
    UnknownColumn {
        /// The file.
        file: CsvFile,
        /// The header cell as written.
        column: String,
    },
    /// The header names a column twice.
    #[error("{file}, line 1: the column `{column}` appears twice")]
    DuplicateColumn {
        /// The file.
        file: CsvFile,
        /// The repeated column.
        column: &'static str,
    },
    /// A record has more or fewer cells than the header.
    #[error("{file}, line {line}: {found} cells where the header has {expected}")]
    CellCount {
        /// The file.
        file: CsvFile,
        /// Line of the record.
        line: u64,
        /// Cells in the header.
        expected: usize,
        /// Cells in the record.
        found: usize,
    },
    /// A cell is not valid UTF-8.
    #[error("{file}, line {line}, column `{column}`: the text is not valid UTF-8")]
    NotUtf8 {
        /// The file.
        file: CsvFile,
        /// Line of the record (1 for the header).
        line: u64,
        /// The column (in the header: its 1-based position).
        column: String,
    },
    /// A required cell is empty (a name, domain, industry, segment, id, …).
    #[error("{file}, line {line}, column `{column}`: the cell is empty")]
    EmptyCell {
        /// The file.
        file: CsvFile,
        /// Line of the record.
        line: u64,
        /// The column.
        column: &'static str,
    },
    /// A number cell is not a whole number from 0 to `max`.
    #[error(
        "{file}, line {line}, column `{column}`: `{value}` is not a whole number from 0 to {max}"
    )]
    BadNumber {
        /// The file.
        file: CsvFile,
        /// Line of the record.
        line: u64,
        /// The column.
        column: &'static str,
        /// The cell.
        value: String,
        /// The largest value the column holds.
        max: u64,
    },
    /// A date cell is not a date of the form `YYYY-MM-DD`.
    #[error(
        "{file}, line {line}, column `{column}`: `{value}` is not a date of the form YYYY-MM-DD"
    )]
    BadDate {
        /// The file.
        file: CsvFile,
        /// Line of the record.
        line: u64,
        /// The column.
        column: &'static str,
        /// The cell.
        value: String,
    },
    /// A yes/no cell is neither `true` nor `false`.
    #[error("{file}, line {line}, column `{column}`: `{value}` is neither true nor false")]
    BadBool {
        /// The file.
        file: CsvFile,
        /// Line of the record.
        line: u64,
        /// The column.
        column: &'static str,
        /// The cell.
        value: String,
    },
    /// A country cell is not an ISO 3166-1 alpha-2 code.
    #[error(
        "{file}, line {line}, column `{column}`: `{value}` is not an ISO 3166-1 alpha-2 country code"
    )]
    UnknownCountry {
        /// The file.
        file: CsvFile,
        /// Line of the record.
        line: u64,
        /// The column.
        column: &'static str,
        /// The cell.
        value: String,
    },
    /// A function, seniority or lawful-basis cell is not one of its slugs.
    #[error(
        "{file}, line {line}, column `{column}`: unknown value `{value}`; expected one of {expected}"
    )]
    UnknownSlug {
        /// The file.
        file: CsvFile,
        /// Line of the record.
        line: u64,
        /// The column.
        column: &'static str,
        /// The cell.
        value: String,
        /// The accepted slugs, comma-separated.
        expected: String,
    },
    /// A domain cell is not a domain name (letters, digits, `-` and at least one `.`).
    #[error(
        "{file}, line {line}, column `domain`: `{value}` is not a domain name such as example.com"
    )]
    InvalidDomain {
        /// The file.
        file: CsvFile,
        /// Line of the record.
        line: u64,
        /// The cell.
        value: String,
    },
    /// An email cell is not an address: it needs exactly one `@`, text on both sides, a
    /// `.` in the domain and no spaces.
    #[error("{file}, line {line}, column `email`: `{value}` is not an email address")]
    InvalidEmail {
        /// The file.
        file: CsvFile,
        /// Line of the record.
        line: u64,
        /// The cell.
        value: String,
    },
    /// An id appears on two rows.
    #[error("{file}, line {line}: id {id} already appears on line {first_line}")]
    DuplicateId {
        /// The file.
        file: CsvFile,
        /// Line of the second row.
        line: u64,
        /// The id.
        id: u32,
        /// Line of the first row.
        first_line: u64,
    },
    /// A contact or intent row names an account that `accounts.csv` does not have.
    #[error(
        "{file}, line {line}, column `account_id`: accounts.csv has no account {account_id} (or its row was skipped)"
    )]
    UnknownAccount {
        /// The file.
        file: CsvFile,
        /// Line of the record.
        line: u64,
        /// The missing account.
        account_id: u32,
    },
    /// `week_start` is not the first day of one of the 13 weeks of the window.
    #[error(
        "{file}, line {line}, column `week_start`: {week_start} does not start a week of the window; \
         weeks start every 7 days from {first} to {last}"
    )]
    WeekOutsideWindow {
        /// The file.
        file: CsvFile,
        /// Line of the record.
        line: u64,
        /// The cell.
        week_start: Date,
        /// Start of the first week.
        first: Date,
        /// Start of the last week.
        last: Date,
    },
    /// The same account, segment and week appear on two rows.
    #[error(
        "{file}, line {line}: account {account_id}, segment `{segment}`, week {week_start} already appears on line {first_line}"
    )]
    DuplicateWeek {
        /// The file.
        file: CsvFile,
        /// Line of the second row.
        line: u64,
        /// The account.
        account_id: u32,
        /// The segment.
        segment: String,
        /// The week.
        week_start: Date,
        /// Line of the first row.
        first_line: u64,
    },
    /// `senior_readers` is greater than `readers`.
    #[error(
        "{file}, line {line}, column `senior_readers`: {senior_readers} senior readers but only {readers} readers"
    )]
    SeniorReadersExceedReaders {
        /// The file.
        file: CsvFile,
        /// Line of the record.
        line: u64,
        /// The cell.
        senior_readers: u16,
        /// The `readers` cell.
        readers: u16,
    },
    /// `last_touch` lies outside the 13-week window.
    #[error(
        "{file}, line {line}, column `last_touch`: {last_touch} is outside the window {first} to {last}"
    )]
    LastTouchOutsideWindow {
        /// The file.
        file: CsvFile,
        /// Line of the record.
        line: u64,
        /// The cell.
        last_touch: Date,
        /// First day of the window.
        first: Date,
        /// Last day of the window (`as_of`).
        last: Date,
    },
    /// `meta.csv` has a key other than `as_of`.
    #[error("meta.csv, line {line}: unknown key `{key}`; the only key is as_of")]
    UnknownMetaKey {
        /// Line of the record.
        line: u64,
        /// The key.
        key: String,
    },
    /// `meta.csv` sets a key twice.
    #[error("meta.csv, line {line}: `{key}` is already set on line {first_line}")]
    DuplicateMetaKey {
        /// Line of the second row.
        line: u64,
        /// The key.
        key: String,
        /// Line of the first row.
        first_line: u64,
    },
    /// `meta.csv` does not set `as_of`.
    #[error("meta.csv does not set as_of (a row `as_of,YYYY-MM-DD`)")]
    MissingAsOf,
}

/// Why a vault could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing one of the files failed.
    #[error("cannot write {file}: {source}")]
    Write {
        /// The file.
        file: CsvFile,
        /// The writer's error.
        #[source]
        source: csv::Error,
    },
    /// A value of a multi-valued cell is empty, has surrounding spaces or contains `;`, so
    /// it would not read back as the same value.
    #[error(
        "account {account_id}: the {column} value `{label}` cannot be written in a `;`-separated cell"
    )]
    UnwritableLabel {
        /// The account.
        account_id: u32,
        /// The column.
        column: &'static str,
        /// The value.
        label: String,
    },
}

/// A vault read from its four files, with the rows it skipped.
#[derive(Clone, Debug, PartialEq)]
pub struct VaultRead {
    /// The rows that could be read.
    pub vault: Vault,
    /// The line of each of `vault.contacts` in `contacts.csv`, in the same order.
    pub contact_lines: Vec<u64>,
    /// The rows skipped, each with its file, line and reason.
    pub rejected: Rejections,
}

impl VaultRead {
    /// The vault, or the first skipped row's reason: for files that must be read whole
    /// (a round trip, a generated vault).
    ///
    /// # Errors
    /// The first row skipped.
    pub fn strict(self) -> Result<Vault, ImportError> {
        match self.rejected.named.into_iter().next() {
            Some(error) => Err(error),
            None => Ok(self.vault),
        }
    }
}

/// Rows skipped by a read: the first [`Rejections::NAMED`] with their reasons, and how
/// many in all (a file of a million bad rows should not need a million messages).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rejections {
    /// The first rows skipped, in the order read.
    pub named: Vec<ImportError>,
    /// Every row skipped.
    pub total: u64,
}

impl Rejections {
    /// How many skipped rows are named.
    pub const NAMED: usize = 10_000;

    /// Skips the row `error` is about; an error about the whole file is returned instead.
    ///
    /// # Errors
    /// `error` itself when it is not about one row.
    pub fn skip(&mut self, error: ImportError) -> Result<(), ImportError> {
        if !error.is_row_error() {
            return Err(error);
        }
        self.total += 1;
        if self.named.len() < Self::NAMED {
            self.named.push(error);
        }
        Ok(())
    }
}

impl ImportError {
    /// Whether the error is about one row, which an import skips, rather than about the
    /// whole file (unreadable, bad header, bad encoding, bad `meta.csv`), which refuses it.
    #[must_use]
    pub fn is_row_error(&self) -> bool {
        matches!(
            self,
            Self::CellCount { .. }
                | Self::EmptyCell { .. }
                | Self::BadNumber { .. }
                | Self::BadDate { .. }
                | Self::BadBool { .. }
                | Self::UnknownCountry { .. }
                | Self::UnknownSlug { .. }
                | Self::InvalidDomain { .. }
                | Self::InvalidEmail { .. }
                | Self::DuplicateId { .. }
                | Self::UnknownAccount { .. }
                | Self::WeekOutsideWindow { .. }
                | Self::DuplicateWeek { .. }
                | Self::SeniorReadersExceedReaders { .. }
                | Self::LastTouchOutsideWindow { .. }
        )
    }
}

impl ImportError {
    /// The file and line the error is about, when it is about a line.
    #[must_use]
    pub fn location(&self) -> Option<(CsvFile, u64)> {
        match self {
            Self::Syntax { file, line, .. }
            | Self::CellCount { file, line, .. }
            | Self::NotUtf8 { file, line, .. }
            | Self::EmptyCell { file, line, .. }
            | Self::BadNumber { file, line, .. }
            | Self::BadDate { file, line, .. }
            | Self::BadBool { file, line, .. }
            | Self::UnknownCountry { file, line, .. }
            | Self::UnknownSlug { file, line, .. }
            | Self::InvalidDomain { file, line, .. }
            | Self::InvalidEmail { file, line, .. }
            | Self::DuplicateId { file, line, .. }
            | Self::UnknownAccount { file, line, .. }
            | Self::WeekOutsideWindow { file, line, .. }
            | Self::DuplicateWeek { file, line, .. }
            | Self::SeniorReadersExceedReaders { file, line, .. }
            | Self::LastTouchOutsideWindow { file, line, .. } => Some((*file, *line)),
            Self::UnknownMetaKey { line, .. } | Self::DuplicateMetaKey { line, .. } => {
                Some((CsvFile::Meta, *line))
            }
            Self::Io { .. }
            | Self::MissingHeader { .. }
            | Self::MissingColumn { .. }
            | Self::UnknownColumn { .. }
            | Self::DuplicateColumn { .. }
            | Self::MissingAsOf => None,
        }
    }
}

/// Reads a vault from its four files. A row that cannot be read (a bad cell, a duplicate
/// id, an unknown account, an unusable email) is skipped and named in
/// [`VaultRead::rejected`]; the rest is read.
///
/// # Errors
/// The first problem about a whole file, reading `meta`, `accounts`, `contacts` and
/// `intent` in that order: it cannot be read, its header is wrong, a cell is not UTF-8, or
/// `meta.csv` is wrong; see [`ImportError`]. Never panics, whatever the bytes.
pub fn read_vault<R: Read>(
    meta: R,
    accounts: R,
    contacts: R,
    intent: R,
) -> Result<VaultRead, ImportError> {
    let mut rejected = Rejections::default();
    let as_of = read_meta(meta)?;
    let (accounts, account_lines) = read_accounts(accounts, &mut rejected)?;
    let (contacts, contact_lines) = read_contacts(contacts, &account_lines, &mut rejected)?;
    let intent = read_intent(intent, as_of, &account_lines, &mut rejected)?;
    Ok(VaultRead {
        vault: Vault {
            as_of,
            accounts,
            contacts,
            intent,
        },
        contact_lines,
        rejected,
    })
}

/// Writes a vault as its four files.
///
/// # Errors
/// [`ExportError::Write`] when a writer fails; [`ExportError::UnwritableLabel`] for a value
/// that a `;`-separated cell cannot hold. Output written before the error is incomplete.
pub fn write_vault<W: Write>(
    vault: &Vault,
    meta: W,
    accounts: W,
    contacts: W,
    intent: W,
) -> Result<(), ExportError> {
    write_meta(vault, meta).map_err(|source| ExportError::Write {
        file: CsvFile::Meta,
        source,
    })?;
    write_accounts(vault, accounts)?;
    write_contacts(vault, contacts).map_err(|source| ExportError::Write {
        file: CsvFile::Contacts,
        source,
    })?;
    write_intent(vault, intent).map_err(|source| ExportError::Write {
        file: CsvFile::Intent,
        source,
    })?;
    Ok(())
}

fn read_meta<R: Read>(input: R) -> Result<Date, ImportError> {
    let mut table = Table::open(CsvFile::Meta, input)?;
    let key = table.column("key");
    let value = table.column("value");
    let mut as_of: Option<(Date, u64)> = None;
    while table.next()? {
        let line = table.line;
        let name = table.required(key)?;
        if !name.eq_ignore_ascii_case("as_of") {
            return Err(ImportError::UnknownMetaKey {
                line,
                key: name.to_owned(),
            });
        }
        if let Some((_, first_line)) = as_of {
            return Err(ImportError::DuplicateMetaKey {
                line,
                key: "as_of".to_owned(),
                first_line,
            });
        }
        let date = table.date(value)?.ok_or(ImportError::EmptyCell {
            file: CsvFile::Meta,
            line,
            column: "value",
        })?;
        as_of = Some((date, line));
    }
    as_of.map(|(date, _)| date).ok_or(ImportError::MissingAsOf)
}

/// Accounts, and the line of each account id (for duplicate and reference checks).
fn read_accounts<R: Read>(
    input: R,
    rejected: &mut Rejections,
) -> Result<(Vec<Account>, HashMap<u32, u64>), ImportError> {
    let mut table = Table::open(CsvFile::Accounts, input)?;
    let columns = table.columns::<12>();
    let mut accounts = Vec::new();
    let mut lines = HashMap::new();
    while table.next_row(rejected)? {
        let read = account_row(&table, columns).and_then(|account| {
            table.first_use(&mut lines, account.id)?;
            Ok(account)
        });
        match read {
            Ok(account) => accounts.push(account),
            Err(error) => rejected.skip(error)?,
        }
    }
    Ok((accounts, lines))
}

fn account_row<R: Read>(table: &Table<R>, columns: [Column; 12]) -> Result<Account, ImportError> {
    let [
        id,
        name,
        domain,
        country,
        city,
        industry,
        employees,
        revenue_usd,
        technologies,
        topics,
        vendors,
        description,
    ] = columns;
    Ok(Account {
        id: table.number::<u32>(id)?.ok_or_else(|| table.empty(id))?,
        name: table.required(name)?.to_owned(),
        domain: table.domain(domain)?,
        country: table
            .country(country)?
            .ok_or_else(|| table.empty(country))?
            .to_owned(),
        city: table.text(city)?.to_owned(),
        industry: table.required(industry)?.to_owned(),
        employees: table
            .number(employees)?
            .ok_or_else(|| table.empty(employees))?,
        revenue_usd: table.number(revenue_usd)?.unwrap_or(0),
        technologies: table.list(technologies)?,
        topics: table.list(topics)?,
        vendors: table.list(vendors)?,
        description: table.text(description)?.to_owned(),
    })
}

/// Contacts, and the line of each.
fn read_contacts<R: Read>(
    input: R,
    accounts: &HashMap<u32, u64>,
    rejected: &mut Rejections,
) -> Result<(Vec<Contact>, Vec<u64>), ImportError> {
    let mut table = Table::open(CsvFile::Contacts, input)?;
    let columns = table.columns::<12>();
    let mut contacts = Vec::new();
    let mut contact_lines = Vec::new();
    let mut lines: HashMap<u32, u64> = HashMap::new();
    while table.next_row(rejected)? {
        let read = contact_row(&table, columns, accounts).and_then(|contact| {
            table.first_use(&mut lines, contact.id)?;
            Ok(contact)
        });
        match read {
            Ok(contact) => {
                contacts.push(contact);
                contact_lines.push(table.line);
            }
            Err(error) => rejected.skip(error)?,
        }
    }
    Ok((contacts, contact_lines))
}

fn contact_row<R: Read>(
    table: &Table<R>,
    columns: [Column; 12],
    accounts: &HashMap<u32, u64>,
) -> Result<Contact, ImportError> {
    let [
        id,
        account_id,
        first_name,
        last_name,
        email,
        title,
        function,
        seniority,
        country,
        lawful_basis,
        opted_out,
        email_download,
    ] = columns;
    Ok(Contact {
        id: table.number::<u32>(id)?.ok_or_else(|| table.empty(id))?,
        account_id: table.account(account_id, accounts)?,
        first_name: table.text(first_name)?.to_owned(),
        last_name: table.text(last_name)?.to_owned(),
        email: table.email(email)?.to_owned(),
        title: table.text(title)?.to_owned(),
        function: table.slug(function, Function::ALL, Function::from_slug, Function::slug)?,
        seniority: table.slug(
            seniority,
            Seniority::ALL,
            Seniority::from_slug,
            Seniority::slug,
        )?,
        country: table.country(country)?.unwrap_or_default().to_owned(),
        lawful_basis: table.slug(
            lawful_basis,
            LawfulBasis::ALL,
            LawfulBasis::from_slug,
            LawfulBasis::slug,
        )?,
        opted_out: table.boolean(opted_out)?,
        email_download: table.boolean(email_download)?,
    })
}

/// One row of `intent.csv`, checked against the window.
struct IntentRow {
    account: u32,
    segment: String,
    week: usize,
    start: Date,
    activity: WeekActivity,
    touch: Option<Date>,
}

fn read_intent<R: Read>(
    input: R,
    as_of: Date,
    accounts: &HashMap<u32, u64>,
    rejected: &mut Rejections,
) -> Result<Vec<IntentRecord>, ImportError> {
    let mut table = Table::open(CsvFile::Intent, input)?;
    let columns = table.columns::<8>();
    let mut records: Vec<IntentRecord> = Vec::new();
    // Per record: its index in `records` and the line of each week seen so far (0: none).
    let mut seen: HashMap<(u32, String), (usize, [u64; WEEKS])> = HashMap::new();
    while table.next_row(rejected)? {
        let row = match intent_row(&table, columns, as_of, accounts) {
            Ok(row) => row,
            Err(error) => {
                rejected.skip(error)?;
                continue;
            }
        };
        let (line, file) = (table.line, table.file);
        let key = (row.account, row.segment);
        if let Some(&(_, week_lines)) = seen.get(&key)
            && week_lines[row.week] != 0
        {
            rejected.skip(ImportError::DuplicateWeek {
                file,
                line,
                account_id: key.0,
                segment: key.1,
                week_start: row.start,
                first_line: week_lines[row.week],
            })?;
            continue;
        }
        let (index, week_lines) = seen.entry(key).or_insert_with_key(|(account, segment)| {
            records.push(IntentRecord {
                account_id: *account,
                segment: segment.clone(),
                weeks: [WeekActivity::default(); WEEKS],
                last_touch: None,
            });
            (records.len() - 1, [0; WEEKS])
        });
        week_lines[row.week] = line;
        if let Some(record) = records.get_mut(*index) {
            record.weeks[row.week] = row.activity;
            record.last_touch = record.last_touch.max(row.touch);
        }
    }
    Ok(records)
}

fn intent_row<R: Read>(
    table: &Table<R>,
    columns: [Column; 8],
    as_of: Date,
    accounts: &HashMap<u32, u64>,
) -> Result<IntentRow, ImportError> {
    let [
        account_id,
        segment,
        week_start,
        readers,
        senior_readers,
        late_stage,
        vendors,
        last_touch,
    ] = columns;
    let (line, file) = (table.line, table.file);
    let window_start = as_of.add_days(-(7 * 13 - 1));
    let account = table.account(account_id, accounts)?;
    let label = table.required(segment)?;
    let start = table
        .date(week_start)?
        .ok_or_else(|| table.empty(week_start))?;
    let offset = start.0 - window_start.0;
    let week = usize::try_from(offset / 7)
        .ok()
        .filter(|&week| offset % 7 == 0 && week < WEEKS)
        .ok_or(ImportError::WeekOutsideWindow {
            file,
            line,
            week_start: start,
            first: window_start,
            last: as_of.add_days(-6),
        })?;
    let activity = WeekActivity {
        readers: table.number(readers)?.ok_or_else(|| table.empty(readers))?,
        senior_readers: table.number(senior_readers)?.unwrap_or(0),
        late_stage: table.number(late_stage)?.unwrap_or(0),
        vendors: table.number(vendors)?.unwrap_or(0),
    };
    if activity.senior_readers > activity.readers {
        return Err(ImportError::SeniorReadersExceedReaders {
            file,
            line,
            senior_readers: activity.senior_readers,
            readers: activity.readers,
        });
    }
    let touch = table.date(last_touch)?;
    if let Some(day) = touch
        && !(window_start..=as_of).contains(&day)
    {
        return Err(ImportError::LastTouchOutsideWindow {
            file,
            line,
            last_touch: day,
            first: window_start,
            last: as_of,
        });
    }
    Ok(IntentRow {
        account,
        segment: label.to_owned(),
        week,
        start,
        activity,
        touch,
    })
}

/// A column of the file being read: its name and where it is in the records.
#[derive(Clone, Copy, Debug)]
struct Column {
    name: &'static str,
    /// Index in each record; `None` for an optional column the header leaves out.
    position: Option<usize>,
}

/// A file being read: the header's column map and the current record.
struct Table<R> {
    file: CsvFile,
    records: Records<R>,
    record: Record,
    /// For each of `file.columns()`, its index in the records.
    positions: Vec<Option<usize>>,
    /// Cells per record (those of the header).
    width: usize,
    /// Line of the current record.
    line: u64,
}

impl<R: Read> Table<R> {
    /// Reads and checks the header.
    fn open(file: CsvFile, input: R) -> Result<Table<R>, ImportError> {
        let mut table = Table {
            file,
            records: Records::new(input),
            record: Record::default(),
            positions: vec![None; file.columns().len()],
            width: 0,
            line: 1,
        };
        match table.records.read(&mut table.record) {
            Ok(Some(line)) => table.line = line,
            Ok(None) => return Err(ImportError::MissingHeader { file }),
            Err(error) => return Err(table.record_error(error)),
        }
        table.width = table.record.len();
        for position in 0..table.width {
            let cell = table.record.get(position).unwrap_or_default();
            let name = std::str::from_utf8(cell).map_err(|_| ImportError::NotUtf8 {
                file,
                line: table.line,
                column: format!("#{}", position + 1),
            })?;
            let name = name.trim();
            let Some(index) = file
                .columns()
                .iter()
                .position(|column| column.eq_ignore_ascii_case(name))
            else {
                return Err(ImportError::UnknownColumn {
                    file,
                    column: name.to_owned(),
                });
            };
            if table.positions[index].is_some() {
                return Err(ImportError::DuplicateColumn {
                    file,
                    column: file.columns()[index],
                });
            }
            table.positions[index] = Some(position);
        }
        for required in file.required_columns() {
            let index = file.columns().iter().position(|column| column == required);
            if index.and_then(|index| table.positions[index]).is_none() {
                return Err(ImportError::MissingColumn {
                    file,
                    column: required,
                });
            }
        }
        Ok(table)
    }

    /// The columns of the file, in [`CsvFile::columns`] order.
    fn columns<const N: usize>(&self) -> [Column; N] {
        std::array::from_fn(|index| Column {
            name: self.file.columns().get(index).copied().unwrap_or_default(),
            position: self.positions.get(index).copied().flatten(),
        })
    }

    /// One column by name.
    fn column(&self, name: &'static str) -> Column {
        let index = self
            .file
            .columns()
            .iter()
            .position(|column| *column == name);
        Column {
            name,
            position: index.and_then(|index| self.positions.get(index).copied().flatten()),
        }
    }

    /// Reads the next record; false at the end of the file.
    fn next(&mut self) -> Result<bool, ImportError> {
        match self.records.read(&mut self.record) {
            Ok(Some(line)) => self.line = line,
            Ok(None) => return Ok(false),
            Err(error) => return Err(self.record_error(error)),
        }
        if self.record.len() != self.width {
            return Err(ImportError::CellCount {
                file: self.file,
                line: self.line,
                expected: self.width,
                found: self.record.len(),
            });
        }
        Ok(true)
    }

    /// Reads the next record with as many cells as the header, skipping (into `rejected`)
    /// those with more or fewer; false at the end of the file.
    fn next_row(&mut self, rejected: &mut Rejections) -> Result<bool, ImportError> {
        loop {
            match self.next() {
                Err(error @ ImportError::CellCount { .. }) => rejected.skip(error)?,
                other => return other,
            }
        }
    }

    /// Records that the current line holds `id`; an error naming the first line that
    /// already did.
    fn first_use(&self, lines: &mut HashMap<u32, u64>, id: u32) -> Result<(), ImportError> {
        match lines.entry(id) {
            Entry::Occupied(first) => Err(ImportError::DuplicateId {
                file: self.file,
                line: self.line,
                id,
                first_line: *first.get(),
            }),
            Entry::Vacant(entry) => {
                entry.insert(self.line);
                Ok(())
            }
        }
    }

    fn record_error(&self, error: RecordError) -> ImportError {
        match error {
            RecordError::Io(error) => ImportError::Io {
                file: self.file,
                message: error.to_string(),
            },
            RecordError::Syntax { line, problem } => ImportError::Syntax {
                file: self.file,
                line,
                problem,
            },
        }
    }

    /// The trimmed text of a cell; empty for a column the header leaves out.
    fn text(&self, column: Column) -> Result<&str, ImportError> {
        let Some(bytes) = column
            .position
            .and_then(|position| self.record.get(position))
        else {
            return Ok("");
        };
        std::str::from_utf8(bytes)
            .map(str::trim)
            .map_err(|_| ImportError::NotUtf8 {
                file: self.file,
                line: self.line,
                column: column.name.to_owned(),
            })
    }

    /// The text of a cell that must not be empty.
    fn required(&self, column: Column) -> Result<&str, ImportError> {
        let text = self.text(column)?;
        if text.is_empty() {
            Err(self.empty(column))
        } else {
            Ok(text)
        }
    }

    fn empty(&self, column: Column) -> ImportError {
        ImportError::EmptyCell {
            file: self.file,
            line: self.line,
            column: column.name,
        }
    }

    /// A whole number; `None` for an empty cell.
    fn number<T: FromStr + Into<u64> + Bounded>(
        &self,
        column: Column,
    ) -> Result<Option<T>, ImportError> {
        let text = self.text(column)?;
        if text.is_empty() {
            return Ok(None);
        }
        // `FromStr` for integers accepts a leading `+`; a plain digit string is clearer.
        let digits = text.bytes().all(|b| b.is_ascii_digit());
        match text.parse::<T>() {
            Ok(value) if digits => Ok(Some(value)),
            _ => Err(ImportError::BadNumber {
                file: self.file,
                line: self.line,
                column: column.name,
                value: text.to_owned(),
                max: T::MAX.into(),
            }),
        }
    }

    /// A `YYYY-MM-DD` date; `None` for an empty cell.
    fn date(&self, column: Column) -> Result<Option<Date>, ImportError> {
        let text = self.text(column)?;
        if text.is_empty() {
            return Ok(None);
        }
        text.parse().map(Some).map_err(|_| ImportError::BadDate {
            file: self.file,
            line: self.line,
            column: column.name,
            value: text.to_owned(),
        })
    }

    /// `true` or `false` in any letter case; empty is false.
    fn boolean(&self, column: Column) -> Result<bool, ImportError> {
        let text = self.text(column)?;
        if text.is_empty() || text.eq_ignore_ascii_case("false") {
            Ok(false)
        } else if text.eq_ignore_ascii_case("true") {
            Ok(true)
        } else {
            Err(ImportError::BadBool {
                file: self.file,
                line: self.line,
                column: column.name,
                value: text.to_owned(),
            })
        }
    }

    /// The upper-case code of a known country; `None` for an empty cell.
    fn country(&self, column: Column) -> Result<Option<&'static str>, ImportError> {
        let text = self.text(column)?;
        if text.is_empty() {
            return Ok(None);
        }
        countries::country(text)
            .map(|country| Some(country.code))
            .ok_or_else(|| ImportError::UnknownCountry {
                file: self.file,
                line: self.line,
                column: column.name,
                value: text.to_owned(),
            })
    }

    /// A value of a closed vocabulary, by slug in any letter case.
    fn slug<T: Copy>(
        &self,
        column: Column,
        all: &[T],
        from_slug: fn(&str) -> Option<T>,
        slug: fn(T) -> &'static str,
    ) -> Result<T, ImportError> {
        let text = self.required(column)?;
        from_slug(&text.to_ascii_lowercase()).ok_or_else(|| ImportError::UnknownSlug {
            file: self.file,
            line: self.line,
            column: column.name,
            value: text.to_owned(),
            expected: all
                .iter()
                .map(|&value| slug(value))
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    /// The `;`-separated values of a cell, trimmed, without empty or repeated ones.
    fn list(&self, column: Column) -> Result<Vec<String>, ImportError> {
        let mut values: Vec<String> = Vec::new();
        for value in self.text(column)?.split(LIST_SEPARATOR).map(str::trim) {
            if !value.is_empty() && !values.iter().any(|seen| seen == value) {
                values.push(value.to_owned());
            }
        }
        Ok(values)
    }

    /// A domain, normalised: lower case, without scheme, `www.` or trailing `/`.
    fn domain(&self, column: Column) -> Result<String, ImportError> {
        let text = self.required(column)?;
        let mut domain = text.to_lowercase();
        for prefix in ["https://", "http://"] {
            if let Some(rest) = domain.strip_prefix(prefix) {
                domain = rest.to_owned();
            }
        }
        if let Some(rest) = domain.strip_suffix('/') {
            domain = rest.to_owned();
        }
        if let Some(rest) = domain.strip_prefix("www.") {
            domain = rest.to_owned();
        }
        let valid = domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && !domain.contains("..")
            && domain
                .chars()
                .all(|ch| ch.is_alphanumeric() || ch == '-' || ch == '.');
        if valid {
            Ok(domain)
        } else {
            Err(ImportError::InvalidDomain {
                file: self.file,
                line: self.line,
                value: text.to_owned(),
            })
        }
    }

    /// An email address as written (trimmed), if it has the shape of one.
    fn email(&self, column: Column) -> Result<&str, ImportError> {
        let text = self.required(column)?;
        let valid = match text.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !text.chars().any(char::is_whitespace)
                    && normalise_email(text).is_some()
            }
            None => false,
        };
        if valid {
            Ok(text)
        } else {
            Err(ImportError::InvalidEmail {
                file: self.file,
                line: self.line,
                value: text.to_owned(),
            })
        }
    }

    /// An account id that `accounts.csv` defines.
    fn account(&self, column: Column, accounts: &HashMap<u32, u64>) -> Result<u32, ImportError> {
        let id = self
            .number::<u32>(column)?
            .ok_or_else(|| self.empty(column))?;
        if accounts.contains_key(&id) {
            Ok(id)
        } else {
            Err(ImportError::UnknownAccount {
                file: self.file,
                line: self.line,
                account_id: id,
            })
        }
    }
}

/// The largest value of a number column's type, for error messages.
trait Bounded {
    const MAX: Self;
}

impl Bounded for u16 {
    const MAX: u16 = u16::MAX;
}

impl Bounded for u32 {
    const MAX: u32 = u32::MAX;
}

impl Bounded for u64 {
    const MAX: u64 = u64::MAX;
}

/// A CSV writer that formats numbers and lists into one reused buffer.
struct Output<W: Write> {
    writer: csv::Writer<W>,
    buffer: String,
}

impl<W: Write> Output<W> {
    fn new(output: W, file: CsvFile) -> Result<Output<W>, csv::Error> {
        let mut writer = csv::WriterBuilder::new().from_writer(output);
        writer.write_record(file.columns())?;
        Ok(Output {
            writer,
            buffer: String::new(),
        })
    }

    fn text(&mut self, text: &str) -> Result<(), csv::Error> {
        self.writer.write_field(text)
    }

    fn display(&mut self, value: impl fmt::Display) -> Result<(), csv::Error> {
        self.buffer.clear();
        // Writing into a String cannot fail.
        let _ = write!(self.buffer, "{value}");
        self.writer.write_field(&self.buffer)
    }

    fn boolean(&mut self, value: bool) -> Result<(), csv::Error> {
        self.writer
            .write_field(if value { "true" } else { "false" })
    }

    fn list(&mut self, values: &[String]) -> Result<(), csv::Error> {
        self.buffer.clear();
        for (index, value) in values.iter().enumerate() {
            if index > 0 {
                self.buffer.push(LIST_SEPARATOR);
            }
            self.buffer.push_str(value);
        }
        self.writer.write_field(&self.buffer)
    }

    fn end_record(&mut self) -> Result<(), csv::Error> {
        self.writer.write_record(None::<&[u8]>)
    }

    fn finish(mut self) -> Result<(), csv::Error> {
        self.writer.flush()?;
        Ok(())
    }
}

fn write_meta<W: Write>(vault: &Vault, output: W) -> Result<(), csv::Error> {
    let mut out = Output::new(output, CsvFile::Meta)?;
    out.text("as_of")?;
    out.display(vault.as_of)?;
    out.end_record()?;
    out.finish()
}

fn write_accounts<W: Write>(vault: &Vault, output: W) -> Result<(), ExportError> {
    let write_error = |source| ExportError::Write {
        file: CsvFile::Accounts,
        source,
    };
    let mut out = Output::new(output, CsvFile::Accounts).map_err(write_error)?;
    for account in &vault.accounts {
        for (column, values) in [
            ("technologies", &account.technologies),
            ("topics", &account.topics),
            ("vendors", &account.vendors),
        ] {
            if let Some(label) = values.iter().find(|label| !is_writable_label(label)) {
                return Err(ExportError::UnwritableLabel {
                    account_id: account.id,
                    column,
                    label: label.clone(),
                });
            }
        }
        let mut row = || -> Result<(), csv::Error> {
            out.display(account.id)?;
            out.text(&account.name)?;
            out.text(&account.domain)?;
            out.text(&account.country)?;
            out.text(&account.city)?;
            out.text(&account.industry)?;
            out.display(account.employees)?;
            out.display(account.revenue_usd)?;
            out.list(&account.technologies)?;
            out.list(&account.topics)?;
            out.list(&account.vendors)?;
            out.text(&account.description)?;
            out.end_record()
        };
        row().map_err(write_error)?;
    }
    out.finish().map_err(write_error)
}

/// Whether a value survives a `;`-separated cell unchanged.
fn is_writable_label(label: &str) -> bool {
    !label.is_empty() && label.trim() == label && !label.contains(LIST_SEPARATOR)
}

fn write_contacts<W: Write>(vault: &Vault, output: W) -> Result<(), csv::Error> {
    let mut out = Output::new(output, CsvFile::Contacts)?;
    for contact in &vault.contacts {
        out.display(contact.id)?;
        out.display(contact.account_id)?;
        out.text(&contact.first_name)?;
        out.text(&contact.last_name)?;
        out.text(&contact.email)?;
        out.text(&contact.title)?;
        out.text(contact.function.slug())?;
        out.text(contact.seniority.slug())?;
        out.text(&contact.country)?;
        out.text(contact.lawful_basis.slug())?;
        out.boolean(contact.opted_out)?;
        out.boolean(contact.email_download)?;
        out.end_record()?;
    }
    out.finish()
}

fn write_intent<W: Write>(vault: &Vault, output: W) -> Result<(), csv::Error> {
    let mut out = Output::new(output, CsvFile::Intent)?;
    let window_start = vault.window_start();
    for record in &vault.intent {
        let active: Vec<usize> = (0..WEEKS)
            .filter(|&week| record.weeks[week] != WeekActivity::default())
            .collect();
        // A record without activity still gets a row, or it would vanish on import.
        let rows = if active.is_empty() {
            vec![WEEKS - 1]
        } else {
            active
        };
        let last_row = rows.len() - 1;
        for (row, &week) in rows.iter().enumerate() {
            let activity = record.weeks[week];
            out.display(record.account_id)?;
            out.text(&record.segment)?;
            out.display(window_start.add_days(7 * i32::try_from(week).unwrap_or(0)))?;
            out.display(activity.readers)?;
            out.display(activity.senior_readers)?;
            out.display(activity.late_stage)?;
            out.display(activity.vendors)?;
            match record.last_touch {
                Some(day) if row == last_row => out.display(day)?,
                _ => out.text("")?,
            }
            out.end_record()?;
        }
    }
    out.finish()
}
