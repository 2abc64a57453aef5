//! The card widgets integrators use today, weighed the same way as ours:
//! Braintree's hosted fields (with the client they need) and Adyen's card
//! component, taken from their npm packages.
//!
//! Braintree's npm files are not minified (its CDN serves `.min.js`), so they
//! are shown as shipped and minified by esbuild. Adyen's npm package ships a
//! minified all-in-one bundle and tree-shakable modules, so it is shown whole
//! and as the card component alone (esbuild bundle, tree-shaken, minified),
//! each with its stylesheet. Both peers also load their own field iframes
//! from their CDN at run time; those are not on npm and not counted here.

use crate::bench::npm;
use crate::bench::sizes::{self, Size};
use crate::paths;
use crate::shell::{self, Error};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One peer bundle.
pub struct Peer {
    /// What it is, e.g. `braintree-web 3.144.0 client + hosted-fields (minified)`.
    pub name: String,
    /// A stable key for the JSON.
    pub key: &'static str,
    /// Its weight.
    pub size: Size,
}

fn version(name: &str) -> &'static str {
    npm::PACKAGES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("?", |(_, v)| v)
}

/// Weighs every peer bundle.
pub fn measure() -> Result<Vec<Peer>, Error> {
    let npm_dir = npm::ensure()?;
    let out = paths::bench_dir().join("peers");
    std::fs::create_dir_all(&out).map_err(|e| format!("creating {out:?}: {e}"))?;
    let bt = version("braintree-web");
    let ad = version("@adyen/adyen-web");

    let braintree: Vec<PathBuf> = ["client.js", "hosted-fields.js"]
        .iter()
        .map(|f| npm::module("braintree-web/dist/browser").join(f))
        .collect();
    let mut braintree_min = Vec::new();
    for file in &braintree {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let target = out.join(format!("braintree-{name}"));
        esbuild(
            &npm_dir,
            &[file.to_string_lossy().as_ref(), "--minify"],
            &target,
        )?;
        braintree_min.push(target);
    }

    let adyen_css = npm::module("@adyen/adyen-web/dist/es/adyen.css");
    let adyen_all = vec![
        npm::module("@adyen/adyen-web/dist/cjs/index.cjs"),
        adyen_css.clone(),
    ];
    // The entry must sit in the npm folder so esbuild resolves the package.
    let entry = npm_dir.join("bench-adyen-card.js");
    std::fs::write(
        &entry,
        "import { AdyenCheckout, Card } from '@adyen/adyen-web';\n\
         globalThis.adyen = { AdyenCheckout, Card };\n",
    )
    .map_err(|e| format!("writing {entry:?}: {e}"))?;
    let card_js = out.join("adyen-card.js");
    esbuild(
        &npm_dir,
        &[
            "bench-adyen-card.js",
            "--bundle",
            "--minify",
            "--format=esm",
        ],
        &card_js,
    )?;

    Ok(vec![
        peer(
            format!("braintree-web {bt} client + hosted-fields (as shipped)"),
            "braintree_as_shipped",
            &braintree,
        )?,
        peer(
            format!("braintree-web {bt} client + hosted-fields (minified)"),
            "braintree_minified",
            &braintree_min,
        )?,
        peer(
            format!("@adyen/adyen-web {ad} all-in-one + css (as shipped)"),
            "adyen_all_in_one",
            &adyen_all,
        )?,
        peer(
            format!("@adyen/adyen-web {ad} card only + css (tree-shaken)"),
            "adyen_card",
            &[card_js, adyen_css],
        )?,
    ])
}

fn peer(name: String, key: &'static str, files: &[PathBuf]) -> Result<Peer, Error> {
    let mut size = Size::default();
    for file in files {
        size.add(sizes::measure_file(file)?);
    }
    Ok(Peer { name, key, size })
}

fn esbuild(npm_dir: &Path, args: &[&str], outfile: &Path) -> Result<(), Error> {
    shell::run(
        Command::new(npm_dir.join("node_modules/.bin/esbuild"))
            .args(args)
            .arg(format!("--outfile={}", outfile.display()))
            .arg("--log-level=warning")
            .current_dir(npm_dir),
    )
}
