//! The npm packages only the bench needs, pinned, in their own folder
//! (`~/.cache/portal-tools/npm-bench`), installed once: the peer widgets whose
//! weight we compare with ours, esbuild to minify and tree-shake them,
//! Lighthouse, and playwright-core to drive Debian's Chromium.

use crate::paths;
use crate::shell::{self, Error};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every package, pinned: `(name, version)`.
pub const PACKAGES: &[(&str, &str)] = &[
    ("braintree-web", "3.144.0"),
    ("@adyen/adyen-web", "6.45.2"),
    ("esbuild", "0.28.2"),
    // Lighthouse 13 needs Node 22; Debian's Node is 20.
    ("lighthouse", "12.8.2"),
    ("playwright-core", "1.65.1"),
];

/// The bench's npm folder.
pub fn dir() -> PathBuf {
    paths::tools().join("npm-bench")
}

/// A file inside an installed package, e.g. `module("lighthouse/cli/index.js")`.
pub fn module(relative: &str) -> PathBuf {
    dir().join("node_modules").join(relative)
}

/// The version of an installed package, read from its `package.json`.
fn installed_version(name: &str) -> Option<String> {
    let text = std::fs::read_to_string(module(name).join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_string)
}

/// Installs the pinned packages unless every one is already there.
pub fn ensure() -> Result<PathBuf, Error> {
    let dir = dir();
    let missing: Vec<String> = PACKAGES
        .iter()
        .filter(|(name, version)| installed_version(name).as_deref() != Some(*version))
        .map(|(name, version)| format!("{name}@{version}"))
        .collect();
    if missing.is_empty() {
        return Ok(dir);
    }
    eprintln!(
        "bench: installing npm packages {} (once)",
        missing.join(" ")
    );
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {dir:?}: {e}"))?;
    install(&dir)?;
    Ok(dir)
}

fn install(dir: &Path) -> Result<(), Error> {
    let mut cmd = Command::new("npm");
    cmd.args(["install", "--no-audit", "--no-fund", "--save-exact"])
        .current_dir(dir);
    for (name, version) in PACKAGES {
        cmd.arg(format!("{name}@{version}"));
    }
    shell::run(&mut cmd)
}
