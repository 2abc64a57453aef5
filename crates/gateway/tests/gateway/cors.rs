//! A4: CORS on the publishable-key endpoints, exact registered origins only.

use portal_gateway::DEMO_PUBLISHABLE_KEY;
use reqwest::{Method, StatusCode};

use super::harness::{card, other_merchant, start, start_with, PORTAL_ORIGIN};

const PREFLIGHT: &[(&str, &str)] = &[
    ("Access-Control-Request-Method", "POST"),
    (
        "Access-Control-Request-Headers",
        "authorization, content-type",
    ),
];

#[tokio::test]
async fn a4_preflight_from_registered_origin_is_allowed_exactly() {
    let gw = start().await;
    let mut headers = PREFLIGHT.to_vec();
    headers.push(("Origin", PORTAL_ORIGIN));
    let reply = gw
        .send(Method::OPTIONS, "/v1/tokens", None, &headers, None)
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(PORTAL_ORIGIN)
    );
    assert!(reply
        .header("access-control-allow-headers")
        .is_some_and(|h| h.contains("authorization")));
    assert_eq!(reply.header("access-control-allow-credentials"), None);
}

#[tokio::test]
async fn a4_unknown_origin_gets_no_allow_origin_header() {
    let gw = start().await;
    let mut headers = PREFLIGHT.to_vec();
    headers.push(("Origin", "https://evil.test"));
    let preflight = gw
        .send(
            Method::OPTIONS,
            "/v1/challenges/chal_x/verify",
            None,
            &headers,
            None,
        )
        .await;
    assert_eq!(preflight.status, StatusCode::FORBIDDEN);
    assert_eq!(preflight.header("access-control-allow-origin"), None);

    let post = gw
        .send(
            Method::POST,
            "/v1/tokens",
            Some(DEMO_PUBLISHABLE_KEY),
            &[("Origin", "https://evil.test")],
            Some(&card("4242424242424242", "123")),
        )
        .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    assert_eq!(post.code(), "origin_not_allowed");
    assert_eq!(post.header("access-control-allow-origin"), None);
    // Nothing was tokenized.
    assert_eq!(gw.count("SELECT COUNT(*) FROM tokens").await, 0);
}

#[tokio::test]
async fn a4_registered_origin_reads_answers_and_errors_never_star() {
    let gw = start().await;
    let ok = gw
        .send(
            Method::POST,
            "/v1/tokens",
            Some(DEMO_PUBLISHABLE_KEY),
            &[("Origin", PORTAL_ORIGIN)],
            Some(&card("4242424242424242", "123")),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(
        ok.header("access-control-allow-origin"),
        Some(PORTAL_ORIGIN)
    );
    assert_eq!(ok.header("vary"), Some("Origin"));
    let bad = gw
        .send(
            Method::POST,
            "/v1/tokens",
            Some(DEMO_PUBLISHABLE_KEY),
            &[("Origin", PORTAL_ORIGIN)],
            Some(&card("4242424242424241", "123")),
        )
        .await;
    assert_eq!(bad.code(), "invalid_number");
    assert_eq!(
        bad.header("access-control-allow-origin"),
        Some(PORTAL_ORIGIN)
    );
}

#[tokio::test]
async fn a4_origin_of_another_merchant_is_refused_for_this_key() {
    let gw = start_with(|c| c.merchants.push(other_merchant())).await;
    let reply = gw
        .send(
            Method::POST,
            "/v1/tokens",
            Some(DEMO_PUBLISHABLE_KEY),
            &[("Origin", "https://other.test")],
            Some(&card("4242424242424242", "123")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn a4_gateway_own_origin_is_allowed_for_the_card_frame() {
    let gw = start().await;
    let own = gw.base.clone();
    let reply = gw
        .send(
            Method::POST,
            "/v1/tokens",
            Some(DEMO_PUBLISHABLE_KEY),
            &[("Origin", own.as_str())],
            Some(&card("4242424242424242", "123")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(own.as_str())
    );
}

#[tokio::test]
async fn a4_secret_key_endpoints_send_no_cors_headers() {
    let gw = start().await;
    let mut headers = PREFLIGHT.to_vec();
    headers.push(("Origin", PORTAL_ORIGIN));
    let reply = gw
        .send(Method::OPTIONS, "/v1/charges", None, &headers, None)
        .await;
    assert_eq!(reply.header("access-control-allow-origin"), None);
}
