//! What an invoice's status is, from its total, balance and due date. The
//! status is derived, never stored, so "overdue" is always true to today.

use portal_api::InvoiceStatus;

/// The status of an invoice on `today` (`YYYY-MM-DD` strings compare as dates).
/// Overdue wins over partially paid: a late invoice is late however much was paid.
pub fn status(total: i64, balance_due: i64, due_date: &str, today: &str) -> InvoiceStatus {
    if balance_due <= 0 {
        InvoiceStatus::Paid
    } else if due_date < today {
        InvoiceStatus::Overdue
    } else if balance_due < total {
        InvoiceStatus::PartiallyPaid
    } else {
        InvoiceStatus::Open
    }
}

/// The SQL condition (on table alias-free columns) selecting `status`;
/// binds one parameter: today.
pub fn status_condition(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Paid => "balance_due = 0 AND ? IS NOT NULL",
        InvoiceStatus::Overdue => "balance_due > 0 AND due_date < ?",
        InvoiceStatus::PartiallyPaid => "balance_due > 0 AND balance_due < total AND due_date >= ?",
        InvoiceStatus::Open => "balance_due > 0 AND balance_due = total AND due_date >= ?",
    }
}

/// Parses a wire status name.
pub fn parse_status(s: &str) -> Option<InvoiceStatus> {
    [
        InvoiceStatus::Open,
        InvoiceStatus::Overdue,
        InvoiceStatus::PartiallyPaid,
        InvoiceStatus::Paid,
    ]
    .into_iter()
    .find(|st| st.as_str() == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_balance_and_due_date() {
        let today = "2026-05-10";
        assert_eq!(status(100, 0, "2026-01-01", today), InvoiceStatus::Paid);
        assert_eq!(
            status(100, 100, "2026-05-09", today),
            InvoiceStatus::Overdue
        );
        assert_eq!(status(100, 40, "2026-05-09", today), InvoiceStatus::Overdue);
        assert_eq!(
            status(100, 40, "2026-05-10", today),
            InvoiceStatus::PartiallyPaid
        );
        assert_eq!(status(100, 100, "2026-05-10", today), InvoiceStatus::Open);
    }

    #[test]
    fn wire_names_round_trip() {
        for s in ["open", "overdue", "partially_paid", "paid"] {
            assert_eq!(parse_status(s).map(|x| x.as_str()), Some(s));
        }
        assert_eq!(parse_status("Paid"), None);
    }
}
