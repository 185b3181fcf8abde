//! Dataset tests: de-identification, round trips, corruption.
