//! Atom feeds (the site's, and one per person and topic) and the sitemap.
//!
//! Feeds list the newest `FEED_ENTRIES` dated articles, newest first, with absolute URLs
//! under `base_url` and a summary (the description or lede), not the whole article.
//! Undated articles are left out of feeds: Atom needs an `updated` time for every entry and
//! the archive does not know one, so none is invented; they stay in the sitemap and on every
//! page. A feed with no dated article at all says `updated` 1970-01-01T00:00:00Z, the
//! same on every build. Ids are the articles' URLs, so feeds are valid (and ids permanent)
//! once `base_url` is the site's absolute address (`gazette check` warns when it is not).

use super::OutputFile;
use super::urls::Urls;
use super::views::summary;
use crate::graph::SiteGraph;
use rayon::prelude::*;
use std::sync::OnceLock;

/// Entries per feed.
const FEED_ENTRIES: usize = 30;

pub fn feeds(graph: &SiteGraph, urls: &Urls) -> Vec<OutputFile> {
    let entries: Vec<OnceLock<String>> = graph.articles.iter().map(|_| OnceLock::new()).collect();
    let all: Vec<usize> = (0..graph.articles.len()).collect();
    let mut out = vec![OutputFile::new(
        "atom.xml",
        feed(
            graph,
            urls,
            &entries,
            &graph.config.title,
            "atom.xml",
            "",
            &all,
        ),
    )];
    out.par_extend(graph.people.par_iter().map(|p| {
        let mut idx = p.articles.clone();
        idx.extend(p.contributed.iter().map(|(a, _)| *a));
        idx.sort_unstable();
        idx.dedup();
        let path = format!("{}atom.xml", p.path());
        let title = format!("{} — {}", p.name, graph.config.title);
        let xml = feed(graph, urls, &entries, &title, &path, &p.path(), &idx);
        OutputFile::new(path, xml)
    }));
    out.par_extend(graph.topics.par_iter().map(|t| {
        let path = format!("{}atom.xml", t.path());
        let title = format!("{} — {}", t.name, graph.config.title);
        let xml = feed(graph, urls, &entries, &title, &path, &t.path(), &t.articles);
        OutputFile::new(path, xml)
    }));
    out
}

/// One Atom feed over `articles` (indices, newest first); undated ones are left out.
fn feed(
    graph: &SiteGraph,
    urls: &Urls,
    entries: &[OnceLock<String>],
    title: &str,
    self_path: &str,
    page_path: &str,
    articles: &[usize],
) -> String {
    let dated: Vec<usize> = articles
        .iter()
        .copied()
        .filter(|&i| graph.articles[i].article.date.is_some())
        .take(FEED_ENTRIES)
        .collect();
    let updated = dated
        .iter()
        .filter_map(|&i| graph.articles[i].article.date)
        .max()
        .map(|d| format!("{d}T00:00:00Z"))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut x = String::new();
    x.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    x.push_str(&format!(
        " xml:lang=\"{}\">\n",
        escape(&graph.config.language)
    ));
    x.push_str(&format!("  <title>{}</title>\n", escape(title)));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&urls.absolute(self_path))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&urls.absolute(page_path))
    ));
    x.push_str(&format!(
        "  <id>{}</id>\n",
        escape(&urls.absolute(self_path))
    ));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str("  <generator>Gazette</generator>\n");
    let author = if graph.config.author.is_empty() {
        &graph.config.title
    } else {
        &graph.config.author
    };
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(author)
    ));
    for i in dated {
        x.push_str(entries[i].get_or_init(|| entry(graph, urls, i)));
    }
    x.push_str("</feed>\n");
    x
}

/// One article's `<entry>`: the same in every feed that lists it, so made once.
fn entry(graph: &SiteGraph, urls: &Urls, i: usize) -> String {
    let mut x = String::new();
    let node = &graph.articles[i];
    let a = &node.article;
    let date = a.date.expect("dated");
    let url = urls.absolute(&node.path());
    x.push_str("  <entry>\n");
    x.push_str(&format!("    <title>{}</title>\n", escape(&a.title)));
    x.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&url)
    ));
    x.push_str(&format!("    <id>{}</id>\n", escape(&url)));
    x.push_str(&format!(
        "    <published>{date}T00:00:00Z</published>\n    <updated>{date}T00:00:00Z</updated>\n"
    ));
    for &(p, role) in &node.contributors {
        let tag = if role == crate::read::Role::Author {
            "author"
        } else {
            "contributor"
        };
        x.push_str(&format!(
            "    <{tag}><name>{}</name><uri>{}</uri></{tag}>\n",
            escape(&graph.people[p].name),
            escape(&urls.absolute(&graph.people[p].path()))
        ));
    }
    for t in &node.topics {
        x.push_str(&format!(
            "    <category term=\"{}\" label=\"{}\"/>\n",
            escape(&graph.topics[t.topic].slug),
            escape(&graph.topics[t.topic].name)
        ));
    }
    let sum = summary(a.description.as_deref().or(a.lede()).unwrap_or(""), 400);
    x.push_str(&format!(
        "    <summary type=\"text\">{}</summary>\n",
        escape(&sum)
    ));
    x.push_str("  </entry>\n");
    x
}

/// Text for XML: escaped, and without the characters XML 1.0 forbids (control
/// characters other than tab and newlines, U+FFFE, U+FFFF), which scraped text can hold.
pub fn escape(s: &str) -> String {
    // Nearly all text holds none of them: a byte scan says so without decoding a char.
    // (0xEF starts the UTF-8 of U+FFFE and U+FFFF, and of a few others, which are
    // rare enough to go the slow way.)
    let surely_clean = s
        .bytes()
        .all(|b| (b >= b' ' && b != 0x7f && b != 0xef) || matches!(b, b'\t' | b'\n' | b'\r'));
    if surely_clean {
        return super::body::escape(s);
    }
    let clean: String = s
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || (c >= ' ' && c != '\u{7f}' && c != '\u{fffe}' && c != '\u{ffff}')
        })
        .collect();
    super::body::escape(&clean)
}

/// URLs per sitemap file (the protocol's limit).
pub const SITEMAP_MAX: usize = 50_000;

/// `sitemap.xml`: every HTML page (`pages`: output paths), with `lastmod` for dated articles (and for person
/// and topic pages, the date of their newest dated article). Past
/// `SITEMAP_MAX` pages, `sitemap.xml` is a sitemap index over `sitemap-N.xml` files.
pub fn sitemap(graph: &SiteGraph, urls: &Urls, pages: &[&str]) -> Vec<OutputFile> {
    sitemap_with_limit(graph, urls, pages, SITEMAP_MAX)
}

pub fn sitemap_with_limit(
    graph: &SiteGraph,
    urls: &Urls,
    pages: &[&str],
    max: usize,
) -> Vec<OutputFile> {
    let mut pages: Vec<&str> = pages
        .iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| p.trim_end_matches("index.html"))
        .collect();
    pages.sort_unstable();
    // lastmod: an article's date; for a person or topic page, its newest dated article.
    let newest = |idx: &mut dyn Iterator<Item = usize>| {
        idx.filter_map(|i| graph.articles[i].article.date).max()
    };
    let mut dates: std::collections::HashMap<String, chrono::NaiveDate> = graph
        .articles
        .iter()
        .filter_map(|a| a.article.date.map(|d| (a.path(), d)))
        .collect();
    for p in &graph.people {
        let mut all = p
            .articles
            .iter()
            .copied()
            .chain(p.contributed.iter().map(|(a, _)| *a));
        if let Some(d) = newest(&mut all) {
            dates.insert(p.path(), d);
        }
    }
    for t in &graph.topics {
        if let Some(d) = newest(&mut t.articles.iter().copied()) {
            dates.insert(t.path(), d);
        }
    }
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    let mut sets: Vec<String> = Vec::new();
    for chunk in pages.chunks(max.max(1)) {
        let mut x =
            format!("{head}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for p in chunk {
            x.push_str(&format!("  <url><loc>{}</loc>", escape(&urls.absolute(p))));
            if let Some(d) = dates.get(*p) {
                x.push_str(&format!("<lastmod>{d}</lastmod>"));
            }
            x.push_str("</url>\n");
        }
        x.push_str("</urlset>\n");
        sets.push(x);
    }
    if sets.len() <= 1 {
        let x = sets.pop().unwrap_or_else(|| {
            format!(
                "{head}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n</urlset>\n"
            )
        });
        return vec![OutputFile::new("sitemap.xml", x)];
    }
    let mut index =
        format!("{head}<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut out = Vec::new();
    for (n, x) in sets.into_iter().enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape(&urls.absolute(&name))
        ));
        out.push(OutputFile::new(name, x));
    }
    index.push_str("</sitemapindex>\n");
    out.push(OutputFile::new("sitemap.xml", index));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_drops_what_xml_forbids_and_escapes_the_rest() {
        assert_eq!(
            escape("a < b & \"c\"\tok\n"),
            "a &lt; b &amp; &quot;c&quot;\tok\n"
        );
        assert_eq!(escape("bell\u{7}del\u{7f} nul\u{0}"), "belldel nul");
        assert_eq!(escape("x\u{fffe}y\u{ffff}z"), "xyz");
        // Other characters whose UTF-8 starts with 0xEF stay.
        assert_eq!(escape("\u{feff}ｆｕｌｌ <"), "\u{feff}ｆｕｌｌ &lt;");
        assert_eq!(escape("Hà Nội — “quoted”"), "Hà Nội — “quoted”");
    }
}
