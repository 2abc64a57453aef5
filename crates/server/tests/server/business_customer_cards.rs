//! Staff see a customer's saved cards and their history through the
//! business API, read only, with no more card data than the customer sees
//! (C5), and only with a key (A3).

use axum::http::{header, Method, StatusCode};
use serde_json::Value;

use super::harness::{make_key, v1, Harness};

#[tokio::test]
async fn c5_staff_see_a_customers_cards_and_history_as_the_customer_does() {
    let h = Harness::start().await;
    let key = make_key(&h, "support desk").await;
    let ada = h.ada().await;
    let own = h.get("/api/payment-methods", Some(&ada)).await.body;
    let staff = v1(
        &h,
        Method::GET,
        &format!("/v1/customers/{}/payment-methods", ada.customer_id),
        Some(&key),
        None,
        None,
    )
    .await;
    assert_eq!(staff.status, StatusCode::OK, "{}", staff.text);
    assert_eq!(staff.body, own, "the same cards, the same fields");
    let cards = staff.body["payment_methods"].as_array().unwrap();
    assert!(!cards.is_empty());
    let allowed = [
        "id",
        "brand",
        "last4",
        "exp_month",
        "exp_year",
        "name",
        "is_default",
        "expired",
        "expiring_soon",
        "billing_address",
        "created_at",
    ];
    for card in cards {
        for field in card.as_object().unwrap().keys() {
            assert!(
                allowed.contains(&field.as_str()),
                "{field} is card data too many"
            );
        }
    }

    let history = v1(
        &h,
        Method::GET,
        &format!("/v1/customers/{}/payment-method-history", ada.customer_id),
        Some(&key),
        None,
        None,
    )
    .await;
    assert_eq!(
        history.body,
        h.get("/api/payment-methods/history", Some(&ada)).await.body
    );
    assert!(!history.body["events"].as_array().unwrap().is_empty());

    // Another customer's list holds none of Ada's cards.
    let grace = h.grace().await;
    let theirs = v1(
        &h,
        Method::GET,
        &format!("/v1/customers/{}/payment-methods", grace.customer_id),
        Some(&key),
        None,
        None,
    )
    .await;
    let ada_ids: Vec<&Value> = cards.iter().map(|c| &c["id"]).collect();
    assert!(theirs.body["payment_methods"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| !ada_ids.contains(&&c["id"])));

    for path in ["payment-methods", "payment-method-history"] {
        let unknown = v1(
            &h,
            Method::GET,
            &format!("/v1/customers/cus_nope/{path}"),
            Some(&key),
            None,
            None,
        )
        .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{path}");
        // A customer's cookie is no key.
        let with_cookie = h
            .send(
                axum::http::Request::get(format!("/v1/customers/{}/{path}", ada.customer_id))
                    .header(header::COOKIE, &ada.cookie)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(with_cookie.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    h.stop().await;
}
