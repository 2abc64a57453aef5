//! Server load on loopback with Debian's `wrk`, each run bounded in time:
//! the invoice list of a customer with 100,000 invoices (first page under
//! concurrency, and the last page), the same list at 1,000 invoices for the
//! growth, and logging in (argon2 password check). The server is built with
//! the optimised `server` profile and shares the 2 cores with `wrk`.

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
    cookie: Option<String>,
    connections: u32,
    seconds: u32,
    login: bool,
}

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
    for run in runs {
        match wrk(&srv, &run) {
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
    table.note("pay path against the sandbox gateway: not measured yet (no pay API at the time of writing)");
    table.note(&format!(
        "portal-server built with cargo profile `{}`",
        native::profile()
    ));
    table.note("1 connection = latency without queueing; 8 connections = throughput on 2 cores shared with wrk");
    report.set("load", Value::Object(results));
    report.table(table);
}

fn prepare() -> Result<(server::Server, Vec<Run>), Error> {
    let srv = server::start("load")?;
    eprintln!("bench: seeding 1,000 and 100,000 invoices");
    seed::customer(&srv.db, server::DEMO_EMAIL, 1_000)?;
    seed::customer(&srv.db, server::DEMO_EMAIL, 100_000)?;
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
        cookie: Some(cookie.to_string()),
        connections,
        seconds,
        login: false,
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
        Run {
            name: "log in (argon2)",
            key: "login_c2",
            path: "/api/session".into(),
            cookie: None,
            connections: 2,
            seconds: 5,
            login: true,
        },
    ];
    Ok((srv, runs))
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
    if let Some(cookie) = &run.cookie {
        cmd.arg("--header").arg(format!("Cookie: {cookie}"));
    }
    if run.login {
        let script = dir.join("login.lua");
        let body =
            json!({ "email": server::DEMO_EMAIL, "password": server::DEMO_PASSWORD }).to_string();
        let lua = format!(
            "wrk.method = \"POST\"\nwrk.body = '{body}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
        );
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
