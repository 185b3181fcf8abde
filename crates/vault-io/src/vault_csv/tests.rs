//! Tests of the vault CSV format: round trips, normalisation, one broken file per error
//! kind with its exact line, and never panicking on arbitrary bytes.

use std::io::{self, Read};

use proptest::prelude::*;

use super::records::{Record, Records};
use super::{CsvFile, ExportError, ImportError, Rejections, VaultRead, write_vault};
use crate::generate::{GenerateConfig, generate};
use clearlist_engine::date::Date;
use clearlist_engine::taxonomy::{Function, LawfulBasis, Seniority};
use clearlist_engine::vault::{Account, Contact, IntentRecord, Vault, WEEKS, WeekActivity};

const META: &str = "key,value\nas_of,2026-11-27\n";
const ACCOUNTS: &str = "\
id,name,domain,country,city,industry,employees,revenue_usd,technologies,topics,vendors,description
1,Acme,acme.com,US,Boston,Computer Software,120,5000000,Slack;Okta,Cloud Security Pricing,Okta,Makes things
2,Société Générale de Transports,sgt.fr,FR,Paris,Logistics & Supply Chain,900,,,,,
";
const CONTACTS: &str = "\
id,account_id,first_name,last_name,email,title,function,seniority,country,lawful_basis,opted_out,email_download
1,1,Zoë,Müller,Zoe.Muller@acme.com,VP of Engineering,engineering,vp,US,consent,false,true
2,2,José,García,jgarcia@sgt.fr,Buyer,procurement,staff,,legitimate-interest,,
";
const INTENT: &str = "\
account_id,segment,week_start,readers,senior_readers,late_stage,vendors,last_touch
1,Cloud Security,2026-11-21,6,2,1,3,2026-11-25
1,Cloud Security,2026-11-14,3,0,0,1,
2,CRM,2026-08-29,1,0,0,0,
";

/// Reads a vault whole: the first row that cannot be read is the error.
fn read_vault<R: Read>(meta: R, accounts: R, contacts: R, intent: R) -> Result<Vault, ImportError> {
    super::read_vault(meta, accounts, contacts, intent).and_then(VaultRead::strict)
}

fn read(meta: &str, accounts: &str, contacts: &str, intent: &str) -> Result<Vault, ImportError> {
    read_vault(
        meta.as_bytes(),
        accounts.as_bytes(),
        contacts.as_bytes(),
        intent.as_bytes(),
    )
}

fn write(vault: &Vault) -> [Vec<u8>; 4] {
    let mut files: [Vec<u8>; 4] = Default::default();
    let [meta, accounts, contacts, intent] = &mut files;
    write_vault(vault, meta, accounts, contacts, intent).expect("export");
    files
}

fn day(text: &str) -> Date {
    text.parse().expect("date")
}

/// The vault the base files describe.
fn expected() -> Vault {
    let mut weeks = [WeekActivity::default(); WEEKS];
    weeks[12] = WeekActivity {
        readers: 6,
        senior_readers: 2,
        late_stage: 1,
        vendors: 3,
    };
    weeks[11] = WeekActivity {
        readers: 3,
        senior_readers: 0,
        late_stage: 0,
        vendors: 1,
    };
    let mut crm = [WeekActivity::default(); WEEKS];
    crm[0] = WeekActivity {
        readers: 1,
        ..WeekActivity::default()
    };
    let strings = |values: &[&str]| {
        values
            .iter()
            .map(|&value| value.to_owned())
            .collect::<Vec<_>>()
    };
    Vault {
        as_of: day("2026-11-27"),
        accounts: vec![
            Account {
                id: 1,
                name: "Acme".into(),
                domain: "acme.com".into(),
                country: "US".into(),
                city: "Boston".into(),
                industry: "Computer Software".into(),
                employees: 120,
                revenue_usd: 5_000_000,
                technologies: strings(&["Slack", "Okta"]),
                topics: strings(&["Cloud Security Pricing"]),
                vendors: strings(&["Okta"]),
                description: "Makes things".into(),
            },
            Account {
                id: 2,
                name: "Société Générale de Transports".into(),
                domain: "sgt.fr".into(),
                country: "FR".into(),
                city: "Paris".into(),
                industry: "Logistics & Supply Chain".into(),
                employees: 900,
                revenue_usd: 0,
                technologies: vec![],
                topics: vec![],
                vendors: vec![],
                description: String::new(),
            },
        ],
        contacts: vec![
            Contact {
                id: 1,
                account_id: 1,
                first_name: "Zoë".into(),
                last_name: "Müller".into(),
                email: "Zoe.Muller@acme.com".into(),
                title: "VP of Engineering".into(),
                function: Function::Engineering,
                seniority: Seniority::Vp,
                country: "US".into(),
                lawful_basis: LawfulBasis::Consent,
                opted_out: false,
                email_download: true,
            },
            Contact {
                id: 2,
                account_id: 2,
                first_name: "José".into(),
                last_name: "García".into(),
                email: "jgarcia@sgt.fr".into(),
                title: "Buyer".into(),
                function: Function::Procurement,
                seniority: Seniority::Staff,
                country: String::new(),
                lawful_basis: LawfulBasis::LegitimateInterest,
                opted_out: false,
                email_download: false,
            },
        ],
        intent: vec![
            IntentRecord {
                account_id: 1,
                segment: "Cloud Security".into(),
                weeks,
                last_touch: Some(day("2026-11-25")),
            },
            IntentRecord {
                account_id: 2,
                segment: "CRM".into(),
                weeks: crm,
                last_touch: None,
            },
        ],
    }
}

#[test]
fn reads_the_documented_format() {
    assert_eq!(read(META, ACCOUNTS, CONTACTS, INTENT), Ok(expected()));
}

#[test]
fn generated_vault_round_trips() {
    let vault = generate(&GenerateConfig::new(1_000, 3));
    let [meta, accounts, contacts, intent] = write(&vault);
    let read_back = read_vault(&meta[..], &accounts[..], &contacts[..], &intent[..]);
    assert_eq!(read_back.as_ref(), Ok(&vault));
    // Writing is deterministic, so exported files can be diffed.
    assert_eq!(write(&vault), [meta, accounts, contacts, intent]);
}

#[test]
fn hand_written_vault_round_trips_including_silent_records() {
    let mut vault = expected();
    vault.intent.push(IntentRecord {
        account_id: 2,
        segment: "ERP, with a comma".into(),
        weeks: [WeekActivity::default(); WEEKS],
        last_touch: Some(day("2026-11-01")),
    });
    vault.accounts[1].description = "Line one\nline \"two\", with comma".into();
    let [meta, accounts, contacts, intent] = write(&vault);
    assert_eq!(
        read_vault(&meta[..], &accounts[..], &contacts[..], &intent[..]),
        Ok(vault)
    );
}

#[test]
fn accepts_bom_crlf_blank_lines_any_column_order_and_missing_optional_columns() {
    let meta = "\u{feff}KEY,Value\r\n\r\nas_of,2026-11-27\r\n";
    let accounts = "\u{feff}Name,ID,domain,country,industry,employees,description\r\n\
                    \"Acme, Inc.\",1, https://www.Acme.COM/ ,us,Computer Software,120,\"two\r\nlines\"\r\n";
    let contacts = "id,account_id,email,function,seniority,lawful_basis\r\n7,1, Jo@Acme.com ,IT,C-Level,Consent\r\n";
    let intent = "account_id,segment,week_start,readers\r\n1,Data Warehousing,2026-11-21,2\r\n";
    let vault = read(meta, accounts, contacts, intent).expect("valid files");
    let account = &vault.accounts[0];
    assert_eq!(account.name, "Acme, Inc.");
    assert_eq!(account.domain, "acme.com");
    assert_eq!(account.country, "US");
    assert_eq!((account.revenue_usd, account.city.as_str()), (0, ""));
    assert_eq!(account.description, "two\r\nlines");
    let contact = &vault.contacts[0];
    assert_eq!(contact.email, "Jo@Acme.com");
    assert_eq!(
        (contact.function, contact.seniority),
        (Function::It, Seniority::CLevel)
    );
    assert_eq!(contact.lawful_basis, LawfulBasis::Consent);
    assert!(!contact.opted_out && !contact.email_download && contact.country.is_empty());
    assert_eq!(
        vault.intent[0].weeks[12],
        WeekActivity {
            readers: 2,
            ..WeekActivity::default()
        }
    );
    assert_eq!(vault.intent[0].last_touch, None);
}

#[test]
fn lists_are_trimmed_and_deduplicated() {
    let accounts = ACCOUNTS.replace("Slack;Okta", " Slack ; ;Okta;Slack;");
    let vault = read(META, &accounts, CONTACTS, INTENT).expect("valid");
    assert_eq!(vault.accounts[0].technologies, ["Slack", "Okta"]);
}

#[test]
fn last_touch_is_the_latest_of_the_rows() {
    let intent = INTENT.replace("2026-11-14,3,0,0,1,", "2026-11-14,3,0,0,1,2026-11-26");
    let vault = read(META, ACCOUNTS, CONTACTS, &intent).expect("valid");
    assert_eq!(vault.intent[0].last_touch, Some(day("2026-11-26")));
}

/// Which base file a broken case replaces.
#[derive(Clone, Copy)]
enum In {
    Meta,
    Accounts,
    Contacts,
    Intent,
}

#[track_caller]
fn check(file: In, text: &str, expected: ImportError) {
    let result = match file {
        In::Meta => read(text, ACCOUNTS, CONTACTS, INTENT),
        In::Accounts => read(META, text, CONTACTS, INTENT),
        In::Contacts => read(META, ACCOUNTS, text, INTENT),
        In::Intent => read(META, ACCOUNTS, CONTACTS, text),
    };
    assert_eq!(result, Err(expected));
}

/// A base file with `from` replaced by `to` (which must occur).
#[track_caller]
fn edit(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "{from}");
    base.replacen(from, to, 1)
}

const ACCOUNT_ROW: &str = "1,Acme,acme.com,US,Boston,Computer Software,120,5000000,Slack;Okta,Cloud Security Pricing,Okta,Makes things";
const CONTACT_ROW: &str =
    "1,1,Zoë,Müller,Zoe.Muller@acme.com,VP of Engineering,engineering,vp,US,consent,false,true";
const INTENT_ROW: &str = "1,Cloud Security,2026-11-21,6,2,1,3,2026-11-25";

#[test]
fn meta_errors() {
    use ImportError as E;
    check(In::Meta, "key,value\n", E::MissingAsOf);
    check(
        In::Meta,
        "key,value\nas_of,2026-11-27\nversion,2\n",
        E::UnknownMetaKey {
            line: 3,
            key: "version".into(),
        },
    );
    check(
        In::Meta,
        "key,value\nas_of,2026-11-27\n\nAS_OF,2026-11-20\n",
        E::DuplicateMetaKey {
            line: 4,
            key: "as_of".into(),
            first_line: 2,
        },
    );
    check(
        In::Meta,
        "key,value\nas_of,2026-13-01\n",
        E::BadDate {
            file: CsvFile::Meta,
            line: 2,
            column: "value",
            value: "2026-13-01".into(),
        },
    );
    check(
        In::Meta,
        "key,value\nas_of,\n",
        E::EmptyCell {
            file: CsvFile::Meta,
            line: 2,
            column: "value",
        },
    );
}

#[test]
fn header_errors() {
    use ImportError as E;
    let file = CsvFile::Accounts;
    check(In::Accounts, "", E::MissingHeader { file });
    check(In::Accounts, "\r\n\n", E::MissingHeader { file });
    check(
        In::Accounts,
        &edit(ACCOUNTS, ",domain,", ","),
        E::MissingColumn {
            file,
            column: "domain",
        },
    );
    check(
        In::Accounts,
        &edit(ACCOUNTS, ",domain,", ",domian,"),
        E::UnknownColumn {
            file,
            column: "domian".into(),
        },
    );
    check(
        In::Accounts,
        &edit(ACCOUNTS, ",city,", ",Domain,"),
        E::DuplicateColumn {
            file,
            column: "domain",
        },
    );
    check(
        In::Accounts,
        &edit(ACCOUNTS, "description\n", "description,\n"),
        E::UnknownColumn {
            file,
            column: String::new(),
        },
    );
    let mut bytes = b"id,".to_vec();
    bytes.push(0xFF);
    bytes.extend_from_slice(b"\n");
    assert_eq!(
        read_vault(
            META.as_bytes(),
            &bytes[..],
            CONTACTS.as_bytes(),
            INTENT.as_bytes()
        ),
        Err(E::NotUtf8 {
            file,
            line: 1,
            column: "#2".into()
        })
    );
    check(
        In::Intent,
        "account_id,segment,readers\n",
        E::MissingColumn {
            file: CsvFile::Intent,
            column: "week_start",
        },
    );
}

#[test]
fn record_shape_errors_name_the_right_line() {
    use ImportError as E;
    let file = CsvFile::Accounts;
    // Blank lines and a cell spanning two lines shift the line of later records.
    let shifted =
        format!("{ACCOUNTS}\n\n3,\"Two\nLines\",two.com,US,,Banking,5,,,,,\n4,Short,short.com\n");
    check(
        In::Accounts,
        &shifted,
        E::CellCount {
            file,
            line: 8,
            expected: 12,
            found: 3,
        },
    );
    let unclosed = format!("{ACCOUNTS}3,\"Open,open.com,US,,Banking,5,,,,,\n");
    check(
        In::Accounts,
        &unclosed,
        E::Syntax {
            file,
            line: 4,
            problem: "a quoted cell is not closed before the end of the file",
        },
    );
    let after_quote = format!("{ACCOUNTS}3,\"Open\"ed,open.com,US,,Banking,5,,,,,\n");
    check(
        In::Accounts,
        &after_quote,
        E::Syntax {
            file,
            line: 4,
            problem: "unexpected text after a closing quote (quotes inside a quoted cell are written \"\")",
        },
    );
    let mut bytes = ACCOUNTS.as_bytes().to_vec();
    bytes.extend_from_slice(b"3,Bad \xFF name,bad.com,US,,Banking,5,,,,,\n");
    assert_eq!(
        read_vault(
            META.as_bytes(),
            &bytes[..],
            CONTACTS.as_bytes(),
            INTENT.as_bytes()
        ),
        Err(E::NotUtf8 {
            file,
            line: 4,
            column: "name".into()
        })
    );
}

#[test]
fn account_errors() {
    use ImportError as E;
    let file = CsvFile::Accounts;
    let row = |from: &str, to: &str| edit(ACCOUNTS, ACCOUNT_ROW, &edit(ACCOUNT_ROW, from, to));
    check(
        In::Accounts,
        &row("Acme,", ","),
        E::EmptyCell {
            file,
            line: 2,
            column: "name",
        },
    );
    check(
        In::Accounts,
        &row("acme.com", ""),
        E::EmptyCell {
            file,
            line: 2,
            column: "domain",
        },
    );
    check(
        In::Accounts,
        &row("Computer Software", " "),
        E::EmptyCell {
            file,
            line: 2,
            column: "industry",
        },
    );
    check(
        In::Accounts,
        &row("1,Acme", ",Acme"),
        E::EmptyCell {
            file,
            line: 2,
            column: "id",
        },
    );
    check(
        In::Accounts,
        &row("acme.com", "acme"),
        E::InvalidDomain {
            file,
            line: 2,
            value: "acme".into(),
        },
    );
    check(
        In::Accounts,
        &row("acme.com", "me@acme.com"),
        E::InvalidDomain {
            file,
            line: 2,
            value: "me@acme.com".into(),
        },
    );
    check(
        In::Accounts,
        &row("acme.com", "acme..com"),
        E::InvalidDomain {
            file,
            line: 2,
            value: "acme..com".into(),
        },
    );
    check(
        In::Accounts,
        &row(",US,", ",XX,"),
        E::UnknownCountry {
            file,
            line: 2,
            column: "country",
            value: "XX".into(),
        },
    );
    check(
        In::Accounts,
        &row(",US,", ",USA,"),
        E::UnknownCountry {
            file,
            line: 2,
            column: "country",
            value: "USA".into(),
        },
    );
    check(
        In::Accounts,
        &row(",US,", ",,"),
        E::EmptyCell {
            file,
            line: 2,
            column: "country",
        },
    );
    let bad_number = |value: &str, column: &'static str, max: u64| E::BadNumber {
        file,
        line: 2,
        column,
        value: value.into(),
        max,
    };
    check(
        In::Accounts,
        &row(",120,", ",12a,"),
        bad_number("12a", "employees", u64::from(u32::MAX)),
    );
    check(
        In::Accounts,
        &row(",120,", ",-5,"),
        bad_number("-5", "employees", u64::from(u32::MAX)),
    );
    check(
        In::Accounts,
        &row(",120,", ",+5,"),
        bad_number("+5", "employees", u64::from(u32::MAX)),
    );
    check(
        In::Accounts,
        &row(",120,", ",4294967296,"),
        bad_number("4294967296", "employees", u64::from(u32::MAX)),
    );
    check(
        In::Accounts,
        &row(",5000000,", ",5e6,"),
        bad_number("5e6", "revenue_usd", u64::MAX),
    );
    check(
        In::Accounts,
        &row("1,Acme", "x,Acme"),
        bad_number("x", "id", u64::from(u32::MAX)),
    );
    let duplicate = format!("{ACCOUNTS}\n1,Again,again.com,US,,Banking,5,,,,,\n");
    check(
        In::Accounts,
        &duplicate,
        E::DuplicateId {
            file,
            line: 5,
            id: 1,
            first_line: 2,
        },
    );
}

#[test]
fn contact_errors() {
    use ImportError as E;
    let file = CsvFile::Contacts;
    let row = |from: &str, to: &str| edit(CONTACTS, CONTACT_ROW, &edit(CONTACT_ROW, from, to));
    check(
        In::Contacts,
        &row("1,1,", "1,9,"),
        E::UnknownAccount {
            file,
            line: 2,
            account_id: 9,
        },
    );
    check(
        In::Contacts,
        &row("1,1,", "1,,"),
        E::EmptyCell {
            file,
            line: 2,
            column: "account_id",
        },
    );
    for email in [
        "Zoe.Muller",
        "Zoe@Muller@acme.com",
        "@acme.com",
        "zoe@acme",
        "zoe@acme.",
        "zoe m@acme.com",
        "zoe@.com",
    ] {
        check(
            In::Contacts,
            &row("Zoe.Muller@acme.com", email),
            E::InvalidEmail {
                file,
                line: 2,
                value: email.into(),
            },
        );
    }
    check(
        In::Contacts,
        &row("Zoe.Muller@acme.com", ""),
        E::EmptyCell {
            file,
            line: 2,
            column: "email",
        },
    );
    check(
        In::Contacts,
        &row(",engineering,", ",engineer,"),
        E::UnknownSlug {
            file,
            line: 2,
            column: "function",
            value: "engineer".into(),
            expected: "it, engineering, security, data, finance, marketing, sales, operations, hr, legal, procurement, executive"
                .into(),
        },
    );
    check(
        In::Contacts,
        &row(",vp,", ",chief,"),
        E::UnknownSlug {
            file,
            line: 2,
            column: "seniority",
            value: "chief".into(),
            expected: "c-level, vp, director, manager, staff".into(),
        },
    );
    check(
        In::Contacts,
        &row(",consent,", ",contract,"),
        E::UnknownSlug {
            file,
            line: 2,
            column: "lawful_basis",
            value: "contract".into(),
            expected: "consent, legitimate-interest".into(),
        },
    );
    check(
        In::Contacts,
        &row(",consent,", ",,"),
        E::EmptyCell {
            file,
            line: 2,
            column: "lawful_basis",
        },
    );
    check(
        In::Contacts,
        &row(",US,", ",Atlantis,"),
        E::UnknownCountry {
            file,
            line: 2,
            column: "country",
            value: "Atlantis".into(),
        },
    );
    check(
        In::Contacts,
        &row(",false,", ",no,"),
        E::BadBool {
            file,
            line: 2,
            column: "opted_out",
            value: "no".into(),
        },
    );
    check(
        In::Contacts,
        &row(",true", ",1"),
        E::BadBool {
            file,
            line: 2,
            column: "email_download",
            value: "1".into(),
        },
    );
    let duplicate = format!("{CONTACTS}2,1,A,B,a@acme.com,,it,staff,,consent,,\n");
    check(
        In::Contacts,
        &duplicate,
        E::DuplicateId {
            file,
            line: 4,
            id: 2,
            first_line: 3,
        },
    );
}

#[test]
fn intent_errors() {
    use ImportError as E;
    let file = CsvFile::Intent;
    let row = |from: &str, to: &str| edit(INTENT, INTENT_ROW, &edit(INTENT_ROW, from, to));
    check(
        In::Intent,
        &row("1,Cloud", "7,Cloud"),
        E::UnknownAccount {
            file,
            line: 2,
            account_id: 7,
        },
    );
    check(
        In::Intent,
        &row("Cloud Security", ""),
        E::EmptyCell {
            file,
            line: 2,
            column: "segment",
        },
    );
    let outside = |week: &str| E::WeekOutsideWindow {
        file,
        line: 2,
        week_start: day(week),
        first: day("2026-08-29"),
        last: day("2026-11-21"),
    };
    for week in ["2026-11-22", "2026-11-28", "2026-08-22", "2020-01-01"] {
        check(In::Intent, &row("2026-11-21", week), outside(week));
    }
    check(
        In::Intent,
        &row("2026-11-21", "2026-11-31"),
        E::BadDate {
            file,
            line: 2,
            column: "week_start",
            value: "2026-11-31".into(),
        },
    );
    check(
        In::Intent,
        &row("2026-11-21", ""),
        E::EmptyCell {
            file,
            line: 2,
            column: "week_start",
        },
    );
    check(
        In::Intent,
        &row(",6,2,", ",70000,2,"),
        E::BadNumber {
            file,
            line: 2,
            column: "readers",
            value: "70000".into(),
            max: 65_535,
        },
    );
    check(
        In::Intent,
        &row(",6,2,", ",,2,"),
        E::EmptyCell {
            file,
            line: 2,
            column: "readers",
        },
    );
    check(
        In::Intent,
        &row(",6,2,", ",1,2,"),
        E::SeniorReadersExceedReaders {
            file,
            line: 2,
            senior_readers: 2,
            readers: 1,
        },
    );
    for touch in ["2026-11-28", "2026-08-28"] {
        check(
            In::Intent,
            &row("2026-11-25", touch),
            E::LastTouchOutsideWindow {
                file,
                line: 2,
                last_touch: day(touch),
                first: day("2026-08-29"),
                last: day("2026-11-27"),
            },
        );
    }
    check(
        In::Intent,
        &row("2026-11-25", "yesterday"),
        E::BadDate {
            file,
            line: 2,
            column: "last_touch",
            value: "yesterday".into(),
        },
    );
    let duplicate = format!("{INTENT}\n1,Cloud Security,2026-11-14,1,0,0,0,\n");
    check(
        In::Intent,
        &duplicate,
        E::DuplicateWeek {
            file,
            line: 6,
            account_id: 1,
            segment: "Cloud Security".into(),
            week_start: day("2026-11-14"),
            first_line: 3,
        },
    );
}

#[test]
fn the_window_follows_meta() {
    // With as_of a week earlier, the base file's last week is outside the window.
    let meta = "key,value\nas_of,2026-11-20\n";
    assert!(matches!(
        read(meta, ACCOUNTS, CONTACTS, INTENT),
        Err(ImportError::WeekOutsideWindow { line: 2, .. })
    ));
}

#[test]
fn messages_name_file_line_and_column() {
    let error = read(
        META,
        ACCOUNTS,
        &CONTACTS.replace(",engineering,", ",engineer,"),
        INTENT,
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "contacts.csv, line 2, column `function`: unknown value `engineer`; expected one of it, engineering, \
         security, data, finance, marketing, sales, operations, hr, legal, procurement, executive"
    );
    let error = read(META, "id,nmae\n", CONTACTS, INTENT).unwrap_err();
    assert_eq!(
        error.to_string(),
        "accounts.csv, line 1: unknown column `nmae`; the columns are \
         id,name,domain,country,city,industry,employees,revenue_usd,technologies,topics,vendors,description"
    );
}

/// A reader that fails after a few bytes.
struct Failing(usize);

impl Read for Failing {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if self.0 == 0 || buffer.is_empty() {
            return Err(io::Error::other("disk on fire"));
        }
        self.0 -= 1;
        buffer[0] = b'k';
        Ok(1)
    }
}

#[test]
fn read_failures_are_reported() {
    let result = read_vault(
        Box::new(Failing(2)) as Box<dyn Read>,
        Box::new(ACCOUNTS.as_bytes()),
        Box::new(CONTACTS.as_bytes()),
        Box::new(INTENT.as_bytes()),
    );
    assert_eq!(
        result,
        Err(ImportError::Io {
            file: CsvFile::Meta,
            message: "disk on fire".into()
        })
    );
}

#[test]
fn export_refuses_labels_that_would_not_read_back() {
    for label in ["Slack;Teams", " Slack", ""] {
        let mut vault = expected();
        vault.accounts[0].vendors.push(label.into());
        let mut files: [Vec<u8>; 4] = Default::default();
        let [meta, accounts, contacts, intent] = &mut files;
        let result = write_vault(&vault, meta, accounts, contacts, intent);
        assert!(
            matches!(&result, Err(ExportError::UnwritableLabel { account_id: 1, column: "vendors", label: l }) if l == label),
            "{result:?}"
        );
    }
}

/// A writer that always fails.
struct Broken;

impl io::Write for Broken {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::other("full"))
    }

    fn flush(&mut self) -> io::Result<()> {
        Err(io::Error::other("full"))
    }
}

#[test]
fn write_failures_are_reported() {
    let result = write_vault(&expected(), Broken, Broken, Broken, Broken);
    assert!(
        matches!(
            result,
            Err(ExportError::Write {
                file: CsvFile::Meta,
                ..
            })
        ),
        "{result:?}"
    );
}

/// A reader that hands out one byte per call, to split the byte-order mark and line ends.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        match (self.0.split_first(), buffer.first_mut()) {
            (Some((&byte, rest)), Some(slot)) => {
                *slot = byte;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

fn records(input: &[u8]) -> Vec<(u64, Vec<String>)> {
    let mut reader = Records::new(Trickle(input));
    let mut record = Record::default();
    let mut out = Vec::new();
    while let Some(line) = reader.read(&mut record).expect("valid CSV") {
        let cells = (0..record.len())
            .map(|index| {
                String::from_utf8_lossy(record.get(index).unwrap_or_default()).into_owned()
            })
            .collect();
        out.push((line, cells));
    }
    out
}

#[test]
fn records_know_their_lines() {
    let cells = |values: &[&str]| {
        values
            .iter()
            .map(|&value| value.to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        records(b"\xEF\xBB\xBFa,b\r\n\r\n\"x\r\ny\",\"say \"\"hi\"\"\"\rlast,\n\n"),
        vec![
            (1, cells(&["a", "b"])),
            (3, cells(&["x\r\ny", "say \"hi\""])),
            (5, cells(&["last", ""]))
        ]
    );
    assert_eq!(records(b"a\"b,\"\"\n"), vec![(1, cells(&["a\"b", ""]))]);
    assert_eq!(records(b"\xEF\xBB"), vec![(1, vec!["\u{FFFD}".to_owned()])]);
    assert_eq!(records(b""), vec![]);
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512), file in 0..4usize) {
        let mut inputs = [META.as_bytes(), ACCOUNTS.as_bytes(), CONTACTS.as_bytes(), INTENT.as_bytes()];
        inputs[file] = &bytes;
        let [meta, accounts, contacts, intent] = inputs;
        let _ = read_vault(meta, accounts, contacts, intent);
    }

    #[test]
    fn csv_like_text_never_panics(
        rows in proptest::collection::vec("[0-9a-zA-Z@.;, \"\r\n-]{0,40}", 0..8),
        file in 0..4usize,
    ) {
        // The right header followed by noise reaches the cell parsers, not just the header.
        let header = [CsvFile::Meta, CsvFile::Accounts, CsvFile::Contacts, CsvFile::Intent][file].columns().join(",");
        let text = format!("{header}\n{}", rows.join("\n"));
        let mut inputs = [META, ACCOUNTS, CONTACTS, INTENT];
        inputs[file] = &text;
        let [meta, accounts, contacts, intent] = inputs;
        let _ = read(meta, accounts, contacts, intent);
    }
}

#[test]
fn bad_rows_are_skipped_and_named_and_the_rest_is_read() {
    let accounts = format!(
        "{ACCOUNTS}3,Nowhere Ltd,nowhere.com,XX,,Banking,5,,,,,\n4,Fine,fine.com,DE,,Banking,5,,,,,\n"
    );
    let contacts = format!(
        "{CONTACTS}20,1,A,B,not-an-email,,it,staff,,consent,,\n21,3,C,D,c@nowhere.com,,it,staff,,consent,,\n\
         22,4,E,F,e@fine.com,,it,staff,,consent,,\n1,4,G,H,g@fine.com,,it,staff,,consent,,\n23,4,too,few\n"
    );
    let intent =
        format!("{INTENT}3,CRM,2026-11-21,1,0,0,0,\n1,Cloud Security,2026-11-21,9,0,0,0,\n");
    let read = super::read_vault(
        META.as_bytes(),
        accounts.as_bytes(),
        contacts.as_bytes(),
        intent.as_bytes(),
    )
    .expect("only rows are wrong");
    let lines: Vec<(CsvFile, u64)> = read
        .rejected
        .named
        .iter()
        .map(|error| match error {
            ImportError::UnknownCountry { file, line, .. }
            | ImportError::InvalidEmail { file, line, .. }
            | ImportError::UnknownAccount { file, line, .. }
            | ImportError::DuplicateId { file, line, .. }
            | ImportError::CellCount { file, line, .. }
            | ImportError::DuplicateWeek { file, line, .. } => (*file, *line),
            other => panic!("unexpected {other}"),
        })
        .collect();
    let contacts_from = CONTACTS.lines().count() as u64 + 1;
    let intent_from = INTENT.lines().count() as u64 + 1;
    assert_eq!(
        lines,
        [
            (CsvFile::Accounts, 4),
            (CsvFile::Contacts, contacts_from),
            (CsvFile::Contacts, contacts_from + 1),
            (CsvFile::Contacts, contacts_from + 3),
            (CsvFile::Contacts, contacts_from + 4),
            (CsvFile::Intent, intent_from),
            (CsvFile::Intent, intent_from + 1),
        ]
    );
    assert_eq!(read.rejected.total, 7);
    let ids: Vec<u32> = read.vault.accounts.iter().map(|a| a.id).collect();
    assert_eq!(ids, [1, 2, 4]);
    let fine = read
        .vault
        .contacts
        .iter()
        .position(|c| c.id == 22)
        .expect("contact 22 read");
    assert_eq!(read.contact_lines[fine], contacts_from + 2);
    assert_eq!(read.contact_lines.len(), read.vault.contacts.len());
    assert_eq!(
        read.vault.intent,
        expected().intent,
        "the duplicate week keeps the first row"
    );
}

#[test]
fn whole_file_problems_still_refuse_the_import() {
    let bad_header = "id,name,domian\n1,Acme,acme.com\n";
    let error = super::read_vault(
        META.as_bytes(),
        bad_header.as_bytes(),
        CONTACTS.as_bytes(),
        INTENT.as_bytes(),
    )
    .expect_err("a bad header refuses");
    assert!(!error.is_row_error());
    let mut latin1 = ACCOUNTS.as_bytes().to_vec();
    latin1.extend_from_slice(b"3,Caf\xE9,cafe.fr,FR,,Food,5,,,,,\n");
    let error = super::read_vault(
        META.as_bytes(),
        &latin1[..],
        CONTACTS.as_bytes(),
        INTENT.as_bytes(),
    )
    .expect_err("a file that is not UTF-8 refuses");
    assert!(matches!(error, ImportError::NotUtf8 { line: 4, .. }));
}

#[test]
fn rejections_name_a_bounded_number_of_rows_and_count_them_all() {
    let mut rows = String::from(ACCOUNTS);
    for id in 0..Rejections::NAMED + 5 {
        rows.push_str(&format!(
            "{},Bad,bad{id}.com,XX,,Banking,5,,,,,\n",
            100 + id
        ));
    }
    let read = super::read_vault(
        META.as_bytes(),
        rows.as_bytes(),
        CONTACTS.as_bytes(),
        INTENT.as_bytes(),
    )
    .expect("rows only");
    assert_eq!(read.rejected.named.len(), Rejections::NAMED);
    assert_eq!(read.rejected.total, Rejections::NAMED as u64 + 5);
    assert_eq!(read.vault.accounts.len(), 2);
}
