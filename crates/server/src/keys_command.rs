//! `portal-server keys create|list|revoke`: the business's secret API keys,
//! managed by whoever runs the server (there is no key to make the first
//! key with). The database is opened and migrated as at start-up.

use std::time::Duration;

use clap::Subcommand;

use crate::api_key::{self, CreateError};
use crate::clock;
use crate::config::Config;
use crate::db;
use crate::error::ServerError;

/// What to do with keys.
#[derive(Debug, Clone, Subcommand)]
pub enum KeysCommand {
    /// Make a key; it is printed once and cannot be shown again.
    Create {
        /// What the key is for, e.g. "accounting sync".
        #[arg(long)]
        name: String,
    },
    /// List the keys: prefix, name, created, last used, revoked.
    List,
    /// Revoke a key (by its `psk_…` prefix); it stops working at once.
    Revoke {
        /// The key's prefix, as `keys list` shows it.
        prefix: String,
    },
}

/// Runs `command` on the database of `config`; the lines to print.
pub async fn run(config: &Config, command: &KeysCommand) -> Result<Vec<String>, ServerError> {
    let pool = db::open(&config.db, 1, Duration::from_secs(config.db_timeout_secs)).await?;
    let now = clock::now();
    let lines = match command {
        KeysCommand::Create { name } => {
            let (key, secret) = api_key::create(&pool, name, now)
                .await
                .map_err(|e| match e {
                    CreateError::BadName => ServerError::Config(format!("--name: {e}")),
                    CreateError::Database(e) => ServerError::Database(e),
                })?;
            vec![
                format!(
                    "Created {} ({}). The key, shown only this once:",
                    key.prefix(),
                    key.name
                ),
                String::new(),
                format!("  {secret}"),
                String::new(),
                "Send it as `Authorization: Bearer <key>` to the business API (/v1).".to_owned(),
            ]
        }
        KeysCommand::List => {
            let keys = api_key::list(&pool).await?;
            if keys.is_empty() {
                vec!["No keys yet: `portal-server keys create --name …` makes one.".to_owned()]
            } else {
                keys.iter()
                    .map(|k| {
                        format!(
                            "{:<18} {:<32} created {}  last used {}  {}",
                            k.prefix(),
                            k.name,
                            clock::rfc3339(k.created_at),
                            k.last_used_at
                                .map_or_else(|| "never".to_owned(), clock::rfc3339),
                            k.revoked_at.map_or_else(
                                || "live".to_owned(),
                                |at| format!("revoked {}", clock::rfc3339(at))
                            )
                        )
                    })
                    .collect()
            }
        }
        KeysCommand::Revoke { prefix } => {
            if api_key::revoke(&pool, prefix, now).await? {
                vec![format!("Revoked {prefix}: it no longer works.")]
            } else {
                return Err(ServerError::Config(format!(
                    "no live key {prefix}: `portal-server keys list` shows the keys"
                )));
            }
        }
    };
    pool.close().await;
    Ok(lines)
}
