//! The contact keys of a list URL (`fn`, `level`, `ccountry`, `reach`, `team`): reading
//! them into a [`ContactQuery`] and writing its canonical form. The grammar is in the
//! parent module's doc.

use super::{UrlError, clip, push_pair, split_clause};
use crate::contact_query::{ContactClause, ContactQuery, LevelClause, MAX_TEAM, UNKNOWN_COUNTRY};
use crate::countries;
use crate::taxonomy::{Function, Seniority};

/// The modes of `fn` and `ccountry`, for error messages.
const SET_MODES: &str = "any, not";

/// The modes of `level`, for error messages.
const LEVEL_MODES: &str = "min, any, not";

/// The functions, for error messages.
const FUNCTIONS: &str = "it, engineering, security, data, finance, marketing, sales, operations, hr, legal, \
     procurement, executive";

/// The seniorities, for error messages.
const SENIORITIES: &str = "staff, manager, director, vp, c-level";

/// Appends the contact keys of a canonical query.
pub(super) fn encode(query: &ContactQuery, out: &mut String) {
    if let Some(clause) = &query.functions {
        let values: Vec<&str> = clause.values.iter().map(|f| f.slug()).collect();
        push_pair(out, "fn", &set_text(clause.include, &values));
    }
    match &query.level {
        None => {}
        Some(LevelClause::AtLeast(floor)) => {
            push_pair(out, "level", &format!("min:{}", floor.slug()))
        }
        Some(LevelClause::Set(clause)) => {
            let values: Vec<&str> = clause.values.iter().map(|s| s.slug()).collect();
            push_pair(out, "level", &set_text(clause.include, &values));
        }
    }
    if let Some(clause) = &query.countries {
        // Codes are checked on the way in; anything else is escaped so it cannot forge
        // another parameter, and reads back as an error.
        let values: Vec<String> = clause.values.iter().map(|v| super::escape(v)).collect();
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        push_pair(out, "ccountry", &set_text(clause.include, &values));
    }
    if query.exportable {
        push_pair(out, "reach", "exportable");
    }
    if let Some(team) = query.team {
        push_pair(out, "team", &format!("min:{team}"));
    }
}

fn set_text(include: bool, values: &[&str]) -> String {
    let mode = if include { "any" } else { "not" };
    format!("{mode}:{}", values.join(","))
}

/// Reads `any:` or `not:` and the items of a set clause.
fn set_clause<'a>(
    parameter: &'static str,
    value: &'a str,
) -> Result<(bool, Vec<&'a str>), UrlError> {
    let (mode, items) = split_clause(parameter, value, SET_MODES)?;
    let include = match mode {
        "any" => true,
        "not" => false,
        _ => {
            return Err(UrlError::UnknownMode {
                parameter,
                mode: clip(mode),
                expected: SET_MODES,
            });
        }
    };
    Ok((include, items))
}

/// Reads `fn=any:…` / `fn=not:…`.
pub(super) fn parse_functions(value: &str) -> Result<ContactClause<Function>, UrlError> {
    let (include, items) = set_clause("fn", value)?;
    let values = items
        .into_iter()
        .map(|item| {
            Function::from_slug(item).ok_or_else(|| UrlError::UnknownValue {
                parameter: "fn",
                value: clip(item),
                expected: FUNCTIONS,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(ContactClause { include, values })
}

/// Reads `level=min:S`, `level=any:…` or `level=not:…`.
pub(super) fn parse_level(value: &str) -> Result<LevelClause, UrlError> {
    let seniority = |item: &str| {
        Seniority::from_slug(item).ok_or_else(|| UrlError::UnknownValue {
            parameter: "level",
            value: clip(item),
            expected: SENIORITIES,
        })
    };
    let (mode, items) = split_clause("level", value, LEVEL_MODES)?;
    if mode == "min" {
        return match items.as_slice() {
            [item] => Ok(LevelClause::AtLeast(seniority(item)?)),
            _ => Err(UrlError::LevelMinTakesOne(clip(&items.join(",")))),
        };
    }
    if mode != "any" && mode != "not" {
        return Err(UrlError::UnknownMode {
            parameter: "level",
            mode: clip(mode),
            expected: LEVEL_MODES,
        });
    }
    let values = items.into_iter().map(seniority).collect::<Result<_, _>>()?;
    Ok(LevelClause::Set(ContactClause {
        include: mode == "any",
        values,
    }))
}

/// Reads `ccountry=any:…` / `ccountry=not:…`: known lower-case codes or `unknown`.
pub(super) fn parse_countries(value: &str) -> Result<ContactClause<String>, UrlError> {
    let (include, items) = set_clause("ccountry", value)?;
    let values = items
        .into_iter()
        .map(|item| {
            let known = item == UNKNOWN_COUNTRY
                || (item.len() == 2
                    && item.bytes().all(|b| b.is_ascii_lowercase())
                    && countries::country(item).is_some());
            if known {
                Ok(item.to_owned())
            } else {
                Err(UrlError::InvalidCountry(clip(item)))
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(ContactClause { include, values })
}

/// Reads `team=min:N`, N from 1 to [`MAX_TEAM`] without leading zeros.
pub(super) fn parse_team(value: &str) -> Result<u32, UrlError> {
    value
        .strip_prefix("min:")
        .filter(|digits| {
            !digits.is_empty()
                && !digits.starts_with('0')
                && digits.bytes().all(|b| b.is_ascii_digit())
        })
        .and_then(|digits| digits.parse::<u32>().ok())
        .filter(|n| (1..=MAX_TEAM).contains(n))
        .ok_or_else(|| UrlError::InvalidTeam(clip(value)))
}
