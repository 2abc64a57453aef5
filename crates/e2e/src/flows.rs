//! Steps many tests share: logging in, filling the billing address and
//! agreeing to the terms, reading a dev outbox.

use crate::{Page, Portal};

/// Logs in through the login page and waits for `next`'s heading.
pub async fn log_in(
    page: &Page,
    portal: &Portal,
    email: &str,
    password: &str,
    next: &str,
    heading: &str,
) {
    let next = next
        .replace('/', "%2F")
        .replace('?', "%3F")
        .replace('=', "%3D")
        .replace('&', "%26");
    page.goto(&format!("{}/login?next={next}", portal.url()))
        .await;
    page.fill("Email", email).await;
    page.fill("Password", password).await;
    page.click_button("Log in").await;
    page.by_role("heading", heading).await;
}

/// Clicks the first Pay Now link on the page; returns the invoice number it names.
pub async fn open_first_pay_now(page: &Page) -> String {
    let links = page.query_role("link", None).await;
    let (link, name) = links
        .into_iter()
        .find(|(_, n)| n.starts_with("Pay Now"))
        .expect("an unpaid invoice offers Pay Now");
    link.click().await.unwrap();
    name.trim_start_matches("Pay Now ").to_string()
}

/// A US billing address and the terms checkbox.
pub async fn fill_billing_and_terms(page: &Page) {
    let country = page.by_role("combobox", "Country").await;
    country.select_by_value("US").await.unwrap();
    page.fill("Address", "1 Infinite Loop").await;
    page.fill("City", "Cupertino").await;
    page.fill("ZIP code", "95014").await;
    page.by_role("checkbox", "I agree to the terms of payment")
        .await
        .click()
        .await
        .unwrap();
}

/// The messages of the sandbox gateway's outbox (one-time codes), oldest first.
pub async fn gateway_outbox(portal: &Portal) -> Vec<serde_json::Value> {
    let url = format!("{}/v1/sandbox/outbox", portal.gateway_url());
    let body = get_json(&url).await;
    body["messages"].as_array().cloned().unwrap_or_default()
}

/// The newest one-time code the sandbox "sent".
pub async fn latest_code(portal: &Portal) -> String {
    let messages = gateway_outbox(portal).await;
    messages
        .last()
        .and_then(|m| m["code"].as_str())
        .expect("a code in the sandbox outbox")
        .to_string()
}

/// GETs `url` (plain HTTP on loopback) and parses the JSON body.
pub async fn get_json(url: &str) -> serde_json::Value {
    let url = url.to_string();
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let rest = url.trim_start_matches("http://");
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let mut stream = std::net::TcpStream::connect(host).unwrap();
        write!(
            stream,
            "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b).trim();
        // Chunked answers: the JSON value lies between the first '{' and the last '}'.
        let start = body.find('{').unwrap_or(0);
        let end = body.rfind('}').map_or(body.len(), |e| e + 1);
        serde_json::from_str(&body[start..end]).unwrap()
    })
    .await
    .unwrap()
}
