//! Exports of contact records: which contacts a list's export leaves out and why, and the
//! CSV file.
