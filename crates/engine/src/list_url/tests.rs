//! Tests of the list URL codec: the grammar, canonical forms, errors and round trips.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::*;
use crate::contact_query::{ContactClause, ContactQuery, LevelClause};
use crate::taxonomy::{Function, Seniority};

/// The canonical URL of `input`, or its error message.
#[track_caller]
fn check(input: &str, expected: &str) {
    let actual = match decode(input) {
        Ok(query) => encode(&query),
        Err(error) => error.to_string(),
    };
    assert_eq!(actual, expected, "input: {input}");
}

/// What the lenient decoder keeps (canonical URL) and every message it reports.
#[track_caller]
fn check_lenient(input: &str, expected_url: &str, expected_errors: &[&str]) {
    let (query, errors) = decode_lenient(input);
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let expected_errors: Vec<String> = expected_errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        (encode(&query).as_str(), errors),
        (expected_url, expected_errors)
    );
}

/// The example of the brief. `signal=all:late-stage` names one value, which
/// [`ListQuery::canonicalize`] writes as `any`, so its canonical form is [`CANONICAL`].
const EXAMPLE: &str = "v=1&seg=cloud-security&industry=any:banking,software&country=not:de\
                       &tech=all:salesforce,slack&signal=all:late-stage\
                       &touch=2026-09-01..2026-11-28&list=not:7&sort=name";

const CANONICAL: &str = "v=1&seg=cloud-security&industry=any:banking,software&country=not:de\
                         &tech=all:salesforce,slack&signal=any:late-stage\
                         &touch=2026-09-01..2026-11-28&list=not:7&sort=name";

#[test]
fn example() {
    check(EXAMPLE, CANONICAL);
    check(CANONICAL, CANONICAL);
    check(
        "#sort=name&list=not:7&tech=all:slack,salesforce&touch=2026-09-01..2026-11-28\
         &country=not:de&signal=all:late-stage&industry=any:software,banking&v=1\
         &seg=cloud-security",
        CANONICAL,
    );
    let query = decode(EXAMPLE).unwrap();
    assert_eq!(query.segment.as_deref(), Some("cloud-security"));
    assert_eq!(query.sort, Sort::Name);
    assert_eq!(query.touch.unwrap().to.unwrap().to_string(), "2026-11-28");
    assert_eq!(
        query.lists,
        [ListClause {
            include: false,
            ids: vec![7]
        }]
    );
    assert_eq!(
        ListQuery::from_fragment(EXAMPLE).unwrap().to_fragment(),
        CANONICAL
    );
}

#[test]
fn canonical_spelling() {
    check("v=1", "v=1");
    check("#v=1", "v=1");
    check("?v=1", "v=1");
    check("v=1&sort=intent", "v=1");
    check("v=1&sort=size", "v=1&sort=size");
    // Values sorted and deduplicated; `not` clauses merge; a one-value `all` is an `any`.
    check(
        "v=1&tech=any:b,a,b&tech=not:x&tech=not:w,x",
        "v=1&tech=any:a,b&tech=not:w,x",
    );
    check("v=1&tech=all:slack", "v=1&tech=any:slack");
    check("v=1&tech=all:b&tech=all:a", "v=1&tech=all:a,b");
    check(
        "v=1&gauge=any:ramping-up&industry=not:x",
        "v=1&industry=not:x&gauge=any:ramping-up",
    );
    check(
        "v=1&list=not:9&list=in:3,2&list=not:7,9",
        "v=1&list=in:2,3&list=not:7,9",
    );
    check("v=1&touch=2026-09-01..", "v=1&touch=2026-09-01..");
    check("v=1&touch=..2026-11-28", "v=1&touch=..2026-11-28");
    check(
        "v=1&touch=2026-09-01..2026-09-01",
        "v=1&touch=2026-09-01..2026-09-01",
    );
    check(
        "v=1&list=in:18446744073709551615",
        "v=1&list=in:18446744073709551615",
    );
}

#[test]
fn single_valued_all() {
    // `all:a,a` names one value, so it is allowed; it reads as `any:a`.
    check(
        "v=1&industry=all:banking,banking",
        "v=1&industry=any:banking",
    );
    // Two one-value `all` clauses are allowed as written (an empty list, honestly kept):
    // on a single-valued facet each is a one-value clause, written `any`.
    check(
        "v=1&industry=all:b&industry=all:a",
        "v=1&industry=any:a&industry=any:b",
    );
    // On multi-valued facets one-value clauses join the `all` set.
    check("v=1&tech=any:b&tech=all:a", "v=1&tech=all:a,b");
}

#[test]
fn names() {
    check("v=1&name=Acme%20Corp", "v=1&name=Acme%20Corp");
    check("v=1&name=Acme+Corp", "v=1&name=Acme%20Corp");
    check("v=1&name=Z%c3%bcrich", "v=1&name=Z%C3%BCrich");
    check("v=1&name=Zürich", "v=1&name=Z%C3%BCrich");
    check("v=1&name=A%26B%3D%25%2B%23", "v=1&name=A%26B%3D%25%2B%23");
    check("v=1&name=AT=T", "v=1&name=AT%3DT");
    // Blank names filter nothing, so the canonical URL drops them.
    check("v=1&name=", "v=1");
    check("v=1&name=+%20", "v=1");
    check(
        &format!("v=1&name={}", "é".repeat(100)),
        &format!("v=1&name={}", "%C3%A9".repeat(100)),
    );
    let query = decode("v=1&name=Caf%C3%A9+%26+Co").unwrap();
    assert_eq!(query.name_prefix.as_deref(), Some("Café & Co"));
}

#[test]
fn errors_of_structure() {
    check("", "parameter `v` is missing: a list URL starts with `v=1`");
    check(
        "#",
        "parameter `v` is missing: a list URL starts with `v=1`",
    );
    check(
        "seg=x",
        "parameter `v` is missing: a list URL starts with `v=1`",
    );
    check(
        "V=1",
        "parameter `v` is missing: a list URL starts with `v=1`",
    );
    check(
        "v=2",
        "parameter `v`: version `2` is not supported (this app reads version 1)",
    );
    check(
        "v=01",
        "parameter `v`: version `01` is not supported (this app reads version 1)",
    );
    check("v", "parameter `v` has no value");
    check("v=", "parameter `v` has no value");
    check("v=1&v=1", "parameter `v` is given more than once");
    check("v=1&colour=red", "unknown parameter `colour`");
    check("v=1&Industry=any:x", "unknown parameter `Industry`");
    check("v=1&=x", "unknown parameter ``");
    check(
        "v=1&&seg=x",
        "parameter 2 is empty (a doubled, leading or trailing `&`)",
    );
    check(
        "&v=1",
        "parameter 1 is empty (a doubled, leading or trailing `&`)",
    );
    check(
        "v=1&",
        "parameter 2 is empty (a doubled, leading or trailing `&`)",
    );
}

#[test]
fn errors_of_segment_and_facets() {
    check("v=1&seg=a&seg=a", "parameter `seg` is given more than once");
    check("v=1&seg", "parameter `seg` has no value");
    check("v=1&seg=", "parameter `seg` has no value");
    check(
        "v=1&seg=Cloud",
        "parameter `seg`: `Cloud` is not a slug \
         (lower-case letters and digits joined by single hyphens)",
    );
    check("v=1&tech=", "parameter `tech` has no value");
    check(
        "v=1&tech=slack",
        "parameter `tech`: `slack` does not start with a mode (any, all, not) and `:`",
    );
    check(
        "v=1&tech=some:slack",
        "parameter `tech`: mode `some` is not one of any, all, not",
    );
    check(
        "v=1&tech=any:",
        "parameter `tech`: `any:` has an empty item",
    );
    check(
        "v=1&tech=any:a,,b",
        "parameter `tech`: `any:a,,b` has an empty item",
    );
    check(
        "v=1&tech=any:a,sales--force",
        "parameter `tech`: `sales--force` is not a slug \
         (lower-case letters and digits joined by single hyphens)",
    );
    check(
        "v=1&tech=any:a%2Cb",
        "parameter `tech`: `a%2Cb` is not a slug \
         (lower-case letters and digits joined by single hyphens)",
    );
    check(
        "v=1&industry=all:banking,software",
        "parameter `industry`: `all` with 2 values on a single-valued facet",
    );
}

#[test]
fn errors_of_touch_and_list() {
    check("v=1&touch", "parameter `touch` has no value");
    check(
        "v=1&touch=2026-09-01",
        "parameter `touch`: `2026-09-01` is not a date range FROM..TO with at least one date",
    );
    check(
        "v=1&touch=..",
        "parameter `touch`: `..` is not a date range FROM..TO with at least one date",
    );
    check(
        "v=1&touch=2026-13-01..",
        "parameter `touch`: `2026-13-01` is not a date of the form YYYY-MM-DD",
    );
    check(
        "v=1&touch=..2026-02-29",
        "parameter `touch`: `2026-02-29` is not a date of the form YYYY-MM-DD",
    );
    check(
        "v=1&touch=2026-11-28..2026-09-01",
        "parameter `touch`: start `2026-11-28` is after end `2026-09-01`",
    );
    check(
        "v=1&touch=..2026-01-01&touch=..2026-01-01",
        "parameter `touch` is given more than once",
    );
    check(
        "v=1&list=7",
        "parameter `list`: `7` does not start with a mode (in, not) and `:`",
    );
    check(
        "v=1&list=any:7",
        "parameter `list`: mode `any` is not one of in, not",
    );
    check(
        "v=1&list=in:7,",
        "parameter `list`: `in:7,` has an empty item",
    );
    for bad in ["0", "07", "+7", "-7", "7x", "18446744073709551616"] {
        let message = format!(
            "parameter `list`: `{bad}` is not a list id (a positive whole number without leading zeros)"
        );
        check(&format!("v=1&list=in:{bad}"), &message);
    }
}

#[test]
fn accounts() {
    check("v=1&account=42,7,42", "v=1&account=7,42");
    check(
        "v=1&name=ac&account=7&list=in:3",
        "v=1&list=in:3&account=7&name=ac",
    );
    check("v=1&account", "parameter `account` has no value");
    check(
        "v=1&account=7&account=8",
        "parameter `account` is given more than once",
    );
    check("v=1&account=0,4294967295", "v=1&account=0,4294967295");
    for bad in ["00", "07", "+7", "4294967296", "x", ""] {
        let message = format!(
            "parameter `account`: `{bad}` is not an account id \
             (a whole number up to 4294967295 without leading zeros)"
        );
        check(&format!("v=1&account=7,{bad}"), &message);
    }
    let many: Vec<String> = (1..=1001).map(|id| id.to_string()).collect();
    check(
        &format!("v=1&account={}", many.join(",")),
        "parameter `account`: 1001 accounts; the limit is 1000",
    );
}

#[test]
fn errors_of_name_and_sort() {
    check("v=1&name", "parameter `name` has no value");
    check(
        "v=1&name=a&name=b",
        "parameter `name` is given more than once",
    );
    check(
        "v=1&name=100%",
        "parameter `name`: `%` is not a percent-escape (`%` and two hex digits)",
    );
    check(
        "v=1&name=%zz1",
        "parameter `name`: `%zz` is not a percent-escape (`%` and two hex digits)",
    );
    check(
        "v=1&name=%e",
        "parameter `name`: `%e` is not a percent-escape (`%` and two hex digits)",
    );
    check(
        "v=1&name=%C3%28",
        "parameter `name`: `%C3%28` does not decode to UTF-8 text",
    );
    check(
        &format!("v=1&name={}", "a".repeat(101)),
        &format!(
            "parameter `name`: `{}…` is 101 characters long; the limit is 100",
            "a".repeat(60)
        ),
    );
    check(
        "v=1&sort=rank",
        "parameter `sort`: `rank` is not one of intent, name, size",
    );
    check("v=1&sort=", "parameter `sort` has no value");
    check(
        "v=1&sort=name&sort=name",
        "parameter `sort` is given more than once",
    );
    check(
        &format!("v=1&{}=1", "k".repeat(70)),
        &format!("unknown parameter `{}…`", "k".repeat(60)),
    );
}

#[test]
fn first_error_wins() {
    check(
        "v=1&sort=rank&seg=Bad&zzz=1",
        "parameter `sort`: `rank` is not one of intent, name, size",
    );
    check(
        "zzz=1&sort=rank",
        "parameter `v` is missing: a list URL starts with `v=1`",
    );
    // The first `seg` counts as seen even though it is bad, so the second is a duplicate.
    check(
        "v=1&seg=Bad&seg=good",
        "parameter `seg`: `Bad` is not a slug \
         (lower-case letters and digits joined by single hyphens)",
    );
}

#[test]
fn lenient() {
    check_lenient(EXAMPLE, CANONICAL, &[]);
    check_lenient(
        "v=1&tech=any:slack&colour=red&touch=2026-13-01..&sort=name&&seg=good&seg=other",
        "v=1&seg=good&tech=any:slack&sort=name",
        &[
            "unknown parameter `colour`",
            "parameter `touch`: `2026-13-01` is not a date of the form YYYY-MM-DD",
            "parameter 6 is empty (a doubled, leading or trailing `&`)",
            "parameter `seg` is given more than once",
        ],
    );
    check_lenient(
        "tech=any:slack",
        "v=1&tech=any:slack",
        &["parameter `v` is missing: a list URL starts with `v=1`"],
    );
    // Another version's parameters may mean something else: keep nothing.
    check_lenient(
        "v=2&tech=any:slack",
        "v=1",
        &["parameter `v`: version `2` is not supported (this app reads version 1)"],
    );
}

#[test]
fn error_parameters() {
    let parameter = |input: &str| decode(input).unwrap_err().parameter().map(str::to_owned);
    assert_eq!(parameter("seg=x").as_deref(), Some("v"));
    assert_eq!(parameter("v=9").as_deref(), Some("v"));
    assert_eq!(parameter("v=1&&").as_deref(), None);
    assert_eq!(parameter("v=1&colour=red").as_deref(), Some("colour"));
    assert_eq!(parameter("v=1&sort=a&sort=b").as_deref(), Some("sort"));
    assert_eq!(parameter("v=1&region=all:a,b").as_deref(), Some("region"));
    assert_eq!(parameter("v=1&vendor=any:A").as_deref(), Some("vendor"));
    assert_eq!(parameter("v=1&touch=x").as_deref(), Some("touch"));
    assert_eq!(parameter("v=1&list=in:0").as_deref(), Some("list"));
    assert_eq!(parameter("v=1&name=%").as_deref(), Some("name"));
    assert_eq!(parameter("v=1&sort=up").as_deref(), Some("sort"));
    assert_eq!(parameter("v=1&fn=any:itt").as_deref(), Some("fn"));
    assert_eq!(
        parameter("v=1&level=min:vp,staff").as_deref(),
        Some("level")
    );
    assert_eq!(
        parameter("v=1&ccountry=any:xx").as_deref(),
        Some("ccountry")
    );
    assert_eq!(parameter("v=1&reach=all").as_deref(), Some("reach"));
    assert_eq!(parameter("v=1&team=min:0").as_deref(), Some("team"));
}

#[test]
fn contact_keys_read_and_write_canonically() {
    check(
        "v=1&team=min:3&reach=exportable&ccountry=not:us,unknown,us&level=min:director\
         &fn=any:security,it&sort=name",
        "v=1&fn=any:it,security&level=min:director&ccountry=not:unknown,us\
         &reach=exportable&team=min:3&sort=name",
    );
    // The default team goes when a contact clause says it; alone it asks for a contact.
    check("v=1&fn=not:hr&team=min:1", "v=1&fn=not:hr");
    check("v=1&team=min:1", "v=1&team=min:1");
    check("v=1&level=any:vp,c-level,vp", "v=1&level=any:c-level,vp");
    check(
        "v=1&industry=any:banking&reach=exportable",
        "v=1&industry=any:banking&reach=exportable",
    );
}

#[test]
fn errors_of_contact_keys() {
    check(
        "v=1&fn=all:it",
        "parameter `fn`: mode `all` is not one of any, not",
    );
    check(
        "v=1&fn=any:it,itt",
        "parameter `fn`: `itt` is not one of it, engineering, security, data, finance, \
         marketing, sales, operations, hr, legal, procurement, executive",
    );
    check(
        "v=1&level=max:vp",
        "parameter `level`: mode `max` is not one of min, any, not",
    );
    check(
        "v=1&level=min:vp,director",
        "parameter `level`: `min` takes one seniority, not `vp,director`",
    );
    check(
        "v=1&level=any:boss",
        "parameter `level`: `boss` is not one of staff, manager, director, vp, c-level",
    );
    check(
        "v=1&ccountry=any:US",
        "parameter `ccountry`: `US` is not a country code (ISO 3166-1 alpha-2, lower case) \
         or `unknown`",
    );
    check(
        "v=1&ccountry=any:zz",
        "parameter `ccountry`: `zz` is not a country code (ISO 3166-1 alpha-2, lower case) \
         or `unknown`",
    );
    check(
        "v=1&reach=everyone",
        "parameter `reach`: `everyone` is not `exportable`",
    );
    check("v=1&reach", "parameter `reach` has no value");
    for team in ["min:0", "min:1001", "min:07", "max:3", "3", "min:"] {
        check(
            &format!("v=1&team={team}"),
            &format!("parameter `team`: `{team}` is not `min:N` with N from 1 to 1000"),
        );
    }
    check(
        "v=1&fn=any:it&fn=any:hr",
        "parameter `fn` is given more than once",
    );
    check_lenient(
        "v=1&fn=any:it&level=min:boss&team=min:2",
        "v=1&fn=any:it&team=min:2",
        &["parameter `level`: `boss` is not one of staff, manager, director, vp, c-level"],
    );
}

#[test]
fn encode_escapes_values_outside_the_grammar() {
    // A segment smuggling in a list filter must not become one.
    let query = ListQuery {
        segment: Some("x&list=in:5".into()),
        ..ListQuery::default()
    };
    assert_eq!(encode(&query), "v=1&seg=x%26list%3Din%3A5");
    assert!(matches!(
        decode(&encode(&query)),
        Err(UrlError::InvalidSlug { .. })
    ));
    let mut facets = BTreeMap::new();
    facets.insert(
        Facet::Tech,
        vec![Clause {
            mode: Mode::Any,
            values: vec!["a,b".into()],
        }],
    );
    let query = ListQuery {
        facets,
        ..ListQuery::default()
    };
    assert_eq!(encode(&query), "v=1&tech=any:a%2Cb");
    assert!(decode(&encode(&query)).is_err());
}

fn slug() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,5}(-[a-z0-9]{1,3}){0,2}"
}

fn facet() -> impl Strategy<Value = Facet> {
    prop::sample::select(Facet::ALL.to_vec())
}

fn clause() -> impl Strategy<Value = Clause> {
    let mode = prop::sample::select(vec![Mode::Any, Mode::All, Mode::Not]);
    (mode, prop::collection::vec(slug(), 1..4)).prop_map(|(mode, values)| Clause { mode, values })
}

fn date() -> impl Strategy<Value = Date> {
    let first = Date::from_ymd(0, 1, 1).unwrap().0;
    let last = Date::from_ymd(9999, 12, 31).unwrap().0;
    (first..=last).prop_map(Date)
}

fn touch() -> impl Strategy<Value = Option<DateRange>> {
    let ends = (prop::option::of(date()), prop::option::of(date()));
    prop::option::of(ends.prop_map(|ends| match ends {
        (Some(a), Some(b)) => DateRange {
            from: Some(a.min(b)),
            to: Some(a.max(b)),
        },
        (from, to) => DateRange { from, to },
    }))
}

fn list_clause() -> impl Strategy<Value = ListClause> {
    let ids = prop::collection::vec(prop_oneof![1..20_u64, 1..=u64::MAX], 1..4);
    (any::<bool>(), ids).prop_map(|(include, ids)| ListClause { include, ids })
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 &=%#+,:.~_é漢ß-]{0,30}",
        prop::collection::vec(any::<char>(), 0..=MAX_NAME_CHARS)
            .prop_map(|chars| chars.into_iter().collect()),
    ]
}

fn set_clause<T: Clone + std::fmt::Debug + 'static>(
    values: Vec<T>,
) -> impl Strategy<Value = ContactClause<T>> {
    (
        any::<bool>(),
        prop::collection::vec(prop::sample::select(values), 1..4),
    )
        .prop_map(|(include, values)| ContactClause { include, values })
}

fn level() -> impl Strategy<Value = LevelClause> {
    prop_oneof![
        prop::sample::select(Seniority::ALL.to_vec()).prop_map(LevelClause::AtLeast),
        set_clause(Seniority::ALL.to_vec()).prop_map(LevelClause::Set),
    ]
}

fn contact_query() -> impl Strategy<Value = ContactQuery> {
    let countries = vec![
        "us".to_owned(),
        "de".to_owned(),
        "fr".to_owned(),
        "unknown".to_owned(),
    ];
    (
        prop::option::of(set_clause(Function::ALL.to_vec())),
        prop::option::of(level()),
        prop::option::of(set_clause(countries)),
        any::<bool>(),
        prop::option::of(prop_oneof![Just(1_u32), 1..=MAX_TEAM]),
    )
        .prop_map(
            |(functions, level, countries, exportable, team)| ContactQuery {
                functions,
                level,
                countries,
                exportable,
                team,
            },
        )
}

/// Any query the grammar can express, not necessarily canonical.
fn query() -> impl Strategy<Value = ListQuery> {
    let head = (
        prop::option::of(slug()),
        prop::collection::btree_map(facet(), prop::collection::vec(clause(), 0..4), 0..5),
        touch(),
        prop::collection::vec(list_clause(), 0..4),
    );
    let tail = (
        prop::collection::vec(any::<u32>(), 0..5),
        prop::option::of(name()),
        contact_query(),
        prop::sample::select(Sort::ALL.to_vec()),
    );
    (head, tail).prop_map(
        |((segment, facets, touch, lists), (accounts, name_prefix, contacts, sort))| ListQuery {
            segment,
            facets,
            touch,
            lists,
            accounts,
            name_prefix,
            contacts,
            sort,
        },
    )
}

/// A spelling of `query` that means the same but is not canonical: pairs in a random
/// order, values shuffled and repeated, `not` and `all` clauses split, names escaped
/// differently.
fn respell(query: &ListQuery, seed: u64) -> String {
    let mut rng = StdRng::seed_from_u64(seed);
    let query = query.clone().canonical();
    let mut pairs = vec!["v=1".to_owned()];
    if let Some(segment) = &query.segment {
        pairs.push(format!("seg={segment}"));
    }
    for (facet, clauses) in &query.facets {
        for clause in clauses {
            // Repeated `not` and `all` clauses merge back into one. (A canonical `all` has
            // two or more values, so no part of it is read as a lone `any`.)
            let splittable = matches!(clause.mode, Mode::Not | Mode::All);
            if clause.mode == Mode::All && !facet.is_multi_valued() {
                // The grammar allows only one value per `all` on this facet.
                for value in &clause.values {
                    pairs.push(format!("{facet}=all:{value}"));
                }
                continue;
            }
            for part in split(&clause.values, splittable, &mut rng) {
                let values = shuffle_and_repeat(part, &mut rng);
                pairs.push(format!(
                    "{facet}={}:{}",
                    clause.mode.slug(),
                    values.join(",")
                ));
            }
        }
    }
    if let Some(range) = query.touch {
        let end = |date: Option<Date>| date.map(|date| date.to_string()).unwrap_or_default();
        pairs.push(format!("touch={}..{}", end(range.from), end(range.to)));
    }
    for clause in &query.lists {
        let ids: Vec<String> = clause.ids.iter().map(u64::to_string).collect();
        for part in split(&ids, !clause.include, &mut rng) {
            let mode = if clause.include { "in" } else { "not" };
            pairs.push(format!(
                "list={mode}:{}",
                shuffle_and_repeat(part, &mut rng).join(",")
            ));
        }
    }
    if !query.accounts.is_empty() {
        let ids: Vec<String> = query.accounts.iter().map(u32::to_string).collect();
        pairs.push(format!(
            "account={}",
            shuffle_and_repeat(&ids, &mut rng).join(",")
        ));
    }
    if let Some(name) = &query.name_prefix {
        pairs.push(format!("name={}", respell_name(name, &mut rng)));
    }
    respell_contacts(&query.contacts, &mut pairs, &mut rng);
    if query.sort != Sort::Intent || rng.gen_bool(0.5) {
        pairs.push(format!("sort={}", query.sort.slug()));
    }
    pairs.shuffle(&mut rng);
    let prefix = ["", "#", "?"].choose(&mut rng).unwrap();
    format!("{prefix}{}", pairs.join("&"))
}

/// The contact keys of a canonical query, values shuffled and repeated, `team=min:1`
/// written out or not where it is the default.
fn respell_contacts(query: &ContactQuery, pairs: &mut Vec<String>, rng: &mut StdRng) {
    let set = |include: bool, values: Vec<String>, rng: &mut StdRng| {
        let mode = if include { "any" } else { "not" };
        format!("{mode}:{}", shuffle_and_repeat(&values, rng).join(","))
    };
    if let Some(clause) = &query.functions {
        let values = clause.values.iter().map(|f| f.slug().to_owned()).collect();
        pairs.push(format!("fn={}", set(clause.include, values, rng)));
    }
    match &query.level {
        None => {}
        Some(LevelClause::AtLeast(floor)) => pairs.push(format!("level=min:{}", floor.slug())),
        Some(LevelClause::Set(clause)) => {
            let values = clause.values.iter().map(|s| s.slug().to_owned()).collect();
            pairs.push(format!("level={}", set(clause.include, values, rng)));
        }
    }
    if let Some(clause) = &query.countries {
        pairs.push(format!(
            "ccountry={}",
            set(clause.include, clause.values.clone(), rng)
        ));
    }
    if query.exportable {
        pairs.push("reach=exportable".to_owned());
    }
    match query.team {
        Some(team) => pairs.push(format!("team=min:{team}")),
        None if query.has_clauses() && rng.gen_bool(0.5) => pairs.push("team=min:1".to_owned()),
        None => {}
    }
}

/// `values` cut into one or more non-empty parts at random when `split` holds.
fn split<'a>(values: &'a [String], split: bool, rng: &mut StdRng) -> Vec<&'a [String]> {
    let mut parts = Vec::new();
    let mut rest = values;
    while split && rest.len() >= 2 && rng.gen_bool(0.5) {
        let at = rng.gen_range(1..rest.len());
        parts.push(&rest[..at]);
        rest = &rest[at..];
    }
    parts.push(rest);
    parts
}

fn shuffle_and_repeat(values: &[String], rng: &mut StdRng) -> Vec<String> {
    let mut values = values.to_vec();
    if rng.gen_bool(0.5) {
        let repeated = values[rng.gen_range(0..values.len())].clone();
        values.push(repeated);
    }
    values.shuffle(rng);
    values
}

/// `name` percent-encoded with random choices: `+` or `%20` for spaces, lower- or
/// upper-case hex, unreserved characters escaped or not, non-ASCII raw or escaped.
fn respell_name(name: &str, rng: &mut StdRng) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        let mut buffer = [0; 4];
        let unreserved = ch.is_ascii_alphanumeric() || "-._~".contains(ch);
        let raw_allowed = unreserved || !(ch.is_ascii() || ch.is_control());
        if ch == ' ' && rng.gen_bool(0.5) {
            out.push('+');
        } else if raw_allowed && rng.gen_bool(0.5) {
            out.push(ch);
        } else {
            for byte in ch.encode_utf8(&mut buffer).bytes() {
                // Writing to a `String` cannot fail.
                let _ = if rng.gen_bool(0.5) {
                    write!(out, "%{byte:02x}")
                } else {
                    write!(out, "%{byte:02X}")
                };
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn round_trip(query in query()) {
        let url = encode(&query);
        prop_assert_eq!(decode(&url), Ok(query.clone().canonical()), "url: {}", url);
    }

    #[test]
    fn canonical_is_a_fixed_point(query in query()) {
        let url = encode(&query);
        let decoded = decode(&url).map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(encode(&decoded), url);
        prop_assert_eq!(decode_lenient(&encode(&decoded)), (decoded, Vec::new()));
    }

    #[test]
    fn equal_meanings_encode_equally(query in query(), seed in any::<u64>()) {
        let respelled = respell(&query, seed);
        let decoded = decode(&respelled).map_err(|error| {
            TestCaseError::fail(format!("{respelled}: {error}"))
        })?;
        prop_assert_eq!(encode(&decoded), encode(&query), "respelled: {}", respelled);
    }

    #[test]
    fn never_panics_on_any_text(text in any::<String>()) {
        check_consistency(&text)?;
    }

    #[test]
    fn never_panics_on_near_misses(tokens in prop::collection::vec(token(), 0..24)) {
        check_consistency(&tokens.concat())?;
    }

    #[test]
    fn never_panics_on_near_miss_pairs(
        pairs in prop::collection::vec((key(), prop::collection::vec(token(), 0..4)), 0..8),
    ) {
        let pairs: Vec<String> =
            pairs.iter().map(|(key, value)| format!("{key}={}", value.concat())).collect();
        check_consistency(&format!("v=1&{}", pairs.join("&")))?;
    }
}

/// Pieces of the grammar, space-separated, to assemble near misses from.
const TOKENS: &str = "v=1 v= v & = : , .. # ? + % %2 %C3 %A9 %e9 %FF %00 seg industry tech \
                      gauge touch list name sort any: all: not: in: a b a-b - 0 1 07 2026-09-01 \
                      2026-13-01 é intent size fn level ccountry reach team min: it vp staff \
                      us unknown exportable 1000 1001";

/// Keys, known or not, for pair-shaped near misses.
const KEYS: &str = "v seg industry region tech signal gauge touch list account name sort \
                    fn level ccountry reach team x";

fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(TOKENS.split_whitespace().collect::<Vec<_>>())
}

fn key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(KEYS.split_whitespace().collect::<Vec<_>>())
}

/// Decoding `text` does not panic, strict and lenient agree, and a successful decode
/// re-encodes to a canonical fixed point.
fn check_consistency(text: &str) -> Result<(), TestCaseError> {
    let strict = decode(text);
    let (query, errors) = decode_lenient(text);
    match &strict {
        Ok(decoded) => {
            prop_assert!(errors.is_empty());
            prop_assert_eq!(decoded, &query);
            let url = encode(decoded);
            prop_assert_eq!(decode(&url), Ok(decoded.clone()), "url: {}", url);
        }
        Err(error) => {
            prop_assert_eq!(errors.first(), Some(error));
            // The lenient query is valid whatever the input: it must encode and decode.
            let url = encode(&query);
            prop_assert_eq!(decode(&url), Ok(query), "url: {}", url);
        }
    }
    Ok(())
}
