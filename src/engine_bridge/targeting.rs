//! Buying teams: the list's contact clauses as the builder edits them (function,
//! seniority, country of work, exportable only, team size), their chips, and one account's
//! contacts as pseudonymous rows. Plain functions over plain data, tested in the wasm unit
//! tests.

use clearlist_engine::contact_query::{ContactClause, LevelClause, MAX_TEAM, UNKNOWN_COUNTRY};
use clearlist_engine::countries;
use clearlist_engine::taxonomy::{Function, Seniority};
use clearlist_engine::team::Reach;

use super::edit::{Chip, ChipTarget};
use super::{Choice, Dataset, ListContext, ListQuery};

#[cfg(test)]
mod tests;

/// The contact facets, in the panel's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContactFacet {
    /// `fn`.
    Function,
    /// `level` (its value sets; `min` is the seniority floor).
    Seniority,
    /// `ccountry`.
    Country,
}

impl ContactFacet {
    /// The URL key.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            ContactFacet::Function => "fn",
            ContactFacet::Seniority => "level",
            ContactFacet::Country => "ccountry",
        }
    }

    /// What the panel calls it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            ContactFacet::Function => "Function",
            ContactFacet::Seniority => "Seniority",
            ContactFacet::Country => "Contact country",
        }
    }
}

/// The functions, in the taxonomy's order.
#[must_use]
pub fn function_choices() -> Vec<Choice> {
    Function::ALL
        .iter()
        .map(|f| Choice {
            slug: f.slug().to_owned(),
            label: f.label().to_owned(),
        })
        .collect()
}

/// The seniorities, most senior first.
#[must_use]
pub fn seniority_choices() -> Vec<Choice> {
    Seniority::ALL
        .iter()
        .map(|s| Choice {
            slug: s.slug().to_owned(),
            label: s.label().to_owned(),
        })
        .collect()
}

/// The countries contacts of the dataset work in, by name, and "Unknown".
#[must_use]
pub fn country_choices(dataset: &Dataset) -> Vec<Choice> {
    let mut choices: Vec<Choice> = dataset
        .contact_countries()
        .into_iter()
        .map(|code| Choice {
            label: countries::country(code)
                .map_or_else(|| code.to_uppercase(), |c| c.name.to_owned()),
            slug: code.to_owned(),
        })
        .collect();
    choices.sort_by(|a, b| a.label.cmp(&b.label));
    choices.push(Choice {
        slug: UNKNOWN_COUNTRY.to_owned(),
        label: "Unknown".to_owned(),
    });
    choices
}

/// The checked values of a contact facet and whether they include (`any`) or exclude.
#[must_use]
pub fn checked(query: &ListQuery, facet: ContactFacet) -> (bool, Vec<String>) {
    let contacts = &query.contacts;
    match facet {
        ContactFacet::Function => contacts.functions.as_ref().map_or((true, Vec::new()), |c| {
            (
                c.include,
                c.values.iter().map(|f| f.slug().to_owned()).collect(),
            )
        }),
        ContactFacet::Seniority => match &contacts.level {
            Some(LevelClause::Set(c)) => (
                c.include,
                c.values.iter().map(|s| s.slug().to_owned()).collect(),
            ),
            _ => (true, Vec::new()),
        },
        ContactFacet::Country => contacts
            .countries
            .as_ref()
            .map_or((true, Vec::new()), |c| (c.include, c.values.clone())),
    }
}

/// Checks or unchecks `value` of a contact facet; `include` is the facet's mode (a new
/// mode replaces the values checked under the other).
#[must_use]
pub fn toggle(
    query: &ListQuery,
    facet: ContactFacet,
    include: bool,
    value: &str,
    on: bool,
) -> ListQuery {
    let (current_include, mut values) = checked(query, facet);
    if current_include != include {
        values.clear();
    }
    values.retain(|v| v != value);
    if on {
        values.push(value.to_owned());
    }
    with_values(query, facet, include, values)
}

/// Switches a contact facet between including and excluding its checked values.
#[must_use]
pub fn switch_mode(query: &ListQuery, facet: ContactFacet, include: bool) -> ListQuery {
    let (_, values) = checked(query, facet);
    with_values(query, facet, include, values)
}

fn with_values(
    query: &ListQuery,
    facet: ContactFacet,
    include: bool,
    values: Vec<String>,
) -> ListQuery {
    let mut next = query.clone();
    let contacts = &mut next.contacts;
    match facet {
        ContactFacet::Function => {
            let values: Vec<Function> = values
                .iter()
                .filter_map(|v| Function::from_slug(v))
                .collect();
            contacts.functions = (!values.is_empty()).then_some(ContactClause { include, values });
        }
        ContactFacet::Seniority => {
            let values: Vec<Seniority> = values
                .iter()
                .filter_map(|v| Seniority::from_slug(v))
                .collect();
            contacts.level =
                (!values.is_empty()).then_some(LevelClause::Set(ContactClause { include, values }));
        }
        ContactFacet::Country => {
            contacts.countries = (!values.is_empty()).then_some(ContactClause { include, values });
        }
    }
    next.canonical()
}

/// The seniority floor (`level=min:`), if the list has one.
#[must_use]
pub fn seniority_floor(query: &ListQuery) -> Option<String> {
    match &query.contacts.level {
        Some(LevelClause::AtLeast(floor)) => Some(floor.slug().to_owned()),
        _ => None,
    }
}

/// Sets (or, with `None` or an unknown slug, removes) the seniority floor; it replaces
/// any seniority values.
#[must_use]
pub fn with_seniority_floor(query: &ListQuery, floor: Option<&str>) -> ListQuery {
    let mut next = query.clone();
    next.contacts.level = floor
        .and_then(Seniority::from_slug)
        .map(LevelClause::AtLeast);
    next.canonical()
}

/// Turns "exportable contacts only" on or off.
#[must_use]
pub fn with_exportable(query: &ListQuery, on: bool) -> ListQuery {
    let mut next = query.clone();
    next.contacts.exportable = on;
    next.canonical()
}

/// The team size the list asks for, as the panel shows it (1 by default).
#[must_use]
pub fn team_size(query: &ListQuery) -> u32 {
    query.contacts.team.unwrap_or(1)
}

/// Sets how many matching contacts an account needs: 1 is the default (and removes the
/// condition when no contact clause asks for people); more is clamped to the limit.
#[must_use]
pub fn with_team_size(query: &ListQuery, size: u32) -> ListQuery {
    let mut next = query.clone();
    next.contacts.team = (size > 1).then(|| size.min(MAX_TEAM));
    next.canonical()
}

/// Whether the list has any contact clause (the buying-team group shows as active).
#[must_use]
pub fn is_targeting(query: &ListQuery) -> bool {
    query.contacts.is_active()
}

/// The chips of the contact clauses, in URL order.
#[must_use]
pub fn chips(query: &ListQuery, dataset_countries: &[Choice]) -> Vec<Chip> {
    let contacts = &query.contacts;
    let mut out = Vec::new();
    let set_chip = |facet: ContactFacet, include: bool, text: String| {
        let how = if include { "" } else { " — not" };
        Chip {
            kind: format!("{}{how}", facet.label()),
            text,
            key: facet.key().to_owned(),
            target: ChipTarget::Contacts(facet.key()),
        }
    };
    if let Some(clause) = &contacts.functions {
        let labels: Vec<&str> = clause.values.iter().map(|f| f.label()).collect();
        out.push(set_chip(
            ContactFacet::Function,
            clause.include,
            labels.join(", "),
        ));
    }
    match &contacts.level {
        Some(LevelClause::AtLeast(floor)) => out.push(Chip {
            kind: "Seniority".to_owned(),
            text: format!("{} and above", floor.label()),
            key: "level".to_owned(),
            target: ChipTarget::Contacts("level"),
        }),
        Some(LevelClause::Set(clause)) => {
            let labels: Vec<&str> = clause.values.iter().map(|s| s.label()).collect();
            out.push(set_chip(
                ContactFacet::Seniority,
                clause.include,
                labels.join(", "),
            ));
        }
        None => {}
    }
    if let Some(clause) = &contacts.countries {
        let labels: Vec<String> = clause
            .values
            .iter()
            .map(|code| {
                dataset_countries
                    .iter()
                    .find(|choice| choice.slug == *code)
                    .map_or_else(|| code.clone(), |choice| choice.label.clone())
            })
            .collect();
        out.push(set_chip(
            ContactFacet::Country,
            clause.include,
            labels.join(", "),
        ));
    }
    if contacts.exportable {
        out.push(Chip {
            kind: "Contacts".to_owned(),
            text: "exportable only".to_owned(),
            key: "reach".to_owned(),
            target: ChipTarget::Contacts("reach"),
        });
    }
    if let Some(team) = contacts.team {
        out.push(Chip {
            kind: "Buying team".to_owned(),
            text: format!("at least {team} contacts"),
            key: "team".to_owned(),
            target: ChipTarget::Contacts("team"),
        });
    }
    out
}

/// The list without the contact clause a chip stands for (by URL key).
#[must_use]
pub fn remove_clause(query: &ListQuery, key: &str) -> ListQuery {
    let mut next = query.clone();
    let contacts = &mut next.contacts;
    match key {
        "fn" => contacts.functions = None,
        "level" => contacts.level = None,
        "ccountry" => contacts.countries = None,
        "reach" => contacts.exportable = false,
        "team" => contacts.team = None,
        _ => {}
    }
    next.canonical()
}

/// One contact of an account's buying team, as the views show it: never a name, title or
/// email (the dataset has none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberView {
    /// Function label.
    pub function: &'static str,
    /// Seniority label.
    pub seniority: &'static str,
    /// Country of work, by name ("Unknown" when not known).
    pub country: String,
    /// Whether the list's contact clauses target this contact.
    pub targeted: bool,
    /// `exportable`, or the slug of the reason it is not.
    pub reach: &'static str,
    /// The same as a word or two for the user.
    pub reach_label: &'static str,
    /// The same as a sentence.
    pub reach_detail: &'static str,
}

/// An account's buying team under the list's clauses and the suppression in force.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamView {
    /// Every contact, targeted ones first, then by seniority (most senior first).
    pub members: Vec<MemberView>,
    /// Contacts the list targets.
    pub targeted: usize,
    /// Of those, exportable ones.
    pub exportable: usize,
    /// Contacts per function (rows, taxonomy order, only functions present) and seniority
    /// (columns, most senior first): the function × seniority grid.
    pub grid: Vec<(&'static str, Vec<u32>)>,
}

/// The buying team of account `id` for `query` (its contact clauses) in `context` (the
/// suppression in force); `None` when the dataset does not hold the account.
#[must_use]
pub fn team(
    dataset: &Dataset,
    id: u32,
    query: &ListQuery,
    context: &ListContext,
) -> Option<TeamView> {
    let members = dataset.team(id, &query.contacts, context.suppression.as_ref())?;
    let mut grid: Vec<(&'static str, Vec<u32>)> = Function::ALL
        .iter()
        .map(|f| (f.label(), vec![0; Seniority::ALL.len()]))
        .collect();
    for member in &members {
        grid[usize::from(member.function.index())].1[usize::from(member.seniority.index())] += 1;
    }
    grid.retain(|(_, counts)| counts.iter().any(|&n| n > 0));
    let mut views: Vec<(bool, u8, MemberView)> = members
        .iter()
        .map(|member| {
            let view = MemberView {
                function: member.function.label(),
                seniority: member.seniority.label(),
                country: member.country.as_deref().map_or_else(
                    || "Unknown".to_owned(),
                    |code| {
                        countries::country(code)
                            .map_or_else(|| code.to_uppercase(), |c| c.name.to_owned())
                    },
                ),
                targeted: member.targeted,
                reach: member.reach.slug(),
                reach_label: reach_label(member.reach),
                reach_detail: reach_detail(member.reach),
            };
            (!member.targeted, member.seniority.index(), view)
        })
        .collect();
    views.sort_by_key(|(untargeted, seniority, _)| (*untargeted, *seniority));
    Some(TeamView {
        targeted: members.iter().filter(|m| m.targeted).count(),
        exportable: members
            .iter()
            .filter(|m| m.targeted && m.reach == Reach::Exportable)
            .count(),
        members: views.into_iter().map(|(_, _, view)| view).collect(),
        grid,
    })
}

/// Why a contact can or cannot be exported, in a word or two (a table cell's pill).
#[must_use]
pub fn reach_label(reach: Reach) -> &'static str {
    match reach {
        Reach::Exportable => "Exportable",
        Reach::Suppressed => "Suppressed",
        Reach::Declined => "Declined",
        Reach::NoLawfulBasis => "No lawful basis",
    }
}

/// [`reach_label`] in a sentence (the pill's tooltip).
#[must_use]
pub fn reach_detail(reach: Reach) -> &'static str {
    match reach {
        Reach::Exportable => "The organisation may export this contact by email.",
        Reach::Suppressed => "On a suppression list in force.",
        Reach::Declined => "The person opted out or did not allow their email to be downloaded.",
        Reach::NoLawfulBasis => {
            "Their country's rule needs consent, and the basis on record is legitimate interest."
        }
    }
}
