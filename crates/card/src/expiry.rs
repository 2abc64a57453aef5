//! Expiry dates: parsing `MM / YY` as typed, the validity window, formatting.
//!
//! The crate reads no clock (it runs in a browser frame and on servers alike):
//! every check takes today's [`YearMonth`].

/// An expiry date is valid until the end of its month, and at most this many
/// years after the current year (no card is issued for longer).
pub const MAX_YEARS_AHEAD: u16 = 19;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// The four-digit year.
    pub year: u16,
    /// The month, 1–12.
    pub month: u8,
}

impl YearMonth {
    /// A year and month (1–12).
    pub const fn new(year: u16, month: u8) -> Self {
        Self { year, month }
    }

    /// The UTC month of a Unix time in seconds.
    pub fn from_unix_seconds(seconds: i64) -> Self {
        // Howard Hinnant's civil_from_days.
        let z = seconds.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self {
            year: u16::try_from(year.max(0)).unwrap_or(u16::MAX),
            month: month as u8,
        }
    }
}

/// A valid expiry date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Expiry {
    /// The month, 1–12.
    pub month: u8,
    /// The four-digit year.
    pub year: u16,
}

impl Expiry {
    /// Whether the card has expired by `today` (it is valid through the end
    /// of its month).
    pub fn is_expired(self, today: YearMonth) -> bool {
        (self.year, self.month) < (today.year, today.month)
    }
}

/// Why an expiry date is not (yet) valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryError {
    /// Nothing typed.
    Empty,
    /// Not in the form `MM / YY`: letters, stray punctuation, extra parts.
    InvalidFormat,
    /// The month typed is not 1–12 (e.g. `00`, `13`).
    InvalidMonth,
    /// The year is not a two- or four-digit year.
    InvalidYear,
    /// Month or year not typed in full yet.
    Incomplete,
    /// The month has passed.
    Expired,
    /// More than [`MAX_YEARS_AHEAD`] years ahead.
    TooFarAhead,
}

impl ExpiryError {
    /// A stable code, e.g. for tests, logs and translations.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::InvalidFormat => "invalid_format",
            Self::InvalidMonth => "invalid_month",
            Self::InvalidYear => "invalid_year",
            Self::Incomplete => "incomplete",
            Self::Expired => "expired",
            Self::TooFarAhead => "too_far_ahead",
        }
    }

    /// A plain-words English message for the customer.
    pub const fn message(self) -> &'static str {
        match self {
            Self::Empty => "Enter the expiry date.",
            Self::InvalidFormat => "Enter the expiry date as MM / YY.",
            Self::InvalidMonth => "The expiry month must be between 01 and 12.",
            Self::InvalidYear => "The expiry year is not valid.",
            Self::Incomplete => "The expiry date is incomplete.",
            Self::Expired => "The card has expired.",
            Self::TooFarAhead => "The expiry year is too far in the future.",
        }
    }
}

impl core::fmt::Display for ExpiryError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for ExpiryError {}

/// The result of checking a (possibly partial) expiry date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryCheck {
    /// The month typed (1–12), once typed in full, valid date or not.
    pub month: Option<u8>,
    /// The four-digit year typed (two-digit years read in the century
    /// around today), once typed in full, valid date or not.
    pub year: Option<u16>,
    /// Valid as it stands: from the current month through
    /// [`MAX_YEARS_AHEAD`] years ahead.
    pub valid: bool,
    /// Whether the date is valid or typing more could still make it valid
    /// (empty input counts); when false, `error` is shown at once.
    pub potentially_valid: bool,
    /// The date, when valid.
    pub expiry: Option<Expiry>,
    /// Why the date is not valid as it stands (shown on blur and submit).
    pub error: Option<ExpiryError>,
}

impl ExpiryCheck {
    /// Valid as it stands.
    pub fn is_valid(&self) -> bool {
        self.error.is_none()
    }

    /// The error to show while typing: only what no further typing can fix.
    pub fn typing_error(&self) -> Option<ExpiryError> {
        if self.potentially_valid {
            None
        } else {
            self.error
        }
    }
}

fn is_expiry_separator(c: char) -> bool {
    matches!(c, '/' | '\u{2215}' | '\u{FF0F}' | '.') || crate::number::is_separator(c)
}

/// The typed month and year digits.
struct Parts<'a> {
    month: &'a str,
    year: &'a str,
    /// The month is typed in full: two digits, a first digit of 2–9, or a
    /// separator after it.
    month_done: bool,
}

fn parts(input: &str) -> Result<Option<Parts<'_>>, ExpiryError> {
    let input = input.trim();
    let mut runs: [&str; 2] = ["", ""];
    let mut count = 0;
    let mut start = None;
    let mut trailing_separator = false;
    for (i, c) in input.char_indices() {
        if c.is_ascii_digit() {
            start.get_or_insert(i);
            trailing_separator = false;
        } else if is_expiry_separator(c) {
            if count == 0 && start.is_none() {
                return Err(ExpiryError::InvalidFormat);
            }
            if let Some(s) = start.take() {
                *runs.get_mut(count).ok_or(ExpiryError::InvalidFormat)? = &input[s..i];
                count += 1;
            }
            trailing_separator = true;
        } else {
            return Err(ExpiryError::InvalidFormat);
        }
    }
    if let Some(s) = start {
        *runs.get_mut(count).ok_or(ExpiryError::InvalidFormat)? = &input[s..];
        count += 1;
    }
    Ok(match count {
        0 => None,
        2 => Some(Parts {
            month: runs[0],
            year: runs[1],
            month_done: true,
        }),
        _ if trailing_separator => Some(Parts {
            month: runs[0],
            year: "",
            month_done: true,
        }),
        _ => {
            // Digits only: "1230", "122030", "230" (February), "1".
            let run = runs[0];
            let split = if run.starts_with(['0', '1']) { 2 } else { 1 };
            let split = split.min(run.len());
            Some(Parts {
                month: &run[..split],
                year: &run[split..],
                month_done: run.len() >= 2 || !run.starts_with(['0', '1']),
            })
        }
    })
}

fn parse_u16(digits: &str) -> u16 {
    digits.bytes().fold(0u16, |v, b| {
        v.saturating_mul(10).saturating_add(u16::from(b - b'0'))
    })
}

/// A two-digit year in the century window around today.
fn full_year(yy: u16, today: YearMonth) -> u16 {
    let year = today.year / 100 * 100 + yy;
    if year + 50 < today.year {
        year + 100
    } else if year > today.year + 50 {
        year - 100
    } else {
        year
    }
}

fn judge(month: u8, year: u16, today: YearMonth) -> Option<ExpiryError> {
    if (year, month) < (today.year, today.month) {
        Some(ExpiryError::Expired)
    } else if year > today.year.saturating_add(MAX_YEARS_AHEAD) {
        Some(ExpiryError::TooFarAhead)
    } else {
        None
    }
}

/// Whether the typed start of a year can still grow into a valid year.
fn year_possible(prefix: &str, month: u8, today: YearMonth) -> bool {
    let value = parse_u16(prefix);
    let two_digit = prefix.len() < 2
        && (0..10).any(|d| judge(month, full_year(value * 10 + d, today), today).is_none());
    let four_digit = prefix.len() < 4 && {
        let scale = 10u16.pow(4 - prefix.len() as u32);
        let (min, max) = (
            value.saturating_mul(scale),
            value.saturating_mul(scale) + (scale - 1),
        );
        let lo = if month >= today.month {
            today.year
        } else {
            today.year + 1
        };
        let hi = today.year.saturating_add(MAX_YEARS_AHEAD);
        min <= hi && max >= lo
    };
    two_digit || four_digit
}

fn done(month: u8, year: u16, today: YearMonth, potentially_valid: bool) -> ExpiryCheck {
    let error = judge(month, year, today);
    ExpiryCheck {
        month: Some(month),
        year: Some(year),
        valid: error.is_none(),
        potentially_valid: error.is_none() || potentially_valid,
        expiry: error.is_none().then_some(Expiry { month, year }),
        error,
    }
}

fn fail(month: Option<u8>, error: ExpiryError, potentially_valid: bool) -> ExpiryCheck {
    ExpiryCheck {
        month,
        year: None,
        valid: false,
        potentially_valid,
        expiry: None,
        error: Some(error),
    }
}

/// Checks an expiry date as typed, given today's `year` (four digits) and
/// `month` (1–12): `M/YY`, `MM/YY`, `MM/YYYY`, `MMYY`, `MM / YY` (also `-`,
/// `.` or spaces between). Two-digit years are read in the century around
/// today. Valid from the current month through [`MAX_YEARS_AHEAD`] years
/// after the current year.
///
/// ```
/// use portal_card::{check_expiry, ExpiryError};
/// let check = check_expiry("12 / 30", 2026, 5);
/// assert!(check.valid && check.potentially_valid);
/// assert_eq!((check.month, check.year), (Some(12), Some(2030)));
/// let partial = check_expiry("1", 2026, 5);
/// assert!(!partial.valid && partial.potentially_valid);
/// assert_eq!(partial.typing_error(), None);
/// let bad = check_expiry("13", 2026, 5);
/// assert!(!bad.valid && !bad.potentially_valid);
/// assert_eq!(bad.typing_error(), Some(ExpiryError::InvalidMonth));
/// ```
pub fn check_expiry(input: &str, year: u16, month: u8) -> ExpiryCheck {
    check_expiry_at(input, YearMonth::new(year, month))
}

/// [`check_expiry`] with today as a [`YearMonth`].
pub fn check_expiry_at(input: &str, today: YearMonth) -> ExpiryCheck {
    let parts = match parts(input) {
        Ok(Some(parts)) => parts,
        Ok(None) => return fail(None, ExpiryError::Empty, true),
        Err(error) => return fail(None, error, false),
    };
    if parts.month.len() > 2 {
        return fail(None, ExpiryError::InvalidMonth, false);
    }
    if !parts.month_done {
        return fail(None, ExpiryError::Incomplete, true);
    }
    let month = parse_u16(parts.month);
    if !(1..=12).contains(&month) {
        return fail(None, ExpiryError::InvalidMonth, false);
    }
    let month = month as u8;
    let year = parts.year;
    match year.len() {
        0 => fail(Some(month), ExpiryError::Incomplete, true),
        1 | 3 => {
            if year_possible(year, month, today) {
                fail(Some(month), ExpiryError::Incomplete, true)
            } else {
                // The likeliest reading says why: "12/1" is 201x, "12/5" 205x.
                let guess = match year.len() {
                    1 => full_year(parse_u16(year) * 10, today),
                    _ => parse_u16(year) * 10,
                };
                let error = judge(month, guess, today).unwrap_or(ExpiryError::InvalidYear);
                fail(Some(month), error, false)
            }
        }
        2 => done(
            month,
            full_year(parse_u16(year), today),
            today,
            year_possible(year, month, today),
        ),
        4 => done(month, parse_u16(year), today, false),
        _ => fail(Some(month), ExpiryError::InvalidYear, false),
    }
}

/// Checks an expiry given as numbers (e.g. `exp_month` and `exp_year` in a
/// JSON body), for servers with their own clock: month 1–12, a two- or
/// four-digit year, the same window as [`check_expiry`].
pub fn check_expiry_parts(month: i64, year: i64, today: YearMonth) -> Result<Expiry, ExpiryError> {
    let month = u8::try_from(month)
        .ok()
        .filter(|m| (1..=12).contains(m))
        .ok_or(ExpiryError::InvalidMonth)?;
    let year = match u16::try_from(year) {
        Ok(yy @ 0..=99) => full_year(yy, today),
        Ok(yyyy @ 1000..=9999) => yyyy,
        _ => return Err(ExpiryError::InvalidYear),
    };
    match judge(month, year, today) {
        None => Ok(Expiry { month, year }),
        Some(error) => Err(error),
    }
}

/// The expiry as `MM / YY` for the field: `"1230"` → `"12 / 30"`, `"2"` →
/// `"02"`, `"1/3"` → `"01 / 3"`. It never adds a trailing separator, so that
/// deleting one is never undone by reformatting. Input that is not an expiry
/// date is returned unchanged (the check reports it).
pub fn format_expiry(input: &str) -> String {
    let parts = match parts(input) {
        Ok(Some(parts)) if parts.month.len() <= 2 => parts,
        Ok(None) => return String::new(),
        _ => return input.to_owned(),
    };
    let mut out = String::with_capacity(9);
    if parts.month_done && parts.month.len() == 1 {
        out.push('0');
    }
    out.push_str(parts.month);
    if !parts.year.is_empty() {
        out.push_str(" / ");
        out.push_str(parts.year);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ExpiryError::*;

    const TODAY: YearMonth = YearMonth::new(2026, 5);

    #[test]
    fn c6_expiry_vectors() {
        /// (input, error on submit, potentially valid, expiry when valid)
        type Case = (&'static str, Option<ExpiryError>, bool, Option<(u8, u16)>);
        let cases: &[Case] = &[
            ("12/30", None, true, Some((12, 2030))),
            ("1/30", None, true, Some((1, 2030))),
            ("01/30", None, true, Some((1, 2030))),
            ("12/2030", None, true, Some((12, 2030))),
            ("1230", None, true, Some((12, 2030))),
            ("122030", None, true, Some((12, 2030))),
            ("12 / 30", None, true, Some((12, 2030))),
            (" 12 / 30 ", None, true, Some((12, 2030))),
            ("12-30", None, true, Some((12, 2030))),
            ("12.30", None, true, Some((12, 2030))),
            ("12\u{00A0}/\u{00A0}30", None, true, Some((12, 2030))),
            ("12／30", None, true, Some((12, 2030))),
            ("230", None, true, Some((2, 2030))),
            ("2/30", None, true, Some((2, 2030))),
            // The current month is valid, the one before has passed.
            ("05/26", None, true, Some((5, 2026))),
            ("5/2026", None, true, Some((5, 2026))),
            ("04/26", Some(Expired), false, None),
            ("04/2026", Some(Expired), false, None),
            ("12/25", Some(Expired), false, None),
            // 19 years ahead is valid, 20 is not.
            ("12/45", None, true, Some((12, 2045))),
            ("12/2045", None, true, Some((12, 2045))),
            ("01/46", Some(TooFarAhead), false, None),
            ("01/2046", Some(TooFarAhead), false, None),
            // Month 00 and 13 are impossible at once.
            ("00/30", Some(InvalidMonth), false, None),
            ("13/30", Some(InvalidMonth), false, None),
            ("13", Some(InvalidMonth), false, None),
            ("00", Some(InvalidMonth), false, None),
            ("0/30", Some(InvalidMonth), false, None),
            ("123/30", Some(InvalidMonth), false, None),
            // Partial entries are not errors while typing.
            ("", Some(Empty), true, None),
            ("   ", Some(Empty), true, None),
            ("1", Some(Incomplete), true, None),
            ("0", Some(Incomplete), true, None),
            ("12", Some(Incomplete), true, None),
            ("12/", Some(Incomplete), true, None),
            ("12 / ", Some(Incomplete), true, None),
            ("2", Some(Incomplete), true, None),
            ("12/3", Some(Incomplete), true, None),
            ("123", Some(Incomplete), true, None),
            ("12/203", Some(Incomplete), true, None),
            // "20" reads as 2020, but may become 2026–2045.
            ("12/20", Some(Expired), true, None),
            // Partial years that cannot become valid.
            ("12/1", Some(Expired), false, None),
            ("12/0", Some(Expired), false, None),
            ("12/5", Some(TooFarAhead), false, None),
            ("12/199", Some(Expired), false, None),
            ("12/300", Some(TooFarAhead), false, None),
            ("12/20301", Some(InvalidYear), false, None),
            // Not an expiry date.
            ("ab/cd", Some(InvalidFormat), false, None),
            ("12/3a", Some(InvalidFormat), false, None),
            ("/30", Some(InvalidFormat), false, None),
            ("12/30/1", Some(InvalidFormat), false, None),
            ("１２/３０", Some(InvalidFormat), false, None),
        ];
        for &(input, error, potentially_valid, expiry) in cases {
            let check = check_expiry(input, 2026, 5);
            assert_eq!(check, check_expiry_at(input, TODAY), "{input:?}");
            assert_eq!(check.error, error, "{input:?}");
            assert_eq!(check.valid, error.is_none(), "{input:?}");
            assert_eq!(check.potentially_valid, potentially_valid, "{input:?}");
            assert_eq!(
                check.expiry,
                expiry.map(|(month, year)| Expiry { month, year }),
                "{input:?}"
            );
            if let Some((month, year)) = expiry {
                assert_eq!((check.month, check.year), (Some(month), Some(year)));
            }
            assert_eq!(check.is_valid(), error.is_none(), "{input:?}");
            let typing = if potentially_valid { None } else { error };
            assert_eq!(check.typing_error(), typing, "{input:?}");
        }
    }

    #[test]
    fn c6_expiry_month_and_year_as_typed() {
        /// (input, month, year): read even when the date is not valid.
        type Case = (&'static str, Option<u8>, Option<u16>);
        let cases: &[Case] = &[
            ("12/30", Some(12), Some(2030)),
            ("1/30", Some(1), Some(2030)),
            ("12/2030", Some(12), Some(2030)),
            ("04/26", Some(4), Some(2026)),
            ("04/2026", Some(4), Some(2026)),
            ("01/2046", Some(1), Some(2046)),
            ("12/20", Some(12), Some(2020)),
            ("12/", Some(12), None),
            ("12/3", Some(12), None),
            ("2", Some(2), None),
            ("1", None, None),
            ("13", None, None),
            ("", None, None),
            ("ab/cd", None, None),
        ];
        for &(input, month, year) in cases {
            let check = check_expiry(input, 2026, 5);
            assert_eq!((check.month, check.year), (month, year), "{input:?}");
        }
    }

    #[test]
    fn c6_expiry_window_moves_with_today() {
        // December: next January is fine, this December too.
        assert!(check_expiry("12/26", 2026, 12).valid);
        assert!(check_expiry("01/27", 2026, 12).valid);
        assert_eq!(check_expiry("11/26", 2026, 12).error, Some(Expired));
        assert!(!check_expiry("11/26", 2026, 12).potentially_valid);
        // The two-digit window follows the century.
        let far = YearMonth::new(2095, 1);
        assert_eq!(
            check_expiry_at("01/05", far).expiry,
            Some(Expiry {
                month: 1,
                year: 2105
            })
        );
        assert_eq!(check_expiry_at("01/90", far).error, Some(Expired));
    }

    #[test]
    fn c6_expiry_parts_for_servers() {
        assert_eq!(
            check_expiry_parts(12, 2030, TODAY),
            Ok(Expiry {
                month: 12,
                year: 2030
            })
        );
        assert_eq!(
            check_expiry_parts(5, 26, TODAY),
            Ok(Expiry {
                month: 5,
                year: 2026
            })
        );
        assert_eq!(check_expiry_parts(4, 2026, TODAY), Err(Expired));
        assert_eq!(check_expiry_parts(13, 2030, TODAY), Err(InvalidMonth));
        assert_eq!(check_expiry_parts(0, 2030, TODAY), Err(InvalidMonth));
        assert_eq!(check_expiry_parts(-1, 2030, TODAY), Err(InvalidMonth));
        assert_eq!(check_expiry_parts(1, 2060, TODAY), Err(TooFarAhead));
        assert_eq!(
            check_expiry_parts(12, 2045, TODAY),
            Ok(Expiry {
                month: 12,
                year: 2045
            })
        );
        assert_eq!(check_expiry_parts(1, 2046, TODAY), Err(TooFarAhead));
        assert_eq!(check_expiry_parts(1, 203, TODAY), Err(InvalidYear));
        assert_eq!(check_expiry_parts(1, -5, TODAY), Err(InvalidYear));
        assert_eq!(check_expiry_parts(1, 100_000, TODAY), Err(InvalidYear));
    }

    #[test]
    fn c6_expiry_formatting() {
        let cases = [
            ("", ""),
            ("1", "1"),
            ("12", "12"),
            ("12/", "12"),
            ("2", "02"),
            ("1/", "01"),
            ("123", "12 / 3"),
            ("1230", "12 / 30"),
            ("12/30", "12 / 30"),
            ("12 / 30", "12 / 30"),
            ("1/3", "01 / 3"),
            ("230", "02 / 30"),
            ("122030", "12 / 2030"),
            ("ab", "ab"),
        ];
        for (input, formatted) in cases {
            assert_eq!(format_expiry(input), formatted, "{input:?}");
            // Formatting is stable and keeps the meaning.
            assert_eq!(format_expiry(formatted), formatted, "{input:?}");
            assert_eq!(
                check_expiry(formatted, 2026, 5),
                check_expiry(input, 2026, 5),
                "{input:?}"
            );
        }
    }

    #[test]
    fn c6_year_month_from_unix_time() {
        assert_eq!(YearMonth::from_unix_seconds(0), YearMonth::new(1970, 1));
        // 2026-05-31T23:59:59Z and a second later.
        assert_eq!(
            YearMonth::from_unix_seconds(1_780_271_999),
            YearMonth::new(2026, 5)
        );
        assert_eq!(
            YearMonth::from_unix_seconds(1_780_272_000),
            YearMonth::new(2026, 6)
        );
        // 2024-02-29T12:00:00Z (leap day).
        assert_eq!(
            YearMonth::from_unix_seconds(1_709_208_000),
            YearMonth::new(2024, 2)
        );
        assert_eq!(YearMonth::from_unix_seconds(-1), YearMonth::new(1969, 12));
        assert!(Expiry {
            month: 4,
            year: 2026
        }
        .is_expired(TODAY));
        assert!(!Expiry {
            month: 5,
            year: 2026
        }
        .is_expired(TODAY));
    }
}
