//! The list builder over a small generated dataset: the filter panel (counts, checking,
//! the mode switch), URL sync (a URL restores the list; a bad parameter is shown and the
//! rest kept), chips, and the virtualised table.
//!
//! The builder follows the real `location.hash` here, as in the app: each test sets the
//! hash, mounts the builder, and reads the hash back after clicking.

use std::cell::OnceCell;
use std::rc::Rc;

use clearlist_app::engine_bridge::Dataset;
use clearlist_app::fragment::{Fragment, current_fragment};
use clearlist_app::pages::list::ListBuilder;
use clearlist_engine::list_url;
use clearlist_engine::query::{self, QueryOptions};
use clearlist_vault_io::generate::{GenerateConfig, generate};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::{container, query as select};

thread_local! {
    static DATASET: OnceCell<Rc<Dataset>> = const { OnceCell::new() };
}

/// A 600-account generated dataset (dummy pseudonyms), built once.
pub(crate) fn dataset() -> Rc<Dataset> {
    DATASET.with(|cell| {
        Rc::clone(cell.get_or_init(|| {
            let vault = generate(&GenerateConfig::new(600, 5));
            let pseudonyms: Vec<u64> = (1..=vault.contacts.len() as u64).collect();
            let bytes = clearlist_engine::dataset::build(&vault, &pseudonyms).expect("build");
            Rc::new(Dataset::decode(&bytes).expect("decode"))
        }))
    })
}

/// The engine's own answer for a list URL: count and the first ten ids.
fn reference(url: &str) -> (u64, Vec<u32>) {
    let ds = dataset();
    let query = list_url::decode(url).expect("valid url");
    let options = QueryOptions {
        top: 10,
        ..QueryOptions::default()
    };
    let result = query::run(&ds, &query, &options).expect("runs");
    (result.count, result.top.iter().map(|r| r.id).collect())
}

/// Waits for `hashchange`, effects and re-rendering to settle.
pub(crate) async fn settle() {
    for _ in 0..3 {
        timeout(20).await;
        tick().await;
    }
}

/// Waits `ms` milliseconds of the browser's clock (Leptos's executor need not be running).
async fn timeout(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// The builder mounted at list URL `hash`, following the URL like the app.
struct Mounted {
    root: HtmlElement,
    _view: Box<dyn std::any::Any>,
}

/// The app's stylesheet is not loaded here: give the scroller its height, as style.css does.
pub(crate) fn style_scroller() {
    let document = document();
    if document.get_element_by_id("test-scroller-style").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("test-scroller-style");
        style.set_text_content(Some(
            ".account-scroller { height: 560px; overflow-y: auto; } .account-spacer { position: relative; } .account-window { position: absolute; top: 0; left: 0; right: 0; } .account-row { height: 56px; }",
        ));
        document.body().unwrap().append_child(&style).unwrap();
    }
}

async fn mount_at(hash: &str) -> Mounted {
    style_scroller();
    let _ = window().location().set_hash(hash);
    // Before anything is mounted only the `hashchange` is awaited: nothing of Leptos runs
    // yet (its executor starts with the first mount).
    timeout(60).await;
    let root = container();
    let ds = dataset();
    let view = mount_to(root.clone(), move || {
        view! { <ListBuilder dataset=Rc::clone(&ds) url=Fragment::follow_window() /> }
    });
    settle().await;
    Mounted {
        root,
        _view: Box::new(view),
    }
}

fn hash() -> String {
    current_fragment()
}

pub(crate) fn count_shown(root: &HtmlElement) -> u64 {
    select(root, "[data-testid=match-count]")
        .get_attribute("data-count")
        .unwrap()
        .parse()
        .unwrap()
}

fn all(root: &HtmlElement, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn value_rows(root: &HtmlElement, facet: &str) -> Vec<Element> {
    all(root, &format!("[data-testid=facet-{facet}] li[data-value]"))
}

fn checkbox(row: &Element) -> HtmlInputElement {
    row.query_selector("input[type=checkbox]")
        .unwrap()
        .unwrap()
        .unchecked_into()
}

fn click(element: &Element) {
    element.unchecked_ref::<HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn the_panel_shows_live_counts_and_checking_writes_the_canonical_url() {
    let mounted = mount_at("v=1").await;
    let root = &mounted.root;
    let rows = value_rows(root, "industry");
    assert!(rows.len() >= 2, "industry values are listed");
    let counts: Vec<u64> = rows
        .iter()
        .map(|row| row.get_attribute("data-count").unwrap().parse().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most frequent first: {counts:?}"
    );
    let first = rows[0].get_attribute("data-value").unwrap();
    let second = rows[1].get_attribute("data-value").unwrap();
    // The count next to a value is what checking it gives.
    let (expected, _) = reference(&format!("v=1&industry=any:{first}"));
    assert_eq!(counts[0], expected);

    click(&checkbox(&rows[0]).unchecked_into());
    settle().await;
    assert_eq!(hash(), format!("v=1&industry=any:{first}"));
    assert_eq!(count_shown(root), expected);

    // A second value: one OR clause, values in canonical (sorted) order.
    let row = all(
        root,
        &format!("[data-testid=facet-industry] li[data-value={second}]"),
    );
    click(&checkbox(&row[0]).unchecked_into());
    settle().await;
    let mut both = [first.clone(), second.clone()];
    both.sort();
    let url = format!("v=1&industry=any:{}", both.join(","));
    assert_eq!(hash(), url);
    assert_eq!(count_shown(root), reference(&url).0);
    // Counts of the filtered facet itself ignore its own filter.
    let again = value_rows(root, "industry");
    assert_eq!(
        again[0].get_attribute("data-count").unwrap(),
        counts[0].to_string()
    );

    // Chips, then "Clear all"; the bar stays and says there is no filter.
    let chips = all(root, "[data-testid=active-filters] [data-chip]");
    assert_eq!(chips.len(), 2);
    assert!(all(root, "[data-testid=no-filters]").is_empty());
    click(&select(root, "[data-testid=clear-filters]"));
    settle().await;
    assert_eq!(hash(), "v=1");
    assert_eq!(count_shown(root), reference("v=1").0);
    assert!(all(root, "[data-testid=active-filters] [data-chip]").is_empty());
    assert_eq!(all(root, "[data-testid=no-filters]").len(), 1);
    assert!(all(root, "[data-testid=clear-filters]").is_empty());
}

#[wasm_bindgen_test]
async fn the_mode_switch_moves_a_facets_values_to_the_new_mode() {
    let mounted = mount_at("v=1").await;
    let root = &mounted.root;
    let rows = value_rows(root, "country");
    let a = rows[0].get_attribute("data-value").unwrap();
    let b = rows[1].get_attribute("data-value").unwrap();
    let mut pair = [a, b];
    pair.sort();
    let url = format!("v=1&country=any:{}", pair.join(","));
    let _ = window().location().set_hash(&url);
    settle().await;
    let group = select(root, "[data-testid=facet-country]");
    assert_eq!(group.get_attribute("data-mode").as_deref(), Some("any"));
    // Single-valued: no "all".
    assert!(
        root.query_selector("[data-testid=mode-country-all]")
            .unwrap()
            .is_none()
    );

    click(&select(root, "[data-testid=mode-country-not]"));
    settle().await;
    let excluded = format!("v=1&country=not:{}", pair.join(","));
    assert_eq!(hash(), excluded);
    assert_eq!(group.get_attribute("data-mode").as_deref(), Some("not"));
    assert_eq!(
        select(root, "[data-testid=mode-country-not]")
            .get_attribute("aria-checked")
            .as_deref(),
        Some("true")
    );
    assert_eq!(count_shown(root), reference(&excluded).0);

    // A multi-valued facet offers "all"; picking it first makes the next checks an AND.
    click(&select(root, "[data-testid=facet-toggle-topic]"));
    settle().await;
    click(&select(root, "[data-testid=mode-topic-all]"));
    settle().await;
    let topics = value_rows(root, "topic");
    let t1 = topics[0].get_attribute("data-value").unwrap();
    let t2 = topics[1].get_attribute("data-value").unwrap();
    click(&checkbox(&topics[0]).unchecked_into());
    settle().await;
    let row = all(
        root,
        &format!("[data-testid=facet-topic] li[data-value={t2}]"),
    );
    click(&checkbox(&row[0]).unchecked_into());
    settle().await;
    let mut both = [t1, t2];
    both.sort();
    let url = format!("{excluded}&topic=all:{}", both.join(","));
    assert_eq!(hash(), url);
    assert_eq!(count_shown(root), reference(&url).0);
}

#[wasm_bindgen_test]
async fn a_url_restores_the_list() {
    // Find real slugs first.
    let (slug, segment) = {
        let ds = dataset();
        let industry = ds.facet_values(clearlist_engine::taxonomy::Facet::Industry)[0]
            .0
            .to_owned();
        let segment = ds.facet_values(clearlist_engine::taxonomy::Facet::Segment)[0]
            .0
            .to_owned();
        (industry, segment)
    };
    let url = format!("v=1&seg={segment}&industry=not:{slug}&sort=name");
    let mounted = mount_at(&url).await;
    let root = &mounted.root;
    let (count, top) = reference(&url);
    assert_eq!(count_shown(root), count);
    let ids: Vec<u32> = all(root, "[data-testid=top-accounts] [data-account-id]")
        .iter()
        .take(top.len())
        .map(|row| {
            row.get_attribute("data-account-id")
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, top);
    assert_eq!(
        select(root, "[data-testid=facet-industry]")
            .get_attribute("data-mode")
            .as_deref(),
        Some("not")
    );
    let checked = all(
        root,
        &format!("[data-testid=facet-industry] li[data-value={slug}] input"),
    );
    assert!(checked[0].unchecked_ref::<HtmlInputElement>().checked());
    let chip = all(root, &format!("[data-chip=\"industry:not:{slug}\"]"));
    assert_eq!(chip.len(), 1);
    let segment_select = select(root, "[data-testid=segment-select]");
    assert_eq!(
        js_sys::Reflect::get(&segment_select, &"value".into())
            .unwrap()
            .as_string(),
        Some(segment)
    );
    // Removing the chip removes the filter.
    click(&chip[0].query_selector("button").unwrap().unwrap());
    settle().await;
    assert!(!hash().contains("industry="));
    assert!(
        root.query_selector("[data-testid=url-error]")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
async fn a_bad_parameter_is_shown_and_the_rest_of_the_list_kept() {
    let slug = dataset().facet_values(clearlist_engine::taxonomy::Facet::Industry)[0]
        .0
        .to_owned();
    let mounted = mount_at(&format!(
        "v=1&bogus=1&industry=any:{slug},no-such-industry&sort=sideways"
    ))
    .await;
    let root = &mounted.root;
    let alert = select(root, "[data-testid=url-error]");
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(alert.get_attribute("data-fatal").as_deref(), Some("false"));
    let parameters: Vec<String> = all(root, "[data-testid=url-error] li[data-parameter]")
        .iter()
        .map(|item| item.get_attribute("data-parameter").unwrap())
        .collect();
    assert_eq!(parameters, ["bogus", "sort", "industry"]);
    assert!(alert.text_content().unwrap().contains("no-such-industry"));
    // The rest still applies.
    assert_eq!(
        count_shown(root),
        reference(&format!("v=1&industry=any:{slug}")).0
    );
    let checked = all(
        root,
        &format!("[data-testid=facet-industry] li[data-value={slug}] input"),
    );
    assert!(checked[0].unchecked_ref::<HtmlInputElement>().checked());
    // The bad URL is left as typed, so the messages match the address bar.
    assert!(hash().contains("bogus=1"));

    // A version this app cannot read shows no list at all.
    let _ = window().location().set_hash("v=9&industry=any:x");
    settle().await;
    assert_eq!(
        select(root, "[data-testid=url-error]")
            .get_attribute("data-fatal")
            .as_deref(),
        Some("true")
    );
    assert!(
        root.query_selector("[data-testid=match-count]")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
async fn a_non_canonical_url_is_rewritten_in_place() {
    let slug = dataset().facet_values(clearlist_engine::taxonomy::Facet::Country)[0]
        .0
        .to_owned();
    let _mounted = mount_at(&format!("country=any:{slug},{slug}&v=1&sort=intent")).await;
    // Not valid without a leading `v`? It is valid: order does not matter, duplicates merge.
    assert_eq!(hash(), format!("v=1&country=any:{slug}"));
}

#[wasm_bindgen_test]
async fn the_table_renders_only_the_visible_window() {
    let mounted = mount_at("v=1").await;
    let root = &mounted.root;
    let grid = select(root, "[data-testid=top-accounts]");
    assert_eq!(grid.get_attribute("role").as_deref(), Some("grid"));
    assert_eq!(grid.get_attribute("aria-rowcount").as_deref(), Some("601"));
    let rows = all(root, "[data-testid=top-accounts] [data-account-id]");
    assert!(
        !rows.is_empty() && rows.len() < 60,
        "{} rows in the DOM",
        rows.len()
    );
    let ids: Vec<u32> = rows
        .iter()
        .take(10)
        .map(|row| {
            row.get_attribute("data-account-id")
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, reference("v=1").1);
    for field in [
        "name",
        "domain",
        "country",
        "employees",
        "score",
        "contacts",
        "topics",
    ] {
        assert!(
            rows[0]
                .query_selector(&format!("[data-field={field}]"))
                .unwrap()
                .is_some(),
            "{field}"
        );
    }
    assert_eq!(
        all(&rows[0].clone().unchecked_into(), "[data-signal]").len(),
        5
    );

    // Scrolling to the end renders the last rows.
    let scroller: HtmlElement = select(root, "[data-testid=account-scroller]").unchecked_into();
    scroller.set_scroll_top(1_000_000);
    scroller
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    settle().await;
    let ranks: Vec<usize> = all(root, "[data-testid=top-accounts] [data-rank]")
        .iter()
        .map(|row| row.get_attribute("data-rank").unwrap().parse().unwrap())
        .collect();
    assert_eq!(ranks.last().copied(), Some(600));
    assert!(ranks.len() < 60);
}

#[wasm_bindgen_test]
fn the_window_covers_a_million_rows() {
    use clearlist_app::components::account_table::{MAX_SPACER, OVERSCAN, ROW_HEIGHT, window};
    let top = window(1_000_000, 0.0, 600.0, OVERSCAN);
    assert_eq!(top.start, 0);
    assert!(top.end < 40);
    // Without overscan, exactly the rows the viewport intersects (a list short enough to
    // scroll one to one): 600 px show 10 whole rows and part of the 11th; scrolled by
    // 30 px, part of the 12th as well.
    assert_eq!(window(1_000, 0.0, 600.0, 0).end, 11);
    assert_eq!(window(1_000, 0.0, 600.0, OVERSCAN).end, 11 + OVERSCAN);
    let scrolled = window(1_000, 30.0, 600.0, 0);
    assert_eq!((scrolled.start, scrolled.end), (0, 12));
    let further = window(1_000, 10.0 * ROW_HEIGHT, 600.0, OVERSCAN);
    assert_eq!((further.start, further.end), (10 - OVERSCAN, 21 + OVERSCAN));
    assert_eq!(top.spacer, MAX_SPACER);
    let bottom = window(1_000_000, MAX_SPACER, 600.0, OVERSCAN);
    assert_eq!(bottom.end, 1_000_000);
    assert!(bottom.end - bottom.start < 40);
    // The last row sits at the bottom of the viewport.
    let last_row_bottom = bottom.offset + (bottom.end - bottom.start) as f64 * ROW_HEIGHT;
    assert!(
        (last_row_bottom - MAX_SPACER).abs() < 1.0,
        "{last_row_bottom}"
    );
    let small = window(100, 560.0, 600.0, OVERSCAN);
    assert_eq!(small.offset, small.start as f64 * ROW_HEIGHT);
}

/// The contacts and exportable contacts the engine counts for a list URL.
fn contact_reference(url: &str) -> (u64, u64) {
    let ds = dataset();
    let query = list_url::decode(url).expect("valid url");
    let result = query::run(&ds, &query, &QueryOptions::default()).expect("runs");
    (result.contacts, result.exportable)
}

fn data_count(root: &HtmlElement, testid: &str) -> u64 {
    select(root, &format!("[data-testid={testid}]"))
        .get_attribute("data-count")
        .unwrap()
        .parse()
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_buying_team_filters_write_contact_clauses_and_the_counts_follow() {
    let mounted = mount_at("v=1&fn=any:it").await;
    let root = &mounted.root;
    let (contacts, exportable) = contact_reference("v=1&fn=any:it");
    assert!(
        contacts > exportable && exportable > 0,
        "{contacts} {exportable}"
    );
    assert_eq!(data_count(root, "contact-count"), contacts);
    assert_eq!(data_count(root, "exportable-count"), exportable);

    // A second function, by its checkbox; then exportable contacts only.
    let security = all(root, "[data-testid=facet-fn] li[data-value=security]");
    click(&checkbox(&security[0]).unchecked_into());
    settle().await;
    assert_eq!(hash(), "v=1&fn=any:it,security");
    click(&select(root, "[data-testid=reach-exportable]"));
    settle().await;
    let url = "v=1&fn=any:it,security&reach=exportable";
    assert_eq!(hash(), url);
    let (contacts, exportable) = contact_reference(url);
    assert_eq!(contacts, exportable);
    assert_eq!(data_count(root, "exportable-count"), exportable);
    assert_eq!(count_shown(root), reference(url).0);
    let chips = all(root, "[data-testid=active-filters] [data-chip]");
    assert_eq!(chips.len(), 2, "function and exportable-only");

    // A row's buying team opens below it, and says how many it targets.
    let toggle = select(root, "[data-testid=team-toggle]");
    click(&toggle);
    settle().await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let team = select(root, "[data-testid=team-detail] [data-testid=buying-team]");
    let targeted: u64 = team
        .get_attribute("data-targeted")
        .unwrap()
        .parse()
        .unwrap();
    assert!(targeted >= 1, "a matching account holds a targeted contact");
    assert!(
        toggle
            .text_content()
            .unwrap()
            .starts_with(&format!("{targeted} of "))
    );
}
