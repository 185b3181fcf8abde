//! Data-subject requests under the GDPR (Administrators), each about one email address:
//!
//! - `POST /api/dsr/access` `{email}`: everything held on the person: their vault records,
//!   whether they are on the erasure list, the tenant's exports that contained them, and
//!   the tenant's suppression lists that hold them;
//! - `POST /api/dsr/erasure` `{email}`: deletes their vault records, keeps only the
//!   pseudonym of their email on the erasure list so no later import adds them again, and
//!   flags every past export that contained them;
//! - `POST /api/dsr/objection` `{email}`: opts their records out of direct marketing and
//!   flags every past export that contained them.
//!
//! - `POST /api/dsr/requests` `{email, kind, received_on?}`: records a request as received
//!   and open, to carry out later; `GET /api/dsr/requests`: the tenant's request log with
//!   due dates (one month after receipt) and status.
//!
//! Each action accepts `received_on` (`YYYY-MM-DD`, UTC; today by default): it completes
//! the open request of that kind about the person, or logs one completed now.
//!
//! The email is normalised and turned into its pseudonym (the keyed PRF the vault and
//! exports are indexed by); from then on only the pseudonym is used, and only it is
//! audited. The email itself is neither logged nor stored.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use clearlist_engine::suppression::normalise_email;
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::extract::ApiJson;
use crate::roles::Permission;
use crate::store::dsr::{AccessReport, ExportMention, HeldContact, Request};
use crate::store::dsr_log::{Kind, LoggedRequest};
use crate::{AppError, AppState, pseudonym_text};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/dsr/access", post(access))
        .route("/dsr/erasure", post(erasure))
        .route("/dsr/objection", post(objection))
        .route("/dsr/requests", get(requests).post(record))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Subject {
    email: String,
    received_on: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Received {
    email: String,
    kind: Kind,
    received_on: Option<String>,
}

#[derive(Serialize)]
struct AccessResponse {
    /// The pseudonym of the normalised email, 16 hex digits.
    pseudonym: String,
    contacts: Vec<ContactRecord>,
    erased: bool,
    exports: Vec<ExportRecord>,
    suppression_lists: Vec<SuppressionListRef>,
}

/// A vault record, every field of it.
#[derive(Serialize)]
struct ContactRecord {
    id: u32,
    account_id: u32,
    account_name: String,
    first_name: String,
    last_name: String,
    email: String,
    title: String,
    function: &'static str,
    seniority: &'static str,
    country: String,
    lawful_basis: &'static str,
    opted_out: bool,
    email_download: bool,
    source: String,
}

#[derive(Serialize)]
struct ExportRecord {
    id: i64,
    created_at: i64,
    list_name: String,
    flagged_at: Option<i64>,
    flag_reason: Option<String>,
}

#[derive(Serialize)]
struct SuppressionListRef {
    id: i64,
    name: String,
}

#[derive(Serialize)]
struct ErasureResponse {
    erased_contacts: usize,
    flagged_exports: usize,
}

#[derive(Serialize)]
struct ObjectionResponse {
    opted_out_contacts: usize,
    flagged_exports: usize,
}

async fn access(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Subject>,
) -> Result<Json<AccessResponse>, AppError> {
    let request = request(&state, &caller, &body)?;
    let report = state.store.dsr_access(request).await?;
    Ok(Json(AccessResponse::new(request.pseudonym, report)))
}

async fn erasure(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Subject>,
) -> Result<Json<ErasureResponse>, AppError> {
    let request = request(&state, &caller, &body)?;
    let outcome = state.store.dsr_erase(request).await?;
    Ok(Json(ErasureResponse {
        erased_contacts: outcome.contacts,
        flagged_exports: outcome.flagged_exports,
    }))
}

async fn objection(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Subject>,
) -> Result<Json<ObjectionResponse>, AppError> {
    let request = request(&state, &caller, &body)?;
    let outcome = state.store.dsr_object(request).await?;
    Ok(Json(ObjectionResponse {
        opted_out_contacts: outcome.contacts,
        flagged_exports: outcome.flagged_exports,
    }))
}

async fn record(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Received>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    caller.require(Permission::Administer)?;
    let pseudonym = pseudonym_of(&state, &body.email)?;
    let received_at = received_at(body.received_on.as_deref())?;
    let id = state
        .store
        .record_dsr(
            caller.tenant_id(),
            body.kind,
            pseudonym,
            received_at,
            caller.user.id,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))))
}

async fn requests(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<LoggedRequest>>, AppError> {
    caller.require(Permission::Administer)?;
    Ok(Json(state.store.dsr_requests(caller.tenant_id()).await?))
}

/// Checks the caller may handle requests, and turns the email into the pseudonym the
/// vault knows the person by (the same normalisation and key as at import).
fn request(state: &AppState, caller: &Caller, body: &Subject) -> Result<Request, AppError> {
    caller.require(Permission::Administer)?;
    Ok(Request {
        tenant: caller.tenant_id(),
        user: caller.user.id,
        pseudonym: pseudonym_of(state, &body.email)?,
        daily_limit: state.config.limits.dsr_per_day,
        received_at: received_at(body.received_on.as_deref())?,
    })
}

fn pseudonym_of(state: &AppState, email: &str) -> Result<u64, AppError> {
    let invalid = || AppError::bad_request("invalid_email", "not a valid email address");
    let email = normalise_email(email).ok_or_else(invalid)?;
    Ok(state.key.pseudonym(&email).map_err(|_| invalid())?.0)
}

/// The Unix second a request arrived: the start of `received_on` (UTC), or now.
fn received_at(received_on: Option<&str>) -> Result<i64, AppError> {
    let Some(day) = received_on.filter(|day| !day.is_empty()) else {
        return Ok(crate::store::now());
    };
    let invalid = || {
        AppError::bad_request(
            "invalid_date",
            format!("received_on is a date as YYYY-MM-DD, not {day:?}"),
        )
    };
    let date: clearlist_engine::date::Date = day.parse().map_err(|_| invalid())?;
    Ok(i64::from(date.0) * 86_400)
}

impl AccessResponse {
    fn new(pseudonym: u64, report: AccessReport) -> Self {
        AccessResponse {
            pseudonym: pseudonym_text::format(pseudonym),
            contacts: report
                .contacts
                .into_iter()
                .map(ContactRecord::from)
                .collect(),
            erased: report.erased,
            exports: report.exports.into_iter().map(ExportRecord::from).collect(),
            suppression_lists: report
                .suppression_lists
                .into_iter()
                .map(|(id, name)| SuppressionListRef { id, name })
                .collect(),
        }
    }
}

impl From<HeldContact> for ContactRecord {
    fn from(held: HeldContact) -> Self {
        let contact = held.record.contact;
        ContactRecord {
            id: contact.id,
            account_id: contact.account_id,
            account_name: held.account_name,
            first_name: contact.first_name,
            last_name: contact.last_name,
            email: contact.email,
            title: contact.title,
            function: contact.function.slug(),
            seniority: contact.seniority.slug(),
            country: contact.country,
            lawful_basis: contact.lawful_basis.slug(),
            opted_out: contact.opted_out,
            email_download: contact.email_download,
            source: held.record.source,
        }
    }
}

impl From<ExportMention> for ExportRecord {
    fn from(export: ExportMention) -> Self {
        ExportRecord {
            id: export.id,
            created_at: export.created_at,
            list_name: export.list_name,
            flagged_at: export.flagged_at,
            flag_reason: export.flag_reason,
        }
    }
}
