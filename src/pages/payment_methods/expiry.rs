//! The new-expiry check of **Update expiry**: what the customer typed in the
//! month and year fields, judged against today. The fields' own rules (what
//! is missing, what is not a number) are here; the expiry window itself (not
//! past, at most [`MAX_YEARS_AHEAD`] years ahead, two-digit years) is
//! `portal_card`'s, the same check the gateway and the server make. Pure (no
//! browser, no clock), so it is tested natively below and in the browser in
//! `tests/payment_methods.rs`.

use portal_card::{check_expiry_parts, ExpiryError, YearMonth};

/// The latest expiry year accepted is the current year plus this many
/// (`portal_card::MAX_YEARS_AHEAD`): the form says so before the customer
/// sends a date the gateway would refuse.
pub const MAX_YEARS_AHEAD: u32 = portal_card::MAX_YEARS_AHEAD as u32;

/// Why the typed expiry cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryProblem {
    /// The month field is empty.
    MonthMissing,
    /// The month is not a number from 1 to 12.
    MonthInvalid,
    /// The year field is empty.
    YearMissing,
    /// The year is not a two- or four-digit number.
    YearInvalid,
    /// The month has already passed.
    InPast,
    /// Later than the current year plus [`MAX_YEARS_AHEAD`]; carries the latest year allowed.
    TooFarAhead {
        /// The latest year accepted.
        max_year: u32,
    },
}

impl ExpiryProblem {
    /// Whether the month field is (one of) the fields at fault.
    pub fn month_at_fault(self) -> bool {
        matches!(self, Self::MonthMissing | Self::MonthInvalid | Self::InPast)
    }

    /// Whether the year field is (one of) the fields at fault.
    pub fn year_at_fault(self) -> bool {
        !matches!(self, Self::MonthMissing | Self::MonthInvalid)
    }
}

/// Checks a new expiry as typed: `month` `1`–`12` (`"4"` or `"04"`), `year`
/// with four digits (`"2031"`) or two (`"31"` → 2031). `today` is
/// `(year, month)`. A card is valid through the end of its month, so the
/// current month is fine. Answers `(month, four-digit year)`.
pub fn check_new_expiry(
    month: &str,
    year: &str,
    today: (u32, u32),
) -> Result<(u32, u32), ExpiryProblem> {
    let (month, year) = (month.trim(), year.trim());
    if month.is_empty() {
        return Err(ExpiryProblem::MonthMissing);
    }
    let month = digits(month, 2)
        .filter(|m| (1..=12).contains(m))
        .ok_or(ExpiryProblem::MonthInvalid)?;
    if year.is_empty() {
        return Err(ExpiryProblem::YearMissing);
    }
    let year = match year.len() {
        2 => digits(year, 2),
        4 => digits(year, 4).filter(|y| *y >= 1000),
        _ => None,
    }
    .ok_or(ExpiryProblem::YearInvalid)?;
    let now = YearMonth::new(
        u16::try_from(today.0).unwrap_or(u16::MAX),
        u8::try_from(today.1).unwrap_or(12),
    );
    match check_expiry_parts(i64::from(month), i64::from(year), now) {
        Ok(expiry) => Ok((u32::from(expiry.month), u32::from(expiry.year))),
        Err(ExpiryError::Expired) => Err(ExpiryProblem::InPast),
        Err(ExpiryError::TooFarAhead) => Err(ExpiryProblem::TooFarAhead {
            max_year: today.0 + MAX_YEARS_AHEAD,
        }),
        Err(ExpiryError::InvalidMonth) => Err(ExpiryProblem::MonthInvalid),
        Err(_) => Err(ExpiryProblem::YearInvalid),
    }
}

/// `text` as a number if it is 1 to `max_len` ASCII digits.
fn digits(text: &str, max_len: usize) -> Option<u32> {
    (!text.is_empty() && text.len() <= max_len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Today's `(year, month)` in UTC, as the server judges expiry (browser only).
pub fn this_month() -> (u32, u32) {
    let now = YearMonth::from_unix_seconds((js_sys::Date::now() / 1000.0) as i64);
    (u32::from(now.year), u32::from(now.month))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: (u32, u32) = (2026, 5);

    #[test]
    fn accepts_this_month_and_later_up_to_the_limit() {
        let ok = [
            ("5", "2026", (5, 2026)),
            ("05", "26", (5, 2026)),
            (" 12 ", " 2030 ", (12, 2030)),
            ("1", "2045", (1, 2045)),
            ("12", "45", (12, 2045)),
        ];
        for (m, y, want) in ok {
            assert_eq!(check_new_expiry(m, y, TODAY), Ok(want), "{m}/{y}");
        }
    }

    #[test]
    fn says_what_is_wrong() {
        use ExpiryProblem::*;
        let bad = [
            ("", "2030", MonthMissing),
            ("", "", MonthMissing),
            ("0", "2030", MonthInvalid),
            ("13", "2030", MonthInvalid),
            ("1a", "2030", MonthInvalid),
            ("-1", "2030", MonthInvalid),
            ("123", "2030", MonthInvalid),
            ("4", "", YearMissing),
            ("4", "203", YearInvalid),
            ("4", "2o30", YearInvalid),
            ("4", "+2030", YearInvalid),
            ("4", "20300", YearInvalid),
            ("4", "2026", InPast),
            ("12", "2025", InPast),
            ("12", "25", InPast),
            ("1", "2046", TooFarAhead { max_year: 2045 }),
            ("1", "46", TooFarAhead { max_year: 2045 }),
        ];
        for (m, y, want) in bad {
            assert_eq!(check_new_expiry(m, y, TODAY), Err(want), "{m:?}/{y:?}");
        }
    }

    #[test]
    fn years_are_read_as_the_card_crate_reads_them() {
        // Two-digit years in the century around today: 80 is 1980, not 2080.
        assert_eq!(
            check_new_expiry("1", "80", TODAY),
            Err(ExpiryProblem::InPast)
        );
        assert_eq!(
            check_new_expiry("1", "0999", TODAY),
            Err(ExpiryProblem::YearInvalid)
        );
        assert_eq!(
            check_new_expiry("1", "0045", TODAY),
            Err(ExpiryProblem::YearInvalid)
        );
    }

    #[test]
    fn points_at_the_field_at_fault() {
        assert!(
            ExpiryProblem::MonthInvalid.month_at_fault()
                && !ExpiryProblem::MonthInvalid.year_at_fault()
        );
        assert!(
            !ExpiryProblem::YearInvalid.month_at_fault()
                && ExpiryProblem::YearInvalid.year_at_fault()
        );
        assert!(ExpiryProblem::InPast.month_at_fault() && ExpiryProblem::InPast.year_at_fault());
        assert!(ExpiryProblem::TooFarAhead { max_year: 2045 }.year_at_fault());
    }
}
