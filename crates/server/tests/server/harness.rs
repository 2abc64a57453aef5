//! A portal with demo data on ephemeral ports and helpers to call it.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use portal_server::{launch, Config, KeysCommand, Launched};
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
        config.dev_outbox = true;
        adjust(&mut config);
        let launched = launch(config).await.unwrap();
        Self { launched, dir }
    }

    pub fn router(&self) -> Router {
        portal_server::app(self.launched.state.clone())
    }

    /// Sends through the router as a client on loopback (as the tests are).
    pub async fn send(&self, mut request: Request<Body>) -> Reply {
        if request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .is_none()
        {
            request
                .extensions_mut()
                .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        }
        let response = self.router().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            text,
        }
    }

    /// GET as `login` (or nobody).
    pub async fn get(&self, path: &str, login: Option<&Login>) -> Reply {
        self.send(req(Method::GET, path, login, None)).await
    }

    /// A state-changing request with the CSRF header and token.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        login: Option<&Login>,
        body: Option<Value>,
    ) -> Reply {
        self.send(req(method, path, login, body)).await
    }

    pub async fn try_login(&self, email: &str, password: &str) -> Reply {
        let body = serde_json::json!({"email": email, "password": password});
        self.call(Method::POST, "/api/session", None, Some(body))
            .await
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

    /// How many rows `table` holds.
    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&self.launched.state.pool)
            .await
            .unwrap()
    }

    /// The dev outbox's emails to `to`, oldest first.
    pub async fn emails_to(&self, to: &str) -> Vec<Value> {
        let outbox = self.get("/api/dev/outbox", None).await.body;
        outbox["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["to"] == to)
            .cloned()
            .collect()
    }

    pub async fn stop(self) {
        self.launched.shutdown().await;
    }
}

/// A request as the SPA sends it: JSON, `X-Requested-With: portal` and the
/// CSRF token on every non-GET.
pub fn req(
    method: Method,
    path: &str,
    login: Option<&Login>,
    body: Option<Value>,
) -> Request<Body> {
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

impl Harness {
    /// Tokenizes a sandbox test card at the gateway, as the card frame does.
    pub async fn token(&self, number: &str, cvc: &str) -> String {
        let config = self.get("/api/config", None).await.body;
        let pk = config["publishable_key"].as_str().unwrap().to_owned();
        let reply: Value = reqwest::Client::new()
            .post(format!("{}/v1/tokens", self.launched.gateway_url))
            .bearer_auth(pk)
            .json(&serde_json::json!({"number": number, "exp_month": 12, "exp_year": 2035, "cvc": cvc, "name": "Test Holder"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        reply["id"]
            .as_str()
            .unwrap_or_else(|| panic!("tokenize failed: {reply}"))
            .to_owned()
    }

    /// Pays an invoice with an idempotency key.
    pub async fn pay(&self, login: &Login, invoice_id: &str, key: &str, body: Value) -> Reply {
        let mut request = req(
            Method::POST,
            &format!("/api/invoices/{invoice_id}/payments"),
            Some(login),
            Some(body),
        );
        request
            .headers_mut()
            .insert("idempotency-key", key.parse().unwrap());
        self.send(request).await
    }

    /// The first invoice of `status` (by list order) as (id, balance).
    pub async fn invoice(&self, login: &Login, status: &str) -> (String, i64) {
        let list = self
            .get(&format!("/api/invoices?status={status}"), Some(login))
            .await
            .body;
        let inv = &list["invoices"][0];
        (
            inv["id"].as_str().unwrap().to_owned(),
            inv["balance_due"]["amount"].as_i64().unwrap(),
        )
    }

    pub async fn balance_of(&self, login: &Login, invoice_id: &str) -> i64 {
        self.get(&format!("/api/invoices/{invoice_id}"), Some(login))
            .await
            .body["invoice"]["balance_due"]["amount"]
            .as_i64()
            .unwrap()
    }

    pub async fn default_card(&self, login: &Login) -> String {
        let list = self.get("/api/payment-methods", Some(login)).await.body;
        list["payment_methods"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["is_default"] == true)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Reads the one-time code the sandbox "sent" for a challenge.
    pub async fn otp_code(&self, challenge_id: &str) -> String {
        let outbox: Value = reqwest::get(format!(
            "{}/v1/sandbox/outbox?challenge={challenge_id}",
            self.launched.gateway_url
        ))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        outbox["messages"].as_array().unwrap().last().unwrap()["code"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Verifies a code with the gateway, as the browser does.
    pub async fn verify_otp(&self, challenge: &Value, code: &str) -> Value {
        let config = self.get("/api/config", None).await.body;
        let pk = config["publishable_key"].as_str().unwrap().to_owned();
        reqwest::Client::new()
            .post(format!(
                "{}/v1/challenges/{}/verify",
                self.launched.gateway_url,
                challenge["id"].as_str().unwrap()
            ))
            .bearer_auth(pk)
            .json(&serde_json::json!({"client_secret": challenge["client_secret"], "code": code}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Stops this server and starts a new one on the same databases.
    pub async fn restart(self) -> Self {
        let Harness { launched, dir } = self;
        launched.shutdown().await;
        let mut config = Config::ephemeral(
            dir.path().join("portal.db").display().to_string(),
            dir.path().join("gateway.db").display().to_string(),
        );
        config.demo = true;
        config.dev_outbox = true;
        let launched = launch(config).await.unwrap();
        Self { launched, dir }
    }
}

/// A billing address.
pub fn billing() -> Value {
    serde_json::json!({"line1": "1 Main St", "city": "Springfield", "region": "IL", "postal_code": "62701", "country": "US"})
}

/// A pay request body with a saved card.
pub fn saved(amount: i64, card: &str) -> Value {
    serde_json::json!({
        "amount": {"amount": amount, "currency": "usd"},
        "source": {"type": "saved_card", "payment_method_id": card},
        "billing_address": billing(),
    })
}

/// A pay request body with a new card token.
pub fn new_card(amount: i64, token: &str, save: bool, make_default: bool) -> Value {
    serde_json::json!({
        "amount": {"amount": amount, "currency": "usd"},
        "source": {"type": "new_card", "token": token, "save": save, "make_default": make_default},
        "billing_address": billing(),
    })
}

/// Makes a key with the `keys create` command, on the harness's database.
pub async fn make_key(h: &Harness, name: &str) -> String {
    let config = Config::ephemeral(
        h.dir.path().join("portal.db").display().to_string(),
        h.dir.path().join("gateway.db").display().to_string(),
    );
    let lines = portal_server::keys(&config, &KeysCommand::Create { name: name.into() })
        .await
        .unwrap();
    lines
        .iter()
        .find_map(|l| {
            l.trim()
                .strip_prefix("psk_")
                .map(|rest| format!("psk_{rest}"))
        })
        .unwrap_or_else(|| panic!("no key printed: {lines:?}"))
}

/// A `/v1` request with `key` (if any), an `Idempotency-Key` (if any) and a
/// JSON body (if any).
pub async fn v1(
    h: &Harness,
    method: Method,
    path: &str,
    key: Option<&str>,
    idempotency_key: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(key) = key {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    if let Some(k) = idempotency_key {
        builder = builder.header("idempotency-key", k);
    }
    let request = match body {
        Some(b) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    };
    h.send(request).await
}
