//! Card validation for tokenization.
//!
//! The gateway re-checks everything the card frame already checked: a browser
//! can send anything. The checks are the card core crate's (`portal-card`),
//! the same code the frame runs; this module maps their verdicts to the
//! gateway's error messages.

use portal_card::{Brand, ExpiryError, YearMonth};

/// A validated card number's brand id (`visa`, `mastercard`, …).
pub(crate) fn check_number(digits: &str) -> Result<&'static str, &'static str> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("The card number must contain digits only.");
    }
    let check = portal_card::check_number(digits);
    match check.brand {
        Some(brand) if check.complete_valid => return Ok(brand.id()),
        _ => {}
    }
    if !(portal_card::MIN_DIGITS..=portal_card::MAX_DIGITS).contains(&digits.len()) {
        Err("The card number is incomplete or too long.")
    } else if !check.luhn {
        Err("The card number is not valid.")
    } else if check.brand.is_some() {
        // A known brand, at a length it does not issue.
        Err("The card number is incomplete or too long.")
    } else {
        Err("The card number is not valid for any supported card brand.")
    }
}

/// A validated expiry as (month, four-digit year), given the current (year, month).
pub(crate) fn check_expiry(
    month: i64,
    year: i64,
    now: (u16, u8),
) -> Result<(u8, u16), &'static str> {
    portal_card::check_expiry_parts(month, year, YearMonth::new(now.0, now.1))
        .map(|expiry| (expiry.month, expiry.year))
        .map_err(|error| match error {
            ExpiryError::InvalidMonth => "The expiry month must be between 1 and 12.",
            ExpiryError::Expired => "The card has expired.",
            ExpiryError::TooFarAhead => "The expiry year is too far in the future.",
            _ => "The expiry year is not valid.",
        })
}

/// Checks the security code's length for the brand (an id from
/// [`check_number`]).
pub(crate) fn check_cvc(cvc: &str, brand: &str) -> Result<(), &'static str> {
    let brand = Brand::from_id(brand);
    if portal_card::check_cvc(cvc, brand).valid {
        Ok(())
    } else if brand.is_some_and(|b| b.cvc_length() == 4) {
        Err("The security code must be 4 digits.")
    } else {
        Err("The security code must be 3 digits.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_cards::TEST_CARDS;

    #[test]
    fn c6_test_cards_are_valid_with_their_brand() {
        for card in TEST_CARDS {
            assert_eq!(check_number(card.number), Ok(card.brand), "{}", card.number);
        }
    }

    #[test]
    fn c6_bad_numbers_are_refused() {
        assert!(check_number("4242424242424241").is_err());
        assert!(check_number("42424242").is_err());
        assert!(check_number("").is_err());
    }

    #[test]
    fn c6_expiry_in_the_past_or_far_future_is_refused() {
        assert_eq!(check_expiry(12, 2030, (2026, 5)), Ok((12, 2030)));
        assert_eq!(check_expiry(5, 26, (2026, 5)), Ok((5, 2026)));
        assert!(check_expiry(4, 2026, (2026, 5)).is_err());
        assert!(check_expiry(13, 2030, (2026, 5)).is_err());
        assert!(check_expiry(1, 2060, (2026, 5)).is_err());
    }

    #[test]
    fn c6_cvc_length_depends_on_brand() {
        assert!(check_cvc("123", "visa").is_ok());
        assert!(check_cvc("1234", "visa").is_err());
        assert!(check_cvc("1234", "amex").is_ok());
        assert!(check_cvc("12a", "visa").is_err());
        assert!(check_cvc("000", "mastercard").is_ok());
        assert_eq!(
            check_cvc("123", "amex"),
            Err("The security code must be 4 digits.")
        );
        assert_eq!(
            check_cvc("1234", "visa"),
            Err("The security code must be 3 digits.")
        );
    }

    #[test]
    fn c6_number_messages() {
        assert_eq!(
            check_number("42a2"),
            Err("The card number must contain digits only.")
        );
        assert_eq!(
            check_number("42424242"),
            Err("The card number is incomplete or too long.")
        );
        assert_eq!(
            check_number("4242424242424241"),
            Err("The card number is not valid.")
        );
        assert_eq!(
            check_number("1234567812345670"),
            Err("The card number is not valid for any supported card brand.")
        );
        assert_eq!(check_number("378282246310005"), Ok("amex"));
        assert_eq!(check_number("5066991111111118"), Ok("elo"));
    }

    #[test]
    fn c6_expiry_messages() {
        assert_eq!(
            check_expiry(13, 2030, (2026, 5)),
            Err("The expiry month must be between 1 and 12.")
        );
        assert_eq!(
            check_expiry(4, 2026, (2026, 5)),
            Err("The card has expired.")
        );
        assert_eq!(
            check_expiry(1, 2046, (2026, 5)),
            Err("The expiry year is too far in the future.")
        );
        assert_eq!(
            check_expiry(1, 203, (2026, 5)),
            Err("The expiry year is not valid.")
        );
        assert_eq!(check_expiry(12, 2045, (2026, 5)), Ok((12, 2045)));
    }
}
