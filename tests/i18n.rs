//! Languages: `language = "vi"` gives the theme's words, month names and dates in
//! Vietnamese; a site's `translations/LANG.toml` overrides some of them; English stays the
//! default; a broken translations file is named with its line and the site still builds.

mod common;

use common::{build, copy_example_site, page, read_json, temp_site};
use std::path::Path;

fn with_language(root: &Path, language: &str) {
    copy_example_site(root);
    let config = std::fs::read_to_string(root.join("gazette.toml")).unwrap();
    std::fs::write(
        root.join("gazette.toml"),
        config.replace("language = \"en\"", &format!("language = \"{language}\"")),
    )
    .unwrap();
    // A known date, whatever the reader finds.
    std::fs::write(
        root.join("seeds/003_37e75ead3a9a6882.toml"),
        "date = 2021-12-14\n",
    )
    .unwrap();
}

fn dated_article(out: &Path) -> String {
    read_json(out, "data/articles.json")
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"] == "seeds/003_37e75ead3a9a6882.txt")
        .unwrap()["path"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn vietnamese_gives_a_vietnamese_interface() {
    let (_dir, root) = temp_site();
    with_language(&root, "vi");
    build(&root, &[]);
    let out = root.join("public");
    let home = page(&out, "");
    assert!(home.contains("<html lang=\"vi\">"));
    for words in [
        "Chuyển đến nội dung",
        ">Bài viết</a>",
        ">Nhân vật</a>",
        ">Tìm kiếm</a>",
    ] {
        assert!(home.contains(words), "home page lacks {words}");
    }
    assert!(!home.contains("Skip to content") && !home.contains("Latest articles"));

    let article = page(&out, &dated_article(&out));
    assert!(
        article.contains("<time datetime=\"2021-12-14\">14 tháng 12 năm 2021</time>"),
        "the date in Vietnamese"
    );
    assert!(article.contains("Trích dẫn bài viết này"));
    assert!(!article.contains("December 2021<") && !article.contains(" December 2021</time>"));

    let month = page(&out, "articles/2021/12");
    assert!(
        month.contains("<title>Bài viết tháng 12 năm 2021 ·"),
        "month page title"
    );
    let search = page(&out, "search");
    assert!(search.contains("<label for=\"from\">Từ ngày</label>"));
    assert!(search.contains("<label for=\"sort\">Sắp xếp theo</label>"));
}

#[test]
fn english_by_default_and_a_site_overrides_some_words() {
    let (_dir, root) = temp_site();
    with_language(&root, "en");
    std::fs::create_dir_all(root.join("translations")).unwrap();
    std::fs::write(
        root.join("translations/en.toml"),
        "date = \"{month} {day}, {year}\"\n[labels]\nsearch = \"Find\"\n",
    )
    .unwrap();
    build(&root, &[]);
    let out = root.join("public");
    let article = page(&out, &dated_article(&out));
    assert!(article.contains("<time datetime=\"2021-12-14\">December 14, 2021</time>"));
    assert!(article.contains(">Find</a>"), "the site's word");
    assert!(
        article.contains("Cite this article"),
        "English for the rest"
    );
}

#[test]
fn a_broken_translations_file_is_named_and_the_site_still_builds() {
    let (_dir, root) = temp_site();
    with_language(&root, "vi");
    std::fs::create_dir_all(root.join("translations")).unwrap();
    std::fs::write(root.join("translations/vi.toml"), "[labels]\nsearch = \n").unwrap();
    let log = build(&root, &[]);
    assert!(log.contains("translations/vi.toml:2"), "{log}");
    let out = root.join("public");
    // The built-in Vietnamese words are used.
    assert!(page(&out, "").contains(">Tìm kiếm</a>"));
}

/// The English words of the theme (labels of three words or more, with their `{slots}`
/// cut out), as they would show on a page.
fn english_phrases() -> Vec<String> {
    let en: toml::Table = toml::from_str(include_str!("../data/translations/en.toml")).unwrap();
    en["labels"]
        .as_table()
        .unwrap()
        .values()
        .filter_map(|v| v.as_str())
        .flat_map(|s| {
            s.split(['{', '}'])
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, part)| part.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|p| p.split_whitespace().count() >= 3)
        .collect()
}

#[test]
fn every_page_of_a_vietnamese_site_speaks_vietnamese() {
    let (_dir, root) = temp_site();
    with_language(&root, "vi");
    // One article a page, so that person and topic pages are paginated; a person both
    // named and credited, so their page has a contributor section.
    let config = std::fs::read_to_string(root.join("gazette.toml")).unwrap();
    std::fs::write(root.join("gazette.toml"), format!("paginate = 1\n{config}")).unwrap();
    std::fs::write(
        root.join("seeds/000_53c24d708ccf69f0.toml"),
        "persons = [\"Bùi Thanh Sơn\"]\ntopics = [\"cultural diplomacy\"]\n\
         contributors = [{ name = \"Bùi Thanh Sơn\", role = \"photographer\" }]\n",
    )
    .unwrap();
    build(&root, &[]);
    let out = root.join("public");
    let english = english_phrases();
    assert!(english.iter().any(|p| p == ", newest first"), "{english:?}");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .to_string();
        // Article pages carry the articles' own English text; the theme's words on
        // them are checked by the test above.
        let theirs = rel.starts_with("articles/") && !rel.starts_with("articles/20");
        let feed = rel.ends_with(".xml") || rel.ends_with("feed.json");
        if theirs || !(rel.ends_with(".html") || (feed && !rel.contains("sitemap"))) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        // Feeds hold the articles' English text: only their own descriptions count.
        let text = if feed {
            text.lines().take(12).collect::<Vec<_>>().join("\n")
        } else {
            text
        };
        for phrase in &english {
            assert!(!text.contains(phrase.as_str()), "{rel}: \"{phrase}\"");
        }
        checked += 1;
    }
    assert!(checked > 20, "{checked} pages");

    let person = page(&out, "people/bui-thanh-son");
    for words in [
        "Bài viết nhắc đến Bùi Thanh Sơn",
        "Ảnh của Bùi Thanh Sơn",
        "Trang 1/",
    ] {
        assert!(person.contains(words), "person page lacks {words}");
    }
    // A role's span of months, in the short Vietnamese form ("12/2021"), cut inside no
    // letter.
    let span = regex::Regex::new(r#"<span class="when">(\d{1,2}/\d{4})( – \d{1,2}/\d{4})?</span>"#)
        .unwrap();
    assert!(span.is_match(&person), "no role span in {person}");
    assert!(page(&out, "people").contains("Nhân vật được nhắc đến, A–Z"));
    let search = page(&out, "search");
    assert!(
        search.contains("data-t-searching=\"Đang tìm…\""),
        "{search}"
    );
    let feed = std::fs::read_to_string(out.join("people/bui-thanh-son/rss.xml")).unwrap();
    assert!(
        feed.contains("Bài viết về hoặc của Bùi Thanh Sơn"),
        "{feed}"
    );
}
