//! Bytes on the wire: raw, gzip (level 9) and brotli (quality 11) sizes of
//! files, as a browser receives them from a server that compresses.

use crate::shell::Error;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// Sizes of one file, one file kind, or a whole bundle.
#[derive(Default, Clone, Copy, Debug)]
pub struct Size {
    /// Uncompressed bytes.
    pub raw: u64,
    /// Bytes after gzip at level 9.
    pub gzip: u64,
    /// Bytes after brotli at quality 11, window 22.
    pub brotli: u64,
}

impl Size {
    /// Adds another size to this one.
    pub fn add(&mut self, other: Size) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }

    /// The JSON object of the three figures.
    pub fn json(self) -> Value {
        json!({ "raw_bytes": self.raw, "gzip_bytes": self.gzip, "brotli_bytes": self.brotli })
    }
}

/// A trunk bundle measured by kind: what its `index.html` loads on first paint.
pub struct Bundle {
    /// Sizes of the wasm, js and css files, by kind.
    pub kinds: Vec<(&'static str, Size)>,
    /// The sum of all kinds.
    pub total: Size,
}

impl Bundle {
    /// The JSON of the bundle: totals plus a `files` object by kind.
    pub fn json(&self) -> Value {
        let mut value = self.total.json();
        let files: serde_json::Map<String, Value> = self
            .kinds
            .iter()
            .map(|(k, s)| ((*k).to_string(), s.json()))
            .collect();
        value["files"] = files.into();
        value
    }
}

/// The pages split off the SPA's first load, from the `split-manifest.json`
/// the split build writes: page name → the files its first visit adds.
pub fn split_pages(dist: &Path) -> Result<BTreeMap<String, Vec<String>>, Error> {
    let path = dist.join("split-manifest.json");
    if !path.is_file() {
        return Ok(BTreeMap::new());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("reading {path:?}: {e}"))?;
    let manifest: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut pages = BTreeMap::new();
    for (page, files) in manifest["pages"].as_object().into_iter().flatten() {
        let files = files
            .as_array()
            .ok_or_else(|| format!("{}: pages.{page} is not a list", path.display()))?;
        pages.insert(
            page.clone(),
            files
                .iter()
                .filter_map(|f| f.as_str().map(str::to_string))
                .collect(),
        );
    }
    Ok(pages)
}

/// Sizes of the files a page's first visit adds to the first load.
pub fn measure_files(dist: &Path, files: &[String]) -> Result<Size, Error> {
    let mut total = Size::default();
    for file in files {
        total.add(measure_file(&dist.join(file))?);
    }
    Ok(total)
}

/// Sizes by kind (wasm, js, css) of the files a `dist/`'s first load
/// fetches: those its `index.html` loads or preloads (not `embed.js`, the
/// embed demo's stylesheet or the chunks of split-off pages).
pub fn measure_dist(dist: &Path) -> Result<Bundle, Error> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| {
        format!(
            "{} has no readable index.html (not built?): {e}",
            dist.display()
        )
    })?;
    let entries = std::fs::read_dir(dist).map_err(|e| format!("reading {dist:?}: {e}"))?;
    let mut kinds = vec![
        ("wasm", Size::default()),
        ("js", Size::default()),
        ("css", Size::default()),
    ];
    for entry in entries.flatten() {
        let path = entry.path();
        let loaded = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| html.contains(&format!("/{n}\"")));
        if !loaded {
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if let Some((_, size)) = kinds.iter_mut().find(|(k, _)| *k == ext) {
            size.add(measure_file(&path)?);
        }
    }
    let mut total = Size::default();
    for (_, size) in &kinds {
        total.add(*size);
    }
    if total.raw == 0 {
        return Err(format!("{} holds no wasm, js or css", dist.display()));
    }
    Ok(Bundle { kinds, total })
}

/// Sizes of one file.
pub fn measure_file(path: &Path) -> Result<Size, Error> {
    let bytes = std::fs::read(path).map_err(|e| format!("reading {path:?}: {e}"))?;
    compress(&bytes)
}

/// Sizes of a byte string.
pub fn compress(bytes: &[u8]) -> Result<Size, Error> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).map_err(|e| e.to_string())?;
    let gzip = gz.finish().map_err(|e| e.to_string())?.len() as u64;
    let mut br = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        writer.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(Size {
        raw: bytes.len() as u64,
        gzip,
        brotli: br.len() as u64,
    })
}

/// Bytes as KiB with one decimal, for tables.
pub fn kib(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::{compress, kib};

    #[test]
    fn compression_shrinks_repetitive_text() -> Result<(), String> {
        let text = "card ".repeat(1000);
        let size = compress(text.as_bytes())?;
        assert_eq!(size.raw, 5000);
        assert!(size.gzip < 200 && size.brotli < 200);
        Ok(())
    }

    #[test]
    fn kib_has_one_decimal() {
        assert_eq!(kib(1536), "1.5");
    }
}
