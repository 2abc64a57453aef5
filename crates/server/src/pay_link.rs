//! Payment links: anyone holding a genuine, unexpired link can see and pay
//! its one invoice (with a new card, never saved cards), and nothing else.
//! Making one signs a [`token`] and emails the link to the invoice's customer.

pub mod token;

use axum::http::StatusCode;
use portal_api::{CreatedPaymentLink, ErrorCode};

use crate::clock;
use crate::error::AppError;
use crate::invoice;
use crate::outbox;
use crate::state::AppState;
use token::LinkError;

/// Default link lifetime: 7 days.
pub const DEFAULT_LIFETIME: u32 = 7 * 24 * 60 * 60;
/// Longest link lifetime: 30 days.
pub const MAX_LIFETIME: u32 = 30 * 24 * 60 * 60;

/// What a genuine link pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The invoice.
    pub invoice_id: String,
    /// Its customer.
    pub customer_id: String,
    /// When the link stops working (Unix seconds).
    pub expires_at: i64,
}

/// Makes a link for an invoice and "emails" it to its customer.
pub async fn create(
    state: &AppState,
    invoice_id: &str,
    lifetime: u32,
) -> Result<CreatedPaymentLink, AppError> {
    let (number, email, name) = invoice::recipient(&state.pool, invoice_id)
        .await?
        .ok_or_else(|| AppError::not_found("invoice"))?;
    let expires_at = clock::now() + i64::from(lifetime);
    let token = token::sign(&state.settings.link_key, invoice_id, expires_at);
    let url = format!("{}/pay/{token}", state.settings.public_url);
    let body = format!(
        "Hello {name},\n\n{} sent you invoice {number}. Pay it securely here (no login needed):\n{url}\n",
        state.settings.business_name
    );
    outbox::send(
        &mut *state.pool.acquire().await?,
        &email,
        &format!("Invoice {number} from {}", state.settings.business_name),
        &body,
        Some(&url),
    )
    .await?;
    Ok(CreatedPaymentLink {
        url,
        token,
        expires_at,
    })
}

/// The invoice and customer of a genuine link; 410 once it expired, 400
/// when forged or malformed.
pub async fn resolve(state: &AppState, link: &str) -> Result<Target, AppError> {
    match token::verify(&state.settings.link_key, link, clock::now()) {
        Ok((invoice_id, expires_at)) => {
            let customer_id = invoice::customer_of(&state.pool, &invoice_id)
                .await?
                .ok_or_else(|| {
                    AppError::bad_request(ErrorCode::InvalidLink, "This payment link is not valid.")
                })?;
            Ok(Target {
                invoice_id,
                customer_id,
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
            Err(AppError::bad_request(
                ErrorCode::InvalidLink,
                "This payment link is not valid.",
            ))
        }
    }
}
