//! The generator's vocabularies, built once per run from the word lists: every label the
//! vault can hold (industries, segments, technologies, topics, vendors) with its
//! popularity table, so that per-account work is table look-ups and clones.
//!
//! The catalog does not depend on the run's seed: a fixed internal seed shuffles the
//! made-up labels, so every generated vault shares one vocabulary and list URLs that name
//! a label keep meaning the same thing across seeds and sizes.

use std::collections::HashSet;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::geo::{Culture, PROFILES, Profile};
use super::names;
use super::people::PeopleTables;
use super::products::{
    REAL_TECHNOLOGIES, REAL_VENDORS, TECH_CATEGORIES, VENDOR_PREFIXES, VENDOR_SUFFIXES,
};
use super::sample::Weighted;
use super::words::{
    ASPECTS, Family, INDUSTRIES, LATE_ASPECTS, POPULAR_SEGMENTS, PREFIXES, SEGMENTS, Sector,
    family_keywords, family_vendors,
};
use clearlist_engine::taxonomy::slugify;

/// Distinct technology labels in the vocabulary.
pub(super) const TECHNOLOGY_COUNT: usize = 2_000;
/// Distinct topic labels in the vocabulary.
pub(super) const TOPIC_COUNT: usize = 10_000;
/// Distinct vendor labels in the vocabulary.
pub(super) const VENDOR_COUNT: usize = 500;

/// Late-stage topics per segment ("… Pricing", "… Vendor Comparison").
const LATE_TOPICS_PER_SEGMENT: usize = 3;
/// Of a segment's other topics, how many are `<segment> <aspect>`; the rest combine the
/// family's keywords with aspects.
const ASPECT_TOPICS_PER_SEGMENT: usize = 17;

/// Seeds the shuffles that order made-up labels; changing it changes the vocabulary.
const CATALOG_SEED: u64 = 0x00C1_EA41_1570;

/// Everything the generator draws labels from.
pub(super) struct Catalog {
    pub(super) industries: Vec<(&'static str, Sector)>,
    pub(super) industry_sampler: Weighted,
    pub(super) profile_sampler: Weighted,
    /// Per profile, Zipf over its cities (biggest first).
    pub(super) city_samplers: Vec<Weighted>,
    /// Segments in popularity order (index 0 is the most researched).
    pub(super) segments: Vec<Segment>,
    pub(super) segment_sampler: Weighted,
    /// Technology labels, most installed first.
    pub(super) technologies: Vec<String>,
    pub(super) technology_sampler: Weighted,
    /// Topic labels; each segment lists its own.
    pub(super) topics: Vec<String>,
    /// Vendor labels, best known first.
    pub(super) vendors: Vec<String>,
    pub(super) vendor_sampler: Weighted,
    /// How many segments an intent account researches (index + 1): 1 to 6, mostly 1.
    pub(super) segment_counts: Weighted,
    /// Samplers of contacts' function and seniority.
    pub(super) people: PeopleTables,
    /// Personal names per culture, in [`Culture::ALL`] order.
    pub(super) names: Vec<CultureNames>,
}

/// A market segment with the topics and vendors its readers see.
pub(super) struct Segment {
    pub(super) label: &'static str,
    /// Indexes into [`Catalog::topics`], most read first.
    pub(super) topics: Vec<u16>,
    pub(super) topic_sampler: Weighted,
    /// Late-stage topics (pricing, comparisons) for accounts deep in evaluation.
    pub(super) late_topics: Vec<u16>,
    /// Indexes into [`Catalog::vendors`] of the family's vendors, best known first.
    pub(super) vendors: Vec<u16>,
}

/// Personal names of one culture with their email forms.
pub(super) struct CultureNames {
    /// `(name, ascii lower-case letters and digits only)`.
    pub(super) first: Vec<(&'static str, String)>,
    pub(super) last: Vec<(&'static str, String)>,
}

impl Catalog {
    /// Builds every vocabulary (about 12,500 labels; a few milliseconds).
    pub(super) fn build() -> Catalog {
        let mut rng = StdRng::seed_from_u64(CATALOG_SEED);
        let vendors = vendors(&mut rng);
        let technologies = technologies(&mut rng);
        let segment_order = segment_order(&mut rng);
        let mut topics = Topics::default();
        let base = TOPIC_COUNT / segment_order.len().max(1);
        let extra = TOPIC_COUNT % segment_order.len().max(1);
        let segments: Vec<Segment> = segment_order
            .iter()
            .enumerate()
            .map(|(rank, &(label, family))| {
                let count = base + usize::from(rank < extra);
                topics.add_segment(&mut rng, label, family, count, &vendors)
            })
            .collect();
        Catalog {
            industries: INDUSTRIES.to_vec(),
            industry_sampler: Weighted::zipf(INDUSTRIES.len(), 0.9),
            profile_sampler: Weighted::new(
                PROFILES.iter().map(|profile| f64::from(profile.weight)),
            ),
            city_samplers: PROFILES
                .iter()
                .map(|profile| Weighted::zipf(profile.cities.len(), 1.0))
                .collect(),
            segment_sampler: Weighted::zipf(segments.len(), 1.0),
            segments,
            technology_sampler: Weighted::zipf(technologies.len(), 1.0),
            technologies,
            topics: topics.labels,
            vendor_sampler: Weighted::zipf(vendors.len(), 1.0),
            vendors,
            segment_counts: Weighted::new([50.0, 22.0, 12.0, 8.0, 5.0, 3.0]),
            people: PeopleTables::new(),
            names: Culture::ALL
                .iter()
                .map(|&culture| culture_names(culture))
                .collect(),
        }
    }

    /// The personal names of a culture.
    pub(super) fn names_of(&self, culture: Culture) -> &CultureNames {
        let index = Culture::ALL.iter().position(|&c| c == culture).unwrap_or(0);
        &self.names[index]
    }

    /// The HQ profile at `index` of the profile sampler.
    pub(super) fn profile(index: usize) -> &'static Profile {
        &PROFILES[index.min(PROFILES.len() - 1)]
    }
}

/// Real vendors first, then made-up ones ("Nexora", "Brightlane Labs") up to
/// [`VENDOR_COUNT`].
fn vendors(rng: &mut StdRng) -> Vec<String> {
    let mut labels: Vec<String> = REAL_VENDORS
        .iter()
        .map(|&vendor| vendor.to_owned())
        .collect();
    let mut slugs: HashSet<String> = labels.iter().map(|label| slugify(label)).collect();
    for name in made_up_vendor_names(rng) {
        if labels.len() >= VENDOR_COUNT {
            break;
        }
        // A third of made-up vendors carry a word after the coined name, as real ones do.
        let label = match rng.gen_range(0..9u8) {
            0 => format!("{name} Labs"),
            1 => format!("{name} Software"),
            2 => format!("{name} Technologies"),
            _ => name,
        };
        if slugs.insert(slugify(&label)) {
            labels.push(label);
        }
    }
    labels
}

/// Coined vendor names in a fixed shuffled order.
fn made_up_vendor_names(rng: &mut StdRng) -> Vec<String> {
    let mut names: Vec<String> = VENDOR_PREFIXES
        .iter()
        .flat_map(|prefix| {
            VENDOR_SUFFIXES
                .iter()
                .map(move |suffix| format!("{prefix}{suffix}"))
        })
        .collect();
    names.shuffle(rng);
    names
}

/// Real products first, then `<made-up vendor> <category>` up to [`TECHNOLOGY_COUNT`].
///
/// Made-up products use their own pool of coined names (shuffled differently from the
/// vendor list) so that a real vendor is never credited with a product it does not sell.
fn technologies(rng: &mut StdRng) -> Vec<String> {
    let mut labels: Vec<String> = REAL_TECHNOLOGIES
        .iter()
        .map(|&tech| tech.to_owned())
        .collect();
    let mut slugs: HashSet<String> = labels.iter().map(|label| slugify(label)).collect();
    let makers = made_up_vendor_names(rng);
    let mut made_up = Vec::new();
    for maker in &makers {
        let mut categories: Vec<&str> = TECH_CATEGORIES.to_vec();
        categories.shuffle(rng);
        for category in categories.iter().take(3) {
            made_up.push(format!("{maker} {category}"));
        }
    }
    made_up.shuffle(rng);
    for label in made_up {
        if labels.len() >= TECHNOLOGY_COUNT {
            break;
        }
        if slugs.insert(slugify(&label)) {
            labels.push(label);
        }
    }
    labels
}

/// Segments in popularity order: the well-known ones first, the rest shuffled.
fn segment_order(rng: &mut StdRng) -> Vec<(&'static str, Family)> {
    let mut order: Vec<(&'static str, Family)> = POPULAR_SEGMENTS
        .iter()
        .filter_map(|name| SEGMENTS.iter().find(|(label, _)| label == name).copied())
        .collect();
    let mut rest: Vec<(&'static str, Family)> = SEGMENTS
        .iter()
        .filter(|(label, _)| !POPULAR_SEGMENTS.contains(label))
        .copied()
        .collect();
    rest.shuffle(rng);
    order.extend(rest);
    order
}

/// Topic labels under construction, unique by slug.
#[derive(Default)]
struct Topics {
    labels: Vec<String>,
    slugs: HashSet<String>,
    /// Per family, the shuffled `<keyword> <aspect>` pool and how much of it is used.
    keyword_pools: Vec<(Family, Vec<String>, usize)>,
}

impl Topics {
    /// Adds a label unless its slug is taken; returns its index.
    fn add(&mut self, label: String) -> Option<u16> {
        if !self.slugs.insert(slugify(&label)) {
            return None;
        }
        let index = u16::try_from(self.labels.len()).ok()?;
        self.labels.push(label);
        Some(index)
    }

    /// Makes a segment with `count` topics of its own plus its late-stage topics.
    fn add_segment(
        &mut self,
        rng: &mut StdRng,
        label: &'static str,
        family: Family,
        count: usize,
        vendors: &[String],
    ) -> Segment {
        let mut late_aspects = LATE_ASPECTS.to_vec();
        late_aspects.shuffle(rng);
        let late_topics: Vec<u16> = late_aspects
            .iter()
            .take(LATE_TOPICS_PER_SEGMENT)
            .filter_map(|aspect| self.add(format!("{label} {aspect}")))
            .collect();
        let own = count.saturating_sub(late_topics.len());

        let mut topics = Vec::with_capacity(own);
        let mut aspects = ASPECTS.to_vec();
        aspects.shuffle(rng);
        let mut aspects = aspects.into_iter();
        for aspect in aspects.by_ref() {
            if topics.len() >= ASPECT_TOPICS_PER_SEGMENT.min(own) {
                break;
            }
            topics.extend(self.add(format!("{label} {aspect}")));
        }
        // One "AI-Powered CRM"-style topic, unless the label already has the word.
        let prefixes: Vec<&str> = PREFIXES
            .iter()
            .copied()
            .filter(|prefix| !label.contains(prefix))
            .collect();
        if let Some(prefix) = prefixes.choose(rng)
            && topics.len() < own
        {
            topics.extend(self.add(format!("{prefix} {label}")));
        }
        while topics.len() < own {
            let Some(keyword_topic) = self.next_keyword_topic(rng, family) else {
                break;
            };
            topics.extend(self.add(keyword_topic));
        }
        // Should the family's keywords run out, more "<segment> <aspect>" topics fill in.
        for aspect in aspects {
            if topics.len() >= own {
                break;
            }
            topics.extend(self.add(format!("{label} {aspect}")));
        }
        topics.shuffle(rng);

        let segment_vendors = family_vendors(family)
            .iter()
            .filter_map(|name| vendors.iter().position(|vendor| vendor == name))
            .filter_map(|index| u16::try_from(index).ok())
            .collect();
        Segment {
            label,
            topic_sampler: Weighted::zipf(topics.len(), 1.0),
            topics,
            late_topics,
            vendors: segment_vendors,
        }
    }

    /// The next unused `<keyword> <aspect>` label of a family, if any is left.
    fn next_keyword_topic(&mut self, rng: &mut StdRng, family: Family) -> Option<String> {
        let position = match self.keyword_pools.iter().position(|(f, _, _)| *f == family) {
            Some(position) => position,
            None => {
                let mut pool: Vec<String> = family_keywords(family)
                    .iter()
                    .flat_map(|keyword| {
                        ASPECTS
                            .iter()
                            .map(move |aspect| format!("{keyword} {aspect}"))
                    })
                    .collect();
                pool.shuffle(rng);
                self.keyword_pools.push((family, pool, 0));
                self.keyword_pools.len() - 1
            }
        };
        let (_, pool, used) = &mut self.keyword_pools[position];
        let label = pool.get(*used).cloned();
        *used += 1;
        label
    }
}

fn culture_names(culture: Culture) -> CultureNames {
    let fold = |names: &[&'static str]| -> Vec<(&'static str, String)> {
        names.iter().map(|&name| (name, email_fold(name))).collect()
    };
    CultureNames {
        first: fold(names::first_names(culture)),
        last: fold(names::last_names(culture)),
    }
}

/// A name as it appears in an email address: ASCII letters and digits, lower case
/// ("Zoë" → "zoe", "O'Brien" → "obrien", "de Vries" → "devries").
pub(super) fn email_fold(name: &str) -> String {
    deunicode::deunicode(name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|ch| ch.to_ascii_lowercase())
        .collect()
}
