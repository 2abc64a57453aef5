//! `cargo xtask bench`: what a customer's phone downloads, measured.
//!
//! Builds the release bundles and prints, for the SPA's first load and for
//! the card frame, the bytes of wasm, JS and CSS raw, gzip (level 9) and
//! brotli (quality 11), as browsers receive them from the server. Writes the
//! same figures to `target/bench/bench.json`.

use crate::shell::Error;
use crate::{build, paths, setup};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;

/// Card frame critical path budget (brotli), from the card issue.
const FRAME_BUDGET: u64 = 60 * 1024;
/// Portal first-load budget (brotli).
const PORTAL_BUDGET: u64 = 200 * 1024;

/// Sizes of one file kind (or of a whole bundle).
#[derive(Default, Clone, Copy)]
struct Size {
    raw: u64,
    gzip: u64,
    brotli: u64,
}

impl Size {
    fn add(&mut self, other: Size) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }

    fn json(self) -> Value {
        json!({ "raw_bytes": self.raw, "gzip_bytes": self.gzip, "brotli_bytes": self.brotli })
    }
}

/// Builds the bundles, prints the table, writes the JSON.
pub fn run() -> Result<(), Error> {
    let toolchain = setup::ensure()?;
    build::bundles(&toolchain)?;
    let portal = measure(&paths::spa_dist())?;
    let frame = measure(&paths::frame_dist())?;

    println!("{:<22} {:>5} {:>10} {:>10} {:>10}", "bundle", "kind", "raw", "gzip", "brotli");
    for (name, kinds, total) in [("portal first load", &portal.0, portal.1), ("card frame", &frame.0, frame.1)] {
        for (kind, size) in kinds {
            println!("{name:<22} {kind:>5} {:>10} {:>10} {:>10}", size.raw, size.gzip, size.brotli);
        }
        println!("{name:<22} {:>5} {:>10} {:>10} {:>10}", "total", total.raw, total.gzip, total.brotli);
    }
    for (name, total, budget) in [("card frame", frame.1, FRAME_BUDGET), ("portal first load", portal.1, PORTAL_BUDGET)] {
        let margin = budget as i64 - total.brotli as i64;
        let verdict = if margin >= 0 { "within" } else { "OVER" };
        println!("{name}: {} B brotli, budget {budget} B, margin {margin} B ({verdict} budget)", total.brotli);
    }

    let kinds_json = |kinds: &[(&'static str, Size)]| -> Value {
        kinds.iter().map(|(k, s)| ((*k).to_string(), s.json())).collect::<serde_json::Map<_, _>>().into()
    };
    let mut portal_first = portal.1.json();
    portal_first["files"] = kinds_json(&portal.0);
    let mut card_frame = frame.1.json();
    card_frame["files"] = kinds_json(&frame.0);
    card_frame["budget_brotli_bytes"] = json!(FRAME_BUDGET);
    let report = json!({
        "portal": { "first_load": portal_first, "budget_brotli_bytes": PORTAL_BUDGET },
        "card_frame": card_frame,
    });
    let dir = paths::bench_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {dir:?}: {e}"))?;
    let file = dir.join("bench.json");
    let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    std::fs::write(&file, text).map_err(|e| format!("writing {file:?}: {e}"))?;
    println!("wrote {}", file.display());
    Ok(())
}

/// Sizes by kind (wasm, js, css) of the top-level files of a trunk `dist/`:
/// exactly what its index.html loads on first paint.
fn measure(dist: &Path) -> Result<(Vec<(&'static str, Size)>, Size), Error> {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("reading {dist:?}: {e}"))?;
    let mut kinds = vec![("wasm", Size::default()), ("js", Size::default()), ("css", Size::default())];
    for entry in entries.flatten() {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if let Some((_, size)) = kinds.iter_mut().find(|(k, _)| *k == ext) {
            let bytes = std::fs::read(&path).map_err(|e| format!("reading {path:?}: {e}"))?;
            size.add(compress(&bytes)?);
        }
    }
    let mut total = Size::default();
    for (_, size) in &kinds {
        total.add(*size);
    }
    if total.raw == 0 {
        return Err(format!("{} holds no wasm, js or css", dist.display()));
    }
    Ok((kinds, total))
}

fn compress(bytes: &[u8]) -> Result<Size, Error> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).map_err(|e| e.to_string())?;
    let gzip = gz.finish().map_err(|e| e.to_string())?.len() as u64;
    let mut br = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        writer.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(Size { raw: bytes.len() as u64, gzip, brotli: br.len() as u64 })
}
