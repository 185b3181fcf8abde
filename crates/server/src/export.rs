//! Exports of contact records: which contacts an export leaves out and why
//! ([`exclusion`]), and the CSV file ([`csv_file`]).

pub(crate) mod csv_file;
pub(crate) mod exclusion;
