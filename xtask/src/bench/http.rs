//! A minimal HTTP/1.1 client over loopback (`Connection: close`), enough to
//! wait for a server, log in and read the session cookie.

use crate::shell::Error;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A response: status, headers and the raw body.
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body as received (not de-chunked).
    pub body: String,
}

impl Response {
    /// The `name=value` pairs of every `Set-Cookie`, joined for a `Cookie` header.
    pub fn cookies(&self) -> String {
        self.headers
            .iter()
            .filter(|(name, _)| name == "set-cookie")
            .filter_map(|(_, value)| value.split(';').next().map(|p| p.trim().to_string()))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Sends one request to `addr` (`host:port`) and reads the whole response.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Result<Response, Error> {
    let sock = addr
        .parse()
        .map_err(|e| format!("bad address {addr}: {e}"))?;
    let mut stream = TcpStream::connect_timeout(&sock, Duration::from_secs(5))
        .map_err(|e| format!("connecting to {addr}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| e.to_string())?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    head.push_str(body);
    stream
        .write_all(head.as_bytes())
        .map_err(|e| format!("sending to {addr}: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("reading from {addr}: {e}"))?;
    parse(&String::from_utf8_lossy(&raw))
}

fn parse(raw: &str) -> Result<Response, Error> {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("not an HTTP response: {:.80}", raw))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Response {
        status,
        headers,
        body: body.to_string(),
    })
}

/// Waits until `addr` answers `GET path` with any status, or fails after `limit`.
pub fn wait_ready(
    addr: &str,
    path: &str,
    limit: Duration,
    alive: &mut dyn FnMut() -> bool,
) -> Result<(), Error> {
    let start = Instant::now();
    loop {
        if request(addr, "GET", path, &[], None).is_ok() {
            return Ok(());
        }
        if !alive() {
            return Err(format!("the server for {addr} exited during start-up"));
        }
        if start.elapsed() > limit {
            return Err(format!("{addr} did not answer within {}s", limit.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_status_and_cookies() -> Result<(), String> {
        let raw =
            "HTTP/1.1 200 OK\r\nSet-Cookie: a=1; HttpOnly\r\nset-cookie: b=2; Path=/\r\n\r\n{}";
        let r = parse(raw)?;
        assert_eq!(r.status, 200);
        assert_eq!(r.cookies(), "a=1; b=2");
        assert_eq!(r.body, "{}");
        Ok(())
    }
}
