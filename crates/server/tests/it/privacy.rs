//! Privacy invariant 1, tested on what the server really sends: the dataset every role
//! downloads holds no email address and no name of any contact in the vault; and no answer
//! carrying names or emails may be kept on disk by a browser (`no-store`).

use clearlist_engine::dataset::Dataset;
use clearlist_server::roles::Role;
use reqwest::StatusCode;

use crate::{Tenant, TestServer};

#[tokio::test]
async fn no_role_downloads_an_email_or_a_contact_name() {
    let server = TestServer::start().await;
    let people: Vec<(String, String, String)> = {
        let conn = server.sql();
        let mut statement = conn
            .prepare("SELECT email, first_name, last_name FROM contacts")
            .unwrap();
        statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(people.len() > 1_000, "{} contacts", people.len());

    let mut checked = std::collections::HashSet::new();
    for tenant in [Tenant::Acme, Tenant::Globex] {
        for role in Role::ALL {
            let client = server.sign_in_as(tenant, role).await;
            let response = client.get("/api/dataset").await;
            assert_eq!(response.status(), StatusCode::OK);
            let bytes = response.bytes().await.unwrap();
            if !checked.insert(bytes.clone()) {
                continue; // the same bytes as another role's download
            }
            let dataset = Dataset::decode(&bytes).expect("readable");
            assert!(
                dataset.contact_count() > 1_000,
                "contacts are there, as pseudonyms"
            );
            // Lossy text keeps every ASCII byte where it was, so ASCII needles still match.
            let text = String::from_utf8_lossy(&bytes);
            for (email, first, last) in &people {
                // A local part such as `mary` is a common word; `mary.lee` identifies.
                let local = email
                    .split('@')
                    .next()
                    .filter(|local| local.contains(['.', '_']))
                    .unwrap_or_default();
                for identifier in [email.as_str(), local, &format!("{first} {last}")] {
                    assert!(
                        identifier.is_empty() || !text.contains(identifier),
                        "{tenant:?} {role}: the dataset holds `{identifier}`"
                    );
                }
                assert!(!text.contains(&email.to_uppercase()));
            }
        }
    }
    assert_eq!(checked.len(), 2, "one dataset per tenant");
}

/// Every contact's email, name and title, for searching responses.
fn identifiers(server: &TestServer) -> Vec<String> {
    let conn = server.sql();
    let mut statement = conn
        .prepare("SELECT email, first_name || ' ' || last_name, title FROM contacts")
        .unwrap();
    statement
        .query_map([], |r| Ok([r.get::<_, String>(0)?, r.get(1)?, r.get(2)?]))
        .unwrap()
        .flat_map(Result::unwrap)
        .filter(|text| text.len() > 6)
        .collect()
}

#[tokio::test]
async fn people_views_name_no_one() {
    let server = TestServer::start().await;
    // Some people are emailed at another domain: the dataset carries that domain (an
    // export suppresses by it), never the address.
    server
        .sql()
        .execute_batch(
            "UPDATE contacts SET email = 'someone.' || id || '@elsewhere.example' WHERE id % 5 = 0;
             UPDATE settings SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
                 WHERE key = 'vault_version';",
        )
        .unwrap();
    let people = identifiers(&server);
    let admin = server.sign_in(Role::Administrator).await;
    let definition = "v=1&fn=any:it,security,sales&level=min:manager";
    let list = crate::json_with(
        admin
            .post(
                "/api/lists",
                &serde_json::json!({ "name": "Leaders", "definition": definition }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let search = crate::json_with(
        admin
            .post(
                "/api/searches",
                &serde_json::json!({ "name": "Leaders", "definition": definition }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let dataset = admin.get("/api/dataset").await.bytes().await.unwrap();
    let decoded = Dataset::decode(&dataset).expect("readable");
    assert!(
        !decoded.contact_email_domains().is_empty(),
        "other domains are carried"
    );
    let texts = [
        String::from_utf8_lossy(&dataset).into_owned(),
        admin
            .post(
                &format!("/api/lists/{}/exports/preview", list["id"]),
                &serde_json::json!({}),
            )
            .await
            .text()
            .await
            .unwrap(),
        admin
            .get(&format!("/api/searches/{}/alerts", search["id"]))
            .await
            .text()
            .await
            .unwrap(),
        admin.get("/api/searches").await.text().await.unwrap(),
    ];
    assert!(texts[1].contains("left_out"), "{}", texts[1]);
    for text in &texts {
        assert!(!text.contains("someone."), "an email's local part was sent");
        for identifier in &people {
            assert!(
                !text.contains(identifier.as_str()),
                "`{identifier}` was sent"
            );
        }
    }
}

#[tokio::test]
async fn answers_with_personal_data_are_never_stored_by_the_browser() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    for path in [
        "/api/session",
        "/api/users",
        "/api/lists",
        "/api/searches",
        "/api/notifications",
        "/api/audit",
        "/api/email-rules",
        "/api/embed-origins",
        "/api/exports",
        "/api/no-such-thing",
    ] {
        let response = admin.get(path).await;
        assert_eq!(
            crate::header(response.headers(), "cache-control"),
            "no-store",
            "{path}"
        );
    }
    // The dataset holds no personal data and is kept (revalidated) by the browser.
    let dataset = admin.get("/api/dataset").await;
    assert_eq!(
        crate::header(dataset.headers(), "cache-control"),
        "private, no-cache"
    );
}
