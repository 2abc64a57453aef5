//! Lighthouse 12 (npm, Debian's Chromium, mobile preset: simulated slow 4G
//! and 4x CPU slowdown) on the card frame, the login page, the invoices
//! page and the pay page of an open invoice (logged in, via a session cookie
//! passed as an extra header).

use crate::bench::report::{Report, Table};
use crate::bench::{gateway, http, npm, server};
use crate::paths;
use crate::setup;
use crate::shell::Error;
use serde_json::{json, Map, Value};
use std::process::{Command, Stdio};

const TITLE: &str = "Lighthouse 12, mobile preset (simulated slow 4G, 4x CPU)";

/// Runs Lighthouse on every page that can be served now; pages whose server
/// is not there yet are noted as skipped.
pub fn run(report: &mut Report) {
    if let Err(e) = npm::ensure() {
        crate::bench::skip(report, "lighthouse", TITLE, &e);
        return;
    }
    let mut table = Table::new(
        TITLE,
        &[
            "page",
            "performance",
            "accessibility",
            "best practices",
            "LCP ms",
            "TBT ms",
            "CLS",
        ],
    );
    let mut results = Map::new();
    match gateway::start() {
        Ok(gw) => page(
            &mut table,
            &mut results,
            "card frame (in a blank host page)",
            "card_frame",
            &gw.url,
            None,
        ),
        Err(e) => skipped(&mut table, &mut results, "card frame", "card_frame", &e),
    }
    match server::start("lighthouse") {
        Ok(srv) => {
            let base = format!("http://{}", srv.addr);
            page(
                &mut table,
                &mut results,
                "login",
                "login",
                &format!("{base}/login"),
                None,
            );
            match srv.login(server::DEMO_EMAIL, server::DEMO_PASSWORD) {
                Ok(cookie) => {
                    let url = format!("{base}/invoices");
                    page(
                        &mut table,
                        &mut results,
                        "invoices (logged in)",
                        "invoices",
                        &url,
                        Some(&cookie),
                    );
                    match open_invoice(&srv, &cookie) {
                        Ok(id) => {
                            let url = format!("{base}/invoices/{id}/pay");
                            page(
                                &mut table,
                                &mut results,
                                "pay an invoice (logged in, saved card)",
                                "pay",
                                &url,
                                Some(&cookie),
                            );
                        }
                        Err(e) => skipped(&mut table, &mut results, "pay", "pay", &e),
                    }
                }
                Err(e) => {
                    skipped(&mut table, &mut results, "invoices", "invoices", &e);
                    skipped(&mut table, &mut results, "pay", "pay", &e);
                }
            }
        }
        Err(e) => {
            skipped(&mut table, &mut results, "login", "login", &e);
            skipped(&mut table, &mut results, "invoices", "invoices", &e);
            skipped(&mut table, &mut results, "pay", "pay", &e);
        }
    }
    table.note("scores 0-100; LCP and TBT simulated (Lantern) for the mobile preset");
    report.set("lighthouse", Value::Object(results));
    report.table(table);
}

/// The id of one of the demo customer's open invoices (for the pay page).
fn open_invoice(srv: &server::Server, cookie: &str) -> Result<String, Error> {
    for status in ["open", "overdue", "partially_paid"] {
        let path = format!("/api/invoices?status={status}&per_page=1");
        let response = http::request(&srv.addr, "GET", &path, &[("Cookie", cookie)], None)?;
        let found = response
            .body
            .split("\"id\":\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .filter(|id| id.starts_with("inv_"));
        if let Some(id) = found {
            return Ok(id.to_string());
        }
    }
    Err("the demo customer has no unpaid invoice to pay".into())
}

fn skipped(
    table: &mut Table,
    results: &mut Map<String, Value>,
    name: &str,
    key: &str,
    reason: &str,
) {
    table.note(&format!("{name}: skipped: {reason}"));
    results.insert(key.to_string(), json!({ "skipped": reason }));
}

fn page(
    table: &mut Table,
    results: &mut Map<String, Value>,
    name: &str,
    key: &str,
    url: &str,
    cookie: Option<&str>,
) {
    // Lighthouse sometimes loses its trace (NO_NAVSTART, NO_FCP) on a busy
    // machine: one more try before the page is reported as skipped.
    let result = lighthouse(key, url, cookie).or_else(|e| {
        eprintln!("bench: lighthouse {url} failed ({e}); trying once more");
        lighthouse(key, url, cookie)
    });
    match result {
        Ok(figures) => {
            let score = |k: &str| {
                figures[k]
                    .as_f64()
                    .map_or("n/a".to_string(), |s| format!("{s:.0}"))
            };
            let ms = |k: &str| {
                figures[k]
                    .as_f64()
                    .map_or("n/a".to_string(), |s| format!("{s:.0}"))
            };
            let cls = figures["cls"]
                .as_f64()
                .map_or("n/a".to_string(), |s| format!("{s:.3}"));
            table.row(vec![
                name.to_string(),
                score("performance"),
                score("accessibility"),
                score("best_practices"),
                ms("lcp_ms"),
                ms("tbt_ms"),
                cls,
            ]);
            results.insert(key.to_string(), figures);
        }
        Err(e) => skipped(
            table,
            results,
            name,
            key,
            &format!("lighthouse failed: {e}"),
        ),
    }
}

/// Runs Lighthouse once; returns the figures as JSON.
fn lighthouse(key: &str, url: &str, cookie: Option<&str>) -> Result<Value, Error> {
    let out = paths::bench_dir().join(format!("lighthouse-{key}.json"));
    std::fs::create_dir_all(paths::bench_dir()).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&out);
    eprintln!("bench: lighthouse {url}");
    let mut cmd = Command::new("timeout");
    cmd.arg("240")
        .arg("node")
        .arg(npm::module("lighthouse/cli/index.js"))
        .arg(url)
        .args(["--output=json", "--quiet", "--max-wait-for-load=60000"])
        .arg("--only-categories=performance,accessibility,best-practices")
        .arg(format!("--output-path={}", out.display()))
        .arg(format!(
            "--chrome-flags={}",
            setup::chromium_args().join(" ")
        ))
        .env("CHROME_PATH", setup::chromium())
        .stdin(Stdio::null());
    if let Some(cookie) = cookie {
        cmd.arg(format!("--extra-headers={}", json!({ "Cookie": cookie })));
    }
    let output = cmd
        .output()
        .map_err(|e| format!("cannot start node: {e}"))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        let last = err
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(format!("{}: {last:.200}", output.status));
    }
    let text = std::fs::read_to_string(&out).map_err(|e| format!("reading {out:?}: {e}"))?;
    let lhr: Value = serde_json::from_str(&text).map_err(|e| format!("parsing {out:?}: {e}"))?;
    if let Some(err) = lhr.get("runtimeError").and_then(|e| e.get("message")) {
        return Err(format!("runtime error: {err}"));
    }
    Ok(figures(&lhr, url))
}

/// The figures the report keeps from a Lighthouse result.
fn figures(lhr: &Value, url: &str) -> Value {
    let score = |c: &str| {
        lhr["categories"][c]["score"]
            .as_f64()
            .map(|s| (s * 100.0).round())
    };
    let audit = |a: &str| lhr["audits"][a]["numericValue"].as_f64();
    json!({
        "url": url,
        "performance": score("performance"),
        "accessibility": score("accessibility"),
        "best_practices": score("best-practices"),
        "lcp_ms": audit("largest-contentful-paint"),
        "tbt_ms": audit("total-blocking-time"),
        "cls": audit("cumulative-layout-shift"),
        "lighthouse_version": lhr["lighthouseVersion"],
    })
}

#[cfg(test)]
mod tests {
    use super::figures;
    use serde_json::json;

    #[test]
    fn picks_scores_and_metrics() {
        let lhr = json!({
            "categories": { "performance": { "score": 0.93 }, "accessibility": { "score": 1.0 },
                            "best-practices": { "score": null } },
            "audits": { "largest-contentful-paint": { "numericValue": 1234.5 },
                        "total-blocking-time": { "numericValue": 10.0 },
                        "cumulative-layout-shift": { "numericValue": 0.01 } },
        });
        let f = figures(&lhr, "http://x/");
        assert_eq!(f["performance"], json!(93.0));
        assert_eq!(f["accessibility"], json!(100.0));
        assert!(f["best_practices"].is_null());
        assert_eq!(f["lcp_ms"], json!(1234.5));
    }
}
