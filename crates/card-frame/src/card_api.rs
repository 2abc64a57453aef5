//! The frame's view of the card core (`portal-card`): the checks the form
//! needs, in one place.

use portal_card::Brand;

/// What the typed card number is.
pub struct Number {
    pub brand: Option<Brand>,
    pub candidates: Vec<Brand>,
    pub complete_valid: bool,
    pub potentially_valid: bool,
}

/// Checks a typed card number.
pub fn number(input: &str) -> Number {
    let check = portal_card::check_number(input);
    Number {
        brand: check.brand,
        candidates: check.candidates,
        complete_valid: check.complete_valid,
        potentially_valid: check.potentially_valid,
    }
}

/// What the typed expiry is.
pub struct Expiry {
    pub month: Option<u8>,
    pub year: Option<u16>,
    pub valid: bool,
    pub potentially_valid: bool,
    /// `expired`, `too_far_ahead`, `incomplete`, … when not valid.
    pub error: Option<&'static str>,
}

/// Checks a typed expiry against today's year and month.
pub fn expiry(input: &str, year: u16, month: u8) -> Expiry {
    let check = portal_card::check_expiry(input, year, month);
    Expiry {
        month: check.month,
        year: check.year,
        valid: check.valid,
        potentially_valid: check.potentially_valid,
        error: check.error.map(|e| e.code()),
    }
}

/// Whether a typed security code is complete and possible for the brand.
pub fn cvc(input: &str, brand: Option<Brand>) -> (bool, bool) {
    let check = portal_card::check_cvc(input, brand);
    (check.is_valid(), check.potentially_valid)
}
