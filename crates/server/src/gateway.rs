//! The card gateway as the server sees it: a trait, so that a real provider
//! can sit beside the sandbox, and its HTTP implementation
//! ([`HttpGateway`], the contract in `docs/gateway-api.md`).
//!
//! Only tokens, payment-method ids and card descriptions (brand, last four,
//! expiry, name) cross this boundary: never a card number or security code.

mod http;
mod refusal;

use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Serialize};

pub use http::HttpGateway;
pub use refusal::RefusalCode;

/// A boxed future returned by [`Gateway`] methods.
pub type GatewayFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, GatewayError>> + Send + 'a>>;

/// What the gateway tells about a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayCard {
    /// Brand id (`visa`, `amex`, …).
    pub brand: String,
    /// Last four digits.
    pub last4: String,
    /// Expiry month, 1–12.
    pub exp_month: i64,
    /// Expiry year, four digits.
    pub exp_year: i64,
    /// Name on the card.
    #[serde(default)]
    pub name: Option<String>,
    /// `credit` or `debit`.
    #[serde(default)]
    pub funding: Option<String>,
}

/// A reusable payment method at the gateway.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GatewayPaymentMethod {
    /// `pm_…`.
    pub id: String,
    /// The card.
    pub card: GatewayCard,
}

/// What a charge is paid with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChargeSource {
    /// A saved payment method (`pm_…`).
    PaymentMethod(String),
    /// A single-use token (`tok_…`).
    Token(String),
}

/// A charge to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeRequest {
    /// Minor units.
    pub amount: i64,
    /// Lowercase ISO 4217.
    pub currency: String,
    /// Card to charge.
    pub source: ChargeSource,
    /// Shown on the gateway's records, e.g. the invoice number.
    pub description: String,
}

/// A charge's state at the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChargeStatus {
    /// Money taken.
    Succeeded,
    /// Waiting for the one-time-code step.
    RequiresAction,
    /// The issuer said no.
    Declined,
    /// A processing error; a new attempt may work.
    Failed,
    /// Ended by the merchant while waiting for its code: nothing charged.
    Canceled,
}

/// The one-time-code challenge of a charge.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GatewayChallenge {
    /// `chal_…`.
    pub id: String,
    /// What the browser needs to verify the code with the gateway.
    pub client_secret: String,
    /// Last two digits of the phone the code went to.
    pub phone_last2: String,
    /// Unix seconds.
    pub expires_at: i64,
    /// Wrong codes still allowed.
    pub attempts_left: i64,
    /// Unix seconds.
    pub resend_available_at: i64,
}

/// A charge.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GatewayCharge {
    /// `ch_…`.
    pub id: String,
    /// Its state.
    pub status: ChargeStatus,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// The payment method charged, if any.
    #[serde(default)]
    pub payment_method: Option<String>,
    /// The card charged.
    #[serde(default)]
    pub card: Option<GatewayCard>,
    /// Why it was declined or failed.
    #[serde(default)]
    pub decline_code: Option<String>,
    /// Plain words for the customer.
    #[serde(default)]
    pub message: Option<String>,
    /// Whether a new attempt may work.
    #[serde(default)]
    pub retryable: bool,
    /// Present while `requires_action`.
    #[serde(default)]
    pub challenge: Option<GatewayChallenge>,
}

/// A refund at the gateway.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GatewayRefund {
    /// `re_…`.
    pub id: String,
    /// The charge refunded.
    pub charge: String,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// `succeeded` (or `failed`).
    pub status: String,
}

/// A gateway call failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum GatewayError {
    /// The gateway refused the request (4xx) with a stable code.
    #[error("gateway refused ({status}): {code}: {message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The gateway's code, e.g. `token_used`.
        code: String,
        /// The gateway's message.
        message: String,
    },
    /// The gateway could not be reached, timed out or answered garbage: the
    /// outcome of a charge is unknown and must be asked again.
    #[error("gateway unavailable: {0}")]
    Unavailable(String),
}

impl GatewayError {
    /// The refusal's code, read (`None` when the gateway was unavailable).
    pub fn refusal(&self) -> Option<RefusalCode> {
        match self {
            Self::Refused { code, .. } => Some(RefusalCode::of(code)),
            Self::Unavailable(_) => None,
        }
    }
}

/// A card gateway.
pub trait Gateway: Send + Sync + 'static {
    /// Creates a gateway customer; returns its id.
    fn create_customer<'a>(&'a self, email: &'a str, name: &'a str) -> GatewayFuture<'a, String>;
    /// Turns a single-use token into a payment method of `customer`.
    fn attach<'a>(
        &'a self,
        token: &'a str,
        customer: &'a str,
    ) -> GatewayFuture<'a, GatewayPaymentMethod>;
    /// A customer's payment methods.
    fn list_payment_methods<'a>(
        &'a self,
        customer: &'a str,
    ) -> GatewayFuture<'a, Vec<GatewayPaymentMethod>>;
    /// Detaches a payment method (it cannot be charged afterwards).
    fn detach<'a>(&'a self, payment_method: &'a str) -> GatewayFuture<'a, ()>;
    /// Changes a payment method's expiry.
    fn update_expiry<'a>(
        &'a self,
        payment_method: &'a str,
        exp_month: i64,
        exp_year: i64,
    ) -> GatewayFuture<'a, GatewayPaymentMethod>;
    /// Charges, at most once per `idempotency_key`.
    fn charge<'a>(
        &'a self,
        request: &'a ChargeRequest,
        idempotency_key: &'a str,
    ) -> GatewayFuture<'a, GatewayCharge>;
    /// A charge's current state.
    fn get_charge<'a>(&'a self, id: &'a str) -> GatewayFuture<'a, GatewayCharge>;
    /// Ends a charge still waiting for its code step (`canceled`: no code
    /// passes it afterwards); any other charge is answered as it is.
    fn cancel_charge<'a>(&'a self, id: &'a str) -> GatewayFuture<'a, GatewayCharge>;
    /// Refunds `amount` of a succeeded charge, at most once per
    /// `idempotency_key`; never more in all than the charge took.
    fn refund<'a>(
        &'a self,
        charge: &'a str,
        amount: i64,
        idempotency_key: &'a str,
    ) -> GatewayFuture<'a, GatewayRefund>;
}
