//! An account's buying team under the current list: how many contacts the list targets and
//! how many of those may be exported, the team by function × seniority, and every contact
//! as a pseudonymous row (function, seniority, country, exportable or why not). Never a
//! name, title or email: the browser has none.
//!
//! Used by the account page, the accounts table's expanded row and (summary only) the
//! hover card. Test hooks: `buying-team` (with `data-targeted`, `data-exportable`,
//! `data-total`), `team-member` (with `data-reach`, `data-targeted`), `team-grid`.

use leptos::prelude::*;

use crate::components::Shared;
use crate::engine_bridge::targeting::{self, TeamView, seniority_choices};
use crate::engine_bridge::{Dataset, ListContext, ListQuery};
use crate::format;

/// Contact rows shown before "and N more".
const SHOWN_MEMBERS: usize = 60;

/// The list a buying team is judged by: its contact clauses and what it suppresses.
#[derive(Clone, Copy, Debug)]
pub struct TeamScope {
    /// The list.
    pub query: Signal<ListQuery>,
    /// Its context (the suppression in force).
    pub context: Signal<Shared<ListContext>>,
}

impl TeamScope {
    /// The team of account `id` under this scope.
    #[must_use]
    pub fn team(self, dataset: &Dataset, id: u32) -> Option<TeamView> {
        self.query.with_untracked(|query| {
            self.context
                .with_untracked(|context| targeting::team(dataset, id, query, context))
        })
    }
}

/// The one-line summary: targeted, exportable, in the team.
#[must_use]
pub fn summary_text(team: &TeamView, targeting: bool) -> String {
    let total = team.members.len() as u64;
    if targeting {
        format!(
            "{} targeted · {} exportable · {} in the team",
            format::count(team.targeted as u64),
            format::count(team.exportable as u64),
            format::count(total),
        )
    } else {
        format!(
            "{} · {} exportable",
            format::contacts(total),
            format::count(team.exportable as u64),
        )
    }
}

/// The buying team, in full.
#[component]
pub fn BuyingTeam(
    /// The team.
    team: TeamView,
    /// Whether the list has contact clauses (else every contact is "targeted").
    targeting: bool,
) -> impl IntoView {
    let summary = summary_text(&team, targeting);
    let columns = seniority_choices()
        .into_iter()
        .map(|choice| view! { <th scope="col">{choice.label}</th> })
        .collect_view();
    let grid_rows = team
        .grid
        .iter()
        .map(|(function, counts)| {
            let cells = counts
                .iter()
                .map(|&n| view! { <td class:zero=n == 0>{if n == 0 { "·".to_owned() } else { n.to_string() }}</td> })
                .collect_view();
            view! { <tr><th scope="row">{*function}</th>{cells}</tr> }
        })
        .collect_view();
    let hidden = team.members.len().saturating_sub(SHOWN_MEMBERS);
    let members = team
        .members
        .iter()
        .take(SHOWN_MEMBERS)
        .map(|member| {
            view! {
                <tr class="team-member" class:untargeted=!member.targeted data-testid="team-member"
                    data-reach=member.reach data-targeted=member.targeted.to_string()>
                    <td>{member.function}</td>
                    <td>{member.seniority}</td>
                    <td>{member.country.clone()}</td>
                    <td><span class=format!("reach reach-{}", member.reach) title=member.reach_detail>{member.reach_label}</span></td>
                </tr>
            }
        })
        .collect_view();
    let more = (hidden > 0).then(|| view! { <p class="muted small">{format!("and {} more", format::count(hidden as u64))}</p> });
    view! {
        <div class="buying-team" data-testid="buying-team" data-targeted=team.targeted.to_string()
            data-exportable=team.exportable.to_string() data-total=team.members.len().to_string()>
            <p class="team-summary"><strong>{summary}</strong></p>
            <p class="muted small">"Pseudonymous: names and emails stay on the server; an export releases them."</p>
            <div class="team-tables">
                <table class="team-members" aria-label="Contacts, targeted first">
                    <thead><tr><th scope="col">"Function"</th><th scope="col">"Seniority"</th><th scope="col">"Country"</th><th scope="col">"Export"</th></tr></thead>
                    <tbody>{members}</tbody>
                </table>
                <table class="team-grid" data-testid="team-grid" aria-label="Contacts by function and seniority">
                    <thead><tr><th scope="col">"Function"</th>{columns}</tr></thead>
                    <tbody>{grid_rows}</tbody>
                </table>
            </div>
            {more}
        </div>
    }
}
