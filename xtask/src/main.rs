//! The project's entry points, following the `cargo xtask` convention.
//!
//! - `cargo xtask setup`: installs what builds and tests need (idempotent).
//! - `cargo xtask run`: builds the SPA and the card frame, starts the portal
//!   server with the sandbox gateway and demo data, prints URL and logins.
//! - `cargo xtask test`: every test: native, in-browser, end to end.
//! - `cargo xtask build`: the release bundles only.
//! - `cargo xtask bench`: bundle sizes (and later speed and load figures).

mod bench;
mod build;
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
    /// Run every test: native, wasm in headless Chromium, end to end.
    Test,
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
        Command::Test => test::run(),
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
