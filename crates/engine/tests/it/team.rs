//! An account's buying team (`Dataset::team`): who is targeted, and why the others cannot
//! be exported, agreeing with the dataset's own counts.

use clearlist_engine::ContactQuery;
use clearlist_engine::dataset::{Dataset, build_with_rules};
use clearlist_engine::email_rules::{B2bRule, EmailRules};
use clearlist_engine::team::Reach;
use clearlist_vault_io::generate::{GenerateConfig, generate};

engine_test! {
    fn a_team_says_who_is_targeted_and_why_others_cannot_be_exported() {
        let vault = generate(&GenerateConfig::new(60, 3));
        let pseudonyms: Vec<u64> = (1..=vault.contacts.len() as u64).collect();
        let rules = EmailRules::new([("FR".to_owned(), B2bRule::OptOut)]);
        let bytes = build_with_rules(&vault, &pseudonyms, &rules).expect("builds");
        let dataset = Dataset::decode(&bytes).expect("decodes");
        let clauses = ContactQuery { exportable: true, ..ContactQuery::default() };
        let mut reaches = std::collections::BTreeSet::new();
        for account in &vault.accounts {
            let team = dataset.team(account.id, &clauses, None).expect("a team");
            let row = dataset.row_of(account.id).expect("a row");
            let people = vault.contacts.iter().filter(|c| c.account_id == account.id).count();
            assert_eq!(team.len(), people);
            assert_eq!(
                team.iter().filter(|m| m.reach == Reach::Exportable).count(),
                dataset.exportable_contacts(row) as usize
            );
            assert_eq!(
                team.iter().filter(|m| m.targeted).count(),
                dataset.targeted_contacts(row, &clauses, None) as usize
            );
            for member in &team {
                assert_eq!(member.targeted, member.reach == Reach::Exportable);
                reaches.insert(member.reach);
            }
        }
        assert!(reaches.len() >= 3, "{reaches:?}");
        assert_eq!(dataset.team(u32::MAX, &clauses, None), None);
    }
}
