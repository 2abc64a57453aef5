//! Opening the SQLite database: WAL, created if missing, foreign keys on,
//! migrations from `crates/server/migrations` applied at start-up.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::error::ServerError;

/// Opens (creating if needed) and migrates the database at `path_or_url`
/// (a file path, `sqlite://…` or `sqlite::memory:`).
pub async fn open(path_or_url: &str) -> Result<SqlitePool, ServerError> {
    let memory = path_or_url.contains(":memory:");
    let options = if path_or_url.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(path_or_url)?
    } else {
        SqliteConnectOptions::new().filename(path_or_url)
    }
    .create_if_missing(true)
    .journal_mode(if memory {
        SqliteJournalMode::Memory
    } else {
        SqliteJournalMode::Wal
    })
    .synchronous(SqliteSynchronous::Normal)
    .foreign_keys(true)
    .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        // An in-memory database lives in one connection.
        .max_connections(if memory { 1 } else { 8 })
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}
