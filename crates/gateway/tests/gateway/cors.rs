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

/// The port the test gateway listens on.
fn port_of(base: &str) -> &str {
    base.rsplit_once(':').map_or("", |(_, port)| port)
}

/// DNS rebinding (issue 13, finding 3): a page on `evil.example` whose name
/// now resolves to the gateway sends `Host` and `Origin` of its own name. It
/// gets no CORS grant, and the gateway refuses to answer for a name it is not.
#[tokio::test]
async fn a4_dns_rebinding_host_and_origin_get_no_grant_and_a_json_refusal() {
    let gw = start().await;
    let host = format!("evil.example:{}", port_of(&gw.base));
    let origin = format!("http://{host}");
    let post = gw
        .send(
            Method::POST,
            "/v1/tokens",
            Some(DEMO_PUBLISHABLE_KEY),
            &[("Host", host.as_str()), ("Origin", origin.as_str())],
            Some(&card("4242424242424242", "123")),
        )
        .await;
    assert_eq!(post.header("access-control-allow-origin"), None);
    assert!(post.status.is_client_error(), "{}", post.status);
    assert_eq!(post.code(), "unknown_host", "{}", post.body);
    assert_eq!(gw.count("SELECT COUNT(*) FROM tokens").await, 0);

    let mut headers = PREFLIGHT.to_vec();
    headers.push(("Host", host.as_str()));
    headers.push(("Origin", origin.as_str()));
    let preflight = gw
        .send(Method::OPTIONS, "/v1/tokens", None, &headers, None)
        .await;
    assert_eq!(preflight.header("access-control-allow-origin"), None);
    assert_eq!(preflight.code(), "unknown_host", "{}", preflight.body);

    // Same-origin for the rebinding page: the outbox and the frame are refused too.
    for path in ["/v1/sandbox/outbox", "/elements/card/"] {
        let read = gw
            .send(Method::GET, path, None, &[("Host", host.as_str())], None)
            .await;
        assert_eq!(read.code(), "unknown_host", "{path}: {}", read.body);
    }
}

/// On a laptop the gateway's loopback URL may be reached as `localhost` too.
#[tokio::test]
async fn a4_loopback_alias_of_a_loopback_public_url_is_served() {
    let gw = start().await;
    let host = format!("localhost:{}", port_of(&gw.base));
    let origin = format!("http://{host}");
    let reply = gw
        .send(
            Method::POST,
            "/v1/tokens",
            Some(DEMO_PUBLISHABLE_KEY),
            &[("Host", host.as_str()), ("Origin", origin.as_str())],
            Some(&card("4242424242424242", "123")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(origin.as_str())
    );
}

/// Outside loopback, only the configured public host is served.
#[tokio::test]
async fn a4_only_the_configured_public_host_is_served() {
    let gw = start_with(|c| c.public_url = "https://pay-gateway.example.com".into()).await;
    let ok = gw
        .send(
            Method::GET,
            "/v1/sandbox/outbox",
            None,
            &[("Host", "pay-gateway.example.com")],
            None,
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    for host in [
        gw.base.trim_start_matches("http://"),
        "localhost",
        "pay-gateway.example.com.evil.test",
    ] {
        let refused = gw
            .send(
                Method::GET,
                "/v1/sandbox/outbox",
                None,
                &[("Host", host)],
                None,
            )
            .await;
        assert_eq!(refused.code(), "unknown_host", "{host}: {}", refused.body);
    }
}
