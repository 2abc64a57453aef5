//! Demo data for `--demo`: the business "Northwind Supplies", customers with
//! invoices in every status (dates relative to today, so "overdue" stays
//! true), a reseller with two sub-accounts. Idempotent: each part is only
//! added when it is missing.

use sqlx::SqlitePool;
use time::{Date, Duration};

use crate::clock;
use crate::customer::{self, NewCustomer};
use crate::error::ServerError;
use crate::ids::new_id;
use crate::invoice::{self, NewInvoice};
use crate::password;
use crate::pay_link;
use crate::payment::record::{self, Settled};
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
        if customer::by_email(pool, c.email).await?.is_some() {
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
            Some(email) => customer::by_email(pool, email).await?.map(|p| p.id),
            None => None,
        };
        let id = new_id("cus");
        let mut tx = pool.begin().await?;
        customer::insert(
            &mut tx,
            &NewCustomer {
                id: &id,
                parent_id: parent.as_deref(),
                name: c.name,
                email: c.email,
                password_hash: hash.as_deref(),
                created_at: clock::now(),
            },
        )
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
        lines.push((description, quantity, unit));
    }
    let total: i64 = lines.iter().map(|(_, q, unit)| q * unit).sum();
    let balance = match i {
        0 | 2 => total,         // open
        1 => total - total / 3, // partially paid, not yet due
        3 | 5 => total,         // overdue
        4 => total / 2,         // overdue, partly paid
        _ => 0,                 // paid
    };
    let invoice_id = new_id("inv");
    let number = format!("INV-{:04}", 1000 + i);
    invoice::insert(
        &mut *tx,
        &NewInvoice {
            id: &invoice_id,
            customer_id,
            number: &number,
            issue_date: &clock::iso(issue),
            due_date: &clock::iso(due),
            currency: "usd",
            balance_due: balance,
            memo: "Thank you for your business.",
            lines: &lines,
            created_at: clock::now(),
        },
    )
    .await?;
    if balance < total {
        // The payment that settled (part of) it, as the history shows it.
        let paid_at = (issue + Duration::days(5))
            .midnight()
            .assume_utc()
            .unix_timestamp()
            + 10 * 3600;
        record::insert_settled(
            &mut *tx,
            &Settled {
                id: &new_id("pay"),
                customer_id,
                invoice_id: &invoice_id,
                amount: total - balance,
                currency: "usd",
                card: ("visa", "4242", 12, i64::from(today.year()) + 3),
                receipt_reference: &format!("RCPT-D{:04}", 1000 + i),
                paid_at,
            },
        )
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
        let Some(owner) = customer::by_email(&state.pool, card.email).await? else {
            continue;
        };
        let (customer_id, name) = (owner.id, owner.name);
        let last4 = card.number.get(card.number.len() - 4..).unwrap_or_default();
        if saved_card::has_last4(&state.pool, &customer_id, last4).await? {
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
            saved_card::backdate(&state.pool, &saved.id, m, y).await?;
        }
    }
    Ok(())
}

/// A fresh 7-day payment link for Grace's newest unpaid invoice.
pub async fn payment_link(state: &AppState) -> Result<Option<String>, ServerError> {
    let Some(invoice) = invoice::newest_unpaid_of(&state.pool, "grace@example.com").await? else {
        return Ok(None);
    };
    let mut conn = state.pool.acquire().await?;
    let Some(recipient) = invoice::recipient(&mut conn, &invoice).await? else {
        return Ok(None);
    };
    let link = pay_link::create(
        &mut conn,
        &state.settings,
        &invoice,
        &recipient,
        pay_link::DEFAULT_LIFETIME,
        true,
        clock::now(),
    )
    .await
    .map_err(|e| ServerError::Demo(e.to_string()))?;
    Ok(Some(pay_link::url(&state.settings, &link)))
}
