//! `portal-server import --customers customers.csv --invoices invoices.csv
//! [--dry-run]`: customers and invoices from an accounting system's CSV
//! export, upserted by their external ids through the same checks and
//! writes as the business API ([`crate::customer::write`],
//! [`crate::invoice::write`]).
//!
//! All or nothing: every row is checked and written in one transaction, and
//! any bad row (each is reported, with its file, line and reason) rolls it
//! all back. Running it again changes nothing; a changed row updates its
//! customer, or its invoice while nothing was paid on it. `--dry-run` does
//! all of it and rolls back. The file formats are in [`customers`] and
//! [`invoices`] (and `docs/business-api.md`, "CSV import").

mod customers;
mod invoices;
mod progress;
mod table;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use sqlx::SqliteConnection;

use crate::clock;
use crate::config::Config;
use crate::customer::record::{self as customer_record, Record as Customer};
use crate::customer::write as customer_write;
use crate::db;
use crate::error::ServerError;
use crate::invoice::write as invoice_write;
use crate::outcome::Outcome;

/// What to import.
#[derive(Debug, Clone, Args)]
pub struct ImportCommand {
    /// Customers: `external_id,name,email[,parent_external_id]`.
    #[arg(long)]
    pub customers: Option<PathBuf>,
    /// Invoices, one row a line of an invoice: `external_id`, `customer_external_id`, `number`, `issue_date`, `due_date`, `currency`, `[memo]`, `description`, `quantity`, `unit_amount`.
    #[arg(long)]
    pub invoices: Option<PathBuf>,
    /// Check everything, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// A row that cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// The file, as given.
    pub file: String,
    /// Its line (the header is line 1; 0 for the file as a whole).
    pub line: u64,
    /// Why, naming the column.
    pub reason: String,
}

impl fmt::Display for BadRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

/// What a file held: its good rows and every problem.
pub struct Parsed<T> {
    /// The file, as given.
    pub file: String,
    /// The rows that passed the checks of their own.
    pub rows: Vec<T>,
    /// Every bad row.
    pub problems: Vec<BadRow>,
}

impl<T> Parsed<T> {
    /// A file that could not be read.
    fn failed(path: &Path, problems: Vec<BadRow>) -> Self {
        Self {
            file: path.display().to_string(),
            rows: Vec::new(),
            problems,
        }
    }

    /// No file.
    fn none() -> Self {
        Self {
            file: String::new(),
            rows: Vec::new(),
            problems: Vec::new(),
        }
    }
}

/// How many of a kind were made, changed and left as they were.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// New.
    pub created: u64,
    /// Changed.
    pub updated: u64,
    /// Already so.
    pub unchanged: u64,
}

impl Counts {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} created, {} updated, {} unchanged",
            self.created, self.updated, self.unchanged
        )
    }
}

/// A finished import (or dry run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Customers.
    pub customers: Counts,
    /// Invoices.
    pub invoices: Counts,
    /// Whether it was rolled back on purpose.
    pub dry_run: bool,
}

impl ImportReport {
    /// The lines to print.
    pub fn lines(&self) -> Vec<String> {
        let verb = if self.dry_run {
            "Dry run, nothing written; would be"
        } else {
            "Imported"
        };
        vec![
            format!("{verb}: customers {}.", self.customers),
            format!("{verb}: invoices {}.", self.invoices),
        ]
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Bad rows: every one of them.
    #[error("{} bad row(s); nothing was imported", .0.len())]
    BadRows(Vec<BadRow>),
    /// The database or the command line.
    #[error(transparent)]
    Server(#[from] ServerError),
    /// Something failed that is no row's fault (logged where it happened).
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        Self::Server(ServerError::Database(e))
    }
}

/// Runs `command` on the database of `config`.
pub async fn run(config: &Config, command: &ImportCommand) -> Result<ImportReport, ImportError> {
    if command.customers.is_none() && command.invoices.is_none() {
        return Err(ServerError::Config(
            "nothing to import: give --customers FILE and/or --invoices FILE".to_owned(),
        )
        .into());
    }
    let pool = db::open(&config.db, 1, Duration::from_secs(config.db_timeout_secs)).await?;
    let currency: Option<String> = sqlx::query_scalar("SELECT currency FROM business WHERE id = 1")
        .fetch_optional(&pool)
        .await?;
    let currency = currency.unwrap_or_else(|| "usd".to_owned());
    let customers = command
        .customers
        .as_deref()
        .map_or_else(Parsed::none, customers::read);
    let invoices = command
        .invoices
        .as_deref()
        .map_or_else(Parsed::none, |p| invoices::read(p, &currency));
    let mut problems = customers.problems;
    problems.extend(invoices.problems);

    let now = clock::now();
    let bar = progress::bar((customers.rows.len() + invoices.rows.len()) as u64);
    let mut report = ImportReport {
        customers: Counts::default(),
        invoices: Counts::default(),
        dry_run: command.dry_run,
    };
    // A page cache the size of a large import, so one transaction of
    // 100,000 invoices is not spilled to the WAL file while it is written.
    sqlx::query("PRAGMA cache_size = -262144")
        .execute(&pool)
        .await?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    bar.set_message("customers");
    // Parents before their sub-accounts.
    let (top, subs): (Vec<_>, Vec<_>) = customers
        .rows
        .into_iter()
        .partition(|r| r.parent_external_id.is_none());
    for mut row in top.into_iter().chain(subs) {
        if let Some(parent) = &row.parent_external_id {
            match customer_record::find_by_external_id(&mut tx, parent).await? {
                Some(p) => row.draft.parent_id = Some(p.id),
                None => {
                    problems.push(BadRow {
                        file: customers.file.clone(),
                        line: row.line,
                        reason: format!(
                            "parent_external_id: no customer has the external id `{parent}`."
                        ),
                    });
                    bar.inc(1);
                    continue;
                }
            }
        }
        match customer_write::upsert(&mut tx, &row.draft, now).await {
            Ok((_, outcome)) => report.customers.add(outcome),
            Err(e) if e.status.is_client_error() => problems.push(BadRow {
                file: customers.file.clone(),
                line: row.line,
                reason: e.message,
            }),
            Err(e) => return Err(ImportError::Internal(e.message)),
        }
        bar.inc(1);
    }
    bar.set_message("invoices");
    let mut known: HashMap<String, Option<Customer>> = HashMap::new();
    for row in invoices.rows {
        let customer = match known.get(&row.customer_external_id) {
            Some(c) => c.clone(),
            None => {
                let c = find_customer(&mut tx, &row.customer_external_id).await?;
                known.insert(row.customer_external_id.clone(), c.clone());
                c
            }
        };
        let Some(customer) = customer else {
            problems.push(BadRow {
                file: invoices.file.clone(),
                line: row.line,
                reason: format!(
                    "customer_external_id: no customer has the external id `{}`.",
                    row.customer_external_id
                ),
            });
            bar.inc(1);
            continue;
        };
        match invoice_write::upsert(&mut tx, customer, &row.draft, now).await {
            Ok((_, outcome)) => report.invoices.add(outcome),
            Err(e) if e.status.is_client_error() => problems.push(BadRow {
                file: invoices.file.clone(),
                line: row.line,
                reason: e.message,
            }),
            Err(e) => return Err(ImportError::Internal(e.message)),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if !problems.is_empty() {
        tx.rollback().await?;
        pool.close().await;
        problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        return Err(ImportError::BadRows(problems));
    }
    if command.dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
        tracing::info!(customers = %report.customers, invoices = %report.invoices, "CSV import");
    }
    pool.close().await;
    Ok(report)
}

/// The customer with `external_id`.
async fn find_customer(
    conn: &mut SqliteConnection,
    external_id: &str,
) -> Result<Option<Customer>, sqlx::Error> {
    customer_record::find_by_external_id(conn, external_id).await
}
