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
