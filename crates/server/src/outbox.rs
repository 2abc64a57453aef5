//! The dev outbox: emails the portal "sends" (invitations, payment links),
//! stored so that demo mode can show them at `GET /api/dev/outbox`.

use portal_api::OutboxMessage;
use sqlx::{SqliteConnection, SqlitePool};

use crate::clock;

/// Stores an email (in the caller's transaction, if it has one: an email
/// goes out only with the change it tells of).
pub async fn send(
    conn: &mut SqliteConnection,
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
    .execute(conn)
    .await?;
    Ok(())
}

/// The last 100 emails, oldest first.
pub async fn recent(pool: &SqlitePool) -> Result<Vec<OutboxMessage>, sqlx::Error> {
    let rows: Vec<(String, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT recipient, subject, body, link, created_at FROM outbox ORDER BY id DESC LIMIT 100",
    )
    .fetch_all(pool)
    .await?;
    let mut messages: Vec<OutboxMessage> = rows
        .into_iter()
        .map(|(to, subject, body, link, at)| OutboxMessage {
            to,
            subject,
            body,
            link,
            created_at: clock::rfc3339(at),
        })
        .collect();
    messages.reverse();
    Ok(messages)
}
