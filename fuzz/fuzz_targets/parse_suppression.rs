//! Any bytes given as a suppression file parse into entries and reported lines, never a
//! panic.
#![no_main]

use clearlist_engine::suppression::parse_suppression;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_suppression(data);
});
