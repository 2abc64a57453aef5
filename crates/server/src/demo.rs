//! Demo data for `--demo`: the business "Northwind Supplies", customers with
//! invoices in every status (dates relative to today, so "overdue" stays
//! true), a reseller with two sub-accounts. Idempotent: each part is only
//! added when it is missing.

use sqlx::SqlitePool;
use time::{Date, Duration};

use crate::clock;
use crate::error::ServerError;
use crate::ids::new_id;
use crate::password;

/// A demo login printed at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    /// Email.
    pub email: String,
    /// Password.
    pub password: String,
    /// The customer's name.
    pub name: String,
}

/// The demo business's name.
pub const BUSINESS_NAME: &str = "Northwind Supplies";

struct DemoCustomer {
    email: &'static str,
    name: &'static str,
    password: Option<&'static str>,
    parent: Option<&'static str>,
    invoices: usize,
}

const CUSTOMERS: &[DemoCustomer] = &[
    DemoCustomer { email: "ada@example.com", name: "Ada Lovelace", password: Some("portal-demo-1"), parent: None, invoices: 48 },
    DemoCustomer { email: "grace@example.com", name: "Grace Hopper", password: Some("portal-demo-2"), parent: None, invoices: 8 },
    DemoCustomer { email: "reseller@example.com", name: "Lumen Resellers Ltd", password: Some("portal-demo-3"), parent: None, invoices: 6 },
    DemoCustomer { email: "north@lumen.example", name: "Lumen Branch North", password: None, parent: Some("reseller@example.com"), invoices: 7 },
    DemoCustomer { email: "south@lumen.example", name: "Lumen Branch South", password: None, parent: Some("reseller@example.com"), invoices: 5 },
    // On file without a password: the invitation flow sets one.
    DemoCustomer { email: "katherine@example.com", name: "Katherine Johnson", password: None, parent: None, invoices: 4 },
];

const ITEMS: &[(&str, i64)] = &[
    ("Printer paper, A4 (box of 5 reams)", 3_499),
    ("Toner cartridge, black", 8_950),
    ("Ergonomic office chair", 24_900),
    ("LED desk lamp", 4_275),
    ("Whiteboard markers (pack of 12)", 1_299),
    ("Monthly supplies subscription", 15_000),
    ("Filing cabinet, 3 drawers", 18_900),
    ("Delivery and handling", 2_500),
];

/// The logins printed at start-up.
pub fn logins() -> Vec<DemoLogin> {
    CUSTOMERS
        .iter()
        .filter_map(|c| {
            c.password.map(|p| DemoLogin { email: c.email.to_owned(), password: p.to_owned(), name: c.name.to_owned() })
        })
        .collect()
}

/// Adds whatever part of the demo data is missing.
pub async fn seed(pool: &SqlitePool) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT OR IGNORE INTO business (id, name, currency, allow_partial_payments) VALUES (1, ?, 'usd', 1)",
    )
    .bind(BUSINESS_NAME)
    .execute(pool)
    .await?;
    let today = clock::today();
    for c in CUSTOMERS {
        let existing: Option<String> = sqlx::query_scalar("SELECT id FROM customers WHERE email = ?")
            .bind(c.email)
            .fetch_optional(pool)
            .await?;
        if existing.is_some() {
            continue;
        }
        let hash = match c.password {
            Some(p) => {
                let p = p.to_owned();
                Some(
                    tokio::task::spawn_blocking(move || password::hash(&p))
                        .await
                        .map_err(|e| ServerError::Demo(e.to_string()))?
                        .map_err(|e| ServerError::Demo(e.to_string()))?,
                )
            }
            None => None,
        };
        let parent: Option<String> = match c.parent {
            Some(email) => sqlx::query_scalar("SELECT id FROM customers WHERE email = ?")
                .bind(email)
                .fetch_optional(pool)
                .await?,
            None => None,
        };
        let id = new_id("cus");
        let mut tx = pool.begin().await?;
        sqlx::query("INSERT INTO customers (id, parent_id, name, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(&id)
            .bind(&parent)
            .bind(c.name)
            .bind(c.email)
            .bind(&hash)
            .bind(clock::now())
            .execute(&mut *tx)
            .await?;
        for i in 0..c.invoices {
            insert_invoice(&mut tx, &id, i, today).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// Invoice `i` of a customer: the newest few open or partly paid, the next
/// few overdue (one partly paid), the rest paid.
async fn insert_invoice(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    customer_id: &str,
    i: usize,
    today: Date,
) -> Result<(), ServerError> {
    let n = i as i64;
    let issue = today - Duration::days(n * 12 + 2);
    let due = issue + Duration::days(30);
    let line_count = 1 + i % 3;
    let mut lines = Vec::new();
    for k in 0..line_count {
        let (description, unit) = ITEMS[(i * 3 + k * 5) % ITEMS.len()];
        let quantity = 1 + ((i + k) % 4) as i64;
        lines.push((description, quantity, unit, quantity * unit));
    }
    let total: i64 = lines.iter().map(|l| l.3).sum();
    let balance = match i {
        0 | 2 => total,          // open
        1 => total - total / 3,  // partially paid, not yet due
        3 | 5 => total,          // overdue
        4 => total / 2,          // overdue, partly paid
        _ => 0,                  // paid
    };
    let invoice_id = new_id("inv");
    let number = format!("INV-{:04}", 1000 + i);
    sqlx::query(
        "INSERT INTO invoices (id, customer_id, number, issue_date, due_date, currency, total, balance_due, memo, created_at) \
         VALUES (?, ?, ?, ?, ?, 'usd', ?, ?, ?, ?)",
    )
    .bind(&invoice_id)
    .bind(customer_id)
    .bind(&number)
    .bind(clock::iso(issue))
    .bind(clock::iso(due))
    .bind(total)
    .bind(balance)
    .bind("Thank you for your business.")
    .bind(clock::now())
    .execute(&mut **tx)
    .await?;
    for (position, (description, quantity, unit, amount)) in lines.into_iter().enumerate() {
        sqlx::query(
            "INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_amount, amount) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&invoice_id)
        .bind(position as i64)
        .bind(description)
        .bind(quantity)
        .bind(unit)
        .bind(amount)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
