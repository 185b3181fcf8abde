//! Tests of list edits: every control's change of a list, and the chips of its filters.

use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::engine_bridge::{encode, parse_list};

fn query(url: &str) -> ListQuery {
    let parsed = parse_list(url);
    assert!(parsed.problems.is_empty(), "{url}: {:?}", parsed.problems);
    parsed.query
}

#[wasm_bindgen_test(unsupported = test)]
fn checking_values_widens_an_any_clause() {
    let q = query("v=1");
    let q = toggle(&q, Facet::Industry, Mode::Any, "software", true);
    assert_eq!(encode(&q), "v=1&industry=any:software");
    let q = toggle(&q, Facet::Industry, Mode::Any, "banking", true);
    assert_eq!(encode(&q), "v=1&industry=any:banking,software");
    let q = toggle(&q, Facet::Industry, Mode::Any, "software", false);
    assert_eq!(encode(&q), "v=1&industry=any:banking");
}

#[wasm_bindgen_test(unsupported = test)]
fn all_mode_on_a_multi_valued_facet() {
    let q = toggle(&query("v=1"), Facet::Topic, Mode::All, "crm", true);
    // One value is written `any`, and still shows as checked under `all`.
    assert_eq!(encode(&q), "v=1&topic=any:crm");
    assert_eq!(checked(&q, Facet::Topic, Mode::All), ["crm"]);
    let q = toggle(&q, Facet::Topic, Mode::All, "erp", true);
    assert_eq!(encode(&q), "v=1&topic=all:crm,erp");
    let q = toggle(&q, Facet::Topic, Mode::All, "crm", false);
    assert_eq!(encode(&q), "v=1&topic=any:erp");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_mode_switch_moves_the_values() {
    let q = query("v=1&country=any:de,fr&tech=all:a,b");
    let q = switch_mode(&q, Facet::Country, Mode::Any, Mode::Not);
    assert_eq!(encode(&q), "v=1&country=not:de,fr&tech=all:a,b");
    let q = switch_mode(&q, Facet::Tech, Mode::All, Mode::Any);
    assert_eq!(encode(&q), "v=1&country=not:de,fr&tech=any:a,b");
    assert_eq!(mode_of(&q, Facet::Tech), Some(Mode::Any));
    assert_eq!(modes(Facet::Country), [Mode::Any, Mode::Not]);
}

#[wasm_bindgen_test(unsupported = test)]
fn clearing_keeps_segment_and_sort() {
    let q = query("v=1&seg=crm&industry=any:a&touch=2026-01-01..&sort=name");
    assert_eq!(encode(&clear_filters(&q)), "v=1&seg=crm&sort=name");
    let q = with_touch(&q, parse_date("2026-05-01"), parse_date("2026-02-01"));
    assert_eq!(
        encode(&q),
        "v=1&seg=crm&industry=any:a&touch=2026-02-01..2026-05-01&sort=name"
    );
    let q = remove_chip(&q, &ChipTarget::Touch);
    assert_eq!(encode(&q), "v=1&seg=crm&industry=any:a&sort=name");
    let q = with_sort(&with_segment(&q, None), Sort::Intent);
    assert_eq!(encode(&q), "v=1&industry=any:a");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_bad_url_keeps_the_rest() {
    let parsed = parse_list("v=1&bogus=1&industry=any:a");
    assert!(!parsed.fatal);
    assert_eq!(parsed.canonical, "v=1&industry=any:a");
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].parameter.as_deref(), Some("bogus"));
    assert!(parse_list("v=2&industry=any:a").fatal);
    assert!(parse_list("").problems.is_empty());
}

#[wasm_bindgen_test(unsupported = test)]
fn saved_list_filters_and_hand_picked_accounts() {
    let q = with_list(&query("v=1"), 7, true);
    let q = with_list(&q, 9, true);
    let q = with_list(&q, 3, false);
    // A ∩ B as two `in` clauses; the `not` clauses merge.
    assert_eq!(encode(&q), "v=1&list=in:7&list=in:9&list=not:3");
    let q = remove_chip(&q, &ChipTarget::Lists);
    assert_eq!(encode(&q), "v=1");
    let picked = query("v=1&industry=any:a&account=5,2");
    assert_eq!(
        encode(&remove_chip(&picked, &ChipTarget::Accounts)),
        "v=1&industry=any:a"
    );
}
