//! The buying-team edits write canonical contact clauses, and chips name and remove them.

use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::engine_bridge::{encode, parse_list};

fn query(url: &str) -> ListQuery {
    let parsed = parse_list(url);
    assert!(parsed.problems.is_empty(), "{url}: {:?}", parsed.problems);
    parsed.query
}

#[wasm_bindgen_test(unsupported = test)]
fn checking_functions_and_switching_to_exclude() {
    let q = toggle(
        &query("v=1"),
        ContactFacet::Function,
        true,
        "security",
        true,
    );
    let q = toggle(&q, ContactFacet::Function, true, "it", true);
    assert_eq!(encode(&q), "v=1&fn=any:it,security");
    assert_eq!(
        checked(&q, ContactFacet::Function),
        (true, vec!["it".to_owned(), "security".to_owned()])
    );
    let q = switch_mode(&q, ContactFacet::Function, false);
    assert_eq!(encode(&q), "v=1&fn=not:it,security");
    // Checking under the other mode starts that mode afresh.
    let q = toggle(&q, ContactFacet::Function, true, "hr", true);
    assert_eq!(encode(&q), "v=1&fn=any:hr");
    let q = toggle(&q, ContactFacet::Function, true, "hr", false);
    assert_eq!(encode(&q), "v=1");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_seniority_floor_replaces_seniority_values_and_back() {
    let q = toggle(&query("v=1"), ContactFacet::Seniority, true, "vp", true);
    assert_eq!(encode(&q), "v=1&level=any:vp");
    let q = with_seniority_floor(&q, Some("director"));
    assert_eq!(encode(&q), "v=1&level=min:director");
    assert_eq!(seniority_floor(&q).as_deref(), Some("director"));
    assert_eq!(checked(&q, ContactFacet::Seniority), (true, Vec::new()));
    let q = toggle(&q, ContactFacet::Seniority, false, "staff", true);
    assert_eq!(encode(&q), "v=1&level=not:staff");
    assert_eq!(encode(&with_seniority_floor(&q, None)), "v=1");
}

#[wasm_bindgen_test(unsupported = test)]
fn exportable_only_and_team_size() {
    let q = with_exportable(&query("v=1&fn=any:it"), true);
    assert_eq!(encode(&q), "v=1&fn=any:it&reach=exportable");
    let q = with_team_size(&q, 3);
    assert_eq!(encode(&q), "v=1&fn=any:it&reach=exportable&team=min:3");
    assert_eq!(team_size(&q), 3);
    assert_eq!(
        encode(&with_team_size(&q, 1)),
        "v=1&fn=any:it&reach=exportable"
    );
    assert_eq!(
        encode(&with_team_size(&query("v=1"), 5000)),
        "v=1&team=min:1000"
    );
    assert!(is_targeting(&q));
    assert!(!is_targeting(&query("v=1&industry=any:banking")));
}

#[wasm_bindgen_test(unsupported = test)]
fn chips_name_each_clause_and_remove_it() {
    let countries = vec![Choice {
        slug: "de".into(),
        label: "Germany".into(),
    }];
    let q = query("v=1&fn=not:hr&level=min:vp&ccountry=any:de,unknown&reach=exportable&team=min:2");
    let chips = chips(&q, &countries);
    let shown: Vec<(String, String)> = chips
        .iter()
        .map(|c| (c.kind.clone(), c.text.clone()))
        .collect();
    assert_eq!(
        shown,
        [
            ("Function — not".to_owned(), "Human Resources".to_owned()),
            ("Seniority".to_owned(), "VP and above".to_owned()),
            ("Contact country".to_owned(), "Germany, unknown".to_owned()),
            ("Contacts".to_owned(), "exportable only".to_owned()),
            ("Buying team".to_owned(), "at least 2 contacts".to_owned()),
        ]
    );
    let mut rest = q;
    for chip in chips {
        let ChipTarget::Contacts(key) = chip.target else {
            panic!("a contact chip")
        };
        rest = remove_clause(&rest, key);
    }
    assert_eq!(encode(&rest), "v=1");
}
