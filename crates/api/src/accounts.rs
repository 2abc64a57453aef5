//! Invitations and password resets, sub-accounts, payment links and the dev outbox.

use serde::{Deserialize, Serialize};

use crate::{InvoiceDetail, Money};

/// `POST /api/invitations`: ask for a link to set a password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvitationRequest {
    /// An email the business has on file.
    pub email: String,
}

/// The answer to an invitation or password-reset request: the same whether
/// the email is on file or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationResponse {
    /// E.g. "If this email is on file, we sent a link to set your password."
    pub message: String,
}

/// `POST /api/invitations/accept`: set a password with the link's token; logs in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitationRequest {
    /// The token from the link.
    pub token: String,
    /// The new password (at least 10 characters).
    pub password: String,
}

/// `POST /api/password-resets`: "forgot your password?". A customer on
/// file who has a password gets a reset link by email, one who has none an
/// invitation; the answer is the same for every email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    /// An email the business has on file.
    pub email: String,
}

/// `POST /api/password-resets/accept`: choose a new password with the reset
/// link's token; ends every other session and logs in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptPasswordResetRequest {
    /// The token from the link.
    pub token: String,
    /// The new password (at least 10 characters).
    pub password: String,
}

/// One email "sent" (demo mode only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Text.
    pub body: String,
    /// The link in it (`/accept-invitation?token=…`, `/reset-password?token=…`, `/pay/…`).
    pub link: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

/// `GET /api/dev/outbox` (demo mode only): newest last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxResponse {
    /// The messages.
    pub messages: Vec<OutboxMessage>,
}

/// A reseller's sub-account: balances only, never cards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubAccount {
    /// Customer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Sum of balances due.
    pub balance_due: Money,
    /// Sum of overdue balances.
    pub overdue: Money,
    /// Invoices with a balance.
    pub unpaid_invoices: u32,
}

/// `GET /api/sub-accounts`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubAccountListResponse {
    /// The sub-accounts.
    pub sub_accounts: Vec<SubAccount>,
}

/// `GET /api/pay-links/{token}`: the one invoice a payment link pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentLinkResponse {
    /// The business.
    pub business_name: String,
    /// Who the invoice is for.
    pub customer_name: String,
    /// The invoice.
    pub invoice: InvoiceDetail,
    /// Unix seconds when the link stops working.
    pub expires_at: i64,
}
