//! Account profiles agree with the list rows and with the dataset's columns.

use clearlist_engine::intent::Weights;
use clearlist_engine::taxonomy::Facet;

use crate::fixture::fixture;

engine_test! {
    fn profile_agrees_with_the_summary_and_the_rows() {
        let dataset = &fixture().dataset;
        let weights = Weights::default();
        for row in [0u32, 17, (dataset.len() - 1) as u32] {
            let id = dataset.id_of(row);
            let profile = dataset.profile(id, &weights).expect("profile");
            assert_eq!(profile.summary, dataset.summary(id, None).expect("summary"));
            let team: u32 = profile.buying_team.by_function.iter().map(|(_, n)| n).sum();
            assert_eq!(team, profile.summary.contacts);
            assert_eq!(profile.segments.len(), dataset.intents(row).len());
            for pair in profile.segments.windows(2) {
                assert!(pair[0].explanation.centi_score >= pair[1].explanation.centi_score);
            }
            for segment in &profile.segments {
                assert_eq!(segment.explanation.centi_score, segment.metrics.centi_score());
            }
            let slugs = |pairs: &[(String, String)]| pairs.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>();
            assert_eq!(slugs(&profile.vendors), dataset.facet_slugs(row, Facet::Vendor, None));
            assert_eq!(slugs(&profile.topics), dataset.facet_slugs(row, Facet::Topic, None));
            assert_eq!(slugs(&profile.technologies), dataset.facet_slugs(row, Facet::Tech, None));
        }
        assert!(dataset.profile(u32::MAX, &weights).is_none());
    }
}

engine_test! {
    fn weights_change_the_explanation() {
        let dataset = &fixture().dataset;
        let row = (0..dataset.len() as u32)
            .find(|&row| dataset.intents(row).iter().any(|i| i.metrics.readers > 0))
            .expect("an account with readers");
        let id = dataset.id_of(row);
        let heavy = Weights { readers: 30.0, ..Weights::default() };
        let default = dataset.profile(id, &Weights::default()).expect("profile");
        let tuned = dataset.profile(id, &heavy).expect("profile");
        let best = |p: &clearlist_engine::profile::AccountProfile| p.segments[0].explanation.centi_score;
        assert!(best(&tuned) > best(&default));
    }
}
