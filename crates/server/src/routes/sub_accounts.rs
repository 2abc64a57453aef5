//! `GET /api/sub-accounts`: a reseller's sub-accounts with their balances.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::{Money, SubAccount, SubAccountListResponse};

use crate::clock;
use crate::customer;
use crate::error::AppError;
use crate::invoice;
use crate::session::Session;
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/sub-accounts", get(sub_accounts))
}

/// A reseller's sub-accounts and their balances (never their cards).
#[utoipa::path(get, path = "/api/sub-accounts", tag = "accounts",
    responses((status = 200, body = SubAccountListResponse), (status = 401)))]
async fn sub_accounts(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<SubAccountListResponse>, AppError> {
    let today = clock::iso(clock::today());
    let children = customer::children(&state.pool, &session.customer_id).await?;
    let currency = state.settings.currency.clone();
    let mut sub_accounts = Vec::new();
    for child in children {
        let b = invoice::balances(&state.pool, &child.id, &today).await?;
        sub_accounts.push(SubAccount {
            id: child.id,
            name: child.name,
            email: child.email,
            balance_due: Money {
                amount: b.balance_due,
                currency: currency.clone(),
            },
            overdue: Money {
                amount: b.overdue,
                currency: currency.clone(),
            },
            unpaid_invoices: u32::try_from(b.unpaid).unwrap_or(u32::MAX),
        });
    }
    Ok(Json(SubAccountListResponse { sub_accounts }))
}
