//! Edits of a list definition, as the builder's controls make them. Each takes the current
//! list and returns the next one in canonical form, so the URL written from it is
//! canonical too; nothing here touches the DOM, so the rules are tested natively.
//!
//! The panel edits one mode per facet at a time. What counts as "checked" under a mode
//! follows the canonical form: on a multi-valued facet a one-value `any` clause means the
//! same as that value in the `all` clause, so it shows under both.

use super::{Catalog, Clause, Date, DateRange, Facet, ListQuery, Mode, Sort, facet_label};

#[cfg(test)]
mod tests;

fn canonical(mut query: ListQuery) -> ListQuery {
    query.canonicalize();
    query
}

/// Whether `clause` holds its values under `mode`, as the panel shows them.
fn shows_under(facet: Facet, clause: &Clause, mode: Mode) -> bool {
    match mode {
        Mode::Any => clause.mode == Mode::Any,
        Mode::All => {
            clause.mode == Mode::All
                || (facet.is_multi_valued() && clause.mode == Mode::Any && clause.values.len() == 1)
        }
        Mode::Not => clause.mode == Mode::Not,
    }
}

/// The values of `facet` checked under `mode`.
#[must_use]
pub fn checked(query: &ListQuery, facet: Facet, mode: Mode) -> Vec<String> {
    let mut values: Vec<String> = query
        .facets
        .get(&facet)
        .into_iter()
        .flatten()
        .filter(|clause| shows_under(facet, clause, mode))
        .flat_map(|clause| clause.values.iter().cloned())
        .collect();
    values.sort();
    values.dedup();
    values
}

/// The mode a facet's filter is in: that of its first clause, `None` without a filter.
#[must_use]
pub fn mode_of(query: &ListQuery, facet: Facet) -> Option<Mode> {
    query
        .facets
        .get(&facet)
        .and_then(|clauses| clauses.first())
        .map(|clause| clause.mode)
}

/// The modes the panel offers for a facet: `all` only where an account can hold several
/// values.
#[must_use]
pub fn modes(facet: Facet) -> Vec<Mode> {
    if facet.is_multi_valued() {
        vec![Mode::Any, Mode::All, Mode::Not]
    } else {
        vec![Mode::Any, Mode::Not]
    }
}

/// Checks (`on`) or unchecks `value` of `facet` under `mode`.
#[must_use]
pub fn toggle(query: &ListQuery, facet: Facet, mode: Mode, value: &str, on: bool) -> ListQuery {
    let mut next = query.clone();
    let clauses = next.facets.entry(facet).or_default();
    if on {
        let target = match mode {
            // Join the first `any` clause: checking more values widens the OR.
            Mode::Any => clauses.iter_mut().find(|clause| clause.mode == Mode::Any),
            Mode::All | Mode::Not => clauses.iter_mut().find(|clause| clause.mode == mode),
        };
        match target {
            Some(clause) => clause.values.push(value.to_owned()),
            None => clauses.push(Clause {
                mode,
                values: vec![value.to_owned()],
            }),
        }
    } else {
        for clause in clauses.iter_mut() {
            if shows_under(facet, clause, mode) {
                clause.values.retain(|candidate| candidate != value);
            }
        }
        clauses.retain(|clause| !clause.values.is_empty());
    }
    canonical(next)
}

/// Moves the values of `facet` checked under `from` to mode `to` (the mode switch).
#[must_use]
pub fn switch_mode(query: &ListQuery, facet: Facet, from: Mode, to: Mode) -> ListQuery {
    if from == to {
        return query.clone();
    }
    let mut next = query.clone();
    let clauses = next.facets.entry(facet).or_default();
    let mut moved = Vec::new();
    for clause in clauses.iter_mut() {
        if shows_under(facet, clause, from) {
            moved.append(&mut clause.values);
        }
    }
    clauses.retain(|clause| !clause.values.is_empty());
    if !moved.is_empty() {
        clauses.push(Clause {
            mode: to,
            values: moved,
        });
    }
    canonical(next)
}

/// Removes `value` from the clauses of `facet` in `mode` exactly (a chip's ×).
#[must_use]
pub fn remove(query: &ListQuery, facet: Facet, mode: Mode, value: &str) -> ListQuery {
    let mut next = query.clone();
    if let Some(clauses) = next.facets.get_mut(&facet) {
        for clause in clauses.iter_mut().filter(|clause| clause.mode == mode) {
            clause.values.retain(|candidate| candidate != value);
        }
        clauses.retain(|clause| !clause.values.is_empty());
    }
    canonical(next)
}

/// Every filter removed; the ranking segment and the sort stay.
#[must_use]
pub fn clear_filters(query: &ListQuery) -> ListQuery {
    ListQuery {
        segment: query.segment.clone(),
        sort: query.sort,
        ..ListQuery::default()
    }
}

/// The list with a saved-list filter added: in list `id` (`include`) or not in it.
#[must_use]
pub fn with_list(query: &ListQuery, id: u64, include: bool) -> ListQuery {
    let mut next = query.clone();
    next.lists.push(clearlist_engine::ListClause {
        include,
        ids: vec![id],
    });
    canonical(next)
}

/// The ranking segment set (or cleared: strongest segment per account).
#[must_use]
pub fn with_segment(query: &ListQuery, segment: Option<String>) -> ListQuery {
    let mut next = query.clone();
    next.segment = segment.filter(|slug| !slug.is_empty());
    canonical(next)
}

/// The sort set.
#[must_use]
pub fn with_sort(query: &ListQuery, sort: Sort) -> ListQuery {
    let mut next = query.clone();
    next.sort = sort;
    canonical(next)
}

/// The last-touch range set; a reversed range is put the right way round, and a range
/// open at both ends is no filter.
#[must_use]
pub fn with_touch(query: &ListQuery, from: Option<Date>, to: Option<Date>) -> ListQuery {
    let mut next = query.clone();
    let (from, to) = match (from, to) {
        (Some(a), Some(b)) if b < a => (Some(b), Some(a)),
        other => other,
    };
    next.touch = (from.is_some() || to.is_some()).then_some(DateRange { from, to });
    canonical(next)
}

/// Parses a date input's value (`YYYY-MM-DD`; empty or invalid is no date).
#[must_use]
pub fn parse_date(text: &str) -> Option<Date> {
    text.trim().parse().ok()
}

/// What a removable chip removes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChipTarget {
    /// One value of a facet clause.
    Value {
        /// The facet.
        facet: Facet,
        /// The clause's mode.
        mode: Mode,
        /// The value slug.
        value: String,
    },
    /// The last-touch range.
    Touch,
    /// The company-name prefix.
    Name,
    /// The saved-list filters.
    Lists,
    /// The hand-picked accounts.
    Accounts,
    /// A contact clause, by its URL key (`fn`, `level`, `ccountry`, `reach`, `team`).
    Contacts(&'static str),
}

/// An active filter as a chip shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chip {
    /// Short kind, e.g. `Industry`, `Topics (all)`, `HQ country ≠`.
    pub kind: String,
    /// The value, e.g. `Computer Software`.
    pub text: String,
    /// Stable key for tests, e.g. `industry:any:software`.
    pub key: String,
    /// What the × removes.
    pub target: ChipTarget,
}

/// The chips of every active filter, in URL order; `list_name` names saved lists by id
/// (`None` for a list the user cannot see, shown as "list {id}").
#[must_use]
pub fn chips(
    query: &ListQuery,
    catalog: &Catalog,
    list_name: &dyn Fn(u64) -> Option<String>,
) -> Vec<Chip> {
    let mut out = Vec::new();
    for (&facet, clauses) in &query.facets {
        for clause in clauses {
            let kind = match clause.mode {
                Mode::Any if clause.values.len() > 1 => format!("{} (any)", facet_label(facet)),
                Mode::Any => facet_label(facet).to_owned(),
                Mode::All => format!("{} (all)", facet_label(facet)),
                Mode::Not => format!("{} — not", facet_label(facet)),
            };
            for value in &clause.values {
                out.push(Chip {
                    kind: kind.clone(),
                    text: catalog.label(facet, value),
                    key: format!("{}:{}:{value}", facet.slug(), clause.mode.slug()),
                    target: ChipTarget::Value {
                        facet,
                        mode: clause.mode,
                        value: value.clone(),
                    },
                });
            }
        }
    }
    if let Some(range) = query.touch {
        let end = |date: Option<Date>| date.map_or_else(|| "…".to_owned(), |d| d.to_string());
        out.push(Chip {
            kind: "Last touch".to_owned(),
            text: format!("{} – {}", end(range.from), end(range.to)),
            key: "touch".to_owned(),
            target: ChipTarget::Touch,
        });
    }
    if let Some(name) = &query.name_prefix {
        out.push(Chip {
            kind: "Name starts with".to_owned(),
            text: name.clone(),
            key: "name".to_owned(),
            target: ChipTarget::Name,
        });
    }
    if !query.lists.is_empty() {
        let text = query
            .lists
            .iter()
            .map(|clause| {
                let names: Vec<String> = clause
                    .ids
                    .iter()
                    .map(|&id| list_name(id).unwrap_or_else(|| format!("list {id}")))
                    .collect();
                let how = if clause.include { "in" } else { "not in" };
                format!("{how} {}", names.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ");
        out.push(Chip {
            kind: "Saved lists".to_owned(),
            text,
            key: "list".to_owned(),
            target: ChipTarget::Lists,
        });
    }
    if !query.accounts.is_empty() {
        let count = query.accounts.len();
        out.push(Chip {
            kind: "Accounts".to_owned(),
            text: if count == 1 {
                "1 hand-picked account".to_owned()
            } else {
                format!("{count} hand-picked accounts")
            },
            key: "account".to_owned(),
            target: ChipTarget::Accounts,
        });
    }
    out.extend(super::targeting::chips(query, &catalog.contact_countries));
    out
}

/// The list without what a chip stands for.
#[must_use]
pub fn remove_chip(query: &ListQuery, target: &ChipTarget) -> ListQuery {
    match target {
        ChipTarget::Value { facet, mode, value } => remove(query, *facet, *mode, value),
        ChipTarget::Touch => with_touch(query, None, None),
        ChipTarget::Name => {
            let mut next = query.clone();
            next.name_prefix = None;
            canonical(next)
        }
        ChipTarget::Lists => {
            let mut next = query.clone();
            next.lists.clear();
            canonical(next)
        }
        ChipTarget::Accounts => {
            let mut next = query.clone();
            next.accounts.clear();
            canonical(next)
        }
        ChipTarget::Contacts(key) => super::targeting::remove_clause(query, key),
    }
}
