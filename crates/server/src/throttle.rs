//! In-memory failure counters with a cool-down (login, payments, invitations).

use std::collections::HashMap;
use std::sync::Mutex;

/// Counts failures per key in a sliding window; too many block the key for
/// a cool-down.
#[derive(Debug)]
pub struct Throttle {
    max_failures: usize,
    window_secs: i64,
    cooldown_secs: i64,
    entries: Mutex<HashMap<String, Entry>>,
}

#[derive(Debug, Default)]
struct Entry {
    failures: Vec<i64>,
    blocked_until: i64,
}

impl Throttle {
    /// Blocks a key for `cooldown_secs` once it has `max_failures` within `window_secs`.
    pub fn new(max_failures: usize, window_secs: i64, cooldown_secs: i64) -> Self {
        Self {
            max_failures,
            window_secs,
            cooldown_secs,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds to wait)` while `key` is blocked.
    pub fn check(&self, key: &str, now: i64) -> Result<(), u64> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        match entries.get(key) {
            Some(e) if e.blocked_until > now => Err((e.blocked_until - now) as u64),
            _ => Ok(()),
        }
    }

    /// Records a failure; returns true when it blocked the key.
    pub fn fail(&self, key: &str, now: i64) -> bool {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() > 100_000 {
            entries.retain(|_, e| {
                e.blocked_until > now || e.failures.iter().any(|t| now - t < self.window_secs)
            });
        }
        let entry = entries.entry(key.to_owned()).or_default();
        entry.failures.retain(|t| now - t < self.window_secs);
        entry.failures.push(now);
        if entry.failures.len() >= self.max_failures {
            entry.failures.clear();
            entry.blocked_until = now + self.cooldown_secs;
            true
        } else {
            false
        }
    }

    /// Forgets a key's failures (after a success).
    pub fn reset(&self, key: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a7_blocks_after_max_failures_then_cools_down() {
        let t = Throttle::new(3, 60, 300);
        assert!(t.check("k", 0).is_ok());
        assert!(!t.fail("k", 0));
        assert!(!t.fail("k", 1));
        assert!(t.fail("k", 2));
        assert_eq!(t.check("k", 2), Err(300));
        assert!(t.check("other", 2).is_ok());
        assert!(t.check("k", 302).is_ok());
    }

    #[test]
    fn a7_old_failures_leave_the_window() {
        let t = Throttle::new(2, 60, 300);
        t.fail("k", 0);
        assert!(!t.fail("k", 61));
        assert!(t.check("k", 61).is_ok());
    }
}
