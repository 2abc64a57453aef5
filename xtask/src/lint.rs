//! `cargo xtask lint`: the gate every change passes before the tests run.
//!
//! 1. `cargo fmt --check` on every package (the settings are `rustfmt.toml`).
//! 2. clippy on the native crates (server, gateway, card core, API types,
//!    end-to-end harness, xtask), and on the server built without the sandbox.
//! 3. clippy on the wasm32 crates (the SPA, the card frame and the frame
//!    protocol), built for `wasm32-unknown-unknown` as the browser gets them.
//!
//! Warnings are errors (`-D warnings`); the lints themselves are the
//! workspace's (`[workspace.lints]` in the root `Cargo.toml`).

use crate::setup::{Toolchain, WasmRoute};
use crate::shell::{self, Error};
use std::process::Command;

/// The packages built for the browser: linted for wasm32 only, as the browser
/// gets them (natively some lints, such as enum sizes, see 64-bit pointers).
pub const WASM_PACKAGES: [&str; 3] = ["portal", "portal-card-frame", "portal-frame-protocol"];

/// Runs the three steps, all of them even when one fails, so one run shows
/// every finding; fails if any step failed.
pub fn run(toolchain: &Toolchain) -> Result<(), Error> {
    let mut failed = Vec::new();
    if let Err(err) = fmt() {
        eprintln!("xtask lint: {err}");
        failed.push("rustfmt");
    }
    if let Err(err) = clippy_native() {
        eprintln!("xtask lint: {err}");
        failed.push("clippy (native)");
    }
    if let Err(err) = clippy_wasm(toolchain) {
        eprintln!("xtask lint: {err}");
        failed.push("clippy (wasm32)");
    }
    if failed.is_empty() {
        eprintln!("xtask lint: formatted, and clippy is clean for native and wasm32");
        Ok(())
    } else {
        Err(format!(
            "lint failed: {} (fix, or run `cargo fmt --all` for formatting)",
            failed.join(", ")
        ))
    }
}

/// Every `.rs` file of every package is formatted.
fn fmt() -> Result<(), Error> {
    shell::run(Command::new("cargo").args(["fmt", "--all", "--check"]))
}

/// The native crates, every target (libraries, binaries, tests).
fn clippy_native() -> Result<(), Error> {
    let mut cmd = Command::new("cargo");
    cmd.args(["clippy", "--workspace", "--all-targets"]);
    for package in WASM_PACKAGES {
        cmd.args(["--exclude", package]);
    }
    shell::run(cmd.args(["--", "-D", "warnings"]))?;
    // A production server leaves the sandbox gateway out: that build must lint too.
    shell::run(Command::new("cargo").args([
        "clippy",
        "--package",
        "portal-server",
        "--no-default-features",
        "--",
        "-D",
        "warnings",
    ]))
}

/// The browser crates for wasm32, with the wasm toolchain's environment.
fn clippy_wasm(toolchain: &Toolchain) -> Result<(), Error> {
    if toolchain.route == WasmRoute::Debian {
        // Debian's rustc-web has its own clippy package.
        toolchain.ensure_wasm_clippy()?;
    }
    let mut cmd = toolchain.wasm_command("cargo");
    cmd.args([
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
    ]);
    for package in WASM_PACKAGES {
        cmd.args(["--package", package]);
    }
    shell::run(cmd.args(["--", "-D", "warnings"]))
}
