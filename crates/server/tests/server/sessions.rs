//! Log in, log out, cookies (A1), rotation (A2), enumeration (A6), rate limits (A7).

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::harness::{req, Harness};

#[tokio::test]
async fn a1_session_cookie_is_httponly_samesite_path_root() {
    let h = Harness::start().await;
    let reply = h.try_login("ada@example.com", "portal-demo-1").await;
    assert_eq!(reply.status, StatusCode::OK);
    let cookie = reply.header("set-cookie").unwrap();
    assert!(cookie.starts_with("portal_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http cannot keep a Secure cookie: {cookie}"
    );
    assert_eq!(reply.body["customer"]["email"], "ada@example.com");
    assert_eq!(reply.body["customer"]["name"], "Ada Lovelace");
    h.stop().await;
}

#[tokio::test]
async fn a1_over_https_the_cookie_is_secure_and_host_prefixed() {
    let h = Harness::start_with(|c| c.public_url = Some("https://pay.example.com".into())).await;
    let body = json!({"email": "ada@example.com", "password": "portal-demo-1"});
    let mut request = req(Method::POST, "/api/session", None, Some(body));
    request
        .headers_mut()
        .insert("origin", "https://pay.example.com".parse().unwrap());
    let reply = h.send(request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let cookie = reply.header("set-cookie").unwrap();
    assert!(cookie.starts_with("__Host-portal_session="), "{cookie}");
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(
        cookie.contains("Path=/") && !cookie.contains("Domain"),
        "{cookie}"
    );
    h.stop().await;
}

#[tokio::test]
async fn a2_new_session_id_at_every_login_and_dead_after_logout() {
    let h = Harness::start().await;
    let first = h.ada().await;
    let second = h.ada().await;
    assert_ne!(first.cookie, second.cookie, "a new id at each login");
    assert_ne!(first.csrf, second.csrf);

    let me = h.get("/api/session", Some(&first)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["csrf_token"], first.csrf.as_str());

    let out = h
        .call(Method::DELETE, "/api/session", Some(&first), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    // Asking who is logged in is not an error: nobody is.
    let after = h.get("/api/session", Some(&first)).await;
    assert_eq!(after.status, StatusCode::OK);
    assert_eq!(after.body, serde_json::Value::Null);
    let invoices = h.get("/api/invoices", Some(&first)).await;
    assert_eq!(invoices.status, StatusCode::UNAUTHORIZED);
    // The other session is untouched.
    assert_eq!(
        h.get("/api/session", Some(&second)).await.status,
        StatusCode::OK
    );
    h.stop().await;
}

#[tokio::test]
async fn a2_logging_in_again_replaces_the_old_session() {
    let h = Harness::start().await;
    let old = h.ada().await;
    let body = json!({"email": "grace@example.com", "password": "portal-demo-2"});
    let mut request = req(Method::POST, "/api/session", Some(&old), Some(body));
    request.headers_mut().remove("x-csrf-token");
    let reply = h.send(request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body["customer"]["email"], "grace@example.com");
    // The old cookie names nobody; the new session is Grace's.
    assert_eq!(
        h.get("/api/session", Some(&old)).await.body,
        serde_json::Value::Null
    );
    let new = reply.header("set-cookie").unwrap_or_default().to_string();
    assert!(new.contains("portal_session="), "{new}");
    h.stop().await;
}

#[tokio::test]
async fn a6_unknown_email_and_wrong_password_get_the_same_answer() {
    let h = Harness::start().await;
    let wrong = h.try_login("ada@example.com", "not-the-password").await;
    let unknown = h.try_login("nobody@example.com", "not-the-password").await;
    let no_password_yet = h
        .try_login("katherine@example.com", "anything-at-all")
        .await;
    for reply in [&wrong, &unknown, &no_password_yet] {
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            reply.body,
            json!({"code": "invalid_credentials", "message": "Email or password is incorrect."})
        );
        assert!(reply.header("set-cookie").is_none());
    }
    h.stop().await;
}

#[tokio::test]
async fn a6_login_email_is_case_insensitive_and_trimmed() {
    let h = Harness::start().await;
    let reply = h.try_login("  ADA@Example.com ", "portal-demo-1").await;
    assert_eq!(reply.status, StatusCode::OK);
    h.stop().await;
}

#[tokio::test]
async fn a7_login_failures_per_account_are_throttled() {
    let h = Harness::start().await;
    for _ in 0..5 {
        let r = h.try_login("grace@example.com", "wrong-password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let blocked = h.try_login("grace@example.com", "portal-demo-2").await;
    assert_eq!(
        blocked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert_eq!(blocked.code(), "rate_limited");
    let retry: u64 = blocked.header("retry-after").unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 15 * 60);
    // Another account is not affected.
    assert_eq!(
        h.try_login("ada@example.com", "portal-demo-1").await.status,
        StatusCode::OK
    );
    h.stop().await;
}

#[tokio::test]
async fn a7_login_failures_per_ip_are_throttled_across_accounts() {
    let h = Harness::start().await;
    let mut statuses = Vec::new();
    for i in 0..21 {
        let r = h.try_login(&format!("guess{i}@example.com"), "wrong").await;
        statuses.push(r.status);
    }
    assert!(statuses[..20]
        .iter()
        .all(|s| *s == StatusCode::UNAUTHORIZED));
    assert_eq!(statuses[20], StatusCode::TOO_MANY_REQUESTS);
    h.stop().await;
}

#[tokio::test]
async fn i2_bad_login_bodies_get_clear_json_errors() {
    let h = Harness::start().await;
    let not_json = h
        .send(
            axum::http::Request::builder()
                .method(Method::POST)
                .uri("/api/session")
                .header("x-requested-with", "portal")
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(not_json.code(), "invalid_json");
    let wrong_type = h
        .send(
            axum::http::Request::builder()
                .method(Method::POST)
                .uri("/api/session")
                .header("x-requested-with", "portal")
                .header("content-type", "text/plain")
                .body(axum::body::Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(wrong_type.code(), "unsupported_media_type");
    let missing = h
        .call(
            Method::POST,
            "/api/session",
            None,
            Some(json!({"email": "a@b.c"})),
        )
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.code(), "invalid_request");
    let extra = h
        .call(
            Method::POST,
            "/api/session",
            None,
            Some(json!({"email": "a@b.c", "password": "x", "admin": true})),
        )
        .await;
    assert_eq!(extra.code(), "invalid_request");
    let huge = h
        .call(
            Method::POST,
            "/api/session",
            None,
            Some(json!({"email": "a", "password": "x".repeat(100_000)})),
        )
        .await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(huge.code(), "body_too_large");
    h.stop().await;
}

#[tokio::test]
async fn spawned_server_login_invoices_logout_over_http() {
    let h = Harness::start().await;
    let base = h.launched.portal_url.clone();
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let config: serde_json::Value = client
        .get(format!("{base}/api/config"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config["business_name"], "Northwind Supplies");
    assert_eq!(config["gateway_url"], h.launched.gateway_url.as_str());
    let gw: serde_json::Value = client
        .get(format!("{}/healthz", h.launched.gateway_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        gw["status"], "ok",
        "the sandbox gateway runs beside the portal"
    );

    let login = client
        .post(format!("{base}/api/session"))
        .header("x-requested-with", "portal")
        .header("origin", &base)
        .json(&json!({"email": "ada@example.com", "password": "portal-demo-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let session: portal_api::SessionResponse = login.json().await.unwrap();
    let list: portal_api::InvoiceListResponse = client
        .get(format!("{base}/api/invoices"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.per_page, 20);
    assert!(list.total >= 45);
    let out = client
        .delete(format!("{base}/api/session"))
        .header("x-requested-with", "portal")
        .header("x-csrf-token", &session.csrf_token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let after = client
        .get(format!("{base}/api/invoices"))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);
    h.stop().await;
}
