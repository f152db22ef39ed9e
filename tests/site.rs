//! The example site end to end: it builds, every link resolves (also under a subpath
//! base_url), people and articles link both ways, and a bare seeds/ folder is a site.

mod common;
use common::*;

#[test]
fn example_site_builds_and_every_internal_link_resolves() {
    let (_dir, root) = temp_site();
    copy_example_site(&root);
    let log = build(&root, &[]);
    assert!(log.contains("built 5 articles"), "{log}");
    let out = root.join("public");
    for f in [
        "index.html",
        "404.html",
        ".nojekyll",
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
        "people/index.html",
        "topics/index.html",
        "about/index.html",
        "search/index.html",
        "data/articles.json",
        "data/people.json",
        "data/topics.json",
        "static/style.css",
        "static/highlight.css",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let problems = broken_links(&out, "/");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn subpath_base_url_prefixes_every_link() {
    let (_dir, root) = temp_site();
    copy_example_site(&root);
    build(&root, &["--base-url", "https://example.org/archive/"]);
    let out = root.join("public");
    let problems = broken_links(&out, "/archive/");
    assert!(problems.is_empty(), "{problems:#?}");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"/archive/static/style.css\""));
    let atom = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(atom.contains("https://example.org/archive/"));
}

#[test]
fn data_export_follows_the_contract() {
    let (_dir, root) = temp_site();
    copy_example_site(&root);
    build(&root, &[]);
    let out = root.join("public");
    let articles = read_json(&out, "data/articles.json");
    let articles = articles.as_array().unwrap();
    assert_eq!(articles.len(), 5);
    for a in articles {
        for key in [
            "slug",
            "path",
            "source",
            "title",
            "title_guessed",
            "date",
            "outlet",
            "contributors",
            "persons",
            "topics",
            "words",
        ] {
            assert!(a.get(key).is_some(), "articles.json lacks {key}: {a}");
        }
        let slug = a["slug"].as_str().unwrap();
        assert_eq!(a["path"], format!("articles/{slug}/"));
        assert!(a["source"].as_str().unwrap().starts_with("seeds/"));
        assert!(
            slug.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{slug}"
        );
    }
    for p in read_json(&out, "data/people.json").as_array().unwrap() {
        for key in ["name", "slug", "path", "aliases", "roles", "articles"] {
            assert!(p.get(key).is_some(), "people.json lacks {key}: {p}");
        }
    }
    for t in read_json(&out, "data/topics.json").as_array().unwrap() {
        for key in ["name", "slug", "path", "kind", "aliases", "articles"] {
            assert!(t.get(key).is_some(), "topics.json lacks {key}: {t}");
        }
    }
}

/// People and topics given in front matter make pages linked both ways with the article.
#[test]
fn people_and_topics_link_both_ways() {
    let (_dir, root) = temp_site();
    std::fs::create_dir_all(root.join("content/articles")).unwrap();
    std::fs::write(
        root.join("content/articles/visit.md"),
        "+++\ntitle = \"A state visit\"\ndate = 2024-03-01\npersons = [\"Bùi Thanh Sơn\", \"Penny Wong\"]\ntopics = [\"economic diplomacy\"]\n+++\nThe ministers met in Hanoi.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/articles/second.md"),
        "+++\ntitle = \"Second visit\"\ndate = 2024-04-01\npersons = [\"Bui Thanh Son\"]\n+++\nAnother meeting.\n",
    )
    .unwrap();
    build(&root, &[]);
    let out = root.join("public");
    let people = read_json(&out, "data/people.json");
    let people = people.as_array().unwrap();
    assert_eq!(people.len(), 2, "{people:#?}");
    let son = people
        .iter()
        .find(|p| p["slug"] == "bui-thanh-son")
        .expect("one record for both spellings");
    assert_eq!(son["articles"].as_array().unwrap().len(), 2);
    let articles = read_json(&out, "data/articles.json");
    for a in articles.as_array().unwrap() {
        let page = page(&out, a["path"].as_str().unwrap());
        for p in a["persons"].as_array().unwrap() {
            let person_path = format!("/people/{}/", p["slug"].as_str().unwrap());
            assert!(
                page.contains(&format!("href=\"{person_path}\"")),
                "{} does not link to {person_path}",
                a["path"]
            );
            let person_page =
                std::fs::read_to_string(out.join(&person_path[1..]).join("index.html")).unwrap();
            assert!(
                person_page.contains(&format!("href=\"/{}\"", a["path"].as_str().unwrap())),
                "{person_path} does not link back"
            );
        }
        for t in a["topics"].as_array().unwrap() {
            let topic_path = format!("/topics/{}/", t["slug"].as_str().unwrap());
            assert!(page.contains(&format!("href=\"{topic_path}\"")));
            let topic_page =
                std::fs::read_to_string(out.join(&topic_path[1..]).join("index.html")).unwrap();
            assert!(topic_page.contains(&format!("href=\"/{}\"", a["path"].as_str().unwrap())));
        }
    }
    // Newest first on the person page.
    let son_page = page(&out, "people/bui-thanh-son/");
    let second = son_page.find("Second visit").unwrap();
    let first = son_page.find("A state visit").unwrap();
    assert!(second < first, "newest article should come first");
    assert!(broken_links(&out, "/").is_empty());
}

#[test]
fn a_folder_with_only_seeds_builds_with_the_builtin_theme() {
    let (_dir, root) = temp_site();
    std::fs::create_dir_all(root.join("seeds")).unwrap();
    std::fs::write(
        root.join("seeds/one.txt"),
        "A headline here\n\nThe first paragraph of the story.\n",
    )
    .unwrap();
    let log = build(&root, &[]);
    assert!(log.contains("built 1 article,"), "{log}");
    let out = root.join("public");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<main id=\"main\""), "built-in theme used");
    assert!(home.contains("A headline here"));
    assert!(broken_links(&out, "/").is_empty());
}

#[test]
fn site_templates_override_the_builtin_theme_file_by_file() {
    let (_dir, root) = temp_site();
    std::fs::create_dir_all(root.join("seeds")).unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("seeds/one.txt"),
        "A headline here\n\nThe first paragraph.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<p>Custom not-found</p>{% endblock content %}",
    )
    .unwrap();
    build(&root, &[]);
    let page = std::fs::read_to_string(root.join("public/404.html")).unwrap();
    assert!(page.contains("Custom not-found"));
    assert!(
        page.contains("class=\"skip\""),
        "base.html still the built-in one"
    );
}

#[test]
fn article_text_is_escaped() {
    let (_dir, root) = temp_site();
    std::fs::create_dir_all(root.join("seeds")).unwrap();
    std::fs::write(
        root.join("seeds/x.txt"),
        "Headline with <script>alert(1)</script> in it\n\nA paragraph with *stars* and <b>tags</b> & ampersands.\n",
    )
    .unwrap();
    build(&root, &[]);
    let out = root.join("public");
    let data = read_json(&out, "data/articles.json");
    let html = page(&out, data[0]["path"].as_str().unwrap());
    assert!(!html.contains("<script>alert"), "title not escaped");
    assert!(
        html.contains("&lt;b&gt;tags&lt;/b&gt; &amp; ampersands"),
        "body not escaped"
    );
    assert!(
        html.contains("*stars*"),
        "raw text must not go through Markdown"
    );
}

#[test]
fn usage_errors_exit_2_and_bad_template_exits_1_naming_it() {
    let out = gazette(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let (_dir, root) = temp_site();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/index.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{{ oops( }}\n{% endblock content %}",
    )
    .unwrap();
    let out = gazette(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("index.html"), "{err}");
    assert!(err.contains(":3:"), "line of the error: {err}");
}

#[test]
fn init_makes_a_site_that_builds_and_refuses_a_folder_in_use() {
    let (_dir, root) = temp_site();
    let site = root.join("new-site");
    let out = gazette(&["init", site.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in ["gazette.toml", "content/index.md", "content/about.md"] {
        assert!(site.join(f).is_file(), "{f}");
    }
    let log = build(&site, &[]);
    assert!(log.contains("built 1 article,"), "{log}");
    assert!(broken_links(&site.join("public"), "/").is_empty());
    // A folder that already holds something is left alone.
    let again = gazette(&["init", site.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}
