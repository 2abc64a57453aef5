//! The `customers` table: who a customer is, their password hash, credit,
//! sub-accounts and gateway customer id. Every query on it lives here; the
//! business API's view of it in [`record`], and the writes the API and the
//! CSV import share in [`write`].

pub mod record;
pub mod write;

use portal_api::CustomerSummary;
use sqlx::{SqliteConnection, SqlitePool};

/// A customer as the login and invitation flows read them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Login {
    /// `cus_…`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Argon2 hash, `None` until a password is set.
    pub password_hash: Option<String>,
}

/// One sub-account of a reseller.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Child {
    /// `cus_…`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Login email.
    pub email: String,
}

/// A customer to add (demo data).
#[derive(Debug, Clone)]
pub struct NewCustomer<'a> {
    /// `cus_…`.
    pub id: &'a str,
    /// The reseller's id, for a sub-account.
    pub parent_id: Option<&'a str>,
    /// Display name.
    pub name: &'a str,
    /// Login email (lowercase).
    pub email: &'a str,
    /// Argon2 hash, if a password is set.
    pub password_hash: Option<&'a str>,
    /// Unix seconds.
    pub created_at: i64,
}

/// The customer's id, name and email, and whether it has sub-accounts.
pub async fn summary(pool: &SqlitePool, id: &str) -> Result<Option<CustomerSummary>, sqlx::Error> {
    let row: Option<(String, String, String, bool)> = sqlx::query_as(
        "SELECT id, name, email, EXISTS (SELECT 1 FROM customers c WHERE c.parent_id = customers.id) \
         FROM customers WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(
        row.map(|(id, name, email, has_sub_accounts)| CustomerSummary {
            id,
            name,
            email,
            has_sub_accounts,
        }),
    )
}

/// The customer with this (lowercase) email.
pub async fn by_email(pool: &SqlitePool, email: &str) -> Result<Option<Login>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, password_hash FROM customers WHERE email = ?")
        .bind(email)
        .fetch_optional(pool)
        .await
}

/// The customer's display name (the "by whom" of a card's history).
pub async fn name(pool: &SqlitePool, id: &str) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM customers WHERE id = ?")
        .bind(id)
        .fetch_one(pool)
        .await
}

/// Sets a new password hash.
pub async fn set_password(
    conn: &mut SqliteConnection,
    id: &str,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE customers SET password_hash = ? WHERE id = ?")
        .bind(password_hash)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Money kept on account (minor units).
pub async fn credit(pool: &SqlitePool, id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT credit_balance FROM customers WHERE id = ?")
        .bind(id)
        .fetch_one(pool)
        .await
}

/// Adds `amount` to the customer's credit (a deposit, or a payment above
/// an invoice's balance).
pub async fn add_credit(
    conn: &mut SqliteConnection,
    id: &str,
    amount: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE customers SET credit_balance = credit_balance + ? WHERE id = ?")
        .bind(amount)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes `amount` off the customer's credit (a refunded deposit); false,
/// and nothing taken, when less than that is left.
pub async fn take_credit(
    conn: &mut SqliteConnection,
    id: &str,
    amount: i64,
) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query(
        "UPDATE customers SET credit_balance = credit_balance - ? WHERE id = ? AND credit_balance >= ?",
    )
    .bind(amount)
    .bind(id)
    .bind(amount)
    .execute(conn)
    .await?;
    Ok(taken.rows_affected() > 0)
}

/// A reseller's sub-accounts, by name.
pub async fn children(pool: &SqlitePool, parent_id: &str) -> Result<Vec<Child>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, email FROM customers WHERE parent_id = ? ORDER BY name")
        .bind(parent_id)
        .fetch_all(pool)
        .await
}

/// The customer's gateway customer id (if made yet), email and name.
pub async fn gateway_profile(
    pool: &SqlitePool,
    id: &str,
) -> Result<(Option<String>, String, String), sqlx::Error> {
    sqlx::query_as("SELECT gateway_customer_id, email, name FROM customers WHERE id = ?")
        .bind(id)
        .fetch_one(pool)
        .await
}

/// Records `gateway_id` unless another request recorded one first; returns
/// the one kept.
pub async fn keep_gateway_id(
    pool: &SqlitePool,
    id: &str,
    gateway_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query(
        "UPDATE customers SET gateway_customer_id = COALESCE(gateway_customer_id, ?) WHERE id = ?",
    )
    .bind(gateway_id)
    .bind(id)
    .execute(pool)
    .await?;
    sqlx::query_scalar("SELECT gateway_customer_id FROM customers WHERE id = ?")
        .bind(id)
        .fetch_one(pool)
        .await
}

/// Adds a customer (demo data).
pub async fn insert(conn: &mut SqliteConnection, new: &NewCustomer<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO customers (id, parent_id, name, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(new.id)
    .bind(new.parent_id)
    .bind(new.name)
    .bind(new.email)
    .bind(new.password_hash)
    .bind(new.created_at)
    .execute(conn)
    .await?;
    Ok(())
}
