//! Publishing: Atom feeds, sitemap, robots.txt, CNAME, page metadata and JSON-LD, the search
//! index, and `gazette check` on duplicate slugs. Browser and validator checks (Nu HTML
//! Checker, axe-core, typing in the search page) are in tests/web/check.mjs.

mod common;
use common::*;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::Path;

const BASE: &str = "https://example.org/archive/";
const HOSTILE_TITLE: &str = "Minister </script><script>alert(1)</script> & \"friends\"";

/// The example site plus sidecars and a Markdown article, so feeds, person and topic pages
/// exist whatever the recognizer finds today: 000 and 003 are dated and name Bùi Thanh Sơn,
/// 002 stays undated (its text states no date) and names a made-up person, and a Markdown article has markup and a control character in its title.
fn tagged_site(root: &Path) {
    copy_example_site(root);
    let w = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w(
        "seeds/000_53c24d708ccf69f0.toml",
        "date = 2021-07-09\npersons = [\"Bùi Thanh Sơn\"]\ntopics = [\"cultural diplomacy\"]\nauthors = [\"Anh Huyen\"]\ncontributors = [{ name = \"Quang Hoa\", role = \"photographer\" }]\n",
    );
    w(
        "seeds/003_37e75ead3a9a6882.toml",
        "date = 2021-12-14\npersons = [\"Bùi Thanh Sơn\"]\ntopics = [\"cultural diplomacy\"]\n",
    );
    w(
        "seeds/002_cb3de627f5eba5db.toml",
        "persons = [\"Đào Văn Lưu\"]\n",
    );
    w(
        "content/articles/hostile.md",
        &format!(
            "+++\ntitle = {}\ndate = 2020-01-02\npersons = [\"Bùi Thanh Sơn\"]\n+++\n\nBùi Thanh Sơn said <b>nothing</b>\u{1} at all.\n",
            toml_string(&format!("{HOSTILE_TITLE}\u{1}"))
        ),
    );
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn built_tagged(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = temp_site();
    tagged_site(&root);
    let mut args = vec!["--base-url", BASE];
    args.extend_from_slice(extra);
    build(&root, &args);
    let out = root.join("public");
    (dir, out)
}

/// Parses a file with python3's XML parser (well-formedness and namespaces); returns the
/// root element's tag.
fn parse_xml(path: &Path) -> String {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, xml.etree.ElementTree as E; print(E.parse(sys.argv[1]).getroot().tag)",
        ])
        .arg(path)
        .output()
        .expect("python3 runs (it parses the XML)");
    assert!(
        out.status.success(),
        "{} does not parse as XML: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn all(re: &str, text: &str) -> Vec<String> {
    Regex::new(re)
        .unwrap()
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .collect()
}

fn article_path(out: &Path, source: &str) -> String {
    let articles = read_json(out, "data/articles.json");
    articles
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"] == source)
        .unwrap_or_else(|| panic!("no article from {source}"))["path"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn feeds_are_atom_newest_first_with_absolute_urls_and_no_undated_entries() {
    let (_dir, out) = built_tagged(&[]);
    assert_eq!(
        parse_xml(&out.join("atom.xml")),
        "{http://www.w3.org/2005/Atom}feed"
    );
    let atom = read(&out, "atom.xml");
    let ids = all(
        r"<entry>\s*<title>[^<]*</title>\s*<link[^>]*/>\s*<id>([^<]*)</id>",
        &atom,
    );
    let dates = all(r"<published>([^<]*)</published>", &atom);
    assert_eq!(ids.len(), 4, "four dated articles: {atom}");
    assert_eq!(
        dates,
        [
            "2021-12-14T00:00:00Z",
            "2021-07-09T00:00:00Z",
            "2020-01-02T00:00:00Z",
            "2016-08-23T00:00:00Z"
        ]
    );
    for id in &ids {
        assert!(
            id.starts_with(&format!("{BASE}articles/")),
            "absolute id: {id}"
        );
    }
    // The undated article is left out rather than given an invented date.
    let undated = article_path(&out, "seeds/002_cb3de627f5eba5db.txt");
    assert!(!atom.contains(&undated), "{atom}");
    assert!(atom.contains(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{BASE}atom.xml\"/>"
    )));
    assert!(atom.contains("<updated>2021-12-14T00:00:00Z</updated>"));
    // Summaries, not whole pages; markup escaped; the control character dropped.
    assert_eq!(atom.matches("<summary type=\"text\">").count(), 4);
    assert!(!atom.contains("<p>"));
    assert!(atom.contains("&lt;/script&gt;"));
    assert!(!atom.contains('\u{1}'));
    // Authors are authors; photographers contributors.
    assert!(
        atom.contains("<author><name>Anh Huyen</name><uri>https://example.org/archive/people/anh-huyen/</uri></author>"),
        "{atom}"
    );
    assert!(atom.contains("<contributor><name>Quang Hoa</name>"));

    // One feed per person and per topic, linked from the head of its page.
    let person_feed = out.join("people/bui-thanh-son/atom.xml");
    parse_xml(&person_feed);
    let pf = std::fs::read_to_string(&person_feed).unwrap();
    assert_eq!(pf.matches("<entry>").count(), 3, "{pf}");
    assert!(pf.contains(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{BASE}people/bui-thanh-son/\"/>"
    )));
    let topic_feed = out.join("topics/cultural-diplomacy/atom.xml");
    parse_xml(&topic_feed);
    assert_eq!(
        std::fs::read_to_string(&topic_feed)
            .unwrap()
            .matches("<entry>")
            .count(),
        2
    );
    // A person with only undated articles still has a valid, stable feed.
    let trong = out.join("people/dao-van-luu/atom.xml");
    parse_xml(&trong);
    let tf = std::fs::read_to_string(&trong).unwrap();
    assert!(!tf.contains("<entry>"));
    assert!(tf.contains("<updated>1970-01-01T00:00:00Z</updated>"));

    for (page, feed) in [
        ("people/bui-thanh-son", "people/bui-thanh-son/atom.xml"),
        (
            "topics/cultural-diplomacy",
            "topics/cultural-diplomacy/atom.xml",
        ),
        ("", "atom.xml"),
    ] {
        let html = page_at(&out, page);
        assert!(
            html.contains(&format!(
                "type=\"application/atom+xml\" title=\"{}",
                if page.is_empty() {
                    "Gazette Diplomatic Archive"
                } else {
                    ""
                }
            )) && html.contains(&format!("href=\"/archive/{feed}\"")),
            "{page} lacks <link rel=alternate> to {feed}"
        );
    }
}

/// RSS 2.0 and JSON Feed 1.1 beside every Atom feed, with the same entries, valid, with
/// article text escaped (RSS) or encoded (JSON) so it stays text.
#[test]
fn rss_and_json_feeds_beside_every_atom_feed() {
    let (_dir, out) = built_tagged(&[]);
    let atom_folders: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "atom.xml")
        .map(|e| e.path().parent().unwrap().to_path_buf())
        .collect();
    assert!(atom_folders.len() > 3, "site, person and topic feeds");
    for folder in &atom_folders {
        assert_eq!(parse_xml(&folder.join("rss.xml")), "rss", "{folder:?}");
        let text = std::fs::read_to_string(folder.join("feed.json")).unwrap();
        let feed: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{folder:?}/feed.json is not JSON: {e}"));
        assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
        assert!(feed["title"].as_str().is_some_and(|t| !t.is_empty()));
        for item in feed["items"].as_array().expect("items") {
            assert!(item["id"].as_str().is_some_and(|t| !t.is_empty()));
            assert!(item["content_text"].is_string() || item["content_html"].is_string());
        }
    }

    let rss = read(&out, "rss.xml");
    let links = all(
        r"<item>\s*<title>[^<]*</title>\s*<link>([^<]*)</link>",
        &rss,
    );
    let atom_ids = all(
        r"<entry>\s*<title>[^<]*</title>\s*<link[^>]*/>\s*<id>([^<]*)</id>",
        &read(&out, "atom.xml"),
    );
    assert_eq!(links, atom_ids, "the same entries, newest first");
    assert_eq!(
        all(r"<pubDate>([^<]*)</pubDate>", &rss),
        [
            "Tue, 14 Dec 2021 00:00:00 +0000",
            "Fri, 09 Jul 2021 00:00:00 +0000",
            "Thu, 02 Jan 2020 00:00:00 +0000",
            "Tue, 23 Aug 2016 00:00:00 +0000"
        ]
    );
    assert!(rss.contains(&format!(
        "<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"{BASE}rss.xml\"/>"
    )));
    assert!(rss.contains("<dc:creator>Anh Huyen</dc:creator>"), "{rss}");
    assert!(!rss.contains("<script>") && rss.contains("&lt;/script&gt;"));
    assert!(!rss.contains('\u{1}'));

    let feed = read_json(&out, "feed.json");
    assert_eq!(feed["feed_url"], format!("{BASE}feed.json"));
    let items = feed["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, atom_ids);
    assert_eq!(items[0]["date_published"], "2021-12-14T00:00:00Z");
    let hostile = items
        .iter()
        .find(|i| i["title"].as_str().unwrap().contains("alert(1)"))
        .expect("the Markdown article");
    assert_eq!(hostile["title"], HOSTILE_TITLE, "text stays text");
    let anh_huyen = items
        .iter()
        .find(|i| !i["authors"].as_array().unwrap().is_empty())
        .expect("an authored item");
    assert_eq!(anh_huyen["authors"][0]["name"], "Anh Huyen");
    let person = read_json(&out, "people/bui-thanh-son/feed.json");
    assert_eq!(person["items"].as_array().unwrap().len(), 3);

    for (page, folder) in [
        ("", ""),
        ("people/bui-thanh-son", "people/bui-thanh-son/"),
        ("topics/cultural-diplomacy", "topics/cultural-diplomacy/"),
    ] {
        let html = page_at(&out, page);
        for (kind, file) in [
            ("application/rss+xml", "rss.xml"),
            ("application/feed+json", "feed.json"),
        ] {
            let link = Regex::new(&format!(
                r#"<link rel="alternate" type="{}" title="[^"]+" href="/archive/{folder}{file}">"#,
                regex::escape(kind)
            ))
            .unwrap();
            assert!(link.is_match(&html), "{page:?} lacks its {file} link");
        }
    }
}

fn page_at(out: &Path, rel: &str) -> String {
    if rel.is_empty() {
        read(out, "index.html")
    } else {
        page(out, rel)
    }
}

#[test]
fn sitemap_lists_every_page_and_robots_names_it() {
    let (_dir, out) = built_tagged(&[]);
    assert_eq!(
        parse_xml(&out.join("sitemap.xml")),
        "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    );
    let sitemap = read(&out, "sitemap.xml");
    let locs: BTreeSet<String> = all(r"<loc>([^<]*)</loc>", &sitemap).into_iter().collect();
    let pages: BTreeSet<String> = site_files(&out)
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("{BASE}{}", p.trim_end_matches("index.html")))
        .collect();
    assert_eq!(locs, pages);
    assert!(locs.contains(BASE));
    let dated = article_path(&out, "seeds/003_37e75ead3a9a6882.txt");
    assert!(sitemap.contains(&format!(
        "<loc>{BASE}{dated}</loc><lastmod>2021-12-14</lastmod>"
    )));
    let undated = article_path(&out, "seeds/002_cb3de627f5eba5db.txt");
    assert!(sitemap.contains(&format!("<loc>{BASE}{undated}</loc></url>")));
    assert!(sitemap.contains(&format!(
        "<loc>{BASE}people/bui-thanh-son/</loc><lastmod>2021-12-14</lastmod>"
    )));
    assert!(sitemap.contains(&format!(
        "<loc>{BASE}topics/cultural-diplomacy/</loc><lastmod>2021-12-14</lastmod>"
    )));
    assert!(!sitemap.contains("404"));

    let robots = read(&out, "robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );
    assert!(out.join(".nojekyll").is_file());
    let not_found = read(&out, "404.html");
    assert!(not_found.contains("Page not found"));
    // Links on 404.html are absolute paths: it is served at any depth.
    assert!(not_found.contains("href=\"/archive/static/style.css\""));
    assert!(!out.join("CNAME").exists());
}

#[test]
fn cname_is_written_when_a_domain_is_set() {
    let (_dir, root) = temp_site();
    copy_example_site(&root);
    let toml = std::fs::read_to_string(root.join("gazette.toml")).unwrap();
    std::fs::write(
        root.join("gazette.toml"),
        toml.replacen("base_url", "domain = \"news.example.org\"\nbase_url", 1),
    )
    .unwrap();
    build(&root, &[]);
    assert_eq!(
        std::fs::read_to_string(root.join("public/CNAME")).unwrap(),
        "news.example.org\n"
    );
}

/// The JSON-LD of a page: the text of its one `application/ld+json` script, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let re = Regex::new(r#"(?s)<script type="application/ld\+json">(.*?)</script>"#).unwrap();
    let found: Vec<&str> = re
        .captures_iter(html)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert_eq!(found.len(), 1, "one JSON-LD script");
    assert!(!found[0].contains('<'), "raw < in JSON-LD: {}", found[0]);
    serde_json::from_str(found[0]).unwrap()
}

#[test]
fn article_and_person_pages_have_metadata_and_json_ld() {
    let (_dir, out) = built_tagged(&[]);
    let path = article_path(&out, "seeds/000_53c24d708ccf69f0.txt");
    let html = page(&out, &path);
    let canonical = format!("{BASE}{path}");
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")));
    assert!(html.contains(&format!(
        "<meta property=\"og:url\" content=\"{canonical}\">"
    )));
    assert!(html.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(html.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    assert!(html.contains("<meta property=\"article:published_time\" content=\"2021-07-09\">"));
    let desc = all(r#"<meta name="description" content="([^"]*)">"#, &html);
    assert!(desc.len() == 1 && desc[0].len() > 40, "{desc:?}");
    assert!(html.contains("<title>Cultural diplomacy"));

    let ld = json_ld(&html);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "NewsArticle");
    assert!(
        ld["headline"]
            .as_str()
            .unwrap()
            .starts_with("Cultural diplomacy")
    );
    assert_eq!(ld["datePublished"], "2021-07-09");
    assert_eq!(ld["url"], canonical.as_str());
    assert_eq!(ld["author"][0]["@type"], "Person");
    assert_eq!(ld["author"][0]["name"], "Anh Huyen");
    assert_eq!(ld["contributor"][0]["name"], "Quang Hoa");
    assert_eq!(ld["publisher"]["@type"], "Organization");
    let mentions = ld["mentions"].as_array().unwrap();
    assert!(mentions.iter().any(|m| m["@type"] == "Person"
        && m["name"] == "Bùi Thanh Sơn"
        && m["url"] == format!("{BASE}people/bui-thanh-son/")));
    // A theme is named in sentence case whatever the tag's case.
    assert_eq!(ld["about"][0]["name"], "Cultural diplomacy");

    // No date is claimed for an undated article.
    let undated = page(&out, &article_path(&out, "seeds/002_cb3de627f5eba5db.txt"));
    assert!(json_ld(&undated).get("datePublished").is_none());

    // A headline holding </script> cannot end the script element.
    let hostile = page(&out, &article_path(&out, "content/articles/hostile.md"));
    assert_eq!(
        hostile.matches("</script>").count(),
        hostile.matches("<script").count()
    );
    let ld = json_ld(&hostile);
    assert!(
        ld["headline"].as_str().unwrap().starts_with(HOSTILE_TITLE),
        "{ld}"
    );

    let person = page(&out, "people/bui-thanh-son");
    let ld = json_ld(&person);
    assert_eq!(ld["@type"], "Person");
    assert_eq!(ld["name"], "Bùi Thanh Sơn");
    assert_eq!(ld["url"], format!("{BASE}people/bui-thanh-son/"));
    assert!(person.contains("<meta property=\"og:type\" content=\"website\">"));
}

/// The article titles a query finds.
fn search(out: &Path, query: &str) -> Vec<String> {
    search_all(out, query)
        .into_iter()
        .filter(|(kind, _)| kind == "article")
        .map(|(_, title)| title)
        .collect()
}

/// What the search page does with a query, in Rust: fold, find each word's term chunk
/// through the manifest, decode the posting lists, keep the documents every word is in.
/// Returns (kind, title) of each, in index order.
fn search_all(out: &Path, query: &str) -> Vec<(String, String)> {
    let manifest = read_json(out, "data/search.json");
    let firsts: Vec<&str> = manifest["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let chunk = manifest["chunk"].as_u64().unwrap() as usize;
    let mut hits: Option<BTreeSet<usize>> = None;
    for word in gazette::slug::fold(query).split(' ') {
        let n = firsts.iter().rposition(|f| *f <= word).unwrap_or(0);
        let terms = read_json(out, &format!("data/search/terms/{n}.json"));
        let mut docs = BTreeSet::new();
        if let Some(list) = terms.get(word) {
            let mut doc = 0;
            for v in list.as_array().unwrap() {
                doc += v.as_u64().unwrap() as usize / 8;
                docs.insert(doc);
            }
        }
        hits = Some(match hits {
            None => docs,
            Some(h) => h.intersection(&docs).copied().collect(),
        });
    }
    hits.unwrap_or_default()
        .into_iter()
        .map(|d| {
            let docs = read_json(out, &format!("data/search/docs/{}.json", d / chunk));
            let doc = &docs[d % chunk];
            (
                doc["kind"].as_str().unwrap().to_string(),
                doc["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn search_index_finds_names_without_diacritics_in_titles_people_and_text() {
    let (_dir, out) = built_tagged(&[]);
    let manifest = read_json(&out, "data/search.json");
    let articles = read_json(&out, "data/articles.json");
    let people = read_json(&out, "data/people.json");
    let topics = read_json(&out, "data/topics.json");
    assert_eq!(
        manifest["docs"].as_u64().unwrap() as usize,
        articles.as_array().unwrap().len()
            + people.as_array().unwrap().len()
            + topics.as_array().unwrap().len()
    );
    assert_eq!(manifest["terms_url"], "/archive/data/search/terms/");
    assert_eq!(manifest["fold"]["ơ"], "o");

    // Every seed whose text names the minister, with or without diacritics, is found.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut expected: BTreeSet<String> = articles
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| {
            let src = a["source"].as_str().unwrap();
            src.starts_with("seeds/")
                && gazette::slug::fold(&std::fs::read_to_string(repo.join(src)).unwrap())
                    .contains("bui thanh son")
        })
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    assert!(expected.len() >= 2, "{expected:?}");
    expected.insert(HOSTILE_TITLE.to_string());
    let found: BTreeSet<String> = search(&out, "bui thanh son").into_iter().collect();
    assert_eq!(found, expected);
    let found2: BTreeSet<String> = search(&out, "Bùi Thanh Sơn").into_iter().collect();
    assert_eq!(found2, expected);
    // Titles are indexed too, and documents carry dates and text for snippets.
    assert_eq!(search(&out, "friends script"), [HOSTILE_TITLE.to_string()]);
    assert!(search(&out, "zzzznotaword").is_empty());
    // Person and topic pages are found by name.
    assert!(search_all(&out, "bui thanh son").contains(&("person".into(), "Bùi Thanh Sơn".into())));
    assert!(
        search_all(&out, "cultural diplomacy")
            .contains(&("topic".into(), "Cultural diplomacy".into()))
    );
    let docs = read_json(&out, "data/search/docs/0.json");
    let first = &docs[0];
    assert_eq!(first["date"], "2021-12-14");
    assert_eq!(first["date_human"], "14 December 2021");
    assert!(
        first["url"]
            .as_str()
            .unwrap()
            .starts_with("/archive/articles/")
    );
    assert!(first["text"].as_str().unwrap().len() > 200);
    assert!(
        first["people"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "Bùi Thanh Sơn")
    );

    // The search page points at the index and loads no outside script.
    let html = page(&out, "search");
    assert!(html.contains("data-index=\"/archive/data/search.json\""));
    assert!(html.contains("src=\"/archive/static/search.js\""));
    assert!(!html.contains("src=\"http"));
    let js = read(&out, "static/search.js");
    assert!(!js.contains("innerHTML"), "search.js must insert text only");
}

#[test]
fn output_is_reproducible() {
    let (_dir, root) = temp_site();
    tagged_site(&root);
    build(
        &root,
        &[
            "--base-url",
            BASE,
            "--output",
            root.join("a").to_str().unwrap(),
        ],
    );
    build(
        &root,
        &[
            "--base-url",
            BASE,
            "--output",
            root.join("b").to_str().unwrap(),
        ],
    );
    let a = site_files(&root.join("a"));
    let b = site_files(&root.join("b"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs between two builds");
    }
}

#[test]
fn sitemap_becomes_an_index_past_the_limit() {
    let (_dir, root) = temp_site();
    tagged_site(&root);
    let built = gazette::build::build(&gazette::build::BuildOptions {
        root: root.clone(),
        base_url: Some(BASE.into()),
        ..Default::default()
    })
    .unwrap_or_else(|f| panic!("{}", f.error));
    let urls = gazette::render::urls::Urls::new(BASE);
    let paths: Vec<&str> = built.files.iter().map(|f| f.path.as_str()).collect();
    let theme = gazette::render::theme::load(&[], &urls).unwrap();
    let files =
        gazette::render::feeds::sitemap_with_limit(&built.graph, &urls, &paths, &theme, 5).unwrap();
    let index = files.iter().find(|f| f.path == "sitemap.xml").unwrap();
    let index = String::from_utf8(index.bytes.clone()).unwrap();
    assert!(index.contains("<sitemapindex"), "{index}");
    let parts = all(r"<loc>([^<]*)</loc>", &index);
    assert_eq!(parts.len(), files.len() - 1);
    assert_eq!(parts[0], format!("{BASE}sitemap-1.xml"));
    let pages = built
        .files
        .iter()
        .filter(|f| f.path.ends_with("index.html"))
        .count();
    let listed: usize = files
        .iter()
        .filter(|f| f.path != "sitemap.xml")
        .map(|f| String::from_utf8_lossy(&f.bytes).matches("<url>").count())
        .sum();
    assert_eq!(listed, pages);
}

fn check(root: &Path) -> (bool, String) {
    let out = gazette(&["check", "--root", root.to_str().unwrap()]);
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn check_passes_the_example_site_and_lists_undated_articles() {
    let (_dir, root) = temp_site();
    tagged_site(&root);
    let (ok, log) = check(&root);
    assert!(ok, "{log}");
    assert!(log.contains("0 broken links, 0 duplicate slugs"), "{log}");
    assert!(
        log.contains("warning: seeds/002_cb3de627f5eba5db.txt: no publication date"),
        "{log}"
    );
    assert!(!log.contains("seeds/003_37e75ead3a9a6882.txt: no publication date"));
    // The article without a headline is named once, with the title made for it.
    assert_eq!(
        log.matches("seeds/004_a45a8e3ed53e71e3.txt: no headline found")
            .count(),
        1,
        "{log}"
    );
}

#[test]
fn check_fails_on_duplicate_slugs() {
    // Two articles asking for one slug.
    let (_dir, root) = temp_site();
    copy_example_site(&root);
    for seed in ["000_53c24d708ccf69f0", "003_37e75ead3a9a6882"] {
        std::fs::write(
            root.join(format!("seeds/{seed}.toml")),
            "slug = \"minister\"\n",
        )
        .unwrap();
    }
    let (ok, log) = check(&root);
    assert!(!ok, "{log}");
    assert!(
        log.contains("error: seeds/003_37e75ead3a9a6882.txt: duplicate slug `minister` (taken by seeds/000_53c24d708ccf69f0.txt)"),
        "{log}"
    );

    // A page claiming the search page's address.
    let (_dir2, root) = temp_site();
    copy_example_site(&root);
    std::fs::write(
        root.join("content/search.md"),
        "+++\ntitle = \"Find\"\n+++\nHi.\n",
    )
    .unwrap();
    let (ok, log) = check(&root);
    assert!(!ok, "{log}");
    assert!(
        log.contains("error: content/search.md: its page search/ is already taken by another page"),
        "{log}"
    );

    // Two articles with one headline.
    let (_dir3, root) = temp_site();
    std::fs::create_dir_all(root.join("seeds")).unwrap();
    for name in ["a", "b"] {
        std::fs::write(
            root.join(format!("seeds/{name}.txt")),
            "Vietnam and Japan sign a new cooperation agreement\n\nSome text of the article, long enough to read as a paragraph of news.\n",
        )
        .unwrap();
    }
    let (ok, log) = check(&root);
    assert!(!ok, "{log}");
    assert!(
        log.contains("duplicate slug `vietnam-and-japan-sign-a-new-cooperation-agreement`"),
        "{log}"
    );
}

/// Feeds, the sitemap and robots.txt are templates like the pages: a site's own
/// `templates/atom.xml` (and the others) replaces the built-in one, escaping included.
#[test]
fn a_site_overrides_the_feed_sitemap_and_robots_templates() {
    let (_dir, root) = temp_site();
    tagged_site(&root);
    build(&root, &["--base-url", BASE]);
    let out = root.join("public");
    let builtin_feed = read(&out, "atom.xml");
    assert!(builtin_feed.contains("<generator>Gazette</generator>"));

    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("atom.xml"),
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <title>{{ title }} (our feed)</title>\n\
         {% for entry in entries %}<entry><title>{{ entry.title }}</title><id>{{ entry.url }}</id></entry>\n{% endfor %}</feed>\n",
    )
    .unwrap();
    std::fs::write(
        templates.join("robots.txt"),
        "User-agent: *\nDisallow: /drafts/\nSitemap: {{ sitemap_url }}\n",
    )
    .unwrap();
    std::fs::write(
        templates.join("sitemap.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
         {% for u in entries %}<url><loc>{{ u.loc }}</loc><changefreq>monthly</changefreq></url>\n{% endfor %}</urlset>\n",
    )
    .unwrap();
    build(&root, &["--base-url", BASE]);
    let feed = read(&out, "atom.xml");
    assert!(feed.contains("(our feed)</title>"), "{feed}");
    assert!(
        !feed.contains("<generator>"),
        "the built-in feed is still used:\n{feed}"
    );
    assert_eq!(
        parse_xml(&out.join("atom.xml")),
        "{http://www.w3.org/2005/Atom}feed"
    );
    // The same entries as the built-in feed, in the same order.
    let ids = |xml: &str| all(r"<entry>(?s:.*?)<id>([^<]*)</id>", xml);
    assert_eq!(ids(&feed), ids(&builtin_feed));
    assert!(!ids(&feed).is_empty());
    // A person's feed goes through the same template.
    let person_feed = std::fs::read_dir(out.join("people"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path().join("atom.xml"))
        .find(|p| p.exists())
        .expect("a person feed");
    assert!(
        std::fs::read_to_string(person_feed)
            .unwrap()
            .contains("(our feed)")
    );
    let robots = read(&out, "robots.txt");
    assert_eq!(
        robots,
        format!("User-agent: *\nDisallow: /drafts/\nSitemap: {BASE}sitemap.xml\n")
    );
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains("<changefreq>monthly</changefreq>"),
        "{sitemap}"
    );
    assert!(sitemap.contains(&format!("<loc>{BASE}</loc>")), "{sitemap}");
}

/// Feeds whose templates the site did not override are written by Rust code instead of
/// Tera (much cheaper per entry): that code must make exactly the bytes the built-in
/// templates make. The built-in templates copied into the site's `templates/` are
/// rendered by Tera; every file must come out the same as without them, on a site with
/// markup, quotes, ampersands and a control character in its text and names, a feed with
/// no entries (a person named only in an undated article) and contributors of each role.
#[test]
fn builtin_feeds_are_written_as_their_templates_write_them() {
    let (_dir, root) = temp_site();
    tagged_site(&root);
    let config = std::fs::read_to_string(root.join("gazette.toml")).unwrap();
    let config = config
        .replace(
            "title = \"Gazette Diplomatic Archive\"",
            "title = \"Gazette's <Archive> & \\\"friends\\\"\"",
        )
        .replace("author = \"Gazette\"", "author = \"Ed & <Co>\\u0001\"");
    std::fs::write(root.join("gazette.toml"), config).unwrap();
    build(&root, &["--base-url", BASE]);
    let fast = site_files(&root.join("public"));

    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for name in ["atom.xml", "rss.xml", "feed.json"] {
        std::fs::copy(repo.join(name), templates.join(name)).unwrap();
    }
    build(&root, &["--base-url", BASE]);
    let by_tera = site_files(&root.join("public"));

    let feeds: Vec<&String> = (fast.keys())
        .filter(|p| p.ends_with("atom.xml") || p.ends_with("rss.xml") || p.ends_with("feed.json"))
        .collect();
    assert!(feeds.len() >= 9, "{feeds:?}");
    let empty = fast
        .get("people/dao-van-luu/rss.xml")
        .expect("an undated person's feed");
    assert!(!String::from_utf8_lossy(empty).contains("<item>"));
    let site_feed = String::from_utf8_lossy(&fast["atom.xml"]).into_owned();
    for needle in ["&lt;Archive&gt; &amp;", "<contributor>", "<author><name>"] {
        assert!(site_feed.contains(needle), "{needle}:\n{site_feed}");
    }
    for (path, bytes) in &fast {
        if path == ".gazette-manifest" {
            continue;
        }
        assert!(
            by_tera.get(path) == Some(bytes),
            "{path} differs:\n--- Rust\n{}\n--- Tera\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(by_tera.get(path).map_or(&[][..], |b| b)),
        );
    }
    assert_eq!(fast.len(), by_tera.len());
}
