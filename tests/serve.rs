//! `gazette serve` and `gazette watch`: incremental rebuilds equal fresh builds, and the dev
//! server serves only the output folder. Servers bind 127.0.0.1 on ephemeral ports; every
//! wait is bounded.

mod common;
use common::copy_dir;
use gazette::build::{BuildCache, BuildOptions, build, build_cached};
use gazette::serve::{Running, ServeConfig, start};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a test waits for the watcher to pick up an edit before failing.
const PATIENCE: Duration = Duration::from_secs(30);

/// A site folder in a temp dir, from the repository's seeds and content.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["seeds", "content"] {
        copy_dir(&repo.join(sub), &dir.path().join(sub));
    }
    std::fs::copy(repo.join("gazette.toml"), dir.path().join("gazette.toml")).unwrap();
    dir
}

fn config(root: &Path, serve: bool) -> ServeConfig {
    ServeConfig {
        root: root.to_path_buf(),
        output: root.join("public"),
        bind: "127.0.0.1".into(),
        port: 0,
        drafts: false,
        follow_links: false,
        serve,
        base_url: Some("/".into()),
        debounce: Duration::from_millis(50),
        verbose: false,
    }
}

fn opts(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        base_url: Some("/".into()),
        ..Default::default()
    }
}

/// Every file under `dir`, by path relative to it.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            // The lock a running server holds on the folder is no part of the site.
            if e.file_name() == gazette::output::LOCK {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

/// What `gazette build --base-url /` writes for the site as it is now.
fn fresh_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let built = build(&opts(root)).expect("fresh build");
    let out = tempfile::tempdir().unwrap();
    gazette::write::write(out.path(), &built.files).unwrap();
    tree(out.path())
}

fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut d = Vec::new();
    for (k, v) in a {
        match b.get(k) {
            None => d.push(format!("only served: {k}")),
            Some(w) if w != v => d.push(format!("differs: {k}")),
            _ => {}
        }
    }
    for k in b.keys().filter(|k| !a.contains_key(*k)) {
        d.push(format!("only in fresh build: {k}"));
    }
    d
}

/// Waits (bounded) until the watcher has rebuilt after `before` and the output folder is
/// exactly what a fresh build makes; fails with the differences otherwise.
fn settle(running: &Running, root: &Path, before: u64, step: &str) {
    let deadline = Instant::now() + PATIENCE;
    let mut diff;
    loop {
        std::thread::sleep(Duration::from_millis(50));
        let expected = fresh_build(root);
        diff = differences(&tree(&root.join("public")), &expected);
        if running.live.rebuilds() > before && diff.is_empty() {
            return;
        }
        if Instant::now() > deadline {
            break;
        }
    }
    panic!(
        "after {step}: the served output is not a fresh build (rebuilds: {before} → {}): {diff:?}",
        running.live.rebuilds()
    );
}

fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `request` as is and reads the whole response (the server closes each connection).
fn raw(addr: SocketAddr, request: &[u8]) -> Response {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // The server may answer (and stop reading) before a refused request is all sent.
    let _ = s.write_all(request);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: buf[end + 4..].to_vec(),
    }
}

fn get(addr: SocketAddr, target: &str) -> Response {
    raw(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes(),
    )
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const NEW_ARTICLE: &str = "Harbour city opens its archive to readers\n\nMay 2, 2024\n\n\
    The harbour city opened its newspaper archive to the public on Thursday, the mayor said.\n\n\
    Readers can now browse a century of local reporting in the new reading room.\n";

/// The scripted edits: (description, edit). Each leaves a valid site.
/// An edit to the site folder.
type Edit = Box<dyn Fn(&Path)>;

fn edits() -> Vec<(&'static str, Edit)> {
    vec![
        (
            "adding an article",
            Box::new(|r: &Path| write(r, "seeds/100_new.txt", NEW_ARTICLE)),
        ),
        (
            "editing its headline",
            Box::new(|r: &Path| {
                let text = NEW_ARTICLE.replace("Harbour city opens", "Port city opens");
                write(r, "seeds/100_new.txt", &text)
            }),
        ),
        (
            "adding a sidecar naming a person",
            Box::new(|r: &Path| {
                write(
                    r,
                    "seeds/100_new.toml",
                    "persons = [\"Bui Thanh Son\"]\ntopics = [\"archives\"]\n",
                )
            }),
        ),
        (
            "renaming the article",
            Box::new(|r: &Path| {
                std::fs::rename(r.join("seeds/100_new.txt"), r.join("seeds/101_moved.txt"))
                    .unwrap();
                std::fs::rename(r.join("seeds/100_new.toml"), r.join("seeds/101_moved.toml"))
                    .unwrap();
            }),
        ),
        (
            "adding a person page",
            Box::new(|r: &Path| {
                write(
                    r,
                    "content/people/bui-thanh-son.md",
                    "+++\nname = \"Bùi Thanh Sơn\"\n+++\nVietnam's foreign minister.\n",
                )
            }),
        ),
        (
            "editing the person page",
            Box::new(|r: &Path| {
                write(
                    r,
                    "content/people/bui-thanh-son.md",
                    "+++\nname = \"Bùi Thanh Sơn\"\naliases = [\"FM Son\"]\n+++\n\
                     Minister of Foreign Affairs of Vietnam.\n",
                )
            }),
        ),
        (
            "deleting the article",
            Box::new(|r: &Path| {
                std::fs::remove_file(r.join("seeds/101_moved.txt")).unwrap();
                std::fs::remove_file(r.join("seeds/101_moved.toml")).unwrap();
            }),
        ),
        (
            "editing a Markdown page",
            Box::new(|r: &Path| {
                let p = r.join("content/about.md");
                let text = std::fs::read_to_string(&p).unwrap();
                std::fs::write(p, format!("{text}\nOne more paragraph.\n")).unwrap();
            }),
        ),
        (
            "overriding a template",
            Box::new(|r: &Path| {
                let base = include_str!("../templates/article.html");
                write(
                    r,
                    "templates/article.html",
                    &base.replace("<h1>", "<h1 class=\"headline\">"),
                )
            }),
        ),
        (
            "adding a static file",
            Box::new(|r: &Path| write(r, "templates/static/extra.css", "body{color:red}\n")),
        ),
        (
            "editing the config",
            Box::new(|r: &Path| {
                let p = r.join("gazette.toml");
                let text = std::fs::read_to_string(&p).unwrap();
                std::fs::write(
                    p,
                    text.replace("Gazette Diplomatic Archive", "Diplomacy Archive")
                        .replace("max_per_article = 50", "max_per_article = 3"),
                )
                .unwrap();
            }),
        ),
        (
            "removing the template override",
            Box::new(|r: &Path| std::fs::remove_file(r.join("templates/article.html")).unwrap()),
        ),
    ]
}

/// The cache, with no watcher: after every edit `build_cached` makes exactly the files
/// `build` makes, and re-reads only what changed.
#[test]
fn cached_builds_equal_fresh_builds() {
    let site = fixture();
    let root = site.path();
    let mut cache = BuildCache::default();
    let first = build_cached(&opts(root), &mut cache).unwrap();
    assert_eq!(first.files, build(&opts(root)).unwrap().files);
    for (step, edit) in edits() {
        edit(root);
        let cached = build_cached(&opts(root), &mut cache).unwrap();
        let fresh = build(&opts(root)).unwrap();
        assert!(
            cached.files == fresh.files,
            "after {step}: cached build differs from a fresh build"
        );
        assert_eq!(cached.diags.items, fresh.diags.items, "after {step}");
        let s = &cache.last;
        match step {
            "editing its headline" | "adding a sidecar naming a person" | "adding an article" => {
                assert_eq!(s.reread, 1, "{step}: {s:?}")
            }
            "overriding a template" | "adding a static file" => {
                assert!(s.graph_reused && s.reread == 0, "{step}: {s:?}")
            }
            "editing the config" => assert_eq!(s.reused, 0, "{step}: {s:?}"),
            _ => {}
        }
    }
}

/// The watcher, end to end: after each scripted edit the served output folder is byte for
/// byte what a fresh build writes, and the server serves the new page.
#[test]
fn served_output_equals_a_fresh_build_after_each_edit() {
    let site = fixture();
    let root = site.path();
    let running = start(&config(root, true)).unwrap();
    let addr = running.addrs[0];
    settle(&running, root, 0, "the first build");
    for (step, edit) in edits() {
        let before = running.live.rebuilds();
        edit(root);
        settle(&running, root, before, step);
        if step == "editing its headline" {
            let page = get(addr, "/articles/port-city-opens-its-archive-to-readers/");
            assert_eq!(page.status, 200, "{step}");
            assert!(page.text().contains("Port city opens its archive"));
            let gone = get(addr, "/articles/harbour-city-opens-its-archive-to-readers/");
            assert_eq!(gone.status, 404, "{step}: the old page is removed");
        }
    }
    let home = get(addr, "/");
    assert!(home.text().contains("Diplomacy Archive"));
    running.stop();
}

/// `gazette watch`: the same loop, no server.
#[test]
fn watch_rebuilds_without_a_server() {
    let site = fixture();
    let root = site.path();
    let running = start(&config(root, false)).unwrap();
    assert!(running.addrs.is_empty());
    let before = running.live.rebuilds();
    write(root, "seeds/100_new.txt", NEW_ARTICLE);
    settle(&running, root, before, "adding an article");
    running.stop();
}

/// A broken template or an unreadable input: reported with file and line, the last good
/// site stays served, and the next good save clears the error.
#[test]
fn errors_keep_the_last_good_site_and_clear_on_the_next_good_save() {
    let site = fixture();
    let root = site.path();
    let running = start(&config(root, true)).unwrap();
    let addr = running.addrs[0];
    let home_before = get(addr, "/").body;
    let generation = running.live.generation();

    let base = include_str!("../templates/index.html");
    write(
        root,
        "templates/index.html",
        &format!("{base}\n{{% if %}}\n"),
    );
    wait_for("the template error", || !running.live.errors().is_empty());
    let errors = running.live.errors();
    assert_eq!(errors[0].file, "templates/index.html", "{errors:?}");
    assert!(errors[0].line.is_some(), "{errors:?}");
    assert_eq!(
        get(addr, "/").body,
        home_before,
        "the last good site is served"
    );
    assert_eq!(running.live.generation(), generation);

    // The reload channel carries the error to the tabs.
    let events = read_events(addr);
    assert!(events.contains("templates/index.html"), "{events}");

    std::fs::remove_file(root.join("templates/index.html")).unwrap();
    wait_for("the error to clear", || running.live.errors().is_empty());
    assert_eq!(get(addr, "/").body, home_before);

    // An input that is not text: reported, and the article is not dropped from the site.
    let seed = root.join("seeds/001_48eae42596e1c3b5.txt");
    let good = std::fs::read(&seed).unwrap();
    let mut bad = good.clone();
    bad.extend_from_slice(b"\n\xff\xfe\n");
    std::fs::write(&seed, &bad).unwrap();
    wait_for("the read error", || !running.live.errors().is_empty());
    let errors = running.live.errors();
    assert_eq!(errors[0].file, "seeds/001_48eae42596e1c3b5.txt");
    assert!(errors[0].line.is_some());
    assert_eq!(get(addr, "/").body, home_before);
    std::fs::write(&seed, &good).unwrap();
    wait_for("the read error to clear", || {
        running.live.errors().is_empty()
    });
    assert!(differences(&tree(&root.join("public")), &fresh_build(root)).is_empty());
    running.stop();
}

/// A site broken from the start: nothing to serve yet, but every page carries the reload
/// script (so the tab shows the error), and the first good save builds the site.
#[test]
fn a_site_broken_at_the_start_is_served_once_fixed() {
    let site = fixture();
    let root = site.path();
    let base = include_str!("../templates/base.html");
    write(
        root,
        "templates/base.html",
        &format!("{base}\n{{% endblock nope %}}\n"),
    );
    let running = start(&config(root, true)).unwrap();
    let addr = running.addrs[0];
    assert!(!running.live.errors().is_empty());
    let page = get(addr, "/");
    assert_eq!(page.status, 404);
    assert!(page.text().contains("/__gazette/events"));
    assert!(read_events(addr).contains("templates/base.html"));
    let before = running.live.rebuilds();
    std::fs::remove_file(root.join("templates/base.html")).unwrap();
    settle(&running, root, before, "fixing the template");
    assert!(running.live.errors().is_empty());
    assert_eq!(get(addr, "/").status, 200);
    running.stop();
}

/// The first state event of the reload channel.
fn read_events(addr: SocketAddr) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET /__gazette/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !String::from_utf8_lossy(&buf).contains("event: state\ndata: ") || !buf.ends_with(b"\n\n")
    {
        let n = s.read(&mut chunk).unwrap();
        assert!(n > 0, "the channel closed");
        buf.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&buf).into_owned();
    assert!(text.contains("Content-Type: text/event-stream"), "{text}");
    text
}

#[test]
fn server_serves_only_the_output_folder() {
    let site = fixture();
    let root = site.path();
    write(
        root,
        "templates/static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    std::fs::write(
        root.join("templates/static/photo.png"),
        b"\x89PNG\r\n\x1a\n",
    )
    .unwrap();
    std::fs::write(root.join("secret.txt"), "TOP SECRET").unwrap();
    let running = start(&config(root, true)).unwrap();
    let addr = running.addrs[0];
    let public: PathBuf = root.join("public");

    // Pages, with the reload script only in what is served.
    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.text().contains("/__gazette/events"));
    let on_disk = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        !on_disk.contains("__gazette"),
        "the build output has no reload script"
    );
    assert_eq!(get(addr, "/about/").status, 200);
    let moved = get(addr, "/about?x=1");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some("/about/?x=1"));
    // Never a protocol-relative Location (`//about/` is the host `about` to a browser).
    for path in ["//about", "///about", "//about//"] {
        let r = get(addr, path);
        if r.status == 301 {
            assert_eq!(r.header("location"), Some("/about/"), "{path}");
        } else {
            assert_eq!(r.status, 200, "{path}");
        }
    }

    // Content types.
    for (path, ctype) in [
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/search.js", "text/javascript; charset=utf-8"),
        ("/data/articles.json", "application/json"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/static/logo.svg", "image/svg+xml"),
        ("/static/photo.png", "image/png"),
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ctype), "{path}");
        assert_eq!(
            r.body,
            std::fs::read(public.join(&path[1..])).unwrap(),
            "{path}"
        );
    }

    // Missing pages: the site's 404 page, status 404.
    let missing = get(addr, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Page not found"),
        "{}",
        missing.text()
    );
    assert!(missing.text().contains("/__gazette/events"));

    // No listing of a folder without index.html; no hidden files.
    for path in ["/static/", "/data/", "/.gazette-manifest"] {
        let r = get(addr, path);
        assert_eq!(r.status, 404, "{path}");
        assert!(r.text().contains("Page not found"), "{path}");
        assert!(!r.text().contains("logo.svg"), "{path} lists the folder");
        assert!(!r.text().contains("topics.json"), "{path} lists the folder");
    }

    // Traversal, plain, encoded, double-encoded, with backslashes, through a symlink.
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("secret.txt"), public.join("leak.txt")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root, public.join("up")).unwrap();
    for path in [
        "/../secret.txt",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/static/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/static/..%c0%afsecret.txt",
        "/leak.txt",
        "/up/secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/C:/Windows/win.ini",
        "secret.txt",
        "http://evil/secret.txt",
    ] {
        let r = get(addr, path);
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: status {}",
            r.status
        );
        assert!(!r.text().contains("TOP SECRET"), "{path} leaked");
        assert!(!r.text().contains("root:"), "{path} leaked");
    }

    // Methods, sizes, hosts.
    let head = raw(
        addr,
        format!("HEAD / HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes(),
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let post = raw(
        addr,
        format!("POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 2\r\n\r\nhi").as_bytes(),
    );
    assert_eq!(post.status, 405);
    let body = raw(
        addr,
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 5\r\n\r\nhello").as_bytes(),
    );
    assert_eq!(body.status, 413);
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Big: {}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    assert_eq!(raw(addr, huge.as_bytes()).status, 431);
    let rebinding = raw(addr, b"GET / HTTP/1.1\r\nHost: evil.example:80\r\n\r\n");
    assert_eq!(rebinding.status, 403);
    for host in ["localhost", "127.0.0.1", "[::1]"] {
        let r = raw(
            addr,
            format!("GET / HTTP/1.1\r\nHost: {host}:{}\r\n\r\n", addr.port()).as_bytes(),
        );
        assert_eq!(r.status, 200, "{host}");
    }

    // The same port answers on [::1] too, when the machine has IPv6.
    if let Some(v6) = running.addrs.iter().find(|a| a.is_ipv6()) {
        assert_eq!(v6.port(), addr.port());
        assert_eq!(get(*v6, "/").status, 200);
    }
    running.stop();
}

/// Open tabs each hold a reload stream: however many there are, pages are still served.
#[test]
fn open_reload_streams_never_starve_pages() {
    let site = fixture();
    let running = start(&config(site.path(), true)).unwrap();
    let addr = running.addrs[0];
    let streams: Vec<TcpStream> = (0..130)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            write!(s, "GET /__gazette/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
            s
        })
        .collect();
    // Each stream is open (its first event arrived) before the pages are asked for.
    for (i, mut s) in streams.iter().enumerate() {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        while !String::from_utf8_lossy(&buf).contains("event: state") {
            let n = s
                .read(&mut chunk)
                .unwrap_or_else(|e| panic!("stream {i}: {e}"));
            assert!(n > 0, "a reload stream closed");
            buf.extend_from_slice(&chunk[..n]);
        }
    }
    for path in ["/", "/about/", "/static/style.css"] {
        assert_eq!(get(addr, path).status, 200, "{path}");
    }
    drop(streams);
    running.stop();
}

/// The address printed is the one bound: `localhost` only when it leads there.
#[test]
fn advertises_the_address_bound() {
    let site = fixture();
    let mut cfg = config(site.path(), true);
    cfg.bind = "127.0.0.2".into();
    let running = start(&cfg).unwrap();
    let urls = running.urls();
    let port = running.addrs[0].port();
    assert_eq!(urls, vec![format!("http://127.0.0.2:{port}/")]);
    assert_eq!(get(running.addrs[0], "/").status, 200);
    running.stop();

    let running = start(&config(site.path(), true)).unwrap();
    let urls = running.urls();
    let port = running.addrs[0].port();
    assert_eq!(urls[0], format!("http://127.0.0.1:{port}/"));
    assert!(
        urls.contains(&format!("http://localhost:{port}/")),
        "{urls:?}"
    );
    running.stop();
}

#[test]
fn refuses_an_output_folder_inside_the_inputs() {
    let site = fixture();
    let mut cfg = config(site.path(), true);
    cfg.output = site.path().join("seeds/out");
    assert!(start(&cfg).is_err());
}

/// An edited article's page is written at once from the last build (before the whole site
/// is rebuilt), with the edit and its people still linked; the rebuild that follows leaves
/// exactly a fresh build. Anything but an edit to an article is not previewed.
#[test]
fn an_edited_article_is_previewed_first_then_the_site_rebuilt() {
    use gazette::serve::Rebuilder;
    let site = fixture();
    let root = site.path();
    let out = root.join("public");
    let mut rebuilder = Rebuilder::new(opts(root), out.clone());
    assert!(rebuilder.rebuild("built").ok);
    let articles: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/articles.json")).unwrap()).unwrap();
    let rel = "seeds/000_53c24d708ccf69f0.txt";
    let record = articles
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"] == rel)
        .unwrap();
    let page = format!("{}index.html", record["path"].as_str().unwrap());
    let person = record["persons"][0]["slug"].as_str().unwrap().to_string();
    let before = tree(&out);
    // Links planted at the preview's temporary names are not written through.
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let folder = out.join(record["path"].as_str().unwrap());
    for name in [".index.html.gazette-tmp", ".preview.gazette-tmp"] {
        std::os::unix::fs::symlink(&victim, folder.join(name)).unwrap();
    }

    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    write(
        root,
        rel,
        &format!("{text}\nA sentence added <by> the editor.\n"),
    );
    let changed = BTreeMap::from([(rel.to_string(), "edited".to_string())]);
    let preview = rebuilder
        .preview(&changed)
        .expect("an article edit is previewed");
    assert_eq!(
        preview.pages,
        Some(vec![format!("/{}", record["path"].as_str().unwrap())])
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let _ = std::fs::remove_file(folder.join(".preview.gazette-tmp"));
    let after = tree(&out);
    assert_eq!(
        differences(&after, &before),
        vec![format!("differs: {page}")]
    );
    let html = String::from_utf8(after[&page].clone()).unwrap();
    assert!(
        html.contains("A sentence added &lt;by&gt; the editor."),
        "{html}"
    );
    assert!(
        html.contains(&format!("/people/{person}/")),
        "people stay linked"
    );

    assert!(rebuilder.rebuild("edited").ok);
    assert!(differences(&tree(&out), &fresh_build(root)).is_empty());

    // Not previewed: a new file, a template, a file that is not one of the articles.
    for (rel, how) in [
        ("seeds/new.txt", "added"),
        ("templates/article.html", "edited"),
        ("seeds/none.txt", "edited"),
    ] {
        let changed = BTreeMap::from([(rel.to_string(), how.to_string())]);
        assert!(rebuilder.preview(&changed).is_none(), "{rel} {how}");
    }
}
