//! Email rules (`/organisation/email-rules`): the per-country rule every export of the
//! organisation applies (opt-in: consent needed; opt-out: legitimate interest until the
//! person objects), the deployment's default or the organisation's own, searchable. An
//! Administrator overrides a country's rule with a reason, seeing beforehand how many
//! contacts of the current dataset would become, or stop being, exportable; or returns
//! it to the default. Every change is audited by the server, and the organisation's
//! dataset is rebuilt with it.
//!
//! Test hooks: `rules-page`, `rules-search`, `email-rule` rows (with `data-country`,
//! `data-rule`, `data-origin`), `rule-edit`, `rule-other-country`, `rule-other-open`,
//! `rule-editor` (with `data-country`), `rule-choice`, `rule-sources`, `rule-reason`,
//! `rule-effect` (with `data-gained`, `data-lost`), `rule-save`, `rule-reset`,
//! `rule-cancel`, `rules-error`, `rules-saved`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{OrgFrame, OrgPage};
use crate::api::{self, ApiError, EmailRule};
use crate::format;
use crate::pages::login::sign_in_error;
use crate::state::AppState;

/// The English name of a country code, or the code itself.
#[must_use]
pub fn country_name(code: &str) -> &str {
    crate::engine_bridge::country(&code.to_ascii_uppercase()).map_or(code, |c| c.name)
}

/// Whether a rule shows for a search: by code or by name, case-insensitively.
#[must_use]
pub fn rule_matches(rule: &EmailRule, search: &str) -> bool {
    let search = search.trim().to_lowercase();
    search.is_empty()
        || rule.country.to_lowercase() == search
        || country_name(&rule.country).to_lowercase().contains(&search)
}

/// A rule being edited: what the Administrator chose and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleDraft {
    /// Upper-case country code.
    pub country: String,
    /// Opt-out (legitimate interest suffices) or opt-in.
    pub opt_out: bool,
    /// Where the rule comes from (counsel's advice, a regulator's guidance).
    pub sources: String,
    /// Why the organisation departs from the default.
    pub reason: String,
    /// Whether the organisation already has its own rule there (it can return to the
    /// default).
    pub overridden: bool,
}

impl RuleDraft {
    /// A draft starting from the rule in force for `country`, if there is one listed
    /// (a country without one counts as opt-in).
    #[must_use]
    pub fn for_country(country: &str, rules: &[EmailRule]) -> RuleDraft {
        let country = country.trim().to_ascii_uppercase();
        let current = rules.iter().find(|rule| rule.country == country);
        let overridden = current.is_some_and(|rule| rule.origin == "tenant");
        RuleDraft {
            opt_out: current.is_some_and(|rule| rule.rule == "opt-out"),
            sources: current
                .filter(|_| overridden)
                .map(|rule| rule.sources.clone())
                .unwrap_or_default(),
            reason: current
                .filter(|_| overridden)
                .map(|rule| rule.notes.clone())
                .unwrap_or_default(),
            overridden,
            country,
        }
    }

    /// Why the draft cannot be saved yet, if it cannot.
    #[must_use]
    pub fn problem(&self) -> Option<&'static str> {
        if self.sources.trim().is_empty() {
            Some("Name the source of the rule (counsel's advice, a regulator's guidance).")
        } else if self.reason.trim().is_empty() {
            Some("Give the reason for the organisation's own rule.")
        } else {
            None
        }
    }
}

/// The Email rules page.
#[component]
pub fn EmailRulesPage() -> impl IntoView {
    view! {
        <OrgFrame current=OrgPage::EmailRules>
            <Rules />
        </OrgFrame>
    }
}

/// The page's shared state.
#[derive(Clone, Copy)]
struct RulesState {
    rules: RwSignal<Option<Result<Vec<EmailRule>, String>>>,
    draft: RwSignal<Option<RuleDraft>>,
    error: RwSignal<Option<String>>,
    saved: RwSignal<Option<String>>,
}

impl RulesState {
    fn reload(self) {
        spawn_local(async move {
            let loaded = api::email_rules()
                .await
                .map_err(|error| sign_in_error(&error));
            self.rules.try_set(Some(loaded));
        });
    }

    fn finish(self, outcome: Result<(), ApiError>, done: String) {
        self.reload();
        match outcome {
            Ok(()) => {
                self.draft.set(None);
                self.error.set(None);
                self.saved.set(Some(done));
            }
            Err(error) => self.error.set(Some(sign_in_error(&error))),
        }
    }

    fn save(self, draft: RuleDraft) {
        if let Some(problem) = draft.problem() {
            self.error.set(Some(problem.to_owned()));
            return;
        }
        spawn_local(async move {
            let outcome = api::set_email_rule(
                &draft.country,
                draft.opt_out,
                draft.sources.trim(),
                draft.reason.trim(),
            )
            .await
            .map(|_| ());
            self.finish(
                outcome,
                format!(
                    "{} now follows your organisation's rule.",
                    country_name(&draft.country)
                ),
            );
        });
    }

    fn reset(self, country: String) {
        spawn_local(async move {
            let outcome = api::reset_email_rule(&country).await;
            self.finish(
                outcome,
                format!("{} follows the default rule again.", country_name(&country)),
            );
        });
    }

    fn edit(self, country: &str) {
        let rules = self
            .rules
            .get_untracked()
            .and_then(Result::ok)
            .unwrap_or_default();
        self.error.set(None);
        self.saved.set(None);
        self.draft
            .set(Some(RuleDraft::for_country(country, &rules)));
    }
}

#[component]
fn Rules() -> impl IntoView {
    let state = RulesState {
        rules: RwSignal::new(None),
        draft: RwSignal::new(None),
        error: RwSignal::new(None),
        saved: RwSignal::new(None),
    };
    state.reload();
    let search = RwSignal::new(String::new());
    let table = move || {
        state.rules.get().map(|loaded| match loaded {
            Err(message) => {
                view! { <p class="status failed" role="alert">{message}</p> }.into_any()
            }
            Ok(rules) => view! { <RulesTable rules=rules search=search state=state /> }.into_any(),
        })
    };
    let other = RwSignal::new(String::new());
    view! {
        <section class="card" data-testid="rules-page">
            <h1>"Email rules"</h1>
            <p class="muted">
                "Exports include a contact without consent only where the country's rule is \
                 opt-out. A country not listed counts as opt-in. Changes apply to the next \
                 export and to the next dataset your team downloads."
            </p>
            {move || state.error.get().map(|message| view! { <p class="form-error" role="alert" data-testid="rules-error">{message}</p> })}
            {move || state.saved.get().map(|message| view! { <p class="notice" role="status" data-testid="rules-saved">{message}</p> })}
            {move || state.draft.get().map(|draft| view! { <RuleEditor draft=draft state=state /> })}
            <div class="org-filters">
                <input
                    type="search"
                    placeholder="Find a country by name or code"
                    aria-label="Find a country"
                    data-testid="rules-search"
                    prop:value=search
                    on:input=move |event| search.set(event_target_value(&event))
                />
                <span class="org-filters-gap"></span>
                <input
                    type="text"
                    maxlength="2"
                    placeholder="Code"
                    aria-label="Country code of a country not listed"
                    data-testid="rule-other-country"
                    prop:value=other
                    on:input=move |event| other.set(event_target_value(&event))
                />
                <button
                    type="button"
                    class="button secondary small"
                    data-testid="rule-other-open"
                    on:click=move |_| state.edit(&other.get_untracked())
                >
                    "Set a rule for another country"
                </button>
            </div>
            {table}
        </section>
    }
}

#[component]
fn RulesTable(
    mut rules: Vec<EmailRule>,
    search: RwSignal<String>,
    state: RulesState,
) -> impl IntoView {
    rules.sort_by(|a, b| country_name(&a.country).cmp(country_name(&b.country)));
    let rules = StoredValue::new(rules);
    let rows = move || {
        let search = search.get();
        rules
            .get_value()
            .into_iter()
            .filter(|rule| rule_matches(rule, &search))
            .map(|rule| view! { <RuleRow rule=rule state=state /> })
            .collect_view()
    };
    view! {
        <div class="table-scroll">
            <table class="org-table rules">
                <thead>
                    <tr>
                        <th scope="col">"Country"</th>
                        <th scope="col">"Rule"</th>
                        <th scope="col">"From"</th>
                        <th scope="col">"Sources and notes"</th>
                        <th scope="col">
                            <span class="visually-hidden">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn RuleRow(rule: EmailRule, state: RulesState) -> impl IntoView {
    let country = rule.country.clone();
    let origin = if rule.origin == "tenant" {
        "Your organisation"
    } else {
        "Default"
    };
    let label = if rule.rule == "opt-out" {
        "Opt-out"
    } else {
        "Opt-in"
    };
    let notes = if rule.notes.is_empty() {
        rule.sources.clone()
    } else {
        format!("{} — {}", rule.sources, rule.notes)
    };
    view! {
        <tr data-testid="email-rule" data-country=rule.country.clone() data-rule=rule.rule.clone() data-origin=rule.origin.clone()>
            <td>
                <strong>{country_name(&rule.country).to_owned()}</strong>
                <span class="muted">{format!(" {}", rule.country)}</span>
            </td>
            <td><span class=format!("status-pill rule-{}", rule.rule)>{label}</span></td>
            <td>{origin}</td>
            <td class="rule-notes" title=notes.clone()>{notes.clone()}</td>
            <td>
                <button
                    type="button"
                    class="button secondary small"
                    data-testid="rule-edit"
                    aria-label=format!("Change the rule for {}", country_name(&rule.country))
                    on:click=move |_| state.edit(&country)
                >
                    "Change"
                </button>
            </td>
        </tr>
    }
}

/// The editor of one country's rule, with the effect on the current dataset.
#[component]
fn RuleEditor(draft: RuleDraft, state: RulesState) -> impl IntoView {
    let app = expect_context::<AppState>();
    let chosen = RwSignal::new(draft.opt_out);
    let sources = RwSignal::new(draft.sources.clone());
    let reason = RwSignal::new(draft.reason.clone());
    let country = draft.country.clone();
    let effect = {
        let country = country.clone();
        move || {
            let dataset = app.dataset.get().and_then(Result::ok)?;
            let effect = dataset.rule_change_effect(&country, chosen.get());
            let text = match (effect.gained, effect.lost) {
                (0, 0) => "No contact of the current dataset changes exportability.".to_owned(),
                (gained, 0) => format!(
                    "{} of the current dataset become exportable.",
                    format::contacts(gained)
                ),
                (_, lost) => format!(
                    "{} of the current dataset stop being exportable.",
                    format::contacts(lost)
                ),
            };
            Some(view! {
                <p class="rule-effect" data-testid="rule-effect" data-gained=effect.gained data-lost=effect.lost>{text}</p>
            })
        }
    };
    let save = {
        let draft = draft.clone();
        move |_| {
            state.save(RuleDraft {
                opt_out: chosen.get_untracked(),
                sources: sources.get_untracked(),
                reason: reason.get_untracked(),
                ..draft.clone()
            })
        }
    };
    let reset = draft.overridden.then(|| {
        let country = country.clone();
        view! {
            <button type="button" class="button secondary" data-testid="rule-reset" on:click=move |_| state.reset(country.clone())>
                "Return to the default"
            </button>
        }
    });
    view! {
        <div class="rule-editor" data-testid="rule-editor" data-country=country.clone()>
            <h2>{format!("Rule for {} ({})", country_name(&country), country)}</h2>
            <div class="field">
                <label for="rule-choice">"Rule"</label>
                <select
                    id="rule-choice"
                    data-testid="rule-choice"
                    on:change=move |event| chosen.set(event_target_value(&event) == "opt-out")
                >
                    <option value="opt-in" selected=!draft.opt_out>"Opt-in: consent needed"</option>
                    <option value="opt-out" selected=draft.opt_out>"Opt-out: legitimate interest until the person objects"</option>
                </select>
            </div>
            {effect}
            <div class="field">
                <label for="rule-sources">"Source"</label>
                <input id="rule-sources" type="text" maxlength="2000" data-testid="rule-sources" prop:value=sources on:input=move |event| sources.set(event_target_value(&event)) />
            </div>
            <div class="field">
                <label for="rule-reason">"Reason for your organisation's rule"</label>
                <textarea id="rule-reason" rows="2" maxlength="2000" data-testid="rule-reason" prop:value=reason on:input=move |event| reason.set(event_target_value(&event))></textarea>
            </div>
            <div class="row-buttons">
                <button type="button" class="button primary" data-testid="rule-save" on:click=save>"Save the rule"</button>
                {reset}
                <button type="button" class="button secondary" data-testid="rule-cancel" on:click=move |_| state.draft.set(None)>"Cancel"</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn rule(country: &str, rule: &str, origin: &str) -> EmailRule {
        EmailRule {
            country: country.to_owned(),
            rule: rule.to_owned(),
            sources: "counsel".to_owned(),
            notes: "why".to_owned(),
            origin: origin.to_owned(),
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_rule_is_found_by_code_or_name() {
        let germany = rule("DE", "opt-in", "default");
        assert!(rule_matches(&germany, "de"));
        assert!(rule_matches(&germany, "germ"));
        assert!(rule_matches(&germany, " "));
        assert!(!rule_matches(&germany, "fr"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_draft_starts_from_the_rule_in_force_and_needs_a_source_and_reason() {
        let rules = [
            rule("DE", "opt-in", "default"),
            rule("GB", "opt-out", "tenant"),
        ];
        let germany = RuleDraft::for_country("de", &rules);
        assert_eq!(
            (
                germany.country.as_str(),
                germany.opt_out,
                germany.overridden
            ),
            ("DE", false, false)
        );
        assert_eq!(
            germany.sources, "",
            "a default's source is not the organisation's"
        );
        assert!(germany.problem().is_some());
        let britain = RuleDraft::for_country("GB", &rules);
        assert!(britain.opt_out && britain.overridden && britain.problem().is_none());
        // A country without a listed rule counts as opt-in.
        assert!(!RuleDraft::for_country("PT", &rules).opt_out);
    }
}
