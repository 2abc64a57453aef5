//! Saved payment methods: `/api/payment-methods`. A card is only ever its
//! brand, last four digits, expiry, name and billing address (C5).

use serde::{Deserialize, Serialize};

/// A card as the portal describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardSummary {
    /// Brand id (`visa`, `mastercard`, `amex`, …).
    pub brand: String,
    /// Last four digits.
    pub last4: String,
    /// 1–12.
    pub exp_month: u32,
    /// Four digits.
    pub exp_year: u32,
}

/// A billing address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BillingAddress {
    /// Street address.
    pub line1: String,
    /// City.
    pub city: String,
    /// State or region (may be empty).
    #[serde(default)]
    pub region: String,
    /// Postal code.
    pub postal_code: String,
    /// ISO 3166-1 alpha-2 country code, e.g. `US`.
    pub country: String,
}

/// A saved card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethod {
    /// Id (`spm_…`).
    pub id: String,
    /// Brand id.
    pub brand: String,
    /// Last four digits.
    pub last4: String,
    /// 1–12.
    pub exp_month: u32,
    /// Four digits.
    pub exp_year: u32,
    /// Name on the card.
    pub name: String,
    /// The default (primary) card, preselected when paying.
    pub is_default: bool,
    /// Past its expiry month: shown, not selectable.
    pub expired: bool,
    /// Expires this month or within the next two.
    pub expiring_soon: bool,
    /// Its billing address, if given.
    pub billing_address: Option<BillingAddress>,
    /// When it was added, RFC 3339.
    pub created_at: String,
}

/// `GET /api/payment-methods`: default first, then newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethodListResponse {
    /// The cards.
    pub payment_methods: Vec<PaymentMethod>,
    /// How many cards a customer may keep.
    pub max_payment_methods: u32,
}

/// `POST /api/payment-methods`: save a card tokenized by the card frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddPaymentMethodRequest {
    /// The gateway token (`tok_…`).
    pub token: String,
    /// Make it the default card (the first card always is).
    #[serde(default)]
    pub make_default: bool,
    /// Billing address.
    #[serde(default)]
    pub billing_address: Option<BillingAddress>,
}

/// `PATCH /api/payment-methods/{id}`: a new expiry (e.g. a reissued card).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdatePaymentMethodRequest {
    /// 1–12.
    pub exp_month: u32,
    /// Four digits.
    pub exp_year: u32,
}

/// What changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethodEventKind {
    /// A card was added.
    Added,
    /// A card was removed.
    Removed,
    /// A card became the default.
    DefaultChanged,
    /// A card's expiry was updated.
    ExpiryUpdated,
}

impl PaymentMethodEventKind {
    /// Every kind.
    pub const ALL: [Self; 4] = [
        Self::Added,
        Self::Removed,
        Self::DefaultChanged,
        Self::ExpiryUpdated,
    ];

    /// The kind with this wire name.
    pub fn from_wire(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::DefaultChanged => "default_changed",
            Self::ExpiryUpdated => "expiry_updated",
        }
    }
}

/// One change to the saved cards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethodEvent {
    /// What changed.
    pub kind: PaymentMethodEventKind,
    /// The card, e.g. `Visa •••• 4242`.
    pub card: String,
    /// Plain words, e.g. "Set as default".
    pub description: String,
    /// When, RFC 3339.
    pub at: String,
    /// Who: the customer's name, or the business for system changes.
    pub by: String,
}

/// `GET /api/payment-methods/history`: newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethodHistoryResponse {
    /// The changes.
    pub events: Vec<PaymentMethodEvent>,
}
