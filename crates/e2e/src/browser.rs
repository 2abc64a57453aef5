//! Headless Chromium through ChromeDriver, and a page API that finds things
//! by role and accessible name.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long to wait for something to appear before failing.
const PATIENCE: Duration = Duration::from_secs(20);

/// A ChromeDriver process and one Chromium session.
pub struct Browser {
    driver: Child,
    _profile: tempfile::TempDir,
    client: Option<Client>,
}

impl Browser {
    /// Starts ChromeDriver on a free port and opens headless Chromium at
    /// `width` x `height` CSS pixels.
    pub async fn start(width: u32, height: u32) -> Self {
        Self::start_in(width, height, "en-US").await
    }

    /// Like [`Browser::start`], with the browser's language set to `lang`
    /// (e.g. `de-DE`): `navigator.language` and `Accept-Language`.
    pub async fn start_in(width: u32, height: u32, lang: &str) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(crate::env_path("CHROMEDRIVER"))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let profile = tempfile::tempdir().unwrap();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": crate::env_path("CHROMIUM"),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", format!("--user-data-dir={}", profile.path().display()),
                    format!("--window-size={width},{height}"), format!("--lang={lang}"),
                ],
                "prefs": { "intl.accept_languages": lang },
            }),
        );
        caps.insert(
            "goog:loggingPrefs".into(),
            json!({ "browser": "ALL", "performance": "ALL" }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + PATIENCE;
        let client = loop {
            match ClientBuilder::new(connector.clone())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(err) if Instant::now() > deadline => {
                    panic!("cannot start Chromium via ChromeDriver: {err}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        client.set_window_size(width, height).await.unwrap();
        Self {
            driver,
            _profile: profile,
            client: Some(client),
        }
    }

    /// The page of this browser.
    pub fn page(&self) -> Page {
        Page {
            client: self.client.clone().unwrap(),
        }
    }

    /// Ends the session and ChromeDriver.
    pub async fn stop(mut self) {
        if let Some(client) = self.client.take() {
            let _ = client.close().await;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The page a test drives.
#[derive(Clone)]
pub struct Page {
    client: Client,
}

/// Installs axe-core (once per document) and a finder by role and name.
const FINDER: &str = r#"
const [axeSource, role, name] = arguments;
if (!window.axe) { (0, eval)(axeSource); }
window.__e2eId = (window.__e2eId || 0);
axe.setup(document);
try {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    const r = axe.commons.aria.getRole(el);
    if (r !== role) continue;
    if (!axe.commons.dom.isVisibleToScreenReaders(el)) continue;
    const n = axe.commons.text.accessibleText(el).trim().replace(/\s+/g, ' ');
    if (name !== null && n !== name) continue;
    if (!el.dataset.e2eId) { el.dataset.e2eId = String(++window.__e2eId); }
    found.push({ id: el.dataset.e2eId, name: n });
  }
  return found;
} finally { axe.teardown(); }
"#;

impl Page {
    /// The WebDriver client, for what this API does not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `url`.
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    /// Elements with `role` and accessible `name` (any name if None), now.
    pub async fn query_role(
        &self,
        role: &str,
        name: Option<&str>,
    ) -> Vec<(fantoccini::elements::Element, String)> {
        let axe = std::fs::read_to_string(crate::env_path("AXE_SCRIPT")).unwrap();
        let found = self
            .client
            .execute(FINDER, vec![json!(axe), json!(role), json!(name)])
            .await
            .unwrap();
        let mut out = Vec::new();
        for item in found.as_array().cloned().unwrap_or_default() {
            let id = item["id"].as_str().unwrap_or_default().to_string();
            let name = item["name"].as_str().unwrap_or_default().to_string();
            let css = format!("[data-e2e-id=\"{id}\"]");
            if let Ok(el) = self.client.find(Locator::Css(&css)).await {
                out.push((el, name));
            }
        }
        out
    }

    /// Waits for exactly one element with `role` and accessible `name`.
    pub async fn by_role(&self, role: &str, name: &str) -> fantoccini::elements::Element {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let mut found = self.query_role(role, Some(name)).await;
            if found.len() == 1 {
                return found.remove(0).0;
            }
            if Instant::now() > deadline {
                let all: Vec<String> = self
                    .query_role(role, None)
                    .await
                    .into_iter()
                    .map(|(_, n)| n)
                    .collect();
                panic!(
                    "expected one {role} named {name:?}, found {}; {role}s on the page: {all:?}",
                    found.len()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for an element with `role` whose visible text contains `text`
    /// (for roles such as `alert` and `status`, which take no name from content).
    pub async fn role_with_text(&self, role: &str, text: &str) -> fantoccini::elements::Element {
        let deadline = Instant::now() + PATIENCE;
        loop {
            for (el, _) in self.query_role(role, None).await {
                if el.text().await.map(|t| t.contains(text)).unwrap_or(false) {
                    return el;
                }
            }
            if Instant::now() > deadline {
                panic!(
                    "no {role} saying {text:?}; page text: {}; console errors: {:?}",
                    self.text().await,
                    self.console_errors().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until at least `count` elements have `role`; returns their names.
    pub async fn names_of_role(&self, role: &str, count: usize) -> Vec<String> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let found: Vec<String> = self
                .query_role(role, None)
                .await
                .into_iter()
                .map(|(_, n)| n)
                .collect();
            if found.len() >= count || Instant::now() > deadline {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types `text` into the field labelled `label` (textbox, or a password
    /// field, which has no ARIA role but does have an accessible name).
    pub async fn fill(&self, label: &str, text: &str) {
        let field = match self.query_role("textbox", Some(label)).await.pop() {
            Some((el, _)) => el,
            None => self.labelled_input(label).await,
        };
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    async fn labelled_input(&self, label: &str) -> fantoccini::elements::Element {
        let xpath = format!(
            "//input[@id=//label[normalize-space()={}]/@for]",
            xpath_literal(label)
        );
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(el) = self.client.find(Locator::XPath(&xpath)).await {
                return el;
            }
            if Instant::now() > deadline {
                let fields: Vec<String> = self
                    .query_role("textbox", None)
                    .await
                    .into_iter()
                    .map(|(_, n)| n)
                    .collect();
                panic!("no field labelled {label:?}; text fields on the page: {fields:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the button with this accessible name.
    pub async fn click_button(&self, name: &str) {
        self.by_role("button", name).await.click().await.unwrap();
    }

    /// Clicks the one button whose accessible name starts with `prefix`
    /// (e.g. "Pay $" for "Pay $34.99").
    pub async fn click_button_starting(&self, prefix: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let found: Vec<_> = self
                .query_role("button", None)
                .await
                .into_iter()
                .filter(|(_, n)| n.starts_with(prefix))
                .collect();
            if let Some((button, _)) = found.into_iter().next() {
                button.click().await.unwrap();
                return;
            }
            assert!(
                Instant::now() < deadline,
                "no button starting with {prefix:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types a card into the gateway's card frame (number, `MM/YY` expiry,
    /// security code, name) and comes back to the portal's document.
    pub async fn fill_card_frame(&self, number: &str, expiry: &str, cvc: &str, name: &str) {
        let frame = self
            .client
            .wait()
            .for_element(Locator::Css("iframe[title='Secure card entry']"))
            .await
            .unwrap();
        frame.enter_frame().await.unwrap();
        let field = self
            .client
            .wait()
            .for_element(Locator::Id("cf-number"))
            .await
            .unwrap();
        field.send_keys(number).await.unwrap();
        for (id, text) in [("cf-expiry", expiry), ("cf-cvc", cvc), ("cf-name", name)] {
            self.client
                .find(Locator::Id(id))
                .await
                .unwrap()
                .send_keys(text)
                .await
                .unwrap();
        }
        self.client.enter_parent_frame().await.unwrap();
    }

    /// Runs axe-core on the page and returns its violations (id: help).
    pub async fn axe_violations(&self) -> Vec<String> {
        let axe = std::fs::read_to_string(crate::env_path("AXE_SCRIPT")).unwrap();
        let script = r#"
            const [axeSource, done] = [arguments[0], arguments[arguments.length - 1]];
            if (!window.axe) { (0, eval)(axeSource); }
            axe.run(document, { resultTypes: ['violations'] })
              .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')))
              .catch(e => done(['axe failed: ' + e]));
        "#;
        let result: Value = self
            .client
            .execute_async(script, vec![json!(axe)])
            .await
            .unwrap();
        result
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect()
    }

    /// Saves a PNG screenshot as `<PORTAL_TEST_OUTPUT>/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = crate::env_path("PORTAL_TEST_OUTPUT").join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.client.screenshot().await.unwrap()).unwrap();
        path
    }

    /// The page's visible text.
    pub async fn text(&self) -> String {
        self.client
            .find(Locator::Css("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// The current URL's path and query.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }
}

/// One of ChromeDriver's logs (`performance`: network events; `browser`:
/// the console), emptied by reading it.
#[derive(Debug)]
struct Log(&'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for Log {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(serde_json::json!({ "type": self.0 }).to_string()),
        )
    }
}

/// A Chrome DevTools Protocol command, through ChromeDriver.
#[derive(Debug)]
struct Cdp(&'static str, Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(serde_json::json!({ "cmd": self.0, "params": self.1 }).to_string()),
        )
    }
}

/// One request the browser sent.
#[derive(Debug, Clone)]
pub struct SentRequest {
    pub url: String,
    pub method: String,
    pub headers: String,
    pub body: String,
}

impl Page {
    /// The console messages of level SEVERE since the last call (a panic in
    /// the app shows here), for failure messages.
    pub async fn console_errors(&self) -> Vec<String> {
        let log = self
            .client
            .issue_cmd(Log("browser"))
            .await
            .unwrap_or_default();
        log.as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .filter_map(|e| e["message"].as_str().map(String::from))
            .collect()
    }

    /// Makes every request whose URL matches one of `patterns` (`*` as a
    /// wildcard) fail as if the network dropped it; an empty list lifts it.
    pub async fn block_urls(&self, patterns: &[&str]) {
        self.client
            .issue_cmd(Cdp("Network.enable", serde_json::json!({})))
            .await
            .unwrap();
        self.client
            .issue_cmd(Cdp(
                "Network.setBlockedURLs",
                serde_json::json!({ "urls": patterns }),
            ))
            .await
            .unwrap();
    }

    /// Every request the browser sent since the last call (URL, headers, body),
    /// from all frames of the page.
    pub async fn sent_requests(&self) -> Vec<SentRequest> {
        let log = self.client.issue_cmd(Log("performance")).await.unwrap();
        let mut out = Vec::new();
        for entry in log.as_array().cloned().unwrap_or_default() {
            let Some(message) = entry["message"].as_str() else {
                continue;
            };
            let Ok(event) = serde_json::from_str::<Value>(message) else {
                continue;
            };
            if event["message"]["method"] != "Network.requestWillBeSent" {
                continue;
            }
            let request = &event["message"]["params"]["request"];
            out.push(SentRequest {
                url: request["url"].as_str().unwrap_or_default().to_string(),
                method: request["method"].as_str().unwrap_or_default().to_string(),
                headers: request["headers"].to_string(),
                body: request["postData"].as_str().unwrap_or_default().to_string(),
            });
        }
        out
    }
}

fn xpath_literal(s: &str) -> String {
    if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("'{s}'")
    }
}
