//! Installs what WebAssembly builds and browser tests need, idempotently.
//!
//! Everything comes from the package registries (crates.io, npm, Debian):
//! nothing downloads a prebuilt binary from elsewhere. Each step first checks
//! whether its tool is already there at the right version, so a warm run
//! costs a few process spawns.

use crate::paths;
use crate::shell::{self, Error};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The version of trunk the project builds with.
const TRUNK_VERSION: &str = "0.22.1";
/// The npm `binaryen` release whose `wasm-opt` trunk runs (Debian's 108 breaks Leptos).
const BINARYEN_VERSION: &str = "132";
/// The npm `axe-core` release the end-to-end tests inject.
const AXE_VERSION: &str = "4.10.3";
const WASM: &str = "wasm32-unknown-unknown";

/// How this machine gets a standard library for `wasm32-unknown-unknown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WasmRoute {
    /// rustup has the target installed: the normal developer-laptop path.
    Rustup,
    /// Debian's rustc-web + rust-web-src: std built from source with `-Zbuild-std`.
    Debian,
}

/// The tools found or installed by [`ensure`], and how to call them.
pub struct Toolchain {
    pub route: WasmRoute,
    tools: PathBuf,
    /// The standard library's source is there, so release bundles rebuild
    /// std for size (`build-std`, `panic = "immediate-abort"`).
    pub std_source: bool,
}

impl Toolchain {
    /// A command for the wasm side (trunk, cargo --target wasm32): the tool
    /// cache on PATH, the wasm build cache, and for the Debian route the
    /// build-std settings.
    pub fn wasm_command(&self, program: &str) -> Command {
        let mut path = vec![
            self.tools.join("bin"),
            self.tools.join("npm/node_modules/.bin"),
        ];
        if self.route == WasmRoute::Debian {
            path.push(PathBuf::from("/usr/bin"));
        }
        if let Some(existing) = std::env::var_os("PATH") {
            path.extend(std::env::split_paths(&existing));
        }
        let mut cmd = Command::new(program);
        if let Ok(joined) = std::env::join_paths(path) {
            cmd.env("PATH", joined);
        }
        cmd.env("CARGO_TARGET_DIR", paths::wasm_target())
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            )
            .env("CHROMEDRIVER", chromedriver())
            .env(
                "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                self.tools.join("webdriver.json"),
            )
            .env("WASM_BINDGEN_TEST_TIMEOUT", "180");
        if self.route == WasmRoute::Debian {
            cmd.env("RUSTC_BOOTSTRAP", "1")
                .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
                .env_remove("RUSTUP_TOOLCHAIN");
        }
        cmd
    }

    /// Settings for a release bundle build (trunk): with the std source at
    /// hand, std is rebuilt with the bundle, optimised for size, and a panic
    /// aborts at once (no message formatting, no panic locations): about 50
    /// KiB of the SPA's 310 KiB brotli, with `--cfg erase_components` from
    /// `.cargo/config.toml` (measured 2026-12). `RUSTC_BOOTSTRAP` lets the
    /// stable toolchain take the unstable flags, as the Debian route does.
    pub fn release_size_settings(&self, cmd: &mut Command) {
        if !self.std_source {
            return;
        }
        cmd.env("RUSTC_BOOTSTRAP", "1")
            .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
            .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
            .env("CARGO_UNSTABLE_PANIC_IMMEDIATE_ABORT", "true")
            .env("CARGO_PROFILE_RELEASE_PANIC", "immediate-abort");
    }

    /// Debian's clippy for its rustc-web (`cargo xtask lint` on the Debian
    /// route): rustup's clippy cannot lint against Debian's wasm32 std.
    pub fn ensure_wasm_clippy(&self) -> Result<(), Error> {
        if shell::is_executable(Path::new("/usr/bin/cargo-clippy")) {
            return Ok(());
        }
        Apt::default().install(&["rust-web-clippy"])
    }

    /// Path of the axe-core script the end-to-end tests inject into pages.
    pub fn axe_script(&self) -> PathBuf {
        self.tools.join("npm/node_modules/axe-core/axe.min.js")
    }
}

/// Path of ChromeDriver.
pub fn chromedriver() -> PathBuf {
    PathBuf::from("/usr/bin/chromedriver")
}

/// Path of Chromium.
pub fn chromium() -> PathBuf {
    PathBuf::from("/usr/bin/chromium")
}

/// Makes sure every tool is present; installs what is missing.
pub fn ensure() -> Result<Toolchain, Error> {
    let tools = paths::tools();
    std::fs::create_dir_all(tools.join("bin")).map_err(|e| format!("creating {tools:?}: {e}"))?;
    let mut apt = Apt::default();
    ensure_chromium(&mut apt)?;
    let route = ensure_wasm_std(&mut apt)?;
    let std_source = ensure_std_source(route);
    let bindgen_version = wasm_bindgen_version()?;
    ensure_node(&mut apt)?;
    // The two cargo installs are the slow part of a cold set-up: run them side by side.
    let (bindgen, trunk) = std::thread::scope(|s| {
        let bindgen = s.spawn(|| ensure_wasm_bindgen(&tools, &bindgen_version));
        let trunk = s.spawn(|| ensure_trunk(&tools, &mut Apt::default()));
        (join(bindgen.join()), join(trunk.join()))
    });
    bindgen?;
    trunk?;
    ensure_npm_tools(&tools)?;
    write_webdriver_json(&tools)?;
    eprintln!(
        "setup: ready (wasm std via {route:?}, tools in {})",
        tools.display()
    );
    if !std_source {
        eprintln!("setup: no std source (rustup component rust-src): release bundles use the prebuilt std and are larger");
    }
    Ok(Toolchain {
        route,
        tools,
        std_source,
    })
}

fn join(result: std::thread::Result<Result<(), Error>>) -> Result<(), Error> {
    result.unwrap_or_else(|_| Err("an install step panicked".into()))
}

/// Installs Debian packages, running `apt-get update` once.
#[derive(Default)]
struct Apt {
    updated: bool,
}

impl Apt {
    fn install(&mut self, packages: &[&str]) -> Result<(), Error> {
        let sudo = !is_root();
        if sudo && shell::output(Command::new("sudo").args(["-n", "true"])).is_none() {
            return Err(format!(
                "please install these Debian packages (needs root): {}",
                packages.join(" ")
            ));
        }
        let apt = |args: &[&str]| {
            let mut cmd = if sudo {
                Command::new("sudo")
            } else {
                Command::new("apt-get")
            };
            if sudo {
                cmd.args(["-n", "apt-get"]);
            }
            cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
            cmd
        };
        if !self.updated {
            shell::run(&mut apt(&["update", "-q"]))?;
            self.updated = true;
        }
        let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
        args.extend_from_slice(packages);
        shell::run(&mut apt(&args))
    }
}

fn is_root() -> bool {
    shell::output(Command::new("id").arg("-u")).as_deref() == Some("0")
}

fn ensure_chromium(apt: &mut Apt) -> Result<(), Error> {
    if shell::is_executable(&chromium()) && shell::is_executable(&chromedriver()) {
        return Ok(());
    }
    apt.install(&["chromium", "chromium-driver"])
}

fn rustup_has_wasm() -> bool {
    shell::output(Command::new("rustup").args(["target", "list", "--installed"]))
        .is_some_and(|list| list.lines().any(|l| l.trim() == WASM))
}

fn ensure_wasm_std(apt: &mut Apt) -> Result<WasmRoute, Error> {
    if rustup_has_wasm() {
        return Ok(WasmRoute::Rustup);
    }
    if shell::output(Command::new("rustup").arg("--version")).is_some() {
        // rustup may hang on machines without its download server: bound it.
        eprintln!("setup: trying `rustup target add {WASM}` (at most 5 minutes)");
        let _ = shell::run(Command::new("timeout").args(["300", "rustup", "target", "add", WASM]));
        if rustup_has_wasm() {
            return Ok(WasmRoute::Rustup);
        }
    }
    if !debian_wasm_ready() {
        eprintln!("setup: falling back to Debian's rustc-web with the std source (build-std)");
        apt.install(&["rustc-web", "cargo-web", "rust-web-src", "lld-22"])?;
    }
    if debian_wasm_ready() {
        Ok(WasmRoute::Debian)
    } else {
        Err("no wasm32 standard library: neither rustup's target nor Debian's rust-web-src".into())
    }
}

/// Whether std can be rebuilt for size: Debian's route always has the
/// source; with rustup the `rust-src` component is added (bounded in time).
fn ensure_std_source(route: WasmRoute) -> bool {
    if route == WasmRoute::Debian {
        return true;
    }
    let installed = || {
        shell::output(Command::new("rustup").args(["component", "list", "--installed"]))
            .is_some_and(|list| list.lines().any(|l| l.trim().starts_with("rust-src")))
    };
    if installed() {
        return true;
    }
    eprintln!("setup: trying `rustup component add rust-src` (at most 5 minutes)");
    let _ =
        shell::run(Command::new("timeout").args(["300", "rustup", "component", "add", "rust-src"]));
    installed()
}

fn debian_wasm_ready() -> bool {
    shell::is_executable(Path::new("/usr/bin/cargo"))
        && Path::new("/usr/lib/rustlib/src/rust/library").is_dir()
        && (shell::is_executable(Path::new("/usr/bin/rust-lld"))
            || shell::is_executable(Path::new("/usr/bin/lld-22"))
            || shell::is_executable(Path::new("/usr/bin/ld.lld-22")))
}

/// The `wasm-bindgen` version locked in Cargo.lock: the CLI must match it exactly.
pub fn wasm_bindgen_version() -> Result<String, Error> {
    let lock = std::fs::read_to_string(paths::repo().join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(version.to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

fn tool_version(path: &Path) -> Option<String> {
    shell::output(Command::new(path).arg("--version"))
}

fn ensure_wasm_bindgen(tools: &Path, version: &str) -> Result<(), Error> {
    let bin = tools.join("bin/wasm-bindgen");
    let runner = tools.join("bin/wasm-bindgen-test-runner");
    let wanted = format!("wasm-bindgen {version}");
    if tool_version(&bin).is_some_and(|v| v.starts_with(&wanted)) && shell::is_executable(&runner) {
        return Ok(());
    }
    eprintln!("setup: installing wasm-bindgen-cli {version} (several minutes, once)");
    // Not `--locked`: one of its locked dependencies is missing from the registry here.
    shell::run(
        Command::new("cargo")
            .args([
                "install",
                "--force",
                "wasm-bindgen-cli",
                "--version",
                version,
            ])
            .arg("--root")
            .arg(tools),
    )
}

fn ensure_trunk(tools: &Path, apt: &mut Apt) -> Result<(), Error> {
    let bin = tools.join("bin/trunk");
    if tool_version(&bin).is_some_and(|v| v.contains(TRUNK_VERSION)) {
        return Ok(());
    }
    eprintln!("setup: installing trunk {TRUNK_VERSION} (about 15 minutes, once)");
    // trunk 0.22 needs rustc >= 1.96: use the default toolchain if it is new
    // enough, else nightly, else Debian's newer cargo.
    let mut cmd = if rustc_at_least(Command::new("rustc").arg("--version"), 96) {
        Command::new("cargo")
    } else if rustc_at_least(Command::new("rustc").args(["+nightly", "--version"]), 96) {
        let mut c = Command::new("cargo");
        c.arg("+nightly");
        c
    } else {
        if !shell::is_executable(Path::new("/usr/bin/cargo")) {
            apt.install(&["rustc-web", "cargo-web"])?;
        }
        Command::new("/usr/bin/cargo")
    };
    cmd.args([
        "install",
        "--force",
        "--locked",
        "trunk",
        "--version",
        TRUNK_VERSION,
    ])
    .arg("--root")
    .arg(tools);
    shell::run(&mut cmd)
}

fn rustc_at_least(cmd: &mut Command, minor: u32) -> bool {
    shell::output(cmd)
        .and_then(|v| v.split_whitespace().nth(1).map(str::to_string))
        .and_then(|v| v.split('.').nth(1).and_then(|m| m.parse::<u32>().ok()))
        .is_some_and(|m| m >= minor)
}

fn ensure_node(apt: &mut Apt) -> Result<(), Error> {
    if shell::output(Command::new("npm").arg("--version")).is_some() {
        return Ok(());
    }
    apt.install(&["nodejs", "npm"])
}

fn ensure_npm_tools(tools: &Path) -> Result<(), Error> {
    let npm = tools.join("npm");
    let wasm_opt = npm.join("node_modules/.bin/wasm-opt");
    let axe = npm.join("node_modules/axe-core/axe.min.js");
    let wasm_opt_ok =
        tool_version(&wasm_opt).is_some_and(|v| v.contains(&format!("version {BINARYEN_VERSION}")));
    let axe_ok = std::fs::read_to_string(npm.join("node_modules/axe-core/package.json"))
        .is_ok_and(|p| p.contains(&format!("\"version\": \"{AXE_VERSION}\"")))
        && axe.is_file();
    if wasm_opt_ok && axe_ok {
        return Ok(());
    }
    std::fs::create_dir_all(&npm).map_err(|e| format!("creating {npm:?}: {e}"))?;
    shell::run(
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--save-exact"])
            .arg(format!("binaryen@{BINARYEN_VERSION}"))
            .arg(format!("axe-core@{AXE_VERSION}"))
            .current_dir(&npm),
    )
}

/// Chromium flags for a closed network, used by wasm-bindgen-test-runner.
fn write_webdriver_json(tools: &Path) -> Result<(), Error> {
    let json = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium(),
            "args": chromium_args(),
        }
    });
    std::fs::write(tools.join("webdriver.json"), json.to_string())
        .map_err(|e| format!("writing webdriver.json: {e}"))
}

/// Chromium flags that keep headless runs quiet on a closed network.
pub fn chromium_args() -> Vec<&'static str> {
    vec![
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ]
}
