//! The Administrator's resources: the organisation's people and their one-time sign-in
//! links (`/api/users`, `/api/sign-in-links`).

use serde::{Deserialize, Serialize};

use gloo_net::http::Method;

use super::client::{self, EMPTY, call, get, send_json};
use super::{ApiError, Role, Session};

/// A user as the People page shows them (`GET /api/users`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Person {
    /// Id.
    pub id: u64,
    /// Sign-in email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// `invited`, `active` or `disabled`.
    pub status: String,
    /// Unix seconds of the last sign-in.
    pub last_sign_in_at: Option<i64>,
}

/// A one-time sign-in link for the Administrator to pass on.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct IssuedLink {
    /// Path with the token in the fragment (`/welcome#token=…`).
    pub path: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// A user just added, with their sign-in link.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Invited {
    /// The new user.
    #[serde(flatten)]
    pub person: Person,
    /// Their link (absent when a password was set for them).
    pub sign_in_link: Option<IssuedLink>,
}

/// What a sign-in link is for, as its holder sees it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct LinkInfo {
    /// Whose password it sets.
    pub email: String,
    /// Their name.
    pub name: String,
    /// `welcome` or `reset`.
    pub purpose: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// A change to a user (`PATCH /api/users/{id}`); only the fields given change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PersonChange {
    /// New role slug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'static str>,
    /// Disable or enable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// The organisation's users.
///
/// # Errors
/// An [`ApiError`] when the request fails or the role may not.
pub async fn people() -> Result<Vec<Person>, ApiError> {
    get("/api/users").await
}

/// Adds a user without a password: the answer carries their sign-in link.
///
/// # Errors
/// An [`ApiError`] with the server's message (a taken email, an invalid name).
pub async fn invite(email: &str, name: &str, role: Role) -> Result<Invited, ApiError> {
    let body = serde_json::json!({ "email": email, "name": name, "role": role.slug() });
    call(Method::POST, "/api/users", &body).await
}

/// Changes a user's role or status.
///
/// # Errors
/// An [`ApiError`] with the server's message (the last Administrator, a second tab).
pub async fn change_person(id: u64, change: &PersonChange) -> Result<Person, ApiError> {
    let path = format!("/api/users/{id}");
    call(Method::PATCH, &path, change).await
}

/// Issues a new sign-in link for a user, voiding their earlier ones.
///
/// # Errors
/// An [`ApiError`] with the server's message (a disabled user).
pub async fn issue_link(id: u64) -> Result<IssuedLink, ApiError> {
    let path = format!("/api/users/{id}/sign-in-link");
    call(Method::POST, &path, &EMPTY).await
}

/// What the link with this token is for.
///
/// # Errors
/// An [`ApiError`] whose message says why the link does not work (used, expired…).
pub async fn look_up_link(token: &str) -> Result<LinkInfo, ApiError> {
    let body = serde_json::json!({ "token": token });
    // No session yet, so no CSRF token: the server does not ask for one here.
    call(Method::POST, "/api/sign-in-links/lookup", &body).await
}

/// Sets the password with the link and signs in; the client keeps the session's token.
///
/// # Errors
/// An [`ApiError`] with the server's message (a weak password, a link used meanwhile).
pub async fn use_link(token: &str, password: &str) -> Result<Session, ApiError> {
    let body = serde_json::json!({ "token": token, "password": password });
    let session = call(Method::POST, "/api/sign-in-links/use", &body).await?;
    client::begin(&session);
    Ok(session)
}

/// A country's email rule in force for the organisation (`GET /api/email-rules`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct EmailRule {
    /// ISO 3166-1 alpha-2 code, upper case.
    pub country: String,
    /// `opt-in` or `opt-out`.
    pub rule: String,
    /// Where the rule comes from.
    pub sources: String,
    /// Caveats, or the organisation's reason for its own rule.
    pub notes: String,
    /// `default` (the deployment's) or `tenant` (the organisation's own).
    pub origin: String,
}

/// The organisation's email rules, by country.
///
/// # Errors
/// An [`ApiError`] when the request fails or the role may not.
pub async fn email_rules() -> Result<Vec<EmailRule>, ApiError> {
    get("/api/email-rules").await
}

/// Sets the organisation's own rule for a country.
///
/// # Errors
/// An [`ApiError`] with the server's message (an unknown country code, a text too long).
pub async fn set_email_rule(
    country: &str,
    opt_out: bool,
    sources: &str,
    notes: &str,
) -> Result<EmailRule, ApiError> {
    let rule = if opt_out { "opt-out" } else { "opt-in" };
    let body = serde_json::json!({ "rule": rule, "sources": sources, "notes": notes });
    let path = format!("/api/email-rules/{country}");
    call(Method::PUT, &path, &body).await
}

/// Drops the organisation's own rule for a country: the default applies again.
///
/// # Errors
/// An [`ApiError`] when the request fails.
pub async fn reset_email_rule(country: &str) -> Result<(), ApiError> {
    let path = format!("/api/email-rules/{country}");
    send_json(Method::DELETE, &path, &EMPTY).await.map(|_| ())
}

/// An entry of the audit log (`GET /api/audit`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AuditEntry {
    /// Id (increasing).
    pub id: u64,
    /// Acting user.
    pub user_id: Option<u64>,
    /// Their name now.
    pub user_name: Option<String>,
    /// Unix seconds.
    pub at: i64,
    /// What happened (`export`, `user.update`, …).
    pub action: String,
    /// Ids, counts and pseudonyms.
    pub detail: serde_json::Value,
}

/// Entries of the audit log for a query string built by the page (filters and page).
///
/// # Errors
/// An [`ApiError`] when the request fails or the role may not.
pub async fn audit_log(query: &str) -> Result<Vec<AuditEntry>, ApiError> {
    get(&format!("/api/audit?{query}")).await
}

/// The actions the audit log holds.
///
/// # Errors
/// An [`ApiError`] when the request fails or the role may not.
pub async fn audit_actions() -> Result<Vec<String>, ApiError> {
    get("/api/audit/actions").await
}

/// One export, with its counts by reason.
///
/// # Errors
/// An [`ApiError`] when the request fails (an export of another organisation is not found).
pub async fn export_record(id: u64) -> Result<super::ExportRecord, ApiError> {
    get(&format!("/api/exports/{id}")).await
}

/// A data-subject request in the organisation's log (`GET /api/dsr/requests`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct LoggedRequest {
    /// Id.
    pub id: u64,
    /// `access`, `erasure` or `objection`.
    pub kind: String,
    /// The person's pseudonym (16 hex digits): the log names no one.
    pub pseudonym: String,
    /// Unix seconds.
    pub received_at: i64,
    /// Unix seconds, one month after receipt.
    pub due_at: i64,
    /// `open` or `completed`.
    pub status: String,
    /// Open past its due date.
    pub overdue: bool,
    /// Unix seconds.
    pub completed_at: Option<i64>,
    /// Who carried it out.
    pub completed_by: Option<String>,
}

/// The organisation's data-subject requests, newest first.
///
/// # Errors
/// An [`ApiError`] when the request fails or the role may not.
pub async fn dsr_requests() -> Result<Vec<LoggedRequest>, ApiError> {
    get("/api/dsr/requests").await
}

/// Records a request as received, to carry out later.
///
/// # Errors
/// An [`ApiError`] with the server's message (an invalid email or date).
pub async fn record_dsr(email: &str, kind: &str, received_on: &str) -> Result<(), ApiError> {
    let body = serde_json::json!({ "email": email, "kind": kind, "received_on": received_on });
    send_json(Method::POST, "/api/dsr/requests", &body)
        .await
        .map(|_| ())
}

/// Carries out a request (`access`, `erasure` or `objection`) and answers the server's
/// JSON: the access report, or what changed.
///
/// # Errors
/// An [`ApiError`] with the server's message (an invalid email, today's quota used up).
pub async fn carry_out_dsr(
    kind: &str,
    email: &str,
    received_on: &str,
) -> Result<serde_json::Value, ApiError> {
    let body = serde_json::json!({ "email": email, "received_on": received_on });
    call(Method::POST, &format!("/api/dsr/{kind}"), &body).await
}

/// The origins allowed to frame the organisation's embed views (`/api/embed-origins`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct EmbedOrigins {
    /// The organisation's id, which embed URLs name in `org=`.
    pub org: u64,
    /// Origins such as `https://acme.lightning.force.com`, sorted.
    pub origins: Vec<String>,
}

/// The organisation's allowed embed origins.
///
/// # Errors
/// An [`ApiError`] when the request fails or the role may not.
pub async fn embed_origins() -> Result<EmbedOrigins, ApiError> {
    get("/api/embed-origins").await
}

/// Replaces the organisation's allowed embed origins.
///
/// # Errors
/// An [`ApiError`] when the request fails, an origin is not one (`invalid_origin`, naming
/// it), or the role may not.
pub async fn set_embed_origins(origins: &[String]) -> Result<EmbedOrigins, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        origins: &'a [String],
    }
    call(Method::PUT, "/api/embed-origins", &Body { origins }).await
}

/// One user's use of the oblivious PRF (`GET /api/prf/usage`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PrfUse {
    /// The user.
    pub user_id: u64,
    /// Email pseudonyms evaluated today (UTC).
    pub today: u64,
    /// Over the last seven days, today included.
    pub last_7_days: u64,
}

/// Each user's use of the oblivious PRF (Administrators).
///
/// # Errors
/// An [`ApiError`] when the request fails or the role may not.
pub async fn prf_usage() -> Result<Vec<PrfUse>, ApiError> {
    get("/api/prf/usage").await
}
