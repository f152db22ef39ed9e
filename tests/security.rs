//! Issue 18: a build never writes outside the output folder (not through a link planted in
//! it), never publishes files from outside the site, and survives a kill and a second build.

mod common;
use common::*;
use std::path::Path;

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

/// A site of `n` raw articles; `variant` changes every body, and odd variants drop every
/// third article and add others, so two variants differ in many pages, lists and feeds.
fn generated_site(root: &Path, n: usize, variant: usize) {
    for i in 0..n {
        if variant % 2 == 1 && i % 3 == 0 {
            continue;
        }
        write(
            root,
            &format!("seeds/{i:03}.txt"),
            format!(
                "Council debates budget plan number {i}\n\nMarch {}, 2024\n\nMayor Alice Brennan said on Monday that plan {i} (version {variant}) would be put to a vote. \"We will decide this week,\" Brennan said.\n\nCouncillor Omar Haddad disagreed with plan {i}.\n",
                1 + i % 28
            ),
        );
    }
    if variant % 2 == 1 {
        for i in n..n + n / 4 {
            write(
                root,
                &format!("seeds/{i:03}.txt"),
                format!(
                    "Harbour works begin at pier {i}\n\nWork on pier {i} began, Haddad said.\n"
                ),
            );
        }
    }
}

/// Every file under `out` but the lock file a killed process leaves behind (empty, and
/// taken over by the next build).
fn snapshot(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = site_files(out);
    files.remove(".gazette-lock");
    files
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let sites = [dir.path().join("a"), dir.path().join("b")];
    generated_site(&sites[0], 24, 0);
    generated_site(&sites[1], 24, 1);
    let build_into = |site: &Path, out: &Path| {
        let (code, log) = build_code(site, &["--output", out.to_str().unwrap()]);
        assert_eq!(code, 0, "{log}");
    };
    // Each site built on its own: what the output must be, whole.
    let reference: Vec<_> = sites
        .iter()
        .enumerate()
        .map(|(i, site)| {
            let out = dir.path().join(format!("reference-{i}"));
            build_into(site, &out);
            snapshot(&out)
        })
        .collect();
    assert_ne!(reference[0], reference[1]);
    let out = dir.path().join("out").join("public");
    build_into(&sites[0], &out);
    let start = std::time::Instant::now();
    build_into(&sites[1], &out);
    let full = start.elapsed();
    build_into(&sites[0], &out);
    let mut on_disk = 0;

    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("seed {seed}, a full build takes {full:?}");
    let mut outcomes = [0usize; 2];
    for round in 0..50 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // A moment anywhere in the build, from its start to a little after its end.
        let delay = full.mul_f64((seed % 1200) as f64 / 1000.0);
        let target = 1 - on_disk;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["build", "--root", sites[target].to_str().unwrap()])
            .args(["--output", out.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();
        let now = snapshot(&out);
        on_disk = reference
            .iter()
            .position(|r| *r == now)
            .unwrap_or_else(|| {
                let mixed: Vec<_> = now
                    .iter()
                    .filter(|(p, b)| reference[on_disk].get(*p) != Some(*b))
                    .map(|(p, _)| p.clone())
                    .take(5)
                    .collect();
                panic!(
                    "round {round} (killed after {delay:?}): neither site, {} files; first differences from the old: {mixed:?}",
                    now.len()
                )
            });
        outcomes[usize::from(on_disk == target)] += 1;
    }
    eprintln!(
        "{} kills left the old site, {} the new one",
        outcomes[0], outcomes[1]
    );
    // The next build cleans up whatever the killed ones left beside the folder.
    build_into(&sites[0], &out);
    assert_eq!(snapshot(&out), reference[0]);
    let beside: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(beside, ["public"]);
    assert!(!out.join(".gazette-lock").exists());
}

#[test]
fn builds_at_once_on_one_folder_take_turns_and_leave_one_whole_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    generated_site(&site, 12, 1);
    let reference = dir.path().join("reference");
    let (code, log) = build_code(&site, &["--output", reference.to_str().unwrap()]);
    assert_eq!(code, 0, "{log}");
    let out = dir.path().join("public");
    // Started together, waited for together.
    let spawned: Vec<_> = (0..3)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
                .args(["build", "--root", site.to_str().unwrap()])
                .args(["--output", out.to_str().unwrap()])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut ok = 0;
    for child in spawned {
        let done = child.wait_with_output().unwrap();
        let log = String::from_utf8_lossy(&done.stderr).to_string();
        if done.status.success() {
            ok += 1;
        } else {
            assert!(
                log.contains(&format!("another gazette is writing {}", out.display())),
                "{log}"
            );
        }
    }
    assert!(ok >= 1);
    assert_eq!(snapshot(&out), snapshot(&reference));
}

#[test]
fn a_build_is_refused_while_watch_holds_the_output_folder() {
    use gazette::serve::{ServeConfig, start};
    let (_dir, root) = temp_site();
    small_site(&root);
    let running = start(&ServeConfig {
        root: root.clone(),
        output: root.join("public"),
        bind: "127.0.0.1".into(),
        port: 0,
        drafts: false,
        follow_links: false,
        serve: false,
        base_url: None,
        debounce: std::time::Duration::from_millis(50),
        verbose: false,
    })
    .unwrap();
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains(&format!(
            "error: another gazette is writing {} (pid {})",
            root.join("public").display(),
            std::process::id()
        )),
        "{log}"
    );
    running.stop();
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 0, "{log}");
}
