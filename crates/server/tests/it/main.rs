//! Integration tests of the HTTP server: the real router on an ephemeral port of
//! 127.0.0.1 over a real SQLite file, with a temporary dist directory.
//!
//! Every test gets its own copy of a template database: a synthetic vault of
//! [`ACCOUNTS`] accounts and two tenants, Acme and Globex, each with one user of every role
//! (passwords [`PASSWORD`]). Acme licenses the three busiest segments, Globex the next two.

mod api;
mod assets;
mod audit;
mod authorization;
mod cli;
mod dsr;
mod durability;
mod embeds;
mod exports;
mod import;
mod lists;
mod load;
mod notifications;
mod people;
mod prf;
mod privacy;
mod quotas;
mod rules;
mod searches;
mod session;
mod slowloris;
mod suppression;
mod targeting;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clearlist_server::roles::Role;
use clearlist_server::{AppState, Config, Limits, Store, setup};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tempfile::TempDir;

/// The fingerprinted script of the fake app build.
const APP_JS: &str = "/clearlist-app-0123456789abcdef.js";
/// The fake app's `index.html`.
const INDEX_HTML: &str = "<!doctype html><html><head><title>Clearlist test</title></head>\
    <body><script type=\"module\" src=\"/boot.js\"></script></body></html>";

/// Accounts in the template vault.
pub(crate) const ACCOUNTS: u32 = 400;
/// Accounts in the large template vault (a dataset of about 1.5 MB).
pub(crate) const LARGE_ACCOUNTS: u32 = 10_000;
/// Seed of the template vault.
pub(crate) const SEED: u64 = 7;
/// Every test user's password.
pub(crate) const PASSWORD: &str = "correct horse battery staple";

/// The two tenants of the template database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tenant {
    /// Tenant 1.
    Acme,
    /// Tenant 2.
    Globex,
}

impl Tenant {
    pub(crate) fn id(self) -> i64 {
        match self {
            Tenant::Acme => 1,
            Tenant::Globex => 2,
        }
    }

    fn domain(self) -> &'static str {
        match self {
            Tenant::Acme => "acme.test",
            Tenant::Globex => "globex.test",
        }
    }
}

/// The sign-in email of a template user.
pub(crate) fn email(tenant: Tenant, role: Role) -> String {
    format!("{}@{}", role.slug(), tenant.domain())
}

/// The template database, built once per test binary.
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    &TEMPLATE.get_or_init(|| build_template(ACCOUNTS)).1
}

/// A template of [`LARGE_ACCOUNTS`] accounts, for tests of load; built when first needed.
fn large_template() -> &'static Path {
    static TEMPLATE: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    &TEMPLATE.get_or_init(|| build_template(LARGE_ACCOUNTS)).1
}

/// A vault of `accounts` accounts (seed [`SEED`]) with the two tenants and their users.
fn build_template(accounts: u32) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("template.sqlite");
    let store = Store::open(&path).expect("open template");
    let vault = clearlist_vault_io::generate::generate(
        &clearlist_vault_io::generate::GenerateConfig::new(accounts, SEED),
    );
    setup::import_vault(&store, vault, "test vault").expect("import");
    let segments = setup::top_segments(&store, 5).expect("segments");
    for (tenant, name, licensed) in [
        (Tenant::Acme, "Acme", &segments[..3]),
        (Tenant::Globex, "Globex", &segments[3..]),
    ] {
        let created = setup::create_tenant(&store, name, licensed).expect("tenant");
        assert_eq!(created.id, tenant.id());
        for role in Role::ALL {
            let name = format!("{name} {role}");
            setup::create_user(
                &store,
                tenant.id(),
                &email(tenant, role),
                &name,
                role,
                PASSWORD,
            )
            .expect("user");
        }
    }
    // Closing the last connection checkpoints the WAL into the main file.
    drop(store);
    (dir, path)
}

/// A server running on 127.0.0.1 for the length of one test.
pub(crate) struct TestServer {
    /// `http://127.0.0.1:<port>` without a trailing slash.
    pub(crate) base: String,
    /// The server's database file.
    pub(crate) db: PathBuf,
    /// A client without cookies.
    pub(crate) client: reqwest::Client,
    /// Keeps the dist directory and database alive until the test ends.
    _dir: TempDir,
}

impl TestServer {
    /// Starts a server on a fresh copy of the template database.
    pub(crate) async fn start() -> TestServer {
        Self::start_with(Limits::default()).await
    }

    /// Starts a server with the given limits.
    pub(crate) async fn start_with(limits: Limits) -> TestServer {
        Self::start_from(template(), limits).await
    }

    /// Starts a server on a fresh copy of the large template database.
    pub(crate) async fn start_large() -> TestServer {
        let template = tokio::task::spawn_blocking(large_template)
            .await
            .expect("large template");
        Self::start_from(template, Limits::default()).await
    }

    async fn start_from(template: &Path, limits: Limits) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("clearlist.sqlite");
        std::fs::copy(template, &db).expect("copy template");
        Self::serve(dir, db, limits).await
    }

    /// Serves the database `db` inside `dir`.
    pub(crate) async fn serve(dir: TempDir, db: PathBuf, limits: Limits) -> TestServer {
        let dist = dir.path().join("dist");
        if !dist.exists() {
            std::fs::create_dir(&dist).expect("dist dir");
            std::fs::write(dist.join("index.html"), INDEX_HTML).expect("index.html");
            std::fs::write(dist.join("boot.js"), "import('/clearlist-app.js');\n")
                .expect("boot.js");
            std::fs::write(
                dist.join(APP_JS.trim_start_matches('/')),
                "export default function init() {}\n".repeat(20),
            )
            .expect("app js");
        }
        let store = Store::open(&db).expect("open database");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let state = AppState::new(
            Config {
                dist_dir: dist,
                limits,
            },
            store,
        )
        .expect("state");
        tokio::spawn(clearlist_server::serve(
            listener,
            state,
            std::future::pending(),
        ));
        TestServer {
            base: format!("http://{addr}"),
            db,
            // No default features: the client neither asks for nor decodes compression, so
            // tests see exactly what the server sends.
            client: reqwest::Client::new(),
            _dir: dir,
        }
    }

    /// A request without a session.
    pub(crate) fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.get(format!("{}{path}", self.base))
    }

    /// A request of any method without a session.
    pub(crate) fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, format!("{}{path}", self.base))
    }

    /// Signs in as the Acme user of `role`.
    pub(crate) async fn sign_in(&self, role: Role) -> Client {
        self.sign_in_as(Tenant::Acme, role).await
    }

    /// Signs in as a template user.
    pub(crate) async fn sign_in_as(&self, tenant: Tenant, role: Role) -> Client {
        self.sign_in_with(&email(tenant, role), PASSWORD)
            .await
            .unwrap_or_else(|status| panic!("sign-in as {role} of {tenant:?}: {status}"))
    }

    /// Signs in with any email and password.
    pub(crate) async fn sign_in_with(
        &self,
        email: &str,
        password: &str,
    ) -> Result<Client, StatusCode> {
        let response = self
            .request(Method::POST, "/api/session")
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await
            .expect("sign-in request");
        if response.status() != StatusCode::OK {
            return Err(response.status());
        }
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("session cookie")
            .to_owned();
        let body: Value = response.json().await.expect("session json");
        Ok(Client {
            http: self.client.clone(),
            base: self.base.clone(),
            cookie,
            csrf: body["csrf_token"].as_str().expect("csrf token").to_owned(),
            user_id: body["user"]["id"].as_i64().expect("user id"),
        })
    }

    /// A direct connection to the server's database, for assertions.
    pub(crate) fn sql(&self) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open(&self.db).expect("open database");
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .expect("busy timeout");
        conn
    }
}

/// A signed-in user: sends the session cookie, and the CSRF token on every request.
#[derive(Clone, Debug)]
pub(crate) struct Client {
    http: reqwest::Client,
    base: String,
    /// `name=value` of the session cookie.
    pub(crate) cookie: String,
    /// The session's CSRF token.
    pub(crate) csrf: String,
    /// The signed-in user's id.
    pub(crate) user_id: i64,
}

impl Client {
    /// A request with the cookie and the CSRF token.
    pub(crate) fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
    }

    /// A request with the cookie but without the CSRF token.
    pub(crate) fn request_without_csrf(
        &self,
        method: Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
    }

    /// `GET path`.
    pub(crate) async fn get(&self, path: &str) -> reqwest::Response {
        self.request(Method::GET, path)
            .send()
            .await
            .expect("request")
    }

    /// `method path` with a JSON body.
    pub(crate) async fn send_json(
        &self,
        method: Method,
        path: &str,
        body: &Value,
    ) -> reqwest::Response {
        self.request(method, path)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// `POST path` with a JSON body.
    pub(crate) async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.send_json(Method::POST, path, body).await
    }

    /// `DELETE path`.
    pub(crate) async fn delete(&self, path: &str) -> reqwest::Response {
        self.request(Method::DELETE, path)
            .send()
            .await
            .expect("request")
    }
}

/// The JSON body of a response with the expected status.
pub(crate) async fn json_with(response: reqwest::Response, status: StatusCode) -> Value {
    let url = response.url().clone();
    let actual = response.status();
    let text = response.text().await.expect("body");
    assert_eq!(actual, status, "{url}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{url}: not JSON ({err}): {text}"))
}

/// Asserts a JSON error with this status and code.
pub(crate) async fn expect_error(response: reqwest::Response, status: StatusCode, code: &str) {
    let body = json_with(response, status).await;
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
}

/// Asserts a 429 `quota_exceeded` whose `Retry-After` is 1 to `within` seconds.
pub(crate) async fn expect_quota_exceeded(response: reqwest::Response, within: u64) {
    let retry_after: u64 = header(response.headers(), "retry-after")
        .parse()
        .expect("Retry-After in seconds");
    assert!(
        (1..=within).contains(&retry_after),
        "Retry-After: {retry_after}"
    );
    expect_error(response, StatusCode::TOO_MANY_REQUESTS, "quota_exceeded").await;
}

/// The header as a string, or a panic naming the missing header.
#[track_caller]
pub(crate) fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("missing header {name}"))
        .to_str()
        .expect("ASCII header")
}

/// Every response carries the security headers.
#[track_caller]
pub(crate) fn assert_security_headers(headers: &HeaderMap) {
    assert_eq!(
        header(headers, "content-security-policy"),
        clearlist_server::CONTENT_SECURITY_POLICY
    );
    let csp = header(headers, "content-security-policy");
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'self'",
    ] {
        assert!(csp.contains(directive), "CSP lacks {directive}: {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(header(headers, "x-content-type-options"), "nosniff");
    assert_eq!(header(headers, "referrer-policy"), "no-referrer");
}
