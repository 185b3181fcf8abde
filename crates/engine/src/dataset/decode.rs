//! Dataset bytes → columns → indexes. Every read is bounds-checked and every index is
//! validated against its dictionary, so truncated, corrupted or forged input yields a
//! [`DecodeError`], never a panic or an unbounded allocation.

use std::collections::HashMap;

use super::format::{DecodeError, HEADER_LEN, MAGIC, Reader, VERSION};
use super::{Contacts, Csr, Dataset, Dictionary, FacetIndex, STANDINGS, SegmentIntent, Strings};
use crate::countries;
use crate::date::Date;
use crate::intent::Metrics;
use crate::taxonomy::{EmployeeBand, Function, RevenueBand, Seniority};

const TAGS: [&str; 20] = [
    "META", "DIND", "DCTY", "DTEC", "DSEG", "DTOP", "DVEN", "AIDS", "ANAM", "ADOM", "ACIT", "AIND",
    "ACTY", "AEMP", "AREV", "ATCH", "ATEC", "ATOP", "AVEN", "AINT",
];
const MORE_TAGS: [&str; 2] = ["CONT", "NORD"];
/// Sections added after the first release: read when present, defaults when absent.
const OPTIONAL_TAGS: [&str; 2] = ["RULE", "CEMD"];

pub(super) fn decode(bytes: &[u8]) -> Result<Dataset, DecodeError> {
    if bytes.len() < HEADER_LEN + 4 {
        return Err(DecodeError::TooShort { len: bytes.len() });
    }
    if &bytes[..4] != MAGIC {
        return Err(DecodeError::BadMagic);
    }
    let version = u16::from_le_bytes([bytes[4], bytes[5]]);
    if version != VERSION {
        return Err(DecodeError::UnsupportedVersion { found: version });
    }
    let (body, tail) = bytes.split_at(bytes.len() - 4);
    let found = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]);
    let expected = crc32fast::hash(body);
    if found != expected {
        return Err(DecodeError::BadChecksum { found, expected });
    }
    let sections = split_sections(body)?;
    let section = |tag: &'static str| Reader::new(sections[tag], tag);

    let mut meta = section("META");
    let as_of =
        Date(i32::try_from(meta.ivarint()?).map_err(|_| meta.invalid("as_of out of range"))?);
    let n = usize::try_from(meta.varint()?).map_err(|_| meta.invalid("too many accounts"))?;
    let n_contacts =
        usize::try_from(meta.varint()?).map_err(|_| meta.invalid("too many contacts"))?;
    meta.finish()?;
    // Every row costs at least one byte in several sections: bound n by the input size.
    if n > bytes.len() || n_contacts > bytes.len() || u32::try_from(n_contacts).is_err() {
        return Err(meta.invalid("counts exceed the file size"));
    }

    let industries = dictionary(section("DIND"))?;
    let countries_dictionary = dictionary(section("DCTY"))?;
    let technologies = dictionary(section("DTEC"))?;
    let segments = dictionary(section("DSEG"))?;
    let topics = dictionary(section("DTOP"))?;
    let vendors = dictionary(section("DVEN"))?;

    let mut region_of_country = Vec::with_capacity(countries_dictionary.len());
    for (slug, _) in countries_dictionary.iter() {
        let country = countries::country(slug)
            .ok_or_else(|| section("DCTY").invalid(format!("unknown country code `{slug}`")))?;
        region_of_country.push(country.region.index());
    }

    let mut reader = section("AIDS");
    expect_count(&mut reader, n)?;
    let mut ids = Vec::with_capacity(n);
    let mut previous: Option<u32> = None;
    for _ in 0..n {
        let delta = reader.varint()?;
        let id = u64::from(previous.unwrap_or(0)) + delta;
        let id = u32::try_from(id).map_err(|_| reader.invalid("account id overflows"))?;
        if previous.is_some() && delta == 0 {
            return Err(reader.invalid("account ids are not strictly ascending"));
        }
        ids.push(id);
        previous = Some(id);
    }
    reader.finish()?;

    let names = strings(section("ANAM"), n)?;
    let domains = strings(section("ADOM"), n)?;
    let cities = strings(section("ACIT"), n)?;
    let industry = indexes(section("AIND"), n, industries.len())?;
    let country = indexes(section("ACTY"), n, countries_dictionary.len())?;
    let region = country
        .iter()
        .map(|&c| region_of_country[usize::from(c)])
        .collect();
    let employees = bands(section("AEMP"), n, EmployeeBand::ALL.len())?;
    let revenue = bands(section("AREV"), n, RevenueBand::ALL.len())?;

    let mut reader = section("ATCH");
    let mut last_touch = Vec::with_capacity(n);
    for _ in 0..n {
        let raw = reader.varint()?;
        if raw == 0 {
            last_touch.push(i32::MIN);
        } else {
            let zigzag = raw - 1;
            #[allow(clippy::cast_possible_wrap, reason = "zig-zag coding")]
            let delta = ((zigzag >> 1) as i64) ^ -((zigzag & 1) as i64);
            let day = i64::from(as_of.0) - delta;
            last_touch.push(
                i32::try_from(day)
                    .ok()
                    .filter(|&d| d != i32::MIN)
                    .ok_or_else(|| reader.invalid("last touch out of range"))?,
            );
        }
    }
    reader.finish()?;

    let techs = csr(section("ATEC"), n, technologies.len(), true)?;
    let account_topics = csr(section("ATOP"), n, topics.len(), false)?;
    let account_vendors = csr(section("AVEN"), n, vendors.len(), false)?;
    let intent = intent_csr(section("AINT"), n, segments.len())?;
    let best = (0..n)
        .map(|row| {
            intent
                .row(row)
                .iter()
                .copied()
                .fold(None, |best: Option<SegmentIntent>, entry| match best {
                    Some(best) if best.centi_score >= entry.centi_score => Some(best),
                    _ => Some(entry),
                })
        })
        .collect();
    let mut contacts = contacts(section("CONT"), n, n_contacts, countries_dictionary.len())?;
    let opt_out = match sections.get("RULE") {
        Some(payload) => rules(Reader::new(payload, "RULE"))?,
        None => Vec::new(),
    };
    contacts.mark_exportable(&opt_out_by_country(&opt_out, &countries_dictionary));
    let email_domains = match sections.get("CEMD") {
        Some(payload) => email_domains(Reader::new(payload, "CEMD"), n_contacts)?,
        None => Vec::new(),
    };

    let mut reader = section("NORD");
    let mut name_order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for _ in 0..n {
        let row = reader.index(n, "row")?;
        if std::mem::replace(&mut seen[row], true) {
            return Err(reader.invalid("name order is not a permutation"));
        }
        name_order.push(u32::try_from(row).map_err(|_| reader.invalid("row overflows"))?);
    }
    reader.finish()?;

    let mut dataset = Dataset {
        as_of,
        checksum: expected,
        industries,
        countries: countries_dictionary,
        technologies,
        segments,
        topics,
        vendors,
        ids,
        names,
        domains,
        cities,
        industry,
        country,
        region,
        employees,
        revenue,
        last_touch,
        techs,
        account_topics,
        account_vendors,
        intent,
        best,
        contacts,
        opt_out,
        email_domains,
        name_order,
        index: FacetIndex::default(),
        words: std::sync::OnceLock::new(),
    };
    dataset.index = FacetIndex::build(&dataset);
    Ok(dataset)
}

fn split_sections(body: &[u8]) -> Result<HashMap<&'static str, &[u8]>, DecodeError> {
    let mut header = Reader::new(&body[8..HEADER_LEN], "header");
    let n_sections =
        u32::from_le_bytes(header.take(4)?.try_into().map_err(|_| header.truncated())?);
    let mut reader = Reader::new(&body[HEADER_LEN..], "header");
    let mut sections = HashMap::new();
    for _ in 0..n_sections {
        let tag = reader.take(4)?;
        let len_bytes: [u8; 4] = reader.take(4)?.try_into().map_err(|_| reader.truncated())?;
        let len = u32::from_le_bytes(len_bytes) as usize;
        let name = TAGS
            .iter()
            .chain(&MORE_TAGS)
            .chain(&OPTIONAL_TAGS)
            .find(|known| known.as_bytes() == tag);
        let payload = reader.take(len).map_err(|_| DecodeError::Truncated {
            section: String::from_utf8_lossy(tag).into_owned(),
        })?;
        // Unknown sections are skipped: a later minor addition must not break older readers.
        if let Some(&name) = name
            && sections.insert(name, payload).is_some()
        {
            return Err(DecodeError::DuplicateSection {
                section: name.to_owned(),
            });
        }
    }
    reader.finish().map_err(|_| DecodeError::Invalid {
        section: "header".into(),
        reason: "bytes after the last section".into(),
    })?;
    for tag in TAGS.iter().chain(&MORE_TAGS) {
        if !sections.contains_key(tag) {
            return Err(DecodeError::MissingSection {
                section: (*tag).to_owned(),
            });
        }
    }
    Ok(sections)
}

fn expect_count(reader: &mut Reader<'_>, n: usize) -> Result<(), DecodeError> {
    let count = reader.varint()?;
    if count == n as u64 {
        Ok(())
    } else {
        Err(reader.invalid(format!("{count} rows, expected {n}")))
    }
}

fn dictionary(mut reader: Reader<'_>) -> Result<Dictionary, DecodeError> {
    let count = reader.count(2)?;
    if count > usize::from(u16::MAX) + 1 {
        return Err(reader.invalid("dictionary too large"));
    }
    let mut pairs = Vec::with_capacity(count);
    for _ in 0..count {
        let slug = reader.string()?.to_owned();
        if !crate::taxonomy::is_slug(&slug) {
            return Err(reader.invalid(format!("`{slug}` is not a slug")));
        }
        pairs.push((slug, reader.string()?.to_owned()));
    }
    reader.finish()?;
    Dictionary::from_pairs(pairs)
        .map_err(|slug| reader.invalid(format!("slug `{slug}` appears twice")))
}

fn strings(mut reader: Reader<'_>, n: usize) -> Result<Strings, DecodeError> {
    expect_count(&mut reader, n)?;
    let mut strings = Strings {
        bytes: String::with_capacity(reader.remaining()),
        ends: Vec::with_capacity(n),
    };
    for _ in 0..n {
        strings.push(reader.string()?);
    }
    reader.finish()?;
    Ok(strings)
}

fn indexes(mut reader: Reader<'_>, n: usize, limit: usize) -> Result<Vec<u16>, DecodeError> {
    let mut values = Vec::with_capacity(n);
    for _ in 0..n {
        let value = reader.index(limit, "value")?;
        values.push(u16::try_from(value).map_err(|_| reader.invalid("value overflows"))?);
    }
    reader.finish()?;
    Ok(values)
}

fn bands(mut reader: Reader<'_>, n: usize, limit: usize) -> Result<Vec<u8>, DecodeError> {
    let values = reader.take(n)?.to_vec();
    if let Some(bad) = values.iter().find(|&&value| usize::from(value) >= limit) {
        return Err(reader.invalid(format!("band {bad} out of range")));
    }
    reader.finish()?;
    Ok(values)
}

fn csr(
    mut reader: Reader<'_>,
    n: usize,
    limit: usize,
    delta: bool,
) -> Result<Csr<u16>, DecodeError> {
    let mut csr = Csr {
        offsets: Vec::with_capacity(n + 1),
        values: Vec::with_capacity(reader.remaining()),
    };
    csr.offsets.push(0);
    for _ in 0..n {
        let count = reader.count(1)?;
        let mut previous = 0u64;
        for k in 0..count {
            let raw = reader.varint()?;
            let value = if delta { previous + raw } else { raw };
            if delta && k > 0 && raw == 0 {
                return Err(reader.invalid("values are not strictly ascending"));
            }
            previous = value;
            let value = usize::try_from(value)
                .ok()
                .filter(|&v| v < limit)
                .ok_or_else(|| reader.invalid(format!("value {value} out of range")))?;
            csr.values
                .push(u16::try_from(value).map_err(|_| reader.invalid("value overflows"))?);
        }
        csr.offsets
            .push(u32::try_from(csr.values.len()).map_err(|_| reader.invalid("too many values"))?);
    }
    reader.finish()?;
    Ok(csr)
}

fn intent_csr(
    mut reader: Reader<'_>,
    n: usize,
    limit: usize,
) -> Result<Csr<SegmentIntent>, DecodeError> {
    let mut csr = Csr {
        offsets: Vec::with_capacity(n + 1),
        values: Vec::new(),
    };
    csr.offsets.push(0);
    let small = |reader: &mut Reader<'_>| -> Result<u16, DecodeError> {
        let value = reader.varint()?;
        u16::try_from(value).map_err(|_| reader.invalid(format!("metric {value} out of range")))
    };
    for _ in 0..n {
        // An entry takes at least 8 bytes: six one-byte varints and the two week counts.
        let count = reader.count(8)?;
        let mut segment = 0u64;
        for k in 0..count {
            let delta = reader.varint()?;
            if k > 0 && delta == 0 {
                return Err(reader.invalid("segments are not strictly ascending"));
            }
            segment += delta;
            let segment_index = usize::try_from(segment)
                .ok()
                .filter(|&s| s < limit)
                .ok_or_else(|| reader.invalid("segment out of range"))?;
            let readers = small(&mut reader)?;
            let active_weeks = reader.u8()?;
            let recent_weeks = reader.u8()?;
            let metrics = Metrics {
                readers,
                active_weeks,
                recent_weeks,
                late_stage: small(&mut reader)?,
                senior_readers: small(&mut reader)?,
                vendors: small(&mut reader)?,
            };
            if active_weeks > 13 || recent_weeks > 4 || recent_weeks > active_weeks {
                return Err(reader.invalid("week counts out of range"));
            }
            let centi_score = small(&mut reader)?;
            csr.values.push(SegmentIntent {
                segment: u16::try_from(segment_index)
                    .map_err(|_| reader.invalid("segment overflows"))?,
                metrics,
                centi_score,
                signals: metrics.signals(),
                gauge: metrics.gauge(),
            });
        }
        csr.offsets
            .push(u32::try_from(csr.values.len()).map_err(|_| reader.invalid("too many entries"))?);
    }
    reader.finish()?;
    Ok(csr)
}

fn contacts(
    mut reader: Reader<'_>,
    n: usize,
    total: usize,
    countries: usize,
) -> Result<Contacts, DecodeError> {
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0u32);
    let mut sum = 0usize;
    for _ in 0..n {
        sum = sum
            .checked_add(reader.count(0)?)
            .filter(|&s| s <= total)
            .ok_or_else(|| reader.invalid("more contacts than announced"))?;
        offsets.push(u32::try_from(sum).map_err(|_| reader.invalid("too many contacts"))?);
    }
    if sum != total {
        return Err(reader.invalid(format!("{sum} contacts, expected {total}")));
    }
    let function = bands(
        Reader::new(reader.take(total)?, "CONT"),
        total,
        Function::ALL.len(),
    )?;
    let seniority = bands(
        Reader::new(reader.take(total)?, "CONT"),
        total,
        Seniority::ALL.len(),
    )?;
    let mut country = Vec::with_capacity(total);
    for _ in 0..total {
        let value = reader.index(countries + 1, "contact country")?;
        country.push(u16::try_from(value).map_err(|_| reader.invalid("country overflows"))?);
    }
    let flags = bands(Reader::new(reader.take(total)?, "CONT"), total, STANDINGS)?;
    let mut pseudonym = Vec::with_capacity(total);
    for _ in 0..total {
        pseudonym.push(reader.u64_le()?);
    }
    reader.finish()?;
    Ok(Contacts {
        offsets,
        pseudonym,
        function,
        seniority,
        country,
        flags,
        exportable_before: Vec::new(),
    })
}

/// The opt-out countries of a `RULE` section, lower case, as written (ascending).
fn rules(mut reader: Reader<'_>) -> Result<Vec<String>, DecodeError> {
    let count = reader.count(3)?;
    let mut codes = Vec::with_capacity(count);
    for _ in 0..count {
        let code = reader.string()?;
        let known = code.len() == 2
            && code.bytes().all(|b| b.is_ascii_lowercase())
            && countries::country(code).is_some();
        if !known {
            return Err(reader.invalid(format!("`{code}` is not a lower-case country code")));
        }
        if codes
            .last()
            .is_some_and(|last: &String| last.as_str() >= code)
        {
            return Err(reader.invalid("country codes not strictly ascending"));
        }
        codes.push(code.to_owned());
    }
    reader.finish()?;
    Ok(codes)
}

/// Per contact-country index (0: unknown), whether the country is opt-out.
fn opt_out_by_country(codes: &[String], countries: &Dictionary) -> Vec<bool> {
    let mut opt_out = vec![false; countries.len() + 1];
    for code in codes {
        if let Some(index) = countries.index(code) {
            opt_out[index as usize + 1] = true;
        }
    }
    opt_out
}

/// The `CEMD` section: (contact index, email domain), ascending by contact.
fn email_domains(mut reader: Reader<'_>, total: usize) -> Result<Vec<(u32, String)>, DecodeError> {
    let count = reader.count(2)?;
    if count > total {
        return Err(reader.invalid("more email domains than contacts"));
    }
    let mut domains: Vec<(u32, String)> = Vec::with_capacity(count);
    let mut contact = 0usize;
    for position in 0..count {
        let delta =
            usize::try_from(reader.varint()?).map_err(|_| reader.invalid("delta overflows"))?;
        if position > 0 && delta == 0 {
            return Err(reader.invalid("contact indexes not strictly ascending"));
        }
        contact = contact
            .checked_add(delta)
            .filter(|&c| c < total)
            .ok_or_else(|| reader.invalid("contact index out of range"))?;
        let domain = reader.string()?.to_owned();
        domains.push((
            u32::try_from(contact).map_err(|_| reader.invalid("contact index overflows"))?,
            domain,
        ));
    }
    reader.finish()?;
    Ok(domains)
}
