//! Payment links as the business makes and sees them (`/v1/payment-links`).

use serde::{Deserialize, Serialize};

/// `POST /v1/payment-links`: a link that pays one invoice without a login.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreatePaymentLink {
    /// The invoice's `inv_…` (with a balance left to pay).
    pub invoice: String,
    /// Seconds the link works for: 60 to 2,592,000 (30 days); 7 days if absent.
    #[serde(default)]
    pub expires_in: Option<u32>,
    /// Whether to email the link to the invoice's customer (default `true`).
    #[serde(default)]
    pub send_email: Option<bool>,
}

/// Where a payment link stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentLinkStatus {
    /// It can be used to pay.
    Active,
    /// Its invoice has nothing left to pay: it shows the invoice, takes no payment.
    Paid,
    /// Past its expiry: it no longer works.
    Expired,
    /// Revoked by the business: it no longer works.
    Revoked,
}

/// A payment link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessPaymentLink {
    /// `pl_…`.
    pub id: String,
    /// The invoice it pays.
    pub invoice: String,
    /// The invoice's customer.
    pub customer: String,
    /// The link to give the customer (`…/pay/<token>`).
    pub url: String,
    /// Where it stands now.
    pub status: PaymentLinkStatus,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339: when it stops working.
    pub expires_at: String,
    /// RFC 3339, once revoked.
    pub revoked_at: Option<String>,
}
