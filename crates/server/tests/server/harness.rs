//! A portal with demo data on ephemeral ports and helpers to call it.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use portal_server::{launch, Config, Launched};
use serde_json::Value;
use tower::ServiceExt;

/// A running portal with its own temporary databases.
pub struct Harness {
    pub launched: Launched,
    pub dir: tempfile::TempDir,
}

/// A response, read.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

/// A logged-in session: its cookie and CSRF token.
#[derive(Debug, Clone)]
pub struct Login {
    pub cookie: String,
    pub csrf: String,
    pub customer_id: String,
}

impl Harness {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::ephemeral(
            dir.path().join("portal.db").display().to_string(),
            dir.path().join("gateway.db").display().to_string(),
        );
        config.demo = true;
        adjust(&mut config);
        let launched = launch(config).await.unwrap();
        Self { launched, dir }
    }

    pub fn router(&self) -> Router {
        portal_server::app(self.launched.state.clone())
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply { status, headers, body, text }
    }

    /// GET as `login` (or nobody).
    pub async fn get(&self, path: &str, login: Option<&Login>) -> Reply {
        self.send(req(Method::GET, path, login, None)).await
    }

    /// A state-changing request with the CSRF header and token.
    pub async fn call(&self, method: Method, path: &str, login: Option<&Login>, body: Option<Value>) -> Reply {
        self.send(req(method, path, login, body)).await
    }

    pub async fn try_login(&self, email: &str, password: &str) -> Reply {
        let body = serde_json::json!({"email": email, "password": password});
        self.call(Method::POST, "/api/session", None, Some(body)).await
    }

    pub async fn login(&self, email: &str, password: &str) -> Login {
        let reply = self.try_login(email, password).await;
        assert_eq!(reply.status, StatusCode::OK, "login failed: {}", reply.text);
        let set_cookie = reply.header("set-cookie").unwrap();
        let cookie = set_cookie.split(';').next().unwrap().to_owned();
        Login {
            cookie,
            csrf: reply.body["csrf_token"].as_str().unwrap().to_owned(),
            customer_id: reply.body["customer"]["id"].as_str().unwrap().to_owned(),
        }
    }

    pub async fn ada(&self) -> Login {
        self.login("ada@example.com", "portal-demo-1").await
    }

    pub async fn grace(&self) -> Login {
        self.login("grace@example.com", "portal-demo-2").await
    }

    pub async fn stop(self) {
        self.launched.shutdown().await;
    }
}

/// A request as the SPA sends it: JSON, `X-Requested-With: portal` and the
/// CSRF token on every non-GET.
pub fn req(method: Method, path: &str, login: Option<&Login>, body: Option<Value>) -> Request<Body> {
    let mut builder = Request::builder().method(method.clone()).uri(path);
    if let Some(l) = login {
        builder = builder.header(header::COOKIE, &l.cookie);
        if method != Method::GET {
            builder = builder.header("x-csrf-token", &l.csrf);
        }
    }
    if method != Method::GET {
        builder = builder.header("x-requested-with", "portal");
    }
    match body {
        Some(b) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}
