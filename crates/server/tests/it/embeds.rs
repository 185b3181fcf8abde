//! Embeds in a CRM on another site: the allowed origins an Administrator keeps, the
//! `frame-ancestors` of embed documents that name their organisation, and the embed
//! session (a partitioned cookie) with the user's own role and the CSRF defences intact.

use clearlist_server::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{Client, PASSWORD, Tenant, TestServer, email, expect_error, header, json_with};

/// Signs in inside organisation `org`'s embed view; the answer as it came.
async fn embed_sign_in(
    server: &TestServer,
    tenant: Tenant,
    role: Role,
    org: i64,
) -> reqwest::Response {
    server
        .request(Method::POST, "/api/session")
        .json(&json!({ "email": email(tenant, role), "password": PASSWORD, "embed_org": org }))
        .send()
        .await
        .unwrap()
}

/// An embed session of the Acme user of `role`.
async fn embed_client(server: &TestServer, role: Role) -> Client {
    let response = embed_sign_in(server, Tenant::Acme, role, Tenant::Acme.id()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let set_cookie = header(response.headers(), "set-cookie").to_owned();
    let body: Value = response.json().await.unwrap();
    Client {
        http: reqwest::Client::new(),
        base: server.base.clone(),
        cookie: set_cookie.split(';').next().unwrap().to_owned(),
        csrf: body["csrf_token"].as_str().unwrap().to_owned(),
        user_id: body["user"]["id"].as_i64().unwrap(),
    }
}

fn frame_ancestors(headers: &reqwest::header::HeaderMap) -> String {
    let csp = header(headers, "content-security-policy");
    csp.split(';')
        .map(str::trim)
        .find_map(|directive| directive.strip_prefix("frame-ancestors "))
        .unwrap_or_else(|| panic!("no frame-ancestors in {csp}"))
        .to_owned()
}

#[tokio::test]
async fn an_embed_session_lives_in_a_partitioned_cookie_and_keeps_the_users_role() {
    let server = TestServer::start().await;
    let response = embed_sign_in(&server, Tenant::Acme, Role::ReadOnly, Tenant::Acme.id()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = header(response.headers(), "set-cookie").to_owned();
    assert!(cookie.starts_with("__Host-clearlist-embed="), "{cookie}");
    for attribute in [
        "Secure",
        "HttpOnly",
        "SameSite=None",
        "Partitioned",
        "Path=/",
    ] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }

    let reader = embed_client(&server, Role::ReadOnly).await;
    let session = json_with(reader.get("/api/session").await, StatusCode::OK).await;
    assert_eq!(session["user"]["role"], "read-only");
    assert_eq!(reader.get("/api/dataset").await.status(), StatusCode::OK);
    // Read-only in the embed as anywhere: no list may be written.
    expect_error(
        reader
            .post("/api/lists", &json!({ "name": "x", "definition": "v=1" }))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // A List Builder's embed may do what a List Builder may.
    let builder = embed_client(&server, Role::ListBuilder).await;
    let created = builder
        .post(
            "/api/lists",
            &json!({ "name": "From the CRM", "definition": "v=1" }),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);

    // Signing out of the embed clears the embed cookie, not the app's.
    let out = reader.delete("/api/session").await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let cleared = header(out.headers(), "set-cookie");
    assert!(
        cleared.starts_with("__Host-clearlist-embed=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    expect_error(
        reader.get("/api/session").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn an_embed_of_another_organisation_is_refused_at_sign_in() {
    let server = TestServer::start().await;
    let sessions = || -> i64 {
        server
            .sql()
            .query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
            .unwrap()
    };
    let before = sessions();
    let response = embed_sign_in(
        &server,
        Tenant::Acme,
        Role::Administrator,
        Tenant::Globex.id(),
    )
    .await;
    expect_error(response, StatusCode::BAD_REQUEST, "other_organisation").await;
    assert_eq!(sessions(), before, "no session was started");
}

#[tokio::test]
async fn forged_cross_site_writes_with_the_embed_cookie_are_refused() {
    let server = TestServer::start().await;
    let admin = embed_client(&server, Role::Administrator).await;
    let lists = || -> i64 {
        server
            .sql()
            .query_row("SELECT count(*) FROM lists", [], |r| r.get(0))
            .unwrap()
    };
    let before = lists();
    // From the framing site: its Origin, even with the token (which it cannot read).
    let forged = admin
        .request(Method::POST, "/api/lists")
        .header("origin", "http://crm.acme.test")
        .header("sec-fetch-site", "cross-site")
        .json(&json!({ "name": "forged", "definition": "v=1" }))
        .send()
        .await
        .unwrap();
    expect_error(forged, StatusCode::FORBIDDEN, "csrf").await;
    // Same origin without the token: what a form post from inside could send.
    let tokenless = admin
        .request_without_csrf(Method::POST, "/api/lists")
        .json(&json!({ "name": "forged", "definition": "v=1" }))
        .send()
        .await
        .unwrap();
    expect_error(tokenless, StatusCode::FORBIDDEN, "csrf").await;
    assert_eq!(lists(), before);
}

#[tokio::test]
async fn administrators_keep_the_origins_that_may_frame_embed_views() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let empty = json_with(admin.get("/api/embed-origins").await, StatusCode::OK).await;
    assert_eq!(empty, json!({ "org": 1, "origins": [] }));
    for bad in [
        "crm.acme.test",
        "http://crm.acme.test",
        "https://crm.acme.test/path",
        "https://a.test; script-src *",
    ] {
        let refused = admin
            .send_json(
                Method::PUT,
                "/api/embed-origins",
                &json!({ "origins": [bad] }),
            )
            .await;
        expect_error(refused, StatusCode::BAD_REQUEST, "invalid_origin").await;
    }
    let too_many: Vec<String> = (0..21)
        .map(|i| format!("https://crm{i}.acme.test"))
        .collect();
    expect_error(
        admin
            .send_json(
                Method::PUT,
                "/api/embed-origins",
                &json!({ "origins": too_many }),
            )
            .await,
        StatusCode::BAD_REQUEST,
        "too_many_origins",
    )
    .await;
    let saved = admin
        .send_json(
            Method::PUT,
            "/api/embed-origins",
            &json!({ "origins": ["HTTPS://CRM.acme.test/", "https://*.hubspot.com", "https://crm.acme.test", "http://localhost:4100"] }),
        )
        .await;
    let saved = json_with(saved, StatusCode::OK).await;
    assert_eq!(
        saved["origins"],
        json!([
            "http://localhost:4100",
            "https://*.hubspot.com",
            "https://crm.acme.test"
        ])
    );
    let audited: String = server
        .sql()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'embed_origins.update' ORDER BY id DESC",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(audited.contains("https://crm.acme.test"), "{audited}");

    // The list applies to embed documents naming Acme, from their first, cookieless load.
    for path in [
        "/?embed=1&org=1",
        "/accounts/by-domain/acme.com?embed=1&org=1",
        "/accounts/7?org=1&embed=1",
    ] {
        let response = server.get(path).send().await.unwrap();
        assert_eq!(
            frame_ancestors(response.headers()),
            "'self' http://localhost:4100 https://*.hubspot.com https://crm.acme.test",
            "{path}"
        );
    }
    // A revalidated document keeps the list: the 304's headers replace the stored ones.
    let first = server.get("/?embed=1&org=1").send().await.unwrap();
    let modified = header(first.headers(), "last-modified").to_owned();
    let revalidated = server
        .get("/?embed=1&org=1")
        .header("if-modified-since", modified)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
    assert!(frame_ancestors(revalidated.headers()).contains("https://crm.acme.test"));
    // Everything else, and another organisation's embeds, may be framed by this origin only.
    for path in [
        "/",
        "/?embed=1",
        "/?embed=1&org=2",
        "/?org=1",
        "/api/health",
    ] {
        let response = server.get(path).send().await.unwrap();
        assert_eq!(frame_ancestors(response.headers()), "'self'", "{path}");
    }
    let api = admin.get("/api/embed-origins?embed=1&org=1").await;
    assert_eq!(
        frame_ancestors(api.headers()),
        "'self'",
        "only documents are framed"
    );
}
