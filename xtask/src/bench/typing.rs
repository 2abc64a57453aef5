//! Typing cost in the card frame: a 19-digit number, an expiry and a code
//! typed at a person's pace in headless Chromium with a 4x CPU slowdown
//! (playwright-core driving Debian's Chromium; the script is `typing.js`).

use crate::bench::report::{Report, Table};
use crate::bench::{gateway, npm, skip};
use crate::paths;
use crate::setup;
use crate::shell::Error;
use serde_json::Value;
use std::process::{Command, Stdio};

const TITLE: &str = "Typing cost in the card frame (headless Chromium, 4x CPU slowdown)";
const SCRIPT: &str = include_str!("typing.js");

/// Measures typing in the card frame served by the sandbox gateway.
pub fn run(report: &mut Report) {
    let result = npm::ensure()
        .and_then(|_| gateway::start())
        .and_then(|gw| measure(&gw.url));
    let figures = match result {
        Ok(figures) => figures,
        Err(e) => return skip(report, "typing", TITLE, &e),
    };
    let ms = |k: &str| {
        figures[k]
            .as_f64()
            .map_or("n/a".to_string(), |v| format!("{v:.1}"))
    };
    let mut table = Table::new(TITLE, &["figure", "value"]);
    table.row(vec![
        format!("keys typed ({} rounds)", figures["rounds"]),
        figures["keys"].to_string(),
    ]);
    table.row(vec![
        "key to next paint, p50 (ms)".into(),
        ms("key_to_paint_p50_ms"),
    ]);
    table.row(vec![
        "key to next paint, p99 (ms)".into(),
        ms("key_to_paint_p99_ms"),
    ]);
    table.row(vec![
        "longest task while typing (ms, 0 = none over 50)".into(),
        ms("longest_task_ms"),
    ]);
    table.row(vec![
        "longest input event (ms, Event Timing, 0 = none over 16)".into(),
        ms("longest_event_ms"),
    ]);
    for field in ["number", "expiry", "code"] {
        match figures["fields"][field].as_object() {
            Some(f) => table.note(&format!(
                "{field}: typed {} shown {}",
                f["typed"], f["shown"]
            )),
            None => table.note(&format!("{field}: no such input found")),
        }
    }
    report.set("typing", figures);
    report.table(table);
}

fn measure(url: &str) -> Result<Value, Error> {
    let dir = paths::bench_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {dir:?}: {e}"))?;
    let script = dir.join("typing.js");
    std::fs::write(&script, SCRIPT).map_err(|e| format!("writing {script:?}: {e}"))?;
    let out = dir.join("typing.json");
    let _ = std::fs::remove_file(&out);
    eprintln!("bench: typing in {url}");
    let output = Command::new("timeout")
        .arg("180")
        .arg("node")
        .arg(&script)
        .arg(url)
        .arg(&out)
        .env("PLAYWRIGHT_CORE", npm::module("playwright-core"))
        .env("CHROME_PATH", setup::chromium())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start node: {e}"))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(format!(
            "the typing script failed ({}): {first:.200}",
            output.status
        ));
    }
    let text = std::fs::read_to_string(&out).map_err(|e| format!("reading {out:?}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("parsing {out:?}: {e}"))
}
