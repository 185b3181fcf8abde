//! The role × endpoint matrix of PRODUCT.md, endpoint by endpoint: each role is allowed or
//! refused as the table says, a refusal is a JSON 403 that changes nothing but the audit
//! log (one `access.refused` entry), and no endpoint but sign-in and health answers
//! without a session.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clearlist_server::roles::Role;
use reqwest::{Method, StatusCode};
use rusqlite::Connection;
use serde_json::{Value, json};

use crate::{PASSWORD, TestServer, expect_error};

use Role::{Administrator as A, ListBuilder as B, ReadOnly as R};

/// One endpoint, a request that a permitted role could send, and who is permitted.
struct Case {
    method: Method,
    path: &'static str,
    body: Option<Value>,
    /// Sent as the import upload (a dry run of small valid files) instead of JSON.
    upload: bool,
    /// A permitted role may be told the record does not exist (a job of another run).
    absent: bool,
    allowed: &'static [Role],
}

fn case(method: Method, path: &'static str, body: Option<Value>, allowed: &'static [Role]) -> Case {
    Case {
        method,
        path,
        body,
        upload: false,
        absent: false,
        allowed,
    }
}

/// A small import, as the app uploads it.
fn upload_form() -> reqwest::multipart::Form {
    let part = |text: &'static str| reqwest::multipart::Part::text(text).file_name("x.csv");
    reqwest::multipart::Form::new()
        .part("meta", part("key,value\nas_of,2026-11-27\n"))
        .part("accounts", part("id,name,domain,country,industry,employees\n1,Acme,acme.com,US,Software,5\n"))
        .part("contacts", part("id,account_id,email,function,seniority,lawful_basis\n1,1,a@acme.com,it,vp,consent\n"))
        .part("intent", part("account_id,segment,week_start,readers\n"))
}

fn cases() -> Vec<Case> {
    let (_, elements) =
        clearlist_engine::pseudonym::blind(&["someone@example.com"], &mut rand::rngs::OsRng)
            .unwrap();
    let blinded = json!({ "blinded": [URL_SAFE_NO_PAD.encode(elements[0])] });
    let list = json!({ "name": "New list", "definition": "v=1" });
    vec![
        case(Method::GET, "/api/session", None, &[A, B, R]),
        case(Method::GET, "/api/dataset", None, &[A, B, R]),
        case(Method::GET, "/api/users", None, &[A, B]),
        case(
            Method::POST,
            "/api/users",
            Some(
                json!({ "email": "new@acme.test", "name": "New", "role": "read-only", "password": PASSWORD }),
            ),
            &[A],
        ),
        case(
            Method::PATCH,
            "/api/users/3",
            Some(json!({ "name": "Renamed" })),
            &[A],
        ),
        case(
            Method::POST,
            "/api/users/3/sign-in-link",
            Some(json!({})),
            &[A],
        ),
        case(
            Method::PUT,
            "/api/users/3/password",
            Some(json!({ "password": "another long password" })),
            &[A],
        ),
        case(Method::GET, "/api/lists", None, &[A, B, R]),
        case(Method::POST, "/api/lists", Some(list), &[A, B]),
        case(Method::GET, "/api/lists/101", None, &[A, B, R]),
        case(Method::GET, "/api/lists/101/accounts", None, &[A, B, R]),
        case(
            Method::PATCH,
            "/api/lists/101",
            Some(json!({ "name": "Renamed" })),
            &[A, B],
        ),
        case(Method::POST, "/api/lists/101/snapshot", None, &[A, B]),
        case(
            Method::PUT,
            "/api/lists/101/assignees",
            Some(json!({ "user_ids": [3] })),
            &[A, B],
        ),
        case(Method::DELETE, "/api/lists/101", None, &[A, B]),
        case(Method::GET, "/api/searches", None, &[A, B]),
        case(
            Method::POST,
            "/api/searches",
            Some(json!({ "name": "Hot accounts", "definition": "v=1" })),
            &[A, B],
        ),
        case(Method::GET, "/api/suppression-lists", None, &[A, B]),
        case(
            Method::POST,
            "/api/suppression-lists",
            Some(
                json!({ "name": "Customers", "pseudonyms": ["0123456789abcdef"], "domains": ["example.com"] }),
            ),
            &[A, B],
        ),
        case(Method::GET, "/api/suppression-lists/900", None, &[A, B]),
        case(Method::DELETE, "/api/suppression-lists/900", None, &[A, B]),
        case(Method::POST, "/api/prf/evaluate", Some(blinded), &[A, B]),
        case(Method::GET, "/api/prf/usage", None, &[A]),
        case(
            Method::POST,
            "/api/lists/101/exports/preview",
            Some(json!({})),
            &[A],
        ),
        case(
            Method::POST,
            "/api/lists/101/exports",
            Some(json!({ "password": PASSWORD })),
            &[A],
        ),
        case(Method::GET, "/api/exports", None, &[A]),
        case(Method::GET, "/api/export-limit", None, &[A]),
        case(
            Method::PUT,
            "/api/export-limit",
            Some(json!({ "max_rows": 500 })),
            &[A],
        ),
        case(Method::GET, "/api/email-rules", None, &[A]),
        case(
            Method::PUT,
            "/api/email-rules/FR",
            Some(json!({ "rule": "opt-in", "sources": "counsel", "notes": "" })),
            &[A],
        ),
        case(Method::GET, "/api/audit", None, &[A]),
        case(Method::GET, "/api/audit/actions", None, &[A]),
        case(Method::GET, "/api/audit/csv", None, &[A]),
        case(Method::GET, "/api/dataset/version", None, &[A, B, R]),
        case(Method::GET, "/api/embed-origins", None, &[A]),
        case(
            Method::PUT,
            "/api/embed-origins",
            Some(json!({ "origins": ["https://crm.acme.test"] })),
            &[A],
        ),
        case(Method::GET, "/api/notifications", None, &[A, B, R]),
        case(Method::POST, "/api/notifications/seen", None, &[A, B, R]),
        Case {
            upload: true,
            ..case(Method::POST, "/api/import?dry_run=true", None, &[A])
        },
        Case {
            absent: true,
            ..case(Method::GET, "/api/import/1", None, &[A])
        },
        case(
            Method::POST,
            "/api/dsr/access",
            Some(json!({ "email": "someone@example.com" })),
            &[A],
        ),
        case(Method::GET, "/api/dsr/requests", None, &[A]),
        case(
            Method::POST,
            "/api/dsr/requests",
            Some(json!({ "email": "someone@example.com", "kind": "erasure" })),
            &[A],
        ),
        case(
            Method::POST,
            "/api/dsr/objection",
            Some(json!({ "email": "someone@example.com" })),
            &[A],
        ),
        case(
            Method::POST,
            "/api/dsr/erasure",
            Some(json!({ "email": "someone@example.com" })),
            &[A],
        ),
    ]
}

/// Records every role's test fixture needs: list 101 assigned to the Read-Only user (id 3),
/// suppression list 900.
fn fixtures(conn: &Connection) {
    conn.execute_batch(
        "INSERT INTO lists (id, tenant_id, owner_id, name, definition, snapshot, snapshot_at,
             created_at, updated_at) VALUES (101, 1, 1, 'Assigned', 'v=1', '[]', 0, 0, 0);
         INSERT INTO list_assignments (list_id, user_id, assigned_by, assigned_at)
             VALUES (101, 3, 1, 0);
         INSERT INTO suppression_lists (id, tenant_id, name, created_by, created_at)
             VALUES (900, 1, 'Competitors', 1, 0);
         INSERT INTO suppression_domains (list_id, domain) VALUES (900, 'rival.example');",
    )
    .unwrap();
}

/// Every row of every table a request could change (the audit log aside).
fn state_of(conn: &Connection) -> Vec<String> {
    let tables = [
        "users",
        "sessions",
        "sign_in_links",
        "lists",
        "list_assignments",
        "searches",
        "suppression_lists",
        "suppression_pseudonyms",
        "suppression_domains",
        "exports",
        "export_contacts",
        "contacts",
        "erasures",
        "dsr_requests",
        "email_rules",
        "usage",
        "settings",
    ];
    let mut rows = Vec::new();
    for table in tables {
        let mut statement = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let columns = statement.column_count();
        let mut cursor = statement.query([]).unwrap();
        while let Some(row) = cursor.next().unwrap() {
            let values: Vec<String> = (0..columns)
                .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                .collect();
            rows.push(format!("{table}: {}", values.join(", ")));
        }
    }
    rows
}

/// The details of `user`'s `access.refused` audit entries, oldest first.
fn refusals(conn: &Connection, user: i64) -> Vec<Value> {
    let mut statement = conn
        .prepare("SELECT detail FROM audit_log WHERE action = 'access.refused' AND user_id = ?1 ORDER BY id")
        .unwrap();
    statement
        .query_map([user], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|detail| serde_json::from_str(&detail.unwrap()).unwrap())
        .collect()
}

#[tokio::test]
async fn refusals_are_audited_but_a_loop_cannot_flood_the_log() {
    let server = TestServer::start().await;
    let builder = server.sign_in(Role::ListBuilder).await;
    for _ in 0..30 {
        expect_error(
            builder.get("/api/exports").await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    let audited = refusals(&server.sql(), builder.user_id);
    assert_eq!(audited.len(), 10, "at most ten a minute per user");
    assert_eq!(
        audited[0],
        json!({ "method": "GET", "path": "/api/exports", "reason": "role" })
    );

    // A forged write by a signed-in user (no CSRF token) is a refusal too.
    let reader = server.sign_in(Role::ReadOnly).await;
    let forged = reader
        .request_without_csrf(Method::POST, "/api/lists")
        .json(&json!({ "name": "x", "definition": "v=1" }))
        .send()
        .await
        .unwrap();
    expect_error(forged, StatusCode::FORBIDDEN, "csrf").await;
    assert_eq!(
        refusals(&server.sql(), reader.user_id),
        [json!({ "method": "POST", "path": "/api/lists", "reason": "csrf" })]
    );
}

#[tokio::test]
async fn every_endpoint_admits_exactly_the_roles_of_the_table() {
    for case in cases() {
        let server = TestServer::start().await;
        fixtures(&server.sql());
        let name = format!("{} {}", case.method, case.path);

        // Without a session: 401, for every endpoint.
        let mut anonymous = server.request(case.method.clone(), case.path);
        if let Some(body) = &case.body {
            anonymous = anonymous.json(body);
        }
        if case.upload {
            anonymous = anonymous.multipart(upload_form());
        }
        let response = anonymous.send().await.unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{name} without a session"
        );

        // Refused roles first, so the allowed ones find the records intact.
        let mut roles: Vec<Role> = Role::ALL.to_vec();
        roles.sort_by_key(|role| case.allowed.contains(role));
        let mut succeeded = false;
        for role in roles {
            let client = server.sign_in(role).await;
            let before = state_of(&server.sql());
            let mut request = client.request(case.method.clone(), case.path);
            if let Some(body) = &case.body {
                request = request.json(body);
            }
            if case.upload {
                request = request.multipart(upload_form());
            }
            let response = request.send().await.unwrap();
            if case.allowed.contains(&role) {
                let status = response.status();
                let text = response.text().await.unwrap();
                // A second delete of the same record finds it gone.
                let deleted_before = case.method == Method::DELETE && succeeded;
                let absent = (deleted_before || case.absent) && status == StatusCode::NOT_FOUND;
                assert!(
                    status.is_success() || absent,
                    "{name} as {role}: expected success, got {status}: {text}"
                );
                succeeded = true;
            } else {
                expect_error(response, StatusCode::FORBIDDEN, "forbidden").await;
                assert_eq!(
                    state_of(&server.sql()),
                    before,
                    "{name} as {role} changed something"
                );
                // ... but left a trace.
                let path = case.path.split('?').next().unwrap_or(case.path);
                assert_eq!(
                    refusals(&server.sql(), client.user_id),
                    [json!({ "method": case.method.as_str(), "path": path, "reason": "role" })],
                    "{name} as {role}: the refusal's audit entry"
                );
            }
        }
    }
}
