//! Edit-to-served latency of `gazette serve`: the time from writing an input file until the
//! rebuilt page is served, as a tab sees it (the reload event arrives, then the page is
//! fetched and has the edit), minus the watcher's debounce; and until the whole site is
//! rebuilt (the event that says the site is complete again). Rounds do not overlap.
//!
//! `cargo run --release --example serve_latency` measures the example site (the repository's
//! seeds and content, copied to a temp dir); `-- N` first multiplies the seeds to N articles.

use gazette::serve::{DEBOUNCE, ServeConfig, start};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

fn main() {
    let articles: Option<usize> = std::env::args().nth(1).and_then(|a| a.parse().ok());
    // Edits per kind (a second argument): fewer for large sites, where each takes seconds.
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    for sub in ["seeds", "content"] {
        copy_dir(&repo.join(sub), &root.join(sub));
    }
    std::fs::copy(repo.join("gazette.toml"), root.join("gazette.toml")).unwrap();
    if let Some(n) = articles {
        multiply_seeds(root, n);
    }

    let t = Instant::now();
    let running = start(&ServeConfig {
        root: root.to_path_buf(),
        output: root.join("public"),
        bind: "127.0.0.1".into(),
        port: 0,
        drafts: false,
        follow_links: false,
        serve: true,
        base_url: Some("/".into()),
        debounce: DEBOUNCE,
        verbose: false,
    })
    .expect("server starts");
    let addr = running.addrs[0];
    let seeds: Vec<_> = {
        let mut s: Vec<_> = std::fs::read_dir(root.join("seeds"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        s.sort();
        s
    };
    println!(
        "example site: {} articles, first build and start {} ms; debounce {} ms; {rounds} edits each",
        seeds.len(),
        t.elapsed().as_millis(),
        DEBOUNCE.as_millis()
    );
    let events = subscribe(addr);
    let seed = &seeds[0];
    let article_url = article_path(root, seed);
    let original = std::fs::read_to_string(seed).unwrap();

    // An article's body: the page is previewed at once, then the whole site is rebuilt.
    let mut body = Vec::new();
    for i in 0..rounds {
        let marker = format!("Latency marker {i} in the article body.");
        let text = format!("{original}\n{marker}\n");
        body.push(measure(&events, addr, &article_url, &marker, || {
            std::fs::write(seed, &text).unwrap()
        }));
    }
    std::fs::write(seed, &original).unwrap();
    settle(&events);

    // A template: re-render only, nothing re-read.
    let template = root.join("templates/article.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    let base = include_str!("../templates/article.html");
    let mut tpl = Vec::new();
    for i in 0..rounds {
        let marker = format!("template-marker-{i}");
        let text = base.replace("<h1>", &format!("<h1 class=\"{marker}\">"));
        tpl.push(measure(&events, addr, &article_url, &marker, || {
            std::fs::write(&template, &text).unwrap()
        }));
    }

    // The config: everything again.
    let config = root.join("gazette.toml");
    let config_text = std::fs::read_to_string(&config).unwrap();
    let mut cfg = Vec::new();
    for i in 0..(rounds / 4).max(1) {
        let marker = format!("Archive {i}");
        let text = config_text.replace("Gazette Diplomatic Archive", &marker);
        cfg.push(measure(&events, addr, &article_url, &marker, || {
            std::fs::write(&config, &text).unwrap()
        }));
    }

    let pick = |v: &[(Duration, Duration)], whole: bool| -> Vec<Duration> {
        v.iter().map(|p| if whole { p.1 } else { p.0 }).collect()
    };
    report("article edit", &pick(&body, false));
    report("  whole site", &pick(&body, true));
    report("template edit", &pick(&tpl, false));
    report("config edit", &pick(&cfg, false));
    running.stop();
}

fn report(what: &str, samples: &[Duration]) {
    let mut ms: Vec<f64> = samples
        .iter()
        .map(|d| d.as_secs_f64() * 1000.0 - DEBOUNCE.as_secs_f64() * 1000.0)
        .collect();
    ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pct = |p: f64| ms[((ms.len() - 1) as f64 * p).round() as usize];
    println!(
        "{what:>14}: edit-to-served after the debounce: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        pct(0.5),
        pct(0.9),
        ms[ms.len() - 1]
    );
}

/// Writes, then waits for the reload event and fetches the page until it has `marker`;
/// then waits until the whole site is rebuilt. Both times from the write.
fn measure(
    events: &Receiver<String>,
    addr: SocketAddr,
    url: &str,
    marker: &str,
    edit: impl FnOnce(),
) -> (Duration, Duration) {
    while events.try_recv().is_ok() {}
    let t = Instant::now();
    edit();
    let deadline = t + Duration::from_secs(60);
    let mut served = None;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let state = events.recv_timeout(left).expect("a reload event");
        if served.is_none() && get(addr, url).contains(marker) {
            served = Some(t.elapsed());
        }
        if let Some(served) = served
            && state.contains("\"complete\":true")
        {
            return (served, t.elapsed());
        }
    }
}

/// Waits for a rebuild's event after restoring a file, so rounds do not overlap.
fn settle(events: &Receiver<String>) {
    let _ = events.recv_timeout(Duration::from_secs(10));
    std::thread::sleep(DEBOUNCE * 3);
    while events.try_recv().is_ok() {}
}

/// The state events of the reload channel, as a tab gets them.
fn subscribe(addr: SocketAddr) -> Receiver<String> {
    let (tx, rx) = channel();
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET /__gazette/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    std::thread::spawn(move || {
        let mut first = true;
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            if let Some(data) = line.strip_prefix("data: ") {
                // The first event is the state at connection time, not a rebuild.
                if !first && tx.send(data.to_string()).is_err() {
                    break;
                }
                first = false;
            }
        }
    });
    rx
}

fn get(addr: SocketAddr, target: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    buf
}

fn article_path(root: &Path, seed: &Path) -> String {
    let rel = format!("seeds/{}", seed.file_name().unwrap().to_string_lossy());
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("public/data/articles.json")).unwrap())
            .unwrap();
    let a = json
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"] == rel.as_str())
        .expect("the article is built");
    format!("/{}", a["path"].as_str().unwrap())
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), t).unwrap();
        }
    }
}

/// Copies of the seed articles, each with its own headline, up to `n` articles.
fn multiply_seeds(root: &Path, n: usize) {
    let dir = root.join("seeds");
    let mut originals: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    originals.sort();
    let texts: Vec<String> = originals
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    for i in originals.len()..n {
        let text = &texts[i % texts.len()];
        let (head, rest) = text.split_once('\n').unwrap_or((text, ""));
        std::fs::write(
            dir.join(format!("{i:06}_copy.txt")),
            format!("{head} (copy {i})\n{rest}"),
        )
        .unwrap();
    }
}
