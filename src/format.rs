//! Number formatting for the UI, kept out of components so it is tested as plain functions.

#[cfg(test)]
mod tests;

/// A count with thousands separators: `12345` → `12,345`.
#[must_use]
pub fn count(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `1 account`, `12,345 accounts`.
#[must_use]
pub fn accounts(value: u64) -> String {
    let noun = if value == 1 { "account" } else { "accounts" };
    format!("{} {noun}", count(value))
}

/// `1 contact`, `12,345 contacts`.
#[must_use]
pub fn contacts(value: u64) -> String {
    let noun = if value == 1 { "contact" } else { "contacts" };
    format!("{} {noun}", count(value))
}

/// An intent score with two decimals: `3.5` → `3.50`.
#[must_use]
pub fn score(value: f64) -> String {
    format!("{value:.2}")
}

/// A byte size in decimal units: `950 B`, `12.3 kB`, `4.5 MB`.
#[must_use]
pub fn bytes(value: u64) -> String {
    const UNITS: [&str; 3] = ["kB", "MB", "GB"];
    if value < 1000 {
        return format!("{value} B");
    }
    let mut scaled = value as f64 / 1000.0;
    let mut unit = UNITS[0];
    for next in &UNITS[1..] {
        if scaled < 999.95 {
            break;
        }
        scaled /= 1000.0;
        unit = next;
    }
    format!("{scaled:.1} {unit}")
}

/// Download progress: `1.2 MB of 4.5 MB`, or `1.2 MB` when the total is unknown.
#[must_use]
pub fn progress(received: u64, total: Option<u64>) -> String {
    match total {
        Some(total) => format!("{} of {}", bytes(received), bytes(total)),
        None => bytes(received),
    }
}

/// A day as people write it: `28 Nov 2026`.
#[must_use]
pub fn day(day: crate::engine_bridge::Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, month, day) = day.ymd();
    let month = MONTHS[(month as usize).saturating_sub(1) % 12];
    format!("{day} {month} {year}")
}

/// A Unix time in UTC, to the minute: `2026-11-29 09:12`.
#[must_use]
pub fn date_time(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let minutes = unix_seconds.rem_euclid(86_400) / 60;
    let day = crate::engine_bridge::Date(i32::try_from(days).unwrap_or(i32::MAX));
    format!("{day} {:02}:{:02}", minutes / 60, minutes % 60)
}
