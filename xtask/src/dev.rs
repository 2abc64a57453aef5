//! `cargo xtask dev`: the developer loop.
//!
//! Starts the portal server (with the sandbox gateway and demo data) on a
//! debug build of the SPA, then watches the sources: a change to the SPA
//! rebuilds its wasm (debug, not split by route: seconds instead of the
//! release bundle's minute), a change to the card frame rebuilds the frame,
//! a change to the server or gateway rebuilds and restarts the server. After
//! each rebuild the open page reloads itself: the dev page loads
//! `dev-reload.js`, which polls `dev-build.txt` (a file, not an inline
//! script, so the strict CSP holds in development too).

use crate::setup::Toolchain;
use crate::shell::{self, Error};
use crate::{build, paths, run, setup};
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, SystemTime};

/// What a changed file asks to rebuild.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Spa,
    Frame,
    Server,
}

impl Part {
    /// The sources each part is built from, relative to the repository.
    fn sources(self) -> &'static [&'static str] {
        const SHARED: [&str; 3] = [
            "crates/api/src",
            "crates/card/src",
            "crates/frame-protocol/src",
        ];
        match self {
            Self::Spa => &[
                "src",
                "style",
                "public",
                "index.html",
                SHARED[0],
                SHARED[1],
                SHARED[2],
            ],
            Self::Frame => &[
                "crates/card-frame/src",
                "crates/card-frame/index.html",
                "crates/card-frame/style.css",
                SHARED[1],
                SHARED[2],
            ],
            Self::Server => &[
                "crates/server/src",
                "crates/server/migrations",
                "crates/gateway/src",
                SHARED[0],
                SHARED[1],
            ],
        }
    }
}

const PARTS: [Part; 3] = [Part::Spa, Part::Frame, Part::Server];

/// Builds everything once, starts the server, then rebuilds on change until
/// interrupted (Ctrl-C reaches the server too: it is in the same process group).
pub fn run(addr: &str, gateway_addr: &str) -> Result<(), Error> {
    let toolchain = setup::ensure()?;
    let dist = dev_dist();
    spa(&toolchain, &dist)?;
    build::frame(&toolchain)?;
    let mut server = start_server(addr, gateway_addr, &dist)?;
    eprintln!("dev: portal at http://{addr}/ (log in as ada@example.com / portal-demo-1); watching for changes");

    let mut seen = newest_per_part();
    loop {
        std::thread::sleep(Duration::from_millis(700));
        let now = newest_per_part();
        let changed: Vec<Part> = PARTS
            .iter()
            .zip(seen.iter().zip(&now))
            .filter(|(_, (before, after))| before != after)
            .map(|(part, _)| *part)
            .collect();
        if changed.is_empty() {
            continue;
        }
        // Wait for an editor's burst of writes to settle before building.
        std::thread::sleep(Duration::from_millis(300));
        seen = newest_per_part();
        let mut result = Ok(());
        for part in changed {
            eprintln!("dev: {part:?} sources changed: rebuilding");
            result = result.and_then(|()| match part {
                Part::Spa => spa(&toolchain, &dist),
                Part::Frame => build::frame(&toolchain),
                Part::Server => {
                    let _ = server.kill();
                    let _ = server.wait();
                    start_server(addr, gateway_addr, &dist).map(|child| server = child)
                }
            });
        }
        match result {
            Ok(()) => mark_build(&dist)?,
            // A compile error stays on screen; the next save tries again.
            Err(err) => eprintln!("dev: build failed: {err}"),
        }
    }
}

/// Where the dev build of the SPA goes (apart from the release `dist/`).
fn dev_dist() -> PathBuf {
    paths::scratch().join("dev-dist")
}

/// The SPA's page and styles by trunk, its wasm as one debug module, and the
/// two dev scripts.
fn spa(toolchain: &Toolchain, dist: &Path) -> Result<(), Error> {
    let dist_arg = dist.to_string_lossy().into_owned();
    shell::run(
        toolchain
            .wasm_command("trunk")
            .args(["build", "--offline", "--dist", &dist_arg])
            .current_dir(paths::repo()),
    )?;
    shell::run(toolchain.wasm_command("cargo").args([
        "build",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "portal",
        "--bin",
        "portal",
    ]))?;
    let wasm = paths::wasm_target().join("wasm32-unknown-unknown/debug/portal.wasm");
    shell::run(toolchain.wasm_command("wasm-bindgen").args([
        "--target",
        "web",
        "--no-typescript",
        "--out-name",
        "portal-dev",
        "--out-dir",
        &dist_arg,
        &wasm.to_string_lossy(),
    ]))?;
    let write = |name: &str, text: &str| {
        std::fs::write(dist.join(name), text).map_err(|e| format!("writing {name}: {e}"))
    };
    write(
        "dev-start.js",
        "import init from '/portal-dev.js';\nawait init({ module_or_path: '/portal-dev_bg.wasm' });\n",
    )?;
    write(
        "dev-reload.js",
        "// cargo xtask dev: reload the page once a rebuild has finished.\n\
         let seen = null;\n\
         setInterval(async () => {\n  \
           try {\n    \
             const build = await (await fetch('/dev-build.txt', { cache: 'no-store' })).text();\n    \
             if (seen !== null && build !== seen) location.reload();\n    \
             seen = build;\n  \
           } catch (_) { /* the server is restarting */ }\n\
         }, 1000);\n",
    )?;
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("reading {index:?}: {e}"))?;
    let tags = "<script type=\"module\" src=\"/dev-start.js\"></script>\
                <script type=\"module\" src=\"/dev-reload.js\"></script>";
    let html = html.replacen("</head>", &format!("{tags}</head>"), 1);
    std::fs::write(&index, html).map_err(|e| format!("writing {index:?}: {e}"))?;
    mark_build(dist)
}

/// A new build id: open pages see it change and reload.
fn mark_build(dist: &Path) -> Result<(), Error> {
    let id = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    std::fs::write(dist.join("dev-build.txt"), id.to_string())
        .map_err(|e| format!("writing dev-build.txt: {e}"))
}

/// Builds the server (debug) and starts it on the dev bundle with demo data.
fn start_server(addr: &str, gateway_addr: &str, dist: &Path) -> Result<Child, Error> {
    let (server, mut cmd) = run::demo_server(addr, gateway_addr, "dev-data", dist)?;
    cmd.spawn()
        .map_err(|e| format!("cannot start {}: {e}", server.display()))
}

/// The newest modification time of each part's sources (files and folders,
/// recursively; a deleted file changes its folder's time). A source shared by
/// several parts (the API types, the card core) is walked once per look.
fn newest_per_part() -> Vec<SystemTime> {
    let root = paths::repo();
    let mut walked: std::collections::HashMap<&str, SystemTime> = Default::default();
    PARTS
        .iter()
        .map(|part| {
            part.sources()
                .iter()
                .map(|s| {
                    *walked
                        .entry(s)
                        .or_insert_with(|| newest_under(&root.join(s)))
                })
                .max()
                .unwrap_or(SystemTime::UNIX_EPOCH)
        })
        .collect()
}

fn newest_under(path: &Path) -> SystemTime {
    let own = path
        .metadata()
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let children = std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| newest_under(&entry.path()));
    children.fold(own, SystemTime::max)
}
