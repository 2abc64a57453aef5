//! Card validation for tokenization.
//!
//! The gateway re-checks everything the card frame already checked: a browser
//! can send anything. These checks belong to the card core crate
//! (`portal-card`: `check_number`, `check_expiry`, `check_cvc`); until it
//! exposes them, this module carries minimal ones of its own (Luhn, 12-19
//! digits, the IIN prefixes of the major brands, expiry window, CVC length).
//! Only the three function bodies need to change when it does.

/// A validated card number's brand id (`visa`, `mastercard`, …).
pub(crate) fn check_number(digits: &str) -> Result<&'static str, &'static str> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("The card number must contain digits only.");
    }
    if !(12..=19).contains(&digits.len()) {
        return Err("The card number is incomplete or too long.");
    }
    if !luhn(digits) {
        return Err("The card number is not valid.");
    }
    brand_of(digits).ok_or("The card number is not valid for any supported card brand.")
}

/// A validated expiry as (month, four-digit year), given the current (year, month).
pub(crate) fn check_expiry(
    month: i64,
    year: i64,
    now: (u16, u8),
) -> Result<(u8, u16), &'static str> {
    let month = u8::try_from(month)
        .ok()
        .filter(|m| (1..=12).contains(m))
        .ok_or("The expiry month must be between 1 and 12.")?;
    let year = if (0..100).contains(&year) {
        year + 2000
    } else {
        year
    };
    let year = u16::try_from(year)
        .ok()
        .filter(|y| (2000..=2200).contains(y))
        .ok_or("The expiry year is not valid.")?;
    if (year, month) < (now.0, now.1) {
        return Err("The card has expired.");
    }
    if year > now.0 + 20 {
        return Err("The expiry year is too far in the future.");
    }
    Ok((month, year))
}

/// Checks the security code's length for the brand.
pub(crate) fn check_cvc(cvc: &str, brand: &str) -> Result<(), &'static str> {
    let expected = if brand == "amex" { 4 } else { 3 };
    if cvc.len() == expected && cvc.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else if brand == "amex" {
        Err("The security code must be 4 digits.")
    } else {
        Err("The security code must be 3 digits.")
    }
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            match (i % 2 == 1, d * 2) {
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
                (false, _) => d,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn brand_of(digits: &str) -> Option<&'static str> {
    let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u32>().ok());
    let p2 = prefix(2)?;
    let p3 = prefix(3)?;
    let p4 = prefix(4)?;
    let brand = if digits.starts_with('4') {
        "visa"
    } else if (51..=55).contains(&p2) || (2221..=2720).contains(&p4) {
        "mastercard"
    } else if p2 == 34 || p2 == 37 {
        "amex"
    } else if p4 == 6011 || p2 == 65 || (644..=649).contains(&p3) {
        "discover"
    } else if p2 == 36 || p2 == 38 || p2 == 39 || (300..=305).contains(&p3) {
        "diners"
    } else if (3528..=3589).contains(&p4) {
        "jcb"
    } else if p2 == 62 {
        "unionpay"
    } else {
        return None;
    };
    Some(brand)
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
    }
}
