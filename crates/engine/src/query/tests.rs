//! Query tests against a naive per-row oracle.
