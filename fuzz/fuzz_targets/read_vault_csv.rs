//! Any bytes given as the four import files read into a vault with its rejected rows
//! named, or a typed error about a whole file, never a panic; every rejected row names a
//! line that its file has.
#![no_main]

use std::io::Cursor;

use clearlist_vault_io::vault_csv::read_vault;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // meta, accounts, contacts and intent, separated by NUL bytes (never in CSV text).
    let mut files = data.splitn(4, |&byte| byte == 0);
    let mut next = || Cursor::new(files.next().unwrap_or_default());
    let (meta, accounts, contacts, intent) = (next(), next(), next(), next());
    let lines: Vec<u64> = [&meta, &accounts, &contacts, &intent]
        .iter()
        // An upper bound whatever the line ends (LF, CRLF or CR).
        .map(|file| 1 + file.get_ref().iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64)
        .collect();
    if let Ok(read) = read_vault(meta, accounts, contacts, intent) {
        for rejection in &read.rejected.named {
            if let Some((file, line)) = rejection.location() {
                assert!(line >= 1 && line <= lines[file as usize], "{rejection:?}");
            }
        }
    }
});
