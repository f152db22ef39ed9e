//! Issue 8: bad input is reported and skipped, never fatal; output is never lost or
//! corrupted; user text never becomes markup or script; builds are reproducible.

mod common;
use common::*;
use std::path::Path;

/// A short raw article whose body sentences are easy to find in the output.
fn article(headline: &str, body: &str) -> String {
    format!("{headline}\n\n{body}\n")
}

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

fn check_code(root: &Path) -> (i32, String) {
    run(&["check", "--root", root.to_str().unwrap()])
}

/// The sources of the built articles, from the data export.
fn built_sources(out: &Path) -> Vec<String> {
    let data = read_json(out, "data/articles.json");
    let mut v: Vec<String> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["source"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn unreadable_inputs_are_reported_skipped_and_the_rest_builds() {
    let (_dir, root) = temp_site();
    write(
        &root,
        "seeds/good.txt",
        article("A good headline", "The good article has a body."),
    );
    // Windows-1252: “smart quotes”, an é and a euro sign.
    let mut cp1252 =
        b"Caf\xe9 prices rise\r\n\r\nThe \x93caf\xe9\x94 now charges 3 \x80 for a coffee.\r\n"
            .to_vec();
    cp1252.extend_from_slice(b"Owners blame the rent.\r\n");
    write(&root, "seeds/cp1252.txt", &cp1252);
    // Not UTF-8 and not plausibly Windows-1252 (Shift JIS: long runs of high bytes).
    write(
        &root,
        "seeds/sjis.txt",
        b"\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x95\xb6\x8f\xcd\x82\xc5\x82\xb7\x81\x42\n\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x95\xb6\x8f\xcd\x82\xc5\x82\xb7\x81\x42\n",
    );
    // UTF-8 with bad bytes on line 4.
    let mut bad = "Giá vàng tăng\n\nGiá vàng hôm nay tăng mạnh.\n"
        .as_bytes()
        .to_vec();
    bad.extend_from_slice(b"M\xf4t d\xf2ng h\xf4ng\n");
    write(&root, "seeds/broken-utf8.txt", &bad);
    write(
        &root,
        "seeds/binary.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    );
    write(&root, "seeds/utf16.txt", b"\xff\xfeH\0i\0\n\0");
    write(
        &root,
        "seeds/controls.txt",
        [1u8, 2, 3, 4, 5, 6, 7, 8].repeat(50),
    );
    write(&root, "seeds/empty.txt", b"");
    write(&root, "seeds/blank.txt", b"  \n\n\t\n");
    write(&root, "content/articles/empty.md", b"");
    write(
        &root,
        "seeds/bom-crlf.txt",
        b"\xef\xbb\xbfBOM and CRLF headline\r\n\r\nA body with Windows line ends.\r\n",
    );
    // A huge file: sparse, so the test writes nothing; it is skipped before it is read.
    std::fs::File::create(root.join("seeds/huge.txt"))
        .unwrap()
        .set_len(gazette::load::MAX_FILE_BYTES + 1)
        .unwrap();

    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 0, "{log}");
    let out = root.join("public");
    assert_eq!(
        built_sources(&out),
        ["seeds/bom-crlf.txt", "seeds/cp1252.txt", "seeds/good.txt"]
    );
    for expected in [
        "warning: seeds/cp1252.txt:1: not UTF-8; read as Windows-1252",
        "error: seeds/sjis.txt:1: not valid UTF-8 text",
        "error: seeds/broken-utf8.txt:4: not valid UTF-8 text",
        "error: seeds/binary.txt: a binary file (it contains NUL bytes); skipped",
        "error: seeds/utf16.txt: UTF-16 text",
        "error: seeds/controls.txt:1: a binary file (it is full of control characters)",
        "error: seeds/empty.txt: empty file; skipped",
        "error: seeds/blank.txt: empty file; skipped",
        "error: content/articles/empty.md: empty file; skipped",
        "error: seeds/huge.txt: file is 64 MB, over the 64 MB limit; skipped",
    ] {
        assert!(log.contains(expected), "missing {expected:?} in:\n{log}");
    }
    let data = read_json(&out, "data/articles.json");
    let cp = data
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"] == "seeds/cp1252.txt")
        .unwrap();
    assert_eq!(cp["title"], "Café prices rise");
    let html = page(&out, cp["path"].as_str().unwrap());
    assert!(html.contains("The “café” now charges 3 € for a coffee."));
    let bom = data
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"] == "seeds/bom-crlf.txt")
        .unwrap();
    assert_eq!(bom["title"], "BOM and CRLF headline");
    let html = page(&out, bom["path"].as_str().unwrap());
    assert!(!html.contains('\r') && !html.contains('\u{feff}'));

    // The same site fails `check` and `build --strict`, and still writes the good articles.
    let (code, log) = check_code(&root);
    assert_eq!(code, 1, "{log}");
    let (code, log) = build_code(&root, &["--strict"]);
    assert_eq!(code, 1, "{log}");
    assert!(out.join("data/articles.json").is_file());
}

#[test]
fn a_file_of_nothing_but_junk_is_skipped_and_named() {
    let (_dir, root) = temp_site();
    write(
        &root,
        "seeds/good.txt",
        article("A good headline", "The good article has a body."),
    );
    write(&root, "seeds/junk.txt", "\n\u{200b}\n * * * \n\n---\n•••\n");
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 0, "{log}");
    assert_eq!(built_sources(&root.join("public")), ["seeds/good.txt"]);
    assert!(log.contains("seeds/junk.txt"), "{log}");
}

#[test]
fn stray_control_characters_are_replaced_and_feeds_stay_valid_xml() {
    let (_dir, root) = temp_site();
    write(
        &root,
        "seeds/ctl.txt",
        "A headline\u{b} with a tab\u{7}\n\nA body \u{1b}with\u{0c} stray controls.\n",
    );
    write(
        &root,
        "content/articles/ctl.md",
        "+++\ntitle = \"Bell \\u0007 title\"\npersons = [\"Bell\\u0008 Person\"]\n+++\nText &#7; here.\n",
    );
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains("warning: seeds/ctl.txt:1: 4 control character(s) replaced by spaces"),
        "{log}"
    );
    for (path, bytes) in site_files(&root.join("public")) {
        let text = String::from_utf8(bytes).unwrap();
        let bad = text.chars().find(|&c| gazette::load::is_bad_control(c));
        assert!(bad.is_none(), "{path} holds control character {bad:?}");
    }
}

#[test]
fn malformed_front_matter_is_reported_with_line_and_column_and_skipped() {
    let (_dir, root) = temp_site();
    write(
        &root,
        "seeds/good.txt",
        article("A good headline", "The good article has a body."),
    );
    write(
        &root,
        "content/articles/bad.md",
        "+++\ntitle = \"Fine\"\ndate = 2021-13-45\n+++\nBody.\n",
    );
    write(
        &root,
        "content/articles/noeq.md",
        "+++\ntitle \"Missing equals\"\n+++\nBody.\n",
    );
    write(
        &root,
        "content/articles/unclosed.md",
        "\n+++\ntitle = \"Never closed\"\nBody.\n",
    );
    write(
        &root,
        "content/articles/unknown.md",
        "+++\ntitle = \"Unknown key\"\ncolour = \"blue\"\n+++\nBody text.\n",
    );
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains(
            "error: content/articles/noeq.md:2:7: front matter: key with no value, expected `=`"
        ),
        "{log}"
    );
    assert!(
        log.contains(
            "error: content/articles/bad.md:3:8: front matter: invalid date, expected month"
        ),
        "bad date is a TOML error: {log}"
    );
    assert!(
        log.contains(
            "error: content/articles/unclosed.md:2: front matter: opening `+++` has no closing `+++`"
        ),
        "{log}"
    );
    assert!(
        log.contains("warning: content/articles/unknown.md:3: front matter: unknown key `colour`"),
        "{log}"
    );
    assert_eq!(
        built_sources(&root.join("public")),
        ["content/articles/unknown.md", "seeds/good.txt"]
    );
    let (code, _) = check_code(&root);
    assert_eq!(code, 1);
}

#[test]
fn a_sidecar_without_its_article_is_a_warning_and_a_bad_sidecar_is_ignored() {
    let (_dir, root) = temp_site();
    write(
        &root,
        "seeds/good.txt",
        article("A good headline", "The good article has a body."),
    );
    write(&root, "seeds/good.toml", "title = \"Broken\nsidecar\"\n");
    write(&root, "seeds/orphan.toml", "title = \"Nobody\"\n");
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains(
            "warning: seeds/orphan.toml: sidecar has no article: seeds/orphan.txt does not exist"
        ),
        "{log}"
    );
    assert!(
        log.contains("error: seeds/good.toml:2:9: sidecar:"),
        "{log}"
    );
    let data = read_json(&root.join("public"), "data/articles.json");
    assert_eq!(data[0]["title"], "A good headline");
    // Only warnings: check passes them, --strict does not.
    std::fs::remove_file(root.join("seeds/good.toml")).unwrap();
    let (code, log) = build_code(&root, &["--strict"]);
    assert_eq!(code, 1, "{log}");
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 0, "{log}");
}

#[test]
fn strict_passes_a_clean_site_and_check_passes_warnings() {
    let (_dir, root) = temp_site();
    write(&root, "gazette.toml", "title = \"T\"\n");
    write(
        &root,
        "content/articles/one.md",
        "+++\ntitle = \"One\"\ndate = 2024-01-02\n+++\nThe body of one.\n",
    );
    let (code, log) = build_code(&root, &["--strict"]);
    assert_eq!(code, 0, "{log}");
    let (code, log) = check_code(&root);
    assert_eq!(code, 0, "{log}");
    write(
        &root,
        "content/articles/two.md",
        "+++\ntitle = \"Two\"\nfoo = 1\n+++\nThe body of two.\n",
    );
    let (code, log) = check_code(&root);
    assert_eq!(code, 0, "a warning alone does not fail check: {log}");
    let (code, log) = build_code(&root, &["--strict"]);
    assert_eq!(code, 1, "{log}");
}

fn small_site(root: &Path) {
    write(
        root,
        "seeds/one.txt",
        article("First headline", "The first article has a body."),
    );
    write(
        root,
        "content/articles/two.md",
        "+++\ntitle = \"Second headline\"\ndate = 2024-05-06\n+++\nThe second body.\n",
    );
    write(root, "templates/static/extra.css", "body {}\n");
}

#[test]
fn the_output_folder_may_not_be_or_hold_the_site_or_lie_in_an_input_folder() {
    let (_dir, root) = temp_site();
    small_site(&root);
    let before = site_files(&root);
    let r = root.to_str().unwrap();
    let parent = root.parent().unwrap().to_str().unwrap().to_string();
    let name = root.file_name().unwrap().to_str().unwrap().to_string();
    let bad: Vec<String> = vec![
        r.to_string(),
        format!("{r}/."),
        format!("{r}/public/.."),
        parent.clone(),
        format!("{r}/seeds"),
        format!("{r}/seeds/out"),
        format!("{r}/content/public"),
        format!("{r}/templates/static/out"),
        // `..` through folders that do not exist yet.
        format!("{r}/new/../seeds/out"),
        format!("{r}/new/deeper/../../content"),
    ];
    for out in &bad {
        let (code, log) = run(&["build", "--root", r, "--output", out]);
        assert_eq!(code, 2, "--output {out} accepted:\n{log}");
        assert!(log.contains("choose another --output"), "{log}");
    }
    // Relative paths, from the site's parent folder.
    for out in [name.clone(), format!("{name}/seeds/x"), ".".to_string()] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["build", "--root", &name, "--output", &out])
            .current_dir(&parent)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "relative --output {out} accepted");
    }
    #[cfg(unix)]
    {
        let links = tempfile::tempdir().unwrap();
        let l = links.path();
        std::os::unix::fs::symlink(root.join("content"), l.join("to-content")).unwrap();
        std::os::unix::fs::symlink(&root, l.join("to-site")).unwrap();
        // A dangling link into seeds/: the build would create its target.
        std::os::unix::fs::symlink(root.join("seeds/made"), l.join("dangling")).unwrap();
        for out in [
            "to-content",
            "to-content/sub",
            "to-site",
            "dangling",
            "dangling/x",
        ] {
            let out = l.join(out);
            let (code, log) = run(&["build", "--root", r, "--output", out.to_str().unwrap()]);
            assert_eq!(code, 2, "--output {} accepted:\n{log}", out.display());
        }
        // The site reached through a link is the same site.
        let via = l.join("to-site");
        let (code, _) = run(&[
            "build",
            "--root",
            via.to_str().unwrap(),
            "--output",
            &format!("{r}/seeds"),
        ]);
        assert_eq!(code, 2);
    }
    assert_eq!(site_files(&root), before, "the site folder was touched");
    // An output folder beside the sources, or elsewhere, is fine.
    let (code, log) = run(&["build", "--root", r, "--output", &format!("{r}/public")]);
    assert_eq!(code, 0, "{log}");
    let elsewhere = tempfile::tempdir().unwrap();
    let (code, log) = run(&[
        "build",
        "--root",
        r,
        "--output",
        elsewhere.path().join("site").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{log}");
}

#[test]
fn the_users_own_files_in_the_output_folder_survive_rebuilds() {
    let (_dir, root) = temp_site();
    small_site(&root);
    let out = root.join("public");
    std::fs::create_dir_all(out.join("articles")).unwrap();
    write(&out, "googleabc.html", "verification");
    write(&out, "articles/notes.txt", "mine");
    write(&out, "downloads/report.pdf", "%PDF");
    build(&root, &[]);
    let slug_of_one = {
        let data = read_json(&out, "data/articles.json");
        data.as_array()
            .unwrap()
            .iter()
            .find(|a| a["source"] == "seeds/one.txt")
            .unwrap()["path"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(out.join(&slug_of_one).join("index.html").is_file());
    // Remove an article and a static file: their pages go, the user's files stay.
    std::fs::remove_file(root.join("seeds/one.txt")).unwrap();
    std::fs::remove_file(root.join("templates/static/extra.css")).unwrap();
    build(&root, &[]);
    assert!(!out.join(&slug_of_one).exists(), "a stale page was left");
    assert!(!out.join("static/extra.css").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("googleabc.html")).unwrap(),
        "verification"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("articles/notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("downloads/report.pdf")).unwrap(),
        "%PDF"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_exactly_as_it_was() {
    let (_dir, root) = temp_site();
    small_site(&root);
    let out = root.join("public");
    build(&root, &[]);
    let before = site_files(&out);
    // A new article and a changed one, then a template error: nothing may be written.
    write(
        &root,
        "seeds/three.txt",
        article("Third headline", "The third article."),
    );
    write(
        &root,
        "seeds/one.txt",
        article("First headline", "A changed body."),
    );
    write(
        &root,
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ article.title | nosuchfilter }}\n{% endblock content %}\n",
    );
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("templates/article.html"), "{log}");
    assert_eq!(site_files(&out), before, "output changed by a failed build");

    // An I/O error while writing (the user's file stands where a folder must go).
    std::fs::remove_file(root.join("templates/article.html")).unwrap();
    let data = read_json(&out, "data/articles.json");
    assert_eq!(data.as_array().unwrap().len(), 2);
    write(&out, "articles/third-headline", "user file in the way");
    let before = site_files(&out);
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("articles/third-headline"), "{log}");
    assert_eq!(site_files(&out), before, "output changed by a failed write");
    // Once the way is clear the build goes through.
    std::fs::remove_file(out.join("articles/third-headline")).unwrap();
    build(&root, &[]);
    assert!(out.join("articles/third-headline/index.html").is_file());
}
