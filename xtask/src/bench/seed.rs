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
    let count = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || count != invoices.to_string() {
        return Err(format!(
            "seeding {invoices} invoices failed (schema changed?): {} {count}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}
