//! The browser's copy of the dataset (Cache API, real in headless Chromium: the test runner
//! serves on 127.0.0.1, a secure context): stored bytes read back with their version, a new
//! version replaces the old, another user's copy goes when a dataset is stored, the session
//! marker round-trips, and deleting leaves no Clearlist cache.
//!
//! The top bar's badge says which version is in use and where it came from.
//!
//! The tests share the browser's cache storage, so each runs under its own lock.

use clearlist_app::api::{Role, Session, Tenant, User, version_of_etag};
use clearlist_app::app::DatasetBadge;
use clearlist_app::dataset_cache::{
    self, CACHE_PREFIX, CacheName, cache_names, cached_session, delete_all, read, store,
};
use clearlist_app::state::{DatasetStatus, Download, Phase, Revalidation};
use clearlist_engine::Date;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::{container, query};

fn session(tenant: u64, user: u64) -> Session {
    Session {
        user: User {
            id: user,
            email: format!("user{user}@demo.clearlist.test"),
            name: "Cache Tester".to_owned(),
            role: Role::ListBuilder,
        },
        tenant: Tenant {
            id: tenant,
            name: "Demo Co".to_owned(),
        },
        csrf_token: "csrf-token".to_owned(),
    }
}

/// Cache storage is one per origin and the tests run concurrently on one page: a test
/// takes this lock (a future-aware one: a plain flag polled through timers) for its whole
/// run so one test's `delete_all` cannot pull another's copy away.
async fn exclusive() -> Exclusive {
    loop {
        if !LOCKED.with(|locked| locked.replace(true)) {
            return Exclusive;
        }
        sleep(5).await;
    }
}

thread_local! {
    static LOCKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

struct Exclusive;

impl Drop for Exclusive {
    fn drop(&mut self) {
        LOCKED.with(|locked| locked.set(false));
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_stored_dataset_reads_back_with_its_version() {
    let _lock = exclusive().await;
    delete_all().await.unwrap();
    let account = session(1, 2);
    let name = CacheName::for_session(&account);
    assert_eq!(name.as_str(), "clearlist-dataset-v1/tenant-1/user-2");
    assert_eq!(read(&name).await.unwrap(), None, "nothing before storing");
    assert!(
        cache_names().await.unwrap().is_empty(),
        "reading creates no cache"
    );

    let bytes: Vec<u8> = (0..=255).cycle().take(100_000).collect();
    store(&name, &account, "\"v1-abc\"", &bytes).await.unwrap();
    let cached = read(&name).await.unwrap().expect("the copy is there");
    assert_eq!(cached.etag, "\"v1-abc\"");
    assert_eq!(cached.version(), "v1-abc");
    assert_eq!(cached.bytes, bytes);
    assert_eq!(cache_names().await.unwrap(), vec![name.as_str().to_owned()]);

    delete_all().await.unwrap();
}

#[wasm_bindgen_test]
async fn a_new_version_replaces_the_old_one() {
    let _lock = exclusive().await;
    delete_all().await.unwrap();
    let account = session(1, 2);
    let name = CacheName::for_session(&account);
    store(&name, &account, "\"v1\"", b"old dataset")
        .await
        .unwrap();
    store(&name, &account, "\"v2\"", b"new dataset")
        .await
        .unwrap();
    let cached = read(&name).await.unwrap().unwrap();
    assert_eq!(cached.version(), "v2");
    assert_eq!(cached.bytes, b"new dataset");
    assert_eq!(cache_names().await.unwrap().len(), 1);

    delete_all().await.unwrap();
}

#[wasm_bindgen_test]
async fn storing_for_one_user_deletes_every_other_copy() {
    let _lock = exclusive().await;
    delete_all().await.unwrap();
    let first = session(1, 2);
    let second = session(1, 3);
    store(&CacheName::for_session(&first), &first, "\"v1\"", b"first")
        .await
        .unwrap();
    store(
        &CacheName::for_session(&second),
        &second,
        "\"v1\"",
        b"second",
    )
    .await
    .unwrap();
    assert_eq!(
        read(&CacheName::for_session(&first)).await.unwrap(),
        None,
        "the other user's copy is gone"
    );
    assert_eq!(
        cache_names().await.unwrap(),
        vec![CacheName::for_session(&second).as_str().to_owned()]
    );

    delete_all().await.unwrap();
}

#[wasm_bindgen_test]
async fn the_session_marker_names_who_stored_the_copy() {
    let _lock = exclusive().await;
    delete_all().await.unwrap();
    assert_eq!(cached_session().await.unwrap(), None);
    let account = session(4, 9);
    let name = CacheName::for_session(&account);
    store(&name, &account, "\"v1\"", b"data").await.unwrap();
    assert_eq!(cached_session().await.unwrap(), Some(account.clone()));

    // A newer session of the same user (new CSRF token) replaces the marker.
    let renewed = Session {
        csrf_token: "renewed".to_owned(),
        ..account
    };
    dataset_cache::remember_session(&name, &renewed)
        .await
        .unwrap();
    assert_eq!(cached_session().await.unwrap(), Some(renewed));

    delete_all().await.unwrap();
}

#[wasm_bindgen_test]
async fn deleting_leaves_no_clearlist_cache_and_spares_others() {
    let _lock = exclusive().await;
    delete_all().await.unwrap();
    let storage = web_sys::window().unwrap().caches().unwrap();
    wasm_bindgen_futures::JsFuture::from(storage.open("someone-else"))
        .await
        .unwrap();
    let account = session(1, 2);
    let name = CacheName::for_session(&account);
    store(&name, &account, "\"v1\"", b"data").await.unwrap();

    assert_eq!(delete_all().await.unwrap(), 1);
    assert_eq!(read(&name).await.unwrap(), None);
    assert_eq!(cached_session().await.unwrap(), None);
    assert!(cache_names().await.unwrap().is_empty());
    let remaining = wasm_bindgen_futures::JsFuture::from(storage.has("someone-else"))
        .await
        .unwrap();
    assert_eq!(
        remaining.as_bool(),
        Some(true),
        "other caches are not ours to delete"
    );
    wasm_bindgen_futures::JsFuture::from(storage.delete("someone-else"))
        .await
        .unwrap();
    // Remembering a session for a user without a copy creates nothing.
    dataset_cache::remember_session(&name, &account)
        .await
        .unwrap();
    assert!(cache_names().await.unwrap().is_empty());
    assert!(CACHE_PREFIX.starts_with("clearlist-"));
}

#[wasm_bindgen_test]
fn versions_are_etags_without_quotes() {
    assert_eq!(version_of_etag("\"abc123\""), "abc123");
    assert_eq!(version_of_etag("W/\"abc123\""), "abc123");
    assert_eq!(version_of_etag("abc123"), "abc123");
}

/// The badge's `(data-source, data-check, data-version, text)` for `status`, of a dataset
/// as of 28 Nov 2026; the version is in its tooltip.
fn badge(status: DatasetStatus) -> (String, String, String, String) {
    let root = container();
    let _mounted = mount_to(
        root.clone(),
        move || view! { <DatasetBadge status=status as_of=Date::from_ymd(2026, 11, 28) /> },
    );
    let badge = query(&root, "[data-testid=dataset-status]");
    assert_eq!(badge.get_attribute("role").as_deref(), Some("status"));
    let attribute = |name: &str| badge.get_attribute(name).unwrap_or_default();
    (
        attribute("data-source"),
        attribute("data-check"),
        attribute("data-version"),
        badge.text_content().unwrap_or_default(),
    )
}

#[wasm_bindgen_test]
fn the_badge_names_the_version_and_where_it_came_from() {
    let (source, check, version, text) = badge(DatasetStatus::Downloaded {
        version: Some("0123456789abcdef".to_owned()),
    });
    assert_eq!((source.as_str(), check.as_str()), ("network", "none"));
    assert_eq!(version, "0123456789abcdef");
    assert_eq!(text, "Dataset of 28 Nov 2026");

    let (source, check, _, text) = badge(DatasetStatus::FromCache {
        version: "abc".to_owned(),
        check: Revalidation::Current,
    });
    assert_eq!((source.as_str(), check.as_str()), ("cache", "current"));
    assert_eq!(text, "Dataset of 28 Nov 2026 · from this browser");

    let (_, check, _, text) = badge(DatasetStatus::FromCache {
        version: "abc".to_owned(),
        check: Revalidation::Offline,
    });
    assert_eq!(check, "offline");
    assert!(
        text.starts_with("Offline: dataset of 28 Nov 2026"),
        "{text}"
    );

    let (source, check, version, text) = badge(DatasetStatus::Updated {
        version: Some("new".to_owned()),
        previous: "old".to_owned(),
    });
    assert_eq!((source.as_str(), check.as_str()), ("network", "updated"));
    assert_eq!(version, "new");
    assert_eq!(text, "Dataset updated to data of 28 Nov 2026");
}

#[wasm_bindgen_test]
fn a_newer_version_downloads_with_a_progress_bar() {
    let root = container();
    let status = DatasetStatus::FromCache {
        version: "old".to_owned(),
        check: Revalidation::Downloading(Download {
            received: 250,
            total: Some(1_000),
            phase: Phase::Downloading,
        }),
    };
    let _mounted = mount_to(
        root.clone(),
        move || view! { <DatasetBadge status=status as_of=None /> },
    );
    let bar = query(&root, "[data-testid=dataset-update-progress]");
    assert_eq!(bar.get_attribute("value").as_deref(), Some("250"));
    assert_eq!(bar.get_attribute("max").as_deref(), Some("1000"));
    assert_eq!(
        bar.get_attribute("aria-label").as_deref(),
        Some("Newer dataset download")
    );
    assert_eq!(
        query(&root, "[data-testid=dataset-status]")
            .get_attribute("data-check")
            .as_deref(),
        Some("downloading")
    );
}

#[wasm_bindgen_test]
async fn without_the_cache_api_every_call_says_unavailable() {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::JsValue;
    use wasm_bindgen::closure::Closure;

    let _lock = exclusive().await;
    let window: JsValue = web_sys::window().unwrap().into();
    let key = JsValue::from_str("caches");
    let own = Object::get_own_property_descriptor(window.unchecked_ref::<Object>(), &key);
    // As on an insecure origin: reading `caches` throws.
    let throwing = Closure::<dyn Fn() -> Result<JsValue, JsValue>>::new(|| {
        Err(JsValue::from(js_sys::Error::new("SecurityError")))
    });
    let descriptor = Object::new();
    Reflect::set(&descriptor, &"get".into(), throwing.as_ref()).unwrap();
    Reflect::set(&descriptor, &"configurable".into(), &true.into()).unwrap();
    Object::define_property(
        window.unchecked_ref::<Object>(),
        &key,
        descriptor.unchecked_ref(),
    );

    let account = session(1, 2);
    let name = CacheName::for_session(&account);
    use dataset_cache::CacheError::Unavailable;
    assert!(matches!(read(&name).await, Err(Unavailable)));
    assert!(matches!(
        store(&name, &account, "\"v1\"", b"data").await,
        Err(Unavailable)
    ));
    assert!(matches!(cached_session().await, Err(Unavailable)));
    assert!(matches!(delete_all().await, Err(Unavailable)));
    // Signing out goes on regardless.
    dataset_cache::forget().await;

    if own.is_undefined() {
        Reflect::delete_property(window.unchecked_ref::<Object>(), &key).unwrap();
    } else {
        Object::define_property(window.unchecked_ref::<Object>(), &key, own.unchecked_ref());
    }
    assert!(cache_names().await.is_ok(), "the Cache API is back");
}
