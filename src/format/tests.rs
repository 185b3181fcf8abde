//! Tests of the display formats: counts, bytes, scores, dates.

use wasm_bindgen_test::wasm_bindgen_test;

use super::{accounts, bytes, contacts, count, date_time, progress, score};

#[track_caller]
fn check(actual: String, expected: &str) {
    assert_eq!(actual, expected);
}

#[wasm_bindgen_test(unsupported = test)]
fn counts() {
    check(count(0), "0");
    check(count(999), "999");
    check(count(1_000), "1,000");
    check(count(12_345), "12,345");
    check(count(1_000_000), "1,000,000");
    check(count(u64::MAX), "18,446,744,073,709,551,615");
    check(accounts(1), "1 account");
    check(accounts(0), "0 accounts");
    check(accounts(2_500), "2,500 accounts");
    check(contacts(1), "1 contact");
    check(contacts(12_345), "12,345 contacts");
}

#[wasm_bindgen_test(unsupported = test)]
fn scores() {
    check(score(3.5), "3.50");
    check(score(0.0), "0.00");
    check(score(12.345_6), "12.35");
}

#[wasm_bindgen_test(unsupported = test)]
fn byte_sizes() {
    check(bytes(0), "0 B");
    check(bytes(999), "999 B");
    check(bytes(1_000), "1.0 kB");
    check(bytes(12_345), "12.3 kB");
    check(bytes(999_949), "999.9 kB");
    check(bytes(999_999), "1.0 MB");
    check(bytes(45_600_000), "45.6 MB");
    check(bytes(3_200_000_000), "3.2 GB");
    check(progress(1_500, Some(3_000_000)), "1.5 kB of 3.0 MB");
    check(progress(1_500, None), "1.5 kB");
}

#[wasm_bindgen_test(unsupported = test)]
fn date_times_are_utc_to_the_minute() {
    assert_eq!(date_time(0), "1970-01-01 00:00");
    assert_eq!(date_time(1_795_943_520), "2026-11-29 09:12");
    assert_eq!(date_time(-60), "1969-12-31 23:59");
}
