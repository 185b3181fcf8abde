//! The per-country B2B email rules that decide which contacts an export may include.
//!
//! - `GET /api/email-rules` (Administrators): every country's rule;
//! - `PUT /api/email-rules/{country}` `{rule, sources, notes}` (Administrators): sets one
//!   country's rule, from the next export on.
//!
//! There is no delete: a country without a rule counts as opt-in (consent needed), the
//! strict choice, which setting `opt-in` also makes. The table is shared by every tenant
//! (it states the law, not a tenant's preference), so each change is audited.

use axum::extract::State;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::auth::Caller;
use crate::email_rules::{B2bRule, CountryRule};
use crate::extract::{ApiJson, ApiPath};
use crate::roles::Permission;
use crate::{AppError, AppState};

/// Longest `sources` or `notes`, in characters.
const MAX_TEXT_CHARS: usize = 2000;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/email-rules", get(index))
        .route("/email-rules/{country}", put(set))
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
) -> Result<Json<Vec<CountryRule>>, AppError> {
    caller.require(Permission::Export)?;
    Ok(Json(state.store.email_rules().await?))
}

async fn set(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(country): ApiPath<String>,
    ApiJson(body): ApiJson<RuleChange>,
) -> Result<Json<CountryRule>, AppError> {
    caller.require(Permission::Administer)?;
    if country.len() != 2 || !country.bytes().all(|byte| byte.is_ascii_alphabetic()) {
        return Err(AppError::bad_request(
            "invalid_country",
            "a country is an ISO 3166-1 alpha-2 code: two letters",
        ));
    }
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
        .set_email_rule(CountryRule {
            country: country.to_ascii_uppercase(),
            rule,
            sources,
            notes,
        })
        .await?;
    state
        .store
        .audit(
            Some(caller.tenant_id()),
            Some(caller.user.id),
            "email_rule.update",
            json!({ "country": stored.country, "rule": stored.rule }),
        )
        .await?;
    Ok(Json(stored))
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
