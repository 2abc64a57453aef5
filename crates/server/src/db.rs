//! Opening the SQLite database: WAL, created if missing, foreign keys on,
//! migrations from `crates/server/migrations` applied at start-up.

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::MigrateError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::error::ServerError;

/// Opens (creating if needed) and migrates the database at `path_or_url`
/// (a file path, `sqlite://…` or `sqlite::memory:`), with at most
/// `max_connections` connections, each request waiting at most `timeout`
/// for one (and, on SQLite, for the write lock).
pub async fn open(
    path_or_url: &str,
    max_connections: u32,
    timeout: Duration,
) -> Result<SqlitePool, ServerError> {
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
    .busy_timeout(timeout);
    let pool = SqlitePoolOptions::new()
        // An in-memory database lives in one connection.
        .max_connections(if memory { 1 } else { max_connections })
        .acquire_timeout(timeout)
        .connect_with(options)
        .await
        .map_err(|source| ServerError::DatabaseUnreachable {
            location: path_or_url.to_owned(),
            source,
        })?;
    let migrator = sqlx::migrate!("./migrations");
    migrator.run(&pool).await.map_err(|e| match e {
        // Applied by a newer binary: say so rather than sqlx's "missing".
        MigrateError::VersionMissing(applied) => ServerError::NewerDatabase {
            applied,
            known: migrator.iter().map(|m| m.version).max().unwrap_or(0),
        },
        other => other.into(),
    })?;
    Ok(pool)
}
