//! I1/I2: every endpoint in the OpenAPI document, of the customer API and
//! the business API, called with hostile input (fixed bodies, and bodies
//! made from its request schema with each field missing, mistyped or
//! hostile), answers a 4xx (or 2xx) JSON error with a stable code, never a
//! 5xx: also when the body is over the limit (413) or never arrives (408).

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
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

/// Makes a business API key with the `keys create` command, on the
/// harness's database.
async fn make_key(h: &Harness, name: &str) -> String {
    let config = portal_server::Config::ephemeral(
        h.dir.path().join("portal.db").display().to_string(),
        h.dir.path().join("gateway.db").display().to_string(),
    );
    let lines = portal_server::keys(
        &config,
        &portal_server::KeysCommand::Create { name: name.into() },
    )
    .await
    .unwrap();
    lines
        .iter()
        .map(|l| l.trim())
        .find(|l| l.starts_with("psk_"))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no key printed: {lines:?}"))
}

/// The schema `schema` points to, resolved in `doc`.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.trim_start_matches("#/components/schemas/");
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => schema,
    }
}

/// A value `schema` accepts, strings made plausible by their field's name
/// (`known` gives some: ids of things that exist).
fn valid(doc: &Value, schema: &Value, name: &str, known: &Value) -> Value {
    let schema = resolve(doc, schema);
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(first) = schema[key].as_array().and_then(|a| {
            a.iter()
                .find(|s| resolve(doc, s)["type"] != "null")
                .or(a.first())
        }) {
            return valid(doc, first, name, known);
        }
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds
            .iter()
            .find(|k| *k != "null")
            .and_then(Value::as_str)
            .unwrap_or("null"),
        kind => kind.as_str().unwrap_or("object"),
    };
    match kind {
        "object" => Value::Object(
            schema["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), valid(doc, v, k, known)))
                .collect(),
        ),
        "array" => json!([valid(doc, &schema["items"], name, known)]),
        "integer" | "number" => json!(1),
        "boolean" => json!(false),
        "null" => Value::Null,
        _ if known.get(name).is_some() => known[name].clone(),
        _ => json!(match name {
            "email" => "fuzz@example.com",
            n if n.ends_with("_date") => "2026-01-15",
            "currency" => "usd",
            "country" => "US",
            "token" => "tok_fuzz",
            _ => "fuzz",
        }),
    }
}

/// Every leaf of `value` (an object's field or an array's item), as a path.
fn leaves(value: &Value, at: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(o) => o.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => return found.push(at.clone()),
    };
    for (key, child) in children {
        at.push(key);
        leaves(child, at, found);
        at.pop();
    }
}

/// `value` with the leaf at `path` replaced (or removed, with `None`).
fn with(value: &Value, path: &[String], new: Option<Value>) -> Value {
    let mut out = value.clone();
    let mut at = &mut out;
    for key in &path[..path.len() - 1] {
        at = match at {
            Value::Array(a) => &mut a[key.parse::<usize>().unwrap()],
            other => &mut other[key.as_str()],
        };
    }
    let last = &path[path.len() - 1];
    match (at, new) {
        (Value::Object(o), Some(v)) => {
            o.insert(last.clone(), v);
        }
        (Value::Object(o), None) => {
            o.remove(last);
        }
        (Value::Array(a), v) => a[last.parse::<usize>().unwrap()] = v.unwrap_or(Value::Null),
        _ => {}
    }
    out
}

/// Bodies made from an operation's request schema: a valid one, then each
/// field missing, of the wrong type, and hostile in its own type (an enum
/// name nobody knows, a huge or negative number, a long odd string), and an
/// unknown field.
fn schema_bodies(doc: &Value, op: &Value, known: &Value) -> Vec<Option<String>> {
    let schema = &op["requestBody"]["content"]["application/json"]["schema"];
    if schema.is_null() {
        return Vec::new();
    }
    let good = valid(doc, schema, "", known);
    let mut out = vec![good.clone()];
    let mut paths = Vec::new();
    leaves(&good, &mut Vec::new(), &mut paths);
    for path in paths.iter().filter(|p| !p.is_empty()) {
        let leaf = path.iter().fold(&good, |v, k| match v {
            Value::Array(a) => &a[k.parse::<usize>().unwrap()],
            v => &v[k.as_str()],
        });
        let (hostile, wrong) = match leaf {
            Value::String(_) => (
                vec![
                    json!("not_a_known_name"),
                    json!(format!("\u{0}\u{202e}{}", "\u{663}".repeat(3000))),
                    json!(""),
                ],
                json!(12),
            ),
            Value::Number(_) => (
                vec![json!(i64::MAX), json!(-1), json!(0), json!(1.5)],
                json!("12"),
            ),
            _ => (vec![], json!("x")),
        };
        out.push(with(&good, path, None));
        out.push(with(&good, path, Some(wrong)));
        for h in hostile {
            out.push(with(&good, path, Some(h)));
        }
    }
    if let Value::Object(mut o) = good {
        o.insert("zz_unknown".into(), json!(1));
        out.push(Value::Object(o));
    }
    out.into_iter().map(|b| Some(b.to_string())).collect()
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
    let known = json!({"customer": ada.customer_id});
    let mut idempotency = 0_u32;
    let (mut business_ops, mut keyed_answers) = (0, 0);
    // Business writes a body made from the schema got through: the
    // document says what the server takes.
    let mut business_writes = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let business = path.starts_with("/v1/");
        for (method, op) in ops.as_object().unwrap() {
            let from_schema = schema_bodies(&doc, op, &known);
            let method: Method = method.to_uppercase().parse().unwrap();
            // A key of its own for each business operation: the per-key
            // request ceiling never turns the fuzzing into 429s.
            let key = if business {
                business_ops += 1;
                Some(make_key(&h, &format!("fuzz {method} {path}")).await)
            } else {
                None
            };
            for (n, id) in odd_ids.iter().enumerate() {
                let concrete = path.replace("{id}", id).replace("{token}", id);
                // The schema's bodies with the first id, the fixed ones with all.
                let mut all = bodies();
                if n == 0 {
                    all.extend(from_schema.iter().cloned());
                }
                for body in all {
                    let shown: Option<String> =
                        body.as_deref().map(|b| b.chars().take(120).collect());
                    for logged_in in [false, true] {
                        let mut builder = Request::builder().method(method.clone()).uri(&concrete);
                        if logged_in {
                            builder = match &key {
                                Some(key) => {
                                    builder.header("authorization", format!("Bearer {key}"))
                                }
                                None => builder
                                    .header("cookie", &ada.cookie)
                                    .header("x-csrf-token", &ada.csrf),
                            };
                        }
                        if method != Method::GET {
                            idempotency += 1;
                            builder = builder
                                .header("x-requested-with", "portal")
                                .header("idempotency-key", format!("fuzz-{idempotency}"));
                        }
                        let mut request = match &body {
                            Some(b) => builder
                                .header("content-type", "application/json")
                                .header("content-length", b.len())
                                .body(Body::from(b.clone()))
                                .unwrap(),
                            None => builder.body(Body::empty()).unwrap(),
                        };
                        // Without a key, from another address: its failures
                        // lock that address out, not the keyed requests'.
                        if business && !logged_in {
                            request
                                .extensions_mut()
                                .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 2], 40000))));
                        }
                        let reply = h.send(request).await;
                        assert!(
                            !reply.status.is_server_error(),
                            "{method} {concrete} {shown:?} → {} {}",
                            reply.status,
                            reply.text
                        );
                        if business && logged_in {
                            // The key was let in: the handler answered.
                            assert!(
                                reply.status != StatusCode::UNAUTHORIZED
                                    && reply.status != StatusCode::TOO_MANY_REQUESTS,
                                "{method} {concrete} {shown:?} → {} {}",
                                reply.status,
                                reply.text
                            );
                            keyed_answers += 1;
                            if method == Method::POST && reply.status.is_success() {
                                business_writes.insert(path.clone());
                            }
                        }
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
    // The business API is in the document, and was fuzzed past its key check.
    assert!(business_ops >= 10, "{business_ops} business operations");
    assert!(keyed_answers > 0);
    for path in ["/v1/customers", "/v1/invoices"] {
        assert!(
            business_writes.contains(path),
            "no body made from the schema of POST {path} was taken: {business_writes:?}"
        );
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
    key: Option<&str>,
) -> (StatusCode, Option<String>, Bytes) {
    let auth = key
        .map(|k| format!("Authorization: Bearer {k}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {}\r\nX-CSRF-Token: {}\r\n\
         {auth}\
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
    let key = make_key(&h, "fuzz bodies").await;
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
    let (mut too_large, mut timed_out, mut business_too_large) = (0, 0, 0);
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, _) in ops.as_object().unwrap() {
            let method: Method = method.to_uppercase().parse().unwrap();
            if method == Method::GET {
                continue;
            }
            let concrete = path.replace("{id}", "x").replace("{token}", "x");
            // The business API's requests carry the key, the customer API's the session.
            let key = path.starts_with("/v1/").then_some(key.as_str());
            for stalled in [false, true] {
                let (status, content_type, bytes) = if stalled {
                    stalled_request(addr, &portal_host, &method, &concrete, &ada, key).await
                } else {
                    let mut builder = Request::builder()
                        .method(method.clone())
                        .uri(&concrete)
                        .header("cookie", &ada.cookie)
                        .header("x-csrf-token", &ada.csrf);
                    if let Some(key) = key {
                        builder = builder.header("authorization", format!("Bearer {key}"));
                    }
                    let request = builder
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
                        business_too_large += usize::from(key.is_some());
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
    assert!(business_too_large > 0, "no business endpoint answered 413");
    h.stop().await;
}
