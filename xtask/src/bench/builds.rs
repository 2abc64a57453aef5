//! Release builds of the two browser bundles, timed.
//!
//! The bench's own build is timed first; when the wasm build cache had no
//! release artefacts it was a cold build and is recorded beside that cache
//! (`bench-cold-build.json`), so later runs report the last cold time with its
//! date instead of paying for a clean rebuild. `PORTAL_BENCH_COLD=1` measures
//! a cold build now, in a fresh build cache of its own (removed afterwards),
//! so the shared cache other builds use is never wiped. A second build with
//! nothing changed gives the warm (no-op) time.

use crate::bench::machine;
use crate::bench::report::Table;
use crate::setup::Toolchain;
use crate::shell::Error;
use crate::{build, paths};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Instant;

fn release_dir() -> PathBuf {
    paths::wasm_target().join("wasm32-unknown-unknown/release")
}

/// Builds both bundles. While the card frame has no trunk project yet (no
/// `index.html`), its failure is a note, not an error: the SPA was built first.
fn bundles(toolchain: &Toolchain, notes: &mut Vec<String>) -> Result<(), Error> {
    match build::bundles(toolchain) {
        Ok(()) => Ok(()),
        Err(e) if !paths::repo().join("crates/card-frame/index.html").is_file() => {
            let note = format!(
                "card frame: not built: crates/card-frame has no index.html yet ({e:.160})"
            );
            if !notes.contains(&note) {
                notes.push(note);
            }
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Builds both bundles in an empty build cache of their own and records the
/// time beside the shared cache. The cache is chosen through
/// `CARGO_TARGET_DIR` (the wasm cache sits beside it), restored afterwards.
fn cold_build(toolchain: &Toolchain, notes: &mut Vec<String>) -> Result<(), Error> {
    let record = cold_record();
    let scratch = paths::bench_dir().join("cold-target");
    let previous = std::env::var_os("CARGO_TARGET_DIR");
    std::env::set_var("CARGO_TARGET_DIR", &scratch);
    let scratch_wasm = paths::wasm_target();
    let clean = || {
        // Missing directories are fine: nothing to clean.
        let _ = std::fs::remove_dir_all(&scratch);
        let _ = std::fs::remove_dir_all(&scratch_wasm);
    };
    clean();
    eprintln!(
        "bench: PORTAL_BENCH_COLD=1: building in an empty cache ({})",
        scratch.display()
    );
    let start = Instant::now();
    let result = bundles(toolchain, notes);
    let seconds = start.elapsed().as_secs_f64();
    match previous {
        Some(dir) => std::env::set_var("CARGO_TARGET_DIR", dir),
        None => std::env::remove_var("CARGO_TARGET_DIR"),
    }
    clean();
    result?;
    let value = json!({ "seconds": seconds, "date": machine::date() });
    std::fs::write(&record, value.to_string()).map_err(|e| format!("writing {record:?}: {e}"))
}

fn cold_record() -> PathBuf {
    paths::wasm_target().join("bench-cold-build.json")
}

/// What the build step found.
pub struct Outcome {
    /// The table to print.
    pub table: Table,
    /// The JSON under `build`.
    pub json: Value,
    /// The build error, if the bundles did not build: a real error.
    pub error: Option<Error>,
}

/// Builds the bundles twice (first, then a no-change rebuild) and times both.
pub fn run(toolchain: &Toolchain) -> Outcome {
    let mut table = Table::new(
        "Release build of the SPA and card frame (`cargo xtask build`)",
        &["build", "seconds", "when"],
    );
    let mut notes = Vec::new();
    if std::env::var_os("PORTAL_BENCH_COLD").is_some_and(|v| v == "1") {
        if let Err(error) = cold_build(toolchain, &mut notes) {
            table.note(&format!("cold build failed: {error}"));
            return Outcome {
                table,
                json: json!({ "error": error }),
                error: Some(error),
            };
        }
    }
    let cold = !release_dir().is_dir();
    let start = Instant::now();
    if let Err(error) = bundles(toolchain, &mut notes) {
        table.note(&format!(
            "build failed: {error} (trunk's output above says why)"
        ));
        return Outcome {
            table,
            json: json!({ "error": error }),
            error: Some(error),
        };
    }
    let first = start.elapsed().as_secs_f64();
    let date = machine::date();
    if cold {
        let record = json!({ "seconds": first, "date": date });
        if let Err(e) = std::fs::write(cold_record(), record.to_string()) {
            eprintln!("bench: cannot record the cold build time: {e}");
        }
    }
    let start = Instant::now();
    let warm = match bundles(toolchain, &mut notes) {
        Ok(()) => Some(start.elapsed().as_secs_f64()),
        Err(error) => {
            table.note(&format!("warm rebuild failed: {error}"));
            return Outcome {
                table,
                json: json!({ "error": error }),
                error: Some(error),
            };
        }
    };
    let last_cold: Option<Value> = std::fs::read_to_string(cold_record())
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let (cold_seconds, cold_date) = match &last_cold {
        Some(v) => (
            v["seconds"].as_f64(),
            v["date"].as_str().unwrap_or("?").to_string(),
        ),
        None => (None, String::new()),
    };
    if cold {
        table.row(vec![
            "cold (empty wasm build cache)".into(),
            format!("{first:.1}"),
            "this run".into(),
        ]);
    } else {
        table.row(vec![
            "this run's first build (incremental)".into(),
            format!("{first:.1}"),
            "this run".into(),
        ]);
        match cold_seconds {
            Some(s) => table.row(vec!["cold (empty wasm build cache)".into(), format!("{s:.1}"), format!("last measured {cold_date}")]),
            None => table.note("cold: not measured yet (the build cache was warm); run with PORTAL_BENCH_COLD=1 to measure it"),
        }
    }
    if let Some(w) = warm {
        table.row(vec![
            "warm (no change)".into(),
            format!("{w:.1}"),
            "this run".into(),
        ]);
    }
    table.note(
        "a cold build is not repeated each run (it takes minutes); PORTAL_BENCH_COLD=1 forces one",
    );
    let json = json!({
        "first_seconds": first,
        "first_was_cold": cold,
        "warm_seconds": warm,
        "cold_seconds": cold_seconds,
        "cold_measured": if cold { date } else { cold_date },
        "wasm_route": format!("{:?}", toolchain.route),
    });
    Outcome {
        table,
        json,
        error: None,
    }
}
