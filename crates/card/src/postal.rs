//! Postal codes of the billing address, per country (ISO 3166-1 alpha-2).
//!
//! Known formats are checked exactly and normalized (upper case, the
//! country's own spacing: `K1A 0B1`, `SW1A 1AA`, `12345-6789`, `01310-100`,
//! `100-0001`). Separators may be typed or left out, and full-width
//! characters (as Japanese input methods type them) are read as their ASCII
//! forms. Other countries accept any reasonable code: 2–10 letters and digits,
//! with spaces or dashes between.

use crate::number::is_separator;

/// Templates: `#` a digit, `@` a letter, ` ` or `-` an optional separator
/// written out in the normalized form, anything else itself.
const FORMATS: &[(&str, &[&str])] = &[
    ("US", &["#####", "#####-####"]),
    ("CA", &["@#@ #@#"]),
    (
        "GB",
        &[
            "@# #@@", "@## #@@", "@@# #@@", "@@## #@@", "@#@ #@@", "@@#@ #@@", "GIR 0AA",
        ],
    ),
    ("DE", &["#####"]),
    ("FR", &["#####"]),
    ("IN", &["######"]),
    ("AU", &["####"]),
    ("BR", &["#####-###"]),
    ("JP", &["###-####"]),
    ("NL", &["#### @@"]),
    ("ES", &["#####"]),
    ("IT", &["#####"]),
    ("MX", &["#####"]),
    ("SE", &["### ##"]),
    ("PL", &["##-###"]),
    ("PT", &["####-###"]),
    ("AT", &["####"]),
    ("BE", &["####"]),
    ("CH", &["####"]),
    ("DK", &["####"]),
    ("NO", &["####"]),
    ("NZ", &["####"]),
    ("ZA", &["####"]),
    ("CN", &["######"]),
    ("RU", &["######"]),
    ("SG", &["######"]),
    ("KR", &["#####"]),
];

/// Countries and territories without postal codes: an empty code is valid.
const NO_POSTAL_CODES: &[&str] = &[
    "AE", "AG", "AO", "AW", "BF", "BI", "BJ", "BO", "BS", "BW", "BZ", "CD", "CF", "CG", "CI", "CK",
    "CM", "DJ", "DM", "ER", "FJ", "GD", "GH", "GM", "GQ", "GY", "HK", "JM", "KI", "KM", "KN", "KP",
    "LY", "ML", "MO", "MR", "MW", "NR", "NU", "QA", "RW", "SB", "SC", "SL", "SR", "ST", "SY", "TD",
    "TG", "TK", "TL", "TO", "TT", "TV", "UG", "VU", "YE", "ZW",
];

/// Why a postal code is not (yet) valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostalError {
    /// Nothing typed, and the country has postal codes.
    Empty,
    /// Not a postal code of the country.
    Invalid,
}

impl PostalError {
    /// A stable code, e.g. for tests, logs and translations.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::Invalid => "invalid",
        }
    }

    /// A plain-words English message (the field's label comes from
    /// [`postal_code_label`]).
    pub const fn message(self) -> &'static str {
        match self {
            Self::Empty => "Enter the postal code.",
            Self::Invalid => "The postal code is not valid for the country.",
        }
    }
}

impl core::fmt::Display for PostalError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for PostalError {}

/// The result of checking a (possibly partial) postal code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostalCheck {
    /// The code in its normalized form, when valid (empty when the country
    /// has no postal codes and none was given).
    pub normalized: Option<String>,
    /// Why the code is not valid as it stands.
    pub error: Option<PostalError>,
    /// Whether typing more could still make it valid.
    pub potentially_valid: bool,
}

impl PostalCheck {
    /// Valid as it stands.
    pub fn is_valid(&self) -> bool {
        self.error.is_none()
    }

    fn fail(error: PostalError, potentially_valid: bool) -> Self {
        Self {
            normalized: None,
            error: Some(error),
            potentially_valid,
        }
    }
}

fn country_key(country: &str) -> [u8; 2] {
    match country.trim().as_bytes() {
        &[a, b] => [a.to_ascii_uppercase(), b.to_ascii_uppercase()],
        _ => [0, 0],
    }
}

/// Whether the country uses postal codes (unknown countries: yes).
pub fn postal_code_required(country: &str) -> bool {
    let key = country_key(country);
    !NO_POSTAL_CODES.iter().any(|c| c.as_bytes() == key)
}

/// What people in the country call the code: "ZIP code" (US), "Postcode"
/// (GB, AU), "PIN code" (IN), "Eircode" (IE), else "Postal code".
pub fn postal_code_label(country: &str) -> &'static str {
    match &country_key(country) {
        b"US" => "ZIP code",
        b"GB" | b"AU" => "Postcode",
        b"IN" => "PIN code",
        b"IE" => "Eircode",
        _ => "Postal code",
    }
}

/// Full-width ASCII forms (U+FF01–U+FF5E) as ASCII.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

enum Fit {
    No,
    Prefix,
    Full,
}

fn fit(template: &str, code: &[u8]) -> Fit {
    let mut slots = template.bytes().filter(|&t| t != b' ' && t != b'-');
    for &c in code {
        let ok = match slots.next() {
            Some(b'#') => c.is_ascii_digit(),
            Some(b'@') => c.is_ascii_uppercase(),
            Some(t) => c == t,
            None => false,
        };
        if !ok {
            return Fit::No;
        }
    }
    if slots.next().is_some() {
        Fit::Prefix
    } else {
        Fit::Full
    }
}

/// Rules a template cannot say.
fn extra_rules(country: &[u8; 2], code: &[u8]) -> bool {
    match country {
        // No D, F, I, O, Q, U; no W or Z first.
        b"CA" => {
            code.iter().all(|c| !b"DFIOQU".contains(c))
                && !code.first().is_some_and(|c| b"WZ".contains(c))
        }
        b"IN" | b"NL" => code.first() != Some(&b'0'),
        _ => true,
    }
}

fn layout(template: &str, code: &[u8]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut code = code.iter();
    for t in template.chars() {
        match t {
            ' ' | '-' => out.push(t),
            _ => {
                if let Some(&c) = code.next() {
                    out.push(char::from(c));
                }
            }
        }
    }
    out
}

/// Checks the billing postal code for a country code such as `US` (any
/// case). See the module docs for the formats.
///
/// ```
/// use portal_card::check_postal_code;
/// assert_eq!(check_postal_code("ca", "k1a0b1").normalized.as_deref(), Some("K1A 0B1"));
/// assert!(!check_postal_code("US", "1234").is_valid());
/// ```
pub fn check_postal_code(country: &str, input: &str) -> PostalCheck {
    let key = country_key(country);
    let mut code: Vec<u8> = Vec::with_capacity(10);
    for c in input.chars().map(narrow) {
        if c.is_ascii_alphanumeric() {
            code.push(c.to_ascii_uppercase() as u8);
        } else if !is_separator(c) {
            return PostalCheck::fail(PostalError::Invalid, false);
        }
    }
    if code.is_empty() {
        return if postal_code_required(country) {
            PostalCheck::fail(PostalError::Empty, true)
        } else {
            PostalCheck {
                normalized: Some(String::new()),
                error: None,
                potentially_valid: true,
            }
        };
    }
    let Some((_, templates)) = FORMATS.iter().find(|(c, _)| c.as_bytes() == key) else {
        return any_code(input, code.len());
    };
    let mut prefix = false;
    for template in *templates {
        match fit(template, &code) {
            Fit::Full if extra_rules(&key, &code) => {
                return PostalCheck {
                    normalized: Some(layout(template, &code)),
                    error: None,
                    potentially_valid: true,
                }
            }
            Fit::Prefix => prefix = true,
            _ => {}
        }
    }
    PostalCheck::fail(PostalError::Invalid, prefix && extra_rules(&key, &code))
}

/// A country without a known format: 2–10 letters and digits.
fn any_code(input: &str, alphanumerics: usize) -> PostalCheck {
    match alphanumerics {
        0..=1 => PostalCheck::fail(PostalError::Invalid, true),
        2..=10 => {
            // Upper case; each run of separators becomes one space, or one
            // dash when it held a dash; invisible characters go.
            let mut normalized = String::with_capacity(input.len());
            let mut gap: Option<char> = None;
            for c in input.chars().map(narrow) {
                if c.is_ascii_alphanumeric() {
                    if let Some(g) = gap.take().filter(|_| !normalized.is_empty()) {
                        normalized.push(g);
                    }
                    normalized.push(c.to_ascii_uppercase());
                } else if c.is_whitespace() {
                    gap = Some(gap.unwrap_or(' '));
                } else if !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}') {
                    gap = Some('-');
                }
            }
            PostalCheck {
                normalized: Some(normalized),
                error: None,
                potentially_valid: true,
            }
        }
        _ => PostalCheck::fail(PostalError::Invalid, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c6_postal_code_vectors() {
        // (country, input, normalized when valid, potentially valid when not)
        let valid: &[(&str, &str, &str)] = &[
            ("US", "94103", "94103"),
            ("US", "94103-1234", "94103-1234"),
            ("US", "941031234", "94103-1234"),
            ("US", " 94103 ", "94103"),
            ("us", "94103", "94103"),
            ("CA", "K1A 0B1", "K1A 0B1"),
            ("CA", "k1a0b1", "K1A 0B1"),
            ("CA", "M5V-3L9", "M5V 3L9"),
            ("GB", "SW1A 1AA", "SW1A 1AA"),
            ("GB", "sw1a1aa", "SW1A 1AA"),
            ("GB", "M1 1AE", "M1 1AE"),
            ("GB", "B33 8TH", "B33 8TH"),
            ("GB", "CR2 6XH", "CR2 6XH"),
            ("GB", "DN55 1PT", "DN55 1PT"),
            ("GB", "W1A 0AX", "W1A 0AX"),
            ("GB", "EC1A 1BB", "EC1A 1BB"),
            ("GB", "GIR 0AA", "GIR 0AA"),
            ("DE", "10115", "10115"),
            ("FR", "75008", "75008"),
            ("IN", "110001", "110001"),
            ("IN", "110 001", "110001"),
            ("AU", "2000", "2000"),
            ("BR", "01310-100", "01310-100"),
            ("BR", "01310100", "01310-100"),
            ("JP", "100-0001", "100-0001"),
            ("JP", "1000001", "100-0001"),
            ("JP", "１００－０００１", "100-0001"),
            ("NL", "1012 ab", "1012 AB"),
            ("PL", "00950", "00-950"),
            ("SE", "11455", "114 55"),
            // Unknown formats: anything reasonable.
            ("IE", "D02 X285", "D02 X285"),
            ("AR", "c1425dka", "C1425DKA"),
            ("ZZ", "12", "12"),
            ("", "ab 12", "AB 12"),
            ("ZZ", " ab \u{00A0} - 12\u{200B}3 ", "AB-123"),
            ("ZZ", "ab\u{3000}12", "AB 12"),
            // No postal codes there: empty is fine, a code too.
            ("HK", "", ""),
            ("AE", "  ", ""),
            ("HK", "999077", "999077"),
        ];
        for &(country, input, normalized) in valid {
            let check = check_postal_code(country, input);
            assert_eq!(
                check.normalized.as_deref(),
                Some(normalized),
                "{country} {input:?}"
            );
            assert!(
                check.is_valid() && check.potentially_valid,
                "{country} {input:?}"
            );
        }

        let invalid: &[(&str, &str, PostalError, bool)] = &[
            ("US", "", PostalError::Empty, true),
            ("ZZ", "", PostalError::Empty, true),
            ("US", "9410", PostalError::Invalid, true),
            ("US", "941031", PostalError::Invalid, true),
            ("US", "94103-12345", PostalError::Invalid, false),
            ("US", "ABCDE", PostalError::Invalid, false),
            ("US", "94103!", PostalError::Invalid, false),
            ("US", "９４１０３x", PostalError::Invalid, false),
            ("US", "٩٤١٠٣", PostalError::Invalid, false),
            ("CA", "K1A", PostalError::Invalid, true),
            ("CA", "D1A 0B1", PostalError::Invalid, false),
            ("CA", "W1A 0B1", PostalError::Invalid, false),
            ("CA", "K1A 0BI", PostalError::Invalid, false),
            ("CA", "12345", PostalError::Invalid, false),
            ("GB", "SW1A", PostalError::Invalid, true),
            ("GB", "SW1A 1A1", PostalError::Invalid, false),
            ("GB", "12345", PostalError::Invalid, false),
            ("DE", "1011", PostalError::Invalid, true),
            ("DE", "101155", PostalError::Invalid, false),
            ("FR", "7500A", PostalError::Invalid, false),
            ("IN", "011001", PostalError::Invalid, false),
            ("IN", "11000", PostalError::Invalid, true),
            ("AU", "20000", PostalError::Invalid, false),
            ("BR", "01310-10", PostalError::Invalid, true),
            ("JP", "100-00011", PostalError::Invalid, false),
            ("ZZ", "1", PostalError::Invalid, true),
            ("ZZ", "12345678901", PostalError::Invalid, false),
            ("ZZ", "12#45", PostalError::Invalid, false),
        ];
        for &(country, input, error, potentially_valid) in invalid {
            let check = check_postal_code(country, input);
            assert_eq!(
                check,
                PostalCheck {
                    normalized: None,
                    error: Some(error),
                    potentially_valid
                },
                "{country} {input:?}"
            );
        }
    }

    #[test]
    fn c6_postal_code_labels() {
        assert_eq!(postal_code_label("US"), "ZIP code");
        assert_eq!(postal_code_label("gb"), "Postcode");
        assert_eq!(postal_code_label("IN"), "PIN code");
        assert_eq!(postal_code_label("DE"), "Postal code");
        assert!(postal_code_required("US") && postal_code_required("ZZ"));
        assert!(!postal_code_required("hk"));
    }
}
