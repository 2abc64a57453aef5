//! P3: the real server binary killed with SIGKILL while payments are in
//! flight, then restarted on the same databases, loses no payment and
//! charges no one twice; retries with the same keys get the true outcome.

#![expect(clippy::unwrap_used, reason = "tests unwrap: a panic is their failure")]

use std::process::Stdio;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const PAYMENTS: usize = 24;
const AMOUNT: i64 = 100;

async fn start(dir: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--gateway-addr",
            "127.0.0.1:0",
            "--demo",
        ])
        .arg("--db")
        .arg(dir.join("portal.db"))
        .arg("--gateway-db")
        .arg(dir.join("gateway.db"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = tokio::time::timeout(Duration::from_secs(120), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(url) = line.trim().strip_prefix("Portal:") {
                return url.trim().to_owned();
            }
        }
        panic!("the server exited before printing its URL");
    })
    .await
    .unwrap();
    // Keep draining stdout so the server never blocks on it.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, url)
}

struct Client {
    http: reqwest::Client,
    base: String,
    csrf: String,
}

async fn login(base: &str) -> Client {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let session: Value = http
        .post(format!("{base}/api/session"))
        .header("x-requested-with", "portal")
        .json(&json!({"email": "ada@example.com", "password": "portal-demo-1"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    Client {
        http,
        base: base.to_owned(),
        csrf: session["csrf_token"].as_str().unwrap().to_owned(),
    }
}

impl Client {
    async fn get(&self, path: &str) -> Value {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn pay(&self, invoice: &str, key: &str, card: &str) -> Result<Value, reqwest::Error> {
        self.http
            .post(format!("{}/api/invoices/{invoice}/payments", self.base))
            .header("x-requested-with", "portal")
            .header("x-csrf-token", &self.csrf)
            .header("idempotency-key", key)
            .json(&json!({
                "amount": {"amount": AMOUNT, "currency": "usd"},
                "source": {"type": "saved_card", "payment_method_id": card},
                "billing_address": {"line1": "1 Main St", "city": "Springfield", "region": "", "postal_code": "1", "country": "US"},
            }))
            .send()
            .await?
            .json()
            .await
    }
}

fn plan(invoices: &Value) -> Vec<String> {
    let unpaid: Vec<String> = invoices["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["balance_due"]["amount"].as_i64().unwrap() >= AMOUNT * PAYMENTS as i64)
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!unpaid.is_empty());
    (0..PAYMENTS)
        .map(|i| unpaid[i % unpaid.len()].clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn p3_sigkill_mid_payments_loses_nothing_and_charges_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, base) = start(dir.path()).await;
    let client = login(&base).await;
    let cards = client.get("/api/payment-methods").await;
    let card = cards["payment_methods"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let invoices = client.get("/api/invoices?per_page=100").await;
    let targets = plan(&invoices);
    let balance_before: i64 = client.get("/api/summary").await["balance_due"]["amount"]
        .as_i64()
        .unwrap();

    let client = std::sync::Arc::new(client);
    let mut tasks = Vec::new();
    for (i, invoice) in targets.iter().enumerate() {
        let (client, invoice, card) = (client.clone(), invoice.clone(), card.clone());
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(5 * i as u64)).await;
            client.pay(&invoice, &format!("crash-{i}"), &card).await
        }));
    }
    tokio::time::sleep(Duration::from_millis(60)).await;
    child.start_kill().unwrap(); // SIGKILL
    child.wait().await.unwrap();
    let mut answered = 0;
    for t in tasks {
        // Some answered before the kill, the others were cut off.
        if matches!(t.await.unwrap(), Ok(v) if v["status"] == "succeeded") {
            answered += 1;
        }
    }
    eprintln!("{answered} of {PAYMENTS} payments answered before SIGKILL");
    {
        let db = format!("sqlite://{}", dir.path().join("portal.db").display());
        let portal = sqlx::SqlitePool::connect(&db).await.unwrap();
        let unfinished: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM payments WHERE idempotency_key LIKE 'crash-%' AND status = 'pending'",
        )
        .fetch_one(&portal)
        .await
        .unwrap();
        eprintln!("{unfinished} payments left pending by the kill");
        portal.close().await;
    }

    let (mut child, base) = start(dir.path()).await;
    let client = login(&base).await;
    for (i, invoice) in targets.iter().enumerate() {
        let reply = client
            .pay(invoice, &format!("crash-{i}"), &card)
            .await
            .unwrap();
        assert_eq!(
            reply["status"], "succeeded",
            "payment {i} after restart: {reply}"
        );
    }
    let balance_after: i64 = client.get("/api/summary").await["balance_due"]["amount"]
        .as_i64()
        .unwrap();
    assert_eq!(
        balance_before - balance_after,
        AMOUNT * PAYMENTS as i64,
        "each payment counted once"
    );
    child.start_kill().unwrap();
    child.wait().await.unwrap();

    let portal = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("portal.db").display()
    ))
    .await
    .unwrap();
    let (rows, charges): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT gateway_charge_id) FROM payments WHERE idempotency_key LIKE 'crash-%' AND status = 'succeeded'",
    )
    .fetch_one(&portal)
    .await
    .unwrap();
    assert_eq!((rows, charges), (PAYMENTS as i64, PAYMENTS as i64));
    let gateway = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("gateway.db").display()
    ))
    .await
    .unwrap();
    let gateway_charges: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM charges WHERE amount = ?")
        .bind(AMOUNT)
        .fetch_one(&gateway)
        .await
        .unwrap();
    assert_eq!(
        gateway_charges, PAYMENTS as i64,
        "the gateway charged each payment exactly once"
    );
}
