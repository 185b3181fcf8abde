//! The audit log as an Administrator reads it: filtered by actor, action and time, paged
//! back by id, the actions it holds, and a CSV download whose cells never evaluate.

use clearlist_server::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{TestServer, expect_error, json_with};

fn ids(entries: &Value) -> Vec<i64> {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_log_filters_pages_and_downloads_safely() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let builder = server.sign_in(Role::ListBuilder).await;
    for name in ["One", "Two", "Three"] {
        json_with(
            builder
                .post("/api/lists", &json!({ "name": name, "definition": "v=1" }))
                .await,
            StatusCode::CREATED,
        )
        .await;
    }
    // The Administrator's name starts like a spreadsheet formula.
    let me = format!("/api/users/{}", admin.user_id);
    json_with(
        admin
            .send_json(Method::PATCH, &me, &json!({ "name": "=SUM(1,2)" }))
            .await,
        StatusCode::OK,
    )
    .await;

    let by_builder = json_with(
        admin
            .get(&format!("/api/audit?actor={}", builder.user_id))
            .await,
        StatusCode::OK,
    )
    .await;
    let entries = by_builder.as_array().unwrap();
    assert!(entries.len() >= 4, "sign-in and three lists: {by_builder}");
    assert!(
        entries
            .iter()
            .all(|e| e["user_id"] == builder.user_id && e["user_name"] == "Acme list-builder"),
        "{by_builder}"
    );

    let lists = json_with(
        admin.get("/api/audit?action=list.create").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ids(&lists).len(), 3, "{lists}");
    // Pages of one, newest first, each older than the last.
    let first = json_with(
        admin.get("/api/audit?action=list.create&limit=1").await,
        StatusCode::OK,
    )
    .await;
    let next = json_with(
        admin
            .get(&format!(
                "/api/audit?action=list.create&limit=1&before={}",
                ids(&first)[0]
            ))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        [ids(&first), ids(&next)].concat(),
        ids(&lists)[..2].to_vec()
    );
    // A time window after everything holds nothing.
    let later = json_with(
        admin.get("/api/audit?from=4000000000").await,
        StatusCode::OK,
    )
    .await;
    assert!(ids(&later).is_empty());
    let until = json_with(admin.get("/api/audit?until=1").await, StatusCode::OK).await;
    assert!(ids(&until).is_empty());

    let actions = json_with(admin.get("/api/audit/actions").await, StatusCode::OK).await;
    let actions: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"list.create") && actions.contains(&"user.update"),
        "{actions:?}"
    );

    let csv = admin.get("/api/audit/csv?action=user.update").await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let text = csv.text().await.unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("ID,Time (UTC),User ID,User,Action,Details")
    );
    let row = lines.next().expect("the rename");
    assert!(
        row.contains(",'=SUM(1,2)") || row.contains(",\"'=SUM(1,2)\""),
        "{row}"
    );
    assert!(!row.contains(",=SUM") && !row.contains(",\"=SUM"), "{row}");

    expect_error(
        admin.get("/api/audit?actor=x").await,
        StatusCode::BAD_REQUEST,
        "bad_query",
    )
    .await;
    expect_error(
        admin.get("/api/audit/csv?limit=5").await,
        StatusCode::BAD_REQUEST,
        "bad_query",
    )
    .await;
}
