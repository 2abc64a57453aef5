//! C4: after card flows, no portal database file holds a test card number.

use axum::http::Method;
use serde_json::json;

use super::harness::{new_card, Harness};

const PANS: [&str; 4] = [
    "4242424242424242",
    "5555555555554444",
    "4000000000009995",
    "4000002760003184",
];

#[tokio::test]
async fn c4_no_card_number_at_rest_in_the_portal_database() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "open").await;
    let t1 = h.token(PANS[1], "123").await;
    h.pay(
        &ada,
        &invoice,
        "c4-1",
        new_card(balance / 2, &t1, true, false),
    )
    .await;
    let t2 = h.token(PANS[2], "123").await;
    h.pay(&ada, &invoice, "c4-2", new_card(100, &t2, true, false))
        .await;
    let t3 = h.token(PANS[3], "123").await;
    h.call(
        Method::POST,
        "/api/payment-methods",
        Some(&ada),
        Some(json!({"token": t3})),
    )
    .await;
    let pool = h.launched.state.pool.clone();
    sqlx::query("PRAGMA wal_checkpoint(FULL)")
        .execute(&pool)
        .await
        .unwrap();
    let Harness { launched, dir } = h;
    launched.shutdown().await;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("portal.db") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for pan in PANS {
            assert!(!text.contains(pan), "{name} contains a card number");
        }
    }
}
