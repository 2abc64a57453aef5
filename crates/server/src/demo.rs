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
use crate::saved_card;
use crate::state::AppState;
use portal_api::BillingAddress;

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
    DemoCustomer {
        email: "ada@example.com",
        name: "Ada Lovelace",
        password: Some("portal-demo-1"),
        parent: None,
        invoices: 48,
    },
    DemoCustomer {
        email: "grace@example.com",
        name: "Grace Hopper",
        password: Some("portal-demo-2"),
        parent: None,
        invoices: 8,
    },
    DemoCustomer {
        email: "reseller@example.com",
        name: "Lumen Resellers Ltd",
        password: Some("portal-demo-3"),
        parent: None,
        invoices: 6,
    },
    DemoCustomer {
        email: "north@lumen.example",
        name: "Lumen Branch North",
        password: None,
        parent: Some("reseller@example.com"),
        invoices: 7,
    },
    DemoCustomer {
        email: "south@lumen.example",
        name: "Lumen Branch South",
        password: None,
        parent: Some("reseller@example.com"),
        invoices: 5,
    },
    // On file without a password: the invitation flow sets one.
    DemoCustomer {
        email: "katherine@example.com",
        name: "Katherine Johnson",
        password: None,
        parent: None,
        invoices: 4,
    },
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
            c.password.map(|p| DemoLogin {
                email: c.email.to_owned(),
                password: p.to_owned(),
                name: c.name.to_owned(),
            })
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
        let existing: Option<String> =
            sqlx::query_scalar("SELECT id FROM customers WHERE email = ?")
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
            Some(email) => {
                sqlx::query_scalar("SELECT id FROM customers WHERE email = ?")
                    .bind(email)
                    .fetch_optional(pool)
                    .await?
            }
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
        0 | 2 => total,         // open
        1 => total - total / 3, // partially paid, not yet due
        3 | 5 => total,         // overdue
        4 => total / 2,         // overdue, partly paid
        _ => 0,                 // paid
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
    if balance < total {
        // The payment that settled (part of) it, as the history shows it.
        let paid_at = (issue + Duration::days(5))
            .midnight()
            .assume_utc()
            .unix_timestamp()
            + 10 * 3600;
        let pay_id = new_id("pay");
        sqlx::query(
            "INSERT INTO payments (id, customer_id, invoice_id, kind, idempotency_key, request_hash, gateway_key, amount, currency, \
             billing_json, status, card_brand, card_last4, card_exp_month, card_exp_year, receipt_reference, applied, created_at, updated_at) \
             VALUES (?, ?, ?, 'invoice', ?, 'demo', ?, ?, 'usd', '{}', 'succeeded', 'visa', '4242', 12, ?, ?, 1, ?, ?)",
        )
        .bind(&pay_id)
        .bind(customer_id)
        .bind(&invoice_id)
        .bind(format!("demo_{invoice_id}"))
        .bind(format!("demo_{pay_id}"))
        .bind(total - balance)
        .bind(i64::from(today.year()) + 3)
        .bind(format!("RCPT-D{:04}", 1000 + i))
        .bind(paid_at)
        .bind(paid_at)
        .execute(&mut **tx)
        .await?;
    }
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

/// Demo cards, saved through the sandbox gateway as the card frame would:
/// Ada gets a default Visa, a Mastercard expiring soon and an expired
/// American Express; Grace a card that asks for a one-time code and one that
/// is always declined; the reseller and a sub-account one card each. Only
/// the sandbox's public test cards are used, and only the gateway sees them.
pub async fn seed_cards(
    state: &AppState,
    gateway_url: &str,
    publishable_key: &str,
) -> Result<(), ServerError> {
    let today = clock::today();
    let year = i64::from(today.year());
    let month = i64::from(u8::from(today.month()));
    let soon = if month == 12 {
        (1, year + 1)
    } else {
        (month + 1, year)
    };
    let last_month = if month == 1 {
        (12, year - 1)
    } else {
        (month - 1, year)
    };
    struct DemoCard {
        email: &'static str,
        number: &'static str,
        cvc: &'static str,
        exp: (i64, i64),
        default: bool,
        expire_to: Option<(i64, i64)>,
    }
    let cards = [
        DemoCard {
            email: "ada@example.com",
            number: "4242424242424242",
            cvc: "123",
            exp: (12, year + 3),
            default: true,
            expire_to: None,
        },
        DemoCard {
            email: "ada@example.com",
            number: "5555555555554444",
            cvc: "123",
            exp: soon,
            default: false,
            expire_to: None,
        },
        DemoCard {
            email: "ada@example.com",
            number: "378282246310005",
            cvc: "1234",
            exp: (12, year + 2),
            default: false,
            expire_to: Some(last_month),
        },
        DemoCard {
            email: "grace@example.com",
            number: "4000002760003184",
            cvc: "123",
            exp: (6, year + 2),
            default: true,
            expire_to: None,
        },
        DemoCard {
            email: "grace@example.com",
            number: "4000000000000341",
            cvc: "123",
            exp: (3, year + 4),
            default: false,
            expire_to: None,
        },
        DemoCard {
            email: "reseller@example.com",
            number: "6011111111111117",
            cvc: "123",
            exp: (9, year + 2),
            default: true,
            expire_to: None,
        },
        DemoCard {
            email: "north@lumen.example",
            number: "4242424242424242",
            cvc: "123",
            exp: (10, year + 2),
            default: true,
            expire_to: None,
        },
    ];
    let client = reqwest::Client::new();
    for card in cards {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT id, name FROM customers WHERE email = ?")
                .bind(card.email)
                .fetch_optional(&state.pool)
                .await?;
        let Some((customer_id, name)) = row else {
            continue;
        };
        let seeded: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM payment_methods WHERE customer_id = ? AND last4 = ?",
        )
        .bind(&customer_id)
        .bind(&card.number[card.number.len() - 4..])
        .fetch_one(&state.pool)
        .await?;
        if seeded > 0 {
            continue;
        }
        let token: serde_json::Value = client
            .post(format!("{gateway_url}/v1/tokens"))
            .bearer_auth(publishable_key)
            .json(&serde_json::json!({
                "number": card.number, "exp_month": card.exp.0, "exp_year": card.exp.1, "cvc": card.cvc, "name": name,
            }))
            .send()
            .await
            .map_err(|e| ServerError::Demo(format!("tokenizing a demo card: {}", e.without_url())))?
            .json()
            .await
            .map_err(|e| ServerError::Demo(format!("tokenizing a demo card: {}", e.without_url())))?;
        let Some(token) = token["id"].as_str() else {
            return Err(ServerError::Demo(format!(
                "the gateway refused a demo card: {}",
                token["error"]["code"]
            )));
        };
        let billing = BillingAddress {
            line1: "12 Analytical Row".into(),
            city: "London".into(),
            region: String::new(),
            postal_code: "EC1A 1BB".into(),
            country: "GB".into(),
        };
        let saved = saved_card::save_from_token(
            state,
            &customer_id,
            token,
            card.default,
            Some(&billing),
            "Added",
        )
        .await
        .map_err(|e| ServerError::Demo(e.to_string()))?;
        if let Some((m, y)) = card.expire_to {
            // The gateway only accepts future expiries; the record shows the
            // card as it would be once its date has passed.
            sqlx::query("UPDATE payment_methods SET exp_month = ?, exp_year = ?, is_default = 0 WHERE id = ?")
                .bind(m)
                .bind(y)
                .bind(&saved.id)
                .execute(&state.pool)
                .await?;
        }
    }
    Ok(())
}

/// A fresh 7-day payment link for Grace's newest unpaid invoice.
pub async fn payment_link(state: &AppState) -> Result<Option<String>, ServerError> {
    let invoice: Option<String> = sqlx::query_scalar(
        "SELECT i.id FROM invoices i JOIN customers c ON c.id = i.customer_id \
         WHERE c.email = 'grace@example.com' AND i.balance_due > 0 ORDER BY i.issue_date DESC LIMIT 1",
    )
    .fetch_optional(&state.pool)
    .await?;
    let Some(invoice) = invoice else {
        return Ok(None);
    };
    let link =
        crate::routes::links::make_link(state, &invoice, crate::routes::links::DEFAULT_LIFETIME)
            .await
            .map_err(|e| ServerError::Demo(e.to_string()))?;
    Ok(Some(link.url))
}
