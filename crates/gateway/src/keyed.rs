//! Keyed hashes: card fingerprints and stored one-time codes.
//!
//! Both are HMAC-SHA256 under a per-gateway secret key kept in the database, so
//! neither a fingerprint nor a stored code hash can be brute-forced from the
//! table alone (a six-digit code or a card number has too little entropy for
//! a plain hash).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// The gateway's MAC key.
#[derive(Clone)]
pub(crate) struct Keyed {
    key: Vec<u8>,
}

impl std::fmt::Debug for Keyed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyed(..)")
    }
}

impl Keyed {
    pub(crate) fn new(key: Vec<u8>) -> Self {
        Self { key }
    }

    fn mac(&self, domain: &str, parts: &[&[u8]]) -> String {
        // A key of any length is valid for HMAC; the fallback is never taken.
        let mut mac = match HmacSha256::new_from_slice(&self.key) {
            Ok(mac) => mac,
            Err(_) => return String::new(),
        };
        mac.update(domain.as_bytes());
        for part in parts {
            // Length-prefixed so ("ab","c") and ("a","bc") differ.
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        hex::encode(mac.finalize().into_bytes())
    }

    /// The card's fingerprint: the same number always gives the same value.
    pub(crate) fn fingerprint(&self, pan_digits: &str) -> String {
        let full = self.mac("card-fingerprint", &[pan_digits.as_bytes()]);
        full.chars().take(32).collect()
    }

    /// The stored form of a one-time code, bound to its challenge, charge and amount.
    pub(crate) fn code_hash(
        &self,
        challenge_id: &str,
        charge_id: &str,
        amount: i64,
        currency: &str,
        code: &str,
    ) -> String {
        self.mac(
            "otp-code",
            &[
                challenge_id.as_bytes(),
                charge_id.as_bytes(),
                &amount.to_be_bytes(),
                currency.as_bytes(),
                code.as_bytes(),
            ],
        )
    }
}

/// Compares two secrets in constant time.
pub(crate) fn secrets_equal(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// Plain SHA-256 in hex, for request fingerprints (not secrets).
pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c4_fingerprint_is_stable_keyed_and_not_the_pan() {
        let a = Keyed::new(vec![1; 32]);
        let b = Keyed::new(vec![2; 32]);
        let pan = "4242424242424242";
        assert_eq!(a.fingerprint(pan), a.fingerprint(pan));
        assert_ne!(a.fingerprint(pan), b.fingerprint(pan));
        assert!(!a.fingerprint(pan).contains("4242"));
    }

    #[test]
    fn o2_code_hash_is_bound_to_charge_and_amount() {
        let k = Keyed::new(vec![7; 32]);
        let base = k.code_hash("chal_1", "ch_1", 500, "usd", "123456");
        assert_ne!(base, k.code_hash("chal_1", "ch_2", 500, "usd", "123456"));
        assert_ne!(base, k.code_hash("chal_1", "ch_1", 501, "usd", "123456"));
        assert_ne!(base, k.code_hash("chal_2", "ch_1", 500, "usd", "123456"));
        assert!(secrets_equal(
            &base,
            &k.code_hash("chal_1", "ch_1", 500, "usd", "123456")
        ));
    }
}
