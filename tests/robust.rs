//! Issue 8: bad input is reported and skipped, never fatal; output is never lost or
//! corrupted; user text never becomes markup or script; builds are reproducible.

mod common;
use common::*;
use std::path::Path;

/// A short raw article whose body sentences are easy to find in the output.
fn article(headline: &str, body: &str) -> String {
    format!("{headline}\n\n{body}\n")
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

/// Text that breaks out of HTML, attributes, script blocks, CDATA, comments and templates
/// when it is not escaped.
const EVIL: &str = "<script>alert('xss')</script></script><img src=x onerror=alert(\"xss\")> \" onmouseover=\"alert(1) ' onfocus='alert(2) ]]> <!-- &amp; & {{ 7*7 }} {% if %} \u{2028}end";

/// Entities decoded, so the text a reader sees can be compared with what was written.
fn unescape(s: &str) -> String {
    let re = regex::Regex::new(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);").unwrap();
    re.replace_all(s, |c: &regex::Captures| {
        let e = &c[1];
        let ch = if let Some(hex) = e.strip_prefix("#x").or_else(|| e.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = e.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match e {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => None,
            }
        };
        ch.map(String::from).unwrap_or_else(|| c[0].to_string())
    })
    .into_owned()
}

/// Markup (HTML or XML) that text has not broken: no injected element or handler, every
/// `&` starts an entity, every `<` starts a tag, a comment or a declaration.
fn assert_markup_holds(path: &str, text: &str) {
    let lower = text.to_lowercase();
    // Inside a JSON-LD block quotes are JSON's own: that block is checked below, as JSON
    // with no way out of its script element.
    let ld_block =
        regex::Regex::new(r#"(?is)<script type="application/ld\+json"[^>]*>.*?</script"#).unwrap();
    let outside_ld = ld_block.replace_all(&lower, "");
    for bad in [
        "<script>alert",
        "<img src=x",
        "onmouseover=\"alert",
        "onfocus='alert",
        "<!-- &",
    ] {
        assert!(!outside_ld.contains(bad), "{path}: unescaped {bad:?}");
    }
    let amp = regex::Regex::new(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);").unwrap();
    for (i, _) in text.match_indices('&') {
        assert!(
            amp.find_at(text, i).is_some_and(|m| m.start() == i),
            "{path}: bare & at {i}: {:?}",
            &text[i.saturating_sub(40)..(i + 40).min(text.len())]
        );
    }
    let lt = regex::Regex::new(r"^<(/?[a-zA-Z]|!--|!DOCTYPE|\?xml)").unwrap();
    for (i, _) in text.match_indices('<') {
        let rest = &text[i..];
        if lower[i..].starts_with("<script") {
            continue;
        }
        assert!(
            lt.is_match(rest),
            "{path}: stray < at {i}: {:?}",
            &rest[..40.min(rest.len())]
        );
    }
    if path.ends_with(".xml") {
        assert!(!text.contains("]]>"), "{path}: ]]> in XML");
    }
    // JSON-LD and other inline data: valid JSON, and no way out of the script element.
    let ld = regex::Regex::new(r#"(?is)<script type="application/ld\+json"[^>]*>(.*?)</script"#)
        .unwrap();
    for c in ld.captures_iter(text) {
        let block = &c[1];
        serde_json::from_str::<serde_json::Value>(block)
            .unwrap_or_else(|e| panic!("{path}: JSON-LD does not parse: {e}\n{block}"));
        assert!(!block.contains("<!--"), "{path}: <!-- in JSON-LD");
    }
    // Every script element is one the theme wrote: external, or JSON data.
    let script = regex::Regex::new(r"(?i)<script([^>]*)>").unwrap();
    for c in script.captures_iter(text) {
        let attrs = &c[1];
        assert!(
            attrs.contains("src=\"") || attrs.contains("application/ld+json"),
            "{path}: inline script <script{attrs}>"
        );
    }
}

fn evil_site(root: &Path, allow_html: bool) {
    let toml_str = |s: &str| serde_json::to_string(s).unwrap(); // a JSON string is a TOML basic string
    write(
        root,
        "gazette.toml",
        format!(
            "title = {t}\ndescription = {t}\nauthor = {t}\n[markdown]\nallow_html = {allow_html}\n",
            t = toml_str(&format!("Site {EVIL}"))
        ),
    );
    write(
        root,
        "seeds/evil.txt",
        format!(
            "Raw {EVIL} headline\n\nBy Reporter {EVIL}\n\nPhoto: {EVIL}\n\nA paragraph about Nguyen Van An with {EVIL} inside it, long enough to be a paragraph.\n\nAnother line: {EVIL}\n"
        ),
    );
    write(
        root,
        "content/articles/evil.md",
        format!(
            "+++\ntitle = {t}\ndescription = {t}\noutlet = {t}\ndate = 2024-02-03\npersons = [{p}, \"O'Brien \\\"Q\\\" & Co\"]\ntopics = [{tp}]\ncontributors = [{{ name = {c}, role = \"translator\" }}]\n+++\n# Heading {EVIL}\n\nBody {EVIL}\n\n<b>bold</b> <script>alert('md')</script>\n\n[link](javascript:alert('md')) ![img](x.png \"{q}\")\n",
            t = toml_str(&format!("Md {EVIL}")),
            p = toml_str(&format!("Person {EVIL}")),
            tp = toml_str(&format!("Topic {EVIL}")),
            c = toml_str(&format!("Translator {EVIL}")),
            q = "t\\\" onload=\\\"alert(3)",
        ),
    );
    write(
        root,
        "content/people/person.md",
        format!(
            "+++\nname = {n}\naliases = [{n}]\n+++\nBio {EVIL}\n",
            n = toml_str(&format!("Person {EVIL}"))
        ),
    );
    write(
        root,
        "content/topics/topic.md",
        format!(
            "+++\nname = {n}\naliases = [{n}]\n+++\nAbout {EVIL}\n",
            n = toml_str(&format!("Topic {EVIL}"))
        ),
    );
    write(
        root,
        "content/about.md",
        format!("+++\ntitle = {t}\n+++\nAbout {EVIL}\n", t = toml_str(EVIL)),
    );
}

#[test]
fn no_user_text_becomes_markup_or_script_in_any_output_file() {
    for allow_html in [false, true] {
        let (_dir, root) = temp_site();
        evil_site(&root, allow_html);
        build(&root, &[]);
        let out = root.join("public");
        let files = site_files(&out);
        let md_html = files
            .iter()
            .find(|(p, b)| {
                p.starts_with("articles/") && String::from_utf8_lossy(b).contains("Body ")
            })
            .map(|(_, b)| String::from_utf8_lossy(b).to_string())
            .expect("the Markdown article's page");
        if allow_html {
            // The site opted in: the Markdown's own HTML passes, nothing else changes.
            assert!(md_html.contains("<b>bold</b>"));
            assert!(md_html.contains("<script>alert("), "{md_html}");
            // Raw text never goes through as HTML, whatever the config says.
            let data = read_json(&out, "data/articles.json");
            let raw = data
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["source"] == "seeds/evil.txt")
                .unwrap();
            let path = raw["path"].as_str().unwrap();
            assert_markup_holds(path, &page(&out, path));
            continue;
        }
        assert!(
            md_html.contains("&lt;b&gt;bold&lt;/b&gt;"),
            "raw HTML escaped"
        );
        assert!(!md_html.contains("javascript:"), "script link neutralised");
        let mut checked = 0;
        for (path, bytes) in &files {
            let text = String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{path}"));
            if path.ends_with(".html") || path.ends_with(".xml") {
                assert_markup_holds(path, &text);
                checked += 1;
            } else if path.ends_with(".js") && !path.starts_with("static/") {
                // Generated script (a search index, say) must not close a script element.
                assert!(!text.to_lowercase().contains("</script"), "{path}");
                checked += 1;
            } else if path.ends_with(".json") {
                serde_json::from_str::<serde_json::Value>(&text)
                    .unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
                checked += 1;
            }
        }
        assert!(checked >= 10, "only {checked} files checked");
        // The text is all still there, only escaped: what a reader sees is what was written.
        let data = read_json(&out, "data/articles.json");
        let titles: Vec<&str> = data
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap())
            .collect();
        assert!(
            titles.contains(&format!("Md {EVIL}").as_str()),
            "{titles:?}"
        );
        let atom = unescape(&String::from_utf8_lossy(&files["atom.xml"]));
        assert!(atom.contains(&format!("Md {EVIL}")), "title in the feed");
        assert!(
            unescape(&md_html).contains(&format!("Md {EVIL}")),
            "title on the page"
        );
        let people = read_json(&out, "data/people.json");
        assert!(
            people.to_string().contains("O'Brien \\\"Q\\\" & Co"),
            "{people}"
        );
    }
}

/// A deterministic article body of about `bytes` bytes: distinct paragraphs of plain
/// sentences naming a few people.
fn long_body(bytes: usize) -> String {
    let words = [
        "the",
        "minister",
        "said",
        "that",
        "trade",
        "between",
        "both",
        "countries",
        "grew",
        "quickly",
        "during",
        "recent",
        "years",
        "while",
        "officials",
        "planned",
        "new",
        "cooperation",
        "on",
        "education",
        "culture",
        "energy",
        "and",
        "defence",
    ];
    let names = ["Nguyen Van An", "Tran Thi Binh", "Le Van Cuong"];
    let mut seed: u64 = 7;
    let mut out = String::with_capacity(bytes + 200);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&format!("{} said in paragraph {i} that", names[i % 3]));
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        for _ in 0..(14 + (seed >> 60) as usize) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            out.push(' ');
            out.push_str(words[(seed >> 33) as usize % words.len()]);
        }
        out.push_str(".\n\n");
        i += 1;
    }
    out
}

/// A 10 MB article is read, rendered and written (in linear time: the stage timings are
/// printed with `--nocapture`; no timing is asserted).
#[test]
fn a_10_mb_article_builds() {
    let (_dir, root) = temp_site();
    let body = long_body(10 * 1024 * 1024);
    write(
        &root,
        "seeds/big.txt",
        format!("A very long article about trade\n\n{body}"),
    );
    let start = std::time::Instant::now();
    let built = gazette::build::build(&gazette::build::BuildOptions {
        root: root.clone(),
        ..Default::default()
    })
    .unwrap_or_else(|f| panic!("{}", f.error));
    let out = root.join("public");
    gazette::write::write(&out, &built.files).unwrap();
    eprintln!(
        "10 MB article: {:?} in all; {:?}",
        start.elapsed(),
        built.timings
    );
    assert_eq!(built.graph.articles.len(), 1);
    let html = page(&out, &built.graph.articles[0].path());
    assert!(html.contains("said in paragraph 0 that"));
    let last = body.trim_end().rsplit("\n\n").next().unwrap();
    assert!(html.contains(last), "the last paragraph is on the page");
}

#[test]
fn the_same_inputs_give_byte_identical_output_whatever_the_thread_count() {
    let (_dir, root) = temp_site();
    copy_example_site(&root);
    for i in 0..6 {
        write(
            &root,
            &format!("seeds/same-{i}.txt"),
            article(
                "The same headline",
                &format!("Nguyen Van An and Tran Thi Binh met again, for the {i}th time."),
            ),
        );
    }
    evil_site(&root, false);
    let r = root.to_str().unwrap();
    let outs = tempfile::tempdir().unwrap();
    let mut builds = Vec::new();
    for (name, threads) in [("a", None), ("b", None), ("c", Some("1")), ("d", Some("2"))] {
        let out = outs.path().join(name);
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"));
        cmd.args(["build", "--root", r, "--output", out.to_str().unwrap()]);
        if let Some(n) = threads {
            cmd.env("RAYON_NUM_THREADS", n);
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        builds.push((name, site_files(&out)));
    }
    let (_, first) = &builds[0];
    assert!(first.len() > 30);
    for (name, files) in &builds[1..] {
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            first.keys().collect::<Vec<_>>(),
            "build {name}: other files"
        );
        for (path, bytes) in files {
            assert!(bytes == &first[path], "build {name}: {path} differs");
        }
    }
}

fn slugs_by_source(out: &Path) -> std::collections::BTreeMap<String, String> {
    read_json(out, "data/articles.json")
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["source"].as_str().unwrap().to_string(),
                a["slug"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn articles_with_the_same_title_get_distinct_slugs_stable_whatever_the_file_order() {
    let names = ["b", "a", "d", "c", "e"];
    let make = |order: &[&str]| {
        let (dir, root) = temp_site();
        for n in order {
            let text = article(
                "Officials hold talks on trade and investment ties",
                &format!("Story {n} has its own body."),
            );
            if *n == "e" {
                write(
                    &root,
                    "content/articles/e.md",
                    format!(
                        "+++\ntitle = \"Officials hold talks on trade and investment ties\"\n+++\n{text}"
                    ),
                );
            } else {
                write(&root, &format!("seeds/{n}.txt"), text);
            }
        }
        build(&root, &[]);
        (dir, root)
    };
    let (_d1, r1) = make(&names);
    let mut reversed = names;
    reversed.reverse();
    let (_d2, r2) = make(&reversed);
    let first = slugs_by_source(&r1.join("public"));
    assert_eq!(first.len(), 5);
    let distinct: std::collections::BTreeSet<&String> = first.values().collect();
    assert_eq!(distinct.len(), 5, "{first:?}");
    assert!(
        first
            .values()
            .all(|s| s.starts_with("officials-hold-talks-on-trade-and-investment-ties"))
    );
    assert_eq!(slugs_by_source(&r2.join("public")), first);

    // The site folder moved or renamed: same slugs.
    let moved = tempfile::tempdir().unwrap();
    let new_root = moved.path().join("renamed-site");
    std::fs::rename(&r1, &new_root).unwrap();
    build(&new_root, &[]);
    assert_eq!(slugs_by_source(&new_root.join("public")), first);

    // An article renamed without changing its place in the order keeps its slug, and so
    // does every other.
    std::fs::rename(new_root.join("seeds/b.txt"), new_root.join("seeds/b2.txt")).unwrap();
    build(&new_root, &[]);
    let after = slugs_by_source(&new_root.join("public"));
    assert_eq!(after["seeds/b2.txt"], first["seeds/b.txt"]);
    for (src, slug) in &first {
        if src != "seeds/b.txt" {
            assert_eq!(&after[src], slug, "{src}");
        }
    }
}

#[test]
fn template_errors_name_the_template_line_and_message_and_missing_ones_fall_back() {
    let (_dir, root) = temp_site();
    small_site(&root);
    // Only page.html is the site's own; every other template is the built-in one.
    write(
        &root,
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<div class=\"mine\">{{ content_html | safe }}</div>{% endblock content %}",
    );
    write(
        &root,
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nAbout us.\n",
    );
    build(&root, &[]);
    let out = root.join("public");
    assert!(page(&out, "about/").contains("<div class=\"mine\">"));
    assert!(
        page(&out, "about/").contains("class=\"skip\""),
        "built-in base.html"
    );
    assert!(
        std::fs::read_to_string(out.join("404.html"))
            .unwrap()
            .contains("class=\"skip\"")
    );

    // A syntax error: name, line and what is wrong.
    write(
        &root,
        "templates/person.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ person.name }</h1>\n{% endblock content %}\n",
    );
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("templates/person.html:3"), "{log}");
    let (code, log) = check_code(&root);
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("templates/person.html:3"), "{log}");
    std::fs::remove_file(root.join("templates/person.html")).unwrap();

    // An error while rendering: the page being made, the template and its line.
    write(
        &root,
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n\n{{ missing_variable.field }}\n{% endblock content %}\n",
    );
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("rendering about/index.html with templates/page.html"),
        "{log}"
    );
    assert!(log.contains("page.html:4"), "{log}");
}

#[test]
fn a_page_whose_place_is_taken_is_reported_not_silently_overwritten() {
    let (_dir, root) = temp_site();
    small_site(&root);
    write(
        &root,
        "content/people.md",
        "+++\ntitle = \"My people\"\n+++\nMine.\n",
    );
    write(
        &root,
        "content/search.md",
        "+++\ntitle = \"My search\"\n+++\nMine.\n",
    );
    write(
        &root,
        "content/about.md",
        "+++\ntitle = \"About one\"\n+++\nOne.\n",
    );
    write(
        &root,
        "content/about/index.md",
        "+++\ntitle = \"About two\"\n+++\nTwo.\n",
    );
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 0, "{log}");
    for f in [
        "content/people.md",
        "content/search.md",
        "content/about/index.md",
    ] {
        assert!(
            log.contains(&format!("error: {f}: its page")),
            "{f} not reported:\n{log}"
        );
    }
    let out = root.join("public");
    assert!(!page(&out, "people/").contains("My people"));
    assert!(!page(&out, "search/").contains("My search"));
    assert!(page(&out, "about/").contains("About one"));
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_the_site_folder_are_reported_and_not_followed() {
    let (_dir, root) = temp_site();
    small_site(&root);
    let secret = tempfile::tempdir().unwrap();
    write(
        secret.path(),
        "id_rsa.txt",
        "SECRET KEY\n\nPRIVATE KEY MATERIAL here.\n",
    );
    std::os::unix::fs::symlink(secret.path().join("id_rsa.txt"), root.join("seeds/key.txt"))
        .unwrap();
    std::os::unix::fs::symlink(secret.path(), root.join("content/linked")).unwrap();
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains("warning: seeds/key.txt: a symbolic link; not followed"),
        "{log}"
    );
    assert!(
        log.contains("warning: content/linked: a symbolic link"),
        "{log}"
    );
    for (path, bytes) in site_files(&root.join("public")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET KEY"),
            "{path} publishes the linked file"
        );
    }
}

#[test]
fn a_build_never_overwrites_a_file_gazette_did_not_write() {
    let (_dir, root) = temp_site();
    small_site(&root);
    // Someone's folder, chosen as the output by mistake: their index.html is not Gazette's.
    let theirs = tempfile::tempdir().unwrap();
    write(theirs.path(), "index.html", "<p>my own home page</p>");
    write(theirs.path(), "robots.txt", "User-agent: *\nDisallow: /\n");
    let before = site_files(theirs.path());
    let (code, log) = build_code(&root, &["--output", theirs.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains(
            "2 file(s) that Gazette did not write would be overwritten (index.html, robots.txt)"
        ),
        "{log}"
    );
    assert_eq!(site_files(theirs.path()), before, "nothing written");
    // Once they are moved away, the build goes through; later builds replace its own files.
    std::fs::remove_file(theirs.path().join("index.html")).unwrap();
    std::fs::remove_file(theirs.path().join("robots.txt")).unwrap();
    let (code, log) = build_code(&root, &["--output", theirs.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{log}");
    write(
        &root,
        "seeds/one.txt",
        article("First headline", "A new body."),
    );
    let (code, log) = build_code(&root, &["--output", theirs.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{log}");
    // A page that newly lands where the user keeps a file of their own is refused too.
    write(theirs.path(), "about/index.html", "mine");
    write(
        &root,
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nAbout.\n",
    );
    let (code, log) = build_code(&root, &["--output", theirs.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("(about/index.html)"), "{log}");
    assert_eq!(
        std::fs::read_to_string(theirs.path().join("about/index.html")).unwrap(),
        "mine"
    );
}

#[test]
fn a_malformed_config_fails_the_build_naming_line_and_column() {
    let (_dir, root) = temp_site();
    small_site(&root);
    write(&root, "gazette.toml", "title = \"T\"\ntitel = \"typo\"\n");
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("gazette.toml:2:1: unknown field `titel`"),
        "{log}"
    );
    write(&root, "gazette.toml", "title = \"T\n");
    let (code, log) = build_code(&root, &[]);
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("gazette.toml:1:"), "{log}");
    assert!(!root.join("public").exists(), "nothing written");
}

#[test]
fn a_slug_asked_for_twice_goes_to_the_first_source_and_the_other_is_told() {
    let (_dir, root) = temp_site();
    write(&root, "seeds/a.txt", article("Alpha", "The alpha body."));
    write(&root, "seeds/a.toml", "slug = \"wanted\"\n");
    write(&root, "seeds/b.txt", article("Beta", "The beta body."));
    write(&root, "seeds/b.toml", "slug = \"wanted\"\n");
    let log = build(&root, &[]);
    let slugs = slugs_by_source(&root.join("public"));
    assert_eq!(slugs["seeds/a.txt"], "wanted");
    assert_ne!(slugs["seeds/b.txt"], "wanted");
    assert!(
        log.contains("warning: seeds/b.txt: slug `wanted` is taken by another article"),
        "{log}"
    );
}
