//! Suppression lists: parse a user's file of emails and domains (in the browser, where the
//! file stays), normalise entries exactly as the server normalises vault emails, and compile
//! them into a matcher that marks suppressed accounts and contacts.
//!
//! Domains suppress accounts (and their subdomains); emails suppress contacts, matched
//! through their pseudonyms (see [`crate::pseudonym`]): the browser exchanges the parsed
//! emails for pseudonyms and builds a [`SuppressionSet`] from those and the domains.
//!
//! # Normalisation policy
//!
//! [`normalise_email`] and [`normalise_domain`] are the one definition of "the same address",
//! used by the browser for suppression files and by the server for vault emails before
//! computing pseudonyms. Matching is exact after normalisation, so both sides must agree.
//!
//! 1. **Trim** whitespace (including non-breaking and zero-width spaces and stray byte-order
//!    marks), double and single quotes and angle brackets from both ends, repeatedly:
//!    `" <Jane@Acme.com> "` → `Jane@Acme.com`.
//! 2. **Emails: strip `mailto:`** (any case) and any `?subject=…` query after it.
//! 3. **Lower-case the whole address** (Unicode lower case). RFC 5321 lets a server treat
//!    local parts case-sensitively, but B2B mail providers do not in practice, and recorded
//!    addresses vary in case (`Jane.Doe@`, `jane.doe@`): a case-sensitive match would miss
//!    real opt-outs.
//! 4. **No provider-specific rewriting**: dots and `+tags` in the local part are kept.
//!    Gmail ignores them, but most company mail servers do not, and a custom domain does not
//!    say which provider hosts it. Matching is reliable because both sides apply this same
//!    function; any rewrite added here would apply to the vault as well and give two
//!    different people (`j.doe@acme.com`, `jdoe@acme.com`) one pseudonym, so that
//!    suppressing one suppresses the other. A suppression list should hold the addresses
//!    as the contacts use them.
//! 5. **Domains** (entries and the domain part of URLs): lower case; strip a scheme
//!    (`https://`), a leading `@` (`@acme.com` names a domain), the path, query and
//!    fragment, a port, one trailing dot, and `www.` prefixes as long as a dot remains:
//!    `https://WWW.Acme.com:443/about?x` → `acme.com`. The domain part of an email only
//!    loses case and a trailing dot: `www.` is part of the address there.
//! 6. **Valid domain**: at least two labels; each label 1–63 bytes of `a-z`, `0-9`, `-` or
//!    non-ASCII letters and digits (kept in Unicode, lower case: no IDNA/punycode mapping,
//!    so `münchen.de` and `xn--mnchen-3ya.de` are different), not starting or ending with
//!    `-`; the top-level label has at least two characters and not only digits (so `1.2.3.4`
//!    and `3.14` are not domains); at most 253 bytes.
//! 7. **Valid email**: exactly one `@`; a local part of 1–64 bytes made of letters, digits,
//!    ``!#$%&'*+-/=?^_`{|}~`` and dots (not first, last or doubled; non-ASCII letters and
//!    digits allowed); a valid domain (rule 6); at most 254 bytes in all. Quoted local parts
//!    (`"john doe"@acme.com`) and IP literals are rejected.
//!
//! Normalisation is idempotent: a normalised value normalises to itself.
//!
//! # File format
//!
//! [`parse_suppression`] accepts plain text or CSV: UTF-8 (with or without byte-order
//! mark) or UTF-16 with a byte-order mark; LF, CRLF or CR line ends; `,`, `;` or tab
//! separators (detected from the first lines); double-quoted cells (a quoted cell ends at
//! the end of its line); `"Name" <a@b.com>` forms. Every cell that is an email or a domain
//! counts, other cells (names, companies) are ignored. A first line without any email or
//! domain is a header; any later line without one is reported with its line number.

// Property tests (proptest) run natively only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use crate::pseudonym::Pseudonym;
use std::collections::HashSet;
use std::fmt;

/// Longest text of an invalid line that is kept for display, in characters.
pub const INVALID_TEXT_MAX_CHARS: usize = 200;

/// A parsed suppression file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedSuppression {
    /// Normalised emails, sorted and deduplicated.
    pub emails: Vec<String>,
    /// Normalised domains, sorted and deduplicated.
    pub domains: Vec<String>,
    /// Lines that hold no email or domain, in file order.
    pub invalid: Vec<InvalidLine>,
    /// The 1-based number of the line skipped as a header, if any.
    pub header_line: Option<usize>,
    /// Lines in the file, blank ones included.
    pub lines_read: usize,
    /// Entries dropped because an equal (normalised) entry came earlier.
    pub duplicates: usize,
}

/// A line of a suppression file that yielded nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidLine {
    /// 1-based line number.
    pub line: usize,
    /// The line's text, at most [`INVALID_TEXT_MAX_CHARS`] characters; invalid UTF-8 is
    /// shown as `�`.
    pub text: String,
    /// Why the line was rejected.
    pub reason: InvalidReason,
}

/// Why a line of a suppression file holds no usable entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
pub enum InvalidReason {
    /// The line is not valid text in the file's encoding.
    #[error("the line is not valid UTF-8 text")]
    InvalidEncoding,
    /// A cell contains `@` but is not a valid email address (and no other cell is usable).
    #[error("not a valid email address")]
    InvalidEmail,
    /// A cell looks like a domain or URL but is not a valid one (and no other cell is usable).
    #[error("not a valid domain")]
    InvalidDomain,
    /// No cell looks like an email address or a domain.
    #[error("no email address or domain")]
    NoEmailOrDomain,
}

/// A compiled suppression list: build once, then match every account and contact.
///
/// Domains are matched on normalised account domains, including subdomains: `acme.com`
/// suppresses `eu.acme.com`. Pseudonyms are matched exactly; the bulk method
/// [`SuppressionSet::mark`] checks a whole dataset column with one cached bit test for
/// nearly every contact and a hash-table probe for the few others.
#[derive(Clone)]
pub struct SuppressionSet {
    /// Normalised domains.
    domains: DomainSet,
    /// Suppressed pseudonym values.
    pseudonyms: PseudonymTable,
}

/// Parses a suppression file's bytes. Never fails: problems are reported per line in
/// [`ParsedSuppression::invalid`].
#[must_use]
pub fn parse_suppression(bytes: &[u8]) -> ParsedSuppression {
    let text = decode_text(bytes);
    let lines = split_lines(&text);
    let separator = detect_separator(&lines);
    let mut parsed = ParsedSuppression {
        lines_read: lines.len(),
        ..ParsedSuppression::default()
    };
    let mut seen_content = false;
    let mut entries = 0;
    for (index, raw) in lines.iter().enumerate() {
        let line_number = index + 1;
        let Ok(line) = std::str::from_utf8(raw) else {
            seen_content = true;
            parsed.invalid.push(invalid_line(
                line_number,
                raw,
                InvalidReason::InvalidEncoding,
            ));
            continue;
        };
        let mut outcome = LineOutcome::default();
        for cell in split_cells(line, separator) {
            match classify(&cell) {
                Cell::Blank => {}
                Cell::Email(email) => parsed.emails.push(email),
                Cell::Domain(domain) => parsed.domains.push(domain),
                Cell::BadEmail => outcome.bad_email = true,
                Cell::BadDomain => outcome.bad_domain = true,
                Cell::Other => outcome.other = true,
            }
        }
        let found = parsed.emails.len() + parsed.domains.len() - entries;
        entries += found;
        if found == 0 && !outcome.bad_email && !outcome.bad_domain && !outcome.other {
            // Blank, or separators only (spreadsheets export empty rows as `,,,`).
            continue;
        }
        let first = !seen_content;
        seen_content = true;
        if found > 0 {
            continue;
        }
        let reason = if outcome.bad_email {
            InvalidReason::InvalidEmail
        } else if outcome.bad_domain {
            InvalidReason::InvalidDomain
        } else if first {
            // Only words such as `Email Address,Company`: a header, not a mistake.
            parsed.header_line = Some(line_number);
            continue;
        } else {
            InvalidReason::NoEmailOrDomain
        };
        parsed.invalid.push(invalid_line(line_number, raw, reason));
    }
    parsed.emails.sort_unstable();
    parsed.emails.dedup();
    parsed.domains.sort_unstable();
    parsed.domains.dedup();
    parsed.duplicates = entries - parsed.emails.len() - parsed.domains.len();
    parsed
}

/// Normalises an email address by the module's policy (rules 1–4, 6, 7), or `None` if it is
/// not a valid address. The server applies the same function to vault emails.
///
/// Only a bare address is accepted: `Jane <jane@acme.com>` is `None` here (the file parser
/// extracts the address from such forms first).
#[must_use]
pub fn normalise_email(raw: &str) -> Option<String> {
    let trimmed = trim_wrapping(raw, true);
    let lower = trimmed.to_lowercase();
    let (local, domain) = lower.split_once('@')?;
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    if !is_valid_local_part(local) || !is_valid_domain(domain) {
        return None;
    }
    let email = format!("{local}@{domain}");
    (email.len() <= EMAIL_MAX_LEN).then_some(email)
}

/// Normalises a domain, a URL or an `@domain` by the module's policy (rules 1, 5, 6), or
/// `None` if it does not name a valid domain. Account domains in the dataset are normalised
/// by this function.
#[must_use]
pub fn normalise_domain(raw: &str) -> Option<String> {
    let trimmed = trim_wrapping(raw, false);
    let lower = trimmed.to_lowercase();
    let mut host = strip_scheme(&lower);
    host = host.strip_prefix('@').unwrap_or(host);
    if let Some(end) = host.find(['/', '?', '#']) {
        host = &host[..end];
    }
    if host.contains('@') {
        // User info in a URL, or an email: not a domain.
        return None;
    }
    if let Some((name, port)) = host.rsplit_once(':')
        && port.bytes().all(|byte| byte.is_ascii_digit())
    {
        host = name;
    }
    host = host.strip_suffix('.').unwrap_or(host);
    while let Some(rest) = host.strip_prefix("www.") {
        // `www.com` stays: stripping would leave a bare top-level label.
        if !rest.contains('.') {
            break;
        }
        host = rest;
    }
    is_valid_domain(host).then(|| host.to_owned())
}

impl SuppressionSet {
    /// Compiles a suppression list. Domains are normalised with [`normalise_domain`]; those
    /// that are not valid are dropped, since no normalised account domain could equal them
    /// or lie beneath them.
    #[must_use]
    pub fn new(domains: Vec<String>, pseudonyms: Vec<Pseudonym>) -> Self {
        let names = domains
            .into_iter()
            .filter_map(|domain| normalise_domain(&domain));
        let domains = DomainSet::new(names.collect());
        let pseudonyms = PseudonymTable::new(pseudonyms.into_iter().map(|pseudonym| pseudonym.0));
        SuppressionSet {
            domains,
            pseudonyms,
        }
    }

    /// Whether an account with this normalised domain is suppressed: the domain itself or a
    /// parent domain of it is in the list (`eu.acme.com` is suppressed by `acme.com`).
    ///
    /// `domain` must be normalised (as account domains in the dataset are); other spellings
    /// (upper case, `www.`, URLs) do not match.
    #[must_use]
    pub fn contains_domain(&self, domain: &str) -> bool {
        if self.domains.names.is_empty() {
            return false;
        }
        // Listed domains all contain a dot, so only suffixes with a dot are looked up:
        // `eu.acme.com`, then `acme.com`. Scanning bytes is safe for slicing because the
        // slice starts after an ASCII dot.
        let mut start = 0;
        while let Some(dot) = domain.as_bytes()[start..]
            .iter()
            .position(|&byte| byte == b'.')
        {
            if self.domains.contains(&domain[start..]) {
                return true;
            }
            start += dot + 1;
        }
        false
    }

    /// Whether a contact with this pseudonym is suppressed.
    #[must_use]
    pub fn contains_pseudonym(&self, pseudonym: Pseudonym) -> bool {
        self.pseudonyms.contains(pseudonym.0)
    }

    /// The indexes of a column of contact pseudonyms whose entries are suppressed, ascending.
    pub fn matching_pseudonyms<'a>(&'a self, column: &'a [u64]) -> impl Iterator<Item = usize> {
        column
            .iter()
            .enumerate()
            .filter(|&(_, &value)| self.pseudonyms.contains(value))
            .map(|(index, _)| index)
    }

    /// Appends to `out` the indexes (ascending) of a column of contact pseudonyms whose
    /// entries are suppressed. Contact indexes are `u32` in the dataset.
    ///
    /// # Panics
    ///
    /// If the column has more than `u32::MAX` entries: a contact whose index cannot be
    /// reported must not silently stay unsuppressed.
    pub fn mark(&self, column: &[u64], out: &mut Vec<u32>) {
        assert!(
            u32::try_from(column.len()).is_ok(),
            "a contact column has at most u32::MAX entries"
        );
        if self.pseudonyms.len == 0 {
            return;
        }
        for (index, &value) in (0..=u32::MAX).zip(column) {
            if self.pseudonyms.contains(value) {
                out.push(index);
            }
        }
    }

    /// Number of distinct suppressed domains.
    #[must_use]
    pub fn domain_count(&self) -> usize {
        self.domains.names.len()
    }

    /// Number of distinct suppressed pseudonyms.
    #[must_use]
    pub fn pseudonym_count(&self) -> usize {
        self.pseudonyms.len
    }

    /// Whether the set suppresses nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.domains.names.is_empty() && self.pseudonyms.len == 0
    }
}

impl fmt::Debug for SuppressionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Counts only: a list can hold 100k entries.
        f.debug_struct("SuppressionSet")
            .field("domains", &self.domains.names.len())
            .field("pseudonyms", &self.pseudonyms.len)
            .finish_non_exhaustive()
    }
}

/// Longest email, in bytes (RFC 5321 path limit less the angle brackets).
const EMAIL_MAX_LEN: usize = 254;
/// Longest local part, in bytes (RFC 5321).
const LOCAL_PART_MAX_LEN: usize = 64;
/// Longest domain, in bytes (RFC 1035, text form without the trailing dot).
const DOMAIN_MAX_LEN: usize = 253;
/// Longest domain label, in bytes (RFC 1035).
const LABEL_MAX_LEN: usize = 63;
/// Non-blank lines looked at to detect the separator.
const SEPARATOR_SAMPLE_LINES: usize = 20;
/// Odd constant of Fibonacci hashing (2⁶⁴/φ), whose products have well-mixed high bits.
const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

/// Normalised domains behind a Bloom filter: most account domains are not suppressed, and
/// the filter answers those from cache, where a hash-set lookup costs a cache miss or two
/// (~140 ns per account measured, against ~20 ns with the filter).
#[derive(Clone)]
struct DomainSet {
    /// Holds `domain_hash(d)` of every listed domain `d`.
    filter: BlockedFilter,
    /// The listed domains; every one contains a dot.
    names: HashSet<String>,
}

impl DomainSet {
    /// A set of normalised domains.
    fn new(names: HashSet<String>) -> Self {
        let mut filter = BlockedFilter::with_capacity(names.len());
        for name in &names {
            filter.insert(domain_hash(name));
        }
        DomainSet { filter, names }
    }

    /// Whether `name` is listed.
    #[inline]
    fn contains(&self, name: &str) -> bool {
        self.filter.may_contain(domain_hash(name)) && self.names.contains(name)
    }
}

/// A set of pseudonym values built for scanning millions of non-members: a Bloom filter
/// answers "no" for ~99.5% of them with one read from a cache-sized array, and an
/// open-addressing table with linear probing answers the rest, usually in one read.
///
/// Measured natively (5M contacts, 100k suppressed): a sorted array with binary search for
/// the candidates took ~65 ms (17 dependent cache misses per candidate); a one-bit filter
/// in front of this table ~45 ms (6% of contacts probe the table); the three-bit filter
/// ~25 ms.
#[derive(Clone)]
struct PseudonymTable {
    /// Holds `mix(p)` of every member `p`.
    filter: BlockedFilter,
    /// Members other than 0 at slot `mix(p) >> slot_shift` or after it (wrapping); 0 marks
    /// a free slot. A power of two of at least 2 slots, at most half full, so every probe
    /// sequence reaches a free slot.
    slots: Vec<u64>,
    /// `64 - log2(slots.len())`.
    slot_shift: u32,
    /// Whether 0, which cannot be stored in `slots`, is a member.
    has_zero: bool,
    /// Number of distinct members.
    len: usize,
}

impl PseudonymTable {
    /// A table of the given values (duplicates allowed).
    fn new(values: impl ExactSizeIterator<Item = u64>) -> Self {
        let slot_count = (values.len() * 2).next_power_of_two().max(2);
        let mut table = PseudonymTable {
            filter: BlockedFilter::with_capacity(values.len()),
            slots: vec![0; slot_count],
            slot_shift: 64 - slot_count.trailing_zeros(),
            has_zero: false,
            len: 0,
        };
        for value in values {
            table.insert(value);
        }
        table
    }

    /// Adds a value; the table must have been sized for it.
    fn insert(&mut self, value: u64) {
        let hash = mix(value);
        self.filter.insert(hash);
        if value == 0 {
            self.len += usize::from(!self.has_zero);
            self.has_zero = true;
            return;
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.first_slot(hash);
        loop {
            match self.slots[slot] {
                0 => {
                    self.slots[slot] = value;
                    self.len += 1;
                    return;
                }
                found if found == value => return,
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// Whether a value is a member.
    #[inline]
    fn contains(&self, value: u64) -> bool {
        let hash = mix(value);
        if !self.filter.may_contain(hash) {
            return false;
        }
        if value == 0 {
            return self.has_zero;
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.first_slot(hash);
        loop {
            match self.slots[slot] {
                0 => return false,
                found if found == value => return true,
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// The first slot to probe for a mixed value: its top bits. Below `slots.len()`, so the
    /// cast is lossless.
    #[inline]
    fn first_slot(&self, hash: u64) -> usize {
        (hash >> self.slot_shift) as usize
    }
}

/// A blocked Bloom filter over well-mixed 64-bit hashes: each member sets three bits in one
/// word, so a lookup is one read. It answers "maybe" for members and "no" for ~99.5% of
/// non-members.
#[derive(Clone)]
struct BlockedFilter {
    /// Word `hash >> shift` holds the bits `bit_mask(hash)` of every member. A power of two
    /// of at least two words.
    words: Vec<u64>,
    /// `64 - log2(words.len())`.
    shift: u32,
}

impl BlockedFilter {
    /// An empty filter sized for `members`: about 16 bits per member, for ~0.5% false
    /// positives; 100k members take 256 KiB, which stays in cache while a column streams
    /// past. Capped at 4 MiB (2¹⁹ words) for very long lists, which then see more false
    /// positives.
    fn with_capacity(members: usize) -> Self {
        // At least two words, so that `shift` stays below 64.
        let words = (members / 4).next_power_of_two().clamp(2, 1 << 19);
        BlockedFilter {
            words: vec![0; words],
            shift: 64 - words.trailing_zeros(),
        }
    }

    /// Adds a hash.
    fn insert(&mut self, hash: u64) {
        let word = self.word(hash);
        self.words[word] |= bit_mask(hash);
    }

    /// Whether a hash may have been added; `false` is certain.
    #[inline]
    fn may_contain(&self, hash: u64) -> bool {
        let bits = bit_mask(hash);
        self.words[self.word(hash)] & bits == bits
    }

    /// The word of a hash: its top bits. Below `words.len()`, so the cast is lossless.
    #[inline]
    fn word(&self, hash: u64) -> usize {
        (hash >> self.shift) as usize
    }
}

/// The three filter bits of a hash, chosen by its bits 20–37: below the top 19 bits that
/// choose the word (there are at most 2¹⁹ words), so independent of the word.
#[inline]
fn bit_mask(hash: u64) -> u64 {
    1 << ((hash >> 20) & 63) | 1 << ((hash >> 26) & 63) | 1 << ((hash >> 32) & 63)
}

/// Spreads a pseudonym over all 64 bits. Real pseudonyms are uniform already, but test or
/// synthetic data may use small or sequential values, which would otherwise share filter
/// words and slots.
#[inline]
fn mix(value: u64) -> u64 {
    value.wrapping_mul(MIX)
}

/// A fast, non-cryptographic hash of a domain for the filter (the "Fx" rotate-xor-multiply
/// scheme of rustc, over 8-byte words). Hash flooding does not apply: the list is the
/// user's own, and the exact set behind the filter uses the standard hasher.
fn domain_hash(name: &str) -> u64 {
    let mut hash = name.len() as u64;
    for chunk in name.as_bytes().chunks(8) {
        let mut word = [0; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        hash = mix(hash.rotate_left(5) ^ u64::from_le_bytes(word));
    }
    hash
}

/// What one cell of a line holds.
#[derive(Debug, PartialEq, Eq)]
enum Cell {
    /// Nothing but whitespace.
    Blank,
    /// A normalised email.
    Email(String),
    /// A normalised domain.
    Domain(String),
    /// Contains `@` but is no valid email or domain.
    BadEmail,
    /// Looks like a domain or URL (no spaces, a dot or a scheme) but is not a valid one.
    BadDomain,
    /// Anything else: a name, a company, a header word.
    Other,
}

/// What the cells of one line held besides entries.
#[derive(Default)]
struct LineOutcome {
    /// Some cell was a failed email.
    bad_email: bool,
    /// Some cell was a failed domain.
    bad_domain: bool,
    /// Some cell held other text.
    other: bool,
}

/// Classifies one cell.
fn classify(cell: &str) -> Cell {
    // Only whitespace is trimmed here: the angle brackets matter below.
    let cell = cell.trim();
    // Separators of another kind alone (`;;` in a comma file) are empty too.
    if cell
        .trim_matches(|c| is_wrapping_char(c) || matches!(c, ',' | ';'))
        .is_empty()
    {
        return Cell::Blank;
    }
    // `Jane Doe <jane@acme.com>`: the address is in the last angle brackets.
    let candidate = match (cell.rfind('<'), cell.strip_suffix('>')) {
        (Some(open), Some(inner)) if open < inner.len() => &inner[open + 1..],
        _ => cell,
    };
    if let Some(email) = normalise_email(candidate) {
        Cell::Email(email)
    } else if let Some(domain) = normalise_domain(candidate) {
        Cell::Domain(domain)
    } else if candidate.contains('@') {
        Cell::BadEmail
    } else if !candidate.contains(char::is_whitespace)
        && (candidate.contains('.') || candidate.contains("://"))
    {
        Cell::BadDomain
    } else {
        Cell::Other
    }
}

/// An invalid line with its display text.
fn invalid_line(line: usize, raw: &[u8], reason: InvalidReason) -> InvalidLine {
    let text = String::from_utf8_lossy(raw)
        .chars()
        .take(INVALID_TEXT_MAX_CHARS)
        .collect();
    InvalidLine { line, text, reason }
}

/// The file's bytes as UTF-8, without a byte-order mark. UTF-16 files (a spreadsheet's
/// "Unicode text" export) are transcoded; unpaired surrogates become an invalid byte so
/// that their line is reported instead of matched with a replacement character.
fn decode_text(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let (little_endian, body) = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => return rest.into(),
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        _ => return bytes.into(),
    };
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut text = Vec::with_capacity(body.len());
    let mut buffer = [0; 4];
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => text.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes()),
            Err(_) => text.push(0xFF),
        }
    }
    if body.len() % 2 == 1 {
        // An odd trailing byte: the last line is reported, not silently cut.
        text.push(0xFF);
    }
    text.into()
}

/// Splits text into lines on LF, CRLF or CR. A final line end does not start a line.
fn split_lines(text: &[u8]) -> Vec<&[u8]> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut position = 0;
    while position < text.len() {
        match text[position] {
            b'\n' => {
                lines.push(&text[start..position]);
                start = position + 1;
            }
            b'\r' => {
                lines.push(&text[start..position]);
                if text.get(position + 1) == Some(&b'\n') {
                    position += 1;
                }
                start = position + 1;
            }
            _ => {}
        }
        position += 1;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// The cell separator: of `,`, `;` and tab, the one found (outside quotes) on the most of
/// the first non-blank lines, then the most often; `,` when none occurs.
fn detect_separator(lines: &[&[u8]]) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    let mut lines_with = [0usize; 3];
    let mut occurrences = [0usize; 3];
    let sample = lines
        .iter()
        .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
        .take(SEPARATOR_SAMPLE_LINES);
    for line in sample {
        let mut in_quotes = false;
        let mut counts = [0usize; 3];
        for &byte in *line {
            if byte == b'"' {
                in_quotes = !in_quotes;
            } else if !in_quotes && let Some(candidate) = CANDIDATES.iter().position(|&c| c == byte)
            {
                counts[candidate] += 1;
            }
        }
        for candidate in 0..CANDIDATES.len() {
            lines_with[candidate] += usize::from(counts[candidate] > 0);
            occurrences[candidate] += counts[candidate];
        }
    }
    // Ties keep the earlier candidate, so `,` wins when nothing is found.
    let best = (0..CANDIDATES.len())
        .rev()
        .max_by_key(|&candidate| (lines_with[candidate], occurrences[candidate]))
        .unwrap_or(0);
    CANDIDATES[best]
}

/// Splits one line into cells at `separator`, removing CSV double quotes (`""` inside a
/// quoted cell is a quote). Lenient where files in the wild are sloppy: text after a
/// closing quote belongs to the cell (`"Jane Doe" <jane@acme.com>`), and an unclosed quote
/// runs to the end of the line rather than swallowing the lines after it.
fn split_cells(line: &str, separator: u8) -> Vec<String> {
    let separator = char::from(separator);
    let mut cells = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut cell = String::new();
        while chars
            .next_if(|&c| c != separator && c.is_whitespace())
            .is_some()
        {}
        let mut in_quotes = chars.next_if_eq(&'"').is_some();
        loop {
            match chars.next() {
                None => {
                    cells.push(cell);
                    return cells;
                }
                Some('"') if in_quotes => {
                    if chars.next_if_eq(&'"').is_some() {
                        cell.push('"');
                    } else {
                        in_quotes = false;
                    }
                }
                Some(c) if c == separator && !in_quotes => break,
                Some(c) => cell.push(c),
            }
        }
        cells.push(cell);
    }
}

/// Removes wrapping from both ends, repeatedly, until nothing changes: whitespace, quotes,
/// angle brackets and, for emails, `mailto:` with any query after the address.
fn trim_wrapping(raw: &str, mailto: bool) -> &str {
    let mut text = raw;
    loop {
        let before = text.len();
        text = text.trim_matches(is_wrapping_char);
        if mailto && let Some(rest) = strip_prefix_ignore_ascii_case(text, "mailto:") {
            text = rest.split_once('?').map_or(rest, |(address, _)| address);
        }
        if text.len() == before {
            return text;
        }
    }
}

/// Characters that wrap an entry rather than belong to it. Zero-width characters and
/// U+FEFF are not `char::is_whitespace`, but arrive by copy and paste and from joined files.
fn is_wrapping_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | '<' | '>' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// `text` without `prefix`, compared ignoring ASCII case.
fn strip_prefix_ignore_ascii_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// `text` without a URL scheme (`https://`) or a scheme-relative `//`.
fn strip_scheme(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix("//") {
        return rest;
    }
    match text.split_once("://") {
        Some((scheme, rest))
            if scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            rest
        }
        _ => text,
    }
}

/// Rule 7 for a lower-cased local part.
fn is_valid_local_part(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= LOCAL_PART_MAX_LEN
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || "!#$%&'*+-/=?^_`{|}~.".contains(c)
                || (!c.is_ascii() && c.is_alphanumeric())
        })
}

/// Rule 6 for a lower-cased domain without a trailing dot.
fn is_valid_domain(domain: &str) -> bool {
    if domain.len() > DOMAIN_MAX_LEN {
        return false;
    }
    let mut labels = 0;
    for label in domain.split('.') {
        let valid = !label.is_empty()
            && label.len() <= LABEL_MAX_LEN
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| {
                c.is_ascii_lowercase()
                    || c.is_ascii_digit()
                    || c == '-'
                    || (!c.is_ascii() && c.is_alphanumeric() && !c.is_uppercase())
            });
        if !valid {
            return false;
        }
        labels += 1;
    }
    let top = domain.rsplit('.').next().unwrap_or_default();
    labels >= 2 && top.chars().nth(1).is_some() && !top.chars().all(|c| c.is_ascii_digit())
}
