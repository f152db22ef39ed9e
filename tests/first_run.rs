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
