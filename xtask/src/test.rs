//! `cargo xtask test`: every test, native, in the browser and end to end.

use crate::shell::{self, Counts, Error};
use crate::{build, paths, setup};
use std::process::Command;

/// Runs every suite (continuing past a failing one so the summary is
/// complete) and fails if any suite failed.
pub fn run() -> Result<(), Error> {
    let toolchain = setup::ensure()?;
    let mut total = Counts::default();
    let mut failures: Vec<String> = Vec::new();
    let mut record = |name: &str, result: Result<(Counts, bool), Error>| match result {
        Ok((counts, ok)) => {
            total.passed += counts.passed;
            total.failed += counts.failed;
            if !ok {
                failures.push(name.to_string());
            }
        }
        Err(err) => {
            eprintln!("xtask: {name}: {err}");
            failures.push(name.to_string());
        }
    };

    // 1. Native tests of every native crate (card core, API types, server, gateway, xtask).
    record(
        "native",
        shell::run_tests(Command::new("cargo").args([
            "test",
            "--no-fail-fast",
            "--workspace",
            "--exclude",
            "portal",
            "--exclude",
            "portal-card-frame",
            "--exclude",
            "portal-e2e",
        ])),
    );

    // The SPA's pure logic (amount parsing, countdowns, expiry checks) as native unit tests.
    record(
        "native (SPA logic)",
        shell::run_tests(Command::new("cargo").args(["test", "--package", "portal", "--lib"])),
    );

    // 2. Release bundles: the browser and end-to-end tests run against them.
    let bundles = build::bundles(&toolchain);
    record(
        "bundles",
        bundles.clone().map(|()| (Counts::default(), true)),
    );

    // 3. wasm-bindgen-test in headless Chromium: the card frame and the SPA.
    record(
        "browser",
        shell::run_tests(toolchain.wasm_command("cargo").args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "portal-card-frame",
            "--package",
            "portal",
        ])),
    );

    // 4. End to end: real Chromium, real server and gateway.
    if bundles.is_ok() {
        let output = paths::scratch().join("test-output");
        record(
            "end-to-end",
            shell::run_tests(
                Command::new("cargo")
                    .args(["test", "--package", "portal-e2e", "--", "--test-threads=1"])
                    .env("PORTAL_DIST", paths::spa_dist())
                    .env("CARD_FRAME_DIST", paths::frame_dist())
                    .env("CHROMEDRIVER", setup::chromedriver())
                    .env("CHROMIUM", setup::chromium())
                    .env("AXE_SCRIPT", toolchain.axe_script())
                    .env("PORTAL_TEST_OUTPUT", output),
            ),
        );
    }

    println!();
    if failures.is_empty() {
        println!("all suites passed (native, browser, end-to-end)");
    } else {
        println!("failed suites: {}", failures.join(", "));
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    if failures.is_empty() && total.failed == 0 {
        Ok(())
    } else {
        Err("some tests failed".into())
    }
}
