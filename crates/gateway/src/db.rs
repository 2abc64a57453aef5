//! Opening the gateway's SQLite database.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::error::GatewayError;
use crate::ids::new_key_bytes;

/// Opens (creating if missing) the database in WAL mode and migrates it.
pub(crate) async fn open(url_or_path: &str) -> Result<SqlitePool, GatewayError> {
    let options = if url_or_path.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(url_or_path)?
    } else {
        SqliteConnectOptions::new().filename(url_or_path)
    };
    let in_memory = url_or_path.contains(":memory:");
    let options = options
        .create_if_missing(true)
        .journal_mode(if in_memory {
            SqliteJournalMode::Memory
        } else {
            SqliteJournalMode::Wal
        })
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        // An in-memory database exists once per connection: keep exactly one.
        .max_connections(if in_memory { 1 } else { 4 })
        .min_connections(if in_memory { 1 } else { 0 })
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// The gateway's MAC key, created on first start and kept in the database so
/// fingerprints and pending codes survive a restart.
pub(crate) async fn mac_key(pool: &SqlitePool) -> Result<Vec<u8>, GatewayError> {
    let fresh = new_key_bytes();
    sqlx::query("INSERT OR IGNORE INTO gateway_secret (id, mac_key) VALUES (1, ?)")
        .bind(&fresh[..])
        .execute(pool)
        .await?;
    let (key,): (Vec<u8>,) = sqlx::query_as("SELECT mac_key FROM gateway_secret WHERE id = 1")
        .fetch_one(pool)
        .await?;
    if key.len() < 32 {
        return Err(GatewayError::Config(
            "the stored MAC key is too short".into(),
        ));
    }
    Ok(key)
}
