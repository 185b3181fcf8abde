//! `POST /api/prf/evaluate`: the oblivious PRF exchange end to end (the browser's blinding
//! and unblinding from the engine against the real endpoint), validation, the per-user
//! daily quota, and roles.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clearlist_engine::pseudonym::{Pseudonym, blind, finalize};
use clearlist_engine::suppression::normalise_email;
use clearlist_server::Limits;
use clearlist_server::roles::Role;
use rand::SeedableRng as _;
use rand::rngs::StdRng;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{Client, TestServer, expect_error, json_with};

/// `n` vault contacts' normalised emails with the pseudonyms the server stored for them.
fn vault_contacts(server: &TestServer, n: usize) -> Vec<(String, u64)> {
    let conn = server.sql();
    let mut statement = conn
        .prepare("SELECT email, pseudonym FROM contacts ORDER BY id LIMIT ?1")
        .unwrap();
    statement
        .query_map([i64::try_from(n).unwrap()], |r| {
            let email: String = r.get(0)?;
            let pseudonym: i64 = r.get(1)?;
            Ok((
                normalise_email(&email).expect("vault emails normalise"),
                u64::from_ne_bytes(pseudonym.to_ne_bytes()),
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn encoded(elements: &[[u8; 32]]) -> Vec<String> {
    elements.iter().map(|e| URL_SAFE_NO_PAD.encode(e)).collect()
}

/// Runs the whole exchange as a browser would and returns the pseudonyms.
async fn pseudonyms_via_endpoint(client: &Client, emails: &[String]) -> Vec<Pseudonym> {
    let mut rng = StdRng::seed_from_u64(42);
    let (states, blinded) = blind(emails, &mut rng).unwrap();
    let body = json!({ "blinded": encoded(&blinded) });
    let answer = json_with(
        client.post("/api/prf/evaluate", &body).await,
        StatusCode::OK,
    )
    .await;
    let evaluated: Vec<Vec<u8>> = answer["evaluated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| URL_SAFE_NO_PAD.decode(e.as_str().unwrap()).unwrap())
        .collect();
    finalize(&states, &evaluated).unwrap()
}

fn used_today(server: &TestServer, user: i64) -> i64 {
    server
        .sql()
        .query_row(
            "SELECT coalesce(sum(count), 0) FROM usage WHERE user_id = ?1 AND kind = 'prf'",
            [user],
            |r| r.get(0),
        )
        .unwrap()
}

fn audit_details(server: &TestServer, action: &str) -> Vec<Value> {
    let conn = server.sql();
    let mut statement = conn
        .prepare("SELECT detail FROM audit_log WHERE action = ?1 ORDER BY id")
        .unwrap();
    statement
        .query_map([action], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|d| serde_json::from_str(&d.unwrap()).unwrap())
        .collect()
}

#[tokio::test]
async fn the_browser_obtains_the_same_pseudonyms_the_vault_holds() {
    let server = TestServer::start().await;
    let contacts = vault_contacts(&server, 5);
    let mut emails: Vec<String> = contacts.iter().map(|(email, _)| email.clone()).collect();
    emails.push("nobody.at.all@not-in-the-vault.example".to_owned());
    for role in [Role::Administrator, Role::ListBuilder] {
        let client = server.sign_in(role).await;
        let pseudonyms = pseudonyms_via_endpoint(&client, &emails).await;
        assert_eq!(pseudonyms.len(), emails.len());
        for ((_, expected), got) in contacts.iter().zip(&pseudonyms) {
            assert_eq!(got.0, *expected, "{role}");
        }
        let stored: Vec<u64> = contacts.iter().map(|(_, p)| *p).collect();
        assert!(!stored.contains(&pseudonyms[5].0));
        assert_eq!(used_today(&server, client.user_id), 6);
    }
    assert_eq!(
        audit_details(&server, "prf.evaluate"),
        [json!({ "count": 6 }), json!({ "count": 6 })]
    );
}

#[tokio::test]
async fn batches_over_the_general_body_limit_are_accepted() {
    let server = TestServer::start().await;
    let client = server.sign_in(Role::ListBuilder).await;
    // 2,000 elements: about 92 KB of JSON, past the general 64 KiB limit.
    let emails: Vec<String> = (0..2_000)
        .map(|i| format!("person{i}@example.com"))
        .collect();
    let pseudonyms = pseudonyms_via_endpoint(&client, &emails).await;
    assert_eq!(pseudonyms.len(), 2_000);
}

#[tokio::test]
async fn malformed_batches_are_refused_whole_and_cost_nothing() {
    let limits = Limits {
        prf_batch: 3,
        ..Limits::default()
    };
    let server = TestServer::start_with(limits).await;
    let client = server.sign_in(Role::ListBuilder).await;
    let mut rng = StdRng::seed_from_u64(1);
    let (_, blinded) = blind(&["a@example.com", "b@example.com"], &mut rng).unwrap();
    let good = encoded(&blinded);

    let response = client
        .post("/api/prf/evaluate", &json!({ "blinded": [] }))
        .await;
    expect_error(response, StatusCode::BAD_REQUEST, "empty_batch").await;
    let response = client
        .post(
            "/api/prf/evaluate",
            &json!({ "blinded": [&good[0], &good[1], &good[0], &good[1]] }),
        )
        .await;
    expect_error(response, StatusCode::BAD_REQUEST, "batch_too_large").await;

    let identity = URL_SAFE_NO_PAD.encode([0_u8; 32]);
    let not_a_point = URL_SAFE_NO_PAD.encode([0xff_u8; 32]);
    let too_short = URL_SAFE_NO_PAD.encode([1_u8; 31]);
    let padded = format!("{}=", good[1]);
    let standard_alphabet = base64::engine::general_purpose::STANDARD_NO_PAD.encode([0xfb; 32]);
    for (bad, index) in [
        (identity, 1),
        (not_a_point, 1),
        (too_short, 1),
        (padded, 1),
        (standard_alphabet, 1),
        ("jane@example.com".to_owned(), 1),
    ] {
        let body = json!({ "blinded": [&good[0], bad, &good[1]] });
        let error = json_with(
            client.post("/api/prf/evaluate", &body).await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert_eq!(error["error"]["code"], "malformed_element", "{body}");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(message.contains(&format!("blinded[{index}]")), "{message}");
    }
    let response = client
        .post("/api/prf/evaluate", &json!({ "blinded": "not a list" }))
        .await;
    expect_error(response, StatusCode::BAD_REQUEST, "malformed_json").await;

    assert_eq!(used_today(&server, client.user_id), 0);
    assert!(audit_details(&server, "prf.evaluate").is_empty());
}

#[tokio::test]
async fn the_daily_quota_is_per_user_and_a_refused_batch_evaluates_nothing() {
    let limits = Limits {
        prf_per_day: 5,
        ..Limits::default()
    };
    let server = TestServer::start_with(limits).await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let emails =
        |n: usize| -> Vec<String> { (0..n).map(|i| format!("p{i}@example.com")).collect() };
    assert_eq!(pseudonyms_via_endpoint(&builder, &emails(3)).await.len(), 3);

    // 3 + 3 > 5: refused whole, not partly answered.
    let mut rng = StdRng::seed_from_u64(2);
    let (_, blinded) = blind(&emails(3), &mut rng).unwrap();
    let response = builder
        .post(
            "/api/prf/evaluate",
            &json!({ "blinded": encoded(&blinded) }),
        )
        .await;
    crate::expect_quota_exceeded(response, 86_400).await;
    assert_eq!(used_today(&server, builder.user_id), 3);

    // What is left can still be used, to the last element.
    assert_eq!(pseudonyms_via_endpoint(&builder, &emails(2)).await.len(), 2);
    let (_, blinded) = blind(&emails(1), &mut rng).unwrap();
    let response = builder
        .post(
            "/api/prf/evaluate",
            &json!({ "blinded": encoded(&blinded) }),
        )
        .await;
    expect_error(response, StatusCode::TOO_MANY_REQUESTS, "quota_exceeded").await;
    assert_eq!(used_today(&server, builder.user_id), 5);
    assert_eq!(
        audit_details(&server, "prf.refused"),
        [
            json!({ "count": 3, "reason": "quota" }),
            json!({ "count": 1, "reason": "quota" })
        ]
    );

    // Another user of the same tenant has their own allowance.
    let admin = server.sign_in(Role::Administrator).await;
    assert_eq!(pseudonyms_via_endpoint(&admin, &emails(5)).await.len(), 5);
}

#[tokio::test]
async fn a_burst_is_paced_per_user_well_before_the_daily_quota() {
    let limits = Limits {
        prf_per_minute: 6,
        prf_per_day: 100,
        ..Limits::default()
    };
    let server = TestServer::start_with(limits).await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let emails =
        |n: usize| -> Vec<String> { (0..n).map(|i| format!("b{i}@example.com")).collect() };
    assert_eq!(pseudonyms_via_endpoint(&builder, &emails(4)).await.len(), 4);

    // 4 + 4 > 6 in this minute: a 429 that says when to send the batch again.
    let mut rng = StdRng::seed_from_u64(5);
    let (_, blinded) = blind(&emails(4), &mut rng).unwrap();
    let response = builder
        .post(
            "/api/prf/evaluate",
            &json!({ "blinded": encoded(&blinded) }),
        )
        .await;
    crate::expect_quota_exceeded(response, 60).await;
    assert_eq!(
        used_today(&server, builder.user_id),
        4,
        "nothing spent of the day"
    );
    assert_eq!(
        audit_details(&server, "prf.refused"),
        [json!({ "count": 4, "reason": "burst" })]
    );

    // Another user is not slowed down.
    let admin = server.sign_in(Role::Administrator).await;
    assert_eq!(pseudonyms_via_endpoint(&admin, &emails(6)).await.len(), 6);

    // Administrators see who used how many.
    let usage = json_with(admin.get("/api/prf/usage").await, StatusCode::OK).await;
    let of = |user: i64| {
        usage
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["user_id"] == user)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        of(admin.user_id),
        json!({ "user_id": admin.user_id, "today": 6, "last_7_days": 6 })
    );
    assert_eq!(of(builder.user_id)["today"], 4);
    assert_eq!(usage[0]["user_id"], admin.user_id, "most used first");
}

#[tokio::test]
async fn read_only_users_and_strangers_are_refused() {
    let server = TestServer::start().await;
    let mut rng = StdRng::seed_from_u64(3);
    let (_, blinded) = blind(&["a@example.com"], &mut rng).unwrap();
    let body = json!({ "blinded": encoded(&blinded) });
    let reader = server.sign_in(Role::ReadOnly).await;
    expect_error(
        reader.post("/api/prf/evaluate", &body).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let response = server
        .request(reqwest::Method::POST, "/api/prf/evaluate")
        .json(&body)
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    assert_eq!(used_today(&server, reader.user_id), 0);
}
