//! Where things live: the repository, the build caches and the tool cache.

use std::path::PathBuf;

/// The repository root (the workspace root).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn home() -> PathBuf {
    std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp"))
}

/// Installed tools (wasm-bindgen-cli, trunk, npm packages): outside the clone,
/// so a fresh clone on the same machine reuses them.
pub fn tools() -> PathBuf {
    std::env::var_os("PORTAL_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".cache/portal-tools"))
}

/// The native build cache: `CARGO_TARGET_DIR` if set, else `target/`.
pub fn native_target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"))
}

/// The wasm build cache, beside the native one: the wasm toolchain may be a
/// different compiler, and keeping them apart avoids surprise rebuilds.
pub fn wasm_target() -> PathBuf {
    let native = native_target();
    let name = native
        .file_name()
        .map(|n| format!("{}-wasm", n.to_string_lossy()))
        .unwrap_or_else(|| "target-wasm".into());
    native.with_file_name(name)
}

/// Build output of the SPA (trunk's `dist/`).
pub fn spa_dist() -> PathBuf {
    repo().join("dist")
}

/// Build output of the card-entry frame.
pub fn frame_dist() -> PathBuf {
    repo().join("crates/card-frame/dist")
}

/// Figures written by `cargo xtask bench`: always in the repo's `target/`.
pub fn bench_dir() -> PathBuf {
    repo().join("target/bench")
}

/// Files a run or a test writes (demo database, screenshots): git-ignored.
pub fn scratch() -> PathBuf {
    repo().join("target/portal")
}
