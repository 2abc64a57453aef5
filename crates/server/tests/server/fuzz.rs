//! I1/I2: every documented endpoint, called with hostile input, answers a
//! 4xx (or 2xx) JSON error with a stable code, never a 5xx.

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::{json, Value};

use super::harness::Harness;

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
                                .body(Body::from(b.clone()))
                                .unwrap(),
                            None => builder.body(Body::empty()).unwrap(),
                        };
                        let reply = h.send(request).await;
                        assert!(
                            !reply.status.is_server_error(),
                            "{method} {concrete} {body:?} → {} {}",
                            reply.status,
                            reply.text
                        );
                        if reply.status.is_client_error() {
                            let code = reply.body.get("code").and_then(Value::as_str).unwrap_or("");
                            assert!(
                                !code.is_empty(),
                                "{method} {concrete} {body:?} → {} {}",
                                reply.status,
                                reply.text
                            );
                        }
                    }
                }
            }
        }
    }
    h.stop().await;
}
