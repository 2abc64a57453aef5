//! Payments: `POST /api/invoices/{id}/payments`, `POST /api/deposits`,
//! `GET /api/payments/{id}`, `POST /api/payments/{id}/confirm`.
//! Every create request carries an `Idempotency-Key` header.

use serde::{Deserialize, Serialize};

use crate::wire::wire_enum;
use crate::{BillingAddress, CardSummary, DeclineCode, Money};

/// What a payment is made with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum PaymentSource {
    /// A saved card.
    SavedCard {
        /// Its id (`spm_…`).
        payment_method_id: String,
    },
    /// A card just tokenized by the card frame.
    NewCard {
        /// The gateway token (`tok_…`).
        token: String,
        /// Save it securely for future payments.
        #[serde(default)]
        save: bool,
        /// Make it the default card (with `save`).
        #[serde(default)]
        make_default: bool,
    },
}

/// `POST /api/invoices/{id}/payments` and `POST /api/deposits`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PayRequest {
    /// How much: the balance, or less where partial payments are allowed.
    pub amount: Money,
    /// The card.
    pub source: PaymentSource,
    /// Billing address.
    pub billing_address: BillingAddress,
}

wire_enum! {
    /// A payment's state.
    pub enum PaymentStatus {
        /// Sent to the gateway; the outcome is not known yet (ask again).
        Pending = "pending",
        /// The card asks for a one-time code: see `challenge`.
        RequiresAction = "requires_action",
        /// Paid.
        Succeeded = "succeeded",
        /// The card was declined: see `decline`.
        Declined = "declined",
        /// A processing error: see `decline` (`retryable`).
        Failed = "failed",
    }
}

impl PaymentStatus {
    /// Whether the payment can no longer change (paid, declined or failed).
    pub fn is_final(self) -> bool {
        matches!(self, Self::Succeeded | Self::Declined | Self::Failed)
    }

    /// Whether the payment is still in flight (`pending`, or waiting for
    /// the code step).
    pub fn is_unfinished(self) -> bool {
        matches!(self, Self::Pending | Self::RequiresAction)
    }
}

wire_enum! {
    /// What a payment was for.
    pub enum PaymentKind {
        /// An invoice.
        Invoice = "invoice",
        /// A deposit on account.
        Deposit = "deposit",
    }
}

wire_enum! {
    /// What the gateway made of a code the browser sent it (`POST
    /// {gateway}/v1/challenges/{id}/verify`, field `status`).
    pub enum ChallengeStatus {
        /// The code was right: confirm the payment with the portal.
        Succeeded = "succeeded",
        /// A wrong code; `attempts_left` more may be tried.
        Failed = "failed",
        /// The code expired: ask for a new one.
        Expired = "expired",
        /// Too many wrong codes: the payment is declined (confirm it).
        Locked = "locked",
    }
}

/// The one-time-code step: the browser verifies the code with the gateway
/// (`POST {gateway}/v1/challenges/{id}/verify` with `client_secret`), then
/// calls `POST /api/payments/{id}/confirm`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentChallenge {
    /// Challenge id (`chal_…`).
    pub id: String,
    /// Secret for the gateway's verify and resend calls.
    pub client_secret: String,
    /// "Enter the code sent to your phone ending in NN".
    pub phone_last2: String,
    /// Unix seconds.
    pub expires_at: i64,
    /// Wrong codes still allowed.
    pub attempts_left: u32,
    /// Unix seconds: when "Resend code" works again.
    pub resend_available_at: i64,
}

/// Why a card was declined, in plain words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decline {
    /// Stable code: `generic_decline`, `insufficient_funds`, `expired_card`,
    /// `incorrect_cvc`, `processing_error`, `authentication_failed`, …
    pub code: DeclineCode,
    /// For the customer.
    pub message: String,
    /// Whether trying again (with a new idempotency key) may work.
    pub retryable: bool,
}

/// A receipt for a successful payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    /// Reference, e.g. `RCPT-7Q2K9X4M`.
    pub reference: String,
    /// Amount paid.
    pub amount: Money,
    /// Card brand id.
    pub card_brand: String,
    /// Card last four.
    pub card_last4: String,
    /// When, RFC 3339.
    pub paid_at: String,
    /// The invoice paid, if any.
    pub invoice_number: Option<String>,
    /// The business paid.
    pub business_name: String,
}

/// A payment (the answer to every payment endpoint).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payment {
    /// Id (`pay_…`).
    pub id: String,
    /// What it was for.
    pub kind: PaymentKind,
    /// State.
    pub status: PaymentStatus,
    /// Amount.
    pub amount: Money,
    /// The invoice, for invoice payments.
    pub invoice_id: Option<String>,
    /// Its number.
    pub invoice_number: Option<String>,
    /// The card.
    pub card: Option<CardSummary>,
    /// When it was made, RFC 3339.
    pub created_at: String,
    /// Present while `requires_action`.
    pub challenge: Option<PaymentChallenge>,
    /// Present when `declined` or `failed`.
    pub decline: Option<Decline>,
    /// Present when `succeeded`.
    pub receipt: Option<Receipt>,
    /// The saved card made from a new card, if it was saved.
    pub saved_payment_method_id: Option<String>,
}

/// `GET /api/payments?page=&per_page=`: the customer's payments, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentListResponse {
    /// This page.
    pub payments: Vec<Payment>,
    /// 1-based page.
    pub page: u32,
    /// Page size (1–100, default 20).
    pub per_page: u32,
    /// All payments.
    pub total: u64,
}
