//! Payment link tokens: `{link id}.{expires at}.{HMAC-SHA256}`. The link id
//! names a row of `payment_links` (its invoice, whether it was revoked);
//! changing any part breaks the signature.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

fn signature(key: &[u8], link_id: &str, expires_at: i64) -> String {
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        return String::new();
    };
    mac.update(format!("paylink:v2:{link_id}:{expires_at}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// A token for link `link_id` valid until `expires_at` (Unix seconds).
pub fn sign(key: &[u8], link_id: &str, expires_at: i64) -> String {
    format!(
        "{link_id}.{expires_at}.{}",
        signature(key, link_id, expires_at)
    )
}

/// Why a link does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Malformed or forged.
    Invalid,
    /// Past its time.
    Expired,
}

/// The link id and expiry of a genuine, unexpired token.
pub fn verify(key: &[u8], token: &str, now: i64) -> Result<(String, i64), LinkError> {
    if token.len() > 300 {
        return Err(LinkError::Invalid);
    }
    let mut parts = token.split('.');
    let (Some(link_id), Some(expires), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(LinkError::Invalid);
    };
    let expires_at: i64 = expires.parse().map_err(|_| LinkError::Invalid)?;
    let expected = signature(key, link_id, expires_at);
    if expected.is_empty() || !bool::from(expected.as_bytes().ct_eq(sig.as_bytes())) {
        return Err(LinkError::Invalid);
    }
    if expires_at <= now {
        return Err(LinkError::Expired);
    }
    Ok((link_id.to_owned(), expires_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genuine_links_verify_and_forged_ones_do_not() {
        let key = b"0123456789abcdef0123456789abcdef";
        let t = sign(key, "pl_1", 1000);
        assert_eq!(verify(key, &t, 999), Ok(("pl_1".into(), 1000)));
        assert_eq!(verify(key, &t, 1000), Err(LinkError::Expired));
        assert_eq!(
            verify(key, &t.replace("pl_1", "pl_2"), 0),
            Err(LinkError::Invalid)
        );
        assert_eq!(
            verify(key, &t.replace(".1000.", ".9999."), 0),
            Err(LinkError::Invalid)
        );
        assert_eq!(
            verify(b"another key another key another k", &t, 0),
            Err(LinkError::Invalid)
        );
        assert_eq!(verify(key, "garbage", 0), Err(LinkError::Invalid));
    }
}
