//! Security headers: CSP (B1), framing (B2), nosniff / referrer / no-store / HSTS (B3).

use axum::http::StatusCode;

use super::harness::Harness;

#[tokio::test]
async fn b1_csp_allows_self_wasm_and_the_gateway_only() {
    let h = Harness::start().await;
    let reply = h.get("/api/config", None).await;
    let csp = reply.header("content-security-policy").unwrap();
    let gateway = h.launched.gateway_url.trim_end_matches('/');
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    assert!(csp.contains("object-src 'none'"), "{csp}");
    assert!(csp.contains("base-uri 'none'"), "{csp}");
    assert!(
        csp.contains(&format!("connect-src 'self' {gateway}")),
        "{csp}"
    );
    assert!(csp.contains(&format!("frame-src {gateway}")), "{csp}");
    assert!(csp.contains("form-action 'self'"), "{csp}");
    h.stop().await;
}

#[tokio::test]
async fn b2_frame_ancestors_default_self_and_configurable() {
    let h = Harness::start().await;
    let csp = h
        .get("/", None)
        .await
        .header("content-security-policy")
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    h.stop().await;
    let h = Harness::start_with(|c| c.frame_ancestors = "'self' https://shop.example".into()).await;
    let csp = h
        .get("/", None)
        .await
        .header("content-security-policy")
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("frame-ancestors 'self' https://shop.example;"),
        "{csp}"
    );
    h.stop().await;
}

#[tokio::test]
async fn b3_api_answers_are_nosniff_no_store_with_a_referrer_policy() {
    let h = Harness::start().await;
    for path in ["/api/config", "/api/session", "/api/invoices", "/api/nope"] {
        let reply = h.get(path, None).await;
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{path}");
        assert_eq!(
            reply.header("referrer-policy"),
            Some("strict-origin-when-cross-origin"),
            "{path}"
        );
        assert!(
            reply.header("strict-transport-security").is_none(),
            "no HSTS over http"
        );
    }
    let missing = h.get("/api/nope", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.code(), "not_found");
    h.stop().await;
}

#[tokio::test]
async fn b3_hsts_when_served_over_tls() {
    let h = Harness::start_with(|c| c.public_url = Some("https://pay.example.com".into())).await;
    let reply = h.get("/api/config", None).await;
    assert!(reply
        .header("strict-transport-security")
        .unwrap()
        .contains("max-age="));
    h.stop().await;
}
