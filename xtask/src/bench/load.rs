//! Server load on loopback with Debian's `wrk`, each run bounded in time:
//! the invoice list of a customer with 100,000 invoices (first page under
//! concurrency, and the last page), the same list at 1,000 invoices for the
//! growth, the business API's invoice list (`/v1/invoices` with a secret
//! key, over every invoice; the bench server lifts the per-key ceiling),
//! logging in (argon2 password check), and the pay path: paying an
//! invoice with the demo customer's saved card through the sandbox gateway,
//! each request with a fresh `Idempotency-Key`. The server is built with the
//! optimised `server` profile and shares the 2 cores with `wrk`.

use crate::bench::report::{Report, Table};
use crate::bench::{debian, native, seed, server, skip};
use crate::paths;
use crate::shell::Error;
use serde_json::{json, Map, Value};
use std::process::{Command, Stdio};

const TITLE: &str = "Server load (wrk on loopback)";

/// One wrk run.
struct Run {
    name: &'static str,
    key: &'static str,
    path: String,
    /// A header every request carries (the session cookie, or a key).
    header: Option<String>,
    connections: u32,
    seconds: u32,
    /// A wrk Lua script (method, body, per-request headers), if any.
    script: Option<String>,
    /// A pay run: its payments are counted in the database afterwards.
    pays: bool,
}

/// Open invoices the pay runs spread their payments over.
const PAY_INVOICES: u32 = 5_000;
/// Each payable invoice's balance (minor units): room for many payments.
const PAY_INVOICE_TOTAL: i64 = 10_000_000;
/// Each bench payment (minor units).
const PAY_AMOUNT: i64 = 100;

/// Seeds the bench customers, then runs each load in turn.
pub fn run(report: &mut Report) {
    let prepared = debian::ensure("wrk", "wrk").and_then(|()| prepare());
    let (srv, runs) = match prepared {
        Ok(p) => p,
        Err(e) => return skip(report, "load", TITLE, &e),
    };
    let mut table = Table::new(
        TITLE,
        &[
            "load", "conns", "seconds", "req/s", "p50 ms", "p99 ms", "non-2xx",
        ],
    );
    let mut results = Map::new();
    let mut pay_notes = Vec::new();
    for run in runs {
        let before = if run.pays {
            seed::payment_outcomes(&srv.db).ok()
        } else {
            None
        };
        let outcome = wrk(&srv, &run).map(|mut figures| {
            if let Some(before) = &before {
                pay_notes.push(count_payments(&srv, &run, before, &mut figures));
            }
            figures
        });
        match outcome {
            Ok(figures) => {
                let ms = |k: &str| {
                    figures[k]
                        .as_f64()
                        .map_or("n/a".to_string(), |v| format!("{v:.2}"))
                };
                table.row(vec![
                    run.name.to_string(),
                    run.connections.to_string(),
                    run.seconds.to_string(),
                    figures["requests_per_second"]
                        .as_f64()
                        .map_or("n/a".to_string(), |v| format!("{v:.0}")),
                    ms("p50_ms"),
                    ms("p99_ms"),
                    figures["non_2xx"].to_string(),
                ]);
                results.insert(run.key.to_string(), figures);
            }
            Err(e) => {
                table.note(&format!("{}: skipped: {e}", run.name));
                results.insert(run.key.to_string(), json!({ "skipped": e }));
            }
        }
    }
    for note in pay_notes {
        table.note(&note);
    }
    table.note(&format!(
        "portal-server built with cargo profile `{}`",
        native::profile()
    ));
    table.note("1 connection = latency without queueing; 8 connections = throughput on 2 cores shared with wrk (and, for the pay path, with the in-process sandbox gateway)");
    report.set("load", Value::Object(results));
    report.table(table);
}

fn prepare() -> Result<(server::Server, Vec<Run>), Error> {
    let srv = server::start("load")?;
    eprintln!("bench: seeding 1,000 and 100,000 invoices");
    seed::customer(&srv.db, server::DEMO_EMAIL, 1_000)?;
    seed::customer(&srv.db, server::DEMO_EMAIL, 100_000)?;
    seed::payable(&srv.db, server::DEMO_EMAIL, PAY_INVOICES, PAY_INVOICE_TOTAL)?;
    let small = srv.login(&seed::email(1_000), server::DEMO_PASSWORD)?;
    let big = srv.login(&seed::email(100_000), server::DEMO_PASSWORD)?;
    let check =
        crate::bench::http::request(&srv.addr, "GET", "/api/invoices", &[("Cookie", &big)], None)?;
    if check.status != 200 {
        return Err(format!(
            "GET /api/invoices answered {}: {:.200}",
            check.status, check.body
        ));
    }
    let list = |name, key, path: &str, cookie: &str, connections, seconds| Run {
        name,
        key,
        path: path.to_string(),
        header: Some(format!("Cookie: {cookie}")),
        connections,
        seconds,
        script: None,
        pays: false,
    };
    let payer = srv.session(server::DEMO_EMAIL, server::DEMO_PASSWORD)?;
    let card = default_card(&srv, &payer.cookie)?;
    let pay = |name, key: &'static str, connections: u32, seconds| Run {
        name,
        key,
        path: format!("/api/invoices/{}000000/payments", seed::PAY_PREFIX),
        header: Some(format!("Cookie: {}", payer.cookie)),
        connections,
        seconds,
        script: Some(pay_script(key, &payer.csrf, &card, connections.min(2))),
        pays: true,
    };
    let key = srv.business_key()?;
    let business = |name, key_name, path: &str, connections, seconds| Run {
        name,
        key: key_name,
        path: path.to_string(),
        header: Some(format!("Authorization: Bearer {key}")),
        connections,
        seconds,
        script: None,
        pays: false,
    };
    let runs = vec![
        list(
            "invoice list, 1k invoices",
            "list_1k_c1",
            "/api/invoices",
            &small,
            1,
            3,
        ),
        list(
            "invoice list, 100k invoices",
            "list_100k_c1",
            "/api/invoices",
            &big,
            1,
            3,
        ),
        list(
            "invoice list, 100k, last page",
            "list_100k_last_page_c1",
            "/api/invoices?page=2000&per_page=50",
            &big,
            1,
            3,
        ),
        list(
            "invoice list, 100k invoices",
            "list_100k_c8",
            "/api/invoices",
            &big,
            8,
            10,
        ),
        business(
            "business API invoice list (/v1, all 101k invoices)",
            "v1_invoices_c8",
            "/v1/invoices?limit=20",
            8,
            10,
        ),
        pay(
            "pay an invoice, saved card (sandbox gateway)",
            "pay_c1",
            1,
            3,
        ),
        pay(
            "pay an invoice, saved card (sandbox gateway)",
            "pay_c8",
            8,
            10,
        ),
        Run {
            name: "log in (argon2)",
            key: "login_c2",
            path: "/api/session".into(),
            header: None,
            connections: 2,
            seconds: 5,
            script: Some(login_script()),
            pays: false,
        },
    ];
    Ok((srv, runs))
}

/// The wrk script of the log-in run: the demo customer's e-mail and password.
fn login_script() -> String {
    let body =
        json!({ "email": server::DEMO_EMAIL, "password": server::DEMO_PASSWORD }).to_string();
    format!("wrk.method = \"POST\"\nwrk.body = '{body}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n")
}

/// The wrk script of a pay run: each request pays `PAY_AMOUNT` of the next
/// payable invoice (round robin over all threads) with the saved `card`,
/// with a new `Idempotency-Key` (unique per run, thread and request).
fn pay_script(run_key: &str, csrf: &str, card: &str, threads: u32) -> String {
    let body = json!({
        "amount": { "amount": PAY_AMOUNT, "currency": "usd" },
        "source": { "type": "saved_card", "payment_method_id": card },
        "billing_address": { "line1": "1 Main St", "city": "Springfield", "region": "IL", "postal_code": "62701", "country": "US" },
    })
    .to_string();
    format!(
        "-- POST /api/invoices/{{id}}/payments: a saved card, a fresh Idempotency-Key each time.\n\
         local next_thread = 0\n\
         function setup(thread)\n  thread:set(\"tid\", next_thread)\n  next_thread = next_thread + 1\nend\n\
         local sent = 0\n\
         local body = '{body}'\n\
         function request()\n  \
           sent = sent + 1\n  \
           local me = tid or 0\n  \
           local headers = {{}}\n  \
           for k, v in pairs(wrk.headers) do headers[k] = v end\n  \
           headers[\"Content-Type\"] = \"application/json\"\n  \
           headers[\"X-CSRF-Token\"] = \"{csrf}\"\n  \
           headers[\"Idempotency-Key\"] = string.format(\"bench-{run_key}-%d-%d\", me, sent)\n  \
           local invoice = (sent * {threads} + me) % {PAY_INVOICES}\n  \
           local path = string.format(\"/api/invoices/{prefix}%06d/payments\", invoice)\n  \
           return wrk.format(\"POST\", path, headers, body)\n\
         end\n",
        prefix = seed::PAY_PREFIX,
    )
}

/// The id of the demo customer's default saved card.
fn default_card(srv: &server::Server, cookie: &str) -> Result<String, Error> {
    let response = crate::bench::http::request(
        &srv.addr,
        "GET",
        "/api/payment-methods",
        &[("Cookie", cookie)],
        None,
    )?;
    let list: Value = serde_json::from_str(&response.body)
        .map_err(|e| format!("GET /api/payment-methods answered {}: {e}", response.status))?;
    list["payment_methods"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["is_default"] == true && c["expired"] == false)
        .and_then(|c| c["id"].as_str())
        .map(str::to_string)
        .ok_or_else(|| "the demo customer has no usable default card".to_string())
}

/// After a pay run: how its payments ended (from the database), added to
/// its figures; returns the table note.
fn count_payments(
    srv: &server::Server,
    run: &Run,
    before: &[(String, u64)],
    figures: &mut Value,
) -> String {
    let after = match seed::payment_outcomes(&srv.db) {
        Ok(a) => a,
        Err(e) => {
            return format!(
                "{} ({} conns): payments not counted: {e}",
                run.name, run.connections
            )
        }
    };
    let was = |status: &str| {
        before
            .iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n)
    };
    let mut outcomes = Map::new();
    for (status, n) in &after {
        outcomes.insert(status.clone(), (n - was(status).min(*n)).into());
    }
    let succeeded = outcomes
        .get("succeeded")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let per_second = succeeded as f64 / f64::from(run.seconds);
    let others: Vec<String> = outcomes
        .iter()
        .filter(|(s, _)| *s != "succeeded")
        .map(|(s, n)| {
            if s == "pending" {
                format!("{n} still in flight when counted")
            } else {
                format!("{n} {s}")
            }
        })
        .collect();
    figures["payments_per_second"] = json!((per_second * 10.0).round() / 10.0);
    figures["payment_outcomes"] = Value::Object(outcomes);
    format!(
        "pay path, {} conns: {succeeded} payments succeeded in {} s ({per_second:.0}/s){}; each a saved-card charge through the sandbox gateway with a new Idempotency-Key",
        run.connections,
        run.seconds,
        if others.is_empty() { String::new() } else { format!(", also {}", others.join(", ")) },
    )
}

fn wrk(srv: &server::Server, run: &Run) -> Result<Value, Error> {
    let dir = paths::bench_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {dir:?}: {e}"))?;
    let mut cmd = Command::new("wrk");
    cmd.arg("--latency")
        .arg(format!("--threads={}", run.connections.min(2)))
        .arg(format!("--connections={}", run.connections))
        .arg(format!("--duration={}s", run.seconds))
        .arg("--timeout=10s")
        .args(["--header", "X-Requested-With: portal"]);
    if let Some(header) = &run.header {
        cmd.arg("--header").arg(header);
    }
    if let Some(lua) = &run.script {
        let script = dir.join(format!("{}.lua", run.key));
        std::fs::write(&script, lua).map_err(|e| format!("writing {script:?}: {e}"))?;
        cmd.arg("--script").arg(&script);
    }
    cmd.arg(format!("http://{}{}", srv.addr, run.path))
        .stdin(Stdio::null());
    eprintln!(
        "bench: wrk {} ({}s, {} connections)",
        run.name, run.seconds, run.connections
    );
    let output = cmd.output().map_err(|e| format!("cannot start wrk: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(format!(
            "wrk failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let mut figures = parse(&text).ok_or_else(|| format!("unreadable wrk output: {text:.300}"))?;
    figures["connections"] = run.connections.into();
    figures["seconds"] = run.seconds.into();
    figures["path"] = run.path.clone().into();
    Ok(figures)
}

/// Reads req/s, p50, p99 and the non-2xx count from `wrk --latency` output.
fn parse(text: &str) -> Option<Value> {
    let mut rps = None;
    let (mut p50, mut p99) = (None, None);
    let mut non_2xx = 0u64;
    let mut requests = None;
    for line in text.lines().map(str::trim) {
        if let Some(v) = line.strip_prefix("Requests/sec:") {
            rps = v.trim().parse::<f64>().ok();
        } else if let Some(v) = line.strip_prefix("50%") {
            p50 = millis(v.trim());
        } else if let Some(v) = line.strip_prefix("99%") {
            p99 = millis(v.trim());
        } else if let Some(v) = line.strip_prefix("Non-2xx or 3xx responses:") {
            non_2xx = v.trim().parse().unwrap_or(0);
        } else if line.contains(" requests in ") {
            requests = line
                .split_whitespace()
                .next()
                .and_then(|n| n.parse::<u64>().ok());
        }
    }
    Some(json!({
        "requests_per_second": rps?,
        "p50_ms": p50?,
        "p99_ms": p99?,
        "requests": requests,
        "non_2xx": non_2xx,
    }))
}

/// `812.00us`, `1.23ms`, `2.01s` in milliseconds.
fn millis(value: &str) -> Option<f64> {
    let split = value.find(|c: char| c.is_ascii_alphabetic())?;
    let number: f64 = value[..split].parse().ok()?;
    match &value[split..] {
        "us" => Some(number / 1000.0),
        "ms" => Some(number),
        "s" => Some(number * 1000.0),
        "m" => Some(number * 60_000.0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{millis, parse};

    #[test]
    fn reads_wrk_latency_output() -> Result<(), String> {
        let out = "Running 3s test @ http://127.0.0.1:1/api/invoices\n  1 threads and 1 connections\n\
                   Latency Distribution\n     50%  812.00us\n     75%    1.00ms\n     90%    1.20ms\n     99%    2.50ms\n\
                   4567 requests in 3.00s, 1.00MB read\n  Non-2xx or 3xx responses: 3\nRequests/sec:   1522.33\n";
        let v = parse(out).ok_or("no figures")?;
        assert_eq!(v["requests_per_second"], 1522.33);
        assert_eq!(v["p50_ms"], 0.812);
        assert_eq!(v["p99_ms"], 2.5);
        assert_eq!(v["non_2xx"], 3);
        assert_eq!(v["requests"], 4567);
        assert_eq!(millis("2.5s"), Some(2500.0));
        Ok(())
    }
}
