//! Fixed-window counters of failed attempts, keyed by what the attacker cannot change
//! cheaply: the account name tried, and the TCP peer address (never `X-Forwarded-For`,
//! which any client can write).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed per key per window.
#[derive(Debug)]
pub(crate) struct FailureLimiter {
    max_failures: u32,
    window: Duration,
    entries: Mutex<HashMap<String, Window>>,
}

#[derive(Clone, Copy, Debug)]
struct Window {
    started: Instant,
    failures: u32,
}

/// Above this many keys, expired windows are dropped on the next failure.
const PRUNE_AT: usize = 10_000;

impl FailureLimiter {
    pub(crate) fn new(max_failures: u32, window: Duration) -> Self {
        FailureLimiter {
            max_failures,
            window,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds to wait)` when `key` has used up its failures in the current window.
    pub(crate) fn check(&self, key: &str) -> Result<(), u64> {
        let entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match entries.get(key) {
            Some(window)
                if window.failures >= self.max_failures
                    && window.started.elapsed() < self.window =>
            {
                Err((self.window - window.started.elapsed()).as_secs().max(1))
            }
            _ => Ok(()),
        }
    }

    /// Counts a failure for `key`.
    pub(crate) fn fail(&self, key: &str) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() >= PRUNE_AT {
            let window = self.window;
            entries.retain(|_, entry| entry.started.elapsed() < window);
        }
        let now = Instant::now();
        let entry = entries.entry(key.to_owned()).or_insert(Window {
            started: now,
            failures: 0,
        });
        if entry.started.elapsed() >= self.window {
            *entry = Window {
                started: now,
                failures: 0,
            };
        }
        entry.failures += 1;
    }

    /// Forgets `key`'s failures (after a success).
    pub(crate) fn reset(&self, key: &str) {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_allowed_failures_until_reset() {
        let limiter = FailureLimiter::new(2, Duration::from_secs(60));
        assert!(limiter.check("a").is_ok());
        limiter.fail("a");
        limiter.fail("a");
        assert!(limiter.check("a").is_err());
        assert!(limiter.check("b").is_ok(), "keys are independent");
        limiter.reset("a");
        assert!(limiter.check("a").is_ok());
    }

    #[test]
    fn windows_expire() {
        let limiter = FailureLimiter::new(1, Duration::from_millis(20));
        limiter.fail("a");
        assert!(limiter.check("a").is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(limiter.check("a").is_ok());
    }
}
