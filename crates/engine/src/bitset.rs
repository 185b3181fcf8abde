//! A dense bitset over contact indexes: one bit per contact, in 64-bit words.
//!
//! The contact clauses combine a handful of sets over every contact of the dataset (five
//! million at 1M accounts), each holding from a few to tens of percent of them. At those
//! densities a flat word array beats compressed bitmaps: a union, an intersection or a
//! counted intersection is one tight loop over the words, with no per-chunk containers to
//! allocate, convert or merge.

/// A set of indexes below a fixed length.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Bits {
    words: Vec<u64>,
}

impl Bits {
    /// The empty set of indexes below `len`.
    pub(crate) fn new(len: usize) -> Bits {
        Bits {
            words: vec![0; len.div_ceil(64)],
        }
    }

    pub(crate) fn insert(&mut self, index: u32) {
        let i = index as usize;
        self.words[i / 64] |= 1 << (i % 64);
    }

    pub(crate) fn remove(&mut self, index: u32) {
        let i = index as usize;
        if let Some(word) = self.words.get_mut(i / 64) {
            *word &= !(1 << (i % 64));
        }
    }

    pub(crate) fn contains(&self, index: u32) -> bool {
        let i = index as usize;
        self.words
            .get(i / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }

    /// How many indexes the set holds.
    pub(crate) fn len(&self) -> u64 {
        self.words
            .iter()
            .map(|word| u64::from(word.count_ones()))
            .sum()
    }

    /// The size of the intersection with `other`, without building it.
    pub(crate) fn intersection_len(&self, other: &Bits) -> u64 {
        self.words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| u64::from((a & b).count_ones()))
            .sum()
    }

    /// Adds every index of `other`.
    pub(crate) fn union_with(&mut self, other: &Bits) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a |= b);
    }

    /// Keeps only the indexes also in `other`.
    pub(crate) fn intersect_with(&mut self, other: &Bits) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a &= b);
    }

    /// The indexes, ascending.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let base = (w * 64) as u32;
            std::iter::successors((word != 0).then_some(word), |&rest| {
                let rest = rest & (rest - 1);
                (rest != 0).then_some(rest)
            })
            .map(move |rest| base + rest.trailing_zeros())
        })
    }

    /// Heap bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    use super::Bits;

    fn random(rng: &mut StdRng, len: u32, density: f64) -> (Bits, BTreeSet<u32>) {
        let mut bits = Bits::new(len as usize);
        let mut set = BTreeSet::new();
        for i in 0..len {
            if rng.gen_bool(density) {
                bits.insert(i);
                set.insert(i);
            }
        }
        (bits, set)
    }

    #[test]
    fn agrees_with_a_set() {
        let mut rng = StdRng::seed_from_u64(5);
        for (len, density) in [
            (0, 0.5),
            (1, 1.0),
            (63, 0.5),
            (64, 0.9),
            (1000, 0.01),
            (5000, 0.3),
        ] {
            let (mut a, mut set_a) = random(&mut rng, len, density);
            let (b, set_b) = random(&mut rng, len, density);
            assert_eq!(
                a.iter().collect::<Vec<_>>(),
                set_a.iter().copied().collect::<Vec<_>>()
            );
            assert_eq!(a.len(), set_a.len() as u64);
            assert_eq!(
                a.intersection_len(&b),
                set_a.intersection(&set_b).count() as u64
            );
            for i in 0..len + 70 {
                assert_eq!(a.contains(i), set_a.contains(&i));
            }
            let mut union = a.clone();
            union.union_with(&b);
            assert_eq!(union.iter().collect::<BTreeSet<_>>(), &set_a | &set_b);
            let mut both = a.clone();
            both.intersect_with(&b);
            assert_eq!(both.iter().collect::<BTreeSet<_>>(), &set_a & &set_b);
            if let Some(&first) = set_a.iter().next() {
                a.remove(first);
                set_a.remove(&first);
                assert_eq!(a.iter().collect::<BTreeSet<_>>(), set_a);
            }
            a.remove(len + 1000);
        }
    }
}
