//! Browsing and citing a large archive: stable addresses (the frozen slugs of
//! `addresses.json`, redirect pages, `aliases`), dates from file names, year and month
//! pages, the feeds beside each Atom feed, and the citation files.

mod common;
use common::*;
use std::path::Path;

/// A raw article as copied from an outlet's page: headline, dateline, paragraphs.
fn story(headline: &str, date: &str) -> String {
    format!(
        "{headline}\n\n{date}\n\nThe harbour authority of Port Elwin said on Monday that the new \
         ferry terminal would open to passengers next spring, after two years of delays.\n\n\
         \"We are ready for the summer season,\" said Director Maria Okonkwo, adding that \
         ticket prices would not change.\n"
    )
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn articles(out: &Path) -> Vec<serde_json::Value> {
    read_json(out, "data/articles.json")
        .as_array()
        .unwrap()
        .clone()
}

fn slug_of(out: &Path, source: &str) -> String {
    articles(out)
        .iter()
        .find(|a| a["source"] == source)
        .unwrap_or_else(|| panic!("no article from {source}"))["slug"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Whether the page at `site_path` is a redirect to `target` (a path under the site).
fn assert_redirects(out: &Path, site_path: &str, target: &str) {
    let html = std::fs::read_to_string(out.join(site_path))
        .unwrap_or_else(|_| panic!("no redirect page at {site_path}"));
    assert!(
        html.contains(&format!(
            r#"<meta http-equiv="refresh" content="0; url=/{target}">"#
        )),
        "{site_path}: {html}"
    );
    assert!(
        html.contains(&format!(r#"<link rel="canonical" href="/{target}">"#)),
        "{html}"
    );
    assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
}

#[test]
fn a_corrected_headline_keeps_its_address_and_an_old_address_redirects() {
    let (_dir, root) = temp_site();
    write(
        &root,
        "seeds/ferry.txt",
        &story("Ferry terminal to open next sprnig", "March 3, 2022"),
    );
    write(
        &root,
        "seeds/other.txt",
        &story("Harbour dredging begins", "March 4, 2022"),
    );
    let out = root.join("public");

    // `check` builds in memory: it must not write the state file.
    let checked = gazette(&["check", "--root", root.to_str().unwrap()]);
    assert!(!root.join("addresses.json").exists(), "{checked:?}");

    build(&root, &[]);
    let first = slug_of(&out, "seeds/ferry.txt");
    assert_eq!(first, "ferry-terminal-to-open-next-sprnig");
    let state = std::fs::read_to_string(root.join("addresses.json")).unwrap();
    assert!(state.contains("\"seeds/ferry.txt\""), "{state}");
    assert!(state.contains("Keep this file in git"), "{state}");

    // The typo in the headline is corrected: the article stays where it was.
    write(
        &root,
        "seeds/ferry.txt",
        &story("Ferry terminal to open next spring", "March 3, 2022"),
    );
    build(&root, &[]);
    assert_eq!(slug_of(&out, "seeds/ferry.txt"), first);
    assert!(page(&out, &format!("articles/{first}")).contains("next spring"));
    // A new article with the old headline gets an address of its own.
    write(
        &root,
        "seeds/ferry-again.txt",
        &story("Ferry terminal to open next sprnig", "March 5, 2022"),
    );
    build(&root, &[]);
    assert_eq!(slug_of(&out, "seeds/ferry.txt"), first);
    assert_ne!(slug_of(&out, "seeds/ferry-again.txt"), first);

    // Moved on purpose with a sidecar slug: the old address becomes a redirect page, and
    // stays one in later builds.
    write(
        &root,
        "seeds/ferry.toml",
        "slug = \"ferry-terminal-opens\"\n",
    );
    build(&root, &[]);
    assert_eq!(slug_of(&out, "seeds/ferry.txt"), "ferry-terminal-opens");
    assert_redirects(
        &out,
        &format!("articles/{first}/index.html"),
        "articles/ferry-terminal-opens/",
    );
    build(&root, &[]);
    assert_redirects(
        &out,
        &format!("articles/{first}/index.html"),
        "articles/ferry-terminal-opens/",
    );
    // Redirects are not pages to index.
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains(&format!("/{first}/<")), "{sitemap}");
    assert!(broken_links(&out, "/").is_empty());
}

#[test]
fn aliases_in_front_matter_and_sidecars_make_redirect_pages() {
    let (_dir, root) = temp_site();
    write(
        &root,
        "content/articles/ferry.md",
        "+++\ntitle = \"Ferry terminal opens\"\ndate = 2022-03-03\naliases = [\"/2022/03/ferry-terminal/\", \"old/ferry.html\", \"../../outside\"]\n+++\n\nThe terminal opened on Monday.\n",
    );
    write(
        &root,
        "seeds/dredging.txt",
        &story("Harbour dredging begins", "March 4, 2022"),
    );
    write(
        &root,
        "seeds/dredging.toml",
        "aliases = [\"/news/dredging/\"]\n",
    );
    let log = build(&root, &[]);
    let out = root.join("public");
    assert_redirects(
        &out,
        "2022/03/ferry-terminal/index.html",
        "articles/ferry-terminal-opens/",
    );
    assert_redirects(&out, "old/ferry.html", "articles/ferry-terminal-opens/");
    assert_redirects(
        &out,
        "news/dredging/index.html",
        "articles/harbour-dredging-begins/",
    );
    // An alias that would leave the site is reported by file and makes nothing.
    assert!(
        log.contains("content/articles/ferry.md") && log.contains("../../outside"),
        "{log}"
    );
    assert!(!root.join("outside").exists());
}

#[test]
fn an_unreadable_address_file_is_reported_and_left_as_it_is() {
    let (_dir, root) = temp_site();
    write(
        &root,
        "seeds/ferry.txt",
        &story("Ferry terminal opens", "March 3, 2022"),
    );
    write(&root, "addresses.json", "{ not json");
    let log = build(&root, &[]);
    assert!(log.contains("addresses.json"), "{log}");
    assert_eq!(
        std::fs::read_to_string(root.join("addresses.json")).unwrap(),
        "{ not json"
    );
}

#[test]
fn a_date_in_the_file_name_is_used_when_the_text_states_none() {
    let (_dir, root) = temp_site();
    let undated = "Harbour dredging begins\n\nThe harbour authority of Port Elwin said the \
                   dredging of the outer channel would take six weeks.\n\nShips will use the \
                   western approach until then, the authority said.\n";
    write(&root, "seeds/2021-12-14-dredging.txt", undated);
    write(&root, "seeds/dredging-notes.txt", undated);
    write(
        &root,
        "seeds/2021-12-14-ferry.txt",
        &story("Ferry terminal opens", "March 3, 2022"),
    );
    write(
        &root,
        "content/articles/2020-02-29-leap.md",
        "+++\ntitle = \"A leap day in the harbour\"\n+++\n\nThe harbour was quiet.\n",
    );
    build(&root, &[]);
    let out = root.join("public");
    let date = |source: &str| {
        articles(&out)
            .iter()
            .find(|a| a["source"] == source)
            .unwrap()["date"]
            .clone()
    };
    assert_eq!(date("seeds/2021-12-14-dredging.txt"), "2021-12-14");
    assert_eq!(date("content/articles/2020-02-29-leap.md"), "2020-02-29");
    // The text's own date wins; without either, no date is invented.
    assert_eq!(date("seeds/2021-12-14-ferry.txt"), "2022-03-03");
    assert_eq!(date("seeds/dredging-notes.txt"), serde_json::Value::Null);
}

#[test]
fn year_and_month_pages_list_the_articles_of_their_time_and_are_linked() {
    let (_dir, root) = temp_site();
    write(
        &root,
        "seeds/a.txt",
        &story("Ferry terminal opens", "December 14, 2021"),
    );
    write(
        &root,
        "seeds/b.txt",
        &story("Harbour dredging begins", "December 2, 2021"),
    );
    write(
        &root,
        "seeds/c.txt",
        &story("Port fees to <rise>", "March 3, 2022"),
    );
    write(
        &root,
        "seeds/d.txt",
        "Lighthouse keepers remembered\n\nThe harbour authority unveiled a plaque for the \
         keepers of the old lighthouse.\n\nIt stands beside the pier.\n",
    );
    build(&root, &[]);
    let out = root.join("public");

    let december = page(&out, "articles/2021/12");
    assert!(december.contains("<h1>December 2021</h1>"), "{december}");
    let (a, b) = (
        december.find("Ferry terminal opens").unwrap(),
        december.find("Harbour dredging begins").unwrap(),
    );
    assert!(a < b, "newest first");
    assert!(!december.contains("Port fees"));
    assert!(december.contains("href=\"/articles/2021/\""));
    assert!(december.contains("Older") || december.contains("Newer: March 2022"));

    let year = page(&out, "articles/2021");
    assert!(year.contains("href=\"/articles/2021/12/\""), "{year}");
    assert!(!year.contains("/articles/2021/03/"));
    assert!(year.contains("Newer: 2022"), "{year}");
    let march = page(&out, "articles/2022/03");
    assert!(march.contains("Port fees to &lt;rise&gt;"), "{march}");

    // The home page and the list link each year; an article's date links its month.
    assert!(page(&out, "").contains("href=\"/articles/2022/\""));
    assert!(page(&out, "articles").contains("href=\"/articles/2021/\""));
    let slug = slug_of(&out, "seeds/a.txt");
    assert!(page(&out, &format!("articles/{slug}")).contains("href=\"/articles/2021/12/\""));
    // An undated article is on no month page; nothing links a missing page.
    assert!(!out.join("articles/0000").exists());
    assert!(
        broken_links(&out, "/").is_empty(),
        "{:?}",
        broken_links(&out, "/")
    );
}

#[test]
fn an_article_page_says_how_to_cite_it_and_prints_without_the_menu() {
    let (_dir, root) = temp_site();
    write(
        &root,
        "content/articles/fees.md",
        "+++\ntitle = \"Port fees to <rise>\"\ndate = 2022-03-03\noutlet = \"Harbour Weekly\"\n+++\n\nFees rise in April.\n",
    );
    build(&root, &["--base-url", "https://archive.example.org/news/"]);
    let out = root.join("public");
    let html = page(&out, "articles/port-fees-to-rise");
    let cite = &html[html.find("class=\"cite\"").expect("a cite block")..];
    let cite = &cite[..cite.find("</footer>").unwrap()];
    assert!(cite.contains("Harbour Weekly."), "{cite}");
    assert!(cite.contains("“Port fees to &lt;rise&gt;.”"), "{cite}");
    assert!(
        cite.contains("March 3, 2022") || cite.contains("3 March 2022"),
        "{cite}"
    );
    assert!(
        cite.contains("https://archive.example.org/news/articles/port-fees-to-rise/"),
        "{cite}"
    );
    let css = std::fs::read_to_string(out.join("static/style.css")).unwrap();
    let print = &css[css.find("@media print").expect("a print stylesheet")..];
    assert!(print.contains(".masthead") && print.contains("display: none"));
}
