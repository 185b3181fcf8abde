//! Contact targeting end to end: for many generated list definitions with contact clauses,
//! the exportable count the browser computes from the downloaded dataset (with the same
//! suppression) is exactly the number of rows the server's export holds, across every rule
//! case — consent and legitimate interest in opt-in, opt-out and unknown countries, an
//! organisation's own rule, opted out, download blocked, erased, and suppressed by
//! pseudonym, by company domain and by an email at another domain.

use clearlist_engine::dataset::Dataset;
use clearlist_engine::pseudonym::Pseudonym;
use clearlist_engine::query::{Context, ResolvedQuery, SavedLists};
use clearlist_engine::suppression::SuppressionSet;
use clearlist_engine::taxonomy::{Facet, Function, Seniority};
use clearlist_engine::{ContactClause, ContactQuery, LevelClause, ListQuery, list_url};
use clearlist_server::roles::Role;
use clearlist_server::{Limits, StorageLimits};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use rusqlite::Connection;
use serde_json::{Value, json};

use crate::lists::dataset;
use crate::{Client, PASSWORD, TestServer, header, json_with};

/// Puts every rule case into the template vault and an organisation suppression list,
/// then bumps the vault version so the dataset is rebuilt.
fn prepare_cases(conn: &Connection) {
    conn.execute_batch(
        "UPDATE contacts SET country = '' WHERE id % 11 = 0;
         UPDATE contacts SET opted_out = 1 WHERE id % 13 = 0;
         UPDATE contacts SET email_download = 1 WHERE id % 3 = 0;
         UPDATE contacts SET email_download = 0 WHERE id % 17 = 0;
         UPDATE contacts SET lawful_basis = 'legitimate-interest' WHERE id % 2 = 0;
         UPDATE contacts SET country = 'DE' WHERE id % 7 = 0;
         UPDATE contacts SET country = 'FR' WHERE id % 9 = 0;
         UPDATE contacts SET email = 'moved' || id || '@elsewhere.example' WHERE id % 23 = 0;
         INSERT INTO erasures (pseudonym, erased_at)
             SELECT pseudonym, 0 FROM contacts WHERE id % 29 = 0;
         DELETE FROM contacts WHERE id % 29 = 0;
         INSERT INTO suppression_lists (id, tenant_id, name, created_by, created_at)
             VALUES (900, 1, 'Opt-outs', 1, 0);
         INSERT INTO suppression_pseudonyms (list_id, pseudonym)
             SELECT 900, pseudonym FROM contacts WHERE id % 31 = 0;
         INSERT INTO suppression_domains (list_id, domain) VALUES (900, 'elsewhere.example');
         INSERT INTO suppression_domains (list_id, domain)
             SELECT 900, domain FROM accounts WHERE id % 37 = 0;
         UPDATE settings SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
             WHERE key = 'vault_version';",
    )
    .expect("prepare the rule cases");
}

/// The organisation's own rule: Germany opt-out for this organisation only.
async fn override_germany(admin: &Client) {
    let response = admin
        .send_json(
            reqwest::Method::PUT,
            "/api/email-rules/DE",
            &json!({ "rule": "opt-out", "sources": "counsel, 2026", "notes": "" }),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap()
    );
}

/// The organisation's suppression lists, fetched and compiled as the browser does.
async fn organisation_lists(client: &Client) -> (Vec<String>, Vec<u64>) {
    let index = json_with(client.get("/api/suppression-lists").await, StatusCode::OK).await;
    let (mut domains, mut pseudonyms) = (Vec::new(), Vec::new());
    for list in index.as_array().unwrap() {
        let list = json_with(
            client
                .get(&format!("/api/suppression-lists/{}", list["id"]))
                .await,
            StatusCode::OK,
        )
        .await;
        for domain in list["domains"].as_array().unwrap() {
            domains.push(domain.as_str().unwrap().to_owned());
        }
        for hex in list["pseudonyms"].as_array().unwrap() {
            pseudonyms.push(u64::from_str_radix(hex.as_str().unwrap(), 16).unwrap());
        }
    }
    (domains, pseudonyms)
}

fn pick<T: Copy>(all: &[T], rng: &mut StdRng) -> Vec<T> {
    (0..rng.gen_range(1..=3))
        .map(|_| all[rng.gen_range(0..all.len())])
        .collect()
}

/// A random definition: an account filter or none, and contact clauses.
fn random_definition(data: &Dataset, rng: &mut StdRng) -> String {
    let mut query = ListQuery::default();
    if rng.gen_bool(0.4) {
        let industries = data.facet_values(Facet::Industry);
        let industry = industries[rng.gen_range(0..industries.len().min(6))].0;
        query = list_url::decode(&format!("v=1&industry=any:{industry}")).expect("valid");
    }
    let countries = ["de", "fr", "us", "gb", "jp", "unknown"];
    query.contacts = ContactQuery {
        functions: rng.gen_bool(0.6).then(|| ContactClause {
            include: rng.gen_bool(0.8),
            values: pick(Function::ALL, rng),
        }),
        level: rng.gen_bool(0.6).then(|| {
            if rng.gen_bool(0.6) {
                LevelClause::AtLeast(Seniority::ALL[rng.gen_range(0..Seniority::ALL.len())])
            } else {
                LevelClause::Set(ContactClause {
                    include: true,
                    values: pick(Seniority::ALL, rng),
                })
            }
        }),
        countries: rng.gen_bool(0.3).then(|| ContactClause {
            include: rng.gen_bool(0.5),
            values: pick(&countries, rng)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        }),
        exportable: rng.gen_bool(0.5),
        team: rng.gen_bool(0.3).then(|| rng.gen_range(1..=3)),
    };
    list_url::encode(&query)
}

/// What the browser shows for `definition`: matching accounts and exportable contacts.
fn browser_counts(data: &Dataset, definition: &str, suppression: &SuppressionSet) -> (u64, u64) {
    let applied = data.apply_suppression(suppression);
    let saved = SavedLists::default();
    let context = Context {
        lists: Some(&saved),
        suppression: Some(&applied),
    };
    let query = list_url::decode(definition).expect("valid definition");
    let resolved = ResolvedQuery::resolve(data, &query, context).expect("runs");
    (resolved.rows().len(), resolved.contact_counts().1)
}

#[tokio::test]
async fn the_exportable_count_is_the_export_for_every_rule_case() {
    let server = TestServer::start_with(Limits {
        exports_per_day: 1_000,
        storage: StorageLimits {
            writes_per_minute: 10_000,
            ..StorageLimits::default()
        },
        ..Limits::default()
    })
    .await;
    prepare_cases(&server.sql());
    let admin = server.sign_in(Role::Administrator).await;
    override_germany(&admin).await;
    let (data, _) = dataset(&admin).await;
    let (mut domains, mut pseudonyms) = organisation_lists(&admin).await;
    // What this browser loaded from a file on top: some people, one company.
    let request_pseudonyms: Vec<u64> = data
        .contact_pseudonyms()
        .iter()
        .step_by(19)
        .copied()
        .collect();
    let request_domain = data.domain(5).to_owned();
    let request = json!({
        "pseudonyms": request_pseudonyms.iter().map(|p| format!("{p:016x}")).collect::<Vec<_>>(),
        "domains": [request_domain],
    });
    domains.push(request_domain);
    pseudonyms.extend(request_pseudonyms);
    let suppression = SuppressionSet::new(domains, pseudonyms.into_iter().map(Pseudonym).collect());

    let mut rng = StdRng::seed_from_u64(12);
    let mut non_trivial = 0;
    for round in 0..60 {
        let definition = random_definition(&data, &mut rng);
        let (accounts, exportable) = browser_counts(&data, &definition, &suppression);
        let list = json_with(
            admin
                .post(
                    "/api/lists",
                    &json!({ "name": format!("Targets {round}"), "definition": definition }),
                )
                .await,
            StatusCode::CREATED,
        )
        .await;
        let id = list["id"].as_i64().unwrap();
        let preview = json_with(
            admin
                .post(
                    &format!("/api/lists/{id}/exports/preview"),
                    &json!({ "suppression": request }),
                )
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(preview["accounts"], accounts, "{definition}");
        assert_eq!(preview["rows"], exportable, "{definition}: {preview}");
        non_trivial += usize::from(
            exportable > 0
                && preview["left_out"]
                    .as_array()
                    .is_some_and(|l| !l.is_empty()),
        );
        // Every fifth list is exported for real: the file holds exactly those rows.
        if round % 5 == 0 {
            let response = admin
                .post(
                    &format!("/api/lists/{id}/exports"),
                    &json!({ "password": PASSWORD, "suppression": request }),
                )
                .await;
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(
                header(response.headers(), "x-export-rows"),
                exportable.to_string()
            );
            let text = response.text().await.unwrap();
            let rows = csv::Reader::from_reader(text.as_bytes()).records().count();
            assert_eq!(rows as u64, exportable, "{definition}");
        }
    }
    assert!(
        non_trivial >= 10,
        "only {non_trivial} lists exported some and left out some"
    );
}

#[tokio::test]
async fn an_export_holds_only_the_targeted_contacts() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let definition = "v=1&fn=any:it,security&level=min:director";
    let list = json_with(
        admin
            .post(
                "/api/lists",
                &json!({ "name": "Security leaders", "definition": definition }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let preview = json_with(
        admin
            .post(
                &format!("/api/lists/{}/exports/preview", list["id"]),
                &json!({}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    for left in preview["left_out"].as_array().unwrap() {
        assert!(
            ["it", "security"].contains(&left["function"].as_str().unwrap()),
            "{left}"
        );
        assert!(
            ["director", "vp", "c-level"].contains(&left["seniority"].as_str().unwrap()),
            "{left}"
        );
    }
    let response = admin
        .post(
            &format!("/api/lists/{}/exports", list["id"]),
            &json!({ "password": PASSWORD }),
        )
        .await;
    let text = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let columns = reader.headers().unwrap().clone();
    let column = |name: &str| columns.iter().position(|c| c == name).unwrap();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        assert!(
            ["IT", "Security"].contains(&&record[column("Function")]),
            "{record:?}"
        );
        assert!(
            ["Director", "VP", "C-Level"].contains(&&record[column("Seniority")]),
            "{record:?}"
        );
        rows += 1;
    }
    assert_eq!(Value::from(rows), preview["rows"]);
    assert!(
        rows > 0,
        "the template has security and IT leaders who may be exported"
    );
}
