//! `/api/suppression-lists`: saving, reading and deleting a tenant's suppression lists
//! (pseudonyms and domains only), validation before any write, roles and tenant isolation.

use clearlist_server::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{Tenant, TestServer, expect_error, json_with};

fn count(server: &TestServer, sql: &str) -> i64 {
    server.sql().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn stored_rows(server: &TestServer) -> i64 {
    count(
        server,
        "SELECT (SELECT count(*) FROM suppression_lists)
              + (SELECT count(*) FROM suppression_pseudonyms)
              + (SELECT count(*) FROM suppression_domains)",
    )
}

#[tokio::test]
async fn a_list_round_trips_with_duplicates_collapsed_and_domains_normalised() {
    let server = TestServer::start().await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let body = json!({
        "name": "  Customers  ",
        "pseudonyms": ["ffffffffffffffff", "0123456789abcdef", "0123456789ABCDEF", "0000000000000001"],
        "domains": ["Example.com", "https://www.example.com/pricing", "other.org", "@third.net"],
    });
    let created = json_with(
        builder.post("/api/suppression-lists", &body).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created["name"], "Customers");
    assert_eq!(created["pseudonyms"], 3);
    assert_eq!(created["domains"], 3);
    assert_eq!(created["created_by"], builder.user_id);
    let id = created["id"].as_i64().unwrap();

    let index = json_with(builder.get("/api/suppression-lists").await, StatusCode::OK).await;
    assert_eq!(index, json!([created]));

    let list = json_with(
        builder.get(&format!("/api/suppression-lists/{id}")).await,
        StatusCode::OK,
    )
    .await;
    // Ascending as unsigned numbers, though SQLite stores them signed.
    assert_eq!(
        list["pseudonyms"],
        json!(["0000000000000001", "0123456789abcdef", "ffffffffffffffff"])
    );
    assert_eq!(
        list["domains"],
        json!(["example.com", "other.org", "third.net"])
    );
    assert_eq!(list["name"], "Customers");

    // The audit entry carries counts, not entries.
    let detail: String = server
        .sql()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'suppression.create'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let detail: Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail, json!({ "list": id, "pseudonyms": 3, "domains": 3 }));

    let response = builder
        .delete(&format!("/api/suppression-lists/{id}"))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(stored_rows(&server), 0);
    let response = builder.get(&format!("/api/suppression-lists/{id}")).await;
    expect_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let response = builder
        .delete(&format!("/api/suppression-lists/{id}"))
        .await;
    expect_error(response, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_bad_entry_is_named_by_index_and_nothing_is_written() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let cases = [
        (
            json!({ "name": "x", "pseudonyms": ["0123456789abcdef", "jane@example.com"] }),
            "invalid_pseudonym",
            "pseudonyms[1]",
        ),
        (
            json!({ "name": "x", "pseudonyms": ["+123456789abcdef"] }),
            "invalid_pseudonym",
            "pseudonyms[0]",
        ),
        (
            json!({ "name": "x", "pseudonyms": ["0123456789abcde"] }),
            "invalid_pseudonym",
            "pseudonyms[0]",
        ),
        (
            json!({ "name": "x", "domains": ["ok.com", "ok.org", "not a domain"] }),
            "invalid_domain",
            "domains[2]",
        ),
        (
            json!({ "name": "x", "domains": ["jane@example.com"] }),
            "invalid_domain",
            "domains[0]",
        ),
        (json!({ "name": "x" }), "empty_suppression_list", ""),
        (
            json!({ "name": " ", "domains": ["ok.com"] }),
            "invalid_name",
            "",
        ),
        (
            json!({ "name": "x", "domains": ["ok.com"], "emails": ["a@b.com"] }),
            "malformed_json",
            "emails",
        ),
    ];
    for (body, code, named) in cases {
        let response = admin.post("/api/suppression-lists", &body).await;
        let error = json_with(response, StatusCode::BAD_REQUEST).await;
        assert_eq!(error["error"]["code"], code, "{body}: {error}");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(message.contains(named), "{body}: {message}");
        // A rejected email is not echoed back.
        assert!(!message.contains("jane@"), "{message}");
    }
    assert_eq!(stored_rows(&server), 0);
}

#[tokio::test]
async fn large_lists_take_the_upload_body_limit() {
    let server = TestServer::start().await;
    let builder = server.sign_in(Role::ListBuilder).await;
    // 20,000 pseudonyms: about 380 KB of JSON, past the general 64 KiB limit.
    let pseudonyms: Vec<String> = (0..20_000_u64)
        .map(|i| format!("{:016x}", i.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
        .collect();
    let body = json!({ "name": "Opt-outs", "pseudonyms": pseudonyms });
    let created = json_with(
        builder.post("/api/suppression-lists", &body).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created["pseudonyms"], 20_000);
    assert_eq!(
        count(&server, "SELECT count(*) FROM suppression_pseudonyms"),
        20_000
    );

    let too_many: Vec<String> = (0..200_001_u64).map(|i| format!("{i:016x}")).collect();
    let response = builder
        .post(
            "/api/suppression-lists",
            &json!({ "name": "Too many", "pseudonyms": too_many }),
        )
        .await;
    expect_error(response, StatusCode::BAD_REQUEST, "too_many_entries").await;

    // The larger limit is still a limit (8 MiB by default).
    let huge = "a".repeat(9 * 1024 * 1024);
    let response = builder
        .post(
            "/api/suppression-lists",
            &json!({ "name": "Huge", "domains": [huge] }),
        )
        .await;
    expect_error(response, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large").await;
    assert_eq!(count(&server, "SELECT count(*) FROM suppression_lists"), 1);
}

#[tokio::test]
async fn read_only_users_are_refused_and_other_tenants_lists_do_not_exist() {
    let server = TestServer::start().await;
    let acme = server.sign_in(Role::Administrator).await;
    let created = json_with(
        acme.post(
            "/api/suppression-lists",
            &json!({ "name": "Acme", "domains": ["acme-customer.com"] }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("/api/suppression-lists/{}", created["id"]);

    let reader = server.sign_in(Role::ReadOnly).await;
    for response in [
        reader.get("/api/suppression-lists").await,
        reader
            .post(
                "/api/suppression-lists",
                &json!({ "name": "x", "domains": ["a.com"] }),
            )
            .await,
        reader.get(&path).await,
        reader.delete(&path).await,
    ] {
        expect_error(response, StatusCode::FORBIDDEN, "forbidden").await;
    }

    let globex = server.sign_in_as(Tenant::Globex, Role::Administrator).await;
    let index = json_with(globex.get("/api/suppression-lists").await, StatusCode::OK).await;
    assert_eq!(index, json!([]));
    expect_error(globex.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    expect_error(
        globex.delete(&path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Still there for its own tenant.
    json_with(acme.get(&path).await, StatusCode::OK).await;
}
