//! Citing: each article's `cite.bib` (BibTeX) and `cite.ris` (RIS), linked from its Cite
//! block, parse as records of their format with the article's outlet, date, title,
//! authors, original address and archive address, and article text stays text.

mod common;

use common::{build, page, read_json, temp_site};
use std::collections::BTreeMap;
use std::path::Path;

const BASE: &str = "https://example.org/archive/";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A Markdown article whose title and authors hold what BibTeX and TeX read specially, and
/// a saved page with a canonical address: built under `BASE`.
fn cited_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = temp_site();
    write(
        &root,
        "content/articles/budget.md",
        "+++\ntitle = 'Budget {draft} 50% & more_\\ #1 $2 ~ ^ @x'\ndate = 2021-12-14\n\
         outlet = 'The Harbour Times'\nauthors = ['Jane Doe', 'Trần Văn Bình']\n+++\n\n\
         The council passed the budget on Tuesday.\n",
    );
    write(
        &root,
        "seeds/rates.html",
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Rates rise again | The Coastal Courier</title>
<meta property="og:title" content="Rates rise again">
<meta property="og:site_name" content="The Coastal Courier">
<meta property="article:published_time" content="2022-03-01T08:00:00Z">
<link rel="canonical" href="https://courier.example/news/rates?id=5%25&amp;ref=a">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Rates rise again</h1>
<p>The central bank raised its main rate for the third time this year on Tuesday, saying
prices were still rising faster than it wanted them to across the whole economy.</p>
<p>Borrowers with loans on variable rates will pay more from next month, the bank said in a
statement, and savers will see a little more interest on their deposits by the summer.</p>
</article>
<footer>© The Coastal Courier</footer>
</body></html>"#,
    );
    build(&root, &["--base-url", BASE]);
    (dir, root)
}

/// A BibTeX entry as a parser reads it: `@type{key,` then `name = {braced}` or
/// `name = macro` fields, braces balanced inside each value. Panics on anything else.
fn parse_bibtex(text: &str) -> (String, String, BTreeMap<String, String>) {
    let text = text.trim();
    let rest = text.strip_prefix('@').expect("starts with @");
    let open = rest.find('{').expect("{ after the type");
    let kind = rest[..open].to_string();
    let rest = &rest[open + 1..];
    let comma = rest.find(',').expect("key,");
    let key = rest[..comma].trim().to_string();
    let mut chars = rest[comma + 1..].chars().peekable();
    let mut fields = BTreeMap::new();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        if chars.peek() == Some(&'}') {
            chars.next();
            break;
        }
        let name: String = std::iter::from_fn(|| chars.next_if(|c| c.is_alphanumeric())).collect();
        assert!(!name.is_empty(), "a field name in {text}");
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        assert_eq!(chars.next(), Some('='), "= after {name}");
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let value = if chars.peek() == Some(&'{') {
            chars.next();
            let mut depth = 1;
            let mut v = String::new();
            loop {
                let c = chars
                    .next()
                    .unwrap_or_else(|| panic!("{name} never closes"));
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                v.push(c);
            }
            v
        } else {
            std::iter::from_fn(|| chars.next_if(|c| c.is_alphanumeric())).collect()
        };
        assert!(fields.insert(name.clone(), value).is_none(), "{name} twice");
    }
    assert_eq!(
        chars.collect::<String>().trim(),
        "",
        "nothing after the entry"
    );
    (kind, key, fields)
}

/// An RIS record: `XX  - value` lines, `TY` first and `ER` last; tag → values.
fn parse_ris(text: &str) -> BTreeMap<String, Vec<String>> {
    let line = regex::Regex::new(r"^([A-Z][A-Z0-9])  - (.*)$").unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines.last(), Some(&""), "ends with a line break");
    let lines = &lines[..lines.len() - 1];
    let mut tags: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for l in lines {
        let c = line
            .captures(l)
            .unwrap_or_else(|| panic!("not an RIS line: {l:?}"));
        tags.entry(c[1].to_string())
            .or_default()
            .push(c[2].to_string());
    }
    assert!(lines[0].starts_with("TY  - "), "TY first");
    assert_eq!(lines.last(), Some(&"ER  - "), "ER last");
    tags
}

fn article_path(out: &Path, title_part: &str) -> String {
    let articles = read_json(out, "data/articles.json");
    articles
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains(title_part))
        .unwrap_or_else(|| panic!("no article titled {title_part}: {articles}"))["path"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn bibtex_escapes_what_tex_reads_specially_and_names_the_authors_whole() {
    let (_dir, root) = cited_site();
    let out = root.join("public");
    let path = article_path(&out, "Budget");
    let bib = std::fs::read_to_string(out.join(&path).join("cite.bib")).unwrap();
    let (kind, key, f) = parse_bibtex(&bib);
    assert_eq!(kind, "misc");
    assert_eq!(format!("articles/{key}/"), path);
    assert_eq!(
        f["title"],
        "{Budget \\textbraceleft{}draft\\textbraceright{} 50\\% \\& more\\_\\textbackslash{} \
         \\#1 \\$2 \\textasciitilde{} \\textasciicircum{} {@}x}"
    );
    assert_eq!(f["author"], "{Jane Doe} and {Trần Văn Bình}");
    assert_eq!(f["howpublished"], "The Harbour Times");
    assert_eq!((f["year"].as_str(), f["month"].as_str()), ("2021", "dec"));
    assert_eq!(f["date"], "2021-12-14");
    // No original address is known: the archive's is the one to follow.
    assert_eq!(f["url"], format!("{BASE}{path}"));
    assert!(!f.contains_key("urldate"));
}

#[test]
fn a_saved_page_is_cited_at_its_original_address_and_in_the_archive() {
    let (_dir, root) = cited_site();
    let out = root.join("public");
    let path = article_path(&out, "Rates rise");
    let archive_url = format!("{BASE}{path}");
    let original = "https://courier.example/news/rates?id=5%25&ref=a";

    let (_, _, f) =
        parse_bibtex(&std::fs::read_to_string(out.join(&path).join("cite.bib")).unwrap());
    assert_eq!(f["url"], original, "a url field is verbatim");
    assert_eq!(
        f["note"],
        format!("Archived in Gazette: \\url{{{archive_url}}}")
    );
    assert_eq!(f["date"], "2022-03-01");

    let ris = parse_ris(&std::fs::read_to_string(out.join(&path).join("cite.ris")).unwrap());
    assert_eq!(ris["TY"], ["NEWS"]);
    assert_eq!(ris["TI"], ["Rates rise again"]);
    assert_eq!(ris["T2"], ["The Coastal Courier"]);
    assert_eq!(ris["DA"], ["2022/03/01"]);
    assert_eq!(ris["PY"], ["2022"]);
    assert_eq!(ris["UR"], [original, archive_url.as_str()]);

    // The Cite block links both downloads.
    let html = page(&out, &path);
    for file in ["cite.bib", "cite.ris"] {
        assert!(
            html.contains(&format!("href=\"/archive/{path}{file}\" download")),
            "{file} linked from the Cite block"
        );
    }
}

#[test]
fn ris_keeps_each_value_on_its_line() {
    let (_dir, root) = cited_site();
    let out = root.join("public");
    let path = article_path(&out, "Budget");
    let ris = parse_ris(&std::fs::read_to_string(out.join(&path).join("cite.ris")).unwrap());
    assert_eq!(ris["TI"], ["Budget {draft} 50% & more_\\ #1 $2 ~ ^ @x"]);
    assert_eq!(ris["AU"], ["Jane Doe", "Trần Văn Bình"]);
    assert_eq!(ris["UR"], [format!("{BASE}{path}")]);
    assert_eq!(ris["ER"], [""]);
}
