//! A blank merchant page on its own loopback origin that embeds the card
//! frame, as the frame must be embedded (it checks `?origin=` against the
//! browser's `ancestorOrigins`). Served by a small thread; stops when dropped.

use crate::shell::Error;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A bound host page, not yet serving.
pub struct Bound {
    listener: TcpListener,
    /// `http://127.0.0.1:port`.
    pub origin: String,
}

/// A host page being served.
pub struct HostPage {
    stop: Arc<AtomicBool>,
    /// The page's URL.
    pub url: String,
}

impl Drop for HostPage {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Binds a free loopback port for the host page.
pub fn bind() -> Result<Bound, Error> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("binding the host page: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    Ok(Bound {
        listener,
        origin: format!("http://127.0.0.1:{port}"),
    })
}

impl Bound {
    /// Serves a page embedding `frame_url` until the returned handle is dropped.
    pub fn serve(self, frame_url: &str) -> Result<HostPage, Error> {
        let html = page(frame_url);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        self.listener
            .set_nonblocking(true)
            .map_err(|e| e.to_string())?;
        let listener = self.listener;
        std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => answer(stream, &html),
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        });
        Ok(HostPage {
            stop,
            url: format!("{}/", self.origin),
        })
    }
}

fn answer(mut stream: TcpStream, html: &str) {
    // Errors on one connection only affect that request.
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = [0u8; 4096];
    let n = stream.read(&mut buf).unwrap_or(0);
    let request = String::from_utf8_lossy(&buf[..n]);
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let (status, body) = if path == "/" {
        ("200 OK", html)
    } else {
        ("404 Not Found", "")
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes());
}

fn page(frame_url: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"icon\" href=\"data:,\">\
         <title>Pay by card</title></head><body style=\"margin:16px;font-family:sans-serif\">\
         <main><h1>Pay by card</h1>\
         <iframe title=\"Card details\" src=\"{frame_url}\" \
         style=\"display:block;width:100%;max-width:420px;height:360px;border:0\"></iframe>\
         </main></body></html>"
    )
}
