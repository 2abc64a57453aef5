//! Customers of a merchant, to whom payment methods belong.

use sqlx::SqliteConnection;

use crate::error::ApiError;

/// The answer for a customer id that is unknown or another merchant's.
pub(crate) fn not_found() -> ApiError {
    ApiError::not_found("customer_not_found", "No such customer.")
}

/// Refuses a customer id that is not one of `merchant`'s customers.
pub(crate) async fn ensure_exists(
    conn: &mut SqliteConnection,
    merchant: &str,
    id: &str,
) -> Result<(), ApiError> {
    let exists: Option<(String,)> =
        sqlx::query_as("SELECT id FROM customers WHERE id = ? AND merchant = ?")
            .bind(id)
            .bind(merchant)
            .fetch_optional(conn)
            .await?;
    exists.map(|_| ()).ok_or_else(not_found)
}
