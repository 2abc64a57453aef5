//! Payment links: anyone holding a genuine, unexpired, unrevoked link can
//! see and pay its one invoice (with a new card, never saved cards), and
//! nothing else. The business makes them (`POST /v1/payment-links`); each
//! is a row of [`record`] beside its signed [`token`], so a revoked link
//! stops working at its next use, and a paid invoice takes no more money.

pub mod record;
pub mod token;

use axum::http::StatusCode;
use portal_api::{BusinessPaymentLink, ErrorCode, PaymentLinkStatus};
use sqlx::SqliteConnection;

use crate::clock;
use crate::error::AppError;
use crate::ids::new_id;
use crate::invoice::Recipient;
use crate::outbox;
use crate::state::{AppState, Settings};
use record::LinkRow;
use token::LinkError;

/// Default link lifetime: 7 days.
pub const DEFAULT_LIFETIME: u32 = 7 * 24 * 60 * 60;
/// Shortest link lifetime: a minute.
pub const MIN_LIFETIME: u32 = 60;
/// Longest link lifetime: 30 days.
pub const MAX_LIFETIME: u32 = 30 * 24 * 60 * 60;

/// What a genuine link pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The link, `pl_…`.
    pub link_id: String,
    /// The invoice.
    pub invoice_id: String,
    /// Its customer.
    pub customer_id: String,
    /// When the link stops working (Unix seconds).
    pub expires_at: i64,
}

/// What a link is being used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Showing or paying the invoice: refused once revoked.
    Pay,
    /// Reading a payment already made through it: still allowed once
    /// revoked, so the payer learns the truth about their payment.
    Read,
}

/// Makes a link for `invoice_id` (whose [`Recipient`] the caller read)
/// valid for `lifetime` seconds, in the caller's transaction, and emails it
/// to the invoice's customer when `send_email`. 409 `invoice_paid` when
/// nothing is left to pay.
pub async fn create(
    conn: &mut SqliteConnection,
    settings: &Settings,
    invoice_id: &str,
    recipient: &Recipient,
    lifetime: u32,
    send_email: bool,
    now: i64,
) -> Result<LinkRow, AppError> {
    if recipient.balance_due <= 0 {
        return Err(AppError::conflict(
            ErrorCode::InvoicePaid,
            "invoice: nothing is left to pay on this invoice.",
        ));
    }
    let id = new_id("pl");
    let expires_at = now + i64::from(lifetime);
    record::insert(&mut *conn, &id, invoice_id, now, expires_at).await?;
    let row = record::find(&mut *conn, &id)
        .await?
        .ok_or_else(|| AppError::internal("a payment link just made is missing"))?;
    if send_email {
        let link = url(settings, &row);
        let body = format!(
            "Hello {},\n\n{} sent you invoice {}. Pay it securely here (no login needed):\n{link}\n",
            recipient.name, settings.business_name, recipient.number
        );
        outbox::send(
            &mut *conn,
            &recipient.email,
            &format!(
                "Invoice {} from {}",
                recipient.number, settings.business_name
            ),
            &body,
            Some(&link),
        )
        .await?;
    }
    Ok(row)
}

/// The link's URL: `{public url}/pay/{token}`.
pub fn url(settings: &Settings, row: &LinkRow) -> String {
    format!(
        "{}/pay/{}",
        settings.public_url,
        token::sign(&settings.link_key, &row.id, row.expires_at)
    )
}

/// Where the link stands at `now`.
pub fn status(row: &LinkRow, now: i64) -> PaymentLinkStatus {
    if row.revoked_at.is_some() {
        PaymentLinkStatus::Revoked
    } else if row.expires_at <= now {
        PaymentLinkStatus::Expired
    } else if row.balance_due <= 0 {
        PaymentLinkStatus::Paid
    } else {
        PaymentLinkStatus::Active
    }
}

/// The business's view of a link at `now`.
pub fn to_api(settings: &Settings, row: &LinkRow, now: i64) -> BusinessPaymentLink {
    BusinessPaymentLink {
        id: row.id.clone(),
        invoice: row.invoice_id.clone(),
        customer: row.customer_id.clone(),
        url: url(settings, row),
        status: status(row, now),
        created_at: clock::rfc3339(row.created_at),
        expires_at: clock::rfc3339(row.expires_at),
        revoked_at: row.revoked_at.map(clock::rfc3339),
    }
}

/// The invoice and customer of a genuine link; 410 once it expired or
/// (for [`Use::Pay`]) was revoked, 400 when forged, malformed or unknown.
pub async fn resolve(state: &AppState, link: &str, usage: Use) -> Result<Target, AppError> {
    let invalid =
        || AppError::bad_request(ErrorCode::InvalidLink, "This payment link is not valid.");
    match token::verify(&state.settings.link_key, link, clock::now()) {
        Ok((link_id, expires_at)) => {
            let row = record::load(&state.pool, &link_id)
                .await?
                .ok_or_else(invalid)?;
            if row.revoked_at.is_some() && usage == Use::Pay {
                return Err(AppError::new(
                    StatusCode::GONE,
                    ErrorCode::InvalidLink,
                    "This payment link was withdrawn by the business. Ask them for a new one.",
                ));
            }
            Ok(Target {
                link_id,
                invoice_id: row.invoice_id,
                customer_id: row.customer_id,
                expires_at,
            })
        }
        Err(LinkError::Expired) => Err(AppError::new(
            StatusCode::GONE,
            ErrorCode::InvalidLink,
            "This payment link has expired. Ask the business for a new one.",
        )),
        Err(LinkError::Invalid) => {
            tracing::warn!(target: "security", event = "payment_link_invalid", "forged or malformed payment link");
            Err(invalid())
        }
    }
}
