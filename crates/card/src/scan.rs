//! Finding a card number in free text (an address line, a payment's
//! description, a name), so that servers refuse to store one that a
//! customer typed in the wrong field.

use unicode_normalization::UnicodeNormalization;

use crate::number::luhn_values;
use crate::{MAX_DIGITS, MIN_DIGITS};

/// The zero of each script's decimal digits that [`contains_card_number`]
/// reads after NFKC normalisation (ASCII, Arabic-Indic, Extended
/// Arabic-Indic, NKo, Devanagari, Bengali, Thai, Lao, Tibetan, Myanmar,
/// Khmer, Mongolian, …): a card number typed in another script's digits (a
/// phone keyboard, an IME) is still a card number. NFKC has already made
/// ASCII of the compatibility forms (fullwidth `４`, mathematical `𝟒`,
/// superscript `⁴`, circled `④`); what it leaves that is not a digit (the
/// `XII` of `Ⅻ`) is not one.
const DIGIT_ZEROS: [u32; 23] = [
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0,
];

/// The decimal value of a digit of any script in [`DIGIT_ZEROS`].
fn digit_value(c: char) -> Option<u8> {
    let c = u32::from(c);
    DIGIT_ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&c))
        .and_then(|&zero| u8::try_from(c - zero).ok())
}

/// Whether `text` holds a card number: after NFKC normalisation, a run of
/// 12 to 19 decimal digits (any character that is neither a digit nor a
/// letter between them ignored: spaces of every width, dashes, dots,
/// slashes, underscores) that passes the Luhn check. A run longer than 19 digits is searched for
/// such a stretch anywhere inside it, so a card number written next to
/// other digits ("12 4242 4242 4242 4242 99") is still found.
///
/// Digits of other scripts count (Arabic-Indic, Devanagari, …), and so do
/// the compatibility forms of digits (fullwidth, mathematical, superscript,
/// circled). A run of 12 to 19 digits that fails the Luhn check
/// (a phone number, a reference, a mistyped card) is not a card number.
///
/// ```
/// use portal_card::contains_card_number;
///
/// assert!(contains_card_number("pay 4242 4242 4242 4242 now"));
/// assert!(contains_card_number("4242-4242-4242-4242"));
/// assert!(!contains_card_number("Suite 100, 12 Main St 62701"));
/// assert!(!contains_card_number("call +44 20 7946 0958 12"));
/// ```
pub fn contains_card_number(text: &str) -> bool {
    let mut run: Vec<u8> = Vec::new();
    for c in text.nfkc() {
        match digit_value(c) {
            Some(d) => run.push(d),
            // Anything that is neither a digit nor a letter separates groups
            // (spaces of every width, dashes, dots, slashes, underscores):
            // people write card numbers every way; a letter ends the run.
            None if !c.is_alphanumeric() => {}
            None => {
                if holds_card_number(&run) {
                    return true;
                }
                run.clear();
            }
        }
    }
    holds_card_number(&run)
}

/// Whether `run` (a whole run of digits) is a card number or, when longer
/// than one, holds a 12–19 digit stretch that passes the Luhn check.
fn holds_card_number(run: &[u8]) -> bool {
    match run.len() {
        n if n < MIN_DIGITS => false,
        n if n <= MAX_DIGITS => luhn_values(run.iter().copied()),
        _ => (MIN_DIGITS..=MAX_DIGITS).any(|len| {
            run.windows(len)
                .any(|window| luhn_values(window.iter().copied()))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::contains_card_number;

    #[test]
    fn c4_card_numbers_are_found_in_free_text() {
        for text in [
            "4242424242424242",
            "pay 4242 4242 4242 4242 now",
            "4242-4242-4242-4242",
            "Amex 3782 822463 10005 please",
            // 12 digits (Maestro's shortest), Luhn-valid.
            "ref 500000000009",
            // Written next to other digits: one run of 20.
            "order 12 4242 4242 4242 4242 99",
            // Fullwidth and Arabic-Indic digits.
            "４２４２４２４２４２４２４２４２",
            "٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢",
            // Any separator that is not a letter (issue 13, finding 4).
            "4242.4242.4242.4242",
            "4242/4242/4242/4242",
            "4242_4242_4242_4242",
            "4242\u{a0}4242\u{a0}4242\u{a0}4242",
            "4242\u{2009}4242\u{2009}4242\u{2009}4242",
            "4242\u{202f}4242\u{202f}4242\u{202f}4242",
            "(4242) 4242 * 4242 + 4242",
            "４２４２．４２４２．４２４２．４２４２",
            // Compatibility forms of digits (NFKC): mathematical, superscript,
            // circled, parenthesised.
            "𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐",
            "⁴²⁴² ⁴²⁴² ⁴²⁴² ⁴²⁴²",
            "④②④② ④②④② ④②④② ④②④②",
            "⑷⑵⑷⑵⑷⑵⑷⑵⑷⑵⑷⑵⑷⑵⑷⑵",
        ] {
            assert!(contains_card_number(text), "{text}");
        }
    }

    #[test]
    fn other_digit_runs_are_not_card_numbers() {
        for text in [
            "",
            "Suite 100, 12 Main St 62701",
            "Invoice INV-000123 for 2024",
            // 16 digits failing the Luhn check.
            "4242 4242 4242 4241",
            // 11 digits, even when valid by Luhn.
            "42424242424",
            // Numeric signs that are letters once normalised.
            "ⅫⅫⅫⅫⅫⅫⅫⅫⅫⅫⅫⅫⅫⅫⅫⅫ",
            // A letter ends a run: two short runs, not one long one.
            "424242 x 4242424242",
        ] {
            assert!(!contains_card_number(text), "{text}");
        }
    }
}
