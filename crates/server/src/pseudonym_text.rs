//! Pseudonyms as the API and the audit log write them: 16 hexadecimal digits (64 bits;
//! JSON numbers cannot carry them exactly).

/// A pseudonym from exactly 16 hex digits (either case). The digits are checked first
/// because `from_str_radix` would also take a leading `+`.
pub(crate) fn parse(text: &str) -> Option<u64> {
    if text.len() != 16 || !text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(text, 16).ok()
}

/// A pseudonym as 16 lower-case hex digits.
pub(crate) fn format(pseudonym: u64) -> String {
    format!("{pseudonym:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expected: Option<u64>) {
        assert_eq!(parse(text), expected, "{text:?}");
    }

    #[test]
    fn pseudonyms_are_exactly_sixteen_hex_digits() {
        check("0123456789abcdef", Some(0x0123_4567_89ab_cdef));
        check("FFFFFFFFFFFFFFFF", Some(u64::MAX));
        check("0000000000000000", Some(0));
        check("+123456789abcdef", None);
        check("0123456789abcde", None);
        check("0123456789abcdef0", None);
        check("0123456789abcdeg", None);
        check("jane@example.com", None);
        check("", None);
    }

    #[test]
    fn round_trips() {
        for value in [0, 1, u64::MAX, 0x00ab_0000_0000_0001] {
            assert_eq!(parse(&format(value)), Some(value));
        }
    }
}
