//! People in an organisation: inviting a user with a one-time sign-in link, the link's
//! rules (once, 72 hours, voided by a newer one, not for a disabled user), resetting a
//! password the same way, and what the user list shows.

use clearlist_server::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{TestServer, expect_error, json_with};

const NEW_PASSWORD: &str = "a brand new long password";

/// The token of a link path (`/welcome#token=…`).
fn token_of(link: &Value) -> String {
    let path = link["path"].as_str().expect("link path");
    path.strip_prefix("/welcome#token=")
        .unwrap_or_else(|| panic!("unexpected link path {path}"))
        .to_owned()
}

async fn use_link(server: &TestServer, token: &str, password: &str) -> reqwest::Response {
    server
        .request(Method::POST, "/api/sign-in-links/use")
        .json(&json!({ "token": token, "password": password }))
        .send()
        .await
        .unwrap()
}

async fn lookup(server: &TestServer, token: &str) -> reqwest::Response {
    server
        .request(Method::POST, "/api/sign-in-links/lookup")
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_invited_user_sets_their_password_with_a_link_that_works_once() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let created = json_with(
        admin
            .post(
                "/api/users",
                &json!({ "email": "dana@acme.test", "name": "Dana", "role": "list-builder" }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created["status"], "invited", "{created}");
    assert!(created["last_sign_in_at"].is_null());
    let link = &created["sign_in_link"];
    let expires_in = link["expires_at"].as_i64().unwrap() - chrono_now();
    assert!((72 * 3600 - 60..=72 * 3600).contains(&expires_in), "{link}");
    let token = token_of(link);

    // Before the link is used, no password opens the account.
    assert!(server.sign_in_with("dana@acme.test", "").await.is_err());
    let info = json_with(lookup(&server, &token).await, StatusCode::OK).await;
    assert_eq!(
        (info["email"].as_str(), info["purpose"].as_str()),
        (Some("dana@acme.test"), Some("welcome"))
    );

    // A weak password is refused without spending the link.
    expect_error(
        use_link(&server, &token, "short").await,
        StatusCode::BAD_REQUEST,
        "weak_password",
    )
    .await;
    let session = json_with(
        use_link(&server, &token, NEW_PASSWORD).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(session["user"]["email"], "dana@acme.test");
    assert_eq!(session["user"]["status"], "active");
    assert!(
        server
            .sign_in_with("dana@acme.test", NEW_PASSWORD)
            .await
            .is_ok()
    );

    // Used once: a second use, or a look, says so.
    expect_error(
        use_link(&server, &token, NEW_PASSWORD).await,
        StatusCode::GONE,
        "link_used",
    )
    .await;
    expect_error(lookup(&server, &token).await, StatusCode::GONE, "link_used").await;
    expect_error(
        lookup(&server, "not-a-token").await,
        StatusCode::GONE,
        "link_unknown",
    )
    .await;

    let users = json_with(admin.get("/api/users").await, StatusCode::OK).await;
    let dana = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "dana@acme.test")
        .unwrap();
    assert!(dana["last_sign_in_at"].as_i64().is_some(), "{dana}");
}

#[tokio::test]
async fn links_expire_are_voided_by_newer_ones_and_end_the_old_sessions() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let reader = server.sign_in(Role::ReadOnly).await;
    let path = format!("/api/users/{}/sign-in-link", reader.user_id);
    let first = json_with(admin.post(&path, &json!({})).await, StatusCode::CREATED).await;
    let second = json_with(admin.post(&path, &json!({})).await, StatusCode::CREATED).await;
    expect_error(
        lookup(&server, &token_of(&first)).await,
        StatusCode::GONE,
        "link_unknown",
    )
    .await;
    let info = json_with(lookup(&server, &token_of(&second)).await, StatusCode::OK).await;
    assert_eq!(info["purpose"], "reset");

    // An expired link is refused and changes nothing.
    server
        .sql()
        .execute("UPDATE sign_in_links SET expires_at = 0", [])
        .unwrap();
    expect_error(
        use_link(&server, &token_of(&second), NEW_PASSWORD).await,
        StatusCode::GONE,
        "link_expired",
    )
    .await;
    assert_eq!(reader.get("/api/session").await.status(), StatusCode::OK);

    // A fresh reset link works and ends the user's other sessions.
    let third = json_with(admin.post(&path, &json!({})).await, StatusCode::CREATED).await;
    json_with(
        use_link(&server, &token_of(&third), NEW_PASSWORD).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        reader.get("/api/session").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_disabled_user_gets_no_link_and_cannot_use_an_earlier_one() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let link_path = format!("/api/users/{}/sign-in-link", builder.user_id);
    let link = json_with(
        admin.post(&link_path, &json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    let user_path = format!("/api/users/{}", builder.user_id);
    json_with(
        admin
            .send_json(Method::PATCH, &user_path, &json!({ "disabled": true }))
            .await,
        StatusCode::OK,
    )
    .await;
    expect_error(
        use_link(&server, &token_of(&link), NEW_PASSWORD).await,
        StatusCode::GONE,
        "user_disabled",
    )
    .await;
    expect_error(
        admin.post(&link_path, &json!({})).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    // A second tab disabling the same user again is told so.
    let again = json_with(
        admin
            .send_json(Method::PATCH, &user_path, &json!({ "disabled": true }))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        again["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already disabled"),
        "{again}"
    );
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}
