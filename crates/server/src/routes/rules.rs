//! The per-country B2B email rules that decide which contacts an export may include.
//!
//! - `GET /api/email-rules` (Administrators): the rule in force for every country with
//!   its origin: the deployment's default, or the tenant's own;
//! - `PUT /api/email-rules/{country}` `{rule, sources, notes}` (Administrators): sets the
//!   tenant's own rule for a country, from its next export on;
//! - `DELETE /api/email-rules/{country}` (Administrators): drops the tenant's own rule,
//!   so the default applies again.
//!
//! A tenant's rules apply to its exports only; a country without any rule counts as
//! opt-in (consent needed). Every change is audited with the change itself.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;

use crate::auth::Caller;
use crate::email_rules::{B2bRule, CountryRule};
use crate::extract::{ApiJson, ApiPath};
use crate::roles::Permission;
use crate::routes::not_found_as;
use crate::store::rules::TenantRule;
use crate::{AppError, AppState};

/// Longest `sources` or `notes`, in characters.
const MAX_TEXT_CHARS: usize = 2000;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/email-rules", get(index))
        .route("/email-rules/{country}", put(set).delete(reset))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleChange {
    rule: String,
    sources: String,
    #[serde(default)]
    notes: String,
}

async fn index(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<TenantRule>>, AppError> {
    caller.require(Permission::Export)?;
    Ok(Json(state.store.email_rules(caller.tenant_id()).await?))
}

async fn set(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(country): ApiPath<String>,
    ApiJson(body): ApiJson<RuleChange>,
) -> Result<Json<TenantRule>, AppError> {
    caller.require(Permission::Administer)?;
    let country = checked_country(&country)?;
    let rule = B2bRule::from_slug(body.rule.trim())
        .ok_or_else(|| AppError::bad_request("invalid_rule", "rule is `opt-in` or `opt-out`"))?;
    let sources = checked_text("invalid_sources", "sources", &body.sources)?;
    if sources.is_empty() {
        // A rule that decides whether people may be emailed must say where it comes from.
        return Err(AppError::bad_request(
            "invalid_sources",
            "sources must say where the rule comes from",
        ));
    }
    let notes = checked_text("invalid_notes", "notes", &body.notes)?;
    let stored = state
        .store
        .set_email_rule(
            caller.tenant_id(),
            caller.user.id,
            CountryRule {
                country,
                rule,
                sources,
                notes,
            },
        )
        .await?;
    Ok(Json(stored))
}

async fn reset(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(country): ApiPath<String>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::Administer)?;
    let country = checked_country(&country)?;
    state
        .store
        .reset_email_rule(caller.tenant_id(), caller.user.id, country)
        .await
        .map_err(|err| not_found_as(err, "rule of this tenant for that country"))?;
    Ok(StatusCode::NO_CONTENT)
}

/// A country code, upper case.
fn checked_country(country: &str) -> Result<String, AppError> {
    if country.len() != 2 || !country.bytes().all(|byte| byte.is_ascii_alphabetic()) {
        return Err(AppError::bad_request(
            "invalid_country",
            "a country is an ISO 3166-1 alpha-2 code: two letters",
        ));
    }
    let code = country.to_ascii_uppercase();
    if clearlist_engine::countries::country(&code).is_none() {
        return Err(AppError::bad_request(
            "unknown_country",
            format!("{code} is not an ISO 3166-1 country code"),
        ));
    }
    Ok(code)
}

fn checked_text(code: &'static str, field: &str, text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::bad_request(
            code,
            format!("{field} has at most {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(text.to_owned())
}
