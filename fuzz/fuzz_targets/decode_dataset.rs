//! Any bytes given to the dataset decoder yield a dataset or a typed error, never a panic.
#![no_main]

use clearlist_engine::dataset::Dataset;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Inputs without a valid checksum stop at the checksum; to reach the section decoders,
    // also try the input with its checksum fixed up, as a forger would.
    let _ = Dataset::decode(data);
    if data.len() >= 16 {
        let mut forged = data[..data.len() - 4].to_vec();
        let crc = crc32(&forged);
        forged.extend_from_slice(&crc.to_le_bytes());
        let _ = Dataset::decode(&forged);
    }
});

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
