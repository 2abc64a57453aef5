//! `cargo xtask test`: the lint gate, then every test: native, in the
//! browser and end to end.
//!
//! `cargo xtask test` runs all suites. Name suites to run only those, and
//! put a test-name filter after `--`:
//!
//! ```text
//! cargo xtask test native                 # server, gateway, card core, API types, xtask
//! cargo xtask test browser                # wasm-bindgen tests in headless Chromium
//! cargo xtask test e2e -- code_step       # the end-to-end tests whose name holds "code_step"
//! ```

use crate::shell::{self, Counts, Error};
use crate::{build, lint, paths, setup};
use clap::ValueEnum;
use std::process::Command;

/// One part of the test run, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Suite {
    /// rustfmt and clippy (`cargo xtask lint`), native and wasm32.
    Lint,
    /// Native tests of the native crates (card core, API types, server, gateway, xtask).
    Native,
    /// The SPA's pure logic (amounts, countdowns, expiry checks) as native unit tests.
    SpaLogic,
    /// wasm-bindgen tests of the card frame, the frame protocol and the SPA in headless Chromium.
    Browser,
    /// Real Chromium against the real server and sandbox gateway (builds the release bundles).
    E2e,
}

impl Suite {
    fn name(self) -> &'static str {
        match self {
            Self::Lint => "lint",
            Self::Native => "native",
            Self::SpaLogic => "native (SPA logic)",
            Self::Browser => "browser",
            Self::E2e => "end-to-end",
        }
    }
}

/// Runs the chosen suites (all when `suites` is empty), continuing past a
/// failing one so the summary is complete, and fails if any suite failed.
/// `filter` goes to each test binary as its name filter.
pub fn run(suites: &[Suite], filter: &[String]) -> Result<(), Error> {
    let toolchain = setup::ensure()?;
    let mut chosen: Vec<Suite> = if suites.is_empty() {
        Suite::value_variants().to_vec()
    } else {
        suites.to_vec()
    };
    chosen.sort();
    chosen.dedup();

    let mut total = Counts::default();
    let mut failures: Vec<&str> = Vec::new();
    let mut record = |suite: Suite, result: Result<(Counts, bool), Error>| match result {
        Ok((counts, ok)) => {
            total.passed += counts.passed;
            total.failed += counts.failed;
            if !ok {
                failures.push(suite.name());
            }
        }
        Err(err) => {
            eprintln!("xtask: {}: {err}", suite.name());
            failures.push(suite.name());
        }
    };
    let with_filter = |cmd: &mut Command, extra: &[&str]| {
        if !filter.is_empty() || !extra.is_empty() {
            cmd.arg("--").args(extra).args(filter);
        }
    };

    for suite in &chosen {
        let result = match suite {
            Suite::Lint => lint::run(&toolchain).map(|()| (Counts::default(), true)),
            Suite::Native => {
                let mut cmd = Command::new("cargo");
                cmd.args(["test", "--no-fail-fast", "--workspace"]);
                for package in lint::WASM_PACKAGES.iter().chain(&["portal-e2e"]) {
                    cmd.args(["--exclude", package]);
                }
                with_filter(&mut cmd, &[]);
                shell::run_tests(&mut cmd)
            }
            Suite::SpaLogic => {
                let mut cmd = Command::new("cargo");
                cmd.args(["test", "--package", "portal", "--lib"]);
                with_filter(&mut cmd, &[]);
                shell::run_tests(&mut cmd)
            }
            Suite::Browser => {
                let mut cmd = toolchain.wasm_command("cargo");
                cmd.args(["test", "--target", "wasm32-unknown-unknown"]);
                for package in lint::WASM_PACKAGES {
                    cmd.args(["--package", package]);
                }
                with_filter(&mut cmd, &[]);
                shell::run_tests(&mut cmd)
            }
            Suite::E2e => match build::bundles(&toolchain) {
                Err(err) => Err(format!("building the bundles: {err}")),
                Ok(()) => {
                    let mut cmd = Command::new("cargo");
                    cmd.args(["test", "--package", "portal-e2e"])
                        .env("PORTAL_DIST", paths::spa_dist())
                        .env("CARD_FRAME_DIST", paths::frame_dist())
                        .env("CHROMEDRIVER", setup::chromedriver())
                        .env("CHROMIUM", setup::chromium())
                        .env("AXE_SCRIPT", toolchain.axe_script())
                        .env("PORTAL_TEST_OUTPUT", paths::scratch().join("test-output"));
                    with_filter(&mut cmd, &["--test-threads=1"]);
                    shell::run_tests(&mut cmd)
                }
            },
        };
        record(*suite, result);
    }

    let names: Vec<&str> = chosen.iter().map(|s| s.name()).collect();
    eprintln!();
    if failures.is_empty() {
        eprintln!("all suites passed ({})", names.join(", "));
    } else {
        eprintln!("failed suites: {}", failures.join(", "));
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    if failures.is_empty() && total.failed == 0 {
        Ok(())
    } else {
        Err("some tests failed".into())
    }
}
