//! The portal's wire contract: request and response types shared by the SPA
//! and the server (serde only, builds for wasm32). Integrators implementing
//! the API on their own stack follow these shapes; see `docs/api.md`.
//!
//! The `openapi` feature (the server's only, so the SPA never links
//! utoipa) derives `utoipa::ToSchema` for every type: the server's
//! generated OpenAPI document (`GET /api/openapi.json`) is made from them,
//! with their `///` docs as descriptions.

use serde::{Deserialize, Serialize};

mod wire;

pub mod accounts;
pub mod business;
pub mod cards;
pub mod codes;
pub mod home;
pub mod payments;

pub use accounts::*;
pub use business::*;
pub use cards::*;
pub use codes::{DeclineCode, ErrorCode, GatewayCode};
pub use home::*;
pub use payments::*;
pub use wire::UnknownName;

/// An amount of money in integer minor units (cents) and a lowercase ISO
/// 4217 currency code. Never a float.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// Minor units, e.g. 1999 for $19.99.
    pub amount: i64,
    /// Lowercase ISO 4217 code, e.g. `usd`.
    pub currency: String,
}

/// Every API error body: a stable machine code and a message for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    /// Stable code, e.g. `invalid_credentials`.
    pub code: ErrorCode,
    /// Plain-words message safe to show to the customer.
    pub message: String,
}

/// Public configuration the SPA needs before login.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalConfig {
    /// The gateway's origin (card frame, tokenization, code step).
    pub gateway_url: String,
    /// The gateway's publishable key for browsers.
    pub publishable_key: String,
    /// The business's name.
    pub business_name: String,
    /// Default currency.
    pub currency: String,
    /// Whether customers may pay less than an invoice's balance.
    pub allow_partial_payments: bool,
}

/// `POST /api/session`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The customer's email.
    pub email: String,
    /// The customer's password.
    pub password: String,
}

/// Who a customer is, as the portal shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerSummary {
    /// Customer id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Login email.
    pub email: String,
    /// Whether this customer is a reseller with sub-accounts (`GET
    /// /api/sub-accounts` lists them); absent means false.
    #[serde(default)]
    pub has_sub_accounts: bool,
}

/// The logged-in session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionResponse {
    /// The customer.
    pub customer: CustomerSummary,
    /// Token to send as `X-CSRF-Token` on every state-changing request.
    pub csrf_token: String,
}

/// An invoice's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Not yet due, nothing paid.
    Open,
    /// Past its due date with a balance.
    Overdue,
    /// Some paid, a balance left.
    PartiallyPaid,
    /// Nothing left to pay.
    Paid,
}

impl InvoiceStatus {
    /// The wire name, e.g. `partially_paid`.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// Every status, in declaration order, and their wire names.
    pub(crate) const ALL: [Self; 4] = [Self::Open, Self::Overdue, Self::PartiallyPaid, Self::Paid];
    pub(crate) const NAMES: &'static [&'static str] =
        &["open", "overdue", "partially_paid", "paid"];
}

impl<'de> Deserialize<'de> for InvoiceStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        wire::deserialize_name(d, Self::NAMES).map(|i| Self::ALL[i])
    }
}

/// One invoice in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceSummary {
    /// Invoice id.
    pub id: String,
    /// Human number, e.g. `INV-0042`.
    pub number: String,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    /// `YYYY-MM-DD`.
    pub due_date: String,
    /// Invoice total.
    pub total: Money,
    /// What is left to pay.
    pub balance_due: Money,
    /// Status.
    pub status: InvoiceStatus,
}

/// `GET /api/invoices`: one page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceListResponse {
    /// This page's invoices.
    pub invoices: Vec<InvoiceSummary>,
    /// 1-based page number.
    pub page: u32,
    /// Page size.
    pub per_page: u32,
    /// Invoices matching the filter in all pages.
    pub total: u64,
}
