//! One async mutex per key (e.g. per payment), created on demand and
//! dropped when nobody holds or waits for it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A set of per-key locks.
#[derive(Debug, Default)]
pub struct KeyedLocks {
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl KeyedLocks {
    /// The lock for `key` (lock it with `.lock().await`).
    pub fn get(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
        locks.retain(|_, l| Arc::strong_count(l) > 1);
        locks.entry(key.to_owned()).or_default().clone()
    }
}
