//! Exports: Administrators only, re-authenticated, every exclusion reason, CSV safety,
//! audit before the first byte (failing closed), quotas and tenant isolation.

use std::collections::{BTreeMap, BTreeSet};

use clearlist_server::Limits;
use clearlist_server::roles::Role;
use reqwest::{Method, StatusCode};
use rusqlite::{Connection, params};
use serde_json::{Value, json};

use crate::{PASSWORD, Tenant, TestServer, expect_error, header, json_with};

/// A list of tenant 1 holding exactly one account, prepared so that each of its contacts
/// meets one exclusion rule (or none). Returns the list id and the expected outcome per
/// contact id.
struct Fixture {
    list: i64,
    expected: BTreeMap<u32, Option<&'static str>>,
    /// The pseudonym (hex) the request suppresses.
    request_pseudonym: String,
}

fn fixture(conn: &Connection) -> Fixture {
    let account: u32 = conn
        .query_row(
            "SELECT account_id FROM contacts GROUP BY account_id HAVING count(*) >= 8
             ORDER BY count(*) DESC, account_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("an account with eight contacts");
    let ids: Vec<u32> = {
        let mut statement = conn
            .prepare("SELECT id FROM contacts WHERE account_id = ?1 ORDER BY id")
            .unwrap();
        statement
            .query_map([account], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    // Everyone exportable first: France is an opt-out country.
    conn.execute(
        "UPDATE contacts SET country = 'FR', lawful_basis = 'legitimate-interest', opted_out = 0,
             email_download = 1 WHERE account_id = ?1",
        [account],
    )
    .unwrap();
    let set = |id: u32, assignment: &str| {
        conn.execute(
            &format!("UPDATE contacts SET {assignment} WHERE id = ?1"),
            [id],
        )
        .unwrap();
    };
    let mut expected: BTreeMap<u32, Option<&'static str>> =
        ids.iter().map(|&id| (id, None)).collect();
    set(ids[0], "opted_out = 1");
    expected.insert(ids[0], Some("opted-out"));
    set(ids[1], "email_download = 0");
    expected.insert(ids[1], Some("download-blocked"));
    set(ids[2], "country = 'DE'");
    expected.insert(ids[2], Some("no-lawful-basis"));
    set(ids[3], "country = 'JP'"); // a valid country without a rule
    expected.insert(ids[3], Some("no-lawful-basis"));
    set(ids[4], "country = ''");
    expected.insert(ids[4], Some("no-lawful-basis"));
    set(ids[5], "email = 'someone@blocked.example'");
    expected.insert(ids[5], Some("suppressed"));
    set(
        ids[6],
        "country = 'DE', lawful_basis = 'consent', first_name = '=cmd|'' /C calc''!A0'",
    );
    // ids[6] is exported (consent in an opt-in country) with a formula for a name.
    let pseudonym_of = |id: u32| -> i64 {
        conn.query_row("SELECT pseudonym FROM contacts WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
    };
    // ids[7]: on the tenant's suppression list by pseudonym.
    conn.execute(
        "INSERT INTO suppression_lists (id, tenant_id, name, created_by, created_at)
         VALUES (900, 1, 'opt-outs', 1, 0)",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO suppression_pseudonyms (list_id, pseudonym) VALUES (900, ?1)",
        [pseudonym_of(ids[7])],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO suppression_domains (list_id, domain) VALUES (900, 'blocked.example')",
        [],
    )
    .unwrap();
    expected.insert(ids[7], Some("suppressed"));
    // The last one (if there are nine or more) is suppressed by the request alone.
    let request_pseudonym = if ids.len() > 8 {
        expected.insert(ids[8], Some("suppressed"));
        format!("{:016x}", pseudonym_of(ids[8]) as u64)
    } else {
        "0000000000000000".to_owned()
    };

    // List 100 is a snapshot of the one account; list 101 is defined as "in list 100".
    conn.execute(
        "INSERT INTO lists (id, tenant_id, owner_id, name, definition, snapshot, snapshot_at,
             created_at, updated_at)
         VALUES (100, 1, 1, 'Seed', 'v=1', ?1, 0, 0, 0),
                (101, 1, 1, 'Target', 'v=1&list=in:100', NULL, NULL, 0, 0)",
        params![format!("[{account}]")],
    )
    .unwrap();
    Fixture {
        list: 101,
        expected,
        request_pseudonym,
    }
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn preview_names_the_rule_that_leaves_out_each_contact() {
    let server = TestServer::start().await;
    let f = fixture(&server.sql());
    let admin = server.sign_in(Role::Administrator).await;
    let body = json!({ "suppression": { "pseudonyms": [f.request_pseudonym] } });
    let preview = json_with(
        admin
            .post(&format!("/api/lists/{}/exports/preview", f.list), &body)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(preview["accounts"], 1);
    let left_out: BTreeMap<u32, String> = preview["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            assert!(
                row.get("email").is_none() && row.get("first_name").is_none(),
                "{row}"
            );
            (
                row["contact_id"].as_u64().unwrap() as u32,
                row["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: BTreeMap<u32, String> = f
        .expected
        .iter()
        .filter_map(|(&id, reason)| reason.map(|r| (id, r.to_owned())))
        .collect();
    assert_eq!(left_out, expected);
    let exported = f.expected.values().filter(|r| r.is_none()).count();
    assert_eq!(preview["rows"], exported);
    assert_eq!(preview["excluded"]["no-lawful-basis"], 3);
    assert_eq!(preview["excluded"]["opted-out"], 1);
    assert_eq!(preview["excluded"]["download-blocked"], 1);
    // Previews export nothing.
    assert_eq!(count(&server.sql(), "SELECT count(*) FROM exports"), 0);
}

#[tokio::test]
async fn export_sends_only_lawful_contacts_with_basis_and_source_after_auditing() {
    let server = TestServer::start().await;
    let f = fixture(&server.sql());
    let admin = server.sign_in(Role::Administrator).await;
    let body =
        json!({ "password": PASSWORD, "suppression": { "pseudonyms": [f.request_pseudonym] } });
    let response = admin
        .post(&format!("/api/lists/{}/exports", f.list), &body)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(header(&headers, "content-type"), "text/csv; charset=utf-8");
    assert!(header(&headers, "content-disposition").starts_with("attachment; filename="));
    assert_eq!(header(&headers, "cache-control"), "no-store");
    let export_id: i64 = header(&headers, "x-export-id").parse().unwrap();
    let excluded: Value = serde_json::from_str(header(&headers, "x-export-excluded")).unwrap();
    let text = response.text().await.unwrap();

    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let columns = reader.headers().unwrap().clone();
    let column = |name: &str| columns.iter().position(|c| c == name).unwrap();
    let mut exported = BTreeSet::new();
    for record in reader.records() {
        let record = record.unwrap();
        exported.insert(record[column("Contact ID")].parse::<u32>().unwrap());
        assert!(["consent", "legitimate-interest"].contains(&&record[column("Lawful Basis")]));
        assert_eq!(&record[column("Source")], "test vault");
        assert!(!record[column("Email")].is_empty());
        let first = &record[column("First Name")];
        assert!(!first.starts_with('='), "formula not neutralised: {first}");
    }
    assert!(text.contains("'=cmd|"), "the formula is kept as text");
    let expected: BTreeSet<u32> = f
        .expected
        .iter()
        .filter(|(_, reason)| reason.is_none())
        .map(|(&id, _)| id)
        .collect();
    assert_eq!(exported, expected);
    assert_eq!(excluded["no-lawful-basis"], 3);
    assert_eq!(
        header(&headers, "x-export-rows"),
        expected.len().to_string()
    );

    // The history and the audit log hold it, with the exported people by pseudonym.
    let history = json_with(admin.get("/api/exports").await, StatusCode::OK).await;
    assert_eq!(history[0]["id"], export_id);
    assert_eq!(history[0]["rows"], expected.len());
    assert_eq!(history[0]["list_name"], "Target");
    assert_eq!(history[0]["user_id"], admin.user_id);
    assert!(history[0]["flagged_at"].is_null());
    let one = json_with(
        admin.get(&format!("/api/exports/{export_id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(one["excluded"], history[0]["excluded"]);
    let conn = server.sql();
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM export_contacts WHERE export_id = {export_id}")
        ),
        expected.len() as i64
    );
    let detail: String = conn
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'export' AND user_id = ?1",
            [admin.user_id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        detail.contains(&format!("\"export\":{export_id}")),
        "{detail}"
    );
    assert!(!detail.contains('@'), "no email in the audit log: {detail}");
}

#[tokio::test]
async fn export_asks_for_the_password_again() {
    let server = TestServer::start().await;
    let f = fixture(&server.sql());
    let admin = server.sign_in(Role::Administrator).await;
    let response = admin
        .post(
            &format!("/api/lists/{}/exports", f.list),
            &json!({ "password": "not my password" }),
        )
        .await;
    expect_error(
        response,
        StatusCode::UNAUTHORIZED,
        "reauthentication_failed",
    )
    .await;
    let conn = server.sql();
    assert_eq!(count(&conn, "SELECT count(*) FROM exports"), 0);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM audit_log WHERE action = 'export.reauthentication_failed'"
        ),
        1
    );
    let missing = admin
        .post(&format!("/api/lists/{}/exports", f.list), &json!({}))
        .await;
    expect_error(missing, StatusCode::BAD_REQUEST, "malformed_json").await;
}

#[tokio::test]
async fn an_export_whose_audit_entry_cannot_be_written_fails_closed() {
    let server = TestServer::start().await;
    let f = fixture(&server.sql());
    server
        .sql()
        .execute_batch(
            "CREATE TRIGGER no_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'export'
             BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END;",
        )
        .unwrap();
    let admin = server.sign_in(Role::Administrator).await;
    let response = admin
        .post(
            &format!("/api/lists/{}/exports", f.list),
            &json!({ "password": PASSWORD }),
        )
        .await;
    assert!(response.headers().get("x-export-id").is_none());
    let body = json_with(response, StatusCode::INTERNAL_SERVER_ERROR).await;
    assert_eq!(body["error"]["code"], "internal");
    assert!(!body.to_string().contains('@'));
    let conn = server.sql();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM exports"),
        0,
        "rolled back"
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM export_contacts"), 0);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM usage"),
        0,
        "the quota was not charged"
    );
}

#[tokio::test]
async fn exports_have_a_daily_quota_per_user() {
    let server = TestServer::start_with(Limits {
        exports_per_day: 1,
        ..Limits::default()
    })
    .await;
    let f = fixture(&server.sql());
    let admin = server.sign_in(Role::Administrator).await;
    let path = format!("/api/lists/{}/exports", f.list);
    let body = json!({ "password": PASSWORD });
    assert_eq!(admin.post(&path, &body).await.status(), StatusCode::OK);
    crate::expect_quota_exceeded(admin.post(&path, &body).await, 86_400).await;
    assert_eq!(count(&server.sql(), "SELECT count(*) FROM exports"), 1);
}

#[tokio::test]
async fn an_export_above_the_organisations_maximum_is_refused_whole_before_any_work() {
    let server = TestServer::start().await;
    let f = fixture(&server.sql());
    let admin = server.sign_in(Role::Administrator).await;
    let limit = json_with(admin.get("/api/export-limit").await, StatusCode::OK).await;
    assert_eq!(limit, json!({ "max_rows": 25_000 }));
    expect_error(
        admin
            .send_json(Method::PUT, "/api/export-limit", &json!({ "max_rows": 0 }))
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_max_rows",
    )
    .await;
    let set = admin
        .send_json(Method::PUT, "/api/export-limit", &json!({ "max_rows": 1 }))
        .await;
    assert_eq!(
        json_with(set, StatusCode::OK).await,
        json!({ "max_rows": 1 })
    );

    // The preview says so; the export is refused, nothing recorded, nothing charged.
    let preview = admin
        .post(
            &format!("/api/lists/{}/exports/preview", f.list),
            &json!({}),
        )
        .await;
    let preview = json_with(preview, StatusCode::OK).await;
    assert_eq!(preview["max_rows"], 1);
    assert!(
        preview["rows"].as_u64().unwrap() > 1,
        "the fixture list exports several rows"
    );
    let path = format!("/api/lists/{}/exports", f.list);
    let refused = admin.post(&path, &json!({ "password": PASSWORD })).await;
    assert!(refused.headers().get("x-export-id").is_none());
    expect_error(refused, StatusCode::BAD_REQUEST, "export_too_large").await;
    let conn = server.sql();
    assert_eq!(count(&conn, "SELECT count(*) FROM exports"), 0);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM usage WHERE kind = 'exports'"),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM audit_log WHERE action = 'export.too_large'"
        ),
        1
    );

    // The operator sets it from the command line too; then the same export goes through.
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_clearlist"))
        .args(["tenant-set", "--db"])
        .arg(&server.db)
        .args(["--tenant", "1", "--export-max-rows", "1000"])
        .status()
        .unwrap();
    assert!(status.success());
    let limit = json_with(admin.get("/api/export-limit").await, StatusCode::OK).await;
    assert_eq!(limit, json!({ "max_rows": 1_000 }));
    let exported = admin.post(&path, &json!({ "password": PASSWORD })).await;
    assert_eq!(exported.status(), StatusCode::OK);
}

#[tokio::test]
async fn only_administrators_export_and_only_their_tenants_lists() {
    let server = TestServer::start().await;
    let f = fixture(&server.sql());
    for role in [Role::ListBuilder, Role::ReadOnly] {
        let client = server.sign_in(role).await;
        for (path, body) in [
            (
                format!("/api/lists/{}/exports", f.list),
                json!({ "password": PASSWORD }),
            ),
            (format!("/api/lists/{}/exports/preview", f.list), json!({})),
        ] {
            expect_error(
                client.post(&path, &body).await,
                StatusCode::FORBIDDEN,
                "forbidden",
            )
            .await;
        }
        expect_error(
            client.get("/api/exports").await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    let other = server.sign_in_as(Tenant::Globex, Role::Administrator).await;
    let response = other
        .post(
            &format!("/api/lists/{}/exports", f.list),
            &json!({ "password": PASSWORD }),
        )
        .await;
    expect_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let admin = server.sign_in(Role::Administrator).await;
    let response = admin
        .post(
            &format!("/api/lists/{}/exports", f.list),
            &json!({ "password": PASSWORD }),
        )
        .await;
    let id = header(response.headers(), "x-export-id").to_owned();
    expect_error(
        other.get(&format!("/api/exports/{id}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        json_with(other.get("/api/exports").await, StatusCode::OK).await,
        json!([])
    );
}

#[tokio::test]
async fn forged_suppression_entries_are_refused() {
    let server = TestServer::start().await;
    let f = fixture(&server.sql());
    let admin = server.sign_in(Role::Administrator).await;
    for bad in ["xyz", "+123456789abcdef", "0123456789abcdef0"] {
        let response = admin
            .post(
                &format!("/api/lists/{}/exports/preview", f.list),
                &json!({ "suppression": { "pseudonyms": ["0123456789abcdef", bad] } }),
            )
            .await;
        let body = json_with(response, StatusCode::BAD_REQUEST).await;
        assert_eq!(body["error"]["code"], "invalid_suppression");
        assert!(
            body["error"]["message"].as_str().unwrap().contains("[1]"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_tenants_own_email_rule_decides_its_exports() {
    let server = TestServer::start().await;
    let f = fixture(&server.sql());
    let admin = server.sign_in(Role::Administrator).await;
    let path = format!("/api/lists/{}/exports/preview", f.list);
    let before = json_with(admin.post(&path, &json!({})).await, StatusCode::OK).await;
    // Germany is opt-in by default; Acme's counsel decides otherwise for its own exports.
    let rule = json!({ "rule": "opt-out", "sources": "counsel", "notes": "" });
    let set = admin
        .send_json(reqwest::Method::PUT, "/api/email-rules/DE", &rule)
        .await;
    json_with(set, StatusCode::OK).await;
    let after = json_with(admin.post(&path, &json!({})).await, StatusCode::OK).await;
    assert_eq!(
        after["excluded"]["no-lawful-basis"].as_u64().unwrap() + 1,
        before["excluded"]["no-lawful-basis"].as_u64().unwrap(),
        "the German contact on legitimate interest is now exportable"
    );
    assert_eq!(
        after["rows"].as_u64().unwrap(),
        before["rows"].as_u64().unwrap() + 1
    );
}
