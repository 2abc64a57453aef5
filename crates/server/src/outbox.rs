//! The dev outbox: emails the portal "sends" (invitations, payment links),
//! stored so that demo mode can show them at `GET /api/dev/outbox`.

use sqlx::SqlitePool;

use crate::clock;

/// Stores an email.
pub async fn send(
    pool: &SqlitePool,
    to: &str,
    subject: &str,
    body: &str,
    link: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (recipient, subject, body, link, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(link)
    .bind(clock::now())
    .execute(pool)
    .await?;
    Ok(())
}
