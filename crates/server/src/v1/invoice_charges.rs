//! `POST /v1/invoices/{id}/charge`: the business charges the customer's
//! default card for an invoice (merchant-initiated, the basis for autopay),
//! through the same payment path as the portal, so it is charged at most
//! once per `Idempotency-Key` and never above the balance. When the card
//! asks for a one-time code, the payment waits as `requires_action` and the
//! customer is emailed a link to finish it in the portal (the pay page
//! resumes it with its code step; an unfinished one ends after 30 minutes).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use portal_api::{
    BillingAddress, ChargeInvoice, ErrorCode, Money, PayRequest, PaymentSource, PaymentStatus,
};

use crate::audit;
use crate::clock;
use crate::error::AppError;
use crate::idempotency::{IdempotencyKey, Replayable};
use crate::invoice;
use crate::json::ApiJson;
use crate::outbox;
use crate::payment::{self, NewPayment};
use crate::saved_card;
use crate::state::AppState;
use crate::v1::auth::Caller;

/// The route.
pub fn router() -> Router<AppState> {
    Router::new().route("/invoices/{id}/charge", post(charge))
}

/// Charge the customer's default card for an invoice.
#[utoipa::path(post, path = "/invoices/{id}/charge", tag = "business",
    params(("id" = String, Path, description = "`inv_…`")),
    request_body = ChargeInvoice,
    responses((status = 201, body = portal_api::BusinessPayment), (status = 400), (status = 404), (status = 409), (status = 413), (status = 415)))]
async fn charge(
    State(state): State<AppState>,
    Caller(key): Caller,
    Path(id): Path<String>,
    IdempotencyKey(idempotency_key): IdempotencyKey,
    ApiJson(request): ApiJson<ChargeInvoice>,
) -> Result<Response, AppError> {
    let mut conn = state.pool.acquire().await?;
    let recipient = invoice::recipient(&mut conn, &id)
        .await?
        .ok_or_else(|| AppError::not_found("invoice"))?;
    drop(conn);
    if recipient.balance_due <= 0 {
        return Err(AppError::conflict(
            ErrorCode::InvoicePaid,
            "Nothing is left to pay on this invoice.",
        ));
    }
    let customer_id = recipient.customer_id.clone();
    let today = clock::today();
    let card = saved_card::list(&state.pool, &customer_id)
        .await?
        .into_iter()
        .find(|c| c.is_default)
        .ok_or_else(|| {
            AppError::conflict(
                ErrorCode::DefaultCardRequired,
                "The customer has no default card to charge: send a payment link instead.",
            )
        })?;
    if saved_card::is_expired(card.exp_month, card.exp_year, today) {
        return Err(AppError::conflict(
            ErrorCode::CardExpired,
            "The customer's default card has expired: send a payment link instead.",
        ));
    }
    let billing: BillingAddress = card
        .billing_json
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok())
        .ok_or_else(|| {
            AppError::conflict(
                ErrorCode::DefaultCardRequired,
                "The customer's default card has no billing address: send a payment link instead.",
            )
        })?;
    let amount = request.amount.unwrap_or(recipient.balance_due);
    let pay = PayRequest {
        amount: Money {
            amount,
            currency: recipient.currency.clone(),
        },
        source: PaymentSource::SavedCard {
            payment_method_id: card.id.clone(),
        },
        billing_address: billing,
    };
    // The customer's own keys and the business's never meet: one namespace
    // per API key.
    let payment_key = format!("v1:{}:{idempotency_key}", key.id);
    let new = NewPayment::from_request(&customer_id, Some(id.clone()), payment_key, pay, false)?;
    let (row, replayed) = payment::start(&state, new).await?;
    if !replayed {
        let now = clock::now();
        let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
        audit::record(&mut tx, &key.id, "invoice.charge", &row.id, now).await?;
        if row.status == PaymentStatus::RequiresAction {
            let link = format!(
                "{}/invoices/{id}/pay?payment={}",
                state.settings.public_url, row.id
            );
            let body = format!(
                "Hello {},\n\n{} charged your card ending in {} for invoice {}, and your bank asks you to confirm it with a one-time code. Finish the payment here within 30 minutes:\n{link}\n",
                recipient.name, state.settings.business_name, card.last4, recipient.number
            );
            outbox::send(
                &mut tx,
                &recipient.email,
                &format!("Confirm your payment to {}", state.settings.business_name),
                &body,
                Some(&link),
            )
            .await?;
        }
        tx.commit().await?;
        tracing::info!(key = %key.prefix(), invoice = %id, payment = %row.id, status = %row.status.as_str(), "invoice charged through the business API");
    }
    Ok(Replayable {
        body: (StatusCode::CREATED, Json(row.to_business(&[]))),
        replayed,
    }
    .into_response())
}
