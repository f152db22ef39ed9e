//! Issue 18: a build never writes outside the output folder (not through a link planted in
//! it), never publishes files from outside the site, and survives a kill and a second build.

mod common;
use common::*;
use std::path::Path;

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Runs gazette with `args` and returns (exit code, stdout + stderr).
fn run(args: &[&str]) -> (i32, String) {
    let out = gazette(args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn build_code(root: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["build", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

fn small_site(root: &Path) {
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

/// A file outside the site that an attack tries to overwrite.
fn victim(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, "precious").unwrap();
    path
}

#[test]
fn links_planted_at_the_builds_temporary_names_are_never_written_through() {
    let (_dir, root) = temp_site();
    small_site(&root);
    let elsewhere = tempfile::tempdir().unwrap();
    let out = root.join("public");
    build(&root, &[]);
    // The names a rebuild writes its new manifest and changed pages to.
    let manifest_victim = victim(elsewhere.path(), "manifest-victim.txt");
    let page_victim = victim(elsewhere.path(), "page-victim.txt");
    std::os::unix::fs::symlink(&manifest_victim, out.join("..gazette-manifest.gazette-tmp"))
        .unwrap();
    std::os::unix::fs::symlink(&page_victim, out.join(".index.html.gazette-tmp")).unwrap();
    // A new article: the manifest and the home page change.
    write(
        &root,
        "seeds/three.txt",
        "Third headline\n\nThe third article.\n",
    );
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 0, "{log}");
    assert_eq!(
        std::fs::read_to_string(&manifest_victim).unwrap(),
        "precious"
    );
    assert_eq!(std::fs::read_to_string(&page_victim).unwrap(), "precious");
    assert!(page(&out, "").contains("Third headline"));
    assert!(
        std::fs::read_to_string(out.join(".gazette-manifest"))
            .unwrap()
            .lines()
            .any(|l| l == "articles/third-headline/index.html")
    );
    let leftovers: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".gazette-tmp"))
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_link_where_a_page_goes_is_refused_by_name_and_its_target_untouched() {
    let (_dir, root) = temp_site();
    small_site(&root);
    let elsewhere = tempfile::tempdir().unwrap();
    let out = root.join("public");
    build(&root, &[]);
    let target = victim(elsewhere.path(), "robots.txt");
    std::fs::remove_file(out.join("robots.txt")).unwrap();
    std::os::unix::fs::symlink(&target, out.join("robots.txt")).unwrap();
    write(
        &root,
        "gazette.toml",
        "base_url = \"https://example.org/\"\n",
    );
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("robots.txt is a symbolic link"), "{log}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
}

#[test]
fn temporary_files_of_a_killed_build_are_removed_by_the_next() {
    let (_dir, root) = temp_site();
    small_site(&root);
    let out = root.join("public");
    build(&root, &[]);
    // What a build killed while staging leaves behind.
    write(&out, "static/.extra.css.gazette-tmp", "half");
    write(
        &out,
        "articles/first-headline/.index.html.gazette-tmp",
        "half",
    );
    build(&root, &[]);
    assert!(!out.join("static/.extra.css.gazette-tmp").exists());
    assert!(
        !out.join("articles/first-headline/.index.html.gazette-tmp")
            .exists()
    );
    assert!(out.join("static/extra.css").is_file());
}

#[test]
fn top_level_inputs_linked_out_of_the_site_are_refused_unless_asked() {
    let elsewhere = tempfile::tempdir().unwrap();
    let secrets = elsewhere.path().join("etc");
    write(
        &secrets,
        "passwd.txt",
        "Account list\n\nroot SECRET-PASSWD line.\n",
    );
    write(&secrets, "static/id_rsa", "SECRET-KEY");
    write(&secrets, "gazette.toml", "title = \"SECRET-TITLE\"\n");
    write(
        &secrets,
        "articles/a.md",
        "+++\ntitle = \"Linked\"\n+++\nSECRET-CONTENT.\n",
    );
    for (name, target) in [
        ("seeds", secrets.clone()),
        ("templates", secrets.clone()),
        ("content", secrets.clone()),
        ("gazette.toml", secrets.join("gazette.toml")),
    ] {
        let (_dir, root) = temp_site();
        small_site(&root);
        let _ = std::fs::remove_dir_all(root.join(name));
        std::os::unix::fs::symlink(&target, root.join(name)).unwrap();
        let (code, log) = build_code(&root, &[]);
        assert_eq!(code, 1, "{name}: {log}");
        assert!(
            log.contains(&format!("{name} is a symbolic link to "))
                && log.contains("outside the site folder")
                && log.contains("--follow-links"),
            "{name}: {log}"
        );
        assert!(!root.join("public").exists(), "{name}: nothing published");
        let (code, log) = run(&["check", "--root", root.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}: {log}");
        // Asked for, the link is followed.
        let (code, log) = build_code(&root, &["--follow-links"]);
        assert_eq!(code, 0, "{name}: {log}");
        let published = site_files(&root.join("public"))
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("SECRET"));
        assert!(published, "{name}: followed when asked");
    }
    // A link that stays inside the site folder is followed as before.
    let (_dir, root) = temp_site();
    small_site(&root);
    std::fs::rename(root.join("seeds"), root.join("archive")).unwrap();
    std::os::unix::fs::symlink("archive", root.join("seeds")).unwrap();
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 0, "{log}");
    assert!(page(&root.join("public"), "").contains("First headline"));
}

/// Runs gazette with `args`, failing the test if it does not end within 30 s (a read that
/// hangs on a FIFO).
fn run_bounded(args: &[&str]) -> (i32, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(30) {
            let _ = child.kill();
            panic!("gazette {args:?} hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

#[test]
fn fifos_and_devices_are_refused_by_name_never_read() {
    let (_dir, root) = temp_site();
    small_site(&root);
    let r = root.to_str().unwrap();
    // A config that is a FIFO, or a link to an endless device.
    mkfifo(&root.join("gazette.toml"));
    let (code, log) = run_bounded(&["build", "--root", r]);
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("gazette.toml: not a regular file (it is a FIFO)"),
        "{log}"
    );
    std::fs::remove_file(root.join("gazette.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", root.join("gazette.toml")).unwrap();
    let (code, log) = run_bounded(&["build", "--root", r, "--follow-links"]);
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("gazette.toml: not a regular file (it is a device)"),
        "{log}"
    );
    std::fs::remove_file(root.join("gazette.toml")).unwrap();
    // A FIFO among the articles and as a sidecar: named, skipped, the rest builds.
    mkfifo(&root.join("seeds/pipe.txt"));
    mkfifo(&root.join("seeds/one.toml"));
    let (code, log) = run_bounded(&["build", "--root", r]);
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains("error: seeds/pipe.txt: not a regular file (it is a FIFO); skipped"),
        "{log}"
    );
    assert!(
        log.contains("error: seeds/one.toml: not a regular file"),
        "{log}"
    );
    assert!(page(&root.join("public"), "").contains("First headline"));
    // inspect on a FIFO or a device.
    for file in [root.join("seeds/pipe.txt"), "/dev/zero".into()] {
        let (code, log) = run_bounded(&["inspect", file.to_str().unwrap()]);
        assert_eq!(code, 1, "{log}");
        assert!(log.contains("not a regular file"), "{log}");
    }
}

#[test]
fn control_characters_in_file_names_and_messages_are_escaped_on_the_terminal() {
    let (_dir, root) = temp_site();
    small_site(&root);
    // Empty, so it is reported by name; the name retitles and clears a terminal.
    write(&root, "seeds/evil\x1b]0;pwned\x07\x1b[2J.txt", "");
    let out = gazette(&["build", "--root", root.to_str().unwrap()]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.stderr.iter().any(|&b| b == 0x1b || b == 0x07),
        "{stderr:?}"
    );
    assert!(
        stderr.contains("seeds/evil\\u{1b}]0;pwned\\u{7}\\u{1b}[2J.txt: empty file"),
        "{stderr}"
    );
}

#[test]
fn an_asset_may_have_any_name_the_file_system_allows() {
    let (_dir, root) = temp_site();
    small_site(&root);
    write(&root, "templates/static/a:b.css", "p {}\n");
    write(&root, "templates/static/back\\slash.css", "q {}\n");
    build(&root, &[]);
    let out = root.join("public");
    assert_eq!(
        std::fs::read_to_string(out.join("static/a:b.css")).unwrap(),
        "p {}\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("static/back\\slash.css")).unwrap(),
        "q {}\n"
    );
    // And a rebuild keeps and then removes them like any other file of Gazette's.
    build(&root, &[]);
    std::fs::remove_file(root.join("templates/static/a:b.css")).unwrap();
    build(&root, &[]);
    assert!(!out.join("static/a:b.css").exists());
}
