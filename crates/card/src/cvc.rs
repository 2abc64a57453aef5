//! Security codes (CVV, CVC, CID, …): digits only, the brand's length.

use crate::Brand;

/// Why a security code is not (yet) valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CvcError {
    /// Nothing typed.
    Empty,
    /// Something other than digits.
    InvalidCharacters,
    /// Fewer digits than the brand's code has.
    Incomplete,
    /// More digits than the brand's code has.
    TooLong,
}

impl CvcError {
    /// A stable code, e.g. for tests, logs and translations.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::InvalidCharacters => "invalid_characters",
            Self::Incomplete => "incomplete",
            Self::TooLong => "too_long",
        }
    }

    /// A plain-words English message; the field's label names the code
    /// ([`Brand::cvc_name`]) and [`cvc_lengths`] its length.
    pub const fn message(self) -> &'static str {
        match self {
            Self::Empty => "Enter the card's security code.",
            Self::InvalidCharacters => "The security code can contain only digits.",
            Self::Incomplete => "The security code is incomplete.",
            Self::TooLong => "The security code is too long.",
        }
    }
}

impl core::fmt::Display for CvcError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for CvcError {}

/// The result of checking a (possibly partial) security code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CvcCheck {
    /// Valid as it stands: the brand's number of digits (3 or 4 while the
    /// brand is unknown), digits only.
    pub valid: bool,
    /// Whether the code is valid or typing more could still make it valid
    /// (empty input counts); when false, `error` is shown at once.
    pub potentially_valid: bool,
    /// Why the code is not valid as it stands (shown on blur and submit).
    pub error: Option<CvcError>,
}

impl CvcCheck {
    /// Valid as it stands.
    pub fn is_valid(&self) -> bool {
        self.error.is_none()
    }

    /// The error to show while typing: only what no further typing can fix.
    pub fn typing_error(&self) -> Option<CvcError> {
        if self.potentially_valid {
            None
        } else {
            self.error
        }
    }
}

/// The accepted numbers of digits: the brand's, or 3–4 while the brand is
/// unknown.
pub fn cvc_lengths(brand: Option<Brand>) -> core::ops::RangeInclusive<usize> {
    match brand {
        Some(brand) => brand.cvc_length()..=brand.cvc_length(),
        None => 3..=4,
    }
}

/// Checks a security code for the card's brand (`None` while unknown: 3 or 4
/// digits). Surrounding whitespace is ignored; anything but ASCII digits is
/// invalid. Any digits are a valid code, `000` included.
///
/// ```
/// use portal_card::{check_cvc, Brand};
/// assert!(check_cvc("1234", Some(Brand::Amex)).valid);
/// assert!(check_cvc("000", Some(Brand::Visa)).valid);
/// let long = check_cvc("1234", Some(Brand::Visa));
/// assert!(!long.valid && !long.potentially_valid);
/// let short = check_cvc("12", None);
/// assert!(!short.valid && short.potentially_valid);
/// ```
pub fn check_cvc(input: &str, brand: Option<Brand>) -> CvcCheck {
    let code = input.trim();
    let lengths = cvc_lengths(brand);
    let (error, potentially_valid) = if !code.bytes().all(|b| b.is_ascii_digit()) {
        (Some(CvcError::InvalidCharacters), false)
    } else if code.is_empty() {
        (Some(CvcError::Empty), true)
    } else if code.len() < *lengths.start() {
        (Some(CvcError::Incomplete), true)
    } else if code.len() > *lengths.end() {
        (Some(CvcError::TooLong), false)
    } else {
        (None, true)
    };
    CvcCheck {
        valid: error.is_none(),
        potentially_valid,
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CvcError::*;

    #[test]
    fn c6_cvc_vectors() {
        let amex = Some(Brand::Amex);
        let visa = Some(Brand::Visa);
        let cases: &[(&str, Option<Brand>, Option<CvcError>, bool)] = &[
            ("1234", amex, None, true),
            ("123", amex, Some(Incomplete), true),
            ("12345", amex, Some(TooLong), false),
            ("123", visa, None, true),
            ("000", visa, None, true),
            ("0000", amex, None, true),
            ("1234", visa, Some(TooLong), false),
            ("12", visa, Some(Incomplete), true),
            ("", visa, Some(Empty), true),
            ("  ", visa, Some(Empty), true),
            (" 123 ", visa, None, true),
            ("123", None, None, true),
            ("1234", None, None, true),
            ("12", None, Some(Incomplete), true),
            ("12345", None, Some(TooLong), false),
            ("12a", visa, Some(InvalidCharacters), false),
            ("abc", None, Some(InvalidCharacters), false),
            ("1 23", visa, Some(InvalidCharacters), false),
            ("12-3", visa, Some(InvalidCharacters), false),
            ("１２３", visa, Some(InvalidCharacters), false),
            ("१२३", visa, Some(InvalidCharacters), false),
        ];
        for &(input, brand, error, potentially_valid) in cases {
            let check = check_cvc(input, brand);
            assert_eq!(
                check,
                CvcCheck {
                    valid: error.is_none(),
                    potentially_valid,
                    error,
                },
                "{input:?} {brand:?}"
            );
            assert_eq!(check.valid, error.is_none(), "{input:?} {brand:?}");
            assert_eq!(check.is_valid(), error.is_none());
        }
        for brand in Brand::ALL {
            let expected = if brand == Brand::Amex { 4 } else { 3 };
            assert_eq!(brand.cvc_length(), expected, "{brand:?}");
            assert!(check_cvc(&"7".repeat(expected), Some(brand)).valid);
            assert!(check_cvc(&"0".repeat(expected), Some(brand)).valid);
            assert!(!check_cvc(&"7".repeat(expected + 1), Some(brand)).valid);
            let short = check_cvc(&"7".repeat(expected - 1), Some(brand));
            assert!(!short.valid && short.potentially_valid);
        }
    }
}
