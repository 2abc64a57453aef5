//! A payment row, its wire form, and the reads of the `payments` table
//! (the writes are in [`crate::payment`]).

use portal_api::{
    BusinessPayment, CardSummary, Decline, DeclineCode, InvoicePayment, Money, Payment,
    PaymentChallenge, PaymentKind, PaymentStatus, Receipt,
};
use sqlx::{FromRow, SqliteConnection, SqlitePool};

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
    /// Invoice or deposit.
    #[sqlx(try_from = "String")]
    pub kind: PaymentKind,
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
    #[sqlx(try_from = "String")]
    pub status: PaymentStatus,
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
    /// Decline code, as the gateway (or this server) gave it.
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

/// A customer's payment by id (`None` for another customer's).
pub async fn find(
    pool: &SqlitePool,
    customer_id: &str,
    id: &str,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    Ok(load(pool, id)
        .await?
        .filter(|row| row.customer_id == customer_id))
}

/// A payment made through a link for `invoice_id` (`None` for any other).
pub async fn find_by_link(
    pool: &SqlitePool,
    invoice_id: &str,
    id: &str,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    Ok(load(pool, id)
        .await?
        .filter(|row| row.via_link && row.invoice_id.as_deref() == Some(invoice_id)))
}

/// Which payments a business API list shows.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    /// Of one customer.
    pub customer_id: Option<&'a str>,
    /// Of one invoice.
    pub invoice_id: Option<&'a str>,
    /// In one state.
    pub status: Option<PaymentStatus>,
}

/// Up to `limit` payments newest first, after the one at `(created_at, id)`
/// if given; and whether more follow (the business API's list).
pub async fn page_of(
    pool: &SqlitePool,
    filter: &Filter<'_>,
    limit: u32,
    after: Option<(i64, &str)>,
) -> Result<(Vec<PaymentRow>, bool), sqlx::Error> {
    let (after_at, after_id) = after.unwrap_or((i64::MAX, ""));
    let mut rows: Vec<PaymentRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payments \
         WHERE ($1 IS NULL OR customer_id = $1) AND ($2 IS NULL OR invoice_id = $2) AND ($3 IS NULL OR status = $3) \
         AND (created_at < $4 OR (created_at = $4 AND id < $5)) \
         ORDER BY created_at DESC, id DESC LIMIT $6"
    ))
    .bind(filter.customer_id)
    .bind(filter.invoice_id)
    .bind(filter.status.map(PaymentStatus::as_str))
    .bind(after_at)
    .bind(after_id)
    .bind(i64::from(limit) + 1)
    .fetch_all(pool)
    .await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    Ok((rows, has_more))
}

/// How many payments a customer has made.
pub async fn count(pool: &SqlitePool, customer_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE customer_id = ?")
        .bind(customer_id)
        .fetch_one(pool)
        .await
}

/// Page `page` (from 1) of a customer's payments, newest first.
pub async fn page(
    pool: &SqlitePool,
    customer_id: &str,
    page: u32,
    per_page: u32,
) -> Result<Vec<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payments WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"
    ))
    .bind(customer_id)
    .bind(i64::from(per_page))
    .bind(i64::from(page.max(1) - 1) * i64::from(per_page))
    .fetch_all(pool)
    .await
}

/// The payments of an invoice of `customer_id`, newest first, as the
/// invoice's page lists them.
pub async fn of_invoice(
    pool: &SqlitePool,
    customer_id: &str,
    invoice_id: &str,
) -> Result<Vec<InvoicePayment>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        id: String,
        amount: i64,
        currency: String,
        #[sqlx(try_from = "String")]
        status: PaymentStatus,
        created_at: i64,
        card_brand: Option<String>,
        card_last4: Option<String>,
        card_exp_month: Option<i64>,
        card_exp_year: Option<i64>,
        receipt_reference: Option<String>,
        refunded: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, amount, currency, status, created_at, card_brand, card_last4, card_exp_month, card_exp_year, receipt_reference, \
         (SELECT COALESCE(SUM(r.amount), 0) FROM refunds r WHERE r.payment_id = payments.id AND r.status = 'succeeded') AS refunded \
         FROM payments WHERE invoice_id = ? AND customer_id = ? ORDER BY created_at DESC, id",
    )
    .bind(invoice_id)
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| InvoicePayment {
            id: r.id,
            refunded: (r.refunded > 0).then(|| Money {
                amount: r.refunded,
                currency: r.currency.clone(),
            }),
            amount: Money {
                amount: r.amount,
                currency: r.currency,
            },
            status: r.status,
            created_at: clock::rfc3339(r.created_at),
            card: card_of(
                r.card_brand,
                r.card_last4,
                r.card_exp_month,
                r.card_exp_year,
            ),
            reference: r.receipt_reference,
        })
        .collect())
}

/// A payment received, as the recent activity shows it.
#[derive(Debug, Clone, FromRow)]
pub struct Received {
    /// `pay_…`.
    pub id: String,
    /// Invoice or deposit.
    #[sqlx(try_from = "String")]
    pub kind: PaymentKind,
    /// The invoice paid.
    pub invoice_id: Option<String>,
    /// Its number.
    pub invoice_number: Option<String>,
    /// Currency.
    pub currency: String,
    /// Minor units.
    pub amount: i64,
    /// When it succeeded (Unix seconds).
    pub at: i64,
}

/// A customer's latest successful payments (at most `limit`), newest first.
pub async fn received(
    pool: &SqlitePool,
    customer_id: &str,
    limit: i64,
) -> Result<Vec<Received>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.kind, p.invoice_id, i.number AS invoice_number, p.currency, p.amount, p.updated_at AS at \
         FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id \
         WHERE p.customer_id = ? AND p.status = ? ORDER BY p.updated_at DESC LIMIT ?",
    )
    .bind(customer_id)
    .bind(PaymentStatus::Succeeded.as_str())
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// What is held against an invoice's balance by payments in flight: every
/// `pending` one and every open code step (an abandoned code step is ended
/// before this is asked: see [`crate::payment::ABANDONED_AFTER`]).
pub async fn in_flight(pool: &SqlitePool, invoice_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM payments WHERE invoice_id = ? AND status IN (?, ?)",
    )
    .bind(invoice_id)
    .bind(PaymentStatus::Pending.as_str())
    .bind(PaymentStatus::RequiresAction.as_str())
    .fetch_one(pool)
    .await
}

/// Whether a payment with this saved card is still unfinished.
pub async fn unfinished_with_card(
    pool: &SqlitePool,
    payment_method_id: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM payments WHERE payment_method_id = ? AND status IN (?, ?)",
    )
    .bind(payment_method_id)
    .bind(PaymentStatus::Pending.as_str())
    .bind(PaymentStatus::RequiresAction.as_str())
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// Every unfinished payment (`pending` or waiting for a code), oldest first.
pub async fn unfinished(pool: &SqlitePool) -> Result<Vec<PaymentRow>, sqlx::Error> {
    // The states are written into the SQL, not bound: SQLite uses the
    // partial index `payments_unfinished` only for a literal match of its
    // `WHERE`.
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payments WHERE status IN ('{}', '{}') ORDER BY created_at",
        PaymentStatus::Pending.as_str(),
        PaymentStatus::RequiresAction.as_str()
    ))
    .fetch_all(pool)
    .await
}

/// A settled invoice payment from before the portal (demo history).
#[derive(Debug, Clone)]
pub struct Settled<'a> {
    /// `pay_…`.
    pub id: &'a str,
    /// The payer.
    pub customer_id: &'a str,
    /// The invoice.
    pub invoice_id: &'a str,
    /// Minor units.
    pub amount: i64,
    /// Lowercase ISO 4217.
    pub currency: &'a str,
    /// The card: brand id, last four, expiry month and year.
    pub card: (&'a str, &'a str, i64, i64),
    /// Receipt reference.
    pub receipt_reference: &'a str,
    /// Unix seconds.
    pub paid_at: i64,
}

/// Records a settled payment (demo history; the balance already shows it).
pub async fn insert_settled(
    conn: &mut SqliteConnection,
    p: &Settled<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO payments (id, customer_id, invoice_id, kind, idempotency_key, request_hash, gateway_key, amount, currency, \
         billing_json, status, card_brand, card_last4, card_exp_month, card_exp_year, receipt_reference, applied, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, 'demo', ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, 1, ?, ?)",
    )
    .bind(p.id)
    .bind(p.customer_id)
    .bind(p.invoice_id)
    .bind(PaymentKind::Invoice.as_str())
    .bind(format!("demo_{}", p.invoice_id))
    .bind(format!("demo_{}", p.id))
    .bind(p.amount)
    .bind(p.currency)
    .bind(PaymentStatus::Succeeded.as_str())
    .bind(p.card.0)
    .bind(p.card.1)
    .bind(p.card.2)
    .bind(p.card.3)
    .bind(p.receipt_reference)
    .bind(p.paid_at)
    .bind(p.paid_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The code of a stored decline. A code the gateway sent that this server
/// does not know (a newer gateway's) is reported as `generic_decline`, with
/// the gateway's own message: clients only ever see the codes the API lists.
pub fn decline_code(stored: Option<&str>) -> DeclineCode {
    match stored.map(DeclineCode::from) {
        None | Some(DeclineCode::Unknown) => DeclineCode::GenericDecline,
        Some(code) => code,
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
    /// The business API's view, with its refunds.
    pub fn to_business(&self, refunds: &[crate::refund::record::RefundRow]) -> BusinessPayment {
        BusinessPayment {
            id: self.id.clone(),
            customer: self.customer_id.clone(),
            invoice: self.invoice_id.clone(),
            kind: self.kind,
            status: self.status,
            amount: self.amount,
            currency: self.currency.clone(),
            amount_refunded: refunds
                .iter()
                .filter(|r| r.state() == portal_api::RefundStatus::Succeeded)
                .map(|r| r.amount)
                .sum(),
            card: card_of(
                self.card_brand.clone(),
                self.card_last4.clone(),
                self.card_exp_month,
                self.card_exp_year,
            ),
            decline_code: matches!(self.status, PaymentStatus::Declined | PaymentStatus::Failed)
                .then(|| decline_code(self.decline_code.as_deref())),
            via_link: self.via_link,
            created_at: clock::rfc3339(self.created_at),
            refunds: refunds.iter().map(|r| r.to_api()).collect(),
        }
    }

    /// The wire form.
    pub fn to_api(
        &self,
        business_name: &str,
        invoice_number: Option<String>,
        saved: Option<String>,
    ) -> Payment {
        let status = self.status;
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
                code: decline_code(self.decline_code.as_deref()),
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
            kind: self.kind,
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

#[cfg(test)]
mod tests {
    use super::decline_code;
    use portal_api::DeclineCode;

    #[test]
    fn a_decline_code_the_api_does_not_list_is_reported_as_a_generic_decline() {
        assert_eq!(
            decline_code(Some("insufficient_funds")),
            DeclineCode::InsufficientFunds
        );
        assert_eq!(
            decline_code(Some("card_not_usable")),
            DeclineCode::CardNotUsable
        );
        assert_eq!(decline_code(Some("fraudulent")), DeclineCode::Fraudulent);
        assert_eq!(decline_code(Some("lost_card")), DeclineCode::GenericDecline);
        assert_eq!(decline_code(None), DeclineCode::GenericDecline);
    }
}
