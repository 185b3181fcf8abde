//! The list page's components render the hooks the end-to-end tests and users rely on.

use clearlist_app::engine_bridge::{AccountRow, GaugeView, ListError, ListView, SignalDot};
use clearlist_app::pages::list::{DownloadProgress, ListProblem, ListResults};
use clearlist_app::state::{Download, Phase};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::{container, query};

fn row(id: u32, score: f64, lit: &[&'static str]) -> AccountRow {
    AccountRow {
        id,
        name: format!("Company {id}"),
        domain: format!("company{id}.example"),
        country: "Germany".to_owned(),
        industry: "Computer Software".to_owned(),
        employees: "51–200".to_owned(),
        gauge: Some(GaugeView {
            slug: "ramping-up".to_owned(),
            label: "Ramping Up".to_owned(),
        }),
        score,
        signals: [
            ("widespread", "Widespread"),
            ("sustained", "Sustained"),
            ("late-stage", "Late Stage"),
            ("stakeholder", "Stakeholder"),
            ("cross-vendor", "Cross-Vendor"),
        ]
        .into_iter()
        .map(|(slug, label)| SignalDot {
            slug,
            label,
            lit: lit.contains(&slug),
        })
        .collect(),
    }
}

#[wasm_bindgen_test]
async fn progress_bar_follows_the_download() {
    let root = container();
    let (download, set_download) = signal(Download::default());
    let _mounted = mount_to(
        root.clone(),
        move || view! { <DownloadProgress download=download /> },
    );

    let bar = query(&root, "[data-testid=download-progress]");
    assert_eq!(bar.tag_name(), "PROGRESS");
    // Unknown total: indeterminate bar.
    assert_eq!(bar.get_attribute("value"), None);

    set_download.set(Download {
        received: 1_500,
        total: Some(3_000_000),
        phase: Phase::Downloading,
    });
    tick().await;
    assert_eq!(bar.get_attribute("value").as_deref(), Some("1500"));
    assert_eq!(bar.get_attribute("max").as_deref(), Some("3000000"));
    let status = query(&root, "[data-testid=download-status]");
    assert_eq!(status.text_content().unwrap().trim(), "1.5 kB of 3.0 MB");
}

#[wasm_bindgen_test]
fn results_show_count_and_ranked_accounts() {
    let root = container();
    let list = ListView {
        count: 12_345,
        top: vec![row(42, 3.5, &["late-stage"]), row(7, 2.0, &[])],
    };
    let _mounted = mount_to(root.clone(), move || view! { <ListResults list=list /> });

    let count = query(&root, "[data-testid=match-count]");
    assert_eq!(count.get_attribute("data-count").as_deref(), Some("12345"));
    assert_eq!(
        count.text_content().unwrap().trim(),
        "12,345 matching accounts"
    );

    let items = root
        .query_selector_all("[data-testid=top-accounts] > li")
        .unwrap();
    assert_eq!(items.length(), 2);
    let first: web_sys::Element = items.item(0).unwrap().unchecked_into();
    assert_eq!(
        first.get_attribute("data-account-id").as_deref(),
        Some("42")
    );
    let field = |name: &str| {
        first
            .query_selector(&format!("[data-field={name}]"))
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
            .trim()
            .to_owned()
    };
    assert_eq!(field("name"), "Company 42");
    assert_eq!(field("score"), "3.50");
    assert_eq!(field("gauge"), "Ramping Up");
    let dots = first.query_selector_all("[data-signal]").unwrap();
    assert_eq!(dots.length(), 5);
    let late_stage: web_sys::Element = dots.item(2).unwrap().unchecked_into();
    assert_eq!(
        late_stage.get_attribute("aria-label").as_deref(),
        Some("Late Stage: on")
    );
    let widespread: web_sys::Element = dots.item(0).unwrap().unchecked_into();
    assert_eq!(
        widespread.get_attribute("aria-label").as_deref(),
        Some("Widespread: off")
    );
}

#[wasm_bindgen_test]
fn an_empty_list_says_so() {
    let root = container();
    let list = ListView {
        count: 0,
        top: Vec::new(),
    };
    let _mounted = mount_to(root.clone(), move || view! { <ListResults list=list /> });
    let count = query(&root, "[data-testid=match-count]");
    assert_eq!(count.get_attribute("data-count").as_deref(), Some("0"));
    assert!(root.text_content().unwrap().contains("No account matches"));
}

#[wasm_bindgen_test]
fn a_bad_url_is_an_alert() {
    let root = container();
    let error = ListError::Url("unknown parameter `bogus`".to_owned());
    let _mounted = mount_to(root.clone(), move || view! { <ListProblem error=error /> });
    let alert = query(&root, "[data-testid=url-error]");
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(alert.get_attribute("data-kind").as_deref(), Some("url"));
    assert!(
        alert
            .text_content()
            .unwrap()
            .contains("unknown parameter `bogus`")
    );
}
