//! What users and organisations may keep: count limits on lists, saved searches and
//! suppression lists per user and per organisation (409 `limit_reached`), a budget of
//! stored snapshot ids and of suppression entries per organisation, and a per-minute
//! allowance of writes per user (429 `quota_exceeded` with `Retry-After`). A refused
//! write stores nothing.

use clearlist_server::roles::Role;
use clearlist_server::{Limits, StorageLimits};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{Client, Tenant, TestServer, expect_error, expect_quota_exceeded, json_with};

fn count(server: &TestServer, sql: &str) -> i64 {
    server.sql().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A server whose storage limits are `storage`.
async fn server_with(storage: StorageLimits) -> TestServer {
    TestServer::start_with(Limits {
        storage,
        ..Limits::default()
    })
    .await
}

async fn create_list(client: &Client, name: &str, definition: &str) -> reqwest::Response {
    client
        .post(
            "/api/lists",
            &json!({ "name": name, "definition": definition }),
        )
        .await
}

async fn create_search(client: &Client, name: &str) -> reqwest::Response {
    client
        .post(
            "/api/searches",
            &json!({ "name": name, "definition": "v=1&employees=any:1-10" }),
        )
        .await
}

async fn create_suppression(client: &Client, name: &str, domains: &[&str]) -> reqwest::Response {
    client
        .post(
            "/api/suppression-lists",
            &json!({ "name": name, "domains": domains }),
        )
        .await
}

/// A 429 with a `Retry-After` of 1 to 60 seconds (the write allowance is per minute).
async fn expect_retry_within_a_minute(response: reqwest::Response) {
    expect_quota_exceeded(response, 60).await;
}

#[tokio::test]
async fn lists_are_limited_per_user_and_per_organisation() {
    let server = server_with(StorageLimits {
        lists_per_user: 2,
        lists_per_tenant: 3,
        ..StorageLimits::default()
    })
    .await;
    let admin = server.sign_in(Role::Administrator).await;
    let builder = server.sign_in(Role::ListBuilder).await;
    for name in ["A", "B"] {
        let response = create_list(&builder, name, "v=1").await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let response = create_list(&builder, "C", "v=1").await;
    let body = json_with(response, StatusCode::CONFLICT).await;
    assert_eq!(body["error"]["code"], "limit_reached", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("you keep 2 saved lists"),
        "{body}"
    );

    // The organisation has room for one more, which the Administrator takes.
    let response = create_list(&admin, "D", "v=1").await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let response = create_list(&admin, "E", "v=1").await;
    let body = json_with(response, StatusCode::CONFLICT).await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("your organisation keeps 3 saved lists"),
        "{body}"
    );
    assert_eq!(count(&server, "SELECT count(*) FROM lists"), 3);

    // Another organisation is not affected.
    let globex = server.sign_in_as(Tenant::Globex, Role::ListBuilder).await;
    let response = create_list(&globex, "G", "v=1").await;
    assert_eq!(response.status(), StatusCode::CREATED);

    // Deleting one makes room again.
    let lists: Value = json_with(builder.get("/api/lists").await, StatusCode::OK).await;
    let id = lists[0]["id"].as_i64().unwrap();
    let response = builder.delete(&format!("/api/lists/{id}")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = create_list(&builder, "C", "v=1").await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn saved_searches_and_suppression_lists_are_limited_too() {
    let server = server_with(StorageLimits {
        searches_per_user: 1,
        searches_per_tenant: 10,
        suppression_lists_per_user: 5,
        suppression_lists_per_tenant: 1,
        ..StorageLimits::default()
    })
    .await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let admin = server.sign_in(Role::Administrator).await;
    assert_eq!(
        create_search(&builder, "One").await.status(),
        StatusCode::CREATED
    );
    expect_error(
        create_search(&builder, "Two").await,
        StatusCode::CONFLICT,
        "limit_reached",
    )
    .await;
    assert_eq!(
        create_search(&admin, "Mine").await.status(),
        StatusCode::CREATED
    );
    assert_eq!(count(&server, "SELECT count(*) FROM searches"), 2);

    assert_eq!(
        create_suppression(&builder, "Customers", &["a.example"])
            .await
            .status(),
        StatusCode::CREATED
    );
    expect_error(
        create_suppression(&admin, "Competitors", &["b.example"]).await,
        StatusCode::CONFLICT,
        "limit_reached",
    )
    .await;
    assert_eq!(count(&server, "SELECT count(*) FROM suppression_lists"), 1);
}

#[tokio::test]
async fn suppression_entries_have_an_organisation_budget() {
    let server = server_with(StorageLimits {
        suppression_entries_per_tenant: 3,
        ..StorageLimits::default()
    })
    .await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let response = create_suppression(&builder, "Two", &["a.example", "b.example"]).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let response = create_suppression(&builder, "Two more", &["c.example", "d.example"]).await;
    expect_error(response, StatusCode::CONFLICT, "limit_reached").await;
    let response = create_suppression(&builder, "One more", &["c.example"]).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        count(&server, "SELECT count(*) FROM suppression_domains"),
        3
    );
}

#[tokio::test]
async fn snapshots_and_baselines_share_an_organisation_budget_of_account_ids() {
    let everything = crate::ACCOUNTS;
    let server = server_with(StorageLimits {
        stored_accounts_per_tenant: u64::from(everything) + 50,
        ..StorageLimits::default()
    })
    .await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let all = json_with(
        create_list(&builder, "All", "v=1").await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(all["snapshot"]["accounts"], everything);
    let id = all["id"].as_i64().unwrap();

    // Re-taking the snapshot replaces it: the budget counts it once.
    let response = builder
        .request(Method::POST, &format!("/api/lists/{id}/snapshot"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    // A second list of every account does not fit; a small one does.
    let response = create_list(&builder, "All again", "v=1").await;
    let body = json_with(response, StatusCode::CONFLICT).await;
    assert_eq!(body["error"]["code"], "limit_reached");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("snapshots and search baselines"),
        "{body}"
    );
    let response = create_list(&builder, "Few", "v=1&account=1,2,3").await;
    assert_eq!(response.status(), StatusCode::CREATED);

    // So does a saved search over every account, which would keep a baseline of all.
    let response = builder
        .post(
            "/api/searches",
            &json!({ "name": "All", "definition": "v=1" }),
        )
        .await;
    expect_error(response, StatusCode::CONFLICT, "limit_reached").await;

    // Shrinking the big list frees its ids for others.
    let response = builder
        .send_json(
            Method::PATCH,
            &format!("/api/lists/{id}"),
            &json!({ "definition": "v=1&account=4" }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = create_list(&builder, "All again", "v=1").await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        count(&server, "SELECT sum(snapshot_size) FROM lists"),
        i64::from(everything) + 4
    );
}

/// Waits, if need be, until the current minute has at least 20 s left, so the writes of a
/// test fall into one allowance window (windows are whole minutes of the clock).
async fn start_of_a_minute() {
    let second = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        % 60;
    if second > 40 {
        tokio::time::sleep(std::time::Duration::from_secs(61 - second)).await;
    }
}

#[tokio::test]
async fn a_loop_of_saves_is_stopped_within_the_minute_and_others_carry_on() {
    // Default limits: the flood that once stored 26,160 lists in 25 s.
    let server = TestServer::start().await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let admin = server.sign_in(Role::Administrator).await;
    let allowance = StorageLimits::default().writes_per_minute;
    start_of_a_minute().await;
    let mut created = 0;
    let refused = loop {
        let response = create_list(&builder, &format!("Flood {created}"), "v=1").await;
        if response.status() != StatusCode::CREATED {
            break response;
        }
        created += 1;
        assert!(created <= allowance, "more saves than the allowance");
    };
    assert_eq!(created, allowance);
    expect_retry_within_a_minute(refused).await;
    assert_eq!(
        count(&server, "SELECT count(*) FROM lists"),
        i64::try_from(created).unwrap()
    );

    // Every kind of write draws on the same allowance...
    expect_retry_within_a_minute(create_search(&builder, "Searching").await).await;
    expect_retry_within_a_minute(create_suppression(&builder, "S", &["a.example"]).await).await;
    assert_eq!(count(&server, "SELECT count(*) FROM searches"), 0);
    assert_eq!(count(&server, "SELECT count(*) FROM suppression_lists"), 0);
    // ...but deleting is free, and other users keep theirs.
    let lists: Value = json_with(builder.get("/api/lists").await, StatusCode::OK).await;
    let id = lists[0]["id"].as_i64().unwrap();
    let response = builder.delete(&format!("/api/lists/{id}")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = create_list(&admin, "Mine", "v=1").await;
    assert_eq!(response.status(), StatusCode::CREATED);
}
