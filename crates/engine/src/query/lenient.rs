//! Binding a list leniently: what the dataset does not know (a value, a segment, a saved
//! list) is left out and reported, so the rest of a shared or old link still shows. The
//! browser reads every list URL this way; the server binds strictly and refuses instead.

use super::{Context, QueryError, ResolvedQuery};
use crate::dataset::Dataset;
use crate::list_query::ListQuery;
use crate::taxonomy::Mode;

/// The most parts left out before falling back to the default list. Each error names one
/// value, segment or list, so a definition runs out of parts well before this.
const MAX_REPAIRS: usize = 64;

/// A list bound to a dataset with its unknown parts left out.
#[derive(Debug)]
pub struct LenientQuery<'a> {
    /// The list as bound: every part the dataset knows.
    pub resolved: ResolvedQuery<'a>,
    /// What was left out, in the order found.
    pub left_out: Vec<QueryError>,
    /// The definition that was bound, canonical (the input without what was left out).
    pub query: ListQuery,
}

impl<'a> ResolvedQuery<'a> {
    /// Binds a list definition to a dataset, leaving out each part it does not know.
    /// Never fails: at worst the default list (every account) is bound.
    #[must_use]
    pub fn resolve_lenient(
        dataset: &'a Dataset,
        query: &ListQuery,
        context: Context<'a>,
    ) -> LenientQuery<'a> {
        let mut query = query.clone();
        let mut left_out = Vec::new();
        loop {
            match ResolvedQuery::resolve(dataset, &query, context) {
                Ok(resolved) => {
                    return LenientQuery {
                        resolved,
                        left_out,
                        query,
                    };
                }
                Err(error) => {
                    if left_out.len() >= MAX_REPAIRS || !leave_out(&mut query, &error) {
                        query = ListQuery::default();
                    }
                    left_out.push(error);
                }
            }
        }
    }
}

impl QueryError {
    /// The list URL parameter at fault (`industry`, `seg`, `list`, ...).
    #[must_use]
    pub fn parameter(&self) -> &'static str {
        match self {
            QueryError::UnknownValue { facet, .. } | QueryError::AllOnSingleValued(facet) => {
                facet.slug()
            }
            QueryError::UnknownSegment(_) => "seg",
            QueryError::UnknownList(_) => "list",
        }
    }
}

/// Removes what `error` is about from `query`; `false` when it holds no such part.
fn leave_out(query: &mut ListQuery, error: &QueryError) -> bool {
    match error {
        QueryError::UnknownValue { facet, value } => {
            let Some(clauses) = query.facets.get_mut(facet) else {
                return false;
            };
            for clause in clauses.iter_mut() {
                clause.values.retain(|slug| slug != value);
            }
            clauses.retain(|clause| !clause.values.is_empty());
        }
        QueryError::UnknownSegment(_) => query.segment = None,
        QueryError::UnknownList(id) => {
            for clause in &mut query.lists {
                clause.ids.retain(|candidate| candidate != id);
            }
            query.lists.retain(|clause| !clause.ids.is_empty());
        }
        QueryError::AllOnSingleValued(facet) => {
            let Some(clauses) = query.facets.get_mut(facet) else {
                return false;
            };
            clauses.retain(|clause| clause.mode != Mode::All);
        }
    }
    query.canonicalize();
    true
}
