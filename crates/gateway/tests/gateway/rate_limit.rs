//! A7: failed tokenizations are throttled per IP and per key.

use reqwest::StatusCode;

use super::harness::{card, start, start_with};

#[tokio::test]
async fn a7_sixth_failure_from_an_ip_is_refused_with_retry_after() {
    let gw = start().await;
    for i in 0..5 {
        let reply = gw
            .pk_post("/v1/tokens", &card("4242424242424241", "123"))
            .await;
        assert_eq!(reply.code(), "invalid_number", "attempt {i}");
    }
    // The 6th failure trips the limit.
    let sixth = gw
        .pk_post("/v1/tokens", &card("4242424242424241", "123"))
        .await;
    assert_eq!(sixth.code(), "invalid_number");
    let blocked = gw
        .pk_post("/v1/tokens", &card("4242424242424242", "123"))
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(blocked.code(), "rate_limited");
    let retry: i64 = blocked
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!(retry > 0 && retry <= 300, "{retry}");
    assert_eq!(gw.count("SELECT COUNT(*) FROM tokens").await, 0);

    // After the cool-down, a good card works again.
    gw.clock.advance(retry);
    let later = gw
        .pk_post("/v1/tokens", &card("4242424242424242", "123"))
        .await;
    assert_eq!(later.status, StatusCode::OK, "{}", later.body);
}

#[tokio::test]
async fn a7_successes_do_not_count_as_failures() {
    let gw = start().await;
    for _ in 0..20 {
        let reply = gw
            .pk_post("/v1/tokens", &card("4242424242424242", "123"))
            .await;
        assert_eq!(reply.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn a7_per_key_limit_applies_across_ips() {
    let gw = start_with(|c| {
        c.rate_limit.max_failures_per_ip = 100;
        c.rate_limit.max_failures_per_key = 3;
    })
    .await;
    for _ in 0..4 {
        let reply = gw
            .pk_post("/v1/tokens", &card("4000000000000000", "123"))
            .await;
        assert_eq!(reply.code(), "invalid_number");
    }
    let blocked = gw
        .pk_post("/v1/tokens", &card("4242424242424242", "123"))
        .await;
    assert_eq!(blocked.code(), "rate_limited");
}
