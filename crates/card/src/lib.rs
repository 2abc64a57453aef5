//! Pure card logic: brands, Luhn, lengths, formatting, expiry, security code,
//! postal codes, and finding a card number in free text. The one home of
//! these facts: brand names ([`Brand::name`], [`brand_name`] for ids), the
//! expiry window ([`MAX_YEARS_AHEAD`]) and [`contains_card_number`] serve
//! the frame, the SPA, the gateway and the server alike.
//!
//! No dependencies, no clock, no I/O: the card-entry frame (wasm32) checks
//! while the customer types, and the gateway re-checks what a browser sent,
//! with the same code. Nothing here keeps a card number: checks read the
//! input and return brand, validity and errors.
//!
//! Every check returns the error to show on blur or submit (`error`) and
//! whether the entry could still become valid by typing more
//! (`potentially_valid`): a partial but possible entry is not an error while
//! typing (`typing_error()` is `None`), an impossible one is, at once.
//!
//! ```
//! use portal_card::*;
//!
//! let number = check_number("3782 8224 6310 005");
//! assert_eq!(number.brand, Some(Brand::Amex));
//! assert_eq!(number.candidates, [Brand::Amex]);
//! assert!(number.luhn && number.complete_valid && number.potentially_valid);
//! assert_eq!(format_number("378282246310005"), "3782 822463 10005");
//! assert_eq!(Brand::Amex.id(), "amex");
//! assert_eq!(Brand::Amex.groups(), [4, 6, 5]);
//!
//! // Today's year and month are passed in.
//! let expiry = check_expiry("12 / 30", 2026, 5);
//! assert!(expiry.valid);
//! assert_eq!((expiry.month, expiry.year), (Some(12), Some(2030)));
//! assert!(check_cvc("1234", number.brand).valid);
//! assert!(check_postal_code("US", "94103").is_valid());
//! ```
//!
//! Brand prefixes and the choices made where public tables overlap are
//! documented in [`brand`]. Tests are named after the security check they
//! cover (C6: validation vectors); the differential test against the
//! `card-validate` crate lives in `tests/card_validate.rs`. Run them with
//! `cargo test -p portal-card`.

pub mod brand;
mod cvc;
mod expiry;
mod number;
mod postal;
mod scan;

pub use brand::{brand_name, Brand};
pub use cvc::{check_cvc, cvc_lengths, CvcCheck, CvcError};
pub use expiry::{
    check_expiry, check_expiry_at, check_expiry_parts, format_expiry, Expiry, ExpiryCheck,
    ExpiryError, YearMonth, MAX_YEARS_AHEAD,
};
pub use number::{
    caret_after_digits, check_number, check_number_with, digits, format_number, luhn, NumberCheck,
    NumberError, NumberRules, MAX_DIGITS, MIN_DIGITS,
};
pub use postal::{
    check_postal_code, postal_code_label, postal_code_required, PostalCheck, PostalError,
};
pub use scan::contains_card_number;
