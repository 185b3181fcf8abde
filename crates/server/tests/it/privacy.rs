//! Privacy invariant 1, tested on what the server really sends: the dataset every role
//! downloads holds no email address and no name of any contact in the vault.

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
