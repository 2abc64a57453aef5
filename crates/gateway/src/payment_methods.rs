//! Payment methods: a spent token kept as a customer's reusable card. Every
//! query on the `payment_methods` table that reads or saves one lives here.

use serde_json::{json, Value};
use sqlx::SqliteConnection;

use crate::card::StoredCard;
use crate::error::ApiError;
use crate::ids::new_id;

/// Cards one customer may keep at once.
pub(crate) const MAX_PER_CUSTOMER: i64 = 20;

/// A stored payment method row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct PaymentMethodRow {
    pub(crate) id: String,
    pub(crate) customer: String,
    pub(crate) behaviour: String,
    pub(crate) authenticated: bool,
    pub(crate) created_at: i64,
    #[sqlx(flatten)]
    pub(crate) card: StoredCard,
}

impl PaymentMethodRow {
    /// The payment method object, as every payment method endpoint answers it.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "customer": self.customer,
            "card": self.card.to_json(),
            "created": self.created_at,
        })
    }
}

const SELECT: &str = "SELECT id, customer, behaviour, authenticated, created_at, brand, last4,
    exp_month, exp_year, name, funding FROM payment_methods";

/// The answer for a payment method that is unknown, another merchant's or detached.
pub(crate) fn not_found() -> ApiError {
    ApiError::not_found("payment_method_not_found", "No such payment method.")
}

/// A payment method of the merchant that is still attached.
pub(crate) async fn find(
    conn: &mut SqliteConnection,
    merchant: &str,
    id: &str,
) -> Result<PaymentMethodRow, ApiError> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE id = ? AND merchant = ? AND detached_at IS NULL"
    ))
    .bind(id)
    .bind(merchant)
    .fetch_optional(conn)
    .await?
    .ok_or_else(not_found)
}

/// The attached payment methods of a customer, oldest first.
pub(crate) async fn for_customer(
    conn: &mut SqliteConnection,
    merchant: &str,
    customer: &str,
) -> Result<Vec<PaymentMethodRow>, ApiError> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE customer = ? AND merchant = ? AND detached_at IS NULL ORDER BY created_at, rowid"
    ))
    .bind(customer)
    .bind(merchant)
    .fetch_all(conn)
    .await?)
}

/// How many payment methods a customer keeps.
pub(crate) async fn count_attached(
    conn: &mut SqliteConnection,
    customer: &str,
) -> Result<i64, ApiError> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM payment_methods WHERE customer = ? AND detached_at IS NULL",
    )
    .bind(customer)
    .fetch_one(conn)
    .await?;
    Ok(count)
}

/// Saves the card of a just-spent token for a customer; returns the new id.
///
/// The card is copied row to row, so its fingerprint never passes through
/// the process.
pub(crate) async fn insert_from_token(
    conn: &mut SqliteConnection,
    customer: &str,
    token: &str,
    now: i64,
) -> Result<String, ApiError> {
    let id = new_id("pm_");
    sqlx::query(
        "INSERT INTO payment_methods (id, merchant, customer, brand, last4, exp_month, exp_year,
             name, funding, fingerprint, behaviour, created_at)
         SELECT ?, merchant, ?, brand, last4, exp_month, exp_year, name, funding, fingerprint,
             behaviour, ? FROM tokens WHERE id = ?",
    )
    .bind(&id)
    .bind(customer)
    .bind(now)
    .bind(token)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Detaches a payment method; refuses one that is not attached.
pub(crate) async fn detach(
    conn: &mut SqliteConnection,
    merchant: &str,
    id: &str,
    now: i64,
) -> Result<(), ApiError> {
    let done = sqlx::query(
        "UPDATE payment_methods SET detached_at = ? WHERE id = ? AND merchant = ? AND detached_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(merchant)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(not_found());
    }
    Ok(())
}

/// Sets a new expiry on an attached payment method.
pub(crate) async fn set_expiry(
    conn: &mut SqliteConnection,
    merchant: &str,
    id: &str,
    (month, year): (u8, u16),
) -> Result<(), ApiError> {
    let done = sqlx::query(
        "UPDATE payment_methods SET exp_month = ?, exp_year = ?
         WHERE id = ? AND merchant = ? AND detached_at IS NULL",
    )
    .bind(i64::from(month))
    .bind(i64::from(year))
    .bind(id)
    .bind(merchant)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(not_found());
    }
    Ok(())
}
