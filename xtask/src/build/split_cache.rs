//! The split build's outputs, kept beside the build cache and keyed by the
//! raw wasm and the xtask binary that processed it: a rebuild with nothing
//! changed copies them into trunk's fresh `dist/` instead of splitting,
//! binding and optimising about twenty modules again.

use super::split::SpaFiles;
use crate::paths;
use crate::shell::Error;
use serde_json::{json, Value};
use sha2::{Digest, Sha384};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The cache entry for one raw wasm.
pub struct SplitCache {
    dir: PathBuf,
    key: String,
}

impl SplitCache {
    /// The entry for `raw_wasm` as this xtask binary would process it.
    pub fn for_input(raw_wasm: &[u8]) -> Self {
        let mut hasher = Sha384::new().chain_update(raw_wasm);
        if let Ok(exe) = std::env::current_exe().and_then(std::fs::read) {
            hasher.update(exe);
        }
        Self { dir: paths::scratch().join("split-cache"), key: super::hex(&hasher.finalize())[..32].to_string() }
    }

    /// Copies the cached files into `dist` and returns what they are, or
    /// None when there is no complete entry for this input.
    pub fn restore(&self, dist: &Path) -> Option<SpaFiles> {
        let text = std::fs::read_to_string(self.dir.join(format!("{}.json", self.key))).ok()?;
        let value: Value = serde_json::from_str(&text).ok()?;
        let s = |k: &str| value[k].as_str().map(str::to_string);
        let mut pages = BTreeMap::new();
        for (page, list) in value["pages"].as_object()? {
            let list = list.as_array()?.iter().map(|f| f.as_str().map(str::to_string)).collect::<Option<Vec<_>>>()?;
            pages.insert(page.clone(), list);
        }
        let files = SpaFiles {
            js: s("js")?,
            wasm: s("wasm")?,
            link: s("link")?,
            js_integrity: s("js_integrity")?,
            wasm_integrity: s("wasm_integrity")?,
            link_integrity: s("link_integrity")?,
            pages,
        };
        for name in output_names(&files) {
            std::fs::copy(self.dir.join(&name), dist.join(&name)).ok()?;
        }
        eprintln!("split build: nothing changed, reused {}", self.dir.display());
        Some(files)
    }

    /// Keeps the outputs just written to `dist` for the next build (only
    /// the latest entry is kept).
    pub fn store(&self, dist: &Path, files: &SpaFiles) -> Result<(), Error> {
        let _ = std::fs::remove_dir_all(&self.dir);
        std::fs::create_dir_all(&self.dir).map_err(|e| format!("creating {:?}: {e}", self.dir))?;
        for name in output_names(files) {
            std::fs::copy(dist.join(&name), self.dir.join(&name)).map_err(|e| format!("caching {name}: {e}"))?;
        }
        let value = json!({
            "js": files.js, "wasm": files.wasm, "link": files.link,
            "js_integrity": files.js_integrity, "wasm_integrity": files.wasm_integrity,
            "link_integrity": files.link_integrity, "pages": files.pages,
        });
        std::fs::write(self.dir.join(format!("{}.json", self.key)), value.to_string())
            .map_err(|e| format!("writing the split cache: {e}"))
    }
}

/// Every file the split build writes into `dist`.
fn output_names(files: &SpaFiles) -> Vec<String> {
    let mut names = vec![files.js.clone(), files.wasm.clone(), files.link.clone(), "split-manifest.json".to_string()];
    names.extend(files.pages.values().flatten().cloned());
    names.sort();
    names.dedup();
    names
}
