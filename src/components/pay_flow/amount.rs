//! How much to pay: the whole balance, part of it (where the business
//! allows), or any amount for a deposit. Typed amounts are parsed into
//! integer minor units without floating point, in either locale's notation
//! (`1,234.56` or `1.234,56`).

use portal_api::Money;

/// The largest amount the server takes, in minor units.
pub const MAX_AMOUNT: i64 = 99_999_999;

/// How much the customer may pay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountPolicy {
    /// Exactly this: the balance, when the business does not take partial payments.
    Fixed(Money),
    /// Any amount up to this balance; the balance is proposed.
    UpTo(Money),
    /// Any amount in this currency (a deposit on account).
    Open {
        /// Lowercase ISO 4217 code.
        currency: String,
    },
}

impl AmountPolicy {
    /// What an invoice's balance allows: all of it, or up to all of it when
    /// the business takes partial payments.
    pub fn for_balance(balance: Money, allow_partial: bool) -> Self {
        if allow_partial {
            Self::UpTo(balance)
        } else {
            Self::Fixed(balance)
        }
    }

    /// The currency paid in.
    pub fn currency(&self) -> &str {
        match self {
            Self::Fixed(m) | Self::UpTo(m) => &m.currency,
            Self::Open { currency } => currency,
        }
    }

    /// Whether the customer types the amount.
    pub fn is_editable(&self) -> bool {
        !matches!(self, Self::Fixed(_))
    }

    /// The amount proposed before the customer types anything.
    pub fn proposed(&self) -> Option<i64> {
        match self {
            Self::Fixed(m) | Self::UpTo(m) => Some(m.amount),
            Self::Open { .. } => None,
        }
    }

    /// Checks what the customer typed against the policy (`digits`: the
    /// currency's minor-unit digits).
    pub fn check(&self, input: &str, digits: u32) -> Result<Money, AmountError> {
        let amount = match self {
            Self::Fixed(m) => return Ok(m.clone()),
            Self::UpTo(max) => {
                let amount = parse_amount(input, digits)?;
                if amount > max.amount {
                    return Err(AmountError::OverBalance);
                }
                amount
            }
            Self::Open { .. } => parse_amount(input, digits)?,
        };
        Ok(Money {
            amount,
            currency: self.currency().to_string(),
        })
    }
}

/// Why a typed amount is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing typed.
    Empty,
    /// Not a number in either notation.
    NotANumber,
    /// More digits after the decimal point than the currency has.
    TooManyDecimals,
    /// Zero.
    Zero,
    /// More than the balance.
    OverBalance,
    /// More than the server takes in one payment.
    TooLarge,
}

/// Parses `12`, `12.5`, `12,50`, `1,234.56`, `1.234,56` or `1 234,56` into
/// minor units of a currency with `digits` decimals.
///
/// The last `.` or `,` is the decimal separator unless it is followed by
/// exactly three digits with no other separator kind in the number (then it
/// groups thousands: `1,250` is one thousand two hundred and fifty).
pub fn parse_amount(input: &str, digits: u32) -> Result<i64, AmountError> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(AmountError::NotANumber);
    }
    let (whole, fraction) = match s.rfind(['.', ',']) {
        None => (s.as_str(), ""),
        Some(i) => {
            let sep = if s.as_bytes()[i] == b'.' { '.' } else { ',' };
            let other = if sep == '.' { ',' } else { '.' };
            let after = &s[i + 1..];
            let decimal = if s[..i].contains(other) {
                true
            } else if s[..i].contains(sep) {
                false
            } else {
                after.len() != 3 || digits == 3
            };
            if decimal {
                (&s[..i], after)
            } else {
                (s.as_str(), "")
            }
        }
    };
    if fraction.contains(['.', ',']) {
        return Err(AmountError::NotANumber);
    }
    if fraction.len() > digits as usize {
        return Err(AmountError::TooManyDecimals);
    }
    let whole = ungroup(whole).ok_or(AmountError::NotANumber)?;
    if whole.is_empty() && fraction.is_empty() {
        return Err(AmountError::NotANumber);
    }
    let mut value: i64 = 0;
    for c in whole
        .chars()
        .chain(fraction.chars())
        .chain(std::iter::repeat_n('0', digits as usize - fraction.len()))
    {
        let d = i64::from(c as u8 - b'0');
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(d))
            .ok_or(AmountError::TooLarge)?;
    }
    if value == 0 {
        return Err(AmountError::Zero);
    }
    if value > MAX_AMOUNT {
        return Err(AmountError::TooLarge);
    }
    Ok(value)
}

/// The whole part without its thousands separators, if they group by three.
fn ungroup(whole: &str) -> Option<String> {
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    if groups.len() == 1 {
        return Some(whole.to_string());
    }
    let one_kind = !(whole.contains('.') && whole.contains(','));
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (one_kind && first_ok && rest_ok).then(|| groups.concat())
}

/// Minor units as the customer would type them (`1234.5` → `1234.50`, or
/// `1234,50` with a decimal comma), without grouping.
pub fn to_input(amount: i64, digits: u32, decimal_comma: bool) -> String {
    if digits == 0 {
        return amount.to_string();
    }
    let scale = 10i64.pow(digits);
    let sep = if decimal_comma { ',' } else { '.' };
    format!(
        "{}{sep}{:0width$}",
        amount / scale,
        amount % scale,
        width = digits as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_notations_parse_to_minor_units() {
        assert_eq!(parse_amount("12", 2), Ok(1200));
        assert_eq!(parse_amount("12.5", 2), Ok(1250));
        assert_eq!(parse_amount("12,50", 2), Ok(1250));
        assert_eq!(parse_amount("1,234.56", 2), Ok(123_456));
        assert_eq!(parse_amount("1.234,56", 2), Ok(123_456));
        assert_eq!(parse_amount("1 234,56", 2), Ok(123_456));
        assert_eq!(parse_amount("1,250", 2), Ok(125_000));
        assert_eq!(parse_amount("999.999,99", 2), Ok(99_999_999));
        assert_eq!(
            parse_amount("1.000.000", 2),
            Err(AmountError::TooLarge),
            "one million is over the per-payment limit"
        );
        assert_eq!(parse_amount(".50", 2), Ok(50));
        assert_eq!(parse_amount("1,000", 0), Ok(1000));
        assert_eq!(parse_amount("1.250", 3), Ok(1250));
    }

    #[test]
    fn bad_amounts_say_why() {
        assert_eq!(parse_amount("  ", 2), Err(AmountError::Empty));
        assert_eq!(parse_amount("12a", 2), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("-5", 2), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("1,2,3", 2), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("1.2,3.4", 2), Err(AmountError::NotANumber));
        assert_eq!(parse_amount(".", 2), Err(AmountError::NotANumber));
        assert_eq!(
            parse_amount("12.345", 2).ok(),
            Some(1_234_500),
            "three digits after one separator group thousands"
        );
        assert_eq!(
            parse_amount("12.3456", 2),
            Err(AmountError::TooManyDecimals)
        );
        assert_eq!(parse_amount("10.5", 0), Err(AmountError::TooManyDecimals));
        assert_eq!(parse_amount("0,00", 2), Err(AmountError::Zero));
        assert_eq!(
            parse_amount("99999999999999999999999", 2),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn the_policy_bounds_the_amount() {
        let balance = Money {
            amount: 12_500,
            currency: "usd".into(),
        };
        let up_to = AmountPolicy::UpTo(balance.clone());
        assert_eq!(up_to.check("50", 2).map(|m| m.amount), Ok(5_000));
        assert_eq!(up_to.check("125.01", 2), Err(AmountError::OverBalance));
        assert_eq!(
            AmountPolicy::Fixed(balance.clone()).check("anything", 2),
            Ok(balance)
        );
        let open = AmountPolicy::Open {
            currency: "usd".into(),
        };
        assert_eq!(open.check("2500", 2).map(|m| m.amount), Ok(250_000));
        assert_eq!(open.check("", 2), Err(AmountError::Empty));
    }

    #[test]
    fn amounts_are_proposed_in_the_locale_notation() {
        assert_eq!(to_input(123_456, 2, false), "1234.56");
        assert_eq!(to_input(5, 2, true), "0,05");
        assert_eq!(to_input(1000, 0, false), "1000");
        assert_eq!(parse_amount(&to_input(98_765, 2, true), 2), Ok(98_765));
    }
}
