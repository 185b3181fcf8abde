//! The persistent list URL, version 1: a [`ListQuery`] written as the query string of a
//! URL fragment, so a list definition is a link that reproduces it exactly while its
//! criteria stay in the browser (a fragment is never sent to the server).
//!
//! This is a format that outlives releases: links get pasted into CRMs and bookmarks.
//! Version 1 is frozen: it may gain keys (a URL that was valid keeps its meaning, since an
//! unknown key was an error), but a change to what a valid URL means needs a new `v`.
//!
//! # Grammar (version 1)
//!
//! ```text
//! fragment   = [ "#" / "?" ] pair *( "&" pair )
//! pair       = version / seg / facet / touch / list / account / name / contact / sort
//! version    = "v=1"
//! seg        = "seg=" slug
//! facet      = facet-key "=" mode ":" slug *( "," slug )
//! facet-key  = "industry" / "country" / "region" / "employees" / "revenue" / "tech"
//!            / "segment" / "topic" / "vendor" / "signal" / "gauge"
//! mode       = "any" / "all" / "not"
//! touch      = "touch=" ( date ".." [ date ] / ".." date )
//! date       = 4DIGIT "-" 2DIGIT "-" 2DIGIT      ; a real day of the Gregorian calendar
//! list       = "list=" ( "in" / "not" ) ":" id *( "," id )
//! id         = %x31-39 *DIGIT                     ; 1 to 18446744073709551615
//! account    = "account=" account-id *( "," account-id )
//! account-id = "0" / %x31-39 *DIGIT               ; 0 to 4294967295
//! name       = "name=" *( name-char / "%" HEXDIG HEXDIG / "+" )
//! name-char  = any character but "&", "%" and "+"
//! contact    = fn / level / ccountry / reach / team
//! fn         = "fn=" ( "any" / "not" ) ":" function *( "," function )
//! function   = "it" / "engineering" / "security" / "data" / "finance" / "marketing"
//!            / "sales" / "operations" / "hr" / "legal" / "procurement" / "executive"
//! level      = "level=" ( "min:" seniority / ( "any" / "not" ) ":" seniority *( "," seniority ) )
//! seniority  = "staff" / "manager" / "director" / "vp" / "c-level"
//! ccountry   = "ccountry=" ( "any" / "not" ) ":" ccode *( "," ccode )
//! ccode      = 2( %x61-7A ) / "unknown"        ; a known ISO 3166-1 alpha-2 code
//! reach      = "reach=exportable"
//! team       = "team=min:" count                ; 1 to 1000, no leading zeros
//! sort       = "sort=" ( "intent" / "name" / "size" )
//! slug       = word *( "-" word )
//! word       = 1*( %x61-7A / DIGIT )              ; lower-case ASCII letters and digits
//! ```
//!
//! Rules the grammar cannot say:
//!
//! - `v` appears exactly once; `seg`, `touch`, `account`, `name`, `sort` and the contact
//!   keys (`fn`, `level`, `ccountry`, `reach`, `team`) at most once.
//! - Contact keys select people at an account: a contact matches when it satisfies every
//!   one of `fn`, `level` (`min` = at or above: staff < manager < director < vp < c-level),
//!   `ccountry` (its country of work; `unknown` names contacts without one) and `reach`
//!   (the organisation may export it by email); an account matches when at least `team`
//!   of its contacts match (1 when a contact key is present; `team` alone asks for that
//!   many contacts of any kind). See `contact_query`.
//! - `account` names at most [`MAX_ACCOUNTS`] accounts.
//! - A facet key and `list` may repeat; repeated clauses must all hold (AND).
//! - `all` with two or more distinct values is allowed only on multi-valued facets
//!   ([`Facet::is_multi_valued`]); each clause is checked as written.
//! - In `touch`, the first date is not after the second.
//! - `name` is percent-decoded (`+` is a space) to UTF-8 text of at most
//!   [`MAX_NAME_CHARS`] characters; an empty or blank name means no name filter.
//! - Empty pairs (`&&`, a leading or trailing `&`), keys without `=` and unknown keys are
//!   errors: a URL that does not say exactly one thing is reported, never guessed at.
//! - A missing or unsupported `v` is reported before anything else, since the version
//!   decides how the rest reads; other errors come in input order.
//!
//! # Canonical form
//!
//! [`encode`] writes the canonical form of the query ([`ListQuery::canonicalize`]):
//! `v`, `seg`, the facets in [`Facet::ALL`] order (per facet the `any` clauses, then `all`,
//! then `not`), `touch`, the `list` clauses, `account` (ids ascending), `name`, `fn`,
//! `level`, `ccountry`, `reach`, `team` (left out when it is the default 1), `sort`; the
//! default sort is left out; contact values are sorted by slug;
//! `name` escapes every byte but `A-Z a-z 0-9 - . _ ~` as `%XX` (upper-case hex, so a space
//! is `%20`). [`decode`] returns the canonical form, so
//! `encode(&decode(url)?)` is the canonical spelling of any valid `url`, and canonical
//! text is a fixed point.
//!
//! Only `name` is percent-decoded: slugs, dates, ids and modes never need escaping, so a
//! `%` in them is an error rather than a second spelling.
//!
//! A canonical URL, one line in practice:
//!
//! ```text
//! v=1&seg=cloud-security&industry=any:banking,software&country=not:de
//!    &tech=all:salesforce,slack&signal=any:late-stage&touch=2026-09-01..2026-11-28
//!    &list=not:7&sort=name
//! ```
//!
//! (`signal=all:late-stage` decodes to the same list and is written `any`, since one value
//! is present under both modes alike.)

// Property tests (proptest) run natively only.
mod contacts;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use std::collections::BTreeSet;

use crate::contact_query::MAX_TEAM;
use crate::date::Date;
use crate::list_query::{Clause, DateRange, ListClause, ListQuery, Sort};
use crate::taxonomy::{Facet, Mode, is_slug};

/// The format version this module reads and writes.
pub const VERSION: &str = "1";

/// The longest company-name prefix a URL may carry, in characters (Unicode scalar values).
pub const MAX_NAME_CHARS: usize = 100;

/// The most accounts an `account` parameter may name: saved accounts are a hand-picked
/// set, and a link must stay short enough for a CRM field.
pub const MAX_ACCOUNTS: usize = 1000;

/// Why a list URL fragment does not decode.
///
/// Every variant names the parameter at fault ([`UrlError::parameter`]), and offending
/// values are clipped to about 60 characters so a hostile URL cannot flood the UI.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// No `v` parameter: the text is not a list URL, or lost its version.
    #[error("parameter `v` is missing: a list URL starts with `v=1`")]
    MissingVersion,
    /// A `v` other than `1`, e.g. a link made by a newer release.
    #[error("parameter `v`: version `{0}` is not supported (this app reads version 1)")]
    UnsupportedVersion(String),
    /// A key that version 1 does not define.
    #[error("unknown parameter `{0}`")]
    UnknownParameter(String),
    /// A parameter that may appear only once appears again.
    #[error("parameter `{0}` is given more than once")]
    DuplicateParameter(&'static str),
    /// An empty pair; `position` counts pairs from 1.
    #[error("parameter {position} is empty (a doubled, leading or trailing `&`)")]
    EmptyPair {
        /// The 1-based position of the empty pair among the `&`-separated pairs.
        position: usize,
    },
    /// A known key without `=value`, or with an empty value where one is required.
    #[error("parameter `{parameter}` has no value")]
    MissingValue {
        /// The key.
        parameter: &'static str,
    },
    /// A facet or `list` value that does not start with `mode:`.
    #[error("parameter `{parameter}`: `{value}` does not start with a mode ({expected}) and `:`")]
    MissingMode {
        /// The key.
        parameter: &'static str,
        /// The whole value, clipped.
        value: String,
        /// The modes the key accepts, for the message.
        expected: &'static str,
    },
    /// A facet or `list` mode that the key does not know.
    #[error("parameter `{parameter}`: mode `{mode}` is not one of {expected}")]
    UnknownMode {
        /// The key.
        parameter: &'static str,
        /// The text before the `:`, clipped.
        mode: String,
        /// The modes the key accepts, for the message.
        expected: &'static str,
    },
    /// An empty item in a comma-separated list of values.
    #[error("parameter `{parameter}`: `{value}` has an empty item")]
    EmptyItem {
        /// The key.
        parameter: &'static str,
        /// The whole value, clipped.
        value: String,
    },
    /// A segment or facet value that is not a slug.
    #[error(
        "parameter `{parameter}`: `{value}` is not a slug \
         (lower-case letters and digits joined by single hyphens)"
    )]
    InvalidSlug {
        /// The key.
        parameter: &'static str,
        /// The offending item, clipped.
        value: String,
    },
    /// `all` with two or more distinct values on a facet an account has one value of.
    #[error("parameter `{parameter}`: `all` with {count} values on a single-valued facet")]
    AllOnSingleValued {
        /// The facet's key.
        parameter: &'static str,
        /// How many distinct values the clause names.
        count: usize,
    },
    /// A `touch` value without `..`, or with neither end given.
    #[error("parameter `touch`: `{0}` is not a date range FROM..TO with at least one date")]
    InvalidRange(String),
    /// A `touch` end that is not a `YYYY-MM-DD` day.
    #[error("parameter `touch`: `{0}` is not a date of the form YYYY-MM-DD")]
    InvalidDate(String),
    /// A `touch` range whose start is after its end.
    #[error("parameter `touch`: start `{from}` is after end `{to}`")]
    ReversedRange {
        /// The start as written.
        from: String,
        /// The end as written.
        to: String,
    },
    /// A `list` item that is not a saved-list id.
    #[error(
        "parameter `list`: `{0}` is not a list id (a positive whole number without leading zeros)"
    )]
    InvalidListId(String),
    /// An `account` item that is not an account id.
    #[error(
        "parameter `account`: `{0}` is not an account id \
         (a whole number up to 4294967295 without leading zeros)"
    )]
    InvalidAccountId(String),
    /// An `account` parameter naming more than [`MAX_ACCOUNTS`] accounts.
    #[error("parameter `account`: {0} accounts; the limit is {MAX_ACCOUNTS}")]
    TooManyAccounts(usize),
    /// A `%` in `name` not followed by two hex digits.
    #[error("parameter `name`: `{0}` is not a percent-escape (`%` and two hex digits)")]
    InvalidEscape(String),
    /// A `name` whose escapes decode to bytes that are not UTF-8.
    #[error("parameter `name`: `{0}` does not decode to UTF-8 text")]
    InvalidUtf8(String),
    /// A `name` longer than [`MAX_NAME_CHARS`] once decoded.
    #[error(
        "parameter `name`: `{value}` is {length} characters long; the limit is {}",
        MAX_NAME_CHARS
    )]
    NameTooLong {
        /// The decoded name, clipped.
        value: String,
        /// Its length in characters.
        length: usize,
    },
    /// A `sort` that is not one of the known orders.
    #[error("parameter `sort`: `{0}` is not one of intent, name, size")]
    InvalidSort(String),
    /// An `fn` or `level` value outside its closed vocabulary.
    #[error("parameter `{parameter}`: `{value}` is not one of {expected}")]
    UnknownValue {
        /// The key.
        parameter: &'static str,
        /// The offending item, clipped.
        value: String,
        /// The values the key accepts, for the message.
        expected: &'static str,
    },
    /// A `ccountry` item that is neither a known country code nor `unknown`.
    #[error(
        "parameter `ccountry`: `{0}` is not a country code \
         (ISO 3166-1 alpha-2, lower case) or `unknown`"
    )]
    InvalidCountry(String),
    /// `level=min:` with other than exactly one seniority.
    #[error("parameter `level`: `min` takes one seniority, not `{0}`")]
    LevelMinTakesOne(String),
    /// A `reach` other than `exportable`.
    #[error("parameter `reach`: `{0}` is not `exportable`")]
    InvalidReach(String),
    /// A `team` that is not `min:N` with N in range.
    #[error("parameter `team`: `{0}` is not `min:N` with N from 1 to {MAX_TEAM}")]
    InvalidTeam(String),
}

impl UrlError {
    /// The key of the parameter at fault, for the app to highlight; `None` for an empty
    /// pair, which has no key (its position is in the error).
    #[must_use]
    pub fn parameter(&self) -> Option<&str> {
        match self {
            UrlError::MissingVersion | UrlError::UnsupportedVersion(_) => Some("v"),
            UrlError::UnknownParameter(key) => Some(key),
            UrlError::DuplicateParameter(key) => Some(key),
            UrlError::EmptyPair { .. } => None,
            UrlError::MissingValue { parameter }
            | UrlError::MissingMode { parameter, .. }
            | UrlError::UnknownMode { parameter, .. }
            | UrlError::EmptyItem { parameter, .. }
            | UrlError::InvalidSlug { parameter, .. }
            | UrlError::AllOnSingleValued { parameter, .. } => Some(parameter),
            UrlError::InvalidRange(_)
            | UrlError::InvalidDate(_)
            | UrlError::ReversedRange { .. } => Some("touch"),
            UrlError::InvalidListId(_) => Some("list"),
            UrlError::InvalidAccountId(_) | UrlError::TooManyAccounts(_) => Some("account"),
            UrlError::InvalidEscape(_)
            | UrlError::InvalidUtf8(_)
            | UrlError::NameTooLong { .. } => Some("name"),
            UrlError::InvalidSort(_) => Some("sort"),
            UrlError::UnknownValue { parameter, .. } => Some(parameter),
            UrlError::InvalidCountry(_) => Some("ccountry"),
            UrlError::LevelMinTakesOne(_) => Some("level"),
            UrlError::InvalidReach(_) => Some("reach"),
            UrlError::InvalidTeam(_) => Some("team"),
        }
    }
}

/// Writes the canonical list URL fragment of `query` (without the leading `#`).
///
/// The query is canonicalized first (on a clone), so equal lists give equal URLs. Values
/// outside the grammar (a segment or facet value that is not a slug, list id 0, a reversed
/// or out-of-range `touch`, a name over [`MAX_NAME_CHARS`]) are still escaped so they
/// cannot forge other parameters, and [`decode`] reports them instead of reading a
/// different list.
#[must_use]
pub fn encode(query: &ListQuery) -> String {
    let query = query.clone().canonical();
    let mut out = format!("v={VERSION}");
    if let Some(segment) = &query.segment {
        push_pair(&mut out, "seg", &escape(segment));
    }
    for facet in Facet::ALL {
        for clause in query.facets.get(&facet).into_iter().flatten() {
            let values: Vec<String> = clause.values.iter().map(|value| escape(value)).collect();
            let text = format!("{}:{}", clause.mode.slug(), values.join(","));
            push_pair(&mut out, facet.slug(), &text);
        }
    }
    if let Some(range) = query.touch {
        let end = |date: Option<Date>| date.map(|date| date.to_string()).unwrap_or_default();
        push_pair(
            &mut out,
            "touch",
            &format!("{}..{}", end(range.from), end(range.to)),
        );
    }
    for clause in &query.lists {
        let ids: Vec<String> = clause.ids.iter().map(u64::to_string).collect();
        let mode = if clause.include { "in" } else { "not" };
        push_pair(&mut out, "list", &format!("{mode}:{}", ids.join(",")));
    }
    if !query.accounts.is_empty() {
        let ids: Vec<String> = query.accounts.iter().map(u32::to_string).collect();
        push_pair(&mut out, "account", &ids.join(","));
    }
    if let Some(name) = &query.name_prefix {
        push_pair(&mut out, "name", &escape(name));
    }
    contacts::encode(&query.contacts, &mut out);
    if query.sort != Sort::default() {
        push_pair(&mut out, "sort", query.sort.slug());
    }
    out
}

/// Reads a list URL fragment (a leading `#` or `?` is allowed) into its canonical query.
///
/// # Errors
///
/// The first problem found: a missing or unsupported version first, since the version
/// decides how everything else reads, then the first bad parameter in input order.
pub fn decode(fragment: &str) -> Result<ListQuery, UrlError> {
    let (query, errors) = decode_lenient(fragment);
    // One implementation for both entry points, so strict and lenient decoding can never
    // disagree about what is valid.
    match errors.into_iter().next() {
        None => Ok(query),
        Some(error) => Err(error),
    }
}

/// Reads a list URL fragment as far as it can: bad parameters are skipped and every one is
/// reported, so the app can show what is wrong and keep the rest.
///
/// The errors come in the order [`decode`] would find them; when there are none, the query
/// is exactly what [`decode`] returns. A fragment of an unsupported version yields the
/// empty query, since reading it by version 1 rules could silently mean a different list;
/// a fragment without any version is read by version 1 rules.
#[must_use]
pub fn decode_lenient(fragment: &str) -> (ListQuery, Vec<UrlError>) {
    let body = fragment.strip_prefix(['#', '?']).unwrap_or(fragment);
    if body.is_empty() {
        return (ListQuery::default(), vec![UrlError::MissingVersion]);
    }
    let mut errors = Vec::new();
    // Only the first `v` decides the version; any later one is a duplicate, found below.
    let version = body.split('&').map(split_pair).find(|(key, _)| *key == "v");
    match version {
        None => errors.push(UrlError::MissingVersion),
        Some((_, None | Some(""))) => errors.push(UrlError::MissingValue { parameter: "v" }),
        Some((_, Some(VERSION))) => {}
        Some((_, Some(other))) => {
            return (
                ListQuery::default(),
                vec![UrlError::UnsupportedVersion(clip(other))],
            );
        }
    }
    let mut decoder = Decoder::default();
    for (index, pair) in body.split('&').enumerate() {
        if let Err(error) = decoder.pair(index + 1, pair) {
            errors.push(error);
        }
    }
    (decoder.query.canonical(), errors)
}

impl ListQuery {
    /// This list's URL fragment, without the leading `#`; see [`encode`].
    #[must_use]
    pub fn to_fragment(&self) -> String {
        encode(self)
    }

    /// The list a URL fragment describes, in canonical form; see [`decode`].
    ///
    /// # Errors
    ///
    /// As [`decode`].
    pub fn from_fragment(fragment: &str) -> Result<Self, UrlError> {
        decode(fragment)
    }
}

/// The modes of a facet clause, for error messages.
const FACET_MODES: &str = "any, all, not";

/// The modes of a `list` clause, for error messages.
const LIST_MODES: &str = "in, not";

/// How many characters of an offending value an error keeps.
const CLIP_CHARS: usize = 60;

/// The query built so far and which once-only keys were seen.
#[derive(Default)]
struct Decoder {
    /// Every parameter that parsed, not yet canonical.
    query: ListQuery,
    /// Keys that may appear once, each set at its first appearance (valid or not), so a
    /// second one is reported as a duplicate rather than overriding the first.
    seen: BTreeSet<&'static str>,
}

impl Decoder {
    /// Reads one `key=value` pair into the query; on error the query is unchanged.
    fn pair(&mut self, position: usize, pair: &str) -> Result<(), UrlError> {
        if pair.is_empty() {
            return Err(UrlError::EmptyPair { position });
        }
        let (key, value) = split_pair(pair);
        if let Some(facet) = Facet::from_slug(key) {
            let clause = parse_clause(facet, required(facet.slug(), value)?)?;
            self.query.facets.entry(facet).or_default().push(clause);
            return Ok(());
        }
        match key {
            "v" => {
                // The value was checked before this pass.
                self.once("v")?;
            }
            "seg" => {
                self.once("seg")?;
                let value = required("seg", value)?;
                if !is_slug(value) {
                    return Err(UrlError::InvalidSlug {
                        parameter: "seg",
                        value: clip(value),
                    });
                }
                self.query.segment = Some(value.to_owned());
            }
            "touch" => {
                self.once("touch")?;
                self.query.touch = Some(parse_touch(required("touch", value)?)?);
            }
            "list" => {
                let clause = parse_list(required("list", value)?)?;
                self.query.lists.push(clause);
            }
            "account" => {
                self.once("account")?;
                self.query.accounts = parse_accounts(required("account", value)?)?;
            }
            "name" => {
                self.once("name")?;
                // An empty name is allowed: it is what a cleared search box gives.
                let value = value.ok_or(UrlError::MissingValue { parameter: "name" })?;
                self.query.name_prefix = Some(parse_name(value)?);
            }
            "fn" => {
                self.once("fn")?;
                self.query.contacts.functions =
                    Some(contacts::parse_functions(required("fn", value)?)?);
            }
            "level" => {
                self.once("level")?;
                self.query.contacts.level = Some(contacts::parse_level(required("level", value)?)?);
            }
            "ccountry" => {
                self.once("ccountry")?;
                self.query.contacts.countries =
                    Some(contacts::parse_countries(required("ccountry", value)?)?);
            }
            "reach" => {
                self.once("reach")?;
                let value = required("reach", value)?;
                if value != "exportable" {
                    return Err(UrlError::InvalidReach(clip(value)));
                }
                self.query.contacts.exportable = true;
            }
            "team" => {
                self.once("team")?;
                self.query.contacts.team = Some(contacts::parse_team(required("team", value)?)?);
            }
            "sort" => {
                self.once("sort")?;
                let value = required("sort", value)?;
                self.query.sort =
                    Sort::from_slug(value).ok_or_else(|| UrlError::InvalidSort(clip(value)))?;
            }
            _ => return Err(UrlError::UnknownParameter(clip(key))),
        }
        Ok(())
    }

    /// Marks a once-only key as seen; fails if it was seen before.
    fn once(&mut self, key: &'static str) -> Result<(), UrlError> {
        if self.seen.insert(key) {
            Ok(())
        } else {
            Err(UrlError::DuplicateParameter(key))
        }
    }
}

/// Splits `key=value` at the first `=`; the value is `None` when there is no `=`.
fn split_pair(pair: &str) -> (&str, Option<&str>) {
    match pair.split_once('=') {
        Some((key, value)) => (key, Some(value)),
        None => (pair, None),
    }
}

/// The value of a parameter that needs a non-empty one.
fn required<'a>(parameter: &'static str, value: Option<&'a str>) -> Result<&'a str, UrlError> {
    value
        .filter(|value| !value.is_empty())
        .ok_or(UrlError::MissingValue { parameter })
}

/// Splits `mode:items` into its mode text and items; checks that no item is empty.
fn split_clause<'a>(
    parameter: &'static str,
    value: &'a str,
    expected: &'static str,
) -> Result<(&'a str, Vec<&'a str>), UrlError> {
    let (mode, items) = value.split_once(':').ok_or_else(|| UrlError::MissingMode {
        parameter,
        value: clip(value),
        expected,
    })?;
    let items: Vec<&str> = items.split(',').collect();
    if items.iter().any(|item| item.is_empty()) {
        return Err(UrlError::EmptyItem {
            parameter,
            value: clip(value),
        });
    }
    Ok((mode, items))
}

/// Reads a facet clause, `mode:slug,slug,...`.
fn parse_clause(facet: Facet, value: &str) -> Result<Clause, UrlError> {
    let parameter = facet.slug();
    let (mode, items) = split_clause(parameter, value, FACET_MODES)?;
    let mode = Mode::from_slug(mode).ok_or_else(|| UrlError::UnknownMode {
        parameter,
        mode: clip(mode),
        expected: FACET_MODES,
    })?;
    if let Some(item) = items.iter().find(|item| !is_slug(item)) {
        return Err(UrlError::InvalidSlug {
            parameter,
            value: clip(item),
        });
    }
    // Distinct values: `all:a,a` says the same as `all:a`, which is fine everywhere.
    let count = items.iter().collect::<BTreeSet<_>>().len();
    if mode == Mode::All && count > 1 && !facet.is_multi_valued() {
        return Err(UrlError::AllOnSingleValued { parameter, count });
    }
    Ok(Clause {
        mode,
        values: items.into_iter().map(str::to_owned).collect(),
    })
}

/// Reads a `touch` range, `from..to` with one end optional.
fn parse_touch(value: &str) -> Result<DateRange, UrlError> {
    let (from, to) = value
        .split_once("..")
        .ok_or_else(|| UrlError::InvalidRange(clip(value)))?;
    if from.is_empty() && to.is_empty() {
        return Err(UrlError::InvalidRange(clip(value)));
    }
    let date = |text: &str| -> Result<Option<Date>, UrlError> {
        if text.is_empty() {
            return Ok(None);
        }
        text.parse()
            .map(Some)
            .map_err(|_| UrlError::InvalidDate(clip(text)))
    };
    let range = DateRange {
        from: date(from)?,
        to: date(to)?,
    };
    if let DateRange {
        from: Some(start),
        to: Some(end),
    } = range
        && start > end
    {
        return Err(UrlError::ReversedRange {
            from: from.to_owned(),
            to: to.to_owned(),
        });
    }
    Ok(range)
}

/// Reads a `list` clause, `in:id,...` or `not:id,...`.
fn parse_list(value: &str) -> Result<ListClause, UrlError> {
    let (mode, items) = split_clause("list", value, LIST_MODES)?;
    let include = match mode {
        "in" => true,
        "not" => false,
        _ => {
            return Err(UrlError::UnknownMode {
                parameter: "list",
                mode: clip(mode),
                expected: LIST_MODES,
            });
        }
    };
    let ids = items
        .into_iter()
        .map(|item| parse_id(item).ok_or_else(|| UrlError::InvalidListId(clip(item))))
        .collect::<Result<_, _>>()?;
    Ok(ListClause { include, ids })
}

/// Reads an `account` value: comma-separated account ids.
fn parse_accounts(value: &str) -> Result<Vec<u32>, UrlError> {
    let items: Vec<&str> = value.split(',').collect();
    if items.len() > MAX_ACCOUNTS {
        return Err(UrlError::TooManyAccounts(items.len()));
    }
    items
        .into_iter()
        .map(|item| {
            let digits = !item.is_empty() && item.bytes().all(|b| b.is_ascii_digit());
            // Account ids start at 0 (unlike list ids); still one spelling per id.
            let one_spelling = item == "0" || !item.starts_with('0');
            (digits && one_spelling)
                .then(|| item.parse::<u32>().ok())
                .flatten()
                .ok_or_else(|| UrlError::InvalidAccountId(clip(item)))
        })
        .collect()
}

/// A saved-list id: digits only (so no sign), no leading zero (so one spelling per id),
/// not zero, and within `u64`.
fn parse_id(text: &str) -> Option<u64> {
    let well_formed = text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0');
    if well_formed { text.parse().ok() } else { None }
}

/// Reads a `name`: percent-decodes it (`+` is a space) and checks UTF-8 and length.
fn parse_name(value: &str) -> Result<String, UrlError> {
    let mut bytes = Vec::with_capacity(value.len());
    let mut rest = value.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        rest = tail;
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = |index: usize| rest.get(index).and_then(|&b| char::from(b).to_digit(16));
                let (Some(high), Some(low)) = (hex(0), hex(1)) else {
                    // Show the `%` and what follows it, as far as the escape would reach.
                    let at = value.len() - rest.len() - 1;
                    let shown: String = value[at..].chars().take(3).collect();
                    return Err(UrlError::InvalidEscape(shown));
                };
                #[allow(clippy::cast_possible_truncation, reason = "two hex digits are < 256")]
                bytes.push((high * 16 + low) as u8);
                rest = &rest[2..];
            }
            _ => bytes.push(byte),
        }
    }
    let name = String::from_utf8(bytes).map_err(|_| UrlError::InvalidUtf8(clip(value)))?;
    let length = name.chars().count();
    if length > MAX_NAME_CHARS {
        return Err(UrlError::NameTooLong {
            value: clip(&name),
            length,
        });
    }
    Ok(name)
}

/// Appends `&key=value`; `value` must already be escaped.
fn push_pair(out: &mut String, key: &str, value: &str) {
    out.push('&');
    out.push_str(key);
    out.push('=');
    out.push_str(value);
}

/// Percent-encodes every byte but the RFC 3986 unreserved ones. Slugs pass unchanged; any
/// other text cannot break out of its parameter (`&`, `=`, `,`, `:`, `%`, `+`, `#` are all
/// escaped).
fn escape(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// `text` cut to [`CLIP_CHARS`] characters, with `…` when cut.
fn clip(text: &str) -> String {
    match text.char_indices().nth(CLIP_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}
