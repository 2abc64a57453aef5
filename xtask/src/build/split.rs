//! The SPA's wasm, split by route: what trunk 0.22 cannot do (trunk-rs/trunk#1022).
//!
//! 1. `cargo rustc` builds `portal` for wasm32 with the `split` feature (the
//!    pages in `src/lazy_routes.rs` become split points) and linker
//!    relocations (`--emit-relocs`), which the splitter needs.
//! 2. `wasm_split_cli_support` (the splitter cargo-leptos uses) cuts the
//!    module: a main module, one module per lazy page, shared chunks, and
//!    a JS link module that fetches them on demand.
//! 3. `wasm-bindgen --target web --keep-lld-exports` makes the main module's
//!    JS glue; `wasm-opt -Oz` shrinks every wasm file.
//! 4. Every file gets a content-hashed name (cached for good by the server)
//!    and the references between them are rewritten to those names.
//!
//! The result is written into trunk's `dist/`, with `split-manifest.json`
//! naming the first load's files and each page's extra files, and kept for
//! the next build with nothing changed (`split_cache.rs`).

use super::hex;
use super::split_cache::SplitCache;
use crate::paths;
use crate::setup::Toolchain;
use crate::shell::{self, Error};
use serde_json::json;
use sha2::{Digest, Sha384};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file naming the split build's outputs (see [`SpaFiles::manifest`]).
pub const MANIFEST: &str = "split-manifest.json";
/// The link module's name as the splitter writes it into the main module's
/// imports. Its 22 underscores are replaced, byte for byte, by a content hash.
const LINK_PLACEHOLDER: &str = "__wasm_split.______________________.js";
/// The main JS module's name the link module imports `initSync` from.
const MAIN_PLACEHOLDER: &str = "./portal.js";
/// The wasm features the release bundles use (as trunk's `data-wasm-opt-params`).
const WASM_OPT_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-mutable-globals",
];

/// The SPA's start-up files, as `index.html` must load them.
pub struct SpaFiles {
    /// The wasm-bindgen JS module (`portal-<hash>.js`).
    pub js: String,
    /// The main wasm module (`portal-<hash>_bg.wasm`).
    pub wasm: String,
    /// The link module the JS module imports (`portal-split-<hash>.js`).
    pub link: String,
    /// Each split-off page (named after the function that builds it, e.g.
    /// `pay_page`) and the files its first visit fetches.
    pub pages: BTreeMap<String, Vec<String>>,
}

impl SpaFiles {
    /// `split-manifest.json`: the first load's files, the start-up files by
    /// role, and per split-off page the files its first visit adds (the
    /// bench weighs them; the split cache reads them back).
    pub fn manifest(&self) -> serde_json::Value {
        json!({
            "first_load": [&self.js, &self.wasm, &self.link],
            "start": { "js": &self.js, "wasm": &self.wasm, "link": &self.link },
            "pages": &self.pages,
        })
    }

    /// Reads back what [`SpaFiles::manifest`] wrote.
    pub fn from_manifest(manifest: &serde_json::Value) -> Option<Self> {
        let start = |role: &str| manifest["start"][role].as_str().map(str::to_string);
        let mut pages = BTreeMap::new();
        for (page, files) in manifest["pages"].as_object()? {
            let files = files
                .as_array()?
                .iter()
                .map(|f| f.as_str().map(str::to_string))
                .collect::<Option<_>>()?;
            pages.insert(page.clone(), files);
        }
        Some(Self {
            js: start("js")?,
            wasm: start("wasm")?,
            link: start("link")?,
            pages,
        })
    }
}

/// Builds, splits and optimises the SPA's wasm into `dist`.
pub fn build(toolchain: &Toolchain, dist: &Path) -> Result<SpaFiles, Error> {
    let raw = compile(toolchain)?;
    let input = std::fs::read(&raw).map_err(|e| format!("reading {raw:?}: {e}"))?;
    let cache = SplitCache::for_input(&input);
    if let Some(files) = cache.restore(dist) {
        return Ok(files);
    }
    let files = split(toolchain, &raw, &input, dist)?;
    cache.store(dist, &files)?;
    Ok(files)
}

/// Steps 2 to 4 on the raw wasm `input` (read from `raw`).
fn split(toolchain: &Toolchain, raw: &Path, input: &[u8], dist: &Path) -> Result<SpaFiles, Error> {
    let work = paths::scratch().join("split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("creating {work:?}: {e}"))?;

    // 2. Split.
    let main_split = work.join("portal_split.wasm");
    let link_name = format!("./{LINK_PLACEHOLDER}");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(input);
        opts.output_dir = &work;
        opts.main_out_path = &main_split;
        opts.main_module = MAIN_PLACEHOLDER;
        opts.link_name = &link_name;
        opts
    })
    .map_err(|e| format!("splitting {}: {e:#}", raw.display()))?;

    // 3. Bindings for the main module, then wasm-opt on every module.
    shell::run(
        toolchain
            .wasm_command("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--keep-lld-exports",
                "--no-demangle",
                "--no-typescript",
                "--out-name",
                "portal",
                "--out-dir",
            ])
            .arg(&work)
            .arg(&main_split),
    )?;
    let main_wasm = work.join("portal_bg.wasm");
    for file in std::iter::once(&main_wasm).chain(split.split_modules.iter()) {
        optimize(toolchain, file)?;
    }
    if work.join("snippets").exists() {
        return Err(
            "wasm-bindgen wrote JS snippets; the split build does not ship them yet".into(),
        );
    }

    // 4. Content-hashed names, references rewritten.
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for module in &split.split_modules {
        let stem = file_stem(module)?;
        let bytes = std::fs::read(module).map_err(|e| format!("reading {module:?}: {e}"))?;
        let name = format!(
            "{}-{}.wasm",
            chunk_label(&stem),
            &hex(&Sha384::digest(&bytes))[..16]
        );
        write(&dist.join(&name), &bytes)?;
        renamed.insert(format!("./{stem}.wasm"), name);
    }
    let mut link_js = read_text(&work.join(LINK_PLACEHOLDER))?;
    for (old, new) in &renamed {
        link_js = replace_all(&link_js, &format!("\"{old}\""), &format!("\"./{new}\""))?;
    }

    // The main JS and wasm name the link module, and the link module names
    // the main JS: the main JS's hash covers all three before the names go
    // in, so any change anywhere gives it a new name.
    let mut main_js = read_text(&work.join("portal.js"))?;
    let mut wasm = std::fs::read(&main_wasm).map_err(|e| format!("reading {main_wasm:?}: {e}"))?;
    let js_name = format!(
        "portal-{}.js",
        &hex(&Sha384::new()
            .chain_update(main_js.as_bytes())
            .chain_update(&wasm)
            .chain_update(link_js.as_bytes())
            .finalize())[..16]
    );
    link_js = replace_all(
        &link_js,
        &format!("\"{MAIN_PLACEHOLDER}\""),
        &format!("\"./{js_name}\""),
    )?;
    let link_hash = &hex(&Sha384::digest(link_js.as_bytes()))[..22];
    let link_file = format!("portal-split-{link_hash}.js");
    debug_assert_eq!(link_file.len(), LINK_PLACEHOLDER.len());
    write(&dist.join(&link_file), link_js.as_bytes())?;
    main_js = replace_all(&main_js, LINK_PLACEHOLDER, &link_file)?;
    replace_bytes(&mut wasm, LINK_PLACEHOLDER.as_bytes(), link_file.as_bytes())?;
    write(&dist.join(&js_name), main_js.as_bytes())?;
    let wasm_name = format!("portal-{}_bg.wasm", &hex(&Sha384::digest(&wasm))[..16]);
    write(&dist.join(&wasm_name), &wasm)?;

    let files = SpaFiles {
        js: js_name,
        wasm: wasm_name,
        link: link_file,
        pages: pages(&split.prefetch_map, &renamed),
    };
    let manifest =
        serde_json::to_string_pretty(&files.manifest()).map_err(|e| format!("manifest: {e}"))?;
    write(&dist.join(MANIFEST), manifest.as_bytes())?;
    Ok(files)
}

/// 1. The wasm32 release build of the portal with its pages as split points.
fn compile(toolchain: &Toolchain) -> Result<PathBuf, Error> {
    let mut cmd = toolchain.wasm_command("cargo");
    toolchain.release_size_settings(&mut cmd);
    shell::run(cmd.current_dir(paths::repo()).args([
        "rustc",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "portal",
        "--bin",
        "portal",
        "--features",
        "split",
        "--",
        "-C",
        "link-args=--emit-relocs",
    ]))?;
    Ok(paths::wasm_target().join("wasm32-unknown-unknown/release/portal.wasm"))
}

fn optimize(toolchain: &Toolchain, file: &Path) -> Result<(), Error> {
    shell::run(
        toolchain
            .wasm_command("wasm-opt")
            .arg("-Oz")
            .args(WASM_OPT_FEATURES)
            .arg(file)
            .arg("-o")
            .arg(file),
    )
}

/// Each split-off page and its files under their final names.
fn pages(
    prefetch_map: &std::collections::HashMap<String, Vec<String>>,
    renamed: &BTreeMap<String, String>,
) -> BTreeMap<String, Vec<String>> {
    prefetch_map
        .iter()
        .map(|(split, files)| {
            (
                split.clone(),
                files
                    .iter()
                    .filter_map(|f| renamed.get(&format!("./{f}.wasm")).cloned())
                    .collect(),
            )
        })
        .collect()
}

/// A readable file label: `split_pay_page` (the split point named after the
/// function that builds the page) → `pay-page`, `chunk_7` → `shared`.
fn chunk_label(stem: &str) -> String {
    match stem.strip_prefix("split_") {
        Some(split) => split.replace('_', "-"),
        None => "shared".to_string(),
    }
}

fn file_stem(path: &Path) -> Result<String, Error> {
    path.file_stem()
        .and_then(|s| s.to_str())
        .map(str::to_string)
        .ok_or_else(|| format!("unexpected split module path {path:?}"))
}

/// Replaces every `old` by `new`; fails if there is none (the splitter's or
/// wasm-bindgen's output changed shape).
fn replace_all(text: &str, old: &str, new: &str) -> Result<String, Error> {
    if !text.contains(old) {
        return Err(format!("split build: expected {old:?} in the generated JS"));
    }
    Ok(text.replace(old, new))
}

/// Replaces every `old` by the same-length `new` in a binary; fails if none.
fn replace_bytes(bytes: &mut [u8], old: &[u8], new: &[u8]) -> Result<(), Error> {
    if old.len() != new.len() {
        return Err("split build: binary replacement must keep the length".into());
    }
    let mut found = 0;
    let mut i = 0;
    while i + old.len() <= bytes.len() {
        if &bytes[i..i + old.len()] == old {
            bytes[i..i + old.len()].copy_from_slice(new);
            found += 1;
            i += old.len();
        } else {
            i += 1;
        }
    }
    if found == 0 {
        return Err("split build: the main wasm does not import the link module".into());
    }
    Ok(())
}

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| format!("reading {path:?}: {e}"))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|e| format!("writing {path:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::{chunk_label, replace_bytes};

    #[test]
    fn chunk_files_are_labelled_by_page() {
        assert_eq!(chunk_label("split_pay_link_page"), "pay-link-page");
        assert_eq!(chunk_label("chunk_3"), "shared");
    }

    #[test]
    fn binary_replacement_keeps_length_and_refuses_a_missing_name() {
        let mut wasm = b"\0\x01import ./__a.js and ./__a.js\0".to_vec();
        assert!(replace_bytes(&mut wasm, b"__a", b"b12").is_ok());
        assert_eq!(wasm, b"\0\x01import ./b12.js and ./b12.js\0".to_vec());
        assert!(replace_bytes(&mut wasm, b"__a", b"b12").is_err());
        assert!(replace_bytes(&mut wasm, b"b12", b"b1").is_err());
    }
}
