//! Throttling of failed tokenizations (card-testing defence), kept in memory.
//!
//! Each subject (a client IP, a card fingerprint, a publishable key) may fail a
//! number of times within a window; the failure that reaches the limit blocks
//! it for a cool-down, during which every tokenization from it is refused
//! with `429 rate_limited`. The caller decides what a block means (a throttled
//! address, or an alert for a key's ceiling): [`RateLimiter::record_failure`]
//! says which subjects it just blocked.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Mutex;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::config::RateLimitConfig;

#[derive(Default)]
struct Subject {
    failures: VecDeque<i64>,
    blocked_until: i64,
}

/// Failure counters per subject.
pub(crate) struct RateLimiter {
    config: RateLimitConfig,
    subjects: Mutex<HashMap<String, Subject>>,
}

/// One subject to count against, with its own limit.
#[derive(Clone, Copy)]
pub(crate) struct Limit<'a> {
    pub(crate) subject: &'a str,
    pub(crate) max_failures: u32,
}

impl RateLimiter {
    pub(crate) fn new(config: RateLimitConfig) -> Self {
        Self {
            config,
            subjects: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn config(&self) -> RateLimitConfig {
        self.config
    }

    /// `Err(seconds)` while any of the subjects is blocked.
    pub(crate) fn check(&self, limits: &[Limit<'_>], now: i64) -> Result<(), i64> {
        let subjects = self.subjects.lock().unwrap_or_else(|e| e.into_inner());
        let wait = limits
            .iter()
            .filter_map(|l| subjects.get(l.subject))
            .map(|s| s.blocked_until - now)
            .max()
            .unwrap_or(0);
        if wait > 0 {
            Err(wait)
        } else {
            Ok(())
        }
    }

    /// Counts a failure against every subject, blocking those over their
    /// limit; answers the subjects this failure blocked.
    pub(crate) fn record_failure<'a>(&self, limits: &[Limit<'a>], now: i64) -> Vec<&'a str> {
        let mut subjects = self.subjects.lock().unwrap_or_else(|e| e.into_inner());
        let window_start = now - self.config.window_secs;
        let mut blocked = Vec::new();
        for limit in limits {
            let subject = subjects.entry(limit.subject.to_owned()).or_default();
            while subject.failures.front().is_some_and(|&t| t <= window_start) {
                subject.failures.pop_front();
            }
            subject.failures.push_back(now);
            if subject.failures.len() >= limit.max_failures as usize {
                subject.blocked_until = now + self.config.cooldown_secs;
                subject.failures.clear();
                blocked.push(limit.subject);
            }
        }
        // Forget subjects that are neither blocked nor failing, so memory stays bounded.
        if subjects.len() > 10_000 {
            subjects.retain(|_, s| {
                s.blocked_until > now || s.failures.back().is_some_and(|&t| t > window_start)
            });
        }
        blocked
    }
}

/// The client's IP address, as seen by the listening socket.
pub(crate) struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string());
        Ok(Self(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter() -> RateLimiter {
        RateLimiter::new(RateLimitConfig {
            max_failures_per_ip: 5,
            max_failures_per_key: 25,
            max_failures_per_card: 5,
            window_secs: 600,
            cooldown_secs: 300,
        })
    }

    #[test]
    fn a7_five_failures_pass_the_sixth_blocks_until_cooldown_ends() {
        let rl = limiter();
        let ip = [Limit {
            subject: "ip:1",
            max_failures: 5,
        }];
        for _ in 0..5 {
            assert!(rl.check(&ip, 100).is_ok());
            rl.record_failure(&ip, 100);
        }
        assert_eq!(rl.check(&ip, 100), Err(300));
        assert_eq!(rl.check(&ip, 399), Err(1));
        assert!(rl.check(&ip, 400).is_ok());
    }

    #[test]
    fn a7_failures_outside_the_window_are_forgotten() {
        let rl = limiter();
        let ip = [Limit {
            subject: "ip:1",
            max_failures: 5,
        }];
        for t in 0..5 {
            rl.record_failure(&ip, t);
        }
        rl.record_failure(&ip, 1_000);
        assert!(rl.check(&ip, 1_000).is_ok());
    }
}
