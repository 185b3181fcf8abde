//! The list page's components render the hooks the end-to-end tests and users rely on.

use clearlist_app::components::account_table::AccountRowView;
use clearlist_app::components::url_problems::UrlProblems;
use clearlist_app::engine_bridge::{AccountRow, GaugeView, SignalDot, UrlProblem};
use clearlist_app::pages::list::DownloadProgress;
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
        rank: 1,
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
        contacts: 7,
        targeted: None,
        topics: vec!["Cloud Security".to_owned(), "Zero Trust".to_owned()],
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
fn a_row_shows_the_accounts_columns() {
    let root = container();
    let account = row(42, 3.5, &["late-stage"]);
    let _mounted = mount_to(root.clone(), move || {
        view! { <AccountRowView row=account active=true /> }
    });
    let first = query(&root, "[data-account-id]");
    assert_eq!(
        first.get_attribute("data-account-id").as_deref(),
        Some("42")
    );
    assert_eq!(first.get_attribute("role").as_deref(), Some("row"));
    assert_eq!(first.get_attribute("tabindex").as_deref(), Some("0"));
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
    assert_eq!(field("domain"), "company42.example · Computer Software");
    assert_eq!(
        first.get_attribute("data-domain").as_deref(),
        Some("company42.example")
    );
    assert_eq!(
        first.get_attribute("data-industry").as_deref(),
        Some("Computer Software")
    );
    assert_eq!(field("score"), "3.50");
    assert_eq!(field("gauge"), "Ramping Up");
    assert_eq!(field("contacts"), "7 contacts");
    assert_eq!(field("topics"), "Cloud Security, Zero Trust");
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
fn url_problems_name_their_parameter() {
    let root = container();
    let problems = vec![UrlProblem {
        parameter: Some("bogus".to_owned()),
        message: "unknown parameter `bogus`".to_owned(),
    }];
    let _mounted = mount_to(root.clone(), move || {
        view! { <UrlProblems problems=problems fatal=false reset_href="#v=1" /> }
    });
    let alert = query(&root, "[data-testid=url-error]");
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(alert.get_attribute("data-fatal").as_deref(), Some("false"));
    let item = query(&root, "[data-parameter=bogus]");
    assert!(
        item.text_content()
            .unwrap()
            .contains("unknown parameter `bogus`")
    );
    assert!(alert.text_content().unwrap().contains("not valid"));
}
