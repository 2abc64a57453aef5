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
                    report.entry("portal")["pages"] = split_pages(&mut table, &dist, &bundle)?;
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
        "the portal's first load is log-in, home and invoices; each other page's first visit adds its own wasm (\"+ page\" rows), fetched on demand or, once logged in, in the background (pay, saved cards, deposit)",
    );
    table.note(
        "release wasm: std rebuilt for size with `panic = \"immediate-abort\"` when the std source is installed, Leptos `--cfg erase_components` (`.cargo/config.toml`)",
    );
    table.note(
        "the SPA's wasm is split by route (Leptos lazy routes, split by `wasm_split_cli_support` in `cargo xtask build`: trunk 0.22 cannot split); before the split the first load was 268.5 KiB brotli (2026-12-02)",
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

/// One row per split-off page: what its first visit adds, and the total
/// with the first load (JSON by page name).
fn split_pages(
    table: &mut Table,
    dist: &std::path::Path,
    first: &Bundle,
) -> Result<serde_json::Value, Error> {
    let mut pages = serde_json::Map::new();
    for (page, files) in sizes::split_pages(dist)? {
        let extra = sizes::measure_files(dist, &files)?;
        table.row(vec![
            format!("portal + {}", page.replace('_', " ")),
            kib(extra.raw),
            kib(extra.gzip),
            kib(extra.brotli),
            String::new(),
            format!(
                "first visit {} in all",
                kib(first.total.brotli + extra.brotli)
            ),
        ]);
        let mut value = extra.json();
        value["files"] = files.into();
        pages.insert(page, value);
    }
    Ok(pages.into())
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
