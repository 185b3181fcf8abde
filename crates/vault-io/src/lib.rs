//! Vault files and synthetic vaults, beside the engine rather than in it: the CSV format in
//! which organisations import their accounts, contacts and intent (`vault_csv`), and the
//! seeded generator of demo and test vaults (`generate`). The server and the test suites
//! use both; the browser app runs the engine alone, so neither is in its build.
//!
//! Like the engine, this crate does no IO of its own: it takes readers and writers.

pub mod generate;
pub mod vault_csv;
