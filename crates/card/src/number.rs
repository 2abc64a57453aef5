//! Card numbers: separators, brand detection, length, Luhn, formatting.

use crate::brand::{detect, Brand};

/// The most digits any card number has.
pub const MAX_DIGITS: usize = 19;
/// The fewest digits any card number has.
pub const MIN_DIGITS: usize = 12;

/// Whether a character is a separator people type or paste inside card
/// numbers: any Unicode whitespace (incl. no-break and ideographic spaces),
/// ASCII and Unicode dashes, and invisible zero-width characters.
pub(crate) fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'..='\u{2015}'
                | '\u{2212}'
                | '\u{FE58}'
                | '\u{FE63}'
                | '\u{FF0D}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'
                | '\u{FEFF}'
        )
}

/// The ASCII digits of `input` with separators (spaces, dashes) removed, or
/// `None` when it holds anything else: letters, punctuation, or non-ASCII
/// digits such as `'４'` or `'٤'` (never silently converted).
pub fn digits(input: &str) -> Option<String> {
    let mut out = String::with_capacity(input.len().min(32));
    for c in input.chars() {
        if c.is_ascii_digit() {
            out.push(c);
        } else if !is_separator(c) {
            return None;
        }
    }
    Some(out)
}

/// The Luhn (mod 10) check of a string of ASCII digits. False when empty or
/// when anything but ASCII digits is present.
pub fn luhn(digits: &str) -> bool {
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && luhn_values(digits.bytes().map(|b| b - b'0'))
}

pub(crate) fn luhn_values(values: impl DoubleEndedIterator<Item = u8>) -> bool {
    let sum: u32 = values
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Why a card number is not (yet) valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Nothing typed.
    Empty,
    /// Something other than digits, spaces and dashes.
    InvalidCharacters,
    /// No supported brand starts with these digits.
    UnknownBrand,
    /// Too few digits for the brand.
    Incomplete,
    /// More digits than the brand has.
    TooLong,
    /// The right length, but the Luhn check digit is wrong (a typo).
    Luhn,
}

impl NumberError {
    /// A stable code, e.g. for tests, logs and translations.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::InvalidCharacters => "invalid_characters",
            Self::UnknownBrand => "unknown_brand",
            Self::Incomplete => "incomplete",
            Self::TooLong => "too_long",
            Self::Luhn => "luhn",
        }
    }

    /// A plain-words English message for the customer.
    pub const fn message(self) -> &'static str {
        match self {
            Self::Empty => "Enter the card number.",
            Self::InvalidCharacters => {
                "The card number can contain only digits, spaces and dashes."
            }
            Self::UnknownBrand => "This card number is not from a supported card brand.",
            Self::Incomplete => "The card number is incomplete.",
            Self::TooLong => "The card number is too long.",
            Self::Luhn => "The card number is not valid. Check it for typos.",
        }
    }
}

impl core::fmt::Display for NumberError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for NumberError {}

/// What the business accepts beyond the known brands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NumberRules {
    /// Accept a Luhn-valid number of 12–19 digits whose brand is unknown
    /// (its brand is then `None`). Off by default.
    pub allow_unknown_brands: bool,
}

/// The result of checking a (possibly partial) card number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberCheck {
    /// The brand, once the digits typed fit only one (or every candidate's
    /// prefix has been typed in full and one prefix is the most specific:
    /// `401178` is Elo, not Visa). `None` while they still fit several (see
    /// `candidates`) or none.
    pub brand: Option<Brand>,
    /// Every brand the number could still be, in [`Brand::ALL`] order. Empty
    /// when nothing is typed or no brand fits.
    pub candidates: Vec<Brand>,
    /// Whether the digits typed pass the Luhn (mod 10) check. False when
    /// nothing is typed or the input has invalid characters.
    pub luhn: bool,
    /// Complete and valid: the brand is known, the number of digits is one
    /// of the brand's lengths, and Luhn passes.
    pub complete_valid: bool,
    /// Whether the number is valid or typing more digits could still make it
    /// valid (empty input counts). When false, `error` is shown at once,
    /// while typing.
    pub potentially_valid: bool,
    /// The number of digits typed (separators not counted).
    pub length: usize,
    /// Why the number is not valid as it stands: what blur or submit shows.
    /// `None` when valid.
    pub error: Option<NumberError>,
}

impl NumberCheck {
    /// Valid as it stands under the rules checked with: known brand (or
    /// unknown brands allowed), valid length, Luhn. With the default rules
    /// the same as `complete_valid`.
    pub fn is_valid(&self) -> bool {
        self.error.is_none()
    }

    /// The error to show while the customer is still typing: only errors no
    /// further digit can fix.
    pub fn typing_error(&self) -> Option<NumberError> {
        if self.potentially_valid {
            None
        } else {
            self.error
        }
    }

    /// The field's maximum number of digits for what is typed so far: the
    /// brand's, else the longest of the candidates', else 19.
    pub fn max_length(&self) -> usize {
        match self.brand {
            Some(brand) => brand.max_length(),
            None => self
                .candidates
                .iter()
                .map(|b| b.max_length())
                .max()
                .unwrap_or(MAX_DIGITS),
        }
    }

    /// The number's brand when valid, else its error (for servers: the
    /// gateway re-checks what the browser sent). `Ok(None)` only for an
    /// unknown brand under [`NumberRules::allow_unknown_brands`].
    pub fn result(&self) -> Result<Option<Brand>, NumberError> {
        match self.error {
            None => Ok(self.brand),
            Some(error) => Err(error),
        }
    }
}

/// Checks a card number as typed or pasted (spaces and dashes allowed), with
/// the default rules: known brands only.
///
/// ```
/// use portal_card::{check_number, Brand, NumberError};
/// let check = check_number("4242 4242 4242 4242");
/// assert_eq!(check.brand, Some(Brand::Visa));
/// assert!(check.complete_valid && check.luhn && check.potentially_valid);
///
/// let partial = check_number("3");
/// assert_eq!(partial.brand, None);
/// assert_eq!(partial.candidates, [Brand::Amex, Brand::DinersClub, Brand::Jcb]);
/// assert!(!partial.complete_valid && partial.potentially_valid);
/// assert_eq!(partial.typing_error(), None);
/// assert_eq!(partial.error, Some(NumberError::Incomplete));
/// ```
pub fn check_number(input: &str) -> NumberCheck {
    check_number_with(input, NumberRules::default())
}

/// [`check_number`] with the business's [`NumberRules`].
pub fn check_number_with(input: &str, rules: NumberRules) -> NumberCheck {
    // Digits go to a stack buffer: no heap copy of the number is made here.
    let mut buf = [0u8; MAX_DIGITS];
    let mut length = 0usize;
    // Luhn sums with the even, resp. odd, positions (from the left) doubled:
    // which one applies depends on the length, known only at the end.
    let mut sums = [0u32; 2];
    for c in input.chars() {
        if c.is_ascii_digit() {
            let d = c as u8 - b'0';
            if let Some(slot) = buf.get_mut(length) {
                *slot = d;
            }
            let twice = u32::from(d) * 2;
            let doubled = if twice > 9 { twice - 9 } else { twice };
            let (even, odd) = if length.is_multiple_of(2) {
                (doubled, u32::from(d))
            } else {
                (u32::from(d), doubled)
            };
            sums[0] = (sums[0] + even) % 10;
            sums[1] = (sums[1] + odd) % 10;
            length += 1;
        } else if !is_separator(c) {
            return NumberCheck {
                brand: None,
                candidates: Vec::new(),
                luhn: false,
                complete_valid: false,
                potentially_valid: false,
                length,
                error: Some(NumberError::InvalidCharacters),
            };
        }
    }
    // The rightmost digit is never doubled: even positions are doubled when
    // the length is even.
    let luhn = length > 0 && sums[length % 2] == 0;
    let typed = &buf[..length.min(MAX_DIGITS)];
    let detection = detect(typed);
    let candidates: Vec<Brand> = detection.candidates.iter().collect();

    let (error, potentially_valid) = if length == 0 {
        (Some(NumberError::Empty), true)
    } else if let Some(brand) = detection.brand {
        by_length(length, brand.lengths(), luhn)
    } else if !candidates.is_empty() {
        // Several brands still fit: this only happens within the first
        // eight digits, well short of any brand's length.
        (Some(NumberError::Incomplete), true)
    } else if rules.allow_unknown_brands {
        const ANY: [u8; 8] = [12, 13, 14, 15, 16, 17, 18, 19];
        by_length(length, &ANY, luhn)
    } else {
        (Some(NumberError::UnknownBrand), false)
    };
    NumberCheck {
        brand: detection.brand,
        candidates,
        luhn,
        complete_valid: error.is_none() && detection.brand.is_some(),
        potentially_valid,
        length,
        error,
    }
}

fn by_length(length: usize, lengths: &[u8], luhn: bool) -> (Option<NumberError>, bool) {
    let max = lengths.last().map_or(MAX_DIGITS, |&l| usize::from(l));
    if length > max {
        (Some(NumberError::TooLong), false)
    } else if lengths.iter().any(|&l| usize::from(l) == length) {
        if luhn {
            (None, true)
        } else {
            // A longer valid length may still follow (e.g. 19-digit Visa).
            (Some(NumberError::Luhn), length < max)
        }
    } else {
        (Some(NumberError::Incomplete), true)
    }
}

/// The digit groups the number is shown in, for the brand detected from
/// `digits` (ASCII digits): the brand's [`Brand::groups`], fours while the
/// brand is unknown. Digits past the last group form one more group.
fn groups(digits: &str) -> &'static [usize] {
    let mut values = [0u8; 8];
    let n = digits.len().min(values.len());
    for (v, b) in values.iter_mut().zip(digits.bytes()) {
        *v = b - b'0';
    }
    match detect(&values[..n]).brand {
        // 14-digit Diners Club cards (the `36` range) read 4-6-4; the other
        // ranges are 16-digit cards read in fours.
        Some(Brand::DinersClub) if !(digits.starts_with("36") && digits.len() <= 14) => {
            &[4, 4, 4, 4]
        }
        Some(brand) => brand.groups(),
        None => &[4, 4, 4, 4],
    }
}

/// The number in its brand's groups, e.g. `"4242 4242 4242 4242"`,
/// `"3782 822463 10005"` (American Express 4-6-5), `"3622 720627 1667"`
/// (Diners Club 4-6-4); fours for unknown or not yet known brands, and a
/// 19-digit number as 4-4-4-4-3. Separators in the input are dropped; input
/// with anything else in it is returned unchanged (the check reports it). It
/// does not cut the number to length: cap the field at
/// [`NumberCheck::max_length`].
pub fn format_number(input: &str) -> String {
    let Some(digits) = digits(input) else {
        return input.to_owned();
    };
    let mut out = String::with_capacity(digits.len() + 5);
    let mut rest = digits.as_str();
    for &size in groups(&digits) {
        if rest.is_empty() {
            break;
        }
        let (group, tail) = rest.split_at(size.min(rest.len()));
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(group);
        rest = tail;
    }
    if !rest.is_empty() {
        out.push(' ');
        out.push_str(rest);
    }
    out
}

/// Where the caret goes in `formatted` (as returned by [`format_number`]) so
/// that `digits_before` digits precede it: a char index, equal to the UTF-16
/// offset for formatted numbers. Use it to keep the caret in place when the
/// field is reformatted while typing.
pub fn caret_after_digits(formatted: &str, digits_before: usize) -> usize {
    if digits_before == 0 {
        return 0;
    }
    let mut seen = 0;
    for (i, c) in formatted.chars().enumerate() {
        if c.is_ascii_digit() {
            seen += 1;
            if seen == digits_before {
                return i + 1;
            }
        }
    }
    formatted.chars().count()
}

#[cfg(test)]
mod tests;
