//! The project's entry points, following the `cargo xtask` convention.
//!
//! - `cargo xtask setup`: installs what builds and tests need (idempotent).
//! - `cargo xtask run`: builds the SPA and the card frame, starts the portal
//!   server with the sandbox gateway and demo data, prints URL and logins.
//! - `cargo xtask test [SUITE]... [-- FILTER]`: the lint gate, then every
//!   test: native, in-browser, end to end (or only the suites named).
//! - `cargo xtask lint`: rustfmt and clippy, native and wasm32, `-D warnings`.
//! - `cargo xtask dev`: the portal with demo data, rebuilt and reloaded in
//!   the browser when a source file changes.
//! - `cargo xtask build`: the release bundles only.
//! - `cargo xtask bench`: bundle sizes (and later speed and load figures).

#![expect(
    clippy::print_stdout,
    reason = "a command-line tool: its reports and the test summary go to stdout"
)]

mod bench;
mod build;
mod dev;
mod lint;
mod paths;
mod run;
mod setup;
mod shell;
mod test;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// The project's entry points.
#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Build, run, test and measure the payment portal"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install the toolchain pieces: wasm32 std, wasm-bindgen-cli, trunk, wasm-opt, Chromium.
    Setup,
    /// Build everything and start the portal with the sandbox gateway and demo data.
    Run {
        /// Address the portal listens on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Address the sandbox gateway listens on (its own origin).
        #[arg(long, default_value = "127.0.0.1:8081")]
        gateway_addr: String,
    },
    /// Run the lint gate and every test (native, wasm in headless Chromium,
    /// end to end), or only the suites named.
    Test {
        /// Suites to run (all when none is named).
        #[arg(value_enum)]
        suites: Vec<test::Suite>,
        /// A test-name filter for every test binary run (after `--`).
        #[arg(last = true)]
        filter: Vec<String>,
    },
    /// Check formatting and run clippy (native and wasm32) with warnings as errors.
    Lint,
    /// Start the portal with demo data and rebuild (debug, unsplit) and reload
    /// the page whenever a source file changes.
    Dev {
        /// Address the portal listens on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Address the sandbox gateway listens on (its own origin).
        #[arg(long, default_value = "127.0.0.1:8081")]
        gateway_addr: String,
    },
    /// Build the release bundles of the SPA and the card frame.
    Build,
    /// Build release bundles and print their sizes; writes target/bench/bench.json.
    Bench,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Setup => setup::ensure().map(|_| ()),
        Command::Run { addr, gateway_addr } => run::run(&addr, &gateway_addr),
        Command::Test { suites, filter } => test::run(&suites, &filter),
        Command::Lint => setup::ensure().and_then(|t| lint::run(&t)),
        Command::Dev { addr, gateway_addr } => dev::run(&addr, &gateway_addr),
        Command::Build => setup::ensure().and_then(|t| build::bundles(&t)),
        Command::Bench => bench::run(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err}");
            ExitCode::FAILURE
        }
    }
}
