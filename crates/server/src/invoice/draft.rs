//! The checks every write of an invoice passes, whether it comes from the
//! business API (create, update, upsert) or a CSV import: an [`Input`] as
//! sent becomes a [`Draft`], with every line's amount and the total
//! computed here (never taken from the sender) and checked against
//! overflow; and the rules on the invoice's state ([`Locked`]) and its
//! customer ([`billable`]). One place, so the API and the import cannot
//! disagree about what an invoice may be.

use portal_api::{BusinessInvoiceLine, ErrorCode, NewInvoiceLine};
use time::macros::format_description;
use time::Date;

use crate::clock;
use crate::customer::record::Record as Customer;
use crate::error::AppError;
use crate::field::{checked_text, field};
use crate::invoice::record::Record;

/// Most lines on an invoice.
pub const MAX_LINES: usize = 100;
/// Most of one item on a line.
pub const MAX_QUANTITY: i64 = 1_000_000;
/// Highest price of one item (minor units).
pub const MAX_UNIT_AMOUNT: i64 = 100_000_000_000;
/// Highest total (minor units).
pub const MAX_TOTAL: i64 = 1_000_000_000_000;
/// Longest number.
const MAX_NUMBER: usize = 50;
/// Longest external id.
pub const MAX_EXTERNAL_ID: usize = 100;
/// Longest line description.
const MAX_DESCRIPTION: usize = 500;
/// Longest memo.
const MAX_MEMO: usize = 1000;

/// An invoice as sent, before any check.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The number the customer sees.
    pub number: &'a str,
    /// The business's own id.
    pub external_id: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub issue_date: &'a str,
    /// `YYYY-MM-DD`.
    pub due_date: &'a str,
    /// ISO 4217, any case.
    pub currency: &'a str,
    /// The lines.
    pub lines: &'a [NewInvoiceLine],
    /// The sender's sum of the lines, if sent (a check on it).
    pub total: Option<i64>,
    /// A note; blank is none.
    pub memo: Option<&'a str>,
}

/// A checked invoice, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Trimmed.
    pub number: String,
    /// Trimmed.
    pub external_id: Option<String>,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    /// `YYYY-MM-DD`, not before the issue date.
    pub due_date: String,
    /// Lowercase: the business's.
    pub currency: String,
    /// The sum of the lines' amounts, 1 to [`MAX_TOTAL`].
    pub total: i64,
    /// Trimmed, `None` when blank.
    pub memo: Option<String>,
    /// With their amounts.
    pub lines: Vec<BusinessInvoiceLine>,
}

/// What is wrong with an [`Input`]: the error, and the index of the line it
/// is about, if any (the API names it `lines[i].…`, the import by its row).
#[derive(Debug)]
pub struct Problem {
    /// The line it is about.
    pub line: Option<usize>,
    /// The error; for a line, its message names the line's field alone
    /// (`quantity: …`).
    pub error: AppError,
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Self {
        Self { line: None, error }
    }
}

impl From<Problem> for AppError {
    /// The API's error: a line's field named `lines[i].field`.
    fn from(problem: Problem) -> Self {
        let mut error = problem.error;
        if let Some(i) = problem.line {
            error.message = format!("lines[{i}].{}", error.message);
        }
        error
    }
}

/// Checks `input` for a business whose currency is `currency`.
pub fn check(input: &Input<'_>, currency: &str) -> Result<Draft, Problem> {
    let number = checked_text("number", input.number, MAX_NUMBER)?;
    let external_id = input
        .external_id
        .map(|e| checked_text("external_id", e, MAX_EXTERNAL_ID))
        .transpose()?;
    let issue = date("issue_date", input.issue_date)?;
    let due = date("due_date", input.due_date)?;
    if due < issue {
        return Err(field("due_date", "must not be before the issue date.").into());
    }
    let sent_currency = input.currency.trim().to_lowercase();
    if sent_currency != currency {
        return Err(field(
            "currency",
            &format!("must be the business's currency, {currency}."),
        )
        .into());
    }
    let lines = checked_lines(input.lines)?;
    let total = lines
        .iter()
        .try_fold(0_i64, |sum, l| sum.checked_add(l.amount))
        .filter(|t| (1..=MAX_TOTAL).contains(t))
        .ok_or_else(|| {
            AppError::bad_request(
                ErrorCode::InvalidAmount,
                format!("lines: the total must be from 1 to {MAX_TOTAL} minor units."),
            )
        })?;
    if let Some(sent) = input.total {
        if sent != total {
            return Err(AppError::bad_request(
                ErrorCode::InvalidAmount,
                format!("total: the lines sum to {total}, not {sent}."),
            )
            .into());
        }
    }
    let memo = input.memo.map(str::trim).filter(|m| !m.is_empty());
    if memo.is_some_and(|m| m.chars().count() > MAX_MEMO) {
        return Err(field("memo", "at most 1,000 characters.").into());
    }
    Ok(Draft {
        number: number.to_owned(),
        external_id: external_id.map(str::to_owned),
        issue_date: clock::iso(issue),
        due_date: clock::iso(due),
        currency: sent_currency,
        total,
        memo: memo.map(str::to_owned),
        lines,
    })
}

/// A `YYYY-MM-DD` date.
fn date(name: &str, value: &str) -> Result<Date, AppError> {
    Date::parse(value.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| field(name, "a date as YYYY-MM-DD."))
}

/// The lines with their amounts, each checked.
fn checked_lines(lines: &[NewInvoiceLine]) -> Result<Vec<BusinessInvoiceLine>, Problem> {
    if lines.is_empty() || lines.len() > MAX_LINES {
        return Err(field("lines", &format!("1 to {MAX_LINES} lines.")).into());
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            checked_line(line).map_err(|error| Problem {
                line: Some(i),
                error,
            })
        })
        .collect()
}

/// One line with its amount.
fn checked_line(line: &NewInvoiceLine) -> Result<BusinessInvoiceLine, AppError> {
    let description = checked_text("description", &line.description, MAX_DESCRIPTION)?;
    if !(1..=MAX_QUANTITY).contains(&line.quantity) {
        return Err(field(
            "quantity",
            &format!("a whole number from 1 to {MAX_QUANTITY}."),
        ));
    }
    if !(0..=MAX_UNIT_AMOUNT).contains(&line.unit_amount) {
        return Err(AppError::bad_request(
            ErrorCode::InvalidAmount,
            format!("unit_amount: from 0 to {MAX_UNIT_AMOUNT} minor units."),
        ));
    }
    let amount = line
        .quantity
        .checked_mul(line.unit_amount)
        .filter(|a| *a <= MAX_TOTAL)
        .ok_or_else(|| {
            AppError::bad_request(
                ErrorCode::InvalidAmount,
                format!("amount: quantity × unit_amount is over {MAX_TOTAL}."),
            )
        })?;
    Ok(BusinessInvoiceLine {
        description: description.to_owned(),
        quantity: line.quantity,
        unit_amount: line.unit_amount,
        amount,
    })
}

impl Draft {
    /// Whether invoice `record` with `lines` already says exactly this.
    pub fn same_as(&self, record: &Record, lines: &[BusinessInvoiceLine]) -> bool {
        self.number == record.number
            && self.external_id == record.external_id
            && self.issue_date == record.issue_date
            && self.due_date == record.due_date
            && self.currency == record.currency
            && self.total == record.total
            && self.memo == record.memo
            && self.lines == lines
    }
}

/// The lines of an invoice as they would be sent again (to edit some other
/// field and check the whole anew).
pub fn resend(lines: &[BusinessInvoiceLine]) -> Vec<NewInvoiceLine> {
    lines
        .iter()
        .map(|l| NewInvoiceLine {
            description: l.description.clone(),
            quantity: l.quantity,
            unit_amount: l.unit_amount,
        })
        .collect()
}

/// Why an invoice can no longer be changed or voided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locked {
    /// It is void.
    Void,
    /// It is paid in full.
    Paid,
    /// Some of it was paid, or a payment is under way.
    HasPayments,
}

impl Locked {
    /// Whether `record`, with `live_payments` payments made or under way,
    /// is locked.
    pub fn of(record: &Record, live_payments: i64) -> Option<Self> {
        if record.voided_at.is_some() {
            Some(Self::Void)
        } else if record.balance_due == 0 {
            Some(Self::Paid)
        } else if record.balance_due < record.total || live_payments > 0 {
            Some(Self::HasPayments)
        } else {
            None
        }
    }

    /// The 409 for trying to `doing` ("changed", "voided") a locked invoice.
    pub fn error(self, doing: &str) -> AppError {
        match self {
            Self::Void => AppError::conflict(
                ErrorCode::InvoiceVoid,
                format!("The invoice is void; it cannot be {doing}."),
            ),
            Self::Paid => AppError::conflict(
                ErrorCode::InvoicePaid,
                format!("The invoice is paid; it cannot be {doing}."),
            ),
            Self::HasPayments => AppError::conflict(
                ErrorCode::InvoiceHasPayments,
                format!("The invoice has payments (made or under way); it cannot be {doing}. Issue a new invoice for the difference instead."),
            ),
        }
    }
}

/// The customer an invoice may be made for: one that exists and is not
/// archived.
pub fn billable(customer: Option<Customer>) -> Result<Customer, AppError> {
    match customer {
        None => Err(field("customer", "no such customer.")),
        Some(c) if c.archived_at.is_some() => Err(field("customer", "that customer is archived.")),
        Some(c) => Ok(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(quantity: i64, unit_amount: i64) -> NewInvoiceLine {
        NewInvoiceLine {
            description: "Work".into(),
            quantity,
            unit_amount,
        }
    }

    fn input(lines: &[NewInvoiceLine]) -> Input<'_> {
        Input {
            number: " 7 ",
            external_id: None,
            issue_date: "2026-01-01",
            due_date: "2026-01-31",
            currency: "USD",
            lines,
            total: None,
            memo: Some("  "),
        }
    }

    #[test]
    fn totals_are_computed_from_the_lines() {
        let lines = [line(2, 1500), line(1, 999)];
        let draft = check(&input(&lines), "usd").unwrap();
        assert_eq!(draft.total, 3999);
        assert_eq!(draft.lines[0].amount, 3000);
        assert_eq!((draft.number.as_str(), draft.memo), ("7", None));
    }

    #[test]
    fn a_bad_line_is_named_by_its_index_and_field() {
        let lines = [line(1, 100), line(0, 100)];
        let problem = check(&input(&lines), "usd").unwrap_err();
        assert_eq!(problem.line, Some(1));
        assert!(problem.error.message.starts_with("quantity:"));
        let api = AppError::from(problem);
        assert!(
            api.message.starts_with("lines[1].quantity:"),
            "{}",
            api.message
        );
    }

    #[test]
    fn overflowing_sums_and_wrong_totals_are_invalid_amounts() {
        let huge = [line(MAX_QUANTITY, MAX_UNIT_AMOUNT)];
        let e = AppError::from(check(&input(&huge), "usd").unwrap_err());
        assert_eq!(e.code, ErrorCode::InvalidAmount);
        let many: Vec<_> = (0..20).map(|_| line(1, MAX_UNIT_AMOUNT)).collect();
        let e = AppError::from(check(&input(&many), "usd").unwrap_err());
        assert_eq!(e.code, ErrorCode::InvalidAmount, "{}", e.message);
        let lines = [line(1, 100)];
        let mut wrong = input(&lines);
        wrong.total = Some(101);
        let e = AppError::from(check(&wrong, "usd").unwrap_err());
        assert_eq!(e.code, ErrorCode::InvalidAmount);
        let e = AppError::from(check(&input(&lines), "eur").unwrap_err());
        assert_eq!(e.code, ErrorCode::InvalidField);
    }
}
