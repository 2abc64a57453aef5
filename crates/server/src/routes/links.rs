//! Payment links: anyone holding a genuine, unexpired link can see and pay
//! its one invoice (with a new card, never saved cards), and nothing else.
//! Creating links is the business's job; demo mode offers
//! `POST /api/dev/payment-links`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_api::{
    CreatePaymentLinkRequest, CreatedPaymentLink, ErrorCode, PayRequest, PaymentLinkResponse,
};

use crate::clock;
use crate::error::AppError;
use crate::json::ApiJson;
use crate::outbox;
use crate::pay_link::{self, LinkError};
use crate::payment::{self, record};
use crate::routes::home::invoice_detail;
use crate::routes::payments::{answer, new_payment};
use crate::state::AppState;

/// Default link lifetime: 7 days.
pub const DEFAULT_LIFETIME: u32 = 7 * 24 * 60 * 60;
/// Longest link lifetime: 30 days.
pub const MAX_LIFETIME: u32 = 30 * 24 * 60 * 60;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/dev/payment-links", post(create))
        .route("/api/pay-links/{token}", get(show))
        .route("/api/pay-links/{token}/payments", post(pay))
        .route("/api/pay-links/{token}/payments/{id}", get(read))
        .route(
            "/api/pay-links/{token}/payments/{id}/confirm",
            post(confirm),
        )
}

/// Makes a link for an invoice and "emails" it to its customer.
pub async fn make_link(
    state: &AppState,
    invoice_id: &str,
    lifetime: u32,
) -> Result<CreatedPaymentLink, AppError> {
    let invoice: Option<(String, String, String)> = sqlx::query_as(
        "SELECT i.number, c.email, c.name FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = ?",
    )
    .bind(invoice_id)
    .fetch_optional(&state.pool)
    .await?;
    let (number, email, name) = invoice.ok_or_else(|| AppError::not_found("invoice"))?;
    let expires_at = clock::now() + i64::from(lifetime);
    let token = pay_link::sign(&state.settings.link_key, invoice_id, expires_at);
    let url = format!("{}/pay/{token}", state.settings.public_url);
    let body = format!(
        "Hello {name},\n\n{} sent you invoice {number}. Pay it securely here (no login needed):\n{url}\n",
        state.settings.business_name
    );
    outbox::send(
        &state.pool,
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

async fn create(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<CreatePaymentLinkRequest>,
) -> Result<(StatusCode, Json<CreatedPaymentLink>), AppError> {
    if !state.settings.demo {
        return Err(AppError::not_found("endpoint"));
    }
    let lifetime = request.expires_in.unwrap_or(DEFAULT_LIFETIME);
    if !(60..=MAX_LIFETIME).contains(&lifetime) {
        return Err(AppError::bad_request(
            ErrorCode::INVALID_FIELD,
            "expires_in: from 60 seconds to 30 days.",
        ));
    }
    Ok((
        StatusCode::CREATED,
        Json(make_link(&state, &request.invoice_id, lifetime).await?),
    ))
}

/// The invoice and customer of a genuine link.
async fn resolve(state: &AppState, token: &str) -> Result<(String, String, i64), AppError> {
    match pay_link::verify(&state.settings.link_key, token, clock::now()) {
        Ok((invoice_id, expires_at)) => {
            let customer: Option<String> =
                sqlx::query_scalar("SELECT customer_id FROM invoices WHERE id = ?")
                    .bind(&invoice_id)
                    .fetch_optional(&state.pool)
                    .await?;
            let customer = customer.ok_or_else(|| {
                AppError::bad_request(ErrorCode::INVALID_LINK, "This payment link is not valid.")
            })?;
            Ok((invoice_id, customer, expires_at))
        }
        Err(LinkError::Expired) => Err(AppError::new(
            StatusCode::GONE,
            ErrorCode::INVALID_LINK,
            "This payment link has expired. Ask the business for a new one.",
        )),
        Err(LinkError::Invalid) => {
            tracing::warn!(target: "security", event = "payment_link_invalid", "forged or malformed payment link");
            Err(AppError::bad_request(
                ErrorCode::INVALID_LINK,
                "This payment link is not valid.",
            ))
        }
    }
}

async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<PaymentLinkResponse>, AppError> {
    let (invoice_id, customer_id, expires_at) = resolve(&state, &token).await?;
    let mut invoice = invoice_detail(&state.pool, &customer_id, &invoice_id)
        .await?
        .ok_or_else(|| AppError::not_found("invoice"))?;
    // Someone holding a link sees the invoice, not the customer's cards.
    for p in &mut invoice.payments {
        p.card = None;
    }
    let customer_name: String = sqlx::query_scalar("SELECT name FROM customers WHERE id = ?")
        .bind(&customer_id)
        .fetch_one(&state.pool)
        .await?;
    Ok(Json(PaymentLinkResponse {
        business_name: state.settings.business_name.clone(),
        customer_name,
        invoice,
        expires_at,
    }))
}

async fn pay(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<PayRequest>,
) -> Result<Response, AppError> {
    let (invoice_id, customer_id, _) = resolve(&state, &token).await?;
    let new = new_payment(&customer_id, Some(invoice_id), &headers, request, true)?;
    let (row, replayed) = payment::start(&state, new).await?;
    answer(&state, &row, replayed).await
}

async fn link_payment(
    state: &AppState,
    token: &str,
    id: &str,
) -> Result<record::PaymentRow, AppError> {
    let (invoice_id, _, _) = resolve(state, token).await?;
    match record::load(&state.pool, id).await? {
        Some(row) if row.via_link && row.invoice_id.as_deref() == Some(invoice_id.as_str()) => {
            Ok(row)
        }
        _ => Err(AppError::not_found("payment")),
    }
}

async fn read(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let row = link_payment(&state, &token, &id).await?;
    let row = payment::refresh(&state, row).await?;
    answer(&state, &row, false).await
}

async fn confirm(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let row = link_payment(&state, &token, &id).await?;
    let row = match row.status.as_str() {
        "pending" => payment::drive(&state, row).await?,
        _ => payment::refresh(&state, row).await?,
    };
    answer(&state, &row, false).await
}
