//! `cargo xtask bench`: what a customer's phone downloads and feels, and what
//! the server sustains, measured beside the card widgets people use today.
//!
//! In order: release build times, bundle weights (ours and the peers'),
//! Lighthouse, typing cost in the card frame, server load, and the CSV
//! import of 100,000 invoices. Each step
//! prints a table; a step whose prerequisites are missing (no server binary
//! yet, no card frame) says "skipped: <why>" instead of failing the run. The
//! run fails only on real errors (the bundles do not build, an output cannot
//! be written). Figures go to `target/bench/bench.json` and `docs/bench.md`.
//!
//! `PORTAL_BENCH_ONLY=build,sizes,lighthouse,typing,load,import` runs a subset (with
//! the bundles as they are on disk when `build` is not listed; only a full run
//! rewrites `docs/bench.md`); `PORTAL_BENCH_COLD=1` measures a cold build;
//! `PORTAL_BENCH_PROFILE=dev` starts debug builds of the servers instead of
//! the optimised `server` profile.

mod builds;
mod debian;
mod gateway;
mod host;
mod http;
mod import;
mod lighthouse;
mod load;
mod machine;
mod native;
mod npm;
mod peers;
mod report;
mod seed;
mod server;
mod sizes;
mod typing;
mod weights;

use crate::setup;
use crate::shell::Error;
use report::{Report, Table};
use std::time::Instant;

/// Which steps to run (all unless `PORTAL_BENCH_ONLY` lists some).
struct Steps(Option<Vec<String>>);

impl Steps {
    fn from_env() -> Self {
        Self(
            std::env::var("PORTAL_BENCH_ONLY")
                .ok()
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.split(',').map(|p| p.trim().to_string()).collect()),
        )
    }

    fn wants(&self, step: &str) -> bool {
        self.0
            .as_ref()
            .is_none_or(|list| list.iter().any(|s| s == step))
    }
}

/// Runs every step, prints the tables, writes the JSON and the markdown.
pub fn run() -> Result<(), Error> {
    let started = Instant::now();
    let steps = Steps::from_env();
    let toolchain = setup::ensure()?;
    let (machine_line, machine_json) = machine::describe();
    let date = machine::date();
    let mut report = Report::default();
    report.set("date", date.clone().into());
    report.set("machine", machine_json);
    let mut errors: Vec<Error> = Vec::new();

    let mut step_seconds = serde_json::Map::new();
    let mut timed = |name: &str, report: &mut Report, step: &mut dyn FnMut(&mut Report)| {
        if steps.wants(name) {
            let start = Instant::now();
            step(report);
            let took = start.elapsed().as_secs();
            eprintln!("bench: {name} took {took}s");
            step_seconds.insert(name.to_string(), took.into());
        }
    };
    timed("build", &mut report, &mut |report| {
        let outcome = builds::run(&toolchain);
        report.set("build", outcome.json);
        report.table(outcome.table);
        errors.extend(outcome.error);
    });
    timed("sizes", &mut report, &mut |report| {
        if let Err(e) = weights::run(report) {
            errors.push(e);
        }
    });
    timed("lighthouse", &mut report, &mut lighthouse::run);
    timed("typing", &mut report, &mut typing::run);
    timed("load", &mut report, &mut load::run);
    timed("import", &mut report, &mut import::run);
    report.set("step_seconds", step_seconds.into());

    let seconds = started.elapsed().as_secs();
    report.set("seconds", seconds.into());
    report.write(&date, &machine_line, seconds, steps.0.is_none())?;
    println!("bench: done in {}m{:02}s", seconds / 60, seconds % 60);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// A step that could not run: its table says why, its JSON key holds the reason.
fn skip(report: &mut Report, key: &str, title: &str, reason: &str) {
    eprintln!("bench: {title}: skipped: {reason}");
    report.set(key, serde_json::json!({ "skipped": reason }));
    report.table(Table::skipped(title, reason));
}
