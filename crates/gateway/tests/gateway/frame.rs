//! B2, B3: the card frame is served with frame-ancestors limited to registered origins.

use reqwest::{Method, StatusCode};

use super::harness::{other_merchant, start, start_with, PORTAL_ORIGIN};

const INDEX: &str = "<!doctype html><html><head><script type=\"module\">import init from './frame.js'; init();</script></head><body></body></html>";

async fn with_frame() -> super::harness::Gateway {
    let dir = tempfile::tempdir().expect("dir");
    let frame = dir.path().to_path_buf();
    std::fs::write(frame.join("index.html"), INDEX).expect("index");
    std::fs::write(frame.join("frame.js"), "export default function init() {}").expect("js");
    std::fs::write(frame.join("frame_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    let gw = start_with(move |c| {
        c.frame_dir = Some(frame);
        c.merchants.push(other_merchant());
    })
    .await;
    // Keep the frame directory alive as long as the gateway.
    std::mem::forget(dir);
    gw
}

async fn get(gw: &super::harness::Gateway, path: &str) -> reqwest::Response {
    gw.http
        .request(Method::GET, format!("{}{path}", gw.base))
        .send()
        .await
        .expect("get")
}

fn csp(res: &reqwest::Response) -> String {
    res.headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn b2_frame_ancestors_lists_only_registered_origins() {
    let gw = with_frame().await;
    let res = get(&gw, "/elements/card/").await;
    assert_eq!(res.status(), StatusCode::OK);
    let policy = csp(&res);
    assert!(
        policy.contains("frame-ancestors http://portal.test:8080 https://other.test"),
        "{policy}"
    );
    assert!(!policy.contains('*'), "{policy}");
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{policy}"
    );
    assert!(!policy.contains("unsafe-eval'") || policy.contains("wasm-unsafe-eval"));
    assert!(!policy.contains("script-src 'self' 'unsafe-inline'"));
    assert_eq!(
        res.headers()
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(res.text().await.expect("text"), INDEX);
}

#[tokio::test]
async fn b2_key_narrows_frame_ancestors_to_that_merchant() {
    let gw = with_frame().await;
    let res = get(
        &gw,
        &format!(
            "/elements/card/?key={}",
            portal_gateway::DEMO_PUBLISHABLE_KEY
        ),
    )
    .await;
    let policy = csp(&res);
    assert!(
        policy.ends_with(&format!("frame-ancestors {PORTAL_ORIGIN}")),
        "{policy}"
    );
}

#[tokio::test]
async fn b3_assets_have_their_types_and_nosniff() {
    let gw = with_frame().await;
    let wasm = get(&gw, "/elements/card/frame_bg.wasm").await;
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(
        wasm.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/wasm")
    );
    let js = get(&gw, "/elements/card/frame.js").await;
    assert!(js
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/javascript")));
    assert!(csp(&js).contains("frame-ancestors"));
}

#[tokio::test]
async fn frame_paths_cannot_escape_and_missing_files_are_json_404() {
    let gw = with_frame().await;
    for path in [
        "/elements/card/../Cargo.toml",
        "/elements/card/%2e%2e/secret",
        "/elements/card/nope.js",
    ] {
        let res = get(&gw, path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let reply = gw
        .send(Method::GET, "/elements/card/nope.js", None, &[], None)
        .await;
    assert_eq!(reply.code(), "not_found");
}

#[tokio::test]
async fn frame_not_built_is_a_clear_json_404() {
    let gw = start().await;
    let reply = gw
        .send(Method::GET, "/elements/card/", None, &[], None)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "frame_not_built");
}

#[tokio::test]
async fn frame_dir_without_index_is_not_built() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().to_path_buf();
    let gw = start_with(move |c| c.frame_dir = Some(path)).await;
    let reply = gw
        .send(Method::GET, "/elements/card/", None, &[], None)
        .await;
    assert_eq!(reply.code(), "frame_not_built");
    drop(dir);
}
