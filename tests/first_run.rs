//! What a new user meets in their first hour: the messages of `build` on a first site, and
//! the small things every page shows (favicon, previews, topic pages).

mod common;
use common::*;

/// Each topic page lists at least `min_articles` articles (unless a person defined or tagged
/// the topic), also when the per-article cap took the topic off some of its articles.
#[test]
fn every_topic_page_meets_min_articles_after_the_per_article_cap() {
    let cap_line = regex::Regex::new(r"max_per_article = \d+").unwrap();
    for cap in [8, 3] {
        let (_dir, root) = temp_site();
        copy_example_site(&root);
        let config = std::fs::read_to_string(root.join("gazette.toml")).unwrap();
        let config = cap_line.replace(&config, format!("max_per_article = {cap}"));
        std::fs::write(root.join("gazette.toml"), config.as_ref()).unwrap();
        build(&root, &[]);
        let out = root.join("public");
        let defined: Vec<String> = std::fs::read_dir(root.join("content/topics"))
            .unwrap()
            .map(|e| {
                let name = e.unwrap().file_name().to_string_lossy().to_string();
                name.trim_end_matches(".md").to_string()
            })
            .collect();
        let topics = read_json(&out, "data/topics.json");
        let topics = topics.as_array().unwrap();
        assert!(topics.len() >= 3, "cap {cap}: {topics:#?}");
        for t in topics {
            let n = t["articles"].as_array().unwrap().len();
            let slug = t["slug"].as_str().unwrap();
            assert!(
                n >= 2 || defined.iter().any(|d| d == slug),
                "cap {cap}: topic {slug} has {n} article(s) although min_articles = 2"
            );
        }
        for a in read_json(&out, "data/articles.json").as_array().unwrap() {
            assert!(a["topics"].as_array().unwrap().len() <= cap, "cap {cap}");
        }
    }
}

/// A Markdown article's preview (in lists, feeds and the page description) is its first
/// paragraph on one line: no heading text, no line breaks from the source.
#[test]
fn markdown_previews_leave_out_headings_and_line_breaks() {
    let (_dir, root) = temp_site();
    std::fs::create_dir_all(root.join("content/articles")).unwrap();
    std::fs::write(
        root.join("content/articles/harbour.md"),
        "+++\ntitle = \"Harbour reopens after storm\"\ndate = 2024-03-02\n+++\n\n\
         ## Background\n\nThe harbour reopened on Monday\nafter a week of repairs,\n\
         officials said.\n\n## What comes next\n\nShips return next week.\n",
    )
    .unwrap();
    build(&root, &["--base-url", "https://news.example.org/"]);
    let out = root.join("public");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let article = page(&out, "articles/harbour-reopens-after-storm");
    let preview = "The harbour reopened on Monday after a week of repairs, officials said.";
    for (name, text) in [("home", &home), ("feed", &feed), ("article", &article)] {
        assert!(
            text.contains(preview),
            "{name} lacks the one-line lede:\n{text}"
        );
        assert!(!text.contains("Background The harbour"), "{name}");
        assert!(!text.contains("Background\n"), "{name}");
    }
}

/// Every page names an icon that the build writes, so browsers do not ask for a missing
/// /favicon.ico; under a subpath base_url too.
#[test]
fn every_page_links_a_favicon_that_is_written() {
    let (_dir, root) = temp_site();
    copy_example_site(&root);
    build(&root, &["--base-url", "https://example.org/archive/"]);
    let out = root.join("public");
    let icon = std::fs::read_to_string(out.join("static/favicon.svg")).unwrap();
    assert!(icon.starts_with("<svg"), "{icon}");
    let pages: Vec<_> = site_files(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .collect();
    assert!(pages.len() > 10);
    for (path, bytes) in pages {
        let html = String::from_utf8(bytes).unwrap();
        assert!(
            html.contains(
                r#"<link rel="icon" href="/archive/static/favicon.svg" type="image/svg+xml">"#
            ),
            "{path} has no icon link"
        );
    }
}

fn output_text(out: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `gazette inspect FILE | head`: the reader closing the pipe early ends Gazette quietly.
#[test]
fn inspect_into_a_closed_pipe_exits_quietly() {
    use std::io::Read;
    let (_dir, root) = temp_site();
    // A record far larger than a pipe's buffer, so Gazette is still writing when the
    // reader goes away.
    let mut text = String::from("Harbour board approves a new ferry timetable\n\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "Paragraph {i} of the report on the ferry timetable, as the board set it out.\n\n"
        ));
    }
    let file = root.join("long.txt");
    std::fs::write(&file, text).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["inspect", file.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    assert!(first.starts_with(b"{"));
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let (_, err) = output_text(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

/// The summary line counts in words a reader would write: "1 article", "2 people".
#[test]
fn build_summary_uses_singular_for_one() {
    let (_dir, root) = temp_site();
    std::fs::create_dir_all(root.join("seeds")).unwrap();
    std::fs::write(
        root.join("seeds/one.txt"),
        "A headline here\n\nThe first paragraph of the story.\n",
    )
    .unwrap();
    let log = build(&root, &["--base-url", "https://news.example.org/"]);
    assert!(
        log.contains("built 1 article, 0 people, 0 topics:"),
        "{log}"
    );
    assert!(!log.contains("1 articles"), "{log}");
    let out = gazette(&["check", "--root", root.to_str().unwrap()]);
    let (stdout, _) = output_text(&out);
    assert!(stdout.contains("checked 1 article,"), "{stdout}");
    assert!(
        stdout.contains("0 broken links, 0 duplicate slugs"),
        "{stdout}"
    );
}

/// A `base_url` without a scheme and host makes feeds, the sitemap and robots.txt name
/// pages by path only: `build` says so once, and what to set.
#[test]
fn build_warns_once_when_base_url_is_not_an_address() {
    let (_dir, root) = temp_site();
    std::fs::create_dir_all(root.join("seeds")).unwrap();
    std::fs::write(
        root.join("seeds/one.txt"),
        "A headline here\n\nThe first paragraph of the story.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("gazette.toml"),
        "title = \"T\"\nbase_url = \"/\"\n",
    )
    .unwrap();
    let log = build(&root, &[]);
    assert_eq!(
        log.matches("base_url").count(),
        2,
        "once, naming the setting and the option: {log}"
    );
    assert!(
        log.contains("warning: gazette.toml: base_url \"/\""),
        "{log}"
    );
    assert!(log.contains("--base-url"), "{log}");
    assert!(
        log.contains("base_url = \"https://"),
        "says what to set: {log}"
    );
    // With the site's address there is nothing to say.
    let log = build(&root, &["--base-url", "https://news.example.org/"]);
    assert!(!log.contains("base_url"), "{log}");
    let robots = std::fs::read_to_string(root.join("public/robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://news.example.org/sitemap.xml"));
}

/// `gazette watch` keeps a folder up to date for another server, so it warns about a
/// `base_url` that is not an address just as `build` does, once, at the start.
#[test]
fn watch_warns_when_base_url_is_not_an_address() {
    use std::io::BufRead;
    let (_dir, root) = temp_site();
    std::fs::create_dir_all(root.join("seeds")).unwrap();
    std::fs::write(
        root.join("seeds/one.txt"),
        "A headline here\n\nThe first paragraph of the story.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("gazette.toml"),
        "title = \"T\"\nbase_url = \"/\"\n",
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["watch", "--root", root.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    // Watch runs until stopped: wait for the line a while, not forever.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut warning = None;
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) if line.contains("base_url") => {
                warning = Some(line);
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let warning = warning.expect("no base_url warning from watch");
    assert!(
        warning.starts_with("warning: gazette.toml: base_url \"/\""),
        "{warning}"
    );
}

/// `gazette build` where there is no site (no gazette.toml, seeds/ or content/) says how
/// to make one instead of writing an empty site there.
#[test]
fn build_outside_a_site_folder_says_how_to_make_one() {
    let (_dir, root) = temp_site();
    let out = gazette(&["build", "--root", root.to_str().unwrap()]);
    let (stdout, err) = output_text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{err}");
    assert!(err.contains("seeds/") && err.contains("content/"), "{err}");
    assert!(err.contains("gazette init"), "{err}");
    assert!(!root.join("public").exists(), "nothing written");
    // A site with a config but no articles yet builds, with the same hint.
    std::fs::write(
        root.join("gazette.toml"),
        "title = \"T\"\nbase_url = \"https://a.example/\"\n",
    )
    .unwrap();
    let log = build(&root, &[]);
    assert!(
        log.contains("no articles") && log.contains("seeds/"),
        "{log}"
    );
}

/// `gazette init` makes a folder ready to publish: the Pages workflow and a .gitignore
/// that keeps the output out of git.
#[test]
fn init_writes_the_pages_workflow_and_gitignore() {
    let (_dir, root) = temp_site();
    let site = root.join("my-archive");
    let out = gazette(&["init", site.to_str().unwrap()]);
    let (stdout, err) = output_text(&out);
    assert!(out.status.success(), "{err}");
    let workflow = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    assert!(workflow.contains("actions/deploy-pages@"), "{workflow}");
    assert!(workflow.contains("gazette build --base-url"), "{workflow}");
    // Where Gazette is installed from: Cargo.toml's `repository`, or a placeholder the
    // workflow refuses (and init asks to replace).
    let repository = match env!("CARGO_PKG_REPOSITORY") {
        "" => "https://github.com/OWNER/gazette",
        set => set,
    };
    assert!(
        workflow.contains(&format!("\n  GAZETTE_REPOSITORY: {repository}\n")),
        "{workflow}"
    );
    if repository.contains("/OWNER/") {
        assert!(stdout.contains("set GAZETTE_REPOSITORY"), "{stdout}");
    }
    let gitignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "public/"), "{gitignore}");
    assert!(
        stdout.contains("GitHub Pages"),
        "says how to publish: {stdout}"
    );
}

/// Most editors save by writing a new file and renaming it over the old one: the rebuild
/// line calls that an edit, as it does a write in place, not a new file.
#[test]
fn watch_calls_a_save_by_rename_an_edit() {
    use std::io::BufRead;
    let (_dir, root) = temp_site();
    std::fs::create_dir_all(root.join("seeds")).unwrap();
    let article = root.join("seeds/one.txt");
    std::fs::write(&article, "A headline here\n\nThe first paragraph.\n").unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["watch", "--root", root.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let wait_for = |what: &str| -> Option<String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(line) if line.contains(what) => return Some(line),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
        None
    };
    let started = wait_for("watching");
    let saved = root.join("seeds/.one.txt.tmp");
    std::fs::write(&saved, "A headline here\n\nThe paragraph, edited.\n").unwrap();
    std::fs::rename(&saved, &article).unwrap();
    let line = wait_for("seeds/one.txt");
    let _ = child.kill();
    let _ = child.wait();
    assert!(started.is_some(), "watch did not start");
    let line = line.expect("no rebuild line for the save");
    assert!(line.starts_with("seeds/one.txt edited"), "{line}");
}

/// The README's table of commands offers exactly the options each command's `--help` lists.
#[test]
fn readme_command_table_matches_each_commands_help() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = &readme[readme.find("## Commands").expect("a Commands section")..];
    let option = regex::Regex::new(r"--[a-z][a-z-]*").unwrap();
    let options = |text: &str| -> std::collections::BTreeSet<String> {
        option
            .find_iter(text)
            .map(|m| m.as_str().to_string())
            .filter(|o| o != "--help" && o != "--version")
            .collect()
    };
    for command in ["build", "serve", "watch", "check", "inspect", "init"] {
        let row = table
            .lines()
            .find(|l| l.starts_with(&format!("| `gazette {command}")))
            .unwrap_or_else(|| panic!("no README row for {command}"));
        let usage = row.split('`').nth(1).unwrap();
        let help = gazette(&[command, "--help"]);
        assert!(help.status.success());
        let help = String::from_utf8_lossy(&help.stdout);
        assert_eq!(
            options(usage),
            options(&help),
            "README row of `{command}` against its --help:\n{row}\n{help}"
        );
    }
}
