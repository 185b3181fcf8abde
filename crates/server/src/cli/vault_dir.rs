//! A vault on disk: the four CSV files of the documented import format plus the
//! pseudonym key. The key file is the only copy of the PRF key; it never leaves the server.

use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clearlist_engine::pseudonym::{KEY_LEN, PseudonymKey};
use clearlist_engine::vault::Vault;
use clearlist_engine::vault_csv;

/// The CSV files of a vault, in the order the reader and writer take them.
pub(crate) const FILES: [&str; 4] = ["meta.csv", "accounts.csv", "contacts.csv", "intent.csv"];
/// The key file's name.
const KEY_FILE: &str = "pseudonym.key";

/// Reads the four CSV files of `dir`.
pub(crate) fn read_vault(dir: &Path) -> Result<Vault> {
    let open = |name: &str| -> Result<BufReader<File>> {
        let path = dir.join(name);
        Ok(BufReader::with_capacity(
            1 << 20,
            File::open(&path).with_context(|| format!("cannot open {}", path.display()))?,
        ))
    };
    let [meta, accounts, contacts, intent] = FILES;
    vault_csv::read_vault(open(meta)?, open(accounts)?, open(contacts)?, open(intent)?)
        .with_context(|| format!("cannot import the vault in {}", dir.display()))
}

/// Writes the four CSV files into `dir`, each through a temporary file renamed into place
/// so that an interrupted write never leaves a half file behind.
pub(crate) fn write_vault(vault: &Vault, dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let temp = |name: &str| dir.join(format!(".{name}.tmp"));
    let create = |name: &str| -> Result<BufWriter<File>> {
        Ok(BufWriter::with_capacity(
            1 << 20,
            File::create(temp(name))
                .with_context(|| format!("cannot write into {}", dir.display()))?,
        ))
    };
    let [meta, accounts, contacts, intent] = FILES;
    vault_csv::write_vault(
        vault,
        create(meta)?,
        create(accounts)?,
        create(contacts)?,
        create(intent)?,
    )
    .context("cannot write the vault")?;
    for name in FILES {
        fs::rename(temp(name), dir.join(name))
            .with_context(|| format!("cannot move {name} into place"))?;
    }
    Ok(())
}

/// The vault's pseudonym key, created (random, readable by the owner only) if absent.
pub(crate) fn key(dir: &Path) -> Result<PseudonymKey> {
    let path = dir.join(KEY_FILE);
    if path.exists() {
        let hex =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let bytes = decode_hex(hex.trim())
            .with_context(|| format!("{} is not a {KEY_LEN}-byte hex key", path.display()))?;
        return PseudonymKey::from_bytes(&bytes).context("the pseudonym key is invalid");
    }
    let key = PseudonymKey::generate(&mut rand::rngs::OsRng)
        .context("cannot generate a pseudonym key")?;
    write_private(&path, encode_hex(&key.to_bytes()).as_bytes())?;
    Ok(key)
}

/// Writes a file readable by its owner only.
fn write_private(path: &PathBuf, bytes: &[u8]) -> Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn decode_hex(text: &str) -> Option<[u8; KEY_LEN]> {
    if text.len() != KEY_LEN * 2 || !text.is_ascii() {
        return None;
    }
    let mut bytes = [0; KEY_LEN];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(bytes)
}
