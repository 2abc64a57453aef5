//! Saved cards: the server's record of a gateway payment method (brand, last
//! four, expiry, name, billing address: nothing more), expiry flags, the
//! history of changes, and saving a card from a token.
//!
//! A card the customer asks to save while paying waits for that payment
//! (`pending_payment_id`): it is attached at the gateway so the charge and
//! its code step use it, but it is none of the customer's cards (not listed,
//! not chosen, not the default, not removable) until the payment succeeds,
//! and it is detached if the payment fails or its code step is abandoned.

use portal_api::{BillingAddress, ErrorCode, PaymentMethod, PaymentMethodEventKind};
use sqlx::{FromRow, SqliteConnection, SqlitePool};
use time::Date;

use crate::clock;
use crate::customer;
use crate::error::AppError;
use crate::gateway::{GatewayError, RefusalCode};
use crate::ids::new_id;
use crate::state::AppState;

/// How many cards a customer may keep.
pub const MAX_CARDS: i64 = 10;

/// A saved card row.
#[derive(Debug, Clone, FromRow)]
pub struct CardRow {
    /// `spm_…`.
    pub id: String,
    /// Owner.
    pub customer_id: String,
    /// The gateway's `pm_…`.
    pub gateway_pm_id: String,
    /// Brand id.
    pub brand: String,
    /// Last four.
    pub last4: String,
    /// 1–12.
    pub exp_month: i64,
    /// Four digits.
    pub exp_year: i64,
    /// Name on card.
    pub name: String,
    /// Billing address JSON.
    pub billing_json: Option<String>,
    /// Default card.
    pub is_default: bool,
    /// Unix seconds.
    pub created_at: i64,
}

const COLUMNS: &str = "id, customer_id, gateway_pm_id, brand, last4, exp_month, exp_year, name, billing_json, is_default, created_at";

/// Past its expiry month on `today`.
pub fn is_expired(exp_month: i64, exp_year: i64, today: Date) -> bool {
    (exp_year, exp_month) < (i64::from(today.year()), i64::from(u8::from(today.month())))
}

/// Expires this month or within the next two months.
pub fn is_expiring_soon(exp_month: i64, exp_year: i64, today: Date) -> bool {
    let now = i64::from(today.year()) * 12 + i64::from(u8::from(today.month())) - 1;
    let exp = exp_year * 12 + exp_month - 1;
    (0..=2).contains(&(exp - now))
}

/// E.g. `Visa •••• 4242`.
pub fn label(brand: &str, last4: &str) -> String {
    format!("{} •••• {last4}", portal_card::brand_name(brand))
}

impl CardRow {
    /// The wire form (C5: brand, last four, expiry, name, billing address).
    pub fn to_api(&self, today: Date) -> PaymentMethod {
        PaymentMethod {
            id: self.id.clone(),
            brand: self.brand.clone(),
            last4: self.last4.clone(),
            exp_month: u32::try_from(self.exp_month).unwrap_or(0),
            exp_year: u32::try_from(self.exp_year).unwrap_or(0),
            name: self.name.clone(),
            is_default: self.is_default,
            expired: is_expired(self.exp_month, self.exp_year, today),
            expiring_soon: !is_expired(self.exp_month, self.exp_year, today)
                && is_expiring_soon(self.exp_month, self.exp_year, today),
            billing_address: self
                .billing_json
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok()),
            created_at: clock::rfc3339(self.created_at),
        }
    }

    /// Whether it is expired today.
    pub fn expired(&self) -> bool {
        is_expired(self.exp_month, self.exp_year, clock::today())
    }
}

/// A customer's live card, or `None` (also for another customer's, and for
/// one still waiting for the payment it was saved with).
pub async fn find(
    pool: &SqlitePool,
    customer_id: &str,
    id: &str,
) -> Result<Option<CardRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payment_methods WHERE id = ? AND customer_id = ? AND removed_at IS NULL \
         AND pending_payment_id IS NULL"
    ))
    .bind(id)
    .bind(customer_id)
    .fetch_optional(pool)
    .await
}

/// A customer's live cards: default first, then newest first (not one still
/// waiting for the payment it was saved with).
pub async fn list(pool: &SqlitePool, customer_id: &str) -> Result<Vec<CardRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payment_methods WHERE customer_id = ? AND removed_at IS NULL \
         AND pending_payment_id IS NULL ORDER BY is_default DESC, created_at DESC, id"
    ))
    .bind(customer_id)
    .fetch_all(pool)
    .await
}

/// Records a change in the history.
pub async fn record_event(
    conn: &mut SqliteConnection,
    card: &CardRow,
    kind: PaymentMethodEventKind,
    description: &str,
    actor: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO payment_method_events (customer_id, payment_method_id, kind, description, actor, at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&card.customer_id)
    .bind(&card.id)
    .bind(kind.as_str())
    .bind(description)
    .bind(actor)
    .bind(clock::now())
    .execute(conn)
    .await?;
    Ok(())
}

/// The gateway's id (`pm_…`) of a saved card, removed or not.
pub async fn gateway_id(pool: &SqlitePool, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT gateway_pm_id FROM payment_methods WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// A change in a customer's cards, as the history lists it.
#[derive(Debug, Clone, FromRow)]
pub struct Event {
    /// `added`, `removed`, `default_changed` or `expiry_updated`.
    pub kind: String,
    /// The card's brand id.
    pub brand: String,
    /// The card's last four.
    pub last4: String,
    /// What changed.
    pub description: String,
    /// Who changed it.
    pub actor: String,
    /// Unix seconds.
    pub at: i64,
}

impl Event {
    /// The wire form; `None` for a kind this build does not know (a newer
    /// server's rows), which is left out.
    pub fn into_api(self) -> Option<portal_api::PaymentMethodEvent> {
        let kind = portal_api::PaymentMethodEventKind::from_wire(&self.kind)?;
        Some(portal_api::PaymentMethodEvent {
            kind,
            card: label(&self.brand, &self.last4),
            description: self.description,
            at: crate::clock::rfc3339(self.at),
            by: self.actor,
        })
    }
}

/// The latest 200 changes to a customer's cards, newest first.
pub async fn history(pool: &SqlitePool, customer_id: &str) -> Result<Vec<Event>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.kind, p.brand, p.last4, e.description, e.actor, e.at FROM payment_method_events e \
         JOIN payment_methods p ON p.id = e.payment_method_id \
         WHERE e.customer_id = ? ORDER BY e.at DESC, e.id DESC LIMIT 200",
    )
    .bind(customer_id)
    .fetch_all(pool)
    .await
}

/// Records a new expiry (the gateway's), with its history line.
pub async fn set_expiry(
    state: &AppState,
    card: &CardRow,
    exp_month: i64,
    exp_year: i64,
    actor: &str,
) -> Result<(), AppError> {
    let mut tx = state.pool.begin().await?;
    sqlx::query("UPDATE payment_methods SET exp_month = ?, exp_year = ? WHERE id = ?")
        .bind(exp_month)
        .bind(exp_year)
        .bind(&card.id)
        .execute(&mut *tx)
        .await?;
    let note = format!("Expiry updated to {exp_month:02}/{exp_year}");
    record_event(
        &mut tx,
        card,
        PaymentMethodEventKind::ExpiryUpdated,
        &note,
        actor,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the customer has a card (live or removed) ending in `last4`
/// (demo data is added once).
pub async fn has_last4(
    pool: &SqlitePool,
    customer_id: &str,
    last4: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM payment_methods WHERE customer_id = ? AND last4 = ?",
    )
    .bind(customer_id)
    .bind(last4)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// Gives a card a past expiry and takes away its default (demo data: the
/// gateway only accepts future expiries, so an expired card is made by
/// rewriting the record).
pub async fn backdate(
    pool: &SqlitePool,
    id: &str,
    exp_month: i64,
    exp_year: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE payment_methods SET exp_month = ?, exp_year = ?, is_default = 0 WHERE id = ?",
    )
    .bind(exp_month)
    .bind(exp_year)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Maps a gateway refusal to what the customer sees.
pub fn gateway_error(e: GatewayError) -> AppError {
    let token_refused = |message: &str| AppError::bad_request(ErrorCode::InvalidToken, message);
    match e.refusal() {
        Some(RefusalCode::TokenExpired) => token_refused(
            "The card details expired before they were used. Please enter the card again.",
        ),
        Some(RefusalCode::TokenUsed) => {
            token_refused("These card details were already used. Please enter the card again.")
        }
        Some(RefusalCode::TokenInvalid) => {
            token_refused("The card details were not recognised. Please enter the card again.")
        }
        Some(RefusalCode::TooManyPaymentMethods) => AppError::conflict(
            ErrorCode::TooManyCards,
            "You have saved as many cards as allowed. Remove one first.",
        ),
        Some(RefusalCode::InvalidExpiry) => AppError::bad_request(
            ErrorCode::InvalidField,
            "Expiry: enter a month and year that are not in the past.",
        ),
        Some(RefusalCode::PaymentMethodNotFound | RefusalCode::Other) | None => {
            tracing::error!(error = %e, "gateway call failed");

            AppError::new(
                axum::http::StatusCode::BAD_GATEWAY,
                ErrorCode::GatewayUnavailable,
                "The payment service is not answering. Please try again in a moment.",
            )
        }
    }
}

/// The customer's gateway customer id, created on first use.
pub async fn gateway_customer(state: &AppState, customer_id: &str) -> Result<String, AppError> {
    let (known, email, name) = customer::gateway_profile(&state.pool, customer_id).await?;
    if let Some(id) = known {
        return Ok(id);
    }
    let id = state
        .gateway
        .create_customer(&email, &name)
        .await
        .map_err(gateway_error)?;
    let stored = customer::keep_gateway_id(&state.pool, customer_id, &id).await?;
    Ok(stored.unwrap_or(id))
}

/// Saves a card from a single-use token: attaches it at the gateway and
/// records it; the first card becomes the default, others when asked.
pub async fn save_from_token(
    state: &AppState,
    customer_id: &str,
    token: &str,
    make_default: bool,
    billing: Option<&BillingAddress>,
    note: &str,
) -> Result<CardRow, AppError> {
    let card = attach(state, customer_id, token, billing).await?;
    let actor = customer::name(&state.pool, customer_id).await?;
    // SQLite runs one writer at a time: the count and the insert below see
    // no other add in between, so concurrent adds cannot pass the cap (A7).
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    if live_count(&mut tx, customer_id).await? >= MAX_CARDS {
        drop(tx);
        return Err(refuse_over_cap(state, &card).await);
    }
    let become_default =
        (make_default || !has_default(&mut tx, customer_id).await?) && !card.expired();
    if become_default {
        clear_default(&mut tx, customer_id).await?;
    }
    let card = CardRow {
        is_default: become_default,
        ..card
    };
    insert(&mut tx, &card, None).await?;
    record_added(&mut tx, &card, note, &actor).await?;
    tx.commit().await?;
    Ok(card)
}

/// Saves the card of a token for the payment `payment_id` only: attached at
/// the gateway and recorded as waiting for that payment (see the module's
/// words). It counts against the cap from now on, so a payment cannot pass
/// it either.
pub async fn save_for_payment(
    state: &AppState,
    customer_id: &str,
    token: &str,
    payment_id: &str,
) -> Result<CardRow, AppError> {
    let card = attach(state, customer_id, token, None).await?;
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    if live_count(&mut tx, customer_id).await? >= MAX_CARDS {
        drop(tx);
        return Err(refuse_over_cap(state, &card).await);
    }
    insert(&mut tx, &card, Some(payment_id)).await?;
    tx.commit().await?;
    Ok(card)
}

/// The card saved for the payment `payment_id` that still waits for it.
pub async fn waiting_for(
    pool: &SqlitePool,
    payment_id: &str,
) -> Result<Option<CardRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payment_methods WHERE pending_payment_id = ? AND removed_at IS NULL"
    ))
    .bind(payment_id)
    .fetch_optional(pool)
    .await
}

/// Keeps the card saved for `payment_id`, in the transaction that records
/// the payment's success: it becomes one of the customer's cards (the
/// default when asked, or when there is none), with its history lines.
pub async fn keep_for_payment(
    conn: &mut SqliteConnection,
    payment_id: &str,
    make_default: bool,
) -> Result<Option<CardRow>, sqlx::Error> {
    let card: Option<CardRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payment_methods WHERE pending_payment_id = ? AND removed_at IS NULL"
    ))
    .bind(payment_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(card) = card else {
        return Ok(None);
    };
    let actor: String = sqlx::query_scalar("SELECT name FROM customers WHERE id = ?")
        .bind(&card.customer_id)
        .fetch_one(&mut *conn)
        .await?;
    let become_default =
        (make_default || !has_default(conn, &card.customer_id).await?) && !card.expired();
    if become_default {
        clear_default(conn, &card.customer_id).await?;
    }
    sqlx::query(
        "UPDATE payment_methods SET pending_payment_id = NULL, is_default = ? WHERE id = ?",
    )
    .bind(become_default)
    .bind(&card.id)
    .execute(&mut *conn)
    .await?;
    let card = CardRow {
        is_default: become_default,
        ..card
    };
    record_added(conn, &card, "Saved while paying", &actor).await?;
    Ok(Some(card))
}

/// Lets go of the card saved for `payment_id` when that payment did not go
/// through (declined, failed, or its code step abandoned): detached at the
/// gateway and marked removed. The customer never had it, so their history
/// says nothing. A gateway that cannot be reached leaves it waiting, to be
/// let go the next time (it is not chargeable through the portal meanwhile).
pub async fn let_go_for_payment(state: &AppState, payment_id: &str) -> Result<(), AppError> {
    let Some(card) = waiting_for(&state.pool, payment_id).await? else {
        return Ok(());
    };
    match state.gateway.detach(&card.gateway_pm_id).await {
        Ok(()) | Err(GatewayError::Refused { status: 404, .. }) => {}
        Err(e) => return Err(gateway_error(e)),
    }
    sqlx::query(
        "UPDATE payment_methods SET removed_at = ? WHERE id = ? AND pending_payment_id = ?",
    )
    .bind(clock::now())
    .bind(&card.id)
    .bind(payment_id)
    .execute(&state.pool)
    .await?;
    Ok(())
}

/// Attaches a token's card to the customer at the gateway (not recorded yet).
async fn attach(
    state: &AppState,
    customer_id: &str,
    token: &str,
    billing: Option<&BillingAddress>,
) -> Result<CardRow, AppError> {
    // Early, to spare the gateway a round trip; the cap itself is enforced
    // in the transaction that inserts.
    if live_count(&mut *state.pool.acquire().await?, customer_id).await? >= MAX_CARDS {
        return Err(too_many_cards());
    }
    let gcus = gateway_customer(state, customer_id).await?;
    let pm = state
        .gateway
        .attach(token, &gcus)
        .await
        .map_err(gateway_error)?;
    Ok(CardRow {
        id: new_id("spm"),
        customer_id: customer_id.to_owned(),
        gateway_pm_id: pm.id,
        brand: pm.card.brand,
        last4: pm.card.last4,
        exp_month: pm.card.exp_month,
        exp_year: pm.card.exp_year,
        name: pm.card.name.unwrap_or_default(),
        billing_json: billing.and_then(|b| serde_json::to_string(b).ok()),
        is_default: false,
        created_at: clock::now(),
    })
}

/// The refusal of a card over the cap, detached at the gateway: attached
/// but not kept, it must not be chargeable either.
async fn refuse_over_cap(state: &AppState, card: &CardRow) -> AppError {
    tracing::warn!(target: "security", event = "card_cap_reached", customer = %card.customer_id, "card refused: the customer has as many cards as allowed");
    if let Err(e) = state.gateway.detach(&card.gateway_pm_id).await {
        tracing::error!(error = %e, payment_method = %card.gateway_pm_id, "could not detach a card refused by the cap");
    }
    too_many_cards()
}

async fn has_default(conn: &mut SqliteConnection, customer_id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM payment_methods WHERE customer_id = ? AND removed_at IS NULL AND is_default = 1",
    )
    .bind(customer_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

async fn clear_default(conn: &mut SqliteConnection, customer_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE payment_methods SET is_default = 0 WHERE customer_id = ? AND is_default = 1",
    )
    .bind(customer_id)
    .execute(conn)
    .await?;
    Ok(())
}

async fn insert(
    conn: &mut SqliteConnection,
    card: &CardRow,
    pending_payment_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO payment_methods (id, customer_id, gateway_pm_id, brand, last4, exp_month, exp_year, name, billing_json, is_default, created_at, pending_payment_id) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&card.id)
    .bind(&card.customer_id)
    .bind(&card.gateway_pm_id)
    .bind(&card.brand)
    .bind(&card.last4)
    .bind(card.exp_month)
    .bind(card.exp_year)
    .bind(&card.name)
    .bind(&card.billing_json)
    .bind(card.is_default)
    .bind(card.created_at)
    .bind(pending_payment_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The history lines of a card that became the customer's.
async fn record_added(
    conn: &mut SqliteConnection,
    card: &CardRow,
    note: &str,
    actor: &str,
) -> Result<(), sqlx::Error> {
    record_event(conn, card, PaymentMethodEventKind::Added, note, actor).await?;
    if card.is_default {
        record_event(
            conn,
            card,
            PaymentMethodEventKind::DefaultChanged,
            "Set as default",
            actor,
        )
        .await?;
    }
    Ok(())
}

fn too_many_cards() -> AppError {
    AppError::conflict(
        ErrorCode::TooManyCards,
        format!("You can keep at most {MAX_CARDS} cards. Remove one first."),
    )
}

/// The cards the cap counts: the customer's, and those waiting for a payment
/// still unfinished (not one left over from a failed payment that could not
/// be detached yet).
async fn live_count(conn: &mut SqliteConnection, customer_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM payment_methods WHERE customer_id = ? AND removed_at IS NULL \
         AND (pending_payment_id IS NULL OR pending_payment_id IN \
         (SELECT id FROM payments WHERE status IN ('pending', 'requires_action')))",
    )
    .bind(customer_id)
    .fetch_one(conn)
    .await
}

/// The payments that did not go through but whose saved card is still
/// attached (the gateway could not be reached when it was let go).
pub async fn left_waiting(pool: &SqlitePool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT m.pending_payment_id FROM payment_methods m JOIN payments p ON p.id = m.pending_payment_id \
         WHERE m.removed_at IS NULL AND p.status IN ('declined', 'failed')",
    )
    .fetch_all(pool)
    .await
}

/// Makes a card the default (never an expired one).
pub async fn set_default(state: &AppState, card: &CardRow, actor: &str) -> Result<(), AppError> {
    if card.expired() {
        return Err(AppError::conflict(
            ErrorCode::CardExpired,
            "An expired card can't be the default. Update its expiry or add another card.",
        ));
    }
    if card.is_default {
        return Ok(());
    }
    let mut tx = state.pool.begin().await?;
    sqlx::query(
        "UPDATE payment_methods SET is_default = 0 WHERE customer_id = ? AND is_default = 1",
    )
    .bind(&card.customer_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE payment_methods SET is_default = 1 WHERE id = ? AND removed_at IS NULL AND pending_payment_id IS NULL",
    )
        .bind(&card.id)
        .execute(&mut *tx)
        .await?;
    record_event(
        &mut tx,
        card,
        PaymentMethodEventKind::DefaultChanged,
        "Set as default",
        actor,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a card: detached at the gateway, kept in the history.
pub async fn remove(
    state: &AppState,
    card: &CardRow,
    actor: &str,
    note: &str,
) -> Result<(), AppError> {
    match state.gateway.detach(&card.gateway_pm_id).await {
        Ok(()) => {}
        // Already gone at the gateway: removing it here is what is left to do.
        Err(GatewayError::Refused { status: 404, .. }) => {}
        Err(e) => return Err(gateway_error(e)),
    }
    let mut tx = state.pool.begin().await?;
    sqlx::query("UPDATE payment_methods SET removed_at = ?, is_default = 0 WHERE id = ?")
        .bind(clock::now())
        .bind(&card.id)
        .execute(&mut *tx)
        .await?;
    record_event(&mut tx, card, PaymentMethodEventKind::Removed, note, actor).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn expiry_flags() {
        let today = date!(2026 - 05 - 10);
        assert!(is_expired(4, 2026, today));
        assert!(
            !is_expired(5, 2026, today),
            "valid through the end of its month"
        );
        assert!(is_expiring_soon(5, 2026, today));
        assert!(is_expiring_soon(7, 2026, today));
        assert!(!is_expiring_soon(8, 2026, today));
        assert!(is_expired(12, 2025, today));
    }

    #[test]
    fn labels_use_brand_names() {
        assert_eq!(label("amex", "0005"), "American Express •••• 0005");
        assert_eq!(label("mir", "1234"), "Mir •••• 1234");
    }
}
