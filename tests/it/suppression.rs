//! Suppression files in the browser: the upload component reads a picked file, reports
//! entries and bad lines by number, and the list shrinks by the suppressed accounts (and
//! grows back when the file is removed); the browser's half of the OPRF unblinds a
//! server's answer into the pseudonyms the server itself computes.

use std::rc::Rc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clearlist_app::api::Role;
use clearlist_app::fragment::Fragment;
use clearlist_app::pages::list::ListBuilder;
use clearlist_app::session::{Auth, SessionState};
use clearlist_app::suppression_file::{SuppressionSlot, oprf};
use clearlist_engine::pseudonym::PseudonymKey;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{
    DataTransfer, Event, EventInit, File, HtmlButtonElement, HtmlElement, HtmlInputElement,
};

use crate::builder::{count_shown, dataset, settle, style_scroller};
use crate::login::session;
use crate::{container, query};

/// Picks a file holding `text` in the file input under `root`, as a user would.
fn pick(root: &HtmlElement, name: &str, text: &str) {
    let input: HtmlInputElement = query(root, "[data-testid=suppression-file]").unchecked_into();
    let parts = js_sys::Array::of1(&text.into());
    let file = File::new_with_str_sequence(&parts, name).unwrap();
    let transfer = DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    input.set_files(transfer.files().as_ref());
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
}

/// Waits until `selector` is under `root` (the file is read asynchronously).
async fn wait_for(root: &HtmlElement, selector: &str) -> web_sys::Element {
    for _ in 0..100 {
        if let Some(found) = root.query_selector(selector).unwrap() {
            return found;
        }
        settle().await;
    }
    panic!("{selector} never appeared");
}

#[wasm_bindgen_test]
async fn a_picked_file_is_matched_and_the_list_shrinks_until_it_is_removed() {
    style_scroller();
    let _ = window().location().set_hash("v=1");
    settle().await;
    let ds = dataset();
    let domains: Vec<String> = (0..3u32)
        .map(|row| ds.domain(row * 50).to_owned())
        .collect();
    let root = container();
    let mounted_ds = Rc::clone(&ds);
    let _view = mount_to(root.clone(), move || {
        provide_context(SessionState::from_auth(Auth::SignedIn(session(
            Role::ListBuilder,
        ))));
        provide_context(SuppressionSlot(RwSignal::new(None)));
        view! { <ListBuilder dataset=Rc::clone(&mounted_ds) url=Fragment::follow_window() /> }
    });
    settle().await;
    let all = count_shown(&root);
    assert_eq!(all, ds.len() as u64);

    // Domains only: no email, so no PRF exchange (and no server) is needed.
    let file = format!(
        "domain\n{}\nno entry here\n\nhttps://www.{}/pricing\n{}\n",
        domains[0], domains[1], domains[2]
    );
    pick(&root, "customers.csv", &file);
    let summary = wait_for(&root, "[data-testid=suppression-summary]").await;
    let number = |name: &str| -> u64 {
        summary
            .get_attribute(&format!("data-{name}"))
            .unwrap()
            .parse()
            .unwrap()
    };
    assert_eq!(number("entries"), 3, "three domains (one written as a URL)");
    assert_eq!(number("bad"), 1);
    let bad_line = query(&root, "[data-testid=suppression-bad-line]");
    assert_eq!(bad_line.get_attribute("data-line").as_deref(), Some("3"));
    let suppressed = number("accounts");
    assert!(suppressed >= 3, "{suppressed} accounts suppressed");
    assert_eq!(number("contacts"), 0);
    assert!(summary.text_content().unwrap().contains("customers.csv"));
    settle().await;
    assert_eq!(count_shown(&root), all - suppressed);

    let remove: HtmlButtonElement =
        query(&root, "[data-testid=suppression-remove]").unchecked_into();
    remove.click();
    settle().await;
    assert!(
        root.query_selector("[data-testid=suppression-summary]")
            .unwrap()
            .is_none()
    );
    assert_eq!(count_shown(&root), all);
}

#[wasm_bindgen_test]
fn read_only_users_cannot_pick_a_file() {
    let root = container();
    let ds = dataset();
    let _ = window().location().set_hash("v=1");
    let _view = mount_to(root.clone(), move || {
        provide_context(SessionState::from_auth(Auth::SignedIn(session(
            Role::ReadOnly,
        ))));
        view! { <ListBuilder dataset=Rc::clone(&ds) url=Fragment::follow_window() /> }
    });
    let input: HtmlInputElement = query(&root, "[data-testid=suppression-file]").unchecked_into();
    assert!(input.disabled());
    let label = input.parent_element().unwrap();
    assert!(label.get_attribute("title").unwrap().contains("Read-Only"));
}

#[wasm_bindgen_test]
fn the_browser_unblinds_the_servers_answer_into_the_servers_pseudonyms() {
    let key = PseudonymKey::from_seed(&[3; 32]).unwrap();
    let emails = vec!["ana@example.com".to_owned(), "bo@example.org".to_owned()];
    let blinded = oprf::blind(9, &emails).unwrap();
    let bytes: Vec<Vec<u8>> = blinded
        .iter()
        .map(|text| URL_SAFE_NO_PAD.decode(text).unwrap())
        .collect();
    // What the server does at /api/prf/evaluate.
    let evaluated: Vec<String> = key
        .evaluate_blinded(&bytes)
        .unwrap()
        .iter()
        .map(|element| URL_SAFE_NO_PAD.encode(element))
        .collect();
    let pseudonyms = oprf::finalize(9, &evaluated).unwrap();
    let expected: Vec<u64> = emails.iter().map(|e| key.pseudonym(e).unwrap().0).collect();
    assert_eq!(pseudonyms, expected);
    // A batch is unblinded once; its secrets are gone after.
    assert!(oprf::finalize(9, &evaluated).is_err());
}
