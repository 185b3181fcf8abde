//! `/api/email-rules` (reading and editing the per-country B2B email rules) and
//! `/api/audit` (the tenant's audit log): validation, roles and tenant scoping.

use clearlist_server::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{Tenant, TestServer, expect_error, json_with};

#[tokio::test]
async fn administrators_read_the_shipped_rules() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let rules = json_with(admin.get("/api/email-rules").await, StatusCode::OK).await;
    let rules = rules.as_array().unwrap();
    assert!(rules.len() >= 27, "{} rules", rules.len());
    let germany = rules.iter().find(|r| r["country"] == "DE").unwrap();
    assert_eq!(germany["rule"], "opt-in");
    assert!(!germany["sources"].as_str().unwrap().is_empty());
    assert!(germany["notes"].is_string());
    let france = rules.iter().find(|r| r["country"] == "FR").unwrap();
    assert_eq!(france["rule"], "opt-out");
}

#[tokio::test]
async fn an_administrator_sets_a_rule_which_is_stored_upper_case_and_audited() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let body =
        json!({ "rule": "opt-in", "sources": "Counsel's opinion, 2025", "notes": " stricter " });
    let stored = json_with(
        admin
            .send_json(Method::PUT, "/api/email-rules/fr", &body)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        stored,
        json!({ "country": "FR", "rule": "opt-in", "sources": "Counsel's opinion, 2025", "notes": "stricter", "origin": "tenant" })
    );
    let rules = json_with(admin.get("/api/email-rules").await, StatusCode::OK).await;
    let france = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["country"] == "FR")
        .unwrap();
    assert_eq!(france, &stored);
    // The rule is Acme's own: other tenants keep the default.
    let globex = server.sign_in_as(Tenant::Globex, Role::Administrator).await;
    let theirs = json_with(globex.get("/api/email-rules").await, StatusCode::OK).await;
    let their_france = theirs
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["country"] == "FR")
        .unwrap();
    assert_eq!(their_france["rule"], "opt-out");
    assert_eq!(their_france["origin"], "default");

    // A country the defaults lack is added.
    let added = json_with(
        admin
            .send_json(
                Method::PUT,
                "/api/email-rules/AQ",
                &json!({ "rule": "opt-out", "sources": "test" }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(added["country"], "AQ");
    assert_eq!(added["notes"], "");

    let log = json_with(admin.get("/api/audit?limit=2").await, StatusCode::OK).await;
    assert_eq!(log[0]["action"], "email_rule.update");
    assert_eq!(
        log[0]["detail"],
        json!({ "country": "AQ", "rule": "opt-out" })
    );
    assert_eq!(
        log[1]["detail"],
        json!({ "country": "FR", "rule": "opt-in" })
    );
    assert_eq!(log[0]["user_id"], admin.user_id);

    // Dropping the tenant's rule brings the default back.
    let reset = admin
        .request(Method::DELETE, "/api/email-rules/fr")
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    let rules = json_with(admin.get("/api/email-rules").await, StatusCode::OK).await;
    let france = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["country"] == "FR")
        .unwrap();
    assert_eq!(
        (france["rule"].as_str(), france["origin"].as_str()),
        (Some("opt-out"), Some("default"))
    );
    let again = admin
        .request(Method::DELETE, "/api/email-rules/FR")
        .send()
        .await
        .unwrap();
    expect_error(again, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn bad_rule_changes_are_refused_and_change_nothing() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let good = json!({ "rule": "opt-in", "sources": "x" });
    for (path, body, code) in [
        ("/api/email-rules/FRA", good.clone(), "invalid_country"),
        ("/api/email-rules/F1", good.clone(), "invalid_country"),
        ("/api/email-rules/XQ", good.clone(), "unknown_country"),
        ("/api/email-rules/%C3%A9e", good.clone(), "invalid_country"),
        (
            "/api/email-rules/FR",
            json!({ "rule": "maybe", "sources": "x" }),
            "invalid_rule",
        ),
        (
            "/api/email-rules/FR",
            json!({ "rule": "opt-in", "sources": "  " }),
            "invalid_sources",
        ),
        (
            "/api/email-rules/FR",
            json!({ "rule": "opt-in", "sources": "x", "notes": "n".repeat(2001) }),
            "invalid_notes",
        ),
        (
            "/api/email-rules/FR",
            json!({ "rule": "opt-in", "sources": "x", "country": "DE" }),
            "malformed_json",
        ),
    ] {
        let response = admin.send_json(Method::PUT, path, &body).await;
        expect_error(response, StatusCode::BAD_REQUEST, code).await;
    }
    let rule: String = server
        .sql()
        .query_row(
            "SELECT rule FROM email_rules WHERE country = 'FR'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rule, "opt-out");
}

#[tokio::test]
async fn only_administrators_read_and_edit_rules() {
    let server = TestServer::start().await;
    let body = json!({ "rule": "opt-out", "sources": "x" });
    for role in [Role::ListBuilder, Role::ReadOnly] {
        let client = server.sign_in(role).await;
        expect_error(
            client.get("/api/email-rules").await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        expect_error(
            client
                .send_json(Method::PUT, "/api/email-rules/DE", &body)
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    let rule: String = server
        .sql()
        .query_row(
            "SELECT rule FROM email_rules WHERE country = 'DE'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rule, "opt-in");
}

#[tokio::test]
async fn the_audit_log_is_the_tenants_own_newest_first_and_limited() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    for i in 0..3 {
        json_with(
            admin
                .post(
                    "/api/suppression-lists",
                    &json!({ "name": format!("list {i}"), "domains": ["a.com"] }),
                )
                .await,
            StatusCode::CREATED,
        )
        .await;
    }
    let globex = server.sign_in_as(Tenant::Globex, Role::Administrator).await;
    json_with(
        globex
            .post(
                "/api/suppression-lists",
                &json!({ "name": "globex", "domains": ["b.com"] }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;

    let log = json_with(admin.get("/api/audit").await, StatusCode::OK).await;
    let log = log.as_array().unwrap();
    let ids: Vec<i64> = log.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    let created: Vec<_> = log
        .iter()
        .filter(|e| e["action"] == "suppression.create")
        .collect();
    assert_eq!(created.len(), 3, "only Acme's: {log:?}");
    assert!(
        log.iter()
            .all(|e| e["at"].is_i64() && e["detail"].is_object())
    );

    let two = json_with(admin.get("/api/audit?limit=2").await, StatusCode::OK).await;
    assert_eq!(two.as_array().unwrap().len(), 2);
    assert_eq!(two[0], log[0]);

    for (query, code) in [
        ("limit=0", "invalid_limit"),
        ("limit=1001", "invalid_limit"),
        ("limit=-1", "bad_query"),
        ("limit=ten", "bad_query"),
        ("since=5", "bad_query"),
    ] {
        let response = admin.get(&format!("/api/audit?{query}")).await;
        expect_error(response, StatusCode::BAD_REQUEST, code).await;
    }
    json_with(admin.get("/api/audit?limit=1000").await, StatusCode::OK).await;

    for role in [Role::ListBuilder, Role::ReadOnly] {
        let client = server.sign_in(role).await;
        expect_error(
            client.get("/api/audit").await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
}
