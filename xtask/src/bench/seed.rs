//! Bench customers with many invoices, inserted straight into the portal's
//! SQLite database (schema: `crates/server/migrations`) with the `sqlite3`
//! command-line tool. Each bench customer shares the demo customer's
//! password hash, so it logs in with the demo password.

use crate::bench::debian;
use crate::shell::Error;
use std::path::Path;
use std::process::{Command, Stdio};

/// The e-mail of the bench customer holding `invoices` invoices.
pub fn email(invoices: u32) -> String {
    format!("bench-{invoices}@example.com")
}

/// Adds a customer with `invoices` invoices (one in three paid) to `db`.
pub fn customer(db: &Path, demo_email: &str, invoices: u32) -> Result<(), Error> {
    debian::ensure("sqlite3", "sqlite3")?;
    let sql = format!(
        ".timeout 30000\n\
         .bail on\n\
         BEGIN;\n\
         INSERT INTO customers (id, parent_id, name, email, password_hash, created_at)\n\
           SELECT printf('cus_%024x', {n} + 12648430), NULL, 'Bench {n}', '{email}', password_hash, created_at\n\
           FROM customers WHERE email = '{demo_email}';\n\
         WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {n})\n\
         INSERT INTO invoices (id, customer_id, number, issue_date, due_date, currency, total, balance_due, memo, created_at)\n\
           SELECT printf('inv_%024x', {n} * 1000000 + i), printf('cus_%024x', {n} + 12648430),\n\
                  printf('B%d-%06d', {n}, i),\n\
                  date('2020-01-01', '+' || (i % 2500) || ' days'),\n\
                  date('2020-01-31', '+' || (i % 2500) || ' days'),\n\
                  COALESCE((SELECT currency FROM business), 'USD'),\n\
                  1000 + (i % 500) * 100,\n\
                  CASE WHEN i % 3 = 0 THEN 0 ELSE 1000 + (i % 500) * 100 END,\n\
                  NULL, CAST(strftime('%s', 'now') AS INTEGER)\n\
           FROM k;\n\
         COMMIT;\n\
         SELECT count(*) FROM invoices WHERE customer_id = printf('cus_%024x', {n} + 12648430);\n",
        n = invoices,
        email = email(invoices),
    );
    let count = sqlite(db, &sql)
        .map_err(|e| format!("seeding {invoices} invoices failed (schema changed?): {e}"))?;
    if count != invoices.to_string() {
        return Err(format!(
            "seeding {invoices} invoices failed (schema changed?): {count} rows"
        ));
    }
    Ok(())
}

/// Adds `invoices` open invoices of `total` minor units each to the customer
/// with `email`, ids `inv_benchpay_000000`…, for the pay-path load: each can
/// take many small payments, so no run runs out of balance.
pub fn payable(db: &Path, email: &str, invoices: u32, total: i64) -> Result<(), Error> {
    debian::ensure("sqlite3", "sqlite3")?;
    let sql = format!(
        ".timeout 30000\n\
         .bail on\n\
         WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < {invoices})\n\
         INSERT INTO invoices (id, customer_id, number, issue_date, due_date, currency, total, balance_due, memo, created_at)\n\
           SELECT printf('{PAY_PREFIX}%06d', i), (SELECT id FROM customers WHERE email = '{email}'),\n\
                  printf('PAY-%06d', i), date('now'), date('now', '+30 days'),\n\
                  COALESCE((SELECT currency FROM business), 'usd'), {total}, {total}, NULL,\n\
                  CAST(strftime('%s', 'now') AS INTEGER)\n\
           FROM k;\n\
         SELECT count(*) FROM invoices WHERE id LIKE '{PAY_PREFIX}%';\n"
    );
    let count = sqlite(db, &sql)?;
    if count != invoices.to_string() {
        return Err(format!(
            "seeding {invoices} payable invoices failed: {count}"
        ));
    }
    Ok(())
}

/// The id prefix of the invoices [`payable`] adds.
pub const PAY_PREFIX: &str = "inv_benchpay_";

/// How many of the bench's payments ended in each state (`succeeded`, …).
pub fn payment_outcomes(db: &Path) -> Result<Vec<(String, u64)>, Error> {
    let out = sqlite(
        db,
        &format!(".timeout 30000\nSELECT status || ' ' || count(*) FROM payments WHERE invoice_id LIKE '{PAY_PREFIX}%' GROUP BY status ORDER BY status;\n"),
    )?;
    Ok(out
        .lines()
        .filter_map(|l| l.split_once(' '))
        .filter_map(|(s, n)| n.parse().ok().map(|n| (s.to_string(), n)))
        .collect())
}

/// Runs `sql` through the `sqlite3` tool on `db`; returns its trimmed output.
fn sqlite(db: &Path, sql: &str) -> Result<String, Error> {
    let mut child = Command::new("sqlite3")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start sqlite3: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin
            .write_all(sql.as_bytes())
            .map_err(|e| format!("writing to sqlite3: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("waiting for sqlite3: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "sqlite3 failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}
