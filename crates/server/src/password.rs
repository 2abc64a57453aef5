//! Password hashing (argon2id, default parameters) and the constant-work check
//! that makes unknown emails cost as much as wrong passwords.
//!
//! Each hash holds about 19 MiB and tens of milliseconds of a core, so the
//! request handlers go through [`verify_bounded`] and [`hash_bounded`]: on
//! the blocking pool, at most [`CONCURRENT_HASHES`] at a time.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::rngs::OsRng;
use tokio::sync::Semaphore;

use crate::error::AppError;

/// How many password hashes run at once (the permits of the state's
/// semaphore); the others wait their turn.
pub const CONCURRENT_HASHES: usize = 4;

/// [`verify`] on the blocking pool, holding one of `limit`'s permits.
pub async fn verify_bounded(
    limit: &Semaphore,
    password: String,
    stored: Option<String>,
) -> Result<bool, AppError> {
    let _permit = limit.acquire().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(move || verify(&password, stored.as_deref()))
        .await
        .map_err(AppError::internal)
}

/// [`hash`] on the blocking pool, holding one of `limit`'s permits.
pub async fn hash_bounded(limit: &Semaphore, password: String) -> Result<String, AppError> {
    let _permit = limit.acquire().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
}

/// Hashes a password into a PHC string.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether `password` matches `stored`. With no stored hash (unknown email,
/// or no password set yet) the same argon2 work is done against a dummy
/// hash, so timing does not tell whether an account exists.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let dummy = dummy_hash();
    let (phc, real) = match stored {
        Some(s) => (s, true),
        None => (dummy, false),
    };
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let ok = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    ok && real
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash("not-a-real-password-for-timing-only").unwrap_or_else(|_| {
            // Argon2's defaults never fail; a fixed valid PHC string as the fallback.
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Oc4ZeE4UG0Hd9bUXBdYyTDcQDhl9ZsxdeD7b9gHQgY".to_owned()
        })
    })
}

/// Why a new password is refused, if it is.
pub fn check_strength(password: &str) -> Result<(), &'static str> {
    let len = password.chars().count();
    if len < 10 {
        return Err("Use at least 10 characters.");
    }
    if len > 200 {
        return Err("Use at most 200 characters.");
    }
    if password.chars().any(char::is_control) {
        return Err("Use letters, digits, spaces and symbols only.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_its_password() {
        let h = hash("correct horse").unwrap();
        assert!(verify("correct horse", Some(&h)));
        assert!(!verify("wrong horse", Some(&h)));
        assert!(!h.contains("correct"));
    }

    #[test]
    fn a6_unknown_account_never_verifies() {
        assert!(!verify("not-a-real-password-for-timing-only", None));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_strength("short").is_err());
        assert!(check_strength("long enough pass").is_ok());
    }
}
