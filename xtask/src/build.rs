//! Release builds of the two browser bundles with trunk (offline), then the
//! post-processing a strict Content-Security-Policy needs.
//!
//! The SPA's wasm is built and split by route here (`split.rs`), not by
//! trunk, which builds the SPA's stylesheets, icon and `index.html` only.
//!
//! Trunk writes the wasm start-up as an inline `<script type="module">` in
//! `index.html`. Our CSP is `script-src 'self' 'wasm-unsafe-eval'` with no
//! `'unsafe-inline'` (SECURITY B1), so the start-up moves to a content-hashed
//! file with an SRI hash. For the SPA we also write `embed.js`, the stable
//! script an integrator's page loads to mount the portal (it resolves the
//! bundle's hashed files relative to itself and adds the stylesheets).

use crate::paths;
use crate::setup::Toolchain;
use crate::shell::{self, Error};
use sha2::{Digest, Sha384};
use std::path::Path;

mod split;
mod split_cache;

/// Builds the SPA (`dist/`) and the card frame (`crates/card-frame/dist/`).
pub fn bundles(toolchain: &Toolchain) -> Result<(), Error> {
    trunk(toolchain, &paths::repo())?;
    let spa = start_spa(toolchain, &paths::spa_dist())?;
    write_embed_loader(&paths::spa_dist(), &spa)?;
    frame(toolchain)
}

/// Builds the card frame's release bundle (`crates/card-frame/dist/`).
pub fn frame(toolchain: &Toolchain) -> Result<(), Error> {
    trunk(toolchain, &paths::repo().join("crates/card-frame"))?;
    externalize_start_script(&paths::frame_dist(), "frame-start")?;
    Ok(())
}

fn trunk(toolchain: &Toolchain, dir: &Path) -> Result<(), Error> {
    let mut cmd = toolchain.wasm_command("trunk");
    toolchain.release_size_settings(&mut cmd);
    shell::run(
        cmd.args(["build", "--release", "--offline"])
            .current_dir(dir),
    )
}

/// What the start script of a bundle refers to.
struct StartScript {
    /// The inline script's body as trunk wrote it.
    body: String,
}

/// Builds the SPA's split wasm into `dist/` and makes `index.html` preload
/// and start it (trunk built the page without it).
fn start_spa(toolchain: &Toolchain, dist: &Path) -> Result<StartScript, Error> {
    let files = split::build(toolchain, dist)?;
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("reading {index:?}: {e}"))?;
    let Some(head_end) = html.find("</head>") else {
        return Err(format!("{}: no </head>", index.display()));
    };
    // The SPA is served at the site root (Trunk.toml `public_url`). A first
    // visit straight to a split-off page (a payment link from an email)
    // fetches that page's wasm alongside the main module, not after it.
    let body = format!(
        "import init from '/{js}';\n{preload}await init({{ module_or_path: '/{wasm}' }});\n",
        js = files.js,
        wasm = files.wasm,
        preload = page_preload_script(&files.pages)?,
    );
    let file_sri = |file: &str| {
        std::fs::read(dist.join(file))
            .map(|bytes| sri(&bytes))
            .map_err(|e| format!("reading {file}: {e}"))
    };
    let module = |file: &str| -> Result<String, Error> {
        Ok(format!(
            "<link rel=\"modulepreload\" href=\"/{file}\" crossorigin=\"anonymous\" integrity=\"{}\">",
            file_sri(file)?
        ))
    };
    let preload = format!(
        "{}{}<link rel=\"preload\" href=\"/{wasm}\" crossorigin=\"anonymous\" integrity=\"{wasm_sri}\" as=\"fetch\" type=\"application/wasm\">",
        module(&files.js)?,
        module(&files.link)?,
        wasm = files.wasm,
        wasm_sri = file_sri(&files.wasm)?,
    );
    let tag = start_script_tag(dist, "portal-start", &body, "/")?;
    let html = format!("{}{preload}{tag}{}", &html[..head_end], &html[head_end..]);
    std::fs::write(&index, html).map_err(|e| format!("writing {index:?}: {e}"))?;
    Ok(StartScript { body })
}

/// Where each split-off page lives, as `src/app.rs` routes it (a pattern of
/// the path, for the start script).
const PAGE_PATHS: [(&str, &str); 8] = [
    ("pay_page", "^/invoices/[^/]+/pay$"),
    ("payment_methods_page", "^/payment-methods$"),
    ("deposit_page", "^/deposit$"),
    ("pay_link_page", "^/pay/[^/]+$"),
    ("invitation_page", "^/invitation$"),
    ("set_password_page", "^/accept-invitation$"),
    ("sub_accounts_page", "^/sub-accounts$"),
    ("portal_session_page", "^/portal-session$"),
];

/// The start script's lines that preload the wasm of the page the visit
/// starts on (`<link rel=preload as=fetch>`, which the split loader's
/// `fetch` then takes). Fails on a split-off page with no known path.
fn page_preload_script(
    pages: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<String, Error> {
    let mut table = Vec::new();
    for (page, files) in pages {
        let Some((_, pattern)) = PAGE_PATHS.iter().find(|(name, _)| name == page) else {
            return Err(format!("split build: no path for the split-off page {page} in PAGE_PATHS (xtask/src/build.rs)"));
        };
        let files = files
            .iter()
            .map(|f| format!("'/{f}'"))
            .collect::<Vec<_>>()
            .join(",");
        table.push(format!("[/{}/,[{files}]]", pattern.replace('/', "\\/")));
    }
    Ok(format!(
        "for (const [path, files] of [{}]) {{\n  if (!path.test(location.pathname)) continue;\n  \
         for (const href of files) {{\n    const link = document.createElement('link');\n    \
         Object.assign(link, {{ rel: 'preload', as: 'fetch', href, crossOrigin: 'anonymous' }});\n    \
         document.head.appendChild(link);\n  }}\n}}\n",
        table.join(",")
    ))
}

/// Moves the inline module script of `dist/index.html` to `<stem>-<hash>.js`.
fn externalize_start_script(dist: &Path, stem: &str) -> Result<StartScript, Error> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("reading {index:?}: {e}"))?;
    let open = "<script type=\"module\">";
    let Some(start) = html.find(open) else {
        return Err(format!(
            "{}: no inline start script from trunk (already processed?)",
            index.display()
        ));
    };
    let body_start = start + open.len();
    let end = html[body_start..]
        .find("</script>")
        .map(|i| body_start + i)
        .ok_or_else(|| format!("{}: unterminated start script", index.display()))?;
    let body = html[body_start..end].trim().to_string();
    let tag = start_script_tag(dist, stem, &body, &public_url(&html, &body))?;
    let html = format!(
        "{}{}{}",
        &html[..start],
        tag,
        &html[end + "</script>".len()..]
    );
    std::fs::write(&index, html).map_err(|e| format!("writing {index:?}: {e}"))?;
    Ok(StartScript { body })
}

/// Writes a start script's `body` to `<stem>-<hash>.js` and returns the
/// `<script>` tag (with its SRI hash) that loads it from `public_url`.
fn start_script_tag(
    dist: &Path,
    stem: &str,
    body: &str,
    public_url: &str,
) -> Result<String, Error> {
    let name = format!("{stem}-{}.js", &hex(&Sha384::digest(body.as_bytes()))[..16]);
    let integrity = sri(body.as_bytes());
    std::fs::write(dist.join(&name), body).map_err(|e| format!("writing {name}: {e}"))?;
    Ok(format!(
        "<script type=\"module\" src=\"{public_url}{name}\" integrity=\"{integrity}\" crossorigin=\"anonymous\"></script>"
    ))
}

/// The path prefix trunk used for the bundle's files (e.g. `/` or `/elements/card/`).
fn public_url(_html: &str, body: &str) -> String {
    body.find("from '")
        .map(|i| &body[i + 6..])
        .and_then(|rest| rest.find('\'').map(|j| &rest[..j]))
        .and_then(|path| path.rfind('/').map(|k| path[..=k].to_string()))
        .unwrap_or_else(|| "/".to_string())
}

/// Writes `embed.js`: loads the portal's stylesheets and wasm relative to
/// wherever the integrator serves `dist/`, then the bundle mounts itself.
fn write_embed_loader(dist: &Path, start: &StartScript) -> Result<(), Error> {
    let file_of = |quote_prefix: &str| -> Option<String> {
        start
            .body
            .find(quote_prefix)
            .map(|i| &start.body[i + quote_prefix.len()..])
            .and_then(|rest| {
                rest.find('\'')
                    .map(|j| rest[..j].rsplit('/').next().unwrap_or_default().to_string())
            })
    };
    let js = file_of("from '").ok_or("start script imports no bundle")?;
    let wasm = file_of("module_or_path: '").ok_or("start script loads no wasm")?;
    // The stylesheets index.html links, in its order (not every .css in dist/).
    let index = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|e| format!("reading index.html: {e}"))?;
    let css: Vec<String> = index
        .split("<link rel=\"stylesheet\" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.rsplit('/').next().unwrap_or(href).to_string())
        // The standalone page's own rules (body margin) stay out of host pages.
        .filter(|name| !name.starts_with("standalone-"))
        .collect();
    let css_list = css
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let loader = format!(
        "// Mounts the payment portal into <div id=\"portal\" data-...>; see the README.\n\
         const base = new URL('.', import.meta.url);\n\
         for (const file of [{css_list}]) {{\n  \
           const link = document.createElement('link');\n  \
           link.rel = 'stylesheet';\n  \
           link.href = new URL(file, base).href;\n  \
           document.head.appendChild(link);\n\
         }}\n\
         const bindings = await import(new URL('{js}', base).href);\n\
         await bindings.default({{ module_or_path: new URL('{wasm}', base) }});\n"
    );
    std::fs::write(dist.join("embed.js"), loader).map_err(|e| format!("writing embed.js: {e}"))
}

/// The Subresource Integrity value of `bytes` (`sha384-<base64>`).
fn sri(bytes: &[u8]) -> String {
    format!("sha384-{}", base64(&Sha384::digest(bytes)))
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Standard base64 with padding (SRI hashes).
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{base64, page_preload_script};
    use std::collections::BTreeMap;

    #[test]
    fn a_split_off_page_is_preloaded_on_its_own_path_and_an_unknown_one_stops_the_build() {
        let pages = BTreeMap::from([(
            "pay_link_page".to_string(),
            vec!["pay-link-page-0123456789abcdef.wasm".to_string()],
        )]);
        let script = page_preload_script(&pages).unwrap_or_default();
        assert!(
            script.contains(r"[/^\/pay\/[^\/]+$/,['/pay-link-page-0123456789abcdef.wasm']]"),
            "{script}"
        );
        let unknown = BTreeMap::from([("new_page".to_string(), vec![])]);
        assert!(page_preload_script(&unknown).is_err_and(|e| e.contains("new_page")));
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(base64(b""), "");
    }
}
