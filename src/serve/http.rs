//! A small HTTP/1.1 server for the output folder, on plain threads: GET and HEAD of files
//! under the output folder, the site's 404 page, and the reload channel (Server-Sent Events
//! at `/__gazette/events`). Every response closes its connection, which keeps the server
//! simple and is plenty for one person previewing a site.
//!
//! Page requests and reload streams have budgets of their own: a connection counts as a
//! page until its request names the reload channel, and then as a stream, so the tabs left
//! open (each holds a stream) never take the slots pages are served from.
//!
//! Why not `tiny_http`: its connection pool (0.12, `util::TaskPool::spawn`) queues a new
//! connection for a thread it believes idle, and when two connections arrive together the
//! second waits until some connection ends; a reload stream never ends, so a page asked for
//! alongside one could hang for good (130 streams opened at once left some unanswered).

use super::live::Live;
use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// The reload channel's path. Nothing Gazette writes can live there: output paths never
/// start with `_`-prefixed folders of this name.
pub const EVENTS_PATH: &str = "/__gazette/events";
/// Longest request head (request line and headers) accepted.
const MAX_HEAD: usize = 16 * 1024;
/// Page requests handled at once; more are answered 503.
const MAX_PAGE_REQUESTS: usize = 128;
/// Reload streams open at once (one per open tab); more are answered 503, pages are not.
pub const MAX_EVENT_STREAMS: usize = 256;
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// How often an idle reload channel sends a comment, to notice closed tabs.
const KEEPALIVE: Duration = Duration::from_secs(15);

const SCRIPT: &str = include_str!("reload.js");

/// Opens the listening sockets. The default, loopback, listens on both 127.0.0.1 and
/// [::1] (on the same port) so that `localhost` works whichever address it resolves to.
/// Returns the listeners and, when bound beyond loopback, a warning to print.
pub fn bind(bind: &str, port: u16) -> io::Result<(Vec<TcpListener>, Option<String>)> {
    let host = bind.trim_start_matches('[').trim_end_matches(']');
    if host == "localhost" || host == "127.0.0.1" || host == "::1" {
        let (first, second): (IpAddr, IpAddr) = if host == "::1" {
            (Ipv6Addr::LOCALHOST.into(), Ipv4Addr::LOCALHOST.into())
        } else {
            (Ipv4Addr::LOCALHOST.into(), Ipv6Addr::LOCALHOST.into())
        };
        let a = TcpListener::bind(SocketAddr::new(first, port))?;
        let port = a.local_addr()?.port();
        let mut listeners = vec![a];
        // Best effort: a machine without IPv6 (or without IPv4) still serves on the other.
        if let Ok(b) = TcpListener::bind(SocketAddr::new(second, port)) {
            listeners.push(b);
        }
        return Ok((listeners, None));
    }
    let addrs: Vec<SocketAddr> = (host, port).to_socket_addrs()?.collect();
    let first = addrs.first().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("cannot bind to {bind}"),
        )
    })?;
    let listener = TcpListener::bind(first)?;
    let warning = (!first.ip().is_loopback()).then(|| {
        format!(
            "warning: serving on {first}, not loopback: other machines can reach this preview \
             server; it is made for previewing, not for publishing"
        )
    });
    Ok((vec![listener], warning))
}

/// The server's view of the world, shared by its threads.
pub struct Server {
    /// The output folder, canonical.
    pub root: PathBuf,
    pub live: Arc<Live>,
    /// Bound to loopback only: refuse requests naming another host (DNS rebinding).
    pub loopback: bool,
    pub stopping: AtomicBool,
    /// Connections counted as page requests (every connection until its request is read).
    pages: AtomicUsize,
    /// Reload streams open.
    streams: AtomicUsize,
}

impl Server {
    pub fn new(root: PathBuf, live: Arc<Live>, loopback: bool) -> Self {
        Server {
            root,
            live,
            loopback,
            stopping: AtomicBool::new(false),
            pages: AtomicUsize::new(0),
            streams: AtomicUsize::new(0),
        }
    }
}

/// One listening socket and the thread accepting on it; `stop` ends it.
pub struct Listening {
    addr: SocketAddr,
    server: Arc<Server>,
    thread: JoinHandle<()>,
}

/// Serves `server` on `listener` until `Listening::stop`.
pub fn spawn(listener: TcpListener, server: &Arc<Server>) -> io::Result<Listening> {
    let addr = listener.local_addr()?;
    let for_thread = Arc::clone(server);
    let thread = std::thread::Builder::new()
        .name("gazette-accept".into())
        .spawn(move || accept_loop(listener, for_thread))?;
    Ok(Listening {
        addr,
        server: Arc::clone(server),
        thread,
    })
}

impl Listening {
    /// Stops accepting (reload streams end with `Live::close`).
    pub fn stop(self) {
        self.server.stopping.store(true, Ordering::SeqCst);
        wake(self.addr);
        let _ = self.thread.join();
    }
}

/// Accepts connections until the server stops; one thread per connection.
fn accept_loop(listener: TcpListener, server: Arc<Server>) {
    for stream in listener.incoming() {
        if server.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(mut stream) = stream else { continue };
        if server.pages.fetch_add(1, Ordering::SeqCst) >= MAX_PAGE_REQUESTS {
            server.pages.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
            let _ = respond(
                &mut stream,
                503,
                "text/plain; charset=utf-8",
                b"busy",
                false,
                &[],
            );
            continue;
        }
        let for_thread = Arc::clone(&server);
        let spawned = std::thread::Builder::new()
            .name("gazette-http".into())
            .spawn(move || {
                let slot = handle(&mut stream, &for_thread);
                // Give back the slot this connection ended in.
                match slot {
                    Slot::Page => for_thread.pages.fetch_sub(1, Ordering::SeqCst),
                    Slot::Stream => for_thread.streams.fetch_sub(1, Ordering::SeqCst),
                };
            });
        if spawned.is_err() {
            server.pages.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Wakes an accept loop blocked in `accept` so it can see that the server is stopping.
fn wake(addr: SocketAddr) {
    let _ = TcpStream::connect_timeout(&reachable(addr), Duration::from_millis(500));
}

/// An address this machine can connect to: loopback in place of "any" (0.0.0.0, [::]).
pub fn reachable(mut addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
        });
    }
    addr
}

struct Request {
    method: String,
    target: String,
    host: Option<String>,
    has_body: bool,
}

fn read_head(stream: &mut TcpStream) -> Result<Option<Request>, u16> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD {
            return Err(431);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(_) => return Ok(None),
        }
    };
    if end > MAX_HEAD {
        return Err(431);
    }
    let head = std::str::from_utf8(&buf[..end]).map_err(|_| 400u16)?;
    let mut lines = head.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(505);
    }
    let mut req = Request {
        method: method.to_string(),
        target: target.to_string(),
        host: None,
        has_body: false,
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(400);
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "host" => req.host = Some(value.to_string()),
            "content-length" => req.has_body |= value != "0",
            "transfer-encoding" => req.has_body = true,
            _ => {}
        }
    }
    Ok(Some(req))
}

/// Which budget a connection counts against.
enum Slot {
    Page,
    Stream,
}

/// Answers one connection; returns the budget it ended in.
fn handle(stream: &mut TcpStream, server: &Server) -> Slot {
    let path_is_events = |target: &str| target.split(['?', '#']).next() == Some(EVENTS_PATH);
    let req = match read_request(stream, server) {
        Ok(Some(req)) if path_is_events(&req.target) => req,
        _ => return Slot::Page,
    };
    let head_only = req.method == "HEAD";
    // A stream leaves the page budget for its own, or is refused.
    if server.streams.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_STREAMS {
        server.streams.fetch_sub(1, Ordering::SeqCst);
        let _ = error(stream, 503, head_only);
        return Slot::Page;
    }
    server.pages.fetch_sub(1, Ordering::SeqCst);
    let _ = events(stream, server, head_only);
    Slot::Stream
}

/// Reads and answers a request, except one for the reload channel, which is returned.
fn read_request(stream: &mut TcpStream, server: &Server) -> io::Result<Option<Request>> {
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    let _ = stream.set_nodelay(true);
    let req = match read_head(stream) {
        Ok(Some(r)) => r,
        Ok(None) => return Ok(None),
        Err(status) => return error(stream, status, false).map(|()| None),
    };
    let head_only = req.method == "HEAD";
    if req.method != "GET" && !head_only {
        respond(
            stream,
            405,
            "text/plain; charset=utf-8",
            b"405 method not allowed\n",
            false,
            &[("Allow", "GET, HEAD")],
        )?;
        drain(stream);
        return Ok(None);
    }
    if req.has_body {
        return error(stream, 413, head_only).map(|()| None);
    }
    if server.loopback && !host_allowed(req.host.as_deref()) {
        return error(stream, 403, head_only).map(|()| None);
    }
    let path = req.target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH {
        return Ok(Some(req));
    }
    let answered = match resolve(&server.root, &req.target) {
        Resolved::File(file) => {
            let ctype = content_type(&file);
            if ctype.starts_with("text/html") {
                let bytes = std::fs::read(&file)?;
                let body = inject(&bytes, server.live.generation());
                respond(stream, 200, &ctype, &body, head_only, &[])
            } else {
                let mut f = std::fs::File::open(&file)?;
                let len = f.metadata()?.len();
                write_head(stream, 200, &ctype, len, &[])?;
                if !head_only {
                    io::copy(&mut f, stream)?;
                }
                stream.flush()
            }
        }
        Resolved::Redirect(location) => respond(
            stream,
            301,
            "text/plain; charset=utf-8",
            b"moved\n",
            head_only,
            &[("Location", &location)],
        ),
        Resolved::NotFound => not_found(stream, server, head_only),
        Resolved::Bad => error(stream, 400, head_only),
    };
    answered.map(|()| None)
}

/// Only `localhost` names and IP literals: a page on another site that rebinds its own name
/// to 127.0.0.1 cannot read the preview.
fn host_allowed(host: Option<&str>) -> bool {
    let Some(host) = host else { return true };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    let name = name.to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.parse::<IpAddr>().is_ok()
}

/// Where a request path leads inside the output folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: where to send the browser.
    Redirect(String),
    NotFound,
    /// A path that could never name a file of the site: `..`, backslashes, encoded `%`.
    Bad,
}

/// Maps a request target to a file under `root` (canonical). Percent-decoding happens once;
/// a decoded `%`, `\`, NUL or `:` and any `.` or `..` segment is refused; hidden files
/// (Gazette's manifest, temporary files) are not found; a folder is its `index.html`; the
/// final path, symlinks followed, must still lie under `root`. A redirect goes to the
/// path with empty segments dropped, so it always starts with exactly one `/` (a `//host`
/// Location would send the browser to another site).
pub fn resolve(root: &Path, target: &str) -> Resolved {
    let (path, query) = match target.find(['?', '#']) {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    };
    if !path.starts_with('/') {
        return Resolved::Bad;
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Resolved::Bad;
    };
    if decoded.contains(['%', '\\', '\0', ':']) || !valid_escapes(path) {
        return Resolved::Bad;
    }
    let mut file = root.to_path_buf();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." {
            return Resolved::Bad;
        }
        if seg.starts_with('.') {
            return Resolved::NotFound;
        }
        file.push(seg);
    }
    let Ok(meta) = std::fs::metadata(&file) else {
        return Resolved::NotFound;
    };
    if meta.is_dir() {
        if !decoded.ends_with('/') {
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            return Resolved::Redirect(format!("/{}/{query}", segments.join("/")));
        }
        file.push("index.html");
    }
    match file.canonicalize() {
        Ok(real) if real.starts_with(root) && real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

/// Every `%` starts an escape of two hex digits (`percent_decode` keeps a stray `%` as it is).
fn valid_escapes(path: &str) -> bool {
    let b = path.as_bytes();
    b.iter().enumerate().all(|(i, &c)| {
        c != b'%'
            || b.get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    })
}

/// The content type of a file, by its extension (`mime_guess`), with the charset of text.
pub fn content_type(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let essence = if name == "atom.xml" {
        "application/atom+xml".to_string()
    } else if name == "rss.xml" {
        "application/rss+xml".to_string()
    } else if name == "feed.json" {
        "application/feed+json".to_string()
    } else if name == "cname" {
        "text/plain".to_string()
    } else {
        match mime_guess::from_path(&name).first() {
            // XML files of a site (sitemaps) are not meant to be read as plain text.
            Some(m) if m.essence_str() == "text/xml" => "application/xml".to_string(),
            Some(m) if m.essence_str() == "application/javascript" => "text/javascript".into(),
            Some(m) => m.essence_str().to_string(),
            None => "application/octet-stream".to_string(),
        }
    };
    let text = essence.starts_with("text/")
        || essence == "application/xml"
        || essence == "application/atom+xml"
        || essence == "application/rss+xml";
    if text {
        format!("{essence}; charset=utf-8")
    } else {
        essence
    }
}

/// The page with the reload script before its last `</body>` (or at the end).
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let script = format!(
        "<script>{}</script>",
        SCRIPT.replace("__GAZETTE_GENERATION__", &generation.to_string())
    );
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn not_found(stream: &mut TcpStream, server: &Server, head_only: bool) -> io::Result<()> {
    match std::fs::read(server.root.join("404.html")) {
        Ok(page) => {
            let body = inject(&page, server.live.generation());
            respond(
                stream,
                404,
                "text/html; charset=utf-8",
                &body,
                head_only,
                &[],
            )
        }
        // No site yet (the first build failed): a page that still carries the reload
        // script, so the tab shows the error and reloads once the site builds.
        Err(_) => {
            let page =
                b"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Not found</title>\
                </head><body><h1>Page not found</h1><p>Nothing has been built here yet.</p>\
                </body></html>\n";
            let body = inject(page, server.live.generation());
            respond(
                stream,
                404,
                "text/html; charset=utf-8",
                &body,
                head_only,
                &[],
            )
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    }
}

fn error(stream: &mut TcpStream, status: u16, head_only: bool) -> io::Result<()> {
    let body = format!("{status} {}\n", reason(status).to_ascii_lowercase());
    respond(
        stream,
        status,
        "text/plain; charset=utf-8",
        body.as_bytes(),
        head_only,
        &[],
    )?;
    drain(stream);
    Ok(())
}

/// After refusing a request whose rest was not read: closes our side and reads (a bounded
/// amount of) what the client still sends, so that closing does not reset the connection
/// before the client has read the answer.
fn drain(stream: &mut TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut buf = [0u8; 8192];
    let mut total = 0;
    while let Ok(n) = stream.read(&mut buf) {
        total += n;
        if n == 0 || total > 1024 * 1024 {
            break;
        }
    }
}

fn write_head(
    stream: &mut TcpStream,
    status: u16,
    ctype: &str,
    len: u64,
    extra: &[(&str, &str)],
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {ctype}\r\nContent-Length: {len}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reason(status)
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    ctype: &str,
    body: &[u8],
    head_only: bool,
    extra: &[(&str, &str)],
) -> io::Result<()> {
    write_head(stream, status, ctype, body.len() as u64, extra)?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The reload channel: the current state at once, then every change, until the tab goes
/// away or the server stops.
fn events(stream: &mut TcpStream, server: &Server, head_only: bool) -> io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
    )?;
    if head_only {
        return stream.flush();
    }
    stream.write_all(b"retry: 500\n\n")?;
    let mut seen = None;
    loop {
        let (version, json, closed) = server.live.wait_change(seen, KEEPALIVE);
        if closed {
            return Ok(());
        }
        if seen == Some(version) {
            stream.write_all(b": keep-alive\n\n")?;
        } else {
            stream.write_all(format!("event: state\ndata: {json}\n\n").as_bytes())?;
            seen = Some(version);
        }
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_only_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "A").unwrap();
        std::fs::write(root.join("x.css"), "x").unwrap();
        std::fs::write(root.join(".gazette-manifest"), "m").unwrap();
        assert_eq!(
            resolve(&root, "/a/"),
            Resolved::File(root.join("a/index.html"))
        );
        assert_eq!(
            resolve(&root, "/a?q=1"),
            Resolved::Redirect("/a/?q=1".into())
        );
        assert_eq!(
            resolve(&root, "/x.css?v=2"),
            Resolved::File(root.join("x.css"))
        );
        assert_eq!(
            resolve(&root, "/%78.css"),
            Resolved::File(root.join("x.css"))
        );
        assert_eq!(resolve(&root, "/../etc/passwd"), Resolved::Bad);
        assert_eq!(resolve(&root, "/a/%2e%2e/%2e%2e/etc/passwd"), Resolved::Bad);
        assert_eq!(resolve(&root, "/%252e%252e/x"), Resolved::Bad);
        assert_eq!(resolve(&root, "/..%5c..%5cx"), Resolved::Bad);
        assert_eq!(resolve(&root, "/a\\..\\x"), Resolved::Bad);
        assert_eq!(resolve(&root, "/%zz"), Resolved::Bad);
        assert_eq!(resolve(&root, "/x%2"), Resolved::Bad);
        assert_eq!(resolve(&root, "/.gazette-manifest"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/nope/"), Resolved::NotFound);
        assert_eq!(resolve(&root, "x.css"), Resolved::Bad);
    }

    #[test]
    fn redirects_never_lead_off_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("about/team")).unwrap();
        for target in ["//about", "///about", "/about"] {
            assert_eq!(
                resolve(&root, target),
                Resolved::Redirect("/about/".into()),
                "{target}"
            );
        }
        assert_eq!(
            resolve(&root, "//about//team?x=//y"),
            Resolved::Redirect("/about/team/?x=//y".into())
        );
    }

    #[test]
    fn content_types_carry_the_charset_of_text() {
        let ct = |name: &str| content_type(Path::new(name));
        assert_eq!(ct("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(ct("style.css"), "text/css; charset=utf-8");
        assert_eq!(ct("search.js"), "text/javascript; charset=utf-8");
        assert_eq!(ct("sitemap.xml"), "application/xml; charset=utf-8");
        assert_eq!(
            ct("people/x/atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(ct("topics/x/rss.xml"), "application/rss+xml; charset=utf-8");
        assert_eq!(ct("feed.json"), "application/feed+json");
        assert_eq!(ct("data/articles.json"), "application/json");
        assert_eq!(ct("logo.svg"), "image/svg+xml");
        assert_eq!(ct("photo.JPG"), "image/jpeg");
        assert_eq!(ct("CNAME"), "text/plain; charset=utf-8");
        assert_eq!(ct("blob"), "application/octet-stream");
    }

    #[test]
    fn injects_before_the_last_body_end() {
        let out = inject(b"<html><body>x</BODY></html>", 7);
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("<html><body>x<script>"));
        assert!(s.ends_with("</script></BODY></html>"));
        assert!(s.contains("var generation = 7;"));
        let s = String::from_utf8(inject(b"plain", 1)).unwrap();
        assert!(s.starts_with("plain<script>"));
    }

    #[test]
    fn hosts() {
        assert!(host_allowed(Some("localhost:1111")));
        assert!(host_allowed(Some("127.0.0.1:1111")));
        assert!(host_allowed(Some("[::1]:1111")));
        assert!(host_allowed(Some("site.localhost")));
        assert!(!host_allowed(Some("evil.example:1111")));
    }
}
