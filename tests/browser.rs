//! `gazette serve` in a real headless Chromium, driven by `tests/browser/e2e.mjs`
//! (playwright-core). Needs `chromium`, `node` and `npm ci` in tests/browser (`.ci/run` does
//! all three). When one is missing the build script (`build.rs`) marks the test ignored, so
//! `cargo test` lists it as ignored with the reason; with `CI` set it is never ignored, and
//! fails naming what is missing.

mod common;
use common::copy_dir;
use gazette::serve::{ServeConfig, start};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The whole browser run may take at most this long.
const LIMIT: Duration = Duration::from_secs(180);

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GAZETTE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Something the test needs is missing: the build script saw it too (the test is then
/// ignored) unless `CI` is set, where it is an error.
fn skip_or_fail(why: &str) {
    panic!("browser test cannot run: {why}");
}

#[test]
#[cfg_attr(
    browser_test_missing,
    ignore = "needs chromium, node and `npm ci` in tests/browser (.ci/run installs them)"
)]
fn live_reload_and_error_overlay_in_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = repo.join("tests/browser");
    let Some(chromium) = chromium() else {
        return skip_or_fail("no chromium (apt-get install chromium, or set GAZETTE_CHROMIUM)");
    };
    if !dir.join("node_modules/playwright-core").is_dir() {
        return skip_or_fail("playwright-core is not installed (run `npm ci` in tests/browser)");
    }
    if Command::new("node").arg("--version").output().is_err() {
        return skip_or_fail("no node");
    }

    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    for sub in ["seeds", "content"] {
        copy_dir(&repo.join(sub), &root.join(sub));
    }
    std::fs::copy(repo.join("gazette.toml"), root.join("gazette.toml")).unwrap();
    let running = start(&ServeConfig {
        root: root.to_path_buf(),
        output: root.join("public"),
        bind: "127.0.0.1".into(),
        port: 0,
        drafts: false,
        follow_links: false,
        serve: true,
        base_url: Some("/".into()),
        debounce: gazette::serve::DEBOUNCE,
        verbose: true,
    })
    .unwrap();

    let seed = "seeds/000_53c24d708ccf69f0.txt";
    let articles: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("public/data/articles.json")).unwrap())
            .unwrap();
    let article = articles
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"] == seed)
        .expect("the seed article is built");
    let path = format!("/{}", article["path"].as_str().unwrap());
    // `localhost`, not the address: the name must work too.
    let url = format!("http://localhost:{}/", running.addrs[0].port());

    let mut child = Command::new("node")
        .arg(dir.join("e2e.mjs"))
        .args([url.as_str(), root.to_str().unwrap(), path.as_str(), seed])
        .arg(&chromium)
        .current_dir(&dir)
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node runs");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    running.stop();
    let status = status.expect("the browser test did not finish in time");
    assert!(status.success(), "the browser test failed: {status}");
}
