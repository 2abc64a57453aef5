//! The new-expiry check of **Update expiry**: what the customer typed in the
//! month and year fields, judged against today. Pure (no browser, no clock),
//! so it is tested natively below and in the browser in `tests/payment_methods.rs`.

/// The latest expiry year accepted is the current year plus this many. The
/// gateway (through `portal-card`) refuses anything later, so the form says
/// so before the customer sends it.
pub const MAX_YEARS_AHEAD: u32 = 19;

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
        2 => digits(year, 2).map(|yy| today.0 / 100 * 100 + yy),
        4 => digits(year, 4),
        _ => None,
    }
    .ok_or(ExpiryProblem::YearInvalid)?;
    let max_year = today.0 + MAX_YEARS_AHEAD;
    if (year, month) < today {
        Err(ExpiryProblem::InPast)
    } else if year > max_year {
        Err(ExpiryProblem::TooFarAhead { max_year })
    } else {
        Ok((month, year))
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
    let now = js_sys::Date::new_0();
    (now.get_utc_full_year(), now.get_utc_month() + 1)
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
