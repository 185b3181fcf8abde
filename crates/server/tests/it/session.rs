//! Signing in and out: cookies, rotation, expiry, disabled users, role changes, CSRF and
//! sign-in rate limiting.

use std::time::Duration;

use clearlist_server::Limits;
use clearlist_server::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{PASSWORD, Tenant, TestServer, email, expect_error, header, json_with};

#[tokio::test]
async fn sign_in_sets_a_host_only_secure_cookie_and_returns_the_session() {
    let server = TestServer::start().await;
    let response = server
        .request(Method::POST, "/api/session")
        .json(&json!({ "email": email(Tenant::Acme, Role::ListBuilder), "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let cookie = header(response.headers(), "set-cookie").to_owned();
    assert!(cookie.starts_with("__Host-clearlist-session="), "{cookie}");
    for attribute in ["Path=/", "Secure", "HttpOnly", "SameSite=Strict"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    assert!(token.len() >= 43, "at least 256 bits: {token}");
    let body = json_with(response, StatusCode::OK).await;
    assert_eq!(body["user"]["role"], "list-builder");
    assert_eq!(body["tenant"]["name"], "Acme");
    assert!(body["user"].get("password_hash").is_none());
    assert!(body["csrf_token"].as_str().unwrap().len() >= 43);

    // The database holds only a hash of the token.
    let stored: i64 = server
        .sql()
        .query_row(
            "SELECT count(*) FROM sessions WHERE token_hash = ?1",
            [token.as_bytes()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn wrong_passwords_and_unknown_users_are_refused_alike() {
    let server = TestServer::start().await;
    for (user, password) in [
        (
            email(Tenant::Acme, Role::Administrator),
            "wrong password here",
        ),
        ("nobody@acme.test".to_owned(), PASSWORD),
    ] {
        let response = server
            .request(Method::POST, "/api/session")
            .json(&json!({ "email": user, "password": password }))
            .send()
            .await
            .unwrap();
        assert!(response.headers().get("set-cookie").is_none());
        expect_error(response, StatusCode::UNAUTHORIZED, "bad_credentials").await;
    }
}

#[tokio::test]
async fn sign_in_rotates_the_session() {
    let server = TestServer::start().await;
    let first = server.sign_in(Role::ReadOnly).await;
    // Signing in again from the same browser replaces the old session.
    let response = server
        .request(Method::POST, "/api/session")
        .header("cookie", &first.cookie)
        .json(&json!({ "email": email(Tenant::Acme, Role::ReadOnly), "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let second_cookie = header(response.headers(), "set-cookie").to_owned();
    assert!(!second_cookie.starts_with(&first.cookie));
    expect_error(
        first.get("/api/session").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn sign_out_ends_the_session_and_clears_browser_data() {
    let server = TestServer::start().await;
    let client = server.sign_in(Role::ReadOnly).await;
    json_with(client.get("/api/session").await, StatusCode::OK).await;
    let response = client.delete("/api/session").await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(response.headers(), "clear-site-data"),
        "\"cache\", \"storage\""
    );
    assert!(header(response.headers(), "set-cookie").contains("Max-Age=0"));
    expect_error(
        client.get("/api/dataset").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn idle_sessions_expire() {
    let server = TestServer::start_with(Limits {
        session_idle: Duration::from_secs(1),
        ..Limits::default()
    })
    .await;
    let client = server.sign_in(Role::ReadOnly).await;
    json_with(client.get("/api/session").await, StatusCode::OK).await;
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    expect_error(
        client.get("/api/session").await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;
    // Expired means ended: it does not come back.
    expect_error(
        client.get("/api/session").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn sessions_expire_at_their_absolute_age_even_when_active() {
    let server = TestServer::start_with(Limits {
        session_absolute: Duration::from_secs(2),
        ..Limits::default()
    })
    .await;
    let client = server.sign_in(Role::ReadOnly).await;
    // Session times are whole seconds: 3.5 s of activity is past a 2 s limit however the
    // clock's seconds fall.
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(700)).await;
        let _ = client.get("/api/session").await;
    }
    expect_error(
        client.get("/api/session").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn disabling_a_user_and_changing_a_role_apply_on_the_next_request() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let reader = server.sign_in(Role::ReadOnly).await;
    let users = json_with(builder.get("/api/users").await, StatusCode::OK).await;
    assert_eq!(users.as_array().unwrap().len(), 3);

    let changed = admin
        .send_json(
            Method::PATCH,
            &format!("/api/users/{}", builder.user_id),
            &json!({ "role": "read-only" }),
        )
        .await;
    assert_eq!(
        json_with(changed, StatusCode::OK).await["role"],
        "read-only"
    );
    expect_error(
        builder.get("/api/users").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    let changed = admin
        .send_json(
            Method::PATCH,
            &format!("/api/users/{}", reader.user_id),
            &json!({ "disabled": true }),
        )
        .await;
    json_with(changed, StatusCode::OK).await;
    expect_error(
        reader.get("/api/dataset").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_eq!(
        server
            .sign_in_with(&email(Tenant::Acme, Role::ReadOnly), PASSWORD)
            .await
            .unwrap_err(),
        StatusCode::UNAUTHORIZED
    );

    // No one locks themselves out.
    let own = admin
        .send_json(
            Method::PATCH,
            &format!("/api/users/{}", admin.user_id),
            &json!({ "disabled": true }),
        )
        .await;
    expect_error(own, StatusCode::CONFLICT, "conflict").await;
}

#[tokio::test]
async fn administrators_manage_users_of_their_own_tenant_only() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let created = admin
        .post(
            "/api/users",
            &json!({ "email": "new.builder@acme.test", "name": "New Builder", "role": "list-builder", "password": "a long enough password" }),
        )
        .await;
    let created = json_with(created, StatusCode::CREATED).await;
    let client = server
        .sign_in_with("new.builder@acme.test", "a long enough password")
        .await
        .expect("the new user signs in");
    assert_eq!(client.user_id, created["id"].as_i64().unwrap());

    let weak = admin
        .post("/api/users", &json!({ "email": "x@acme.test", "name": "X", "role": "read-only", "password": "short" }))
        .await;
    expect_error(weak, StatusCode::BAD_REQUEST, "weak_password").await;
    let duplicate = admin
        .post("/api/users", &json!({ "email": "NEW.builder@acme.test", "name": "Again", "role": "read-only", "password": "a long enough password" }))
        .await;
    expect_error(duplicate, StatusCode::CONFLICT, "conflict").await;

    // Another tenant's user id is "no such user", never a change.
    let globex = server.sign_in_as(Tenant::Globex, Role::ReadOnly).await;
    let forged = admin
        .send_json(
            Method::PATCH,
            &format!("/api/users/{}", globex.user_id),
            &json!({ "disabled": true }),
        )
        .await;
    expect_error(forged, StatusCode::NOT_FOUND, "not_found").await;
    json_with(globex.get("/api/session").await, StatusCode::OK).await;
}

#[tokio::test]
async fn state_changes_need_the_csrf_token_and_this_origin() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let body = json!({ "name": "Renamed" });
    let path = format!("/api/users/{}", admin.user_id);
    let missing = admin
        .request_without_csrf(Method::PATCH, &path)
        .json(&body)
        .send()
        .await
        .unwrap();
    expect_error(missing, StatusCode::FORBIDDEN, "csrf").await;
    let wrong = admin
        .request_without_csrf(Method::PATCH, &path)
        .header("x-csrf-token", "not-the-token")
        .json(&body)
        .send()
        .await
        .unwrap();
    expect_error(wrong, StatusCode::FORBIDDEN, "csrf").await;
    let cross_origin = admin
        .request(Method::PATCH, &path)
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    expect_error(cross_origin, StatusCode::FORBIDDEN, "csrf").await;
    let cross_site_login = server
        .request(Method::POST, "/api/session")
        .header("sec-fetch-site", "cross-site")
        .json(&json!({ "email": email(Tenant::Acme, Role::Administrator), "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    expect_error(cross_site_login, StatusCode::FORBIDDEN, "csrf").await;

    let name: String = server
        .sql()
        .query_row(
            "SELECT name FROM users WHERE id = ?1",
            [admin.user_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_ne!(name, "Renamed", "nothing changed");
    let same_origin = admin
        .request(Method::PATCH, &path)
        .header("origin", &server.base)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_with(same_origin, StatusCode::OK).await["name"],
        "Renamed"
    );
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_account_whatever_x_forwarded_for_says() {
    let server = TestServer::start_with(Limits {
        login_failures_per_account: 3,
        ..Limits::default()
    })
    .await;
    let target = email(Tenant::Acme, Role::Administrator);
    for attempt in 0..3 {
        let response = server
            .request(Method::POST, "/api/session")
            .header("x-forwarded-for", format!("203.0.113.{attempt}"))
            .json(&json!({ "email": target, "password": "guess guess guess" }))
            .send()
            .await
            .unwrap();
        expect_error(response, StatusCode::UNAUTHORIZED, "bad_credentials").await;
    }
    let response = server
        .request(Method::POST, "/api/session")
        .header("x-forwarded-for", "198.51.100.7")
        .json(&json!({ "email": target, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert!(response.headers().get("retry-after").is_some());
    expect_error(response, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Other accounts are unaffected.
    server.sign_in(Role::ReadOnly).await;
}

#[tokio::test]
async fn malformed_and_oversized_bodies_are_json_4xx() {
    let server = TestServer::start().await;
    let response = server
        .request(Method::POST, "/api/session")
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::BAD_REQUEST, "malformed_json").await;
    let response = server
        .request(Method::POST, "/api/session")
        .header("content-type", "application/json")
        .body(format!(
            "{{\"email\": \"{}\", \"password\": \"x\"}}",
            "a".repeat(200_000)
        ))
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large").await;
    let response = server
        .request(Method::POST, "/api/session")
        .body("email=a&password=b")
        .send()
        .await
        .unwrap();
    expect_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
}
