//! The benchmark: `cargo run --release --example bench -- N [N...] [--html]` (default 1000 10000).
//! With `--html`, the same articles as saved web pages (`NNNNNN.html`).
//!
//! For each N, generates N raw articles (deterministic; cached under target/bench/), then
//! runs a full build into a fresh output folder and prints, per stage, wall time and
//! articles per second; the total; peak RSS; bytes written; and a second, no-change build.

#[path = "common/corpus.rs"]
mod corpus;

use gazette::build::{BuildOptions, prepare};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|k| k.parse::<f64>().ok())
            })
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// CPU time of this process so far, (user, system), in seconds.
fn cpu_seconds() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second).
    let tick = |i: usize| f.get(i).copied().unwrap_or(f64::NAN) / 100.0;
    (tick(11), tick(12))
}

fn corpus_dir(n: usize, html: bool) -> PathBuf {
    let form = if html { "html-" } else { "" };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench/corpus-{form}{n}"));
    let marker = dir.join(".complete");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let t = Instant::now();
        let bytes = if html {
            corpus::write_html_corpus(&dir, n, 42)
        } else {
            corpus::write_corpus(&dir, n, 42, false)
        }
        .expect("write corpus");
        std::fs::write(&marker, "").unwrap();
        println!(
            "generated {n} {} articles ({:.1} MB) in {:.2} s",
            if html { "saved-page" } else { "raw" },
            bytes as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
    }
    dir
}

fn run(n: usize, html: bool) {
    let root = corpus_dir(n, html);
    remove_stale_outputs(&root);
    let out = root.join(format!("public-{}", std::process::id()));
    let opts = BuildOptions {
        root: root.clone(),
        base_url: None,
        drafts: false,
        follow_links: false,
    };
    let cpu = cpu_seconds();
    let total = Instant::now();
    let published = prepare(&opts)
        .unwrap_or_else(|f| panic!("build failed: {}", f.error))
        .publish(&out)
        .unwrap_or_else(|f| panic!("build failed: {f:?}"));
    let wall = total.elapsed();
    println!(
        "\n== {n} articles ({} cores) ==",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!("{:<10} {:>10} {:>14}", "stage", "ms", "articles/s");
    for (stage, d) in &published.timings {
        let s = d.as_secs_f64();
        println!(
            "{stage:<10} {:>10.1} {:>14.0}",
            s * 1e3,
            if s > 0.0 { n as f64 / s } else { f64::INFINITY }
        );
    }
    println!(
        "{:<10} {:>10.1} {:>14.0}",
        "total",
        wall.as_secs_f64() * 1e3,
        n as f64 / wall.as_secs_f64()
    );
    let cpu_after = cpu_seconds();
    println!(
        "CPU: {:.2} s user, {:.2} s system (render includes writing each file as it is \
         rendered; write puts changed files in place)",
        cpu_after.0 - cpu.0,
        cpu_after.1 - cpu.1
    );
    println!(
        "people {}, topics {}, files {}, bytes written {:.1} MB",
        published.graph.people.len(),
        published.graph.topics.len(),
        published.rendered.paths.len(),
        published.report.bytes as f64 / 1e6
    );
    println!("peak RSS of the build: {:.0} MB", peak_rss_mb());
    drop(published);
    let t = Instant::now();
    let again = prepare(&opts)
        .expect("build")
        .publish(&out)
        .unwrap_or_else(|f| panic!("build failed: {f:?}"));
    println!(
        "no-change rebuild: {:.1} ms, {} files written, {} unchanged",
        t.elapsed().as_secs_f64() * 1e3,
        again.report.written,
        again.report.unchanged
    );
    println!("peak RSS so far: {:.0} MB", peak_rss_mb());
}

/// A fresh output folder each run; earlier runs' folders are removed once they are ten
/// minutes old, and then the measurement waits a minute: for 60 s after files are deleted
/// (longer while the deletion is not yet on disk), ext4 without a journal, as on this
/// machine, skips the freed inodes one by one when it makes new files, and a 10,000-article
/// build then spends several times longer in the kernel. That is not what a user's build
/// meets, and it made runs right after a cleanup look slow.
fn remove_stale_outputs(root: &Path) {
    let mut removed = 0;
    for old in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let stale = old
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() > 600));
        if old.file_name().to_string_lossy().starts_with("public") && stale {
            let _ = std::fs::remove_dir_all(old.path());
            removed += 1;
        }
    }
    if removed > 0 {
        println!("removed {removed} earlier output folder(s); waiting 61 s before measuring");
        let _ = std::process::Command::new("sync").status();
        std::thread::sleep(std::time::Duration::from_secs(61));
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1000, 10000]
    } else {
        sizes
    };
    let html = std::env::args().any(|a| a == "--html");
    for n in sizes {
        run(n, html);
    }
}
