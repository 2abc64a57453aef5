//! The generated OpenAPI document (`GET /api/openapi.json`) against the
//! routes the server serves: every route is documented and every documented
//! operation is served, with the security and headers each API asks for.

use std::collections::BTreeSet;
use std::path::Path;

use axum::http::StatusCode;
use serde_json::Value;

use super::harness::Harness;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Every `.route("path", get(..).post(..))` in the files under `dir`, as
/// `(method, prefix + path)`.
fn routes_in(dir: &Path, prefix: &str, found: &mut BTreeSet<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            routes_in(&path, prefix, found);
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for (_, rest) in source
            .match_indices(".route(")
            .map(|(i, _)| source.split_at(i + 7))
        {
            // The call's text, to its closing parenthesis.
            let mut depth = 1;
            let end = rest
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map(|(i, _)| i)
                .unwrap_or_else(|| panic!("unclosed .route( in {}", path.display()));
            let call = &rest[..end];
            let route = call.split('"').nth(1).unwrap_or_else(|| {
                panic!("a .route( without a literal path in {}", path.display())
            });
            let handlers = &call[call.find(',').unwrap()..];
            let mut methods = 0;
            for method in METHODS {
                let called = handlers.match_indices(&format!("{method}(")).any(|(i, _)| {
                    i == 0
                        || !handlers.as_bytes()[i - 1].is_ascii_alphanumeric()
                            && handlers.as_bytes()[i - 1] != b'_'
                });
                if called {
                    found.insert((method.to_owned(), format!("{prefix}{route}")));
                    methods += 1;
                }
            }
            assert!(
                methods > 0,
                "no method in .route({call}) in {}",
                path.display()
            );
        }
    }
}

/// Every operation of the document, as `(method, path)`.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if METHODS.contains(&method.as_str()) {
                ops.insert((method.clone(), path.clone()));
            }
        }
    }
    ops
}

#[tokio::test]
async fn openapi_documents_every_route_and_only_those() {
    let h = Harness::start().await;
    let doc = h.get("/api/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut served = BTreeSet::new();
    // `/api` routes carry their whole path; the `/v1` router is nested.
    routes_in(&src.join("routes"), "", &mut served);
    routes_in(&src.join("v1"), "/v1", &mut served);
    assert!(served.len() > 30, "the route scan found {served:?}");
    let documented = documented(&doc.body);
    let undocumented: Vec<_> = served.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "served but not in the document (see routes/openapi.rs): {undocumented:?}"
    );
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        unserved.is_empty(),
        "in the document but not served: {unserved:?}"
    );
    h.stop().await;
}

#[tokio::test]
async fn openapi_names_each_apis_security_and_headers() {
    let h = Harness::start().await;
    let doc = h.get("/api/openapi.json", None).await.body;
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["api_key"]["scheme"], "bearer");
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["session"]["name"], "portal_session");
    assert_eq!(schemes["csrf"]["name"], "X-CSRF-Token");
    let header_names = |op: &Value| -> Vec<String> {
        op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "header")
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut operation_ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap().to_owned();
            assert!(operation_ids.insert(id.clone()), "{id} twice");
            let security = op["security"].to_string();
            let headers = header_names(op);
            if path.starts_with("/v1/") {
                assert_eq!(security, r#"[{"api_key":[]}]"#, "{method} {path}");
                assert!(op["responses"]["401"].is_object(), "{method} {path}");
                if method == "post" {
                    assert!(
                        headers.contains(&"Idempotency-Key".into()),
                        "{method} {path}"
                    );
                }
            } else {
                assert!(path.starts_with("/api/"), "{path}");
                assert!(!security.contains("api_key"), "{method} {path}");
                if method != "get" {
                    assert!(
                        headers.contains(&"X-Requested-With".into()),
                        "{method} {path}"
                    );
                }
            }
            for (status, response) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') || status.starts_with('5') {
                    assert_eq!(
                        response["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ApiErrorBody",
                        "{method} {path} {status}"
                    );
                }
            }
        }
    }
    // A logged-in write needs the CSRF token too; logging in needs no session.
    assert_eq!(
        doc["paths"]["/api/payment-methods"]["post"]["security"].to_string(),
        r#"[{"csrf":[],"session":[]}]"#
    );
    assert_eq!(
        doc["paths"]["/api/session"]["post"]["security"].to_string(),
        "[{}]"
    );
    // The wire enums list their names, for clients and the fuzz test.
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["PaymentStatus"]["enum"],
        serde_json::json!([
            "pending",
            "requires_action",
            "succeeded",
            "declined",
            "failed"
        ])
    );
    assert!(schemas["ErrorCode"]["enum"]
        .as_array()
        .unwrap()
        .contains(&"idempotency_key_reused".into()));
    assert_eq!(
        schemas["InvoiceStatus"]["enum"],
        serde_json::json!(["open", "overdue", "partially_paid", "paid"])
    );
    h.stop().await;
}
