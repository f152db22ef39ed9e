//! Helpers shared by the integration tests: run the binary, read the built site, check links.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn gazette(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .output()
        .expect("run gazette")
}

/// Copies the repository's example site (seeds, content, gazette.toml) into `dir`.
pub fn copy_example_site(dir: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["seeds", "content"] {
        copy_dir(&repo.join(sub), &dir.join(sub));
    }
    std::fs::copy(repo.join("gazette.toml"), dir.join("gazette.toml")).unwrap();
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Builds `root` into `root/public`, asserting success; returns stdout+stderr.
pub fn build(root: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = gazette(&args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "build failed:\n{text}");
    text
}

/// Every file of the built site: path relative to the output folder → bytes.
pub fn site_files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// `href` and `src` values of a page, entities decoded.
pub fn links(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    re.captures_iter(html)
        .map(|c| c[1].replace("&amp;", "&"))
        .collect()
}

/// Checks that every internal link of every page resolves to a file of the site, and that
/// every internal link starts with `base_path`. Returns the problems found.
pub fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let files = site_files(out);
    let paths: HashSet<&String> = files.keys().collect();
    let mut problems = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with('#')
                || link.starts_with("mailto:")
            {
                continue;
            }
            let Some(rel) = link.strip_prefix(base_path) else {
                problems.push(format!("{path}: {link} lacks the base path {base_path}"));
                continue;
            };
            let rel = rel.split('#').next().unwrap().split('?').next().unwrap();
            let target = if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel.to_string()
            };
            if !paths.contains(&target) {
                problems.push(format!("{path}: {link} → {target} does not exist"));
            }
        }
    }
    problems
}

pub fn read_json(out: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join(rel)).unwrap()).unwrap()
}

pub fn page(out: &Path, site_path: &str) -> String {
    std::fs::read_to_string(out.join(site_path).join("index.html")).unwrap()
}

pub fn temp_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    (dir, root)
}

/// Writes `bytes` at `rel` under `root`, making its folders.
pub fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Runs gazette: its exit status, and its output and errors as one text.
pub fn run(args: &[&str]) -> (i32, String) {
    let out = gazette(args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// `gazette build --root ROOT EXTRA...`, which may fail: its exit status and output.
pub fn build_code(root: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["build", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

/// A site of two articles (a raw one and a Markdown one) and a static file.
pub fn small_site(root: &Path) {
    write(
        root,
        "seeds/one.txt",
        "First headline\n\nThe first article has a body.\n",
    );
    write(
        root,
        "content/articles/two.md",
        "+++\ntitle = \"Second headline\"\ndate = 2024-05-06\n+++\nThe second body.\n",
    );
    write(root, "templates/static/extra.css", "body {}\n");
}
