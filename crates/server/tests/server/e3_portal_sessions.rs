//! Portal sessions (E3): a business key mints a one-time sign-in URL for a
//! customer; the portal redeems its token once, within five minutes, for an
//! ordinary session of that customer and no other.

use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};

use super::harness::{make_key, v1, Harness, Login, Reply};

async fn mint(h: &Harness, key: &str, idempotency_key: &str, body: Value) -> Reply {
    v1(
        h,
        Method::POST,
        "/v1/portal-sessions",
        Some(key),
        Some(idempotency_key),
        Some(body),
    )
    .await
}

fn token_of(session: &Value) -> String {
    session["url"]
        .as_str()
        .unwrap()
        .split_once("/portal-session#")
        .unwrap()
        .1
        .to_owned()
}

async fn redeem(h: &Harness, token: &str) -> Reply {
    h.call(
        Method::POST,
        "/api/portal-sessions/redeem",
        None,
        Some(json!({ "token": token })),
    )
    .await
}

#[tokio::test]
async fn e3_a_portal_session_logs_its_customer_in_once() {
    let h = Harness::start().await;
    let key = make_key(&h, "website").await;
    let grace = h.grace().await;
    let minted = mint(
        &h,
        &key,
        "sso-1",
        json!({"customer": grace.customer_id, "return_url": "https://shop.example.com/account"}),
    )
    .await;
    assert_eq!(minted.status, StatusCode::CREATED, "{}", minted.text);
    assert!(minted.body["id"].as_str().unwrap().starts_with("ps_"));
    assert_eq!(minted.body["customer"], grace.customer_id.as_str());
    assert_eq!(
        minted.body["return_url"],
        "https://shop.example.com/account"
    );
    let token = token_of(&minted.body);
    assert!(token.len() >= 32, "at least 128 random bits");

    let signed_in = redeem(&h, &token).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    assert_eq!(signed_in.body["customer"]["id"], grace.customer_id.as_str());
    let cookie = signed_in
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let session = Login {
        cookie,
        csrf: signed_in.body["csrf_token"].as_str().unwrap().to_owned(),
        customer_id: grace.customer_id.clone(),
    };
    let me = h.get("/api/session", Some(&session)).await;
    assert_eq!(me.body["customer"]["email"], "grace@example.com");
    assert_eq!(
        h.get("/api/summary", Some(&session)).await.status,
        StatusCode::OK
    );

    // Single use.
    let again = redeem(&h, &token).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.text);
    assert_eq!(again.code(), "invalid_link");
    assert!(again.header("set-cookie").is_none());

    // Only its hash is stored.
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM portal_sessions")
        .fetch_all(&h.launched.state.pool)
        .await
        .unwrap();
    assert!(stored.iter().all(|hash| hash != &token));
    h.stop().await;
}

#[tokio::test]
async fn e3_expired_and_archived_customers_portal_sessions_are_refused() {
    let h = Harness::start().await;
    let key = make_key(&h, "website").await;
    let grace = h.grace().await;
    let minted = mint(&h, &key, "sso-old", json!({"customer": grace.customer_id})).await;
    sqlx::query("UPDATE portal_sessions SET expires_at = expires_at - 301")
        .execute(&h.launched.state.pool)
        .await
        .unwrap();
    let late = redeem(&h, &token_of(&minted.body)).await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
    assert_eq!(late.code(), "invalid_link");

    // Minted, then the customer was archived: no sign-in.
    let made = v1(
        &h,
        Method::POST,
        "/v1/customers",
        Some(&key),
        Some("new-customer"),
        Some(json!({"name": "Mary Jackson", "email": "mary@example.com"})),
    )
    .await;
    let mary = made.body["id"].as_str().unwrap();
    let minted = mint(&h, &key, "sso-mary", json!({"customer": mary})).await;
    assert_eq!(minted.status, StatusCode::CREATED);
    v1(
        &h,
        Method::POST,
        &format!("/v1/customers/{mary}/archive"),
        Some(&key),
        Some("archive-mary"),
        None,
    )
    .await;
    let archived = redeem(&h, &token_of(&minted.body)).await;
    assert_eq!(archived.code(), "invalid_link");
    let refused = mint(&h, &key, "sso-mary-2", json!({"customer": mary})).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.code(), "invalid_field");
    h.stop().await;
}

#[tokio::test]
async fn bad_portal_session_requests_are_refused_and_change_nothing() {
    let h = Harness::start().await;
    let key = make_key(&h, "website").await;
    let grace = h.grace().await;
    let before = h.count("portal_sessions").await;
    for (body, code) in [
        (json!({"customer": "cus_nope"}), "invalid_field"),
        (
            json!({"customer": grace.customer_id, "return_url": "http://shop.example.com/"}),
            "invalid_field",
        ),
        (
            json!({"customer": grace.customer_id, "return_url": "javascript:alert(1)"}),
            "invalid_field",
        ),
        (
            json!({"customer": grace.customer_id, "return_url": "/account"}),
            "invalid_field",
        ),
        (
            json!({"customer": grace.customer_id, "extra": 1}),
            "invalid_request",
        ),
        (json!({"customer": 7}), "invalid_request"),
    ] {
        let reply = mint(&h, &key, &format!("bad-{body}"), body.clone()).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            reply.text
        );
        assert_eq!(reply.code(), code, "{body}");
    }
    assert_eq!(
        h.count("portal_sessions").await,
        before,
        "nothing was stored"
    );

    // A customer's session is no key for minting.
    let with_cookie = h
        .send(
            axum::http::Request::post("/v1/portal-sessions")
                .header(header::COOKIE, &grace.cookie)
                .header("idempotency-key", "cookie")
                .header(header::CONTENT_TYPE, "application/json")
                .body(axum::body::Body::from(
                    json!({"customer": grace.customer_id}).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(with_cookie.status, StatusCode::UNAUTHORIZED);
    assert_eq!(h.count("portal_sessions").await, before);
    h.stop().await;
}

#[tokio::test]
async fn a7_guessed_portal_session_tokens_are_throttled_per_address() {
    let h = Harness::start().await;
    let mut statuses = Vec::new();
    for i in 0..12 {
        statuses.push(redeem(&h, &format!("{i:064x}")).await.status);
    }
    assert!(
        statuses[..10].iter().all(|s| *s == StatusCode::BAD_REQUEST),
        "{statuses:?}"
    );
    assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
    h.stop().await;
}
