//! Feeds (the site's, and one per person and topic, each as Atom, RSS 2.0 and JSON Feed
//! 1.1), the sitemap and robots.txt, through the theme's templates (`atom.xml`, `rss.xml`,
//! `feed.json`, `sitemap.xml`, `sitemap_index.xml`, `robots.txt`), which a site overrides
//! like any other. The templates get text with the characters XML forbids removed, and
//! escape it as they write it (the XML ones by autoescape, `feed.json` with the `json`
//! filter).
//!
//! Feeds list the newest `FEED_ENTRIES` dated articles, newest first, with absolute URLs
//! under `base_url` and a summary (the description or lede), not the whole article.
//! Undated articles are left out of feeds: Atom needs an `updated` time for every entry and
//! the archive does not know one, so none is invented; they stay in the sitemap and on every
//! page. A feed with no dated article at all says `updated` 1970-01-01T00:00:00Z, the
//! same on every build. Ids are the articles' URLs, so feeds are valid (and ids permanent)
//! once `base_url` is the site's absolute address (`gazette check` warns when it is not).

use super::OutputFile;
use super::theme::TemplateError;
use super::urls::Urls;
use super::views::summary;
use crate::graph::SiteGraph;
use chrono::NaiveDate;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::OnceLock;
use tera::{Context, Tera, Value};

/// Entries per feed.
const FEED_ENTRIES: usize = 30;

/// The feeds written for each feed folder (the site root, each person and topic): file
/// name, which is also the template's name.
pub const FEED_FILES: [&str; 3] = ["atom.xml", "rss.xml", "feed.json"];

/// Renders `template` with `ctx` into the file at `path`; an error names both.
fn render(
    tera: &Tera,
    template: &str,
    ctx: &Context,
    path: String,
) -> Result<OutputFile, TemplateError> {
    let mut bytes = Vec::with_capacity(8 * 1024);
    tera.render_to(template, ctx, &mut bytes)
        .map_err(|e| TemplateError::new(&e, Some((&path, template))))?;
    Ok(OutputFile::new(path, bytes))
}

/// The site's feeds, one folder at a time: the site's own, then each person's and each
/// topic's. Their paths are known before any is rendered, so that each folder's files go
/// to the output as soon as they are made instead of every feed of the site being held
/// in memory at once (55 MB at 10,000 articles).
pub struct FeedSet<'a> {
    feeds: Feeds<'a>,
}

/// Whose feeds a feed folder holds.
#[derive(Clone, Copy)]
enum FeedFolder {
    Site,
    Person(usize),
    Topic(usize),
}

impl<'a> FeedSet<'a> {
    /// `builtin` says, for each of `FEED_FILES`, whether its template is the built-in one
    /// (the site did not override it): those feeds are written by `write_atom`,
    /// `write_rss` and `write_json_feed`, which make the same bytes as the template.
    pub fn new(
        graph: &'a SiteGraph,
        urls: &'a Urls,
        tera: &'a Tera,
        builtin: [bool; FEED_FILES.len()],
    ) -> Self {
        let n = graph.articles.len();
        FeedSet {
            feeds: Feeds {
                graph,
                urls,
                tera,
                builtin,
                entries: (0..n).map(|_| OnceLock::new()).collect(),
                values: (0..n).map(|_| OnceLock::new()).collect(),
            },
        }
    }

    /// How many feed folders there are (`render_folder` takes 0 to this, exclusive).
    pub fn folders(&self) -> usize {
        let g = self.feeds.graph;
        1 + g.people.len() + g.topics.len()
    }

    fn folder(&self, n: usize) -> FeedFolder {
        let people = self.feeds.graph.people.len();
        match n {
            0 => FeedFolder::Site,
            n if n <= people => FeedFolder::Person(n - 1),
            n => FeedFolder::Topic(n - 1 - people),
        }
    }

    fn page_path(&self, folder: FeedFolder) -> String {
        let g = self.feeds.graph;
        match folder {
            FeedFolder::Site => String::new(),
            FeedFolder::Person(i) => g.people[i].path(),
            FeedFolder::Topic(i) => g.topics[i].path(),
        }
    }

    /// The paths of feed folder `n`'s files, in the order `render_folder` makes them.
    pub fn paths(&self, n: usize) -> impl Iterator<Item = String> {
        let page_path = self.page_path(self.folder(n));
        FEED_FILES
            .iter()
            .map(move |name| format!("{page_path}{name}"))
    }

    /// The files of feed folder `n` (`FEED_FILES`).
    pub fn render_folder(&self, n: usize) -> Result<Vec<OutputFile>, TemplateError> {
        let graph = self.feeds.graph;
        let folder = self.folder(n);
        let page_path = self.page_path(folder);
        let site = &graph.config.title;
        match folder {
            FeedFolder::Site => {
                let all: Vec<usize> = (0..graph.articles.len()).collect();
                let description = if graph.config.description.is_empty() {
                    site
                } else {
                    &graph.config.description
                };
                self.feeds.feed(site, description, &page_path, &all)
            }
            FeedFolder::Person(i) => {
                let p = &graph.people[i];
                let mut idx = p.articles.clone();
                idx.extend(p.contributed.iter().map(|(a, _)| *a));
                idx.sort_unstable();
                idx.dedup();
                let title = format!("{} — {site}", p.name);
                let description = graph
                    .config
                    .translations
                    .format("person_feed", &[("name", &p.name), ("site", site)]);
                self.feeds.feed(&title, &description, &page_path, &idx)
            }
            FeedFolder::Topic(i) => {
                let t = &graph.topics[i];
                let title = format!("{} — {site}", t.name);
                let description = graph
                    .config
                    .translations
                    .format("topic_feed", &[("name", &t.name), ("site", site)]);
                self.feeds
                    .feed(&title, &description, &page_path, &t.articles)
            }
        }
    }
}

/// What every feed needs, and each article's entry, made once however many feeds list it.
struct Feeds<'a> {
    graph: &'a SiteGraph,
    urls: &'a Urls,
    tera: &'a Tera,
    /// Which of `FEED_FILES` are written in Rust (see `FeedSet::new`).
    builtin: [bool; FEED_FILES.len()],
    entries: Vec<OnceLock<FeedEntry<'a>>>,
    /// The entries as template values, made only for a template the site overrides.
    values: Vec<OnceLock<Value>>,
}

/// What a feed says of itself (the templates' variables), text as XML allows it.
struct FeedHead<'s> {
    language: Cow<'s, str>,
    title: Cow<'s, str>,
    description: Cow<'s, str>,
    page_url: String,
    updated: String,
    updated_rfc822: String,
    author: Cow<'s, str>,
}

impl<'a> Feeds<'a> {
    /// The feeds (`FEED_FILES`, in the folder `page_path`) over `articles` (indices, newest
    /// first); undated ones are left out.
    fn feed(
        &self,
        title: &str,
        description: &str,
        page_path: &str,
        articles: &[usize],
    ) -> Result<Vec<OutputFile>, TemplateError> {
        let graph = self.graph;
        let dated: Vec<usize> = (articles.iter().copied())
            .filter(|&i| graph.articles[i].article.date.is_some())
            .take(FEED_ENTRIES)
            .collect();
        let newest = (dated.iter())
            .filter_map(|&i| graph.articles[i].article.date)
            .max();
        let author = if graph.config.author.is_empty() {
            &graph.config.title
        } else {
            &graph.config.author
        };
        let head = FeedHead {
            language: xml_text(&graph.config.language),
            title: xml_text(title),
            description: xml_text(description),
            page_url: xml_text(&self.urls.absolute(page_path)).into_owned(),
            updated: newest
                .map(|d| format!("{d}T00:00:00Z"))
                .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
            updated_rfc822: rfc822(newest.unwrap_or_default()),
            author: xml_text(author),
        };
        let entries: Vec<&FeedEntry> = (dated.iter())
            .map(|&i| self.entries[i].get_or_init(|| self.entry(i)))
            .collect();
        // The template context, made only if a template the site overrides needs it.
        let mut ctx: Option<Context> = None;
        let mut files = Vec::with_capacity(FEED_FILES.len());
        for (n, name) in FEED_FILES.iter().enumerate() {
            let self_path = format!("{page_path}{name}");
            let self_url = xml_text(&self.urls.absolute(&self_path)).into_owned();
            if self.builtin[n] {
                let bytes = match n {
                    0 => write_atom(&head, &self_url, &entries),
                    1 => write_rss(&head, &self_url, &entries),
                    _ => write_json_feed(&head, &self_url, &entries),
                };
                files.push(OutputFile::new(self_path, bytes));
                continue;
            }
            let ctx = ctx.get_or_insert_with(|| self.context(&head, &dated));
            ctx.insert("self_url", &self_url);
            files.push(render(self.tera, name, ctx, self_path)?);
        }
        Ok(files)
    }

    /// The context of a feed template the site overrides.
    fn context(&self, head: &FeedHead, dated: &[usize]) -> Context {
        let mut ctx = Context::new();
        ctx.insert("language", &head.language);
        ctx.insert("title", &head.title);
        ctx.insert("description", &head.description);
        ctx.insert("page_url", &head.page_url);
        ctx.insert("updated", &head.updated);
        ctx.insert("updated_rfc822", &head.updated_rfc822);
        ctx.insert("author", &head.author);
        let entries: Vec<Value> = (dated.iter())
            .map(|&i| {
                let entry = self.entries[i].get_or_init(|| self.entry(i));
                (self.values[i].get_or_init(|| Value::from_serializable(entry))).clone()
            })
            .collect();
        ctx.insert_value("entries", Value::from(entries));
        ctx
    }

    /// One article's entry.
    fn entry(&self, i: usize) -> FeedEntry<'a> {
        let (graph, urls) = (self.graph, self.urls);
        let node = &graph.articles[i];
        let a = &node.article;
        let day = a.date.expect("dated");
        let contributors: Vec<FeedPerson> = (node.contributors.iter())
            .map(|&(p, role)| FeedPerson {
                element: if role == crate::read::Role::Author {
                    "author"
                } else {
                    "contributor"
                },
                name: xml_text(&graph.people[p].name),
                url: xml_text(&urls.absolute(&graph.people[p].path()))
                    .into_owned()
                    .into(),
            })
            .collect();
        let authors = (contributors.iter())
            .filter(|c| c.element == "author")
            .cloned()
            .collect();
        let categories = (node.topics.iter())
            .map(|t| FeedCategory {
                slug: xml_text(&graph.topics[t.topic].slug),
                name: xml_text(&graph.topics[t.topic].name),
            })
            .collect();
        let summary = summary(a.description.as_deref().or(a.lede()).unwrap_or(""), 400);
        let date = format!("{day}T00:00:00Z");
        FeedEntry {
            title: xml_text(&a.title),
            url: xml_text(&urls.absolute(&node.path())).into_owned().into(),
            published: date.clone(),
            published_rfc822: rfc822(day),
            updated: date,
            contributors,
            authors,
            categories,
            summary: xml_text(&summary).into_owned().into(),
        }
    }
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: Cow<'a, str>,
    url: Cow<'a, str>,
    published: String,
    /// The date as RSS writes it (RFC 822).
    published_rfc822: String,
    updated: String,
    contributors: Vec<FeedPerson<'a>>,
    /// The contributors who wrote it (RSS `dc:creator`, JSON Feed `authors`).
    authors: Vec<FeedPerson<'a>>,
    categories: Vec<FeedCategory<'a>>,
    summary: Cow<'a, str>,
}

#[derive(Serialize, Clone)]
struct FeedPerson<'a> {
    /// `author` or `contributor`: the Atom element.
    element: &'static str,
    name: Cow<'a, str>,
    url: Cow<'a, str>,
}

#[derive(Serialize)]
struct FeedCategory<'a> {
    slug: Cow<'a, str>,
    name: Cow<'a, str>,
}

// The built-in feed templates written in Rust. Tera takes about 11,000 instructions to
// render one feed entry (a lookup by name for every variable, a value for every loop),
// and a 10,000-article site writes about 100,000 of them (30 in each of the three feeds
// of every person and topic); these writers take a few hundred. They are used only for
// a template the site did not override, and must make exactly the bytes the template
// makes: `tests/publish.rs` (`builtin_feeds_are_written_as_their_templates_write_them`)
// builds sites with the built-in templates copied into `templates/` (so that Tera
// renders them) and compares every feed. A change to `templates/atom.xml`, `rss.xml` or
// `feed.json` must be made here too.

/// Appends `s` escaped as Tera's autoescape does (`{{ s }}` in an XML template).
fn esc(out: &mut Vec<u8>, s: &str) {
    tera::escape_html(s, out).expect("writing to memory");
}

/// `templates/atom.xml`.
fn write_atom(head: &FeedHead, self_url: &str, entries: &[&FeedEntry]) -> Vec<u8> {
    let mut o = Vec::with_capacity(1024 + 1500 * entries.len());
    o.extend_from_slice(
        b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"",
    );
    esc(&mut o, &head.language);
    o.extend_from_slice(b"\">\n  <title>");
    esc(&mut o, &head.title);
    o.extend_from_slice(b"</title>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"");
    esc(&mut o, self_url);
    o.extend_from_slice(b"\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"");
    esc(&mut o, &head.page_url);
    o.extend_from_slice(b"\"/>\n  <id>");
    esc(&mut o, self_url);
    o.extend_from_slice(b"</id>\n  <updated>");
    esc(&mut o, &head.updated);
    o.extend_from_slice(b"</updated>\n  <generator>Gazette</generator>\n  <author><name>");
    esc(&mut o, &head.author);
    o.extend_from_slice(b"</name></author>\n");
    for e in entries {
        o.extend_from_slice(b"  <entry>\n    <title>");
        esc(&mut o, &e.title);
        o.extend_from_slice(b"</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"");
        esc(&mut o, &e.url);
        o.extend_from_slice(b"\"/>\n    <id>");
        esc(&mut o, &e.url);
        o.extend_from_slice(b"</id>\n    <published>");
        esc(&mut o, &e.published);
        o.extend_from_slice(b"</published>\n    <updated>");
        esc(&mut o, &e.updated);
        o.extend_from_slice(b"</updated>\n");
        for c in &e.contributors {
            o.extend_from_slice(b"    <");
            esc(&mut o, c.element);
            o.extend_from_slice(b"><name>");
            esc(&mut o, &c.name);
            o.extend_from_slice(b"</name><uri>");
            esc(&mut o, &c.url);
            o.extend_from_slice(b"</uri></");
            esc(&mut o, c.element);
            o.extend_from_slice(b">\n");
        }
        for t in &e.categories {
            o.extend_from_slice(b"    <category term=\"");
            esc(&mut o, &t.slug);
            o.extend_from_slice(b"\" label=\"");
            esc(&mut o, &t.name);
            o.extend_from_slice(b"\"/>\n");
        }
        o.extend_from_slice(b"    <summary type=\"text\">");
        esc(&mut o, &e.summary);
        o.extend_from_slice(b"</summary>\n  </entry>\n");
    }
    o.extend_from_slice(b"</feed>\n");
    o
}

/// `templates/rss.xml`.
fn write_rss(head: &FeedHead, self_url: &str, entries: &[&FeedEntry]) -> Vec<u8> {
    let mut o = Vec::with_capacity(1024 + 1200 * entries.len());
    o.extend_from_slice(
        b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n  <channel>\n    <title>",
    );
    esc(&mut o, &head.title);
    o.extend_from_slice(b"</title>\n    <link>");
    esc(&mut o, &head.page_url);
    o.extend_from_slice(b"</link>\n    <description>");
    esc(&mut o, &head.description);
    o.extend_from_slice(b"</description>\n    <language>");
    esc(&mut o, &head.language);
    o.extend_from_slice(
        b"</language>\n    <atom:link rel=\"self\" type=\"application/rss+xml\" href=\"",
    );
    esc(&mut o, self_url);
    o.extend_from_slice(b"\"/>\n");
    if !entries.is_empty() {
        o.extend_from_slice(b"    <lastBuildDate>");
        esc(&mut o, &head.updated_rfc822);
        o.extend_from_slice(b"</lastBuildDate>\n");
    }
    o.extend_from_slice(b"    <generator>Gazette</generator>\n");
    for e in entries {
        o.extend_from_slice(b"    <item>\n      <title>");
        esc(&mut o, &e.title);
        o.extend_from_slice(b"</title>\n      <link>");
        esc(&mut o, &e.url);
        o.extend_from_slice(b"</link>\n      <guid isPermaLink=\"true\">");
        esc(&mut o, &e.url);
        o.extend_from_slice(b"</guid>\n      <pubDate>");
        esc(&mut o, &e.published_rfc822);
        o.extend_from_slice(b"</pubDate>\n");
        for c in &e.authors {
            o.extend_from_slice(b"      <dc:creator>");
            esc(&mut o, &c.name);
            o.extend_from_slice(b"</dc:creator>\n");
        }
        for t in &e.categories {
            o.extend_from_slice(b"      <category>");
            esc(&mut o, &t.name);
            o.extend_from_slice(b"</category>\n");
        }
        o.extend_from_slice(b"      <description>");
        esc(&mut o, &e.summary);
        o.extend_from_slice(b"</description>\n    </item>\n");
    }
    o.extend_from_slice(b"  </channel>\n</rss>\n");
    o
}

/// `templates/feed.json` (its `json` filter writes a string as serde_json does, which
/// `json::push_str` does too).
fn write_json_feed(head: &FeedHead, self_url: &str, entries: &[&FeedEntry]) -> Vec<u8> {
    use super::json::push_str as js;
    let mut o = String::with_capacity(1024 + 1500 * entries.len());
    o.push_str("{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"title\": ");
    js(&mut o, &head.title);
    o.push_str(",\n  \"home_page_url\": ");
    js(&mut o, &head.page_url);
    o.push_str(",\n  \"feed_url\": ");
    js(&mut o, self_url);
    o.push_str(",\n  \"description\": ");
    js(&mut o, &head.description);
    o.push_str(",\n  \"language\": ");
    js(&mut o, &head.language);
    o.push_str(",\n  \"authors\": [{\"name\": ");
    js(&mut o, &head.author);
    o.push_str("}],\n  \"items\": [");
    for (n, e) in entries.iter().enumerate() {
        if n > 0 {
            o.push(',');
        }
        o.push_str("\n    {\n      \"id\": ");
        js(&mut o, &e.url);
        o.push_str(",\n      \"url\": ");
        js(&mut o, &e.url);
        o.push_str(",\n      \"title\": ");
        js(&mut o, &e.title);
        o.push_str(",\n      \"content_text\": ");
        js(&mut o, &e.summary);
        o.push_str(",\n      \"summary\": ");
        js(&mut o, &e.summary);
        o.push_str(",\n      \"date_published\": ");
        js(&mut o, &e.published);
        o.push_str(",\n      \"authors\": [");
        for (k, c) in e.authors.iter().enumerate() {
            if k > 0 {
                o.push(',');
            }
            o.push_str("{\"name\": ");
            js(&mut o, &c.name);
            o.push_str(", \"url\": ");
            js(&mut o, &c.url);
            o.push('}');
        }
        o.push_str("],\n      \"tags\": [");
        for (k, t) in e.categories.iter().enumerate() {
            if k > 0 {
                o.push(',');
            }
            js(&mut o, &t.name);
        }
        o.push_str("]\n    }");
    }
    o.push_str("\n  ]\n}\n");
    o.into_bytes()
}

/// A day at midnight UTC as RSS 2.0 dates are written (RFC 822, four-digit year).
fn rfc822(day: NaiveDate) -> String {
    day.format("%a, %d %b %Y 00:00:00 +0000").to_string()
}

/// Text for XML: without the characters XML 1.0 forbids (control characters other than
/// tab and newlines, U+FFFE, U+FFFF), which scraped text can hold. The templates escape it.
pub fn xml_text(s: &str) -> Cow<'_, str> {
    // Nearly all text holds none of them: a byte scan says so without decoding a char.
    // (0xEF starts the UTF-8 of U+FFFE and U+FFFF, and of a few others, which are
    // rare enough to go the slow way.)
    let surely_clean = s
        .bytes()
        .all(|b| (b >= b' ' && b != 0x7f && b != 0xef) || matches!(b, b'\t' | b'\n' | b'\r'));
    if surely_clean {
        return Cow::Borrowed(s);
    }
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || (c >= ' ' && c != '\u{7f}' && c != '\u{fffe}' && c != '\u{ffff}')
        })
        .collect()
}

/// URLs per sitemap file (the protocol's limit).
pub const SITEMAP_MAX: usize = 50_000;

/// `sitemap.xml`: every HTML page (`pages`: output paths), with `lastmod` for dated articles (and for person
/// and topic pages, the date of their newest dated article). Past
/// `SITEMAP_MAX` pages, `sitemap.xml` is a sitemap index over `sitemap-N.xml` files.
pub fn sitemap(
    graph: &SiteGraph,
    urls: &Urls,
    pages: &[&str],
    tera: &Tera,
) -> Result<Vec<OutputFile>, TemplateError> {
    sitemap_with_limit(graph, urls, pages, tera, SITEMAP_MAX)
}

pub fn sitemap_with_limit(
    graph: &SiteGraph,
    urls: &Urls,
    pages: &[&str],
    tera: &Tera,
    max: usize,
) -> Result<Vec<OutputFile>, TemplateError> {
    let mut pages: Vec<&str> = pages
        .iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| p.trim_end_matches("index.html"))
        .collect();
    pages.sort_unstable();
    let dates = last_modified(graph);
    let urlset = |chunk: &[&str], path: String| {
        let entries: Vec<SitemapUrl> = (chunk.iter())
            .map(|p| SitemapUrl {
                loc: xml_text(&urls.absolute(p)).into_owned(),
                lastmod: dates.get(*p).map(|d| d.to_string()),
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("entries", &entries);
        render(tera, "sitemap.xml", &ctx, path)
    };
    let chunks: Vec<&[&str]> = pages.chunks(max.max(1)).collect();
    if chunks.len() <= 1 {
        return Ok(vec![urlset(
            chunks.first().copied().unwrap_or(&[]),
            "sitemap.xml".into(),
        )?]);
    }
    let mut out = Vec::with_capacity(chunks.len() + 1);
    let mut sitemaps = Vec::with_capacity(chunks.len());
    for (n, chunk) in chunks.into_iter().enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        sitemaps.push(xml_text(&urls.absolute(&name)).into_owned());
        out.push(urlset(chunk, name)?);
    }
    let mut ctx = Context::new();
    ctx.insert("sitemaps", &sitemaps);
    out.push(render(
        tera,
        "sitemap_index.xml",
        &ctx,
        "sitemap.xml".into(),
    )?);
    Ok(out)
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

/// Page path → date: an article's date; for a person or topic page, its newest dated
/// article's.
fn last_modified(graph: &SiteGraph) -> std::collections::HashMap<String, chrono::NaiveDate> {
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
    dates
}

/// `robots.txt`: everything allowed, and where the sitemap is.
pub fn robots(urls: &Urls, tera: &Tera) -> Result<OutputFile, TemplateError> {
    let mut ctx = Context::new();
    ctx.insert("sitemap_url", &urls.absolute("sitemap.xml"));
    render(tera, "robots.txt", &ctx, "robots.txt".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_drops_what_xml_forbids_and_keeps_the_rest() {
        assert_eq!(xml_text("a < b & \"c\"\tok\n"), "a < b & \"c\"\tok\n");
        assert!(matches!(xml_text("Hà Nội — “quoted”"), Cow::Borrowed(_)));
        assert_eq!(xml_text("bell\u{7}del\u{7f} nul\u{0}"), "belldel nul");
        assert_eq!(xml_text("x\u{fffe}y\u{ffff}z"), "xyz");
        // Other characters whose UTF-8 starts with 0xEF stay.
        assert_eq!(xml_text("\u{feff}ｆｕｌｌ <"), "\u{feff}ｆｕｌｌ <");
    }
}
