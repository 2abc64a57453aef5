//! Random identifiers and secrets from the OS CSPRNG.

use rand::rngs::OsRng;
use rand::RngCore;

/// `prefix_` + 24 hex characters (96 random bits), e.g. `inv_3f…`.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", random_hex(12))
}

/// `bytes` random bytes as lowercase hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

/// SHA-256 of `value` as hex (how session ids and link nonces are stored).
pub fn sha256_hex(value: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(value.as_bytes()))
}
