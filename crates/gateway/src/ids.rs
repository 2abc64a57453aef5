//! Random identifiers, secrets and one-time codes, all from the OS CSPRNG.

use rand::distributions::Alphanumeric;
use rand::rngs::OsRng;
use rand::Rng;

/// A new object id: `prefix` followed by 24 random letters and digits.
pub(crate) fn new_id(prefix: &str) -> String {
    let mut id = String::with_capacity(prefix.len() + 24);
    id.push_str(prefix);
    id.extend(OsRng.sample_iter(&Alphanumeric).take(24).map(char::from));
    id
}

/// A new client secret bound to `object_id` (`<id>_secret_<32 random>`).
pub(crate) fn new_client_secret(object_id: &str) -> String {
    let random: String = OsRng
        .sample_iter(&Alphanumeric)
        .take(32)
        .map(char::from)
        .collect();
    format!("{object_id}_secret_{random}")
}

/// A new six-digit one-time code, uniformly drawn (leading zeros kept).
pub(crate) fn new_otp_code() -> String {
    format!("{:06}", OsRng.gen_range(0..1_000_000u32))
}

/// 32 random bytes for a new MAC key.
pub(crate) fn new_key_bytes() -> [u8; 32] {
    let mut key = [0u8; 32];
    OsRng.fill(&mut key);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_prefix_and_differ() {
        let a = new_id("tok_");
        let b = new_id("tok_");
        assert!(a.starts_with("tok_"));
        assert_eq!(a.len(), 28);
        assert_ne!(a, b);
    }

    #[test]
    fn o1_codes_are_six_ascii_digits() {
        for _ in 0..200 {
            let code = new_otp_code();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
