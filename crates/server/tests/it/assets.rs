//! The built app: static files, the single-page-app fallback and cache rules.

use reqwest::StatusCode;

use crate::{APP_JS, INDEX_HTML, TestServer, assert_security_headers, header};

#[tokio::test]
async fn root_serves_index_html() {
    let server = TestServer::start().await;
    let response = server.get("/").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert!(header(&headers, "content-type").starts_with("text/html"));
    assert_eq!(header(&headers, "cache-control"), "no-cache");
    assert_security_headers(&headers);
    assert_eq!(response.text().await.unwrap(), INDEX_HTML);
}

#[tokio::test]
async fn deep_links_fall_back_to_index_html() {
    let server = TestServer::start().await;
    for path in ["/lists/42", "/accounts/acme.example", "/embed/list?x=1"] {
        let response = server.get(path).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(header(response.headers(), "content-type").starts_with("text/html"));
        assert_security_headers(response.headers());
        assert_eq!(response.text().await.unwrap(), INDEX_HTML, "{path}");
    }
}

#[tokio::test]
async fn fingerprinted_files_are_immutable() {
    let server = TestServer::start().await;
    let response = server.get(APP_JS).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert!(header(&headers, "content-type").contains("javascript"));
    assert_eq!(
        header(&headers, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_security_headers(&headers);

    let response = server.get("/boot.js").send().await.unwrap();
    assert_eq!(header(response.headers(), "cache-control"), "no-cache");
}

#[tokio::test]
async fn assets_are_compressed_on_the_fly() {
    let server = TestServer::start().await;
    let response = server
        .get(APP_JS)
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(response.headers(), "content-encoding"), "br");
}
