//! The sandbox outbox: where "text messages" with one-time codes go.
//!
//! Held in memory only (a code is never written to disk) and readable over
//! HTTP only when the gateway runs with `sandbox_outbox`.

use std::sync::Mutex;

use serde::Serialize;

/// One message "sent" to a phone.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OutboxMessage {
    pub(crate) to: String,
    pub(crate) kind: &'static str,
    pub(crate) code: String,
    pub(crate) challenge: String,
    pub(crate) created_at: i64,
}

/// The messages sent so far (newest last), kept only in sandbox mode.
pub(crate) struct Outbox {
    enabled: bool,
    messages: Mutex<Vec<OutboxMessage>>,
}

const MAX_MESSAGES: usize = 1_000;

impl Outbox {
    pub(crate) fn new(enabled: bool) -> Self {
        Self {
            enabled,
            messages: Mutex::new(Vec::new()),
        }
    }

    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }

    /// Delivers a code; outside sandbox mode it goes nowhere.
    pub(crate) fn send_otp(&self, phone_last2: &str, code: String, challenge: &str, now: i64) {
        tracing::info!(challenge = %challenge, "one-time code sent to phone ending {phone_last2}");
        if !self.enabled {
            return;
        }
        let mut messages = self.messages.lock().unwrap_or_else(|e| e.into_inner());
        if messages.len() >= MAX_MESSAGES {
            messages.remove(0);
        }
        messages.push(OutboxMessage {
            to: format!("phone ending {phone_last2}"),
            kind: "otp",
            code,
            challenge: challenge.to_owned(),
            created_at: now,
        });
    }

    /// The messages, optionally only those for one challenge.
    pub(crate) fn messages(&self, challenge: Option<&str>) -> Vec<OutboxMessage> {
        let messages = self.messages.lock().unwrap_or_else(|e| e.into_inner());
        messages
            .iter()
            .filter(|m| challenge.is_none_or(|c| m.challenge == c))
            .cloned()
            .collect()
    }
}
