//! Starting a gateway for a test and talking to it.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use portal_gateway::{
    app, serve, GatewayConfig, MerchantConfig, TestClock, DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY,
};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::sync::oneshot;

/// The registered portal origin of the demo merchant in tests.
pub const PORTAL_ORIGIN: &str = "http://portal.test:8080";
/// 2027-01-15T08:00:00Z: test cards expiring 12/2030 are valid.
pub const START: i64 = 1_800_000_000;

/// Every line any gateway in this test binary logged.
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&log_buffer().lock().unwrap_or_else(|e| e.into_inner())).into_owned()
}

fn log_buffer() -> &'static Arc<Mutex<Vec<u8>>> {
    static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUFFER.get_or_init(|| Arc::new(Mutex::new(Vec::new())))
}

#[derive(Clone)]
struct BufferWriter(Arc<Mutex<Vec<u8>>>);

impl Write for BufferWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn install_log_capture() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let buffer = log_buffer().clone();
        let _ = tracing_subscriber::fmt()
            .with_env_filter("portal_gateway=trace,security=trace,tower_http=trace,sqlx=debug")
            .with_ansi(false)
            .with_writer(move || BufferWriter(buffer.clone()))
            .try_init();
    });
}

/// A running gateway.
pub struct Gateway {
    pub base: String,
    pub clock: TestClock,
    pub http: reqwest::Client,
    pub dir: tempfile::TempDir,
    pub db_path: std::path::PathBuf,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Drop for Gateway {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A gateway with the demo merchant (origin [`PORTAL_ORIGIN`]) and the outbox on.
pub async fn start() -> Gateway {
    start_with(|_| {}).await
}

/// A gateway whose demo config `tweak` may change before it starts.
pub async fn start_with(tweak: impl FnOnce(&mut GatewayConfig)) -> Gateway {
    install_log_capture();
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("gateway.db");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let mut config = GatewayConfig::demo(&db_path, PORTAL_ORIGIN);
    config.public_url = base.clone();
    tweak(&mut config);
    let clock = TestClock::new(START);
    let router = app(config, Arc::new(clock.clone()))
        .await
        .expect("gateway starts");
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(serve(listener, router, async {
        let _ = rx.await;
    }));
    Gateway {
        base,
        clock,
        http: reqwest::Client::new(),
        dir,
        db_path,
        shutdown: Some(tx),
    }
}

/// A second merchant, for isolation tests.
pub fn other_merchant() -> MerchantConfig {
    MerchantConfig {
        id: "acct_other".into(),
        name: "Other Shop".into(),
        publishable_key: "pk_test_other_0123456789".into(),
        secret_key: "sk_test_other_0123456789".into(),
        allowed_origins: vec!["https://other.test".into()],
    }
}

/// A response: status, headers and JSON body (`Null` if not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The stable error code, if the body is an error.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

impl Gateway {
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Reply {
        self.send_with(&self.http, method, path, key, headers, body)
            .await
    }

    /// POST with the publishable key from another client address
    /// (`127.0.0.x`: every address of 127.0.0.0/8 is the loopback on Linux).
    pub async fn pk_post_from(&self, address: [u8; 4], path: &str, body: &Value) -> Reply {
        let client = reqwest::Client::builder()
            .local_address(std::net::IpAddr::from(address))
            .build()
            .expect("client");
        self.send_with(
            &client,
            Method::POST,
            path,
            Some(DEMO_PUBLISHABLE_KEY),
            &[],
            Some(body),
        )
        .await
    }

    async fn send_with(
        &self,
        client: &reqwest::Client,
        method: Method,
        path: &str,
        key: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Reply {
        let mut req = client.request(method, format!("{}{path}", self.base));
        if let Some(key) = key {
            req = req.bearer_auth(key);
        }
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.bytes().await.expect("body read");
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        assert!(
            !status.is_server_error(),
            "{path} answered {status}: {body}"
        );
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn pk_post(&self, path: &str, body: &Value) -> Reply {
        self.send(
            Method::POST,
            path,
            Some(DEMO_PUBLISHABLE_KEY),
            &[],
            Some(body),
        )
        .await
    }

    pub async fn sk_post(&self, path: &str, body: &Value) -> Reply {
        self.send(Method::POST, path, Some(DEMO_SECRET_KEY), &[], Some(body))
            .await
    }

    pub async fn sk_get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, Some(DEMO_SECRET_KEY), &[], None)
            .await
    }

    /// POST /v1/charges with an idempotency key.
    pub async fn charge(&self, key: &str, body: &Value) -> Reply {
        self.send(
            Method::POST,
            "/v1/charges",
            Some(DEMO_SECRET_KEY),
            &[("Idempotency-Key", key)],
            Some(body),
        )
        .await
    }

    /// Tokenizes a card (expiry 12/2030, name "Ada Lovelace"), asserting success.
    pub async fn token(&self, number: &str, cvc: &str) -> String {
        let reply = self.pk_post("/v1/tokens", &card(number, cvc)).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "tokenizing {number}: {}",
            reply.body
        );
        reply.body["id"].as_str().expect("token id").to_owned()
    }

    pub async fn customer(&self) -> String {
        let reply = self
            .sk_post(
                "/v1/customers",
                &json!({"email": "ada@example.com", "name": "Ada"}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.body["id"].as_str().expect("customer id").to_owned()
    }

    /// A saved payment method for `number` on a new customer.
    pub async fn payment_method(&self, number: &str) -> String {
        let token = self.token(number, cvc_for(number)).await;
        let customer = self.customer().await;
        let reply = self
            .sk_post(
                "/v1/payment_methods",
                &json!({"token": token, "customer": customer}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.body["id"].as_str().expect("pm id").to_owned()
    }

    /// Charges `amount` usd to a fresh token of `number`.
    pub async fn charge_card(&self, number: &str, amount: i64) -> Reply {
        let token = self.token(number, cvc_for(number)).await;
        let key = unique_key();
        self.charge(
            &key,
            &json!({"amount": amount, "currency": "usd", "token": token}),
        )
        .await
    }

    /// The newest code sent for a challenge, read from the sandbox outbox.
    pub async fn outbox_code(&self, challenge: &str) -> String {
        let reply = self
            .send(
                Method::GET,
                &format!("/v1/sandbox/outbox?challenge={challenge}"),
                None,
                &[],
                None,
            )
            .await;
        let messages = reply.body["messages"].as_array().expect("messages").clone();
        let last = messages.last().expect("a message for the challenge");
        assert_eq!(last["to"], "phone ending 42");
        last["code"].as_str().expect("code").to_owned()
    }

    /// Counts rows of a table (the test reads the gateway's own file).
    pub async fn count(&self, sql: &str) -> i64 {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", self.db_path.display()))
            .await
            .expect("open db");
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&pool).await.expect("count");
        pool.close().await;
        n
    }

    /// Every row of every table as text, plus the raw bytes of the database files.
    pub async fn dump(&self) -> String {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", self.db_path.display()))
            .await
            .expect("open db");
        let tables: Vec<(String,)> =
            sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table'")
                .fetch_all(&pool)
                .await
                .expect("tables");
        let mut out = String::new();
        for (table,) in tables {
            let columns: Vec<(String,)> =
                sqlx::query_as(&format!("SELECT name FROM pragma_table_info('{table}')"))
                    .fetch_all(&pool)
                    .await
                    .expect("columns");
            let select = columns
                .iter()
                .map(|(c,)| format!("quote(\"{c}\")"))
                .collect::<Vec<_>>()
                .join(" || '|' || ");
            let rows: Vec<(String,)> = sqlx::query_as(&format!("SELECT {select} FROM \"{table}\""))
                .fetch_all(&pool)
                .await
                .expect("rows");
            out.push_str(&format!("== {table}\n"));
            for (row,) in rows {
                out.push_str(&row);
                out.push('\n');
            }
        }
        pool.close().await;
        for entry in std::fs::read_dir(self.dir.path()).expect("dir") {
            let path = entry.expect("entry").path();
            out.push_str(&String::from_utf8_lossy(
                &std::fs::read(&path).unwrap_or_default(),
            ));
        }
        out
    }
}

/// A tokenization body for `number` expiring 12/2030.
pub fn card(number: &str, cvc: &str) -> Value {
    json!({"number": number, "exp_month": 12, "exp_year": 2030, "cvc": cvc, "name": "Ada Lovelace"})
}

/// The right security code length for a test card.
pub fn cvc_for(number: &str) -> &'static str {
    if number.starts_with("34") || number.starts_with("37") {
        "7373"
    } else {
        "737"
    }
}

/// A fresh idempotency key.
pub fn unique_key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "test-key-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}
