//! Portal sessions: single sign-on from the business's own site. The
//! business's backend mints one for a customer (`POST /v1/portal-sessions`)
//! and sends the customer to its URL; the portal's page at that URL redeems
//! the token once (`POST /api/portal-sessions/redeem`) for an ordinary
//! session. A token lives five minutes, works once, is bound to one
//! customer, and only its SHA-256 is stored (E3).

use portal_api::{ErrorCode, PortalSession};
use sqlx::SqliteConnection;

use crate::clock;
use crate::error::AppError;
use crate::ids::{new_id, random_hex, sha256_hex};
use crate::state::Settings;

/// How long a portal session's URL works: five minutes.
pub const LIFETIME: i64 = 5 * 60;
/// Longest `return_url`.
const MAX_RETURN_URL: usize = 2000;

/// A checked `return_url`: absolute, `https` (or `http` to a loopback host,
/// for development), no credentials in it.
pub fn checked_return_url(value: &str) -> Result<String, AppError> {
    let bad = || {
        AppError::bad_request(
            ErrorCode::InvalidField,
            "return_url: an absolute https URL (http only to localhost), up to 2,000 characters, without a user or password.",
        )
    };
    let value = value.trim();
    if value.is_empty() || value.len() > MAX_RETURN_URL {
        return Err(bad());
    }
    let url = reqwest::Url::parse(value).map_err(|_| bad())?;
    let host = url.host_str().unwrap_or("");
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    let scheme_ok = url.scheme() == "https" || (url.scheme() == "http" && loopback);
    if !scheme_ok || host.is_empty() || !url.username().is_empty() || url.password().is_some() {
        return Err(bad());
    }
    Ok(url.to_string())
}

/// Mints a portal session for `customer_id` (checked by the caller) in the
/// caller's transaction; the answer carries the only copy of its URL.
pub async fn create(
    conn: &mut SqliteConnection,
    settings: &Settings,
    customer_id: &str,
    return_url: Option<&str>,
    key_id: &str,
    now: i64,
) -> Result<PortalSession, AppError> {
    let id = new_id("ps");
    let token = random_hex(32);
    let expires_at = now + LIFETIME;
    sqlx::query(
        "INSERT INTO portal_sessions (id, token_hash, customer_id, return_url, key_id, created_at, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(sha256_hex(&token))
    .bind(customer_id)
    .bind(return_url)
    .bind(key_id)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(PortalSession {
        id,
        customer: customer_id.to_owned(),
        // After `#`: the token never reaches a server log or a Referer.
        url: format!("{}/portal-session#{token}", settings.public_url),
        return_url: return_url.map(str::to_owned),
        created_at: clock::rfc3339(now),
        expires_at: clock::rfc3339(expires_at),
    })
}

/// Uses up a live `token`: the customer it signs in (not archived), or
/// `None` when it is unknown, used, expired or its customer was archived.
pub async fn redeem(
    conn: &mut SqliteConnection,
    token: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    sqlx::query_scalar(
        "UPDATE portal_sessions SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? \
         AND customer_id IN (SELECT id FROM customers WHERE archived_at IS NULL) RETURNING customer_id",
    )
    .bind(now)
    .bind(sha256_hex(token.trim()))
    .bind(now)
    .fetch_optional(conn)
    .await
}

#[cfg(test)]
mod tests {
    use super::checked_return_url;

    #[test]
    fn return_urls_are_https_or_loopback_http() {
        for good in [
            "https://shop.example.com/account",
            "http://localhost:3000/back",
            "http://127.0.0.1/x",
        ] {
            assert!(checked_return_url(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "/relative",
            "javascript:alert(1)",
            "http://shop.example.com/",
            "https://user:pw@shop.example.com/",
            "ftp://shop.example.com/",
            "data:text/html,hi",
        ] {
            assert!(checked_return_url(bad).is_err(), "{bad}");
        }
        assert!(checked_return_url(&format!("https://a.example/{}", "x".repeat(2000))).is_err());
    }
}
