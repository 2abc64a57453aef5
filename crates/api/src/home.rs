//! The home page and invoice detail: `GET /api/summary`, `GET /api/invoices/{id}`.

use serde::{Deserialize, Serialize};

use crate::{CardSummary, InvoiceSummary, Money, PaymentStatus};

/// `GET /api/summary`: what the customer owes and what happened lately.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryResponse {
    /// Sum of every invoice's balance due.
    pub balance_due: Money,
    /// Sum of the balances of overdue invoices.
    pub overdue: Money,
    /// Invoices with a balance.
    pub unpaid_invoices: u32,
    /// Invoices past their due date with a balance.
    pub overdue_invoices: u32,
    /// Money paid on account (deposits) not yet used.
    pub credit: Money,
    /// Newest first, at most 10: invoices issued, payments, deposits.
    pub recent_activity: Vec<ActivityItem>,
}

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// An invoice was issued.
    InvoiceIssued,
    /// A payment of an invoice succeeded.
    PaymentReceived,
    /// A deposit (payment on account) succeeded.
    DepositReceived,
}

impl ActivityKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// Every kind, in declaration order, and their wire names.
    pub(crate) const ALL: [Self; 3] = [
        Self::InvoiceIssued,
        Self::PaymentReceived,
        Self::DepositReceived,
    ];
    pub(crate) const NAMES: &'static [&'static str] =
        &["invoice_issued", "payment_received", "deposit_received"];
}

impl<'de> Deserialize<'de> for ActivityKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::wire::deserialize_name(d, Self::NAMES).map(|i| Self::ALL[i])
    }
}

/// One line of recent activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityItem {
    /// What happened.
    pub kind: ActivityKind,
    /// When: `YYYY-MM-DD`.
    pub date: String,
    /// Plain words, e.g. "Invoice INV-1002 issued".
    pub description: String,
    /// The amount involved.
    pub amount: Money,
    /// The invoice, if any.
    pub invoice_id: Option<String>,
    /// The payment, if any.
    pub payment_id: Option<String>,
}

/// One line of an invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceLine {
    /// What was sold.
    pub description: String,
    /// How many.
    pub quantity: i64,
    /// Price of one.
    pub unit_price: Money,
    /// `quantity × unit_price`.
    pub amount: Money,
}

/// A payment as an invoice lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoicePayment {
    /// Payment id.
    pub id: String,
    /// Amount.
    pub amount: Money,
    /// State.
    pub status: PaymentStatus,
    /// When it was made, RFC 3339.
    pub created_at: String,
    /// The card used.
    pub card: Option<CardSummary>,
    /// The receipt reference, once it succeeded.
    pub reference: Option<String>,
    /// What the business has refunded of it, if anything.
    #[serde(default)]
    pub refunded: Option<Money>,
}

/// `GET /api/invoices/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceDetail {
    /// The invoice as the list shows it.
    pub invoice: InvoiceSummary,
    /// A note from the business.
    pub memo: Option<String>,
    /// Its lines.
    pub lines: Vec<InvoiceLine>,
    /// Payments made on it, newest first (succeeded, pending and failed).
    pub payments: Vec<InvoicePayment>,
}
