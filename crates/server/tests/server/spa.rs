//! Serving the built SPA: MIME types, compression, caching, client-side routes.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};

use super::harness::Harness;

fn write_dist(dir: &std::path::Path) {
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html><head><script type=\"module\">import init from '/portal-0123456789abcdef.js';init();</script></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("portal-0123456789abcdef.js"),
        "export default function init() {}\n".repeat(50),
    )
    .unwrap();
    std::fs::write(dir.join("portal-0123456789abcdef_bg.wasm"), vec![0u8; 4096]).unwrap();
    std::fs::write(
        dir.join("favicon.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .unwrap();
}

#[tokio::test]
async fn spa_files_have_mime_types_caching_and_client_routes_fall_back_to_index() {
    let dist = tempfile::tempdir().unwrap();
    write_dist(dist.path());
    let path = dist.path().to_owned();
    let h = Harness::start_with(move |c| c.static_dir = Some(path)).await;

    let index = h.get("/", None).await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    let csp = index.header("content-security-policy").unwrap();
    assert!(
        csp.contains("'sha256-"),
        "trunk's inline loader is allowed by hash: {csp}"
    );
    assert!(!csp.contains("unsafe-inline"));

    let route = h.get("/invoices/inv_123", None).await;
    assert_eq!(route.status, StatusCode::OK);
    assert_eq!(route.text, index.text, "client-side routes get index.html");

    let wasm = h.get("/portal-0123456789abcdef_bg.wasm", None).await;
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(
        wasm.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    let icon = h.get("/favicon.svg", None).await;
    assert_eq!(icon.header("cache-control"), Some("no-cache"));

    let missing_asset = h.get("/portal-ffffffffffffffff.js", None).await;
    assert_eq!(missing_asset.status, StatusCode::NOT_FOUND);

    let gz = h
        .send(
            Request::builder()
                .uri("/portal-0123456789abcdef.js")
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));

    let api_missing = h.get("/api/does-not-exist", None).await;
    assert_eq!(api_missing.status, StatusCode::NOT_FOUND);
    assert_eq!(api_missing.code(), "not_found");
    h.stop().await;
}

#[tokio::test]
async fn spa_precompressed_brotli_is_served_when_present() {
    let dist = tempfile::tempdir().unwrap();
    write_dist(dist.path());
    std::fs::write(
        dist.path().join("portal-0123456789abcdef_bg.wasm.br"),
        b"brotli-bytes",
    )
    .unwrap();
    let path = dist.path().to_owned();
    let h = Harness::start_with(move |c| c.static_dir = Some(path)).await;
    let reply = h
        .send(
            Request::builder()
                .uri("/portal-0123456789abcdef_bg.wasm")
                .header(header::ACCEPT_ENCODING, "br, gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.header("content-encoding"), Some("br"));
    assert_eq!(reply.header("content-type"), Some("application/wasm"));
    h.stop().await;
}
