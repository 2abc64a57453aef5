//! In-memory failure counters with a cool-down (login, payments, invitations).
//!
//! Where an attempt is expensive (a password check), [`Throttle::attempt`]
//! counts it *before* the work: the attempts in flight count against the
//! limit, so a parallel burst cannot all pass the check before the first
//! failure is recorded.

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
    /// Attempts reserved by [`Throttle::attempt`] and not settled yet.
    in_flight: usize,
    blocked_until: i64,
}

/// An attempt counted in advance. Dropped without [`Attempt::succeeded`] or
/// [`Attempt::cancel`] (a failure, or a request abandoned mid-way) it is a
/// failure.
#[derive(Debug)]
#[must_use = "an attempt dropped is counted as a failure"]
pub struct Attempt<'a> {
    throttle: &'a Throttle,
    key: String,
    at: i64,
    settled: bool,
}

impl Attempt<'_> {
    /// Counts the attempt as a failure; true when it blocked the key.
    pub fn failed(mut self) -> bool {
        self.settled = true;
        self.throttle.settle(&self.key, Some(self.at))
    }

    /// The attempt succeeded: it does not count.
    pub fn succeeded(mut self) {
        self.settled = true;
        self.throttle.settle(&self.key, None);
    }

    /// The attempt was not made after all (refused for another reason).
    pub fn cancel(self) {
        self.succeeded();
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if !self.settled {
            self.throttle.settle(&self.key, Some(self.at));
        }
    }
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

    /// Reserves an attempt for `key`: `Err(seconds to wait)` while the key is
    /// blocked, or while the failures so far plus the attempts in flight
    /// already reach the limit (if they all fail, the key is blocked for the
    /// cool-down).
    pub fn attempt(&self, key: &str, now: i64) -> Result<Attempt<'_>, u64> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        self.prune(&mut entries, now);
        let entry = entries.entry(key.to_owned()).or_default();
        if entry.blocked_until > now {
            return Err((entry.blocked_until - now) as u64);
        }
        entry.failures.retain(|t| now - t < self.window_secs);
        if entry.failures.len() + entry.in_flight >= self.max_failures {
            return Err(self.cooldown_secs.max(1) as u64);
        }
        entry.in_flight += 1;
        Ok(Attempt {
            throttle: self,
            key: key.to_owned(),
            at: now,
            settled: false,
        })
    }

    /// Ends an attempt in flight, with a failure at `failed_at` or without.
    fn settle(&self, key: &str, failed_at: Option<i64>) -> bool {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let entry = entries.entry(key.to_owned()).or_default();
        entry.in_flight = entry.in_flight.saturating_sub(1);
        match failed_at {
            Some(at) => self.record(entry, at),
            None => false,
        }
    }

    /// Records a failure; returns true when it blocked the key.
    pub fn fail(&self, key: &str, now: i64) -> bool {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        self.prune(&mut entries, now);
        let entry = entries.entry(key.to_owned()).or_default();
        self.record(entry, now)
    }

    fn record(&self, entry: &mut Entry, now: i64) -> bool {
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

    fn prune(&self, entries: &mut HashMap<String, Entry>, now: i64) {
        if entries.len() > 100_000 {
            entries.retain(|_, e| {
                e.in_flight > 0
                    || e.blocked_until > now
                    || e.failures.iter().any(|t| now - t < self.window_secs)
            });
        }
    }

    /// Forgets a key's failures (after a success); attempts still in
    /// flight stay counted until they end.
    pub fn reset(&self, key: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(e) = entries.get_mut(key) {
            e.failures.clear();
            e.blocked_until = 0;
            if e.in_flight == 0 {
                entries.remove(key);
            }
        }
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
    fn a7_attempts_in_flight_count_against_the_limit() {
        let t = Throttle::new(3, 60, 300);
        let a = t.attempt("k", 0).unwrap();
        let b = t.attempt("k", 0).unwrap();
        let c = t.attempt("k", 0).unwrap();
        assert!(t.attempt("k", 0).is_err(), "three in flight fill the limit");
        c.succeeded();
        let d = t.attempt("k", 1).unwrap();
        assert!(!a.failed());
        drop(b); // abandoned: a failure
        assert!(d.failed(), "the third failure blocks");
        assert_eq!(t.attempt("k", 1).err(), Some(300));
        assert!(t.attempt("other", 1).is_ok());
    }

    #[test]
    fn a7_old_failures_leave_the_window() {
        let t = Throttle::new(2, 60, 300);
        t.fail("k", 0);
        assert!(!t.fail("k", 61));
        assert!(t.check("k", 61).is_ok());
    }
}
