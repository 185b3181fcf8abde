//! The type-ahead's index: the distinct words of company names, the rows holding each, and
//! the trigrams of the words; and the rows in domain order.
//!
//! Rows are numbered by suggestion order (larger company first, then name order), and each
//! word keeps the positions of its rows in that order, ascending. So the best matches of a
//! word are the first entries of its list, and the best over several words (every word
//! starting with "tec") come from merging the heads of their lists: a keystroke reads about
//! as many entries as it shows, however common the word. A trigram index over the distinct
//! words (far fewer than rows) finds the words containing a part of three or more
//! characters. A domain whose first label is not simply the name's words run together
//! adds that label as a word of its row; every domain can be found by its start through the
//! rows in domain order.
//!
//! Words are folded as names are ([`fold_name`]: ASCII, lower case) and split at every
//! character that is not a letter or digit.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use crate::dataset::{Dataset, fold_name};

/// Symbols of a trigram: a–z and 0–9.
const SYMBOLS: usize = 36;
const TRIGRAMS: usize = SYMBOLS * SYMBOLS * SYMBOLS;

fn symbol(byte: u8) -> Option<usize> {
    match byte {
        b'a'..=b'z' => Some(usize::from(byte - b'a')),
        b'0'..=b'9' => Some(26 + usize::from(byte - b'0')),
        _ => None,
    }
}

fn trigram(bytes: &[u8]) -> Option<usize> {
    Some((symbol(bytes[0])? * SYMBOLS + symbol(bytes[1])?) * SYMBOLS + symbol(bytes[2])?)
}

/// The words of folded `text`: maximal runs of ASCII letters and digits.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
}

/// FNV-1a: the word table hashes millions of short words, for which SipHash's
/// flood resistance (this input is the organisation's own dataset) is not worth its cost.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Values grouped by key: the values of key `k` are `values[offsets[k]..offsets[k + 1]]`.
#[derive(Debug, Default)]
struct Grouped {
    offsets: Vec<u32>,
    values: Vec<u32>,
}

impl Grouped {
    /// From (key, value) pairs with keys below `keys`, by a counting sort: each key's values
    /// keep their order in `pairs`.
    fn counting(keys: usize, pairs: &[(u32, u32)]) -> Self {
        let mut offsets = vec![0u32; keys + 1];
        for &(key, _) in pairs {
            offsets[key as usize + 1] += 1;
        }
        for k in 0..keys {
            offsets[k + 1] += offsets[k];
        }
        let mut next = offsets.clone();
        let mut values = vec![0u32; pairs.len()];
        for &(key, value) in pairs {
            let at = &mut next[key as usize];
            values[*at as usize] = value;
            *at += 1;
        }
        Self { offsets, values }
    }

    fn of(&self, key: usize) -> &[u32] {
        &self.values[self.offsets[key] as usize..self.offsets[key + 1] as usize]
    }

    fn heap_bytes(&self) -> usize {
        (self.offsets.capacity() + self.values.capacity()) * 4
    }
}

/// The index; positions are places in suggestion order.
#[derive(Debug, Default)]
pub(crate) struct SearchIndex {
    /// Rows in suggestion order.
    order: Vec<u32>,
    /// Distinct words, ascending, back to back; word `w` ends at `word_ends[w]`.
    word_text: String,
    word_ends: Vec<u32>,
    /// The positions of the rows holding each word, ascending.
    postings: Grouped,
    /// The words holding each trigram.
    trigram_words: Grouped,
    /// Positions in the order of their rows' domains.
    by_domain: Vec<u32>,
}

impl SearchIndex {
    /// Indexes the names and domains of `dataset`.
    pub(crate) fn build(dataset: &Dataset) -> Self {
        let mut order = dataset.name_order.clone();
        // Stable: name order stays within each employee band.
        order.sort_by_key(|&row| Reverse(dataset.employees[row as usize]));
        let mut position_of = vec![0u32; order.len()];
        for (position, &row) in (0u32..).zip(&order) {
            position_of[row as usize] = position;
        }
        // Rows are read in storage order (the strings are contiguous), their words noted,
        // then listed under each word in suggestion order.
        let mut ids: HashMap<Box<str>, u32, BuildHasherDefault<Fnv>> = HashMap::default();
        let mut offsets = Vec::with_capacity(order.len() + 1);
        let mut row_words: Vec<u32> = Vec::with_capacity(order.len() * 3);
        let mut name = Vec::new();
        offsets.push(0u32);
        for row in 0..to_u32(order.len()) {
            name.clear();
            push_folded(&mut name, dataset.name(row));
            let name = std::str::from_utf8(&name).unwrap_or_default();
            let start = row_words.len();
            for word in words(name).chain(own_domain_label(name, dataset.domain(row))) {
                let id = match ids.get(word) {
                    Some(&id) => id,
                    None => {
                        let id = to_u32(ids.len());
                        ids.insert(word.into(), id);
                        id
                    }
                };
                if !row_words[start..].contains(&id) {
                    row_words.push(id);
                }
            }
            offsets.push(to_u32(row_words.len()));
        }
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(row_words.len());
        for (position, &row) in (0u32..).zip(&order) {
            let row = row as usize;
            let held = &row_words[offsets[row] as usize..offsets[row + 1] as usize];
            pairs.extend(held.iter().map(|&id| (id, position)));
        }
        drop(row_words);
        let mut sorted: Vec<(Box<str>, u32)> = ids.into_iter().collect();
        sorted.sort_unstable();
        let mut renumber = vec![0u32; sorted.len()];
        let mut word_text = String::new();
        let mut word_ends = Vec::with_capacity(sorted.len());
        for (new, (word, old)) in (0u32..).zip(&sorted) {
            renumber[*old as usize] = new;
            word_text.push_str(word);
            word_ends.push(to_u32(word_text.len()));
        }
        word_text.shrink_to_fit();
        for pair in &mut pairs {
            pair.0 = renumber[pair.0 as usize];
        }
        // A counting sort by word keeps each word's positions ascending, as pushed.
        let postings = Grouped::counting(sorted.len(), &pairs);
        drop(pairs);
        let mut index = Self {
            order,
            word_text,
            word_ends,
            postings,
            ..Self::default()
        };
        index.trigram_words = index.trigram_table();
        index.by_domain = index.domain_order(dataset, &position_of);
        index
    }

    fn trigram_table(&self) -> Grouped {
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut seen: Vec<usize> = Vec::new();
        for w in 0..self.word_ends.len() {
            seen.clear();
            for t in self
                .word(to_u32(w))
                .as_bytes()
                .windows(3)
                .filter_map(trigram)
            {
                if !seen.contains(&t) {
                    seen.push(t);
                    pairs.push((to_u32(t), to_u32(w)));
                }
            }
        }
        Grouped::counting(TRIGRAMS, &pairs)
    }

    /// Positions by their rows' domains: sorted by the domains' first sixteen bytes, then
    /// by the whole domain within each run of equal first bytes (few, and short).
    fn domain_order(&self, dataset: &Dataset, position_of: &[u32]) -> Vec<u32> {
        let head = |text: &str| {
            let mut bytes = [0u8; 16];
            let len = text.len().min(16);
            bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
            u128::from_be_bytes(bytes)
        };
        let mut keyed: Vec<(u128, u32)> = (0..to_u32(self.order.len()))
            .map(|row| (head(dataset.domain(row)), position_of[row as usize]))
            .collect();
        keyed.sort_unstable();
        let domain = |p: u32| dataset.domain(self.order[p as usize]);
        let mut start = 0;
        while start < keyed.len() {
            let end = start + keyed[start..].partition_point(|k| k.0 == keyed[start].0);
            if end - start > 1 {
                keyed[start..end]
                    .sort_unstable_by(|a, b| domain(a.1).cmp(domain(b.1)).then(a.1.cmp(&b.1)));
            }
            start = end;
        }
        keyed.into_iter().map(|(_, p)| p).collect()
    }

    /// Bytes held, for the memory figures.
    pub(crate) fn heap_bytes(&self) -> usize {
        (self.order.capacity() + self.word_ends.capacity() + self.by_domain.capacity()) * 4
            + self.word_text.capacity()
            + self.postings.heap_bytes()
            + self.trigram_words.heap_bytes()
    }

    fn word(&self, w: u32) -> &str {
        let w = w as usize;
        let start = if w == 0 {
            0
        } else {
            self.word_ends[w - 1] as usize
        };
        &self.word_text[start..self.word_ends[w] as usize]
    }

    /// Words starting with `prefix`.
    fn with_prefix(&self, prefix: &str) -> Range<u32> {
        let count = to_u32(self.word_ends.len());
        let start = partition(count, |w| self.word(w) < prefix);
        let len = partition(count - start, |w| self.word(start + w).starts_with(prefix));
        start..start + len
    }

    /// Words containing `part` (three or more characters) but not starting with it.
    fn containing_inside(&self, part: &str) -> Vec<u32> {
        let Some(rarest) = part
            .as_bytes()
            .windows(3)
            .map(|t| trigram(t).map_or(&[][..], |t| self.trigram_words.of(t)))
            .min_by_key(|words| words.len())
        else {
            return Vec::new();
        };
        rarest
            .iter()
            .copied()
            .filter(|&w| {
                let word = self.word(w);
                word.contains(part) && !word.starts_with(part)
            })
            .collect()
    }

    /// The first `want` positions (none of `taken`'s rows) whose domain starts with
    /// `prefix`, ascending.
    fn domain_prefix(
        &self,
        dataset: &Dataset,
        prefix: &str,
        want: usize,
        taken: &[u32],
    ) -> Vec<u32> {
        let domain = |p: u32| dataset.domain(self.order[p as usize]);
        let start = self.by_domain.partition_point(|&p| domain(p) < prefix);
        let len = self.by_domain[start..].partition_point(|&p| domain(p).starts_with(prefix));
        let mut positions = self.by_domain[start..start + len].to_vec();
        // Only the best few are wanted, and `taken` holds fewer than a page.
        let keep = want.saturating_add(taken.len());
        if positions.len() > keep {
            positions.select_nth_unstable(keep - 1);
            positions.truncate(keep);
        }
        positions.sort_unstable();
        positions
    }

    /// The word equal to `word`, if there is one.
    fn exact(&self, word: &str) -> Option<u32> {
        let first = self.with_prefix(word).start;
        (first < to_u32(self.word_ends.len()) && self.word(first) == word).then_some(first)
    }

    /// Up to `want` rows (none of `taken`), best first: those where the folded `query`
    /// starts a word of the name or the domain, then (`inside`) those where it is inside a
    /// word. A query of one word is found through the words it starts or is inside; one of
    /// several (or with punctuation) through its first word as a whole word (or the domain's
    /// start), then through the words holding its longest word of three or more
    /// characters, and checked on the text.
    pub(crate) fn matches(
        &self,
        dataset: &Dataset,
        query: &str,
        want: usize,
        inside: bool,
        taken: &[u32],
    ) -> Vec<u32> {
        let terms: Vec<&str> = words(query).collect();
        let Some(longest) = terms.iter().copied().max_by_key(|term| term.len()) else {
            return Vec::new();
        };
        let domain = self.domain_prefix(dataset, query, want, taken);
        let mut taken = taken.to_vec();
        let postings = |words: &mut dyn Iterator<Item = u32>| -> Vec<&[u32]> {
            words.map(|w| self.postings.of(w as usize)).collect()
        };
        let single = terms.len() == 1 && terms[0] == query;
        let (mut starting, within) = if single {
            let inner = if inside {
                self.containing_inside(longest)
            } else {
                Vec::new()
            };
            (
                postings(&mut self.with_prefix(longest)),
                postings(&mut inner.into_iter()),
            )
        } else {
            let first = query
                .starts_with(|c: char| c.is_ascii_alphanumeric())
                .then(|| self.exact(terms[0]));
            let holding = if inside && longest.len() >= MIN_PART {
                self.with_prefix(longest)
                    .chain(self.containing_inside(longest))
                    .collect()
            } else {
                Vec::new()
            };
            (
                postings(&mut first.flatten().into_iter()),
                postings(&mut holding.into_iter()),
            )
        };
        starting.push(&domain);
        let mut text = Vec::new();
        let mut at = |row: u32, tier: u8| {
            single || {
                row_text(dataset, row, &mut text);
                tier_in(&text, query.as_bytes()) == Some(tier)
            }
        };
        let mut found = self.take(&starting, want, &mut taken, &mut |row| at(row, 2));
        if found.len() < want {
            let more = want - found.len();
            found.extend(self.take(&within, more, &mut taken, &mut |row| at(row, 3)));
        }
        found
    }

    /// Merges `lists` (ascending positions) in suggestion order, skipping `taken` rows and
    /// repeats, and keeps the rows `accept` accepts (adding them to `taken`) until it has
    /// `want`.
    fn take(
        &self,
        lists: &[&[u32]],
        want: usize,
        taken: &mut Vec<u32>,
        accept: &mut dyn FnMut(u32) -> bool,
    ) -> Vec<u32> {
        let mut heads: BinaryHeap<Reverse<(u32, usize, usize)>> = lists
            .iter()
            .enumerate()
            .filter_map(|(list, positions)| Some(Reverse((*positions.first()?, list, 0))))
            .collect();
        let mut found = Vec::new();
        let mut last = None;
        while let Some(Reverse((position, list, at))) = heads.pop() {
            if let Some(&next) = lists[list].get(at + 1) {
                heads.push(Reverse((next, list, at + 1)));
            }
            if last == Some(position) {
                continue;
            }
            last = Some(position);
            let row = self.order[position as usize];
            if taken.contains(&row) || !accept(row) {
                continue;
            }
            taken.push(row);
            found.push(row);
            if found.len() == want {
                break;
            }
        }
        found
    }
}

/// Parts shorter than this are not looked for inside words.
const MIN_PART: usize = 3;

/// The first label of `domain` as a word of its own, unless it is just the first words of
/// the folded `name` run together ("acmesystems" of "Acme Systems GmbH"): the name's words
/// and the domain order find that row already.
fn own_domain_label<'a>(name: &str, domain: &'a str) -> Option<&'a str> {
    let label = domain.split('.').next().filter(|label| !label.is_empty())?;
    let mut rest = label;
    for word in words(name) {
        match rest.strip_prefix(word) {
            Some("") => return None,
            Some(shorter) => rest = shorter,
            None => break,
        }
    }
    label.bytes().all(|b| symbol(b).is_some()).then_some(label)
}

/// The first of `0..count` for which `before` is false (`before` true then false).
fn partition(count: u32, before: impl Fn(u32) -> bool) -> u32 {
    let (mut low, mut high) = (0, count);
    while low < high {
        let middle = low + (high - low) / 2;
        if before(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// Fills `text` with the folded text a row is searched in: its name and domain, joined by
/// a separator. Folding allocates only for a name or domain that is not ASCII.
fn row_text(dataset: &Dataset, row: u32, text: &mut Vec<u8>) {
    text.clear();
    push_folded(text, dataset.name(row));
    text.push(0x1f);
    push_folded(text, dataset.domain(row));
}

fn push_folded(text: &mut Vec<u8>, part: &str) {
    if part.is_ascii() {
        text.extend(part.bytes().map(|b| b.to_ascii_lowercase()));
    } else {
        text.extend_from_slice(fold_name(part).as_bytes());
    }
}

/// Where `query` occurs in `text`: 2 at the start of a word (a query starting with a letter
/// or digit, at the start or after any other character), 3 elsewhere, `None` not at all.
fn tier_in(text: &[u8], query: &[u8]) -> Option<u8> {
    let (&first, _) = query.split_first()?;
    let word_like = symbol(first).is_some();
    let mut best = None;
    for at in 0..(text.len() + 1).saturating_sub(query.len()) {
        if text[at] == first && text[at..].starts_with(query) {
            if word_like && (at == 0 || symbol(text[at - 1]).is_none()) {
                return Some(2);
            }
            best = Some(3);
        }
    }
    best
}
