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

use super::split_cache::SplitCache;
use crate::paths;
use crate::setup::Toolchain;
use crate::shell::{self, Error};
use serde_json::json;
use sha2::{Digest, Sha384};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// SRI hashes of the three, for the preload links.
    pub js_integrity: String,
    /// SRI hash of the main wasm.
    pub wasm_integrity: String,
    /// SRI hash of the link module.
    pub link_integrity: String,
    /// Each split-off page (named after the function that builds it, e.g.
    /// `pay_page`) and the files its first visit fetches.
    pub pages: BTreeMap<String, Vec<String>>,
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
    shell::run(toolchain.wasm_command("wasm-bindgen").args([
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
    .arg(&main_split))?;
    let main_wasm = work.join("portal_bg.wasm");
    for file in std::iter::once(&main_wasm).chain(split.split_modules.iter()) {
        optimize(toolchain, file)?;
    }
    if work.join("snippets").exists() {
        return Err("wasm-bindgen wrote JS snippets; the split build does not ship them yet".into());
    }

    // 4. Content-hashed names, references rewritten.
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for module in &split.split_modules {
        let stem = file_stem(module)?;
        let bytes = std::fs::read(module).map_err(|e| format!("reading {module:?}: {e}"))?;
        let name = format!("{}-{}.wasm", chunk_label(&stem), &hex(&Sha384::digest(&bytes))[..16]);
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
    link_js = replace_all(&link_js, &format!("\"{MAIN_PLACEHOLDER}\""), &format!("\"./{js_name}\""))?;
    let link_hash = &hex(&Sha384::digest(link_js.as_bytes()))[..22];
    let link_file = format!("portal-split-{link_hash}.js");
    debug_assert_eq!(link_file.len(), LINK_PLACEHOLDER.len());
    write(&dist.join(&link_file), link_js.as_bytes())?;
    main_js = replace_all(&main_js, LINK_PLACEHOLDER, &link_file)?;
    replace_bytes(&mut wasm, LINK_PLACEHOLDER.as_bytes(), link_file.as_bytes())?;
    write(&dist.join(&js_name), main_js.as_bytes())?;
    let wasm_digest = Sha384::digest(&wasm);
    let wasm_name = format!("portal-{}_bg.wasm", &hex(&wasm_digest)[..16]);
    write(&dist.join(&wasm_name), &wasm)?;

    let pages = write_manifest(dist, &[&js_name, &wasm_name, &link_file], &split.prefetch_map, &renamed)?;
    Ok(SpaFiles {
        js_integrity: sri(main_js.as_bytes()),
        wasm_integrity: format!("sha384-{}", super::base64(&wasm_digest)),
        link_integrity: sri(link_js.as_bytes()),
        js: js_name,
        wasm: wasm_name,
        link: link_file,
        pages,
    })
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

/// `split-manifest.json`: the files of the first load and, per lazy page,
/// the files its first visit adds (the bench weighs both).
fn write_manifest(
    dist: &Path,
    first_load: &[&str],
    prefetch_map: &std::collections::HashMap<String, Vec<String>>,
    renamed: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, Vec<String>>, Error> {
    let mut pages = BTreeMap::new();
    for (split, files) in prefetch_map {
        let files: Vec<String> = files.iter().filter_map(|f| renamed.get(&format!("./{f}.wasm")).cloned()).collect();
        pages.insert(split.clone(), files);
    }
    let manifest = json!({ "first_load": first_load, "pages": pages });
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| format!("manifest: {e}"))?;
    write(&dist.join("split-manifest.json"), text.as_bytes())?;
    Ok(pages)
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

fn hex(bytes: &[u8]) -> String {
    super::hex(bytes)
}

fn sri(bytes: &[u8]) -> String {
    format!("sha384-{}", super::base64(&Sha384::digest(bytes)))
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
