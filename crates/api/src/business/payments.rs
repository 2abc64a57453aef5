//! Payments and refunds as the business sees them (`/v1/payments`).

use serde::{Deserialize, Serialize};

use crate::{CardSummary, DeclineCode, PaymentKind, PaymentStatus};

/// A payment (amounts in minor units of `currency`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessPayment {
    /// `pay_…`.
    pub id: String,
    /// The payer's `cus_…`.
    pub customer: String,
    /// The invoice paid (`None` for a deposit).
    pub invoice: Option<String>,
    /// Invoice or deposit.
    pub kind: PaymentKind,
    /// Where it stands.
    pub status: PaymentStatus,
    /// What was charged.
    pub amount: i64,
    /// Lowercase ISO 4217.
    pub currency: String,
    /// Refunded so far (succeeded refunds).
    pub amount_refunded: i64,
    /// The card charged: brand, last four, expiry.
    pub card: Option<CardSummary>,
    /// Why it was declined or failed.
    pub decline_code: Option<DeclineCode>,
    /// Made through a payment link (no login).
    pub via_link: bool,
    /// RFC 3339.
    pub created_at: String,
    /// Its refunds, oldest first.
    pub refunds: Vec<BusinessRefund>,
}

/// `POST /v1/payments/{id}/refunds`: money back, in full or in part.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateRefund {
    /// Minor units, at most what is left to refund; all of it if absent.
    #[serde(default)]
    pub amount: Option<i64>,
    /// `requested_by_customer`, `duplicate` or `fraudulent`.
    #[serde(default)]
    pub reason: Option<RefundReason>,
}

/// Why money went back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefundReason {
    /// The customer asked.
    RequestedByCustomer,
    /// Paid twice.
    Duplicate,
    /// Not the card holder.
    Fraudulent,
}

impl RefundReason {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RequestedByCustomer => "requested_by_customer",
            Self::Duplicate => "duplicate",
            Self::Fraudulent => "fraudulent",
        }
    }
}

/// Where a refund stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    /// Sent to the gateway; its answer is not known yet (read it again).
    Pending,
    /// The money went back to the card.
    Succeeded,
    /// The gateway refused it: see `failure_message`; nothing went back.
    Failed,
}

/// A refund of a payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessRefund {
    /// `re_…`.
    pub id: String,
    /// The payment refunded.
    pub payment: String,
    /// Minor units.
    pub amount: i64,
    /// Lowercase ISO 4217.
    pub currency: String,
    /// Where it stands.
    pub status: RefundStatus,
    /// As sent.
    pub reason: Option<RefundReason>,
    /// Why the gateway refused it.
    pub failure_message: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

/// `POST /v1/invoices/{id}/charge`: charge the customer's default card for
/// the invoice (merchant-initiated; the basis for autopay).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChargeInvoice {
    /// Minor units, at most the balance (partial payments as the business
    /// allows); the whole balance if absent.
    #[serde(default)]
    pub amount: Option<i64>,
}
