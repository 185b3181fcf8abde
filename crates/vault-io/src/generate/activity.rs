//! Made-up intent: which segments an account researches, its weekly activity in each over
//! the 13-week window, and the topics and vendors that research touched.
//!
//! Activity is bursty and skewed the way B2B intent data is: most records are weak (a
//! reader or two in a few scattered weeks), some are warm (a handful of readers over
//! several recent weeks), and a minority are hot (many readers building up over many
//! weeks, senior readers, pricing and comparison content, several vendors). Bigger
//! companies research more segments with more readers. The shares are tuned so that each
//! signal of `intent` lights for roughly 5–25% of records and every gauge value occurs.

use rand::Rng;

use super::catalog::Catalog;
use super::sample::{binomial, chance, noise, round_random};
use clearlist_engine::date::Date;
use clearlist_engine::vault::{IntentRecord, WEEKS, WeekActivity};

/// Most topics kept per account.
const MAX_TOPICS: usize = 15;
/// Most vendor interests per account.
const MAX_VENDORS: usize = 8;

/// The topics and vendors an account's research touched, most read first.
#[derive(Default)]
pub(super) struct Interests {
    pub(super) topics: Vec<String>,
    pub(super) vendors: Vec<String>,
}

/// How strongly an account researches one segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Heat {
    Weak,
    Warm,
    Hot,
}

/// Reusable buffers, so that a million accounts do not allocate them a million times.
#[derive(Default)]
pub(super) struct Scratch {
    picks: Vec<usize>,
    topic_picks: Vec<usize>,
    topics: Vec<(u16, f64)>,
    vendors: Vec<u16>,
}

/// Draws an account's intent records (appended to `records`) and returns its interests.
pub(super) fn intent<R: Rng>(
    rng: &mut R,
    catalog: &Catalog,
    account_id: u32,
    employees: u32,
    as_of: Date,
    records: &mut Vec<IntentRecord>,
    scratch: &mut Scratch,
) -> Interests {
    // log10 of headcount: 0 for a sole trader, 5 for a 100,000-person company.
    let size = f64::from(employees).log10();
    if !chance(rng, (0.30 + 0.06 * size).min(0.9)) {
        return Interests::default();
    }
    let mut count = catalog.segment_counts.sample(rng) + 1;
    if size > 3.0 && chance(rng, 0.4) {
        count += 1;
    }
    catalog
        .segment_sampler
        .sample_distinct(rng, count.min(6), &mut scratch.picks);

    scratch.topics.clear();
    scratch.vendors.clear();
    let mut vendor_target = 0;
    for (rank, &segment_index) in scratch.picks.iter().enumerate() {
        let segment = &catalog.segments[segment_index];
        // An account's first segment is its main project; later ones are side interests.
        let hot = (0.06 + 0.025 * size) * if rank == 0 { 1.0 } else { 0.6 };
        let roll = rng.r#gen::<f64>();
        let heat = if roll < hot {
            Heat::Hot
        } else if roll < hot + 0.27 {
            Heat::Warm
        } else {
            Heat::Weak
        };
        let weeks = weeks(rng, heat, size, employees);
        let last_touch = weeks
            .iter()
            .rposition(|week| *week != WeekActivity::default())
            .map(|last| {
                let offset = i32::try_from(last).unwrap_or(0);
                week_start(as_of, offset).add_days(rng.gen_range(0..7))
            });

        // Topics: more for busier records, weighted by how much was read.
        let readers: f64 = weeks.iter().map(|week| f64::from(week.readers)).sum();
        let active = weeks.iter().filter(|week| week.readers > 0).count();
        let n_topics = 1 + active / 4 + if heat == Heat::Hot { 2 } else { 0 };
        segment
            .topic_sampler
            .sample_distinct(rng, n_topics, &mut scratch.topic_picks);
        for (topic_rank, &pick) in scratch.topic_picks.iter().enumerate() {
            if let Some(&topic) = segment.topics.get(pick) {
                add_weight(
                    &mut scratch.topics,
                    topic,
                    readers / (topic_rank as f64 + 1.0),
                );
            }
        }
        let late: u16 = weeks.iter().map(|week| week.late_stage).sum();
        if late > 0 {
            let late_topics = if late >= 3 { 2 } else { 1 };
            for _ in 0..late_topics {
                if let Some(&topic) = segment
                    .late_topics
                    .get(rng.gen_range(0..segment.late_topics.len().max(1)))
                {
                    add_weight(&mut scratch.topics, topic, readers / 2.0);
                }
            }
        }

        // Vendors: as many as the record's busiest week for vendors, mostly the family's.
        let record_vendors = weeks.iter().map(|week| week.vendors).max().unwrap_or(0);
        vendor_target = vendor_target.max(usize::from(record_vendors));
        for _ in 0..record_vendors {
            let vendor = if !segment.vendors.is_empty() && chance(rng, 0.75) {
                // min of two uniform draws: the best-known vendors come up more often.
                let index = rng
                    .gen_range(0..segment.vendors.len())
                    .min(rng.gen_range(0..segment.vendors.len()));
                segment.vendors[index]
            } else {
                u16::try_from(catalog.vendor_sampler.sample(rng)).unwrap_or(0)
            };
            if !scratch.vendors.contains(&vendor) {
                scratch.vendors.push(vendor);
            }
        }

        records.push(IntentRecord {
            account_id,
            segment: segment.label.to_owned(),
            weeks,
            last_touch,
        });
    }

    // Sort by weight, heaviest first; ties by topic index so that the order is stable.
    scratch
        .topics
        .sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let topics = scratch
        .topics
        .iter()
        .take(MAX_TOPICS)
        .map(|&(topic, _)| catalog.topics[usize::from(topic)].clone())
        .collect();
    let extra = usize::from(binomial(rng, 2, 0.3));
    let vendors = scratch
        .vendors
        .iter()
        .take((vendor_target + extra).min(MAX_VENDORS))
        .map(|&vendor| catalog.vendors[usize::from(vendor)].clone())
        .collect();
    Interests { topics, vendors }
}

/// The first day of week `index` (0 = oldest) of the window that ends on `as_of`.
pub(super) fn week_start(as_of: Date, index: i32) -> Date {
    as_of.add_days(-(13 - index) * 7 + 1)
}

fn add_weight(weights: &mut Vec<(u16, f64)>, topic: u16, weight: f64) {
    match weights.iter_mut().find(|(t, _)| *t == topic) {
        Some((_, total)) => *total += weight,
        None => weights.push((topic, weight)),
    }
}

/// Thirteen weeks of activity of one heat.
fn weeks<R: Rng>(rng: &mut R, heat: Heat, size: f64, employees: u32) -> [WeekActivity; WEEKS] {
    let mut weeks = [WeekActivity::default(); WEEKS];
    // A company cannot have more readers than people.
    let cap = u32::from(u16::MAX).min(employees).max(1);
    let last = WEEKS - 1;
    match heat {
        Heat::Hot => {
            // A sustained burst that usually runs up to the current week.
            let active = rng.gen_range(6..=WEEKS);
            let mut end = last;
            while end + 1 > active && chance(rng, 0.25) {
                end -= 1;
            }
            let start = end + 1 - active;
            let peak = (3.0 + 2.2 * size) * noise(rng, 0.4);
            for (offset, week) in weeks[start..=end].iter_mut().enumerate() {
                if start + offset != end && !chance(rng, 0.9) {
                    continue;
                }
                let ramp = 0.35 + 0.65 * (offset + 1) as f64 / active as f64;
                let expected = peak * ramp * rng.gen_range(0.6..1.3);
                let readers = to_u16(round_random(rng, expected, cap).max(1));
                // Late-stage content comes in the second half of a buying cycle.
                let late_stage = if offset >= active / 2 {
                    match rng.gen_range(0..20u8) {
                        0..7 => 0,
                        7..15 => 1,
                        15..19 => 2,
                        _ => 3,
                    }
                } else {
                    u16::from(chance(rng, 0.15))
                };
                *week = WeekActivity {
                    readers,
                    senior_readers: binomial(rng, readers, 0.22),
                    late_stage,
                    vendors: 1 + binomial(rng, readers.min(8), 0.3),
                };
            }
        }
        Heat::Warm => {
            // A few weeks, mostly recent, inside a short span.
            let active = rng.gen_range(2..=7);
            let end = last - rng.gen_range(0..=6).min(rng.gen_range(0..=6));
            let span = (active + rng.gen_range(0..=3)).min(end + 1);
            let start = end + 1 - span;
            let peak = (1.5 + 1.2 * size) * noise(rng, 0.5);
            let mut marked = 0;
            for index in (start..=end).rev() {
                // The last week of the span is always active; the others by chance.
                let left = end - index;
                let needed = active.min(span) - marked;
                if index != end && !chance(rng, needed as f64 / (span - left) as f64) {
                    continue;
                }
                marked += 1;
                let expected = peak * rng.gen_range(0.4..1.1);
                let readers = to_u16(round_random(rng, expected, cap).max(1));
                weeks[index] = WeekActivity {
                    readers,
                    senior_readers: binomial(rng, readers, 0.15),
                    late_stage: u16::from(chance(rng, 0.1)),
                    vendors: match rng.gen_range(0..20u8) {
                        0..7 => 0,
                        7..15 => 1,
                        15..19 => 2,
                        _ => 3,
                    },
                };
            }
        }
        Heat::Weak => {
            // One to three scattered weeks with a reader or two.
            for _ in 0..rng.gen_range(1..=3) {
                let index = rng.gen_range(0..WEEKS);
                let readers = to_u16(if chance(rng, 0.3) { 2u32.min(cap) } else { 1 });
                weeks[index] = WeekActivity {
                    readers,
                    senior_readers: u16::from(chance(rng, 0.1)),
                    late_stage: u16::from(chance(rng, 0.03)),
                    vendors: u16::from(chance(rng, 0.4)),
                };
            }
        }
    }
    weeks
}

fn to_u16(value: u32) -> u16 {
    u16::try_from(value).unwrap_or(u16::MAX)
}
