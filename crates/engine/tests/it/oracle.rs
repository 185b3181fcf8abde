//! A naive, row-at-a-time evaluator of list definitions straight from the vault: the
//! reference that the indexed engine must agree with.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use clearlist_engine::countries;
use clearlist_engine::dataset::{Dataset, fold_name};
use clearlist_engine::email_rules::{B2bRule, EmailRules};
use clearlist_engine::intent::Metrics;
use clearlist_engine::taxonomy::{EmployeeBand, Gauge, LawfulBasis, RevenueBand, slugify};
use clearlist_engine::vault::Vault;
use clearlist_engine::{ContactQuery, Facet, LevelClause, ListQuery, Mode, Sort};

/// One account as the oracle sees it: facet values as slugs.
pub(crate) struct Row {
    pub(crate) id: u32,
    pub(crate) name: String,
    pub(crate) band: u8,
    pub(crate) values: BTreeMap<Facet, BTreeSet<String>>,
    /// Intent per segment slug: (centi score, metrics).
    pub(crate) intent: BTreeMap<String, (u16, Metrics)>,
    pub(crate) last_touch: Option<i32>,
    /// The account's contacts, in the dataset's order.
    pub(crate) contacts: Vec<Person>,
}

/// A contact as the oracle sees it.
#[derive(Clone, Debug)]
pub(crate) struct Person {
    pub(crate) function: &'static str,
    /// 0 staff … 4 c-level.
    pub(crate) rank: u8,
    pub(crate) seniority: &'static str,
    /// Lower-case code, `unknown` when none.
    pub(crate) country: String,
    /// Exportable by the fixture's rules, suppression aside.
    pub(crate) exportable: bool,
    pub(crate) pseudonym: u64,
}

/// Seniorities from lowest to highest, as `level=min:` reads them.
const LEVELS: [&str; 5] = ["staff", "manager", "director", "vp", "c-level"];

pub(crate) struct Oracle<'a> {
    pub(crate) rows: Vec<Row>,
    dataset: &'a Dataset,
}

impl<'a> Oracle<'a> {
    pub(crate) fn new(
        vault: &Vault,
        dataset: &'a Dataset,
        rules: &EmailRules,
        pseudonyms: &[u64],
    ) -> Self {
        let mut intent: HashMap<u32, Vec<&clearlist_engine::vault::IntentRecord>> = HashMap::new();
        for record in &vault.intent {
            intent.entry(record.account_id).or_default().push(record);
        }
        let mut people: HashMap<u32, Vec<(u32, Person)>> = HashMap::new();
        for (contact, &pseudonym) in vault.contacts.iter().zip(pseudonyms) {
            let seniority = contact.seniority.slug();
            let person = Person {
                function: contact.function.slug(),
                rank: LEVELS
                    .iter()
                    .position(|l| *l == seniority)
                    .expect("seniority") as u8,
                seniority,
                country: if contact.country.is_empty() {
                    "unknown".to_owned()
                } else {
                    contact.country.to_lowercase()
                },
                exportable: !contact.opted_out
                    && contact.email_download
                    && (contact.lawful_basis == LawfulBasis::Consent
                        || rules.rule_for(&contact.country) == B2bRule::OptOut),
                pseudonym,
            };
            people
                .entry(contact.account_id)
                .or_default()
                .push((contact.id, person));
        }
        let mut rows: Vec<Row> = vault
            .accounts
            .iter()
            .map(|account| {
                let set = |labels: &[String]| {
                    labels
                        .iter()
                        .map(|label| slugify(label))
                        .collect::<BTreeSet<_>>()
                };
                let records = intent.get(&account.id).cloned().unwrap_or_default();
                let mut values = BTreeMap::new();
                values.insert(
                    Facet::Industry,
                    BTreeSet::from([slugify(&account.industry)]),
                );
                values.insert(
                    Facet::Country,
                    BTreeSet::from([account.country.to_lowercase()]),
                );
                let region = countries::country(&account.country)
                    .expect("known country")
                    .region;
                values.insert(Facet::Region, BTreeSet::from([region.slug().to_owned()]));
                values.insert(
                    Facet::Employees,
                    BTreeSet::from([EmployeeBand::of(account.employees).slug().to_owned()]),
                );
                values.insert(
                    Facet::Revenue,
                    BTreeSet::from([RevenueBand::of(account.revenue_usd).slug().to_owned()]),
                );
                values.insert(Facet::Tech, set(&account.technologies));
                values.insert(Facet::Topic, set(&account.topics));
                values.insert(Facet::Vendor, set(&account.vendors));
                values.insert(
                    Facet::Segment,
                    records.iter().map(|r| slugify(&r.segment)).collect(),
                );
                Row {
                    id: account.id,
                    name: account.name.clone(),
                    band: EmployeeBand::of(account.employees).index(),
                    values,
                    intent: records
                        .iter()
                        .map(|r| {
                            let metrics = Metrics::from_weeks(&r.weeks);
                            (slugify(&r.segment), (metrics.centi_score(), metrics))
                        })
                        .collect(),
                    last_touch: records
                        .iter()
                        .filter_map(|r| r.last_touch)
                        .max()
                        .map(|d| d.0),
                    contacts: {
                        let mut contacts = people.remove(&account.id).unwrap_or_default();
                        contacts.sort_by_key(|(id, _)| *id);
                        contacts.into_iter().map(|(_, person)| person).collect()
                    },
                }
            })
            .collect();
        rows.sort_by_key(|row| row.id);
        Oracle { rows, dataset }
    }

    /// The row's intent in the ranking segment: the named one or its strongest (ties: the
    /// segment the dataset lists first).
    fn ranking(&self, row: &Row, segment: Option<&str>) -> Option<(u16, Metrics)> {
        match segment {
            Some(segment) => row.intent.get(segment).copied(),
            None => {
                let dictionary = self.dataset.dictionary(Facet::Segment).expect("segments");
                row.intent
                    .iter()
                    .map(|(slug, entry)| {
                        (
                            entry.0,
                            std::cmp::Reverse(dictionary.index(slug).expect("segment")),
                            *entry,
                        )
                    })
                    .max_by_key(|&(score, index, _)| (score, index))
                    .map(|(_, _, entry)| entry)
            }
        }
    }

    fn values(&self, row: &Row, facet: Facet, segment: Option<&str>) -> BTreeSet<String> {
        match facet {
            Facet::Signal => self
                .ranking(row, segment)
                .map(|(_, m)| m.signals().iter().map(|s| s.slug().to_owned()).collect())
                .unwrap_or_default(),
            Facet::Gauge => {
                let gauge = self
                    .ranking(row, segment)
                    .map_or(Gauge::NotActive, |(_, m)| m.gauge());
                BTreeSet::from([gauge.slug().to_owned()])
            }
            _ => row.values[&facet].clone(),
        }
    }

    /// Whether a person passes the contact clauses, leaving out `fn` or `level` when
    /// `except` names it.
    fn person_matches(person: &Person, query: &ContactQuery, except: Option<&str>) -> bool {
        let function = except == Some("fn")
            || query.functions.as_ref().is_none_or(|clause| {
                clause.include == clause.values.iter().any(|f| f.slug() == person.function)
            });
        let level = except == Some("level")
            || match &query.level {
                None => true,
                Some(LevelClause::AtLeast(floor)) => {
                    let floor = LEVELS
                        .iter()
                        .position(|l| *l == floor.slug())
                        .expect("level");
                    usize::from(person.rank) >= floor
                }
                Some(LevelClause::Set(clause)) => {
                    clause.include == clause.values.iter().any(|s| s.slug() == person.seniority)
                }
            };
        let country = query
            .countries
            .as_ref()
            .is_none_or(|clause| clause.include == clause.values.contains(&person.country));
        function && level && country && (person.exportable || !query.exportable)
    }

    /// The row's contacts that match every contact clause and are not suppressed.
    pub(crate) fn matching<'r>(
        &self,
        row: &'r Row,
        query: &ListQuery,
        suppressed: &'r BTreeSet<u64>,
    ) -> impl Iterator<Item = &'r Person> + 'r {
        let contacts = query.contacts.clone();
        row.contacts.iter().filter(move |person| {
            !suppressed.contains(&person.pseudonym) && Self::person_matches(person, &contacts, None)
        })
    }

    /// Whether the row has enough matching contacts for the list.
    fn team_holds(&self, row: &Row, query: &ListQuery, suppressed: &BTreeSet<u64>) -> bool {
        let contacts = &query.contacts;
        let any_clause = contacts.functions.is_some()
            || contacts.level.is_some()
            || contacts.countries.is_some()
            || contacts.exportable;
        let needed = contacts.team.unwrap_or(u32::from(any_clause));
        self.matching(row, query, suppressed).count() >= needed as usize
    }

    /// Whether a row matches every filter except those on `except`, contact clauses
    /// included.
    pub(crate) fn matches(&self, row: &Row, query: &ListQuery, except: Option<Facet>) -> bool {
        self.account_matches(row, query, except) && self.team_holds(row, query, &BTreeSet::new())
    }

    /// Whether a row matches every filter with the contacts of `suppressed` pseudonyms
    /// left out.
    pub(crate) fn matches_with(
        &self,
        row: &Row,
        query: &ListQuery,
        suppressed: &BTreeSet<u64>,
    ) -> bool {
        self.account_matches(row, query, None) && self.team_holds(row, query, suppressed)
    }

    /// Whether a row matches every account-level filter except those on `except`.
    fn account_matches(&self, row: &Row, query: &ListQuery, except: Option<Facet>) -> bool {
        let segment = query.segment.as_deref();
        for (&facet, clauses) in &query.facets {
            if Some(facet) == except {
                continue;
            }
            let held = self.values(row, facet, segment);
            for clause in clauses {
                let ok = match clause.mode {
                    Mode::Any => clause.values.iter().any(|v| held.contains(v)),
                    Mode::All => clause.values.iter().all(|v| held.contains(v)),
                    Mode::Not => !clause.values.iter().any(|v| held.contains(v)),
                };
                if !ok {
                    return false;
                }
            }
        }
        if let Some(range) = query.touch {
            match row.last_touch {
                Some(day) if range.contains(clearlist_engine::Date(day)) => {}
                _ => return false,
            }
        }
        if !query.accounts.is_empty() && !query.accounts.contains(&row.id) {
            return false;
        }
        query
            .name_prefix
            .as_ref()
            .is_none_or(|prefix| fold_name(&row.name).starts_with(&fold_name(prefix)))
    }

    /// Count and the first `k` (id, centi score) in list order.
    pub(crate) fn run(&self, query: &ListQuery, k: usize) -> (u64, Vec<(u32, u16)>) {
        let segment = query.segment.as_deref();
        let mut matched: Vec<&Row> = self
            .rows
            .iter()
            .filter(|row| self.matches(row, query, None))
            .collect();
        let score = |row: &Row| self.ranking(row, segment).map_or(0, |(score, _)| score);
        match query.sort {
            Sort::Intent => matched.sort_by_key(|row| (std::cmp::Reverse(score(row)), row.id)),
            Sort::Name => matched.sort_by_key(|row| (fold_name(&row.name), row.id)),
            Sort::Size => matched.sort_by_key(|row| (std::cmp::Reverse(row.band), row.id)),
        }
        let top = matched
            .iter()
            .take(k)
            .map(|row| (row.id, score(row)))
            .collect();
        (matched.len() as u64, top)
    }

    /// Matching contacts at the matching accounts, and the exportable ones among them,
    /// with the contacts of `suppressed` pseudonyms left out.
    pub(crate) fn contact_counts(
        &self,
        query: &ListQuery,
        suppressed: &BTreeSet<u64>,
    ) -> (u64, u64) {
        let (mut contacts, mut exportable) = (0, 0);
        for row in self.rows.iter().filter(|row| {
            self.account_matches(row, query, None) && self.team_holds(row, query, suppressed)
        }) {
            for person in self.matching(row, query, suppressed) {
                contacts += 1;
                exportable += u64::from(person.exportable);
            }
        }
        (contacts, exportable)
    }

    /// The contact facet `key` (`fn` or `level`): per value, contacts with it matching the
    /// other contact clauses, at accounts matching every account filter that hold enough
    /// of them for the team.
    pub(crate) fn contact_facet(&self, query: &ListQuery, key: &str) -> BTreeMap<String, u64> {
        let needed = query.contacts.team.unwrap_or(1) as usize;
        let mut counts = BTreeMap::new();
        for row in self
            .rows
            .iter()
            .filter(|row| self.account_matches(row, query, None))
        {
            let mut per_value: BTreeMap<&str, usize> = BTreeMap::new();
            for person in &row.contacts {
                if Self::person_matches(person, &query.contacts, Some(key)) {
                    let value = if key == "fn" {
                        person.function
                    } else {
                        person.seniority
                    };
                    *per_value.entry(value).or_default() += 1;
                }
            }
            for (value, count) in per_value {
                if count >= needed {
                    *counts.entry(value.to_owned()).or_default() += count as u64;
                }
            }
        }
        counts
    }

    /// Counts of each value of `facet` over rows matching every other filter.
    pub(crate) fn facet_counts(&self, query: &ListQuery, facet: Facet) -> BTreeMap<String, u64> {
        let mut counts = BTreeMap::new();
        for row in self
            .rows
            .iter()
            .filter(|row| self.matches(row, query, Some(facet)))
        {
            for value in self.values(row, facet, query.segment.as_deref()) {
                *counts.entry(value).or_default() += 1;
            }
        }
        counts
    }
}
