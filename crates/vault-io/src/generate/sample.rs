//! Random draws the generator needs beyond `rand`: skewed choices from precomputed tables,
//! log-normal sizes, and small helpers that never panic on the static word lists.

use rand::Rng;
use rand::seq::SliceRandom;
use rand_distr::StandardNormal;

/// A discrete distribution over `0..len`, drawn by binary search in cumulative weights.
///
/// Precomputed once per vocabulary so that a million draws cost a few comparisons each.
pub(super) struct Weighted {
    /// Running sums of the weights; strictly increasing when every weight is positive.
    cumulative: Vec<f64>,
}

impl Weighted {
    /// A distribution with the given non-negative weights.
    pub(super) fn new(weights: impl IntoIterator<Item = f64>) -> Weighted {
        let mut total = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|weight| {
                total += weight.max(0.0);
                total
            })
            .collect();
        Weighted { cumulative }
    }

    /// Zipf's law over `len` ranks: rank `k` (from 0) has weight `1 / (k + 1)^exponent`.
    pub(super) fn zipf(len: usize, exponent: f64) -> Weighted {
        Weighted::new((1..=len).map(|rank| (rank as f64).powf(-exponent)))
    }

    /// Draws an index; 0 for an empty distribution.
    pub(super) fn sample<R: Rng>(&self, rng: &mut R) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let target = rng.r#gen::<f64>() * total;
        self.cumulative
            .partition_point(|&sum| sum <= target)
            .min(self.cumulative.len().saturating_sub(1))
    }

    /// Draws up to `count` distinct indexes, in draw order (popular ones tend to come
    /// first). Gives up after a bounded number of repeats, so it may return fewer when
    /// the distribution is too concentrated.
    pub(super) fn sample_distinct<R: Rng>(&self, rng: &mut R, count: usize, out: &mut Vec<usize>) {
        out.clear();
        let count = count.min(self.cumulative.len());
        let mut attempts = count * 8 + 16;
        while out.len() < count && attempts > 0 {
            attempts -= 1;
            let index = self.sample(rng);
            if !out.contains(&index) {
                out.push(index);
            }
        }
    }
}

/// True with probability `p` (clamped to 0..=1, unlike `Rng::gen_bool`, which panics).
pub(super) fn chance<R: Rng>(rng: &mut R, p: f64) -> bool {
    rng.r#gen::<f64>() < p
}

/// A uniformly chosen word; `""` for an empty list.
pub(super) fn pick<R: Rng>(rng: &mut R, words: &[&'static str]) -> &'static str {
    words.choose(rng).copied().unwrap_or_default()
}

/// `exp(N(mu, sigma))`.
pub(super) fn log_normal<R: Rng>(rng: &mut R, mu: f64, sigma: f64) -> f64 {
    let z: f64 = rng.sample(StandardNormal);
    (mu + sigma * z).exp()
}

/// A log-normal factor with mean 1: scales a mean without moving it.
pub(super) fn noise<R: Rng>(rng: &mut R, sigma: f64) -> f64 {
    log_normal(rng, -sigma * sigma / 2.0, sigma)
}

/// Rounds a non-negative real to an integer at random so that the mean is kept
/// (2.3 becomes 3 with probability 0.3), then clamps it to `max`.
pub(super) fn round_random<R: Rng>(rng: &mut R, value: f64, max: u32) -> u32 {
    let value = value.max(0.0);
    let floor = value.floor();
    let up = chance(rng, value - floor);
    let whole = floor + if up { 1.0 } else { 0.0 };
    if whole >= f64::from(max) {
        max
    } else {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "0 <= whole < max"
        )]
        {
            whole as u32
        }
    }
}

/// How many of `trials` independent events with probability `p` happen.
pub(super) fn binomial<R: Rng>(rng: &mut R, trials: u16, p: f64) -> u16 {
    let mut hits = 0;
    for _ in 0..trials {
        if chance(rng, p) {
            hits += 1;
        }
    }
    hits
}
