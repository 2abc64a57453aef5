//! Where things live: the repository, the build caches and the tool cache.

use std::path::PathBuf;

/// The repository root (the workspace root) of the checkout `cargo xtask`
/// runs in. Read at run time (cargo sets `CARGO_MANIFEST_DIR` for `cargo
/// run`): with a build cache shared by several checkouts, the xtask binary
/// may have been linked in another one.
pub fn repo() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn home() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp"))
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
/// different compiler, and keeping them apart avoids surprise rebuilds. One
/// per checkout: trunk takes the wasm cargo copies to a fixed place in the
/// cache, and two checkouts sharing it would hand each other their bundles.
pub fn wasm_target() -> PathBuf {
    use std::hash::{Hash, Hasher};
    let native = native_target();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    repo().hash(&mut hasher);
    let name = native
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "target".into());
    native.with_file_name(format!("{name}-wasm-{:08x}", hasher.finish() as u32))
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
