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
