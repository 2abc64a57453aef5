//! Throttles and caps under real parallel requests (A7): many requests at
//! once against the spawned server, over HTTP, on a multi-threaded runtime.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::task::JoinSet;

use super::harness::{new_card, req, Harness};

/// POSTs `body` to `path` on the running portal as the SPA does; the status
/// and the JSON answer.
async fn post(
    client: &reqwest::Client,
    h: &Harness,
    path: &str,
    cookie_csrf: Option<(&str, &str)>,
    body: Value,
) -> (StatusCode, Value) {
    let mut request = client
        .post(format!("{}{path}", h.launched.portal_url))
        .header("x-requested-with", "portal")
        .json(&body);
    if let Some((cookie, csrf)) = cookie_csrf {
        request = request
            .header("cookie", cookie)
            .header("x-csrf-token", csrf);
    }
    let response = request.send().await.unwrap();
    let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a7_a_parallel_burst_of_wrong_passwords_gets_at_most_five_checks() {
    let h = Harness::start().await;
    let client = reqwest::Client::new();
    let mut burst = JoinSet::new();
    for i in 0..20 {
        let (client, url) = (client.clone(), h.launched.portal_url.clone());
        burst.spawn(async move {
            let response = client
                .post(format!("{url}/api/session"))
                .header("x-requested-with", "portal")
                .json(
                    &json!({"email": "grace@example.com", "password": format!("wrong-guess-{i}")}),
                )
                .send()
                .await
                .unwrap();
            let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
            (status, response.json::<Value>().await.unwrap())
        });
    }
    let answers = burst.join_all().await;
    let checked = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::UNAUTHORIZED)
        .count();
    let limited = answers
        .iter()
        .filter(|(s, b)| *s == StatusCode::TOO_MANY_REQUESTS && b["code"] == "rate_limited")
        .count();
    assert!(checked <= 5, "{checked} guesses reached the password check");
    assert_eq!(checked + limited, 20, "{answers:?}");
    let (status, body) = post(
        &client,
        &h,
        "/api/session",
        None,
        json!({"email": "grace@example.com", "password": "portal-demo-2"}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("rate_limited")),
        "the right password waits for the cool-down too"
    );
    h.stop().await;
}

#[tokio::test]
async fn a7_invalid_invitation_links_cost_no_hash_and_are_throttled_per_address() {
    let h = Harness::start().await;
    // Every hashing permit held: a request that hashes a password would wait
    // here, so an answer within the time limit is one that hashed nothing.
    let hashing = &h.launched.state.password_hashing;
    let permits = hashing
        .acquire_many(hashing.available_permits() as u32)
        .await
        .unwrap();
    let mut answers = Vec::new();
    for i in 0..11 {
        let body = json!({"token": format!("{i:064x}"), "password": "a strong new password"});
        let answer = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            h.call(Method::POST, "/api/invitations/accept", None, Some(body)),
        )
        .await
        .unwrap_or_else(|_| panic!("an invalid link is answered without hashing the password"));
        answers.push((answer.status, answer.code().to_owned()));
    }
    drop(permits);
    let invalid = (StatusCode::BAD_REQUEST, "invalid_link".to_owned());
    assert!(answers[..10].iter().all(|a| *a == invalid), "{answers:?}");
    assert_eq!(
        answers[10],
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited".to_owned())
    );
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a7_concurrent_card_adds_stay_within_the_cap() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let mut tokens = Vec::new();
    for _ in 0..12 {
        tokens.push(h.token("4242424242424242", "123").await);
    }
    let client = reqwest::Client::new();
    let mut adds = JoinSet::new();
    for token in tokens {
        let (client, url, ada) = (client.clone(), h.launched.portal_url.clone(), ada.clone());
        adds.spawn(async move {
            let response = client
                .post(format!("{url}/api/payment-methods"))
                .header("x-requested-with", "portal")
                .header("cookie", &ada.cookie)
                .header("x-csrf-token", &ada.csrf)
                .json(&json!({"token": token}))
                .send()
                .await
                .unwrap();
            let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
            (status, response.json::<Value>().await.unwrap())
        });
    }
    let answers = adds.join_all().await;
    let refused = answers
        .iter()
        .filter(|(s, b)| *s == StatusCode::CONFLICT && b["code"] == "too_many_cards")
        .count();
    let added = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(added + refused, 12, "{answers:?}");
    assert!(refused >= 1, "{answers:?}");

    let list = h.get("/api/payment-methods", Some(&ada)).await.body;
    let live = list["payment_methods"].as_array().unwrap().len();
    assert!(live <= 10, "{live} cards kept");
    assert_eq!(live, 10, "the cap is reached, not undershot");

    // A refused card is detached at the gateway too: it cannot be charged.
    let state = &h.launched.state;
    let gcus: String = sqlx::query_scalar("SELECT gateway_customer_id FROM customers WHERE id = ?")
        .bind(&ada.customer_id)
        .fetch_one(&state.pool)
        .await
        .unwrap();
    let attached = state.gateway.list_payment_methods(&gcus).await.unwrap();
    assert_eq!(attached.len(), live, "no refused card stays attached");
    h.stop().await;
}

#[tokio::test]
async fn a7_declines_through_a_payment_link_do_not_lock_the_owner_out() {
    let h = Harness::start().await;
    let link = h.launched.demo_payment_link.clone().unwrap();
    let token = link.rsplit("/pay/").next().unwrap().to_owned();
    let pay_by_link = |key: String, card: String| {
        let mut request = req(
            Method::POST,
            &format!("/api/pay-links/{token}/payments"),
            None,
            Some(new_card(100, &card, false, false)),
        );
        request
            .headers_mut()
            .insert("idempotency-key", key.parse().unwrap());
        h.send(request)
    };
    for i in 0..10 {
        let card = h.token("4000000000000002", "123").await;
        let reply = pay_by_link(format!("link-decline-{i}"), card).await;
        assert_eq!(reply.body["status"], "declined", "{}", reply.text);
    }
    // The link's holder is the one throttled...
    let card = h.token("4242424242424242", "123").await;
    let blocked = pay_by_link("link-after".to_owned(), card).await;
    assert_eq!(
        (blocked.status, blocked.code()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    // ...not the invoice's owner, paying with their session.
    let grace = h.grace().await;
    let (invoice, _) = h.invoice(&grace, "overdue").await;
    let card = h.token("4242424242424242", "123").await;
    let paid = h
        .pay(
            &grace,
            &invoice,
            "owner-pays",
            new_card(100, &card, false, false),
        )
        .await;
    assert_eq!(paid.body["status"], "succeeded", "{}", paid.text);
    h.stop().await;
}
