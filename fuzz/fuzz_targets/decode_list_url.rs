//! Any text given to the list-URL decoder yields a list or a typed error, and whatever
//! decodes re-encodes canonically.
#![no_main]

use clearlist_engine::list_url::{decode, decode_lenient, encode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = decode_lenient(text);
    if let Ok(query) = decode(text) {
        let canonical = encode(&query);
        assert_eq!(decode(&canonical).map(|q| encode(&q)), Ok(canonical));
    }
});
