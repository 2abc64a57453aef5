//! Checking a billing address: every field specific, and never anything that
//! looks like a card number (a customer typing one in the wrong field must not
//! put it in our database).

use portal_api::{BillingAddress, ErrorCode};
use portal_card::contains_card_number;

use crate::error::AppError;

fn field_error(field: &str, message: &str) -> AppError {
    AppError::bad_request(ErrorCode::InvalidField, format!("{field}: {message}"))
}

fn text(field: &str, value: &str, min: usize, max: usize) -> Result<(), AppError> {
    let len = value.trim().chars().count();
    if len < min {
        return Err(field_error(field, "is required."));
    }
    if len > max {
        return Err(field_error(
            field,
            &format!("use at most {max} characters."),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(field_error(
            field,
            "contains characters that are not allowed.",
        ));
    }
    if contains_card_number(value) {
        return Err(field_error(
            field,
            "looks like a card number. Enter card details only in the card fields.",
        ));
    }
    Ok(())
}

/// Checks an address; the error names the field.
pub fn validate(a: &BillingAddress) -> Result<(), AppError> {
    text("Address", &a.line1, 1, 200)?;
    text("City", &a.city, 1, 100)?;
    text("State/region", &a.region, 0, 100)?;
    text("Postal code", &a.postal_code, 1, 20)?;
    if !a
        .postal_code
        .trim()
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
    {
        return Err(field_error(
            "Postal code",
            "use letters, digits, spaces and dashes only.",
        ));
    }
    let country = a.country.trim();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(field_error(
            "Country",
            "use a two-letter country code, e.g. US.",
        ));
    }
    Ok(())
}

/// The address trimmed, country uppercased.
pub fn normalize(a: &BillingAddress) -> BillingAddress {
    BillingAddress {
        line1: a.line1.trim().to_owned(),
        city: a.city.trim().to_owned(),
        region: a.region.trim().to_owned(),
        postal_code: a.postal_code.trim().to_owned(),
        country: a.country.trim().to_ascii_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr() -> BillingAddress {
        BillingAddress {
            line1: "1 Main St".into(),
            city: "Springfield".into(),
            region: "IL".into(),
            postal_code: "62701".into(),
            country: "us".into(),
        }
    }

    #[test]
    fn c4_card_numbers_in_address_fields_are_refused() {
        let mut a = addr();
        a.line1 = "4242 4242 4242 4242".into();
        assert!(validate(&a).is_err());
        assert!(contains_card_number("4242-4242-4242-4242"));
        assert!(!contains_card_number("Suite 100, 12 Main St 62701"));
    }

    /// Issue 13, finding 4: separators other than spaces and dashes, digits
    /// of other scripts and compatibility forms of digits (NFKC) no longer
    /// hide a card number.
    #[test]
    fn c4_card_numbers_hidden_by_other_separators_or_digits_are_refused() {
        for hidden in [
            "4242.4242.4242.4242",
            "4242/4242/4242/4242",
            "4242_4242_4242_4242",
            "4242\u{a0}4242\u{a0}4242\u{a0}4242",
            "4242\u{2009}4242\u{2009}4242\u{2009}4242",
            "４２４２ ４２４２ ４２４２ ４２４２",
            "٤٢٤٢ ٤٢٤٢ ٤٢٤٢ ٤٢٤٢",
            "𝟒𝟐𝟒𝟐 𝟒𝟐𝟒𝟐 𝟒𝟐𝟒𝟐 𝟒𝟐𝟒𝟐",
            "④②④② ④②④② ④②④② ④②④②",
        ] {
            let mut a = addr();
            a.line1 = hidden.into();
            assert!(validate(&a).is_err(), "{hidden:?}");
        }
    }

    #[test]
    fn addresses_are_checked_field_by_field() {
        assert!(validate(&addr()).is_ok());
        let mut a = addr();
        a.country = "USA".into();
        assert!(validate(&a).unwrap_err().message.starts_with("Country"));
        let mut a = addr();
        a.city = " ".into();
        assert!(validate(&a).unwrap_err().message.starts_with("City"));
        assert_eq!(normalize(&addr()).country, "US");
    }

    /// Only a Luhn-valid 12–19 digit run is taken for a card number
    /// (portal-card's `contains_card_number`): a digit run that is none (a
    /// reference, a phone number) in an address line no longer is refused.
    #[test]
    fn a_digit_run_that_is_no_card_number_is_accepted() {
        let mut a = addr();
        a.line1 = "PO Box 4242 4242 4242 4241".into();
        assert!(validate(&a).is_ok());
        a.line1 = "PO Box 4242 4242 4242 4242".into();
        assert!(validate(&a).is_err());
    }
}
