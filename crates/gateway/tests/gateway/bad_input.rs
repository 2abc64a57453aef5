//! I1, I2: bad input gets a clear 4xx JSON error, never a 5xx or a panic.

use portal_gateway::{DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::harness::start;

async fn raw(
    gw: &super::harness::Gateway,
    method: Method,
    path: &str,
    key: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let mut req = gw
        .http
        .request(method, format!("{}{path}", gw.base))
        .bearer_auth(key)
        .header("Idempotency-Key", "bad-input");
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    let res = req.body(body).send().await.expect("send");
    let status = res.status();
    let body = res.json::<Value>().await.unwrap_or(Value::Null);
    (status, body)
}

#[tokio::test]
async fn i2_wrong_content_type_oversized_and_broken_json() {
    let gw = start().await;
    let (status, body) = raw(
        &gw,
        Method::POST,
        "/v1/charges",
        DEMO_SECRET_KEY,
        Some("text/plain"),
        b"{}".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["error"]["code"], "unsupported_media_type");

    let huge = format!("{{\"name\":\"{}\"}}", "a".repeat(64 * 1024));
    let (status, body) = raw(
        &gw,
        Method::POST,
        "/v1/customers",
        DEMO_SECRET_KEY,
        Some("application/json"),
        huge.into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"]["code"], "body_too_large");

    let (status, body) = raw(
        &gw,
        Method::POST,
        "/v1/customers",
        DEMO_SECRET_KEY,
        Some("application/json"),
        b"{\"name\":".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "invalid_json");
}

#[tokio::test]
async fn i1_no_5xx_for_odd_bodies_on_any_endpoint() {
    let gw = start().await;
    let bodies: [&[u8]; 12] = [
        b"",
        b"null",
        b"[]",
        b"\"string\"",
        b"123",
        b"{\"amount\":1e400}",
        b"{\"number\":null,\"exp_month\":{},\"exp_year\":[],\"cvc\":true,\"name\":1}",
        b"{\"token\":1,\"customer\":[]}",
        b"{\"client_secret\":\"\",\"code\":\"\\u0000\"}",
        b"\xff\xfe\xfd",
        b"{\"exp_month\":-99999999999999999999,\"exp_year\":99999999999999999999}",
        b"{\"amount\":9223372036854775807,\"currency\":\"\xc3\xa9\xc3\xa9\xc3\xa9\",\"token\":\"tok_x\"}",
    ];
    let endpoints = [
        (Method::POST, "/v1/tokens", DEMO_PUBLISHABLE_KEY),
        (Method::POST, "/v1/customers", DEMO_SECRET_KEY),
        (Method::POST, "/v1/payment_methods", DEMO_SECRET_KEY),
        (Method::PATCH, "/v1/payment_methods/pm_x", DEMO_SECRET_KEY),
        (Method::POST, "/v1/charges", DEMO_SECRET_KEY),
        (
            Method::POST,
            "/v1/challenges/chal_x/verify",
            DEMO_PUBLISHABLE_KEY,
        ),
        (
            Method::POST,
            "/v1/challenges/chal_x/resend",
            DEMO_PUBLISHABLE_KEY,
        ),
    ];
    for (method, path, key) in &endpoints {
        for body in bodies {
            let (status, reply) = raw(
                &gw,
                method.clone(),
                path,
                key,
                Some("application/json"),
                body.to_vec(),
            )
            .await;
            assert!(
                status.is_client_error(),
                "{method} {path} {body:?}: {status} {reply}"
            );
            assert!(
                reply["error"]["code"]
                    .as_str()
                    .is_some_and(|c| !c.is_empty()),
                "{path}: {reply}"
            );
        }
        // Too many failures would trip the tokenization limit: reset between endpoints.
        gw.clock.advance(3600);
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_are_json_errors() {
    let gw = start().await;
    let reply = gw.send(Method::GET, "/v1/nope", None, &[], None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "not_found");
    let reply = gw
        .send(Method::PUT, "/v1/charges", Some(DEMO_SECRET_KEY), &[], None)
        .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.code(), "method_not_allowed");
    let health = gw.send(Method::GET, "/healthz", None, &[], None).await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.header("cache-control"), Some("no-store"));
    assert_eq!(health.header("x-content-type-options"), Some("nosniff"));
}
