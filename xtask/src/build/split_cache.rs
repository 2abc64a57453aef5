//! The split build's outputs, kept beside the build cache and keyed by the
//! raw wasm and the pipeline's source: a rebuild with nothing
//! changed copies them into trunk's fresh `dist/` instead of splitting,
//! binding and optimising about twenty modules again.

use super::split::{SpaFiles, MANIFEST};
use crate::paths;
use crate::shell::Error;
use sha2::{Digest, Sha384};
use std::path::{Path, PathBuf};

/// The cache entry for one raw wasm (only the latest is kept).
pub struct SplitCache {
    dir: PathBuf,
    key: String,
}

impl SplitCache {
    /// The entry for `raw_wasm` as this pipeline's code would process it
    /// (its source is part of the key: a change to the pipeline is a miss).
    pub fn for_input(raw_wasm: &[u8]) -> Self {
        let key = Sha384::new()
            .chain_update(raw_wasm)
            .chain_update(include_str!("split.rs"))
            .chain_update(include_str!("split_cache.rs"))
            .finalize();
        Self {
            dir: paths::scratch().join("split-cache"),
            key: super::hex(&key)[..32].to_string(),
        }
    }

    /// Copies the cached files into `dist` and returns what they are, or
    /// None when there is no complete entry for this input.
    pub fn restore(&self, dist: &Path) -> Option<SpaFiles> {
        if std::fs::read_to_string(self.dir.join("key")).ok()? != self.key {
            return None;
        }
        let manifest = std::fs::read_to_string(self.dir.join(MANIFEST)).ok()?;
        let files = SpaFiles::from_manifest(&serde_json::from_str(&manifest).ok()?)?;
        for name in output_names(&files) {
            std::fs::copy(self.dir.join(&name), dist.join(&name)).ok()?;
        }
        eprintln!(
            "split build: nothing changed, reused {}",
            self.dir.display()
        );
        Some(files)
    }

    /// Keeps the outputs just written to `dist` for the next build.
    pub fn store(&self, dist: &Path, files: &SpaFiles) -> Result<(), Error> {
        let _ = std::fs::remove_dir_all(&self.dir);
        std::fs::create_dir_all(&self.dir).map_err(|e| format!("creating {:?}: {e}", self.dir))?;
        for name in output_names(files) {
            std::fs::copy(dist.join(&name), self.dir.join(&name))
                .map_err(|e| format!("caching {name}: {e}"))?;
        }
        // The key last: an interrupted store leaves no entry.
        std::fs::write(self.dir.join("key"), &self.key)
            .map_err(|e| format!("writing the split cache: {e}"))
    }
}

/// Every file the split build writes into `dist`.
fn output_names(files: &SpaFiles) -> Vec<String> {
    let mut names = vec![
        files.js.clone(),
        files.wasm.clone(),
        files.link.clone(),
        MANIFEST.to_string(),
    ];
    names.extend(files.pages.values().flatten().cloned());
    names.sort();
    names.dedup();
    names
}
