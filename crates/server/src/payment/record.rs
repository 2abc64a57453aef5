//! A payment row and its wire form.

use portal_api::{
    CardSummary, Decline, Money, Payment, PaymentChallenge, PaymentKind, PaymentStatus, Receipt,
};
use sqlx::{FromRow, SqlitePool};

use crate::clock;

/// A payment as stored.
#[derive(Debug, Clone, FromRow)]
pub struct PaymentRow {
    /// `pay_…`.
    pub id: String,
    /// Payer.
    pub customer_id: String,
    /// The invoice (invoice payments).
    pub invoice_id: Option<String>,
    /// `invoice` or `deposit`.
    pub kind: String,
    /// SHA-256 of the request.
    pub request_hash: String,
    /// The key every gateway call for this payment uses.
    pub gateway_key: String,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Saved card charged (`spm_…`).
    pub payment_method_id: Option<String>,
    /// Single-use token charged (new card, not saved).
    pub token: Option<String>,
    /// Save the new card.
    pub save_card: bool,
    /// Make the saved card the default on success.
    pub make_default: bool,
    /// Status.
    pub status: String,
    /// Gateway charge.
    pub gateway_charge_id: Option<String>,
    /// Card brand.
    pub card_brand: Option<String>,
    /// Card last four.
    pub card_last4: Option<String>,
    /// Card expiry month.
    pub card_exp_month: Option<i64>,
    /// Card expiry year.
    pub card_exp_year: Option<i64>,
    /// Decline code.
    pub decline_code: Option<String>,
    /// Decline message.
    pub decline_message: Option<String>,
    /// Retry may work.
    pub retryable: bool,
    /// The code step (JSON of [`PaymentChallenge`]).
    pub challenge_json: Option<String>,
    /// Receipt reference.
    pub receipt_reference: Option<String>,
    /// Balance already updated.
    pub applied: bool,
    /// Made through a payment link.
    pub via_link: bool,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub updated_at: i64,
}

/// The columns of [`PaymentRow`].
pub const COLUMNS: &str = "id, customer_id, invoice_id, kind, idempotency_key, request_hash, gateway_key, amount, currency, \
    payment_method_id, token, save_card, make_default, status, gateway_charge_id, card_brand, card_last4, card_exp_month, \
    card_exp_year, decline_code, decline_message, retryable, challenge_json, receipt_reference, applied, via_link, created_at, updated_at";

/// Reads a payment by id.
pub async fn load(pool: &SqlitePool, id: &str) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM payments WHERE id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Parses a stored status.
pub fn status_of(s: &str) -> PaymentStatus {
    match s {
        "requires_action" => PaymentStatus::RequiresAction,
        "succeeded" => PaymentStatus::Succeeded,
        "declined" => PaymentStatus::Declined,
        "failed" => PaymentStatus::Failed,
        _ => PaymentStatus::Pending,
    }
}

/// A card summary from stored columns.
pub fn card_of(
    brand: Option<String>,
    last4: Option<String>,
    m: Option<i64>,
    y: Option<i64>,
) -> Option<CardSummary> {
    Some(CardSummary {
        brand: brand?,
        last4: last4?,
        exp_month: u32::try_from(m.unwrap_or(0)).unwrap_or(0),
        exp_year: u32::try_from(y.unwrap_or(0)).unwrap_or(0),
    })
}

impl PaymentRow {
    /// The wire form.
    pub fn to_api(
        &self,
        business_name: &str,
        invoice_number: Option<String>,
        saved: Option<String>,
    ) -> Payment {
        let status = status_of(&self.status);
        let amount = Money {
            amount: self.amount,
            currency: self.currency.clone(),
        };
        let card = card_of(
            self.card_brand.clone(),
            self.card_last4.clone(),
            self.card_exp_month,
            self.card_exp_year,
        );
        let decline = match status {
            PaymentStatus::Declined | PaymentStatus::Failed => Some(Decline {
                code: self
                    .decline_code
                    .clone()
                    .unwrap_or_else(|| "generic_decline".into()),
                message: self
                    .decline_message
                    .clone()
                    .unwrap_or_else(|| "The card was declined. Use another card.".into()),
                retryable: self.retryable,
            }),
            _ => None,
        };
        let challenge = match status {
            PaymentStatus::RequiresAction => self
                .challenge_json
                .as_deref()
                .and_then(|j| serde_json::from_str::<PaymentChallenge>(j).ok()),
            _ => None,
        };
        let receipt = match (status, &self.receipt_reference) {
            (PaymentStatus::Succeeded, Some(reference)) => Some(Receipt {
                reference: reference.clone(),
                amount: amount.clone(),
                card_brand: card.as_ref().map(|c| c.brand.clone()).unwrap_or_default(),
                card_last4: card.as_ref().map(|c| c.last4.clone()).unwrap_or_default(),
                paid_at: clock::rfc3339(self.updated_at),
                invoice_number: invoice_number.clone(),
                business_name: business_name.to_owned(),
            }),
            _ => None,
        };
        Payment {
            id: self.id.clone(),
            kind: if self.kind == "deposit" {
                PaymentKind::Deposit
            } else {
                PaymentKind::Invoice
            },
            status,
            amount,
            invoice_id: self.invoice_id.clone(),
            invoice_number,
            card,
            created_at: clock::rfc3339(self.created_at),
            challenge,
            decline,
            receipt,
            saved_payment_method_id: saved,
        }
    }
}
