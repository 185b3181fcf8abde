//! `/api/dsr/*`: data-subject access, erasure and objection by email, their effect on the
//! vault, the dataset, later imports and past exports, what the audit log keeps, and roles.

use clearlist_engine::dataset::Dataset;
use clearlist_server::roles::Role;
use clearlist_server::{Store, setup};
use clearlist_vault_io::generate::{GenerateConfig, generate};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{ACCOUNTS, Client, SEED, Tenant, TestServer, expect_error, json_with};

/// A vault contact as the test knows it.
struct Person {
    id: i64,
    email: String,
    first_name: String,
    last_name: String,
    pseudonym: u64,
}

/// The `n`-th vault contact (by id).
fn person(server: &TestServer, n: i64) -> Person {
    server
        .sql()
        .query_row(
            "SELECT id, email, first_name, last_name, pseudonym FROM contacts
             ORDER BY id LIMIT 1 OFFSET ?1",
            [n],
            |r| {
                Ok(Person {
                    id: r.get(0)?,
                    email: r.get(1)?,
                    first_name: r.get(2)?,
                    last_name: r.get(3)?,
                    pseudonym: u64::from_ne_bytes(r.get::<_, i64>(4)?.to_ne_bytes()),
                })
            },
        )
        .unwrap()
}

fn sql_pseudonym(pseudonym: u64) -> i64 {
    i64::from_ne_bytes(pseudonym.to_ne_bytes())
}

/// Records an export of `tenant` that contained `pseudonym`, as the export route would.
fn insert_export(server: &TestServer, tenant: Tenant, list_name: &str, pseudonym: u64) -> i64 {
    let conn = server.sql();
    conn.execute(
        "INSERT INTO exports (tenant_id, user_id, list_name, definition, dataset_version,
             created_at, rows, excluded, bases)
         VALUES (?1, (SELECT min(id) FROM users WHERE tenant_id = ?1), ?2, 'segment=x', 'v1',
             1700000000, 1, '{}', '{}')",
        rusqlite::params![tenant.id(), list_name],
    )
    .unwrap();
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO export_contacts (export_id, pseudonym) VALUES (?1, ?2)",
        rusqlite::params![id, sql_pseudonym(pseudonym)],
    )
    .unwrap();
    id
}

fn export_flag(server: &TestServer, id: i64) -> (Option<i64>, Option<String>) {
    server
        .sql()
        .query_row(
            "SELECT flagged_at, flag_reason FROM exports WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

fn contacts_with(server: &TestServer, pseudonym: u64) -> i64 {
    server
        .sql()
        .query_row(
            "SELECT count(*) FROM contacts WHERE pseudonym = ?1",
            [sql_pseudonym(pseudonym)],
            |r| r.get(0),
        )
        .unwrap()
}

async fn dataset_pseudonyms(client: &Client) -> Vec<u64> {
    let response = client.get("/api/dataset").await;
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap();
    Dataset::decode(&bytes)
        .unwrap()
        .contact_pseudonyms()
        .to_vec()
}

async fn dsr(client: &Client, kind: &str, email: &str) -> Value {
    json_with(
        client
            .post(&format!("/api/dsr/{kind}"), &json!({ "email": email }))
            .await,
        StatusCode::OK,
    )
    .await
}

fn audit_log_text(server: &TestServer) -> String {
    let conn = server.sql();
    let mut statement = conn
        .prepare("SELECT action || ' ' || detail FROM audit_log ORDER BY id")
        .unwrap();
    statement
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn access_reports_the_record_exports_and_suppression_lists() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let person = person(&server, 3);
    let hex = format!("{:016x}", person.pseudonym);
    let export = insert_export(&server, Tenant::Acme, "Q3 campaign", person.pseudonym);
    insert_export(
        &server,
        Tenant::Globex,
        "Globex secret list",
        person.pseudonym,
    );
    let list = json_with(
        admin
            .post(
                "/api/suppression-lists",
                &json!({ "name": "Customers", "pseudonyms": [hex] }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;

    // Case and spacing do not matter: the email is normalised first.
    let shouted = format!("  {}  ", person.email.to_uppercase());
    let report = dsr(&admin, "access", &shouted).await;
    assert_eq!(report["pseudonym"], hex);
    assert_eq!(report["erased"], false);
    let contacts = report["contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), 1, "{report}");
    let contact = &contacts[0];
    let expected: (
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
        bool,
        bool,
        String,
    ) = server
        .sql()
        .query_row(
            "SELECT account_id, email, title, function, seniority, country, lawful_basis,
                        opted_out, email_download, source
                 FROM contacts WHERE id = ?1",
            [person.id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(contact["id"], person.id);
    assert_eq!(contact["first_name"], person.first_name);
    assert_eq!(contact["last_name"], person.last_name);
    assert_eq!(contact["account_id"], expected.0);
    assert_eq!(contact["email"], expected.1);
    assert_eq!(contact["title"], expected.2);
    assert_eq!(contact["function"], expected.3);
    assert_eq!(contact["seniority"], expected.4);
    assert_eq!(contact["country"], expected.5);
    assert_eq!(contact["lawful_basis"], expected.6);
    assert_eq!(contact["opted_out"], expected.7);
    assert_eq!(contact["email_download"], expected.8);
    assert_eq!(contact["source"], expected.9);
    assert!(!contact["account_name"].as_str().unwrap().is_empty());

    // Only this tenant's export, and this tenant's suppression list.
    assert_eq!(
        report["exports"],
        json!([{
            "id": export, "created_at": 1_700_000_000, "list_name": "Q3 campaign",
            "flagged_at": null, "flag_reason": null
        }])
    );
    assert_eq!(
        report["suppression_lists"],
        json!([{ "id": list["id"], "name": "Customers" }])
    );

    // Someone the vault does not hold.
    let nobody = dsr(&admin, "access", "nobody@nowhere.example").await;
    assert_eq!(nobody["contacts"], json!([]));
    assert_eq!(nobody["exports"], json!([]));
    assert_eq!(nobody["erased"], false);

    let log = audit_log_text(&server);
    assert!(log.contains("dsr.access {\"contacts\":1"), "{log}");
    assert!(log.contains(&hex), "{log}");
    assert!(
        !log.to_lowercase().contains(&person.email.to_lowercase()),
        "{log}"
    );
    assert!(!log.contains("nobody@"), "{log}");
}

#[tokio::test]
async fn erasure_removes_the_person_for_good_and_flags_past_exports() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let person = person(&server, 10);
    let acme_export = insert_export(&server, Tenant::Acme, "Acme list", person.pseudonym);
    let globex_export = insert_export(&server, Tenant::Globex, "Globex list", person.pseudonym);
    let unrelated = insert_export(&server, Tenant::Acme, "Other", person.pseudonym ^ 1);
    assert!(dataset_pseudonyms(&admin).await.contains(&person.pseudonym));

    let outcome = dsr(&admin, "erasure", &person.email).await;
    // Only Acme's own export is counted: Globex's is flagged too, but not Acme's to know.
    assert_eq!(
        outcome,
        json!({ "erased_contacts": 1, "flagged_exports": 1 })
    );
    assert_eq!(contacts_with(&server, person.pseudonym), 0);
    for export in [acme_export, globex_export] {
        let (at, reason) = export_flag(&server, export);
        assert!(at.is_some());
        assert_eq!(reason.as_deref(), Some("erased"));
    }
    assert_eq!(export_flag(&server, unrelated), (None, None));

    let report = dsr(&admin, "access", &person.email).await;
    assert_eq!(report["contacts"], json!([]));
    assert_eq!(report["erased"], true);
    assert_eq!(report["exports"][0]["flag_reason"], "erased");

    // The dataset no longer holds the pseudonym, for this tenant or the other.
    assert!(!dataset_pseudonyms(&admin).await.contains(&person.pseudonym));
    let globex = server.sign_in_as(Tenant::Globex, Role::ReadOnly).await;
    assert!(
        !dataset_pseudonyms(&globex)
            .await
            .contains(&person.pseudonym)
    );

    // Importing the same vault again does not bring the person back.
    let store = Store::open(&server.db).unwrap();
    let vault = generate(&GenerateConfig::new(ACCOUNTS, SEED));
    let outcome = setup::import_vault(&store, vault, "re-import").unwrap();
    assert_eq!(outcome.report.skipped_erased, 1);
    drop(store);
    assert_eq!(contacts_with(&server, person.pseudonym), 0);
    assert!(!dataset_pseudonyms(&admin).await.contains(&person.pseudonym));

    // A second erasure finds nothing more to do.
    let again = dsr(&admin, "erasure", &person.email).await;
    assert_eq!(again, json!({ "erased_contacts": 0, "flagged_exports": 0 }));

    let log = audit_log_text(&server);
    let hex = format!("{:016x}", person.pseudonym);
    assert!(
        log.contains(&format!(
            "dsr.erasure {{\"contacts\":1,\"flagged_exports\":1,\"pseudonym\":\"{hex}\"}}"
        )),
        "{log}"
    );
    for secret in [&person.email, &person.first_name, &person.last_name] {
        assert!(!log.contains(secret.as_str()), "{secret} in {log}");
    }
}

#[tokio::test]
async fn objection_opts_the_person_out_and_flags_past_exports() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    // The first contact who has not opted out yet.
    let offset: i64 = server
        .sql()
        .query_row(
            "SELECT count(*) FROM contacts
             WHERE id < (SELECT min(id) FROM contacts WHERE opted_out = 0)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let person = person(&server, offset);
    let export = insert_export(&server, Tenant::Acme, "Acme list", person.pseudonym);

    let outcome = dsr(&admin, "objection", &person.email).await;
    assert_eq!(
        outcome,
        json!({ "opted_out_contacts": 1, "flagged_exports": 1 })
    );
    let opted_out: bool = server
        .sql()
        .query_row(
            "SELECT opted_out FROM contacts WHERE id = ?1",
            [person.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(opted_out);
    let (at, reason) = export_flag(&server, export);
    assert!(at.is_some());
    assert_eq!(reason.as_deref(), Some("opted out"));

    let report = dsr(&admin, "access", &person.email).await;
    assert_eq!(report["contacts"][0]["opted_out"], true);
    assert_eq!(report["erased"], false);

    let again = dsr(&admin, "objection", &person.email).await;
    assert_eq!(
        again,
        json!({ "opted_out_contacts": 0, "flagged_exports": 0 })
    );
}

#[tokio::test]
async fn invalid_emails_and_other_roles_are_refused_and_change_nothing() {
    let server = TestServer::start().await;
    let person = person(&server, 0);
    let export = insert_export(&server, Tenant::Acme, "Acme list", person.pseudonym);
    let admin = server.sign_in(Role::Administrator).await;
    for kind in ["access", "erasure", "objection"] {
        let path = format!("/api/dsr/{kind}");
        for email in ["", "not an email", "jane@", "@example.com"] {
            let response = admin.post(&path, &json!({ "email": email })).await;
            expect_error(response, StatusCode::BAD_REQUEST, "invalid_email").await;
        }
        let response = admin
            .post(&path, &json!({ "email": person.email, "name": "x" }))
            .await;
        expect_error(response, StatusCode::BAD_REQUEST, "malformed_json").await;
        for role in [Role::ListBuilder, Role::ReadOnly] {
            let client = server.sign_in(role).await;
            let response = client.post(&path, &json!({ "email": person.email })).await;
            expect_error(response, StatusCode::FORBIDDEN, "forbidden").await;
        }
    }
    assert_eq!(contacts_with(&server, person.pseudonym), 1);
    assert_eq!(export_flag(&server, export), (None, None));
    let dsr_entries: i64 = server
        .sql()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action LIKE 'dsr.%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dsr_entries, 0);
}

#[tokio::test]
async fn an_objection_survives_a_re_import_and_requests_have_a_daily_quota() {
    let server = crate::TestServer::start_with(clearlist_server::Limits {
        dsr_per_day: 2,
        ..clearlist_server::Limits::default()
    })
    .await;
    let (email, pseudonym): (String, i64) = server
        .sql()
        .query_row(
            "SELECT email, pseudonym FROM contacts WHERE opted_out = 0 ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let admin = server
        .sign_in(clearlist_server::roles::Role::Administrator)
        .await;
    let body = serde_json::json!({ "email": email });
    let objected = admin.post("/api/dsr/objection", &body).await;
    assert_eq!(
        crate::json_with(objected, reqwest::StatusCode::OK).await["opted_out_contacts"],
        1
    );

    // The source still lists the person as reachable; the objection wins.
    let store = clearlist_server::Store::open(&server.db).unwrap();
    let vault = clearlist_vault_io::generate::generate(
        &clearlist_vault_io::generate::GenerateConfig::new(crate::ACCOUNTS, crate::SEED),
    );
    clearlist_server::setup::import_vault(&store, vault, "re-import").unwrap();
    let opted_out: bool = server
        .sql()
        .query_row(
            "SELECT opted_out FROM contacts WHERE pseudonym = ?1",
            [pseudonym],
            |r| r.get(0),
        )
        .unwrap();
    assert!(opted_out);

    let access = admin.post("/api/dsr/access", &body).await;
    crate::json_with(access, reqwest::StatusCode::OK).await;
    let third = admin.post("/api/dsr/access", &body).await;
    crate::expect_quota_exceeded(third, 86_400).await;
}

#[tokio::test]
async fn the_request_log_keeps_due_dates_and_completes_requests_when_carried_out() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let email: String = server
        .sql()
        .query_row("SELECT email FROM contacts ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    // Received on 1 December, recorded now, carried out later.
    let recorded = admin
        .post(
            "/api/dsr/requests",
            &json!({ "email": email, "kind": "access", "received_on": "2026-12-01" }),
        )
        .await;
    json_with(recorded, StatusCode::CREATED).await;
    let log = json_with(admin.get("/api/dsr/requests").await, StatusCode::OK).await;
    let open = &log[0];
    assert_eq!(
        (open["kind"].as_str(), open["status"].as_str()),
        (Some("access"), Some("open")),
        "{log}"
    );
    assert_eq!(open["received_at"], 1_796_083_200_i64);
    assert_eq!(open["due_at"], 1_798_761_600_i64, "1 January 2027");
    assert!(
        !log.to_string().contains(&email),
        "the log names no one: {log}"
    );

    let report = json_with(
        admin
            .post("/api/dsr/access", &json!({ "email": email }))
            .await,
        StatusCode::OK,
    )
    .await;
    let log = json_with(admin.get("/api/dsr/requests").await, StatusCode::OK).await;
    assert_eq!(
        log.as_array().unwrap().len(),
        1,
        "the open request is completed: {log}"
    );
    assert_eq!(log[0]["status"], "completed");
    assert_eq!(log[0]["pseudonym"], report["pseudonym"]);
    assert_eq!(log[0]["completed_by"], "Acme administrator");

    // An objection carried out at once is logged completed, received today.
    dsr(&admin, "objection", &email).await;
    let log = json_with(admin.get("/api/dsr/requests").await, StatusCode::OK).await;
    assert_eq!(
        (log[0]["kind"].as_str(), log[0]["status"].as_str()),
        (Some("objection"), Some("completed"))
    );

    for (body, code) in [
        (
            json!({ "email": email, "kind": "access", "received_on": "1 Dec" }),
            "invalid_date",
        ),
        (
            json!({ "email": "nobody", "kind": "access" }),
            "invalid_email",
        ),
    ] {
        expect_error(
            admin.post("/api/dsr/requests", &body).await,
            StatusCode::BAD_REQUEST,
            code,
        )
        .await;
    }
    let future = admin
        .post(
            "/api/dsr/requests",
            &json!({ "email": email, "kind": "erasure", "received_on": "2099-01-01" }),
        )
        .await;
    expect_error(future, StatusCode::CONFLICT, "conflict").await;
}
