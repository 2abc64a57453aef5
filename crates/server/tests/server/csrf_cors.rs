//! CSRF (A3) and CORS (A4).

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::harness::{req, Harness};

#[tokio::test]
async fn a3_state_change_without_the_portal_header_is_refused() {
    let h = Harness::start().await;
    let mut request = req(
        Method::POST,
        "/api/session",
        None,
        Some(json!({"email": "ada@example.com", "password": "portal-demo-1"})),
    );
    request.headers_mut().remove("x-requested-with");
    let reply = h.send(request).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.code(), "csrf_failed");
    assert!(reply.header("set-cookie").is_none(), "no session was made");
    h.stop().await;
}

#[tokio::test]
async fn a3_state_change_without_or_with_a_wrong_csrf_token_is_refused_and_changes_nothing() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    for token in [None, Some("not-the-token")] {
        let mut request = req(Method::DELETE, "/api/session", Some(&ada), None);
        match token {
            None => {
                request.headers_mut().remove("x-csrf-token");
            }
            Some(t) => {
                request
                    .headers_mut()
                    .insert("x-csrf-token", t.parse().unwrap());
            }
        }
        let reply = h.send(request).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert_eq!(reply.code(), "csrf_failed");
        assert_eq!(
            h.get("/api/session", Some(&ada)).await.body["customer"]["email"],
            "ada@example.com",
            "still logged in"
        );
    }
    h.stop().await;
}

#[tokio::test]
async fn a3_a_foreign_origin_is_refused() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let mut request = req(Method::DELETE, "/api/session", Some(&ada), None);
    request
        .headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    let reply = h.send(request).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.code(), "forbidden_origin");
    assert_eq!(
        h.get("/api/session", Some(&ada)).await.body["customer"]["email"],
        "ada@example.com"
    );

    let mut login = req(
        Method::POST,
        "/api/session",
        None,
        Some(json!({"email": "ada@example.com", "password": "portal-demo-1"})),
    );
    login
        .headers_mut()
        .insert("origin", "null".parse().unwrap());
    assert_eq!(h.send(login).await.code(), "forbidden_origin");
    h.stop().await;
}

#[tokio::test]
async fn a3_the_portals_own_origin_passes() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let mut request = req(Method::DELETE, "/api/session", Some(&ada), None);
    request
        .headers_mut()
        .insert("origin", h.launched.portal_url.parse().unwrap());
    assert_eq!(h.send(request).await.status, StatusCode::NO_CONTENT);
    h.stop().await;
}

#[tokio::test]
async fn a3_get_never_changes_state() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    // GET on the session resource reads; it never logs out or in.
    for _ in 0..3 {
        assert_eq!(
            h.get("/api/session", Some(&ada)).await.body["customer"]["email"],
            "ada@example.com"
        );
    }
    let before = h.get("/api/invoices?per_page=100", Some(&ada)).await.body;
    let again = h.get("/api/invoices?per_page=100", Some(&ada)).await.body;
    assert_eq!(before, again);
    h.stop().await;
}

#[tokio::test]
async fn a4_unknown_origins_get_no_cors_headers() {
    let h = Harness::start_with(|c| c.allowed_origins = vec!["https://shop.example".into()]).await;
    let mut request = req(Method::GET, "/api/config", None, None);
    request
        .headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    let reply = h.send(request).await;
    assert!(reply.header("access-control-allow-origin").is_none());

    let preflight = axum::http::Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/session")
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .body(axum::body::Body::empty())
        .unwrap();
    let reply = h.send(preflight).await;
    assert!(reply.header("access-control-allow-origin").is_none());
    h.stop().await;
}

#[tokio::test]
async fn a4_allowed_embed_origin_gets_exact_origin_with_credentials_never_star() {
    let h = Harness::start_with(|c| c.allowed_origins = vec!["https://shop.example".into()]).await;
    let preflight = axum::http::Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/session")
        .header("origin", "https://shop.example")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,x-requested-with,x-csrf-token",
        )
        .body(axum::body::Body::empty())
        .unwrap();
    let reply = h.send(preflight).await;
    assert!(reply.status.is_success());
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://shop.example")
    );
    assert_eq!(
        reply.header("access-control-allow-credentials"),
        Some("true")
    );
    let allowed = reply
        .header("access-control-allow-headers")
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("x-csrf-token") && allowed.contains("x-requested-with"));

    let mut login = req(
        Method::POST,
        "/api/session",
        None,
        Some(json!({"email": "ada@example.com", "password": "portal-demo-1"})),
    );
    login
        .headers_mut()
        .insert("origin", "https://shop.example".parse().unwrap());
    let reply = h.send(login).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://shop.example")
    );
    assert_ne!(reply.header("access-control-allow-origin"), Some("*"));
    h.stop().await;
}

#[tokio::test]
async fn a4_a_wildcard_allowed_origin_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = portal_server::Config::ephemeral(
        dir.path().join("p.db").display().to_string(),
        dir.path().join("g.db").display().to_string(),
    );
    config.allowed_origins = vec!["*".into()];
    let err = portal_server::launch(config).await.unwrap_err();
    assert!(err.to_string().contains("allowed-origin"), "{err}");
}

/// A request as a browser sends it to `host`, from a page on `origin`.
fn addressed(
    mut request: axum::http::Request<axum::body::Body>,
    host: &str,
    origin: Option<&str>,
) -> axum::http::Request<axum::body::Body> {
    request.headers_mut().insert("host", host.parse().unwrap());
    if let Some(origin) = origin {
        request
            .headers_mut()
            .insert("origin", origin.parse().unwrap());
    }
    request
}

fn port_of(url: &str) -> &str {
    url.rsplit(':').next().unwrap()
}

/// DNS rebinding: a page on `evil.example` whose name now points at the
/// portal sends `Host: evil.example:<port>` and a matching `Origin`; it must
/// get neither a session nor any answer, GET included.
#[tokio::test]
async fn a3_a_rebinding_page_whose_origin_matches_its_host_is_refused() {
    let h = Harness::start().await;
    let port = port_of(&h.launched.portal_url).to_owned();
    let evil_host = format!("evil.example:{port}");
    let evil_origin = format!("http://{evil_host}");
    let login = req(
        Method::POST,
        "/api/session",
        None,
        Some(json!({"email": "ada@example.com", "password": "portal-demo-1"})),
    );
    let reply = h
        .send(addressed(login, &evil_host, Some(&evil_origin)))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
    assert_eq!(reply.code(), "forbidden_origin");
    assert!(reply.header("set-cookie").is_none());
    for path in ["/api/config", "/api/dev/outbox", "/api/invoices", "/"] {
        let get = req(Method::GET, path, None, None);
        let reply = h.send(addressed(get, &evil_host, None)).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{path}: {}",
            reply.text
        );
        assert_eq!(reply.code(), "forbidden_origin", "{path}");
    }
    h.stop().await;
}

/// On a laptop the portal answers as `127.0.0.1` and `localhost` on its port,
/// from pages on either name; nothing else of a loopback public URL.
#[tokio::test]
async fn a3_the_loopback_aliases_of_a_loopback_portal_pass() {
    let h = Harness::start().await;
    let port = port_of(&h.launched.portal_url).to_owned();
    for name in ["127.0.0.1", "localhost", "LOCALHOST"] {
        let host = format!("{name}:{port}");
        let login = req(
            Method::POST,
            "/api/session",
            None,
            Some(json!({"email": "ada@example.com", "password": "portal-demo-1"})),
        );
        let reply = h
            .send(addressed(login, &host, Some(&format!("http://{host}"))))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{host}: {}", reply.text);
    }
    // Another port on the same machine is another site.
    let login = req(
        Method::POST,
        "/api/session",
        None,
        Some(json!({"email": "ada@example.com", "password": "portal-demo-1"})),
    );
    let other = format!("http://localhost:1{port}");
    let reply = h
        .send(addressed(login, &format!("localhost:{port}"), Some(&other)))
        .await;
    assert_eq!(reply.code(), "forbidden_origin", "{}", reply.text);
    h.stop().await;
}

/// With a public URL, only its name is answered and only its origin (and
/// the allowed origins) may call; no loopback alias.
#[tokio::test]
async fn a3_a_public_portal_answers_only_its_configured_name() {
    let h = Harness::start_with(|c| {
        c.public_url = Some("https://pay.example.com".into());
        c.allowed_origins = vec!["https://shop.example".into()];
    })
    .await;
    let ok = h
        .send(addressed(
            req(Method::GET, "/api/config", None, None),
            "pay.example.com",
            None,
        ))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    for (host, origin) in [
        ("pay.example.com", "http://pay.example.com"),
        ("evil.example", "https://evil.example"),
        ("127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("localhost", "https://localhost"),
    ] {
        let reply = h
            .send(addressed(
                req(Method::DELETE, "/api/session", None, None),
                host,
                Some(origin),
            ))
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{host} {origin}");
        assert_eq!(reply.code(), "forbidden_origin", "{host} {origin}");
    }
    let embedded = h
        .send(addressed(
            req(Method::DELETE, "/api/session", None, None),
            "pay.example.com",
            Some("https://shop.example"),
        ))
        .await;
    assert_ne!(embedded.code(), "forbidden_origin", "{}", embedded.text);
    h.stop().await;
}
