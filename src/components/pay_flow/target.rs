//! What a payment pays: an invoice, a deposit on account, or the invoice of
//! a payment link. Each has its own API routes; the flow is the same.

use portal_api::{PayRequest, Payment};

use crate::api::{Api, ApiError};

/// What the pay flow pays for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayTarget {
    /// A logged-in customer's invoice, by id.
    Invoice(String),
    /// Money on account for a logged-in customer.
    Deposit,
    /// The invoice of a payment link, by the link's token (no login).
    Link(String),
}

impl PayTarget {
    /// Creates the payment (one charge per idempotency key).
    pub async fn pay(
        &self,
        api: Api,
        idempotency_key: &str,
        request: &PayRequest,
    ) -> Result<Payment, ApiError> {
        match self {
            Self::Invoice(id) => api.pay_invoice(id, idempotency_key, request).await,
            Self::Deposit => api.deposit(idempotency_key, request).await,
            Self::Link(token) => api.pay_via_link(token, idempotency_key, request).await,
        }
    }

    /// The payment's true state, as the server knows it now.
    pub async fn read(&self, api: Api, payment_id: &str) -> Result<Payment, ApiError> {
        match self {
            Self::Link(token) => api.link_payment(token, payment_id).await,
            _ => api.payment(payment_id).await,
        }
    }

    /// The payment named in the page's URL (`?payment=`), if any: what a
    /// reload mid-payment shows. A failed read is an error, not "no
    /// payment": the page must not offer to pay again while it cannot tell
    /// whether the payment went through.
    pub async fn resume(
        self,
        api: Api,
        payment_id: Option<String>,
    ) -> Result<Option<Payment>, ApiError> {
        match payment_id {
            Some(id) => self.read(api, &id).await.map(Some),
            None => Ok(None),
        }
    }

    /// After the code step: the server asks the gateway for the outcome.
    pub async fn confirm(&self, api: Api, payment_id: &str) -> Result<Payment, ApiError> {
        match self {
            Self::Link(token) => api.confirm_link_payment(token, payment_id).await,
            _ => api.confirm_payment(payment_id).await,
        }
    }

    /// The page this flow lives on (the payment id is added as `?payment=`).
    pub fn page_path(&self) -> String {
        match self {
            Self::Invoice(id) => format!("/invoices/{id}/pay"),
            Self::Deposit => "/deposit".to_string(),
            Self::Link(token) => format!("/pay/{token}"),
        }
    }

    /// Saved cards belong to a logged-in customer; a payment link pays with a
    /// new card only and never saves it.
    pub fn uses_saved_cards(&self) -> bool {
        !matches!(self, Self::Link(_))
    }
}
