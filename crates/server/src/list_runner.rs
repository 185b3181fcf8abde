//! Running a saved list definition on the server, with the same engine as the browser:
//! for snapshots, search alerts and exports, which never trust account ids a browser sends.

use std::sync::Arc;

use clearlist_engine::list_query::ListQuery;
use clearlist_engine::list_url;
use clearlist_engine::query::{AppliedSuppression, Context, ResolvedQuery, SavedLists};

use crate::store::searches::Baseline;
use crate::tenant_dataset::{Freshness, TenantDataset};
use crate::{AppError, AppState};

/// A list definition run on a tenant's current dataset.
#[derive(Debug)]
pub(crate) struct ListRun {
    /// The dataset it ran on (its `version()` says which).
    pub(crate) dataset: Arc<TenantDataset>,
    /// The definition in canonical form.
    pub(crate) canonical: String,
    /// Matching account ids, in the list's order.
    pub(crate) account_ids: Vec<u32>,
    /// The pseudonyms of the contacts that make the list (ascending), when the definition
    /// has contact clauses: what saved-search alerts compare.
    pub(crate) contacts: Option<Vec<u64>>,
}

/// Reads a list URL (strictly: any unknown or malformed parameter is an error) into its
/// canonical form.
pub(crate) fn parse_definition(definition: &str) -> Result<ListQuery, AppError> {
    list_url::decode(definition.trim())
        .map(ListQuery::canonical)
        .map_err(|err| AppError::bad_request("invalid_list_url", format!("list URL: {err}")))
}

/// Runs `definition` on the tenant's dataset. `in list` / `not in list` clauses use the
/// snapshots of the tenant's own lists; a list id of another tenant is unknown.
/// `suppression`, when given, applies as in the browser: its domains remove accounts, and
/// its pseudonyms and domains remove contacts from contact clauses and their counts.
pub(crate) async fn run_list(
    state: &AppState,
    tenant: i64,
    definition: &str,
    suppression: Option<Arc<clearlist_engine::suppression::SuppressionSet>>,
    freshness: Freshness,
) -> Result<ListRun, AppError> {
    let query = parse_definition(definition)?;
    let canonical = list_url::encode(&query);
    let dataset = state
        .datasets
        .get_as(&state.store, tenant, freshness)
        .await
        .map_err(AppError::DatasetUnavailable)?;
    let ids: Vec<i64> = query
        .lists
        .iter()
        .flat_map(|clause| clause.ids.iter())
        .filter_map(|&id| i64::try_from(id).ok())
        .collect();
    let snapshots = state.store.list_snapshots(tenant, ids).await?;
    let dataset_for_query = Arc::clone(&dataset);
    let (account_ids, contacts) = tokio::task::spawn_blocking(move || {
        let data = &dataset_for_query.dataset;
        let mut saved = SavedLists::default();
        for (id, accounts) in snapshots {
            saved.insert(data, u64::try_from(id).unwrap_or_default(), accounts);
        }
        let applied: Option<AppliedSuppression> =
            suppression.as_ref().map(|set| data.apply_suppression(set));
        let context = Context {
            lists: Some(&saved),
            suppression: applied.as_ref(),
        };
        let resolved = ResolvedQuery::resolve(data, &query, context)
            .map_err(|err| AppError::bad_request("invalid_list_url", format!("list URL: {err}")))?;
        let account_ids = resolved
            .ordered_rows()
            .into_iter()
            .map(|row| data.id_of(row))
            .collect::<Vec<u32>>();
        let contacts = query.contacts.has_clauses().then(|| {
            let pseudonyms = data.contact_pseudonyms();
            let mut found: Vec<u64> = resolved
                .matching_contacts()
                .into_iter()
                .map(|contact| pseudonyms[contact as usize])
                .collect();
            found.sort_unstable();
            found.dedup();
            found
        });
        Ok::<_, AppError>((account_ids, contacts))
    })
    .await
    .map_err(|err| AppError::Internal(err.into()))??;
    Ok(ListRun {
        dataset,
        canonical,
        account_ids,
        contacts,
    })
}

/// The run of a search's definition on the current dataset and the accounts it matches
/// that its baseline did not; `None` when the dataset is the baseline's (same data, same
/// matches: nothing to run).
pub(crate) async fn fresh_matches(
    state: &AppState,
    tenant: i64,
    baseline: &Baseline,
) -> Result<Option<(ListRun, Vec<u32>)>, AppError> {
    let current = state
        .datasets
        .get_as(&state.store, tenant, Freshness::Recent)
        .await
        .map_err(AppError::DatasetUnavailable)?;
    if baseline.version.as_deref() == Some(current.version()) {
        return Ok(None);
    }
    let run = run_list(state, tenant, &baseline.definition, None, Freshness::Recent).await?;
    let fresh: Vec<u32> = run
        .account_ids
        .iter()
        .filter(|account| baseline.account_ids.binary_search(account).is_err())
        .copied()
        .collect();
    Ok(Some((run, fresh)))
}
