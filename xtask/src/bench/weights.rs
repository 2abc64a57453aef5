//! Bundle weight: our card frame and the portal's first load by kind, the
//! budgets and margins, and the peer widgets beside them.

use crate::bench::peers;
use crate::bench::report::{Report, Table};
use crate::bench::sizes::{self, kib, Bundle};
use crate::paths;
use crate::shell::Error;
use serde_json::json;

/// Card frame critical path budget (brotli), from the card issue.
pub const FRAME_BUDGET: u64 = 60 * 1024;
/// Portal first-load budget (brotli).
pub const PORTAL_BUDGET: u64 = 200 * 1024;

/// Measures and reports the weights. Missing bundles are noted (the build
/// step has already reported why); only unreadable files are errors.
pub fn run(report: &mut Report) -> Result<(), Error> {
    let mut table = Table::new(
        "Bundle weight (KiB; brotli q11, gzip 9)",
        &[
            "bundle",
            "raw",
            "gzip",
            "brotli",
            "budget (brotli)",
            "margin",
        ],
    );
    let ours = [
        (
            "card frame",
            "card_frame",
            paths::frame_dist(),
            FRAME_BUDGET,
        ),
        (
            "portal first load",
            "portal",
            paths::spa_dist(),
            PORTAL_BUDGET,
        ),
    ];
    for (name, key, dist, budget) in ours {
        match sizes::measure_dist(&dist) {
            Ok(bundle) => {
                add_rows(&mut table, name, &bundle, budget);
                let margin = budget as i64 - bundle.total.brotli as i64;
                let mut value = bundle.json();
                value["budget_brotli_bytes"] = budget.into();
                value["margin_brotli_bytes"] = margin.into();
                if key == "portal" {
                    report.entry("portal")["first_load"] = value;
                    report.entry("portal")["budget_brotli_bytes"] = budget.into();
                } else {
                    report.set(key, value);
                }
            }
            Err(e) => {
                table.note(&format!("{name}: not measured: {e}"));
                report.set(key, json!({ "skipped": e }));
            }
        }
    }
    table.note(
        "the portal has no per-route code splitting: every route's first load is the same bundle",
    );
    table.note(
        "release wasm: std rebuilt for size with `panic = \"immediate-abort\"` when the std source is installed, Leptos `--cfg erase_components` (`.cargo/config.toml`)",
    );
    table.note(
        "what would close the portal's gap: route-level code splitting (Leptos lazy routes + wasm-split; trunk 0.22 cannot split). Measured 2026-12-02: the SPA without its 7 routes not needed at first load (pay, saved cards, deposit, pay link, invitation, set password, sub-accounts) is 159 KiB brotli wasm instead of 256 KiB",
    );
    match peers::measure() {
        Ok(list) => {
            let mut value = serde_json::Map::new();
            for peer in list {
                let s = peer.size;
                table.row(vec![
                    peer.name,
                    kib(s.raw),
                    kib(s.gzip),
                    kib(s.brotli),
                    String::new(),
                    String::new(),
                ]);
                value.insert(peer.key.to_string(), s.json());
            }
            report.set("peers", value.into());
            table.note(
                "peers: their field iframes, loaded from their CDN at run time, are not counted",
            );
        }
        Err(e) => table.note(&format!("peers: skipped: {e}")),
    }
    report.table(table);
    Ok(())
}

fn add_rows(table: &mut Table, name: &str, bundle: &Bundle, budget: u64) {
    for (kind, size) in &bundle.kinds {
        if size.raw > 0 {
            table.row(vec![
                format!("{name}: {kind}"),
                kib(size.raw),
                kib(size.gzip),
                kib(size.brotli),
                String::new(),
                String::new(),
            ]);
        }
    }
    let total = bundle.total;
    let margin = budget as i64 - total.brotli as i64;
    let verdict = if margin >= 0 { "within" } else { "OVER" };
    table.row(vec![
        format!("{name}: total"),
        kib(total.raw),
        kib(total.gzip),
        kib(total.brotli),
        kib(budget),
        format!(
            "{}{} ({verdict})",
            if margin < 0 { "-" } else { "" },
            kib(margin.unsigned_abs())
        ),
    ]);
}
