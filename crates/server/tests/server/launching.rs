//! The launch API: idempotent demo data, an external gateway, graceful stop.

use axum::http::StatusCode;

use super::harness::Harness;

async fn counts(h: &Harness) -> (i64, i64, i64) {
    let pool = &h.launched.state.pool;
    let customers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(pool)
        .await
        .unwrap();
    let invoices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoices")
        .fetch_one(pool)
        .await
        .unwrap();
    let cards: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payment_methods")
        .fetch_one(pool)
        .await
        .unwrap();
    (customers, invoices, cards)
}

#[tokio::test]
async fn demo_data_is_seeded_once_however_often_the_server_starts() {
    let h = Harness::start().await;
    let before = counts(&h).await;
    assert!(
        before.0 >= 5 && before.1 >= 45 && before.2 >= 5,
        "{before:?}"
    );
    let logins: Vec<_> = h
        .launched
        .demo_logins
        .iter()
        .map(|l| l.email.as_str())
        .collect();
    assert_eq!(
        logins,
        [
            "ada@example.com",
            "grace@example.com",
            "reseller@example.com"
        ]
    );
    let h = h.restart().await;
    assert_eq!(counts(&h).await, before);
    // Logins still work after the restart.
    h.ada().await;
    h.stop().await;
}

#[tokio::test]
async fn an_external_gateway_can_be_used_instead_of_the_sandbox() {
    let first = Harness::start().await;
    let gateway_url = first.launched.gateway_url.clone();
    let second = Harness::start_with(move |c| {
        c.no_gateway = true;
        c.gateway_url = Some(gateway_url);
        c.gateway_publishable_key = Some(portal_gateway_keys::PK.into());
        c.gateway_secret_key = Some(portal_gateway_keys::SK.into());
    })
    .await;
    assert_eq!(second.launched.gateway_url, first.launched.gateway_url);
    let config = second.get("/api/config", None).await;
    assert_eq!(
        config.body["gateway_url"],
        first.launched.gateway_url.as_str()
    );
    let ada = second.ada().await;
    let cards = second.get("/api/payment-methods", Some(&ada)).await;
    assert_eq!(cards.status, StatusCode::OK);
    assert_eq!(
        cards.body["payment_methods"].as_array().unwrap().len(),
        3,
        "demo cards saved at the external gateway"
    );
    second.stop().await;
    first.stop().await;
}

#[tokio::test]
async fn spawned_server_stops_gracefully() {
    let h = Harness::start().await;
    let url = h.launched.portal_url.clone();
    assert!(reqwest::get(format!("{url}/api/config"))
        .await
        .unwrap()
        .status()
        .is_success());
    h.stop().await;
    assert!(
        reqwest::get(format!("{url}/api/config")).await.is_err(),
        "no longer listening"
    );
}

/// The sandbox's demo keys (as `portal-gateway` exports them).
mod portal_gateway_keys {
    pub const PK: &str = "pk_test_demo_4eC39HqLyjWDarjtT1zdp7dc";
    pub const SK: &str = "sk_test_demo_BQokikJOvBiI2HlWgH4olfQ2";
}
