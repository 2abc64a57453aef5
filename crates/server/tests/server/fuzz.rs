//! I1/I2: every documented endpoint, called with hostile input, answers a
//! 4xx (or 2xx) JSON error with a stable code, never a 5xx: also when the
//! body is over the limit (413) or never arrives (408).

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use super::harness::Harness;

/// Larger than the server's 64 KiB body limit.
fn oversized() -> String {
    json!({"email": "a@b.c", "password": "p".repeat(70 * 1024)}).to_string()
}

/// Asserts that an error answer is JSON `{code, message}` with a code.
fn assert_json_error(what: &str, status: StatusCode, content_type: Option<&str>, body: &[u8]) {
    let text = String::from_utf8_lossy(body);
    assert!(
        content_type.is_some_and(|c| c.starts_with("application/json")),
        "{what} → {status} {content_type:?} {text}"
    );
    let body: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let code = body.get("code").and_then(Value::as_str).unwrap_or("");
    assert!(
        !code.is_empty() && body.get("message").and_then(Value::as_str).is_some(),
        "{what} → {status} {text}"
    );
}

/// Sends through `router` and returns the status, content type and body.
async fn send(router: &Router, request: Request<Body>) -> (StatusCode, Option<String>, Bytes) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, content_type, bytes)
}

fn bodies() -> Vec<Option<String>> {
    vec![
        None,
        Some(String::new()),
        Some("null".into()),
        Some("[]".into()),
        Some("\"x\"".into()),
        Some("{".into()),
        Some(json!({}).to_string()),
        Some(json!({"email": 1, "password": [], "token": {}, "amount": "12"}).to_string()),
        Some(json!({"amount": {"amount": 9_223_372_036_854_775_807i64, "currency": "usd"}, "source": {"type": "new_card", "token": "tok_x"}, "billing_address": {"line1": "١٢٣", "city": "x", "postal_code": "1", "country": "US"}}).to_string()),
        Some(json!({"amount": {"amount": -1, "currency": "US$"}, "source": {"type": "saved_card", "payment_method_id": "../../etc"}, "billing_address": {}}).to_string()),
        Some(json!({"exp_month": 4_294_967_295u64, "exp_year": -1}).to_string()),
        Some(json!({"invoice_id": "x", "expires_in": 4_294_967_295u64}).to_string()),
        Some(json!({"email": "a@b.c", "password": "\u{0}\u{202e}", "token": "t".repeat(5000)}).to_string()),
        Some(oversized()),
    ]
}

#[tokio::test]
async fn i1_every_endpoint_survives_hostile_input_without_5xx() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let doc = h.get("/api/openapi.json", None).await.body;
    let odd_ids = [
        "x",
        "%00",
        "inv_%27%20OR%201%3D1--",
        "%E2%80%AE",
        &"a".repeat(300),
    ];
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, _) in ops.as_object().unwrap() {
            let method: Method = method.to_uppercase().parse().unwrap();
            for id in odd_ids {
                let concrete = path.replace("{id}", id).replace("{token}", id);
                for body in bodies() {
                    let shown: Option<String> =
                        body.as_deref().map(|b| b.chars().take(120).collect());
                    for logged_in in [false, true] {
                        let mut builder = Request::builder().method(method.clone()).uri(&concrete);
                        if logged_in {
                            builder = builder
                                .header("cookie", &ada.cookie)
                                .header("x-csrf-token", &ada.csrf);
                        }
                        if method != Method::GET {
                            builder = builder
                                .header("x-requested-with", "portal")
                                .header("idempotency-key", "fuzz-\u{e9}".replace('\u{e9}', "e"));
                        }
                        let request = match &body {
                            Some(b) => builder
                                .header("content-type", "application/json")
                                .header("content-length", b.len())
                                .body(Body::from(b.clone()))
                                .unwrap(),
                            None => builder.body(Body::empty()).unwrap(),
                        };
                        let reply = h.send(request).await;
                        assert!(
                            !reply.status.is_server_error(),
                            "{method} {concrete} {shown:?} → {} {}",
                            reply.status,
                            reply.text
                        );
                        if reply.status.is_client_error() {
                            let code = reply.body.get("code").and_then(Value::as_str).unwrap_or("");
                            assert!(
                                !code.is_empty(),
                                "{method} {concrete} {shown:?} → {} {}",
                                reply.status,
                                reply.text
                            );
                            assert_json_error(
                                &format!("{method} {concrete}"),
                                reply.status,
                                reply.header("content-type"),
                                reply.text.as_bytes(),
                            );
                        }
                    }
                }
            }
        }
    }
    h.stop().await;
}

/// Sends `method path` announcing a 100-byte body and sending one byte,
/// then reads the answer (raw HTTP/1.1 on a blocking thread).
async fn stalled_request(
    addr: SocketAddr,
    host: &str,
    method: &Method,
    path: &str,
    login: &super::harness::Login,
) -> (StatusCode, Option<String>, Bytes) {
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {}\r\nX-CSRF-Token: {}\r\n\
         X-Requested-With: portal\r\nIdempotency-Key: fuzz-stalled\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{{",
        login.cookie, login.csrf
    );
    let raw = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        let mut raw = Vec::new();
        // The server closes after its answer; a read timeout ends it too.
        let _ = stream.read_to_end(&mut raw);
        raw
    })
    .await
    .unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no answer to stalled {method} {path}: {raw:?}"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = Bytes::copy_from_slice(&raw[split + 4..]);
    let status: u16 = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap();
    let content_type = head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("content-type")
            .then(|| value.trim().to_owned())
    });
    (StatusCode::from_u16(status).unwrap(), content_type, body)
}

/// A body over the limit and a body that never ends get the API's error
/// shape with their own codes, on every endpoint that takes a body.
#[tokio::test]
async fn i1_oversized_and_stalled_bodies_answer_json_413_and_408() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let doc = h.get("/api/openapi.json", None).await.body;
    // A short timeout, so a stalled body is cut off quickly.
    let mut state = h.launched.state.clone();
    let mut settings = (*state.settings).clone();
    settings.request_timeout = Duration::from_millis(300);
    state.settings = Arc::new(settings);
    let router = portal_server::app(state);
    // Served for real, so a body can stop half way.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Addressed by the portal's name, as a browser would.
    let portal_host = h
        .launched
        .portal_url
        .trim_start_matches("http://")
        .to_owned();
    let served = router.clone();
    tokio::spawn(async move {
        axum::serve(
            listener,
            served.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    let (mut too_large, mut timed_out) = (0, 0);
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, _) in ops.as_object().unwrap() {
            let method: Method = method.to_uppercase().parse().unwrap();
            if method == Method::GET {
                continue;
            }
            let concrete = path.replace("{id}", "x").replace("{token}", "x");
            for stalled in [false, true] {
                let (status, content_type, bytes) = if stalled {
                    stalled_request(addr, &portal_host, &method, &concrete, &ada).await
                } else {
                    let request = Request::builder()
                        .method(method.clone())
                        .uri(&concrete)
                        .header("cookie", &ada.cookie)
                        .header("x-csrf-token", &ada.csrf)
                        .header("x-requested-with", "portal")
                        .header("idempotency-key", "fuzz-large")
                        .header("content-type", "application/json")
                        .header("content-length", oversized().len())
                        .body(Body::from(oversized()))
                        .unwrap();
                    send(&router, request).await
                };
                let what = format!("{method} {concrete} (stalled: {stalled})");
                assert!(!status.is_server_error(), "{what} → {status}");
                if status.is_client_error() {
                    assert_json_error(&what, status, content_type.as_deref(), &bytes);
                }
                match status {
                    StatusCode::PAYLOAD_TOO_LARGE => {
                        assert!(String::from_utf8_lossy(&bytes).contains("body_too_large"));
                        too_large += 1;
                    }
                    StatusCode::REQUEST_TIMEOUT => {
                        assert!(String::from_utf8_lossy(&bytes).contains("\"timeout\""));
                        timed_out += 1;
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(too_large > 0, "no endpoint answered 413");
    assert!(timed_out > 0, "no endpoint answered 408");
    h.stop().await;
}
