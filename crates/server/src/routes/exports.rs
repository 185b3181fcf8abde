//! Exports of contact records: Administrators only, re-authenticated, audited before the
//! first byte is sent.
//!
//! - `POST /api/lists/{id}/exports/preview` `{suppression?}`: what an export of the list
//!   would contain and, for every contact it would leave out, the rule that leaves it out;
//! - `POST /api/lists/{id}/exports` `{password, suppression?}`: the CSV file;
//! - `GET /api/exports`, `GET /api/exports/{id}`: export history, with flags on exports
//!   that contained someone who later opted out or was erased;
//! - `GET /api/export-limit`, `PUT /api/export-limit` `{max_rows}` (the latter for
//!   Administrators; `clearlist tenant-set --export-max-rows` for the operator): the most
//!   rows one export may hold. A larger export is refused whole (`400 export_too_large`)
//!   before its file is made or anything recorded; nothing is ever cut short.
//!
//! `suppression` is the suppression list the browser applied: `{pseudonyms: [16 hex
//! digits], domains: [...]}`. The server re-runs the list's saved definition with the
//! engine (it takes no account or contact ids from the browser), joins the vault, and
//! leaves out every contact that is suppressed (tenant lists or the request's), opted out,
//! has not allowed email download, or lacks a lawful basis under its country's rule.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use clearlist_engine::ContactQuery;
use clearlist_engine::dataset::Dataset;
use clearlist_engine::pseudonym::Pseudonym;
use clearlist_engine::suppression::SuppressionSet;
use clearlist_engine::vault::Contact;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::{Caller, password};
use crate::email_rules::B2bRule;
use crate::export::csv_file;
use crate::export::exclusion::{self, Exclusion, Rules};
use crate::extract::{ApiJson, ApiPath};
use crate::list_runner::{ListRun, parse_definition, run_list};
use crate::roles::Permission;
use crate::routes::not_found_as;
use crate::store::StoreError;
use crate::store::exports::{ExportRecord, NewExport};
use crate::store::vault::VaultContact;
use crate::tenant_dataset::Freshness;
use crate::{AppError, AppState, pseudonym_text};

pub(crate) fn routes(state: &AppState) -> Router<AppState> {
    let upload = DefaultBodyLimit::max(state.config.limits.upload_bytes);
    Router::new()
        .route("/lists/{id}/exports/preview", post(preview).layer(upload))
        .route("/lists/{id}/exports", post(export).layer(upload))
        .route("/exports", get(history))
        .route("/exports/{id}", get(one))
        .route("/export-limit", get(limit).put(set_limit))
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportLimit {
    /// The most rows one export may hold.
    max_rows: u64,
}

async fn limit(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<ExportLimit>, AppError> {
    caller.require(Permission::Export)?;
    let max_rows = state.store.export_max_rows(caller.tenant_id()).await?;
    Ok(Json(ExportLimit { max_rows }))
}

async fn set_limit(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<ExportLimit>,
) -> Result<Json<ExportLimit>, AppError> {
    caller.require(Permission::Administer)?;
    if body.max_rows == 0 {
        return Err(AppError::bad_request(
            "invalid_max_rows",
            "max_rows is a positive number of rows",
        ));
    }
    let max_rows = state
        .store
        .set_export_max_rows(caller.tenant_id(), Some(caller.user.id), body.max_rows)
        .await?;
    Ok(Json(ExportLimit { max_rows }))
}

/// The refusal of an export above the organisation's maximum: whole, never cut short.
fn too_large(rows: usize, max_rows: u64) -> AppError {
    AppError::bad_request(
        "export_too_large",
        format!(
            "this list would export {rows} rows, more than your organisation's maximum of \
             {max_rows} per export; narrow the list (or an Administrator raises the maximum)"
        ),
    )
}

/// The suppression list a browser applied to the list.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestSuppression {
    #[serde(default)]
    pseudonyms: Vec<String>,
    #[serde(default)]
    domains: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PreviewRequest {
    #[serde(default)]
    suppression: RequestSuppression,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportRequest {
    password: String,
    #[serde(default)]
    suppression: RequestSuppression,
}

/// A contact an export would leave out, without identifying data.
#[derive(Serialize)]
struct LeftOut {
    contact_id: u32,
    account_id: u32,
    company: String,
    function: &'static str,
    seniority: &'static str,
    country: String,
    lawful_basis: &'static str,
    country_rule: B2bRule,
    reason: Exclusion,
}

/// What an export of a list contains, decided once for both preview and export.
struct Plan {
    list_id: i64,
    list_name: String,
    run: ListRun,
    rows: Vec<(VaultContact, B2bRule)>,
    left_out: Vec<(VaultContact, Exclusion, B2bRule)>,
}

impl Plan {
    fn excluded(&self) -> BTreeMap<&'static str, u64> {
        exclusion::counts(self.left_out.iter().map(|(_, reason, _)| *reason))
    }

    fn bases(&self) -> BTreeMap<&'static str, u64> {
        let mut bases = BTreeMap::new();
        for (row, _) in &self.rows {
            *bases.entry(row.contact.lawful_basis.slug()).or_default() += 1;
        }
        bases
    }

    /// The export file (CPU work proportional to the rows: run it on the blocking pool).
    fn csv(&self) -> Result<Vec<u8>, csv::Error> {
        csv_file::write(self.rows.iter().map(|(row, rule)| {
            let (company, domain) = self.company(row.contact.account_id);
            csv_file::Row {
                contact: &row.contact,
                company,
                domain,
                rule: *rule,
                source: &row.source,
            }
        }))
    }

    fn company(&self, account_id: u32) -> (&str, &str) {
        let data = &self.run.dataset.dataset;
        data.row_of(account_id)
            .map_or(("", ""), |row| (data.name(row), data.domain(row)))
    }
}

async fn preview(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(list_id): ApiPath<i64>,
    ApiJson(body): ApiJson<PreviewRequest>,
) -> Result<Json<serde_json::Value>, AppError> {
    caller.require(Permission::Export)?;
    let plan = plan(&state, &caller, list_id, body.suppression).await?;
    let left_out: Vec<LeftOut> = plan
        .left_out
        .iter()
        .map(|(row, reason, rule)| {
            let c = &row.contact;
            LeftOut {
                contact_id: c.id,
                account_id: c.account_id,
                company: plan.company(c.account_id).0.to_owned(),
                function: c.function.slug(),
                seniority: c.seniority.slug(),
                country: c.country.clone(),
                lawful_basis: c.lawful_basis.slug(),
                country_rule: *rule,
                reason: *reason,
            }
        })
        .collect();
    state
        .store
        .audit(
            Some(caller.tenant_id()),
            Some(caller.user.id),
            "export.preview",
            json!({ "list": list_id, "rows": plan.rows.len(), "left_out": left_out.len() }),
        )
        .await?;
    Ok(Json(json!({
        "list_id": plan.list_id,
        "list_name": plan.list_name,
        "definition": plan.run.canonical,
        "dataset_version": plan.run.dataset.version(),
        "accounts": plan.run.account_ids.len(),
        "contacts": plan.rows.len() + plan.left_out.len(),
        "rows": plan.rows.len(),
        "max_rows": state.store.export_max_rows(caller.tenant_id()).await?,
        "excluded": plan.excluded(),
        "bases": plan.bases(),
        "left_out": left_out,
    })))
}

async fn export(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(list_id): ApiPath<i64>,
    ApiJson(body): ApiJson<ExportRequest>,
) -> Result<Response, AppError> {
    caller.require(Permission::Export)?;
    let stored = state.store.password_hash(caller.user.id).await?;
    if !password::verify_async(body.password, Some(stored)).await {
        state
            .store
            .audit(
                Some(caller.tenant_id()),
                Some(caller.user.id),
                "export.reauthentication_failed",
                json!({ "list": list_id }),
            )
            .await?;
        return Err(AppError::ReauthenticationFailed);
    }
    let plan = plan(&state, &caller, list_id, body.suppression).await?;
    let max_rows = state.store.export_max_rows(caller.tenant_id()).await?;
    if u64::try_from(plan.rows.len()).unwrap_or(u64::MAX) > max_rows {
        state
            .store
            .audit(
                Some(caller.tenant_id()),
                Some(caller.user.id),
                "export.too_large",
                json!({ "list": list_id, "rows": plan.rows.len(), "max_rows": max_rows }),
            )
            .await?;
        return Err(too_large(plan.rows.len(), max_rows));
    }

    // The file is complete before anything is recorded, and recorded before it is sent:
    // nothing can fail between the audit commit and the first byte.
    let (plan, csv) = tokio::task::spawn_blocking(move || {
        let csv = plan.csv();
        (plan, csv)
    })
    .await
    .map_err(|err| AppError::Internal(err.into()))?;
    let csv = csv.map_err(|err| AppError::Internal(err.into()))?;
    let excluded = json!(plan.excluded());
    let record = NewExport {
        tenant: caller.tenant_id(),
        user: caller.user.id,
        list_id,
        list_name: plan.list_name.clone(),
        definition: plan.run.canonical.clone(),
        dataset_version: plan.run.dataset.version().to_owned(),
        excluded: excluded.clone(),
        bases: json!(plan.bases()),
        pseudonyms: plan.rows.iter().map(|(row, _)| row.pseudonym).collect(),
    };
    let export_id = state
        .store
        .record_export(record, state.config.limits.exports_per_day)
        .await
        .map_err(|err| match err {
            quota @ StoreError::QuotaExceeded { .. } => quota.into(),
            // Fail closed: without its audit entry, no export leaves the server.
            other => AppError::Internal(anyhow::Error::new(other).context("recording an export")),
        })?;
    tracing::info!(export = export_id, rows = plan.rows.len(), "export sent");

    let header_value =
        |value: String| HeaderValue::from_str(&value).map_err(|err| AppError::Internal(err.into()));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                header_value(format!(
                    "attachment; filename=\"clearlist-export-{export_id}.csv\""
                ))?,
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                HeaderName::from_static("x-export-id"),
                HeaderValue::from(export_id),
            ),
            (
                HeaderName::from_static("x-export-rows"),
                HeaderValue::from(plan.rows.len()),
            ),
            (
                HeaderName::from_static("x-export-excluded"),
                header_value(excluded.to_string())?,
            ),
        ],
        csv,
    )
        .into_response())
}

async fn history(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ExportRecord>>, AppError> {
    caller.require(Permission::Export)?;
    Ok(Json(state.store.exports(caller.tenant_id()).await?))
}

async fn one(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ExportRecord>, AppError> {
    caller.require(Permission::Export)?;
    let record = state
        .store
        .export(caller.tenant_id(), id)
        .await
        .map_err(|err| not_found_as(err, "export"))?;
    Ok(Json(record))
}

/// Decides which contacts of the list an export contains and which it leaves out, why.
///
/// The list runs with the suppression the browser applied plus the organisation's saved
/// lists, exactly as the browser counts it: suppressed domains remove accounts, and
/// suppressed people do not count toward a `team`. Of the contacts at the accounts that
/// match, those outside the list's contact clauses (function, seniority, country) are not
/// part of the export at all; the rest are exported or left out with a reason.
async fn plan(
    state: &AppState,
    caller: &Caller,
    list_id: i64,
    request: RequestSuppression,
) -> Result<Plan, AppError> {
    let tenant = caller.tenant_id();
    let (list_name, definition) = state
        .store
        .list_for_export(tenant, list_id)
        .await
        .map_err(|err| not_found_as(err, "list"))?;
    let suppression = Arc::new(suppression_in_force(state, tenant, request).await?);
    let run = run_list(
        state,
        tenant,
        &definition,
        Some(Arc::clone(&suppression)),
        Freshness::Current,
    )
    .await?;
    let targeted = parse_definition(&run.canonical)?.contacts;
    let inputs = state
        .store
        .export_inputs(tenant, run.account_ids.clone())
        .await?;

    // Sorting a list's contacts into rows and left-outs is CPU work proportional to the
    // list: the blocking pool does it, not a thread that answers requests.
    let dataset = Arc::clone(&run.dataset);
    let email = inputs.rules;
    let contacts: Vec<VaultContact> = inputs
        .contacts
        .into_iter()
        .filter(|row| is_targeted(&targeted, &row.contact))
        .collect();
    let (rows, left_out) = tokio::task::spawn_blocking(move || {
        let rules = Rules {
            suppression: &suppression,
            email: &email,
        };
        sort_contacts(&dataset.dataset, &rules, contacts)
    })
    .await
    .map_err(|err| AppError::Internal(err.into()))?;
    Ok(Plan {
        list_id,
        list_name,
        run,
        rows,
        left_out,
    })
}

/// The request's suppression (what the browser applied) with the organisation's lists.
async fn suppression_in_force(
    state: &AppState,
    tenant: i64,
    request: RequestSuppression,
) -> Result<SuppressionSet, AppError> {
    let pseudonyms = request
        .pseudonyms
        .iter()
        .enumerate()
        .map(|(index, hex)| {
            pseudonym_text::parse(hex).ok_or_else(|| {
                AppError::bad_request(
                    "invalid_suppression",
                    format!("suppression.pseudonyms[{index}] is not 16 hexadecimal digits"),
                )
            })
        })
        .collect::<Result<Vec<u64>, _>>()?;
    let (tenant_pseudonyms, tenant_domains) = state.store.tenant_suppression(tenant).await?;
    Ok(SuppressionSet::new(
        request.domains.into_iter().chain(tenant_domains).collect(),
        pseudonyms
            .into_iter()
            .chain(tenant_pseudonyms)
            .map(Pseudonym)
            .collect(),
    ))
}

/// Whether a contact is one the list's contact clauses ask for: function, seniority and
/// country of work (whether it may be exported is the export's own decision, below).
fn is_targeted(query: &ContactQuery, contact: &Contact) -> bool {
    let country = contact.country.trim().to_ascii_lowercase();
    query.function_ok(contact.function)
        && query.level_ok(contact.seniority)
        && query.country_ok((!country.is_empty()).then_some(country.as_str()))
}

/// Rows an export may hold, and the contacts it must leave out with the reason.
type Sorted = (
    Vec<(VaultContact, B2bRule)>,
    Vec<(VaultContact, Exclusion, B2bRule)>,
);

fn sort_contacts(data: &Dataset, rules: &Rules<'_>, contacts: Vec<VaultContact>) -> Sorted {
    let mut rows = Vec::new();
    let mut left_out = Vec::new();
    for row in contacts {
        let domain = data
            .row_of(row.contact.account_id)
            .map_or("", |r| data.domain(r));
        let rule = rules.rule(&row.contact);
        match rules.exclusion(&row.contact, row.pseudonym, domain) {
            Some(reason) => left_out.push((row, reason, rule)),
            None => rows.push((row, rule)),
        }
    }
    (rows, left_out)
}
