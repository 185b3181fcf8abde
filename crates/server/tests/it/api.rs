//! `/api`: the dataset download (signed-in users of the tenant only), its caching, the
//! health check and JSON errors.

use clearlist_engine::dataset::Dataset;
use clearlist_server::roles::Role;
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

use crate::{Tenant, TestServer, assert_security_headers, expect_error, header};

fn expected_etag(bytes: &[u8]) -> String {
    format!("\"{}\"", hex::encode(Sha256::digest(bytes)))
}

#[tokio::test]
async fn dataset_needs_a_session() {
    let server = TestServer::start().await;
    let response = server.get("/api/dataset").send().await.unwrap();
    assert_security_headers(response.headers());
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    let response = server
        .get("/api/dataset")
        .header("cookie", "__Host-clearlist-session=forged-token")
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn every_role_gets_its_tenants_dataset_privately() {
    let server = TestServer::start().await;
    let mut etags = Vec::new();
    for role in Role::ALL {
        let client = server.sign_in(role).await;
        let response = client.get("/api/dataset").await;
        assert_eq!(response.status(), StatusCode::OK, "{role}");
        let headers = response.headers().clone();
        assert_eq!(header(&headers, "content-type"), "application/octet-stream");
        assert_eq!(header(&headers, "cache-control"), "private, no-cache");
        assert!(
            header(&headers, "vary")
                .to_ascii_lowercase()
                .contains("cookie")
        );
        assert_security_headers(&headers);
        let bytes = response.bytes().await.unwrap();
        assert_eq!(header(&headers, "etag"), expected_etag(&bytes));
        assert_eq!(
            header(&headers, "x-uncompressed-length"),
            bytes.len().to_string()
        );
        Dataset::decode(&bytes).expect("a readable dataset");
        etags.push(header(&headers, "etag").to_owned());
    }
    assert!(
        etags.windows(2).all(|w| w[0] == w[1]),
        "one dataset per tenant"
    );

    let other = server.sign_in_as(Tenant::Globex, Role::ReadOnly).await;
    let response = other.get("/api/dataset").await;
    assert_ne!(
        header(response.headers(), "etag"),
        etags[0],
        "tenants license other segments"
    );
}

#[tokio::test]
async fn a_tenant_dataset_holds_only_its_licensed_segments() {
    let server = TestServer::start().await;
    let licensed: Vec<String> = {
        let conn = server.sql();
        let mut statement = conn
            .prepare("SELECT segment FROM tenant_segments WHERE tenant_id = 1")
            .unwrap();
        statement
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(licensed.len(), 3);
    let client = server.sign_in(Role::ReadOnly).await;
    let bytes = client.get("/api/dataset").await.bytes().await.unwrap();
    let dataset = Dataset::decode(&bytes).unwrap();
    let mut segments: Vec<String> = dataset
        .facet_values(clearlist_engine::taxonomy::Facet::Segment)
        .into_iter()
        .map(|(_, label)| label.to_owned())
        .collect();
    segments.sort();
    let mut expected = licensed.clone();
    expected.sort();
    assert_eq!(segments, expected);
}

#[tokio::test]
async fn matching_etag_gives_not_modified() {
    let server = TestServer::start().await;
    let client = server.sign_in(Role::ReadOnly).await;
    let first = client.get("/api/dataset").await;
    let etag = header(first.headers(), "etag").to_owned();

    let response = client
        .request(reqwest::Method::GET, "/api/dataset")
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(response.headers(), "etag"), etag);
    assert_eq!(
        header(response.headers(), "cache-control"),
        "private, no-cache"
    );
    assert!(response.bytes().await.unwrap().is_empty());

    let response = client
        .request(reqwest::Method::GET, "/api/dataset")
        .header("if-none-match", "\"stale\", W/\"older\"")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn compressed_dataset_has_its_own_etag() {
    let server = TestServer::start().await;
    let client = server.sign_in(Role::ReadOnly).await;
    let plain = client.get("/api/dataset").await;
    let plain_etag = header(plain.headers(), "etag").to_owned();
    let length = plain.bytes().await.unwrap().len();

    for (encoding, suffix) in [("br", "-br\""), ("gzip", "-gzip\"")] {
        let response = client
            .request(reqwest::Method::GET, "/api/dataset")
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        assert_eq!(header(&headers, "content-encoding"), encoding);
        let etag = header(&headers, "etag").to_owned();
        assert_eq!(
            etag,
            format!("{}{suffix}", plain_etag.trim_end_matches('"'))
        );
        // The progress bar's total survives compression.
        assert_eq!(
            header(&headers, "x-uncompressed-length"),
            length.to_string()
        );
        let body = response.bytes().await.unwrap();
        assert!(body.len() < length, "{encoding}: {} bytes", body.len());

        let response = client
            .request(reqwest::Method::GET, "/api/dataset")
            .header("accept-encoding", encoding)
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{encoding}");
    }
}

#[tokio::test]
async fn health() {
    let server = TestServer::start().await;
    let response = server.get("/api/health").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_security_headers(response.headers());
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({ "status": "ok" }));
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let server = TestServer::start().await;
    for path in ["/api/nope", "/api/dataset/extra", "/api"] {
        let response = server.get(path).send().await.unwrap();
        assert_security_headers(response.headers());
        assert!(header(response.headers(), "content-type").starts_with("application/json"));
        expect_error(response, StatusCode::NOT_FOUND, "not_found").await;
    }
}

#[tokio::test]
async fn wrong_method_is_a_json_405() {
    let server = TestServer::start().await;
    let response = server
        .request(reqwest::Method::PUT, "/api/dataset")
        .send()
        .await
        .unwrap();
    expect_error(
        response,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
}
