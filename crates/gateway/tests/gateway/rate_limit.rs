//! A7: failed tokenizations are throttled per IP and per card number tried;
//! the per-key limit is only a high ceiling that alerts.

use reqwest::StatusCode;

use super::harness::{captured_logs, card, start, start_with};

#[tokio::test]
async fn a7_sixth_failure_from_an_ip_is_refused_with_retry_after() {
    let gw = start().await;
    for i in 0..5 {
        let reply = gw
            .pk_post("/v1/tokens", &card("4242424242424241", "123"))
            .await;
        assert_eq!(reply.code(), "invalid_number", "attempt {i}");
    }
    // The 5th failure trips the limit.
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
    for _ in 0..3 {
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

/// The publishable key is public: a few misbehaving addresses must not lock
/// every customer of the business out of adding a card (issue 13, finding 8).
#[tokio::test]
async fn a7_failures_from_several_addresses_do_not_block_a_fresh_address() {
    let gw = start().await;
    // Six addresses, five failures each: 30 failures for the key, more than the
    // old per-key limit of 25, while every address stays within its own limit.
    for n in 2..8 {
        for i in 0..5 {
            let reply = gw
                .pk_post_from(
                    [127, 0, 0, n],
                    "/v1/tokens",
                    &card("4242424242424241", "123"),
                )
                .await;
            assert_eq!(reply.code(), "invalid_number", "127.0.0.{n}, attempt {i}");
        }
    }
    let fresh = gw
        .pk_post_from(
            [127, 0, 0, 9],
            "/v1/tokens",
            &card("4242424242424242", "123"),
        )
        .await;
    assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.body);
}

/// Card testing from many addresses against one number (guessing its security
/// code or expiry) is throttled on that number, and only on it.
#[tokio::test]
async fn a7_failures_for_one_card_number_from_many_addresses_block_that_number() {
    let gw = start().await;
    let mut failures = 0;
    for n in 2..12 {
        let reply = gw
            .pk_post_from(
                [127, 0, 0, n],
                "/v1/tokens",
                &card("4000000000000002", "12"),
            )
            .await;
        if reply.code() == "rate_limited" {
            break;
        }
        assert_eq!(reply.code(), "invalid_cvc", "127.0.0.{n}");
        failures += 1;
    }
    assert!(
        failures <= 6,
        "{failures} failures for one number were processed"
    );
    let same_card = gw
        .pk_post_from(
            [127, 0, 0, 20],
            "/v1/tokens",
            &card("4000000000000002", "123"),
        )
        .await;
    assert_eq!(same_card.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(same_card.code(), "rate_limited");
    let other_card = gw
        .pk_post_from(
            [127, 0, 0, 20],
            "/v1/tokens",
            &card("4242424242424242", "123"),
        )
        .await;
    assert_eq!(other_card.status, StatusCode::OK, "{}", other_card.body);
}

/// The per-key ceiling still holds, and hitting it raises a security alert.
#[tokio::test]
async fn a7_per_key_ceiling_alerts_when_hit() {
    let gw = start_with(|c| {
        c.rate_limit.max_failures_per_key = 2;
    })
    .await;
    for n in 2..6 {
        let reply = gw
            .pk_post_from(
                [127, 0, 0, n],
                "/v1/tokens",
                &card("4242424242424241", "123"),
            )
            .await;
        if reply.code() == "rate_limited" {
            break;
        }
        assert_eq!(reply.code(), "invalid_number", "127.0.0.{n}");
    }
    let blocked = gw
        .pk_post_from(
            [127, 0, 0, 20],
            "/v1/tokens",
            &card("4242424242424242", "123"),
        )
        .await;
    assert_eq!(blocked.code(), "rate_limited");
    let logs = captured_logs();
    assert!(
        logs.lines()
            .any(|l| l.contains("ERROR") && l.contains("security") && l.contains("ceiling")),
        "no alert in the logs"
    );
}

/// The docs: after 5 failed attempts from one address, every attempt is
/// refused, a good card too (issue 13, finding 9: the 6th was processed).
#[tokio::test]
async fn a7_after_five_failures_the_sixth_attempt_is_refused() {
    let gw = start().await;
    for i in 0..5 {
        let reply = gw
            .pk_post("/v1/tokens", &card("4242424242424241", "123"))
            .await;
        assert_eq!(reply.code(), "invalid_number", "attempt {i}");
    }
    let sixth = gw
        .pk_post("/v1/tokens", &card("4242424242424242", "123"))
        .await;
    assert_eq!(
        sixth.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        sixth.body
    );
    assert_eq!(sixth.code(), "rate_limited");
    assert_eq!(gw.count("SELECT COUNT(*) FROM tokens").await, 0);
}
