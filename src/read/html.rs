//! The HTML reader: a saved web page (or one response of a web archive) as an `Article`.
//!
//! The page's own metadata comes first — JSON-LD (`NewsArticle` and kin), OpenGraph and
//! `article:*` meta, `meta name=author|byl|date`, `<time datetime>`, the `<h1>` — and the
//! raw-text reader, run over the page's visible text, fills in what the markup lacks. The
//! body is found by main-content extraction (`dom_smoothie`, a port of Mozilla's
//! Readability, chosen by measurement: see the commit that brought it) and then rewritten
//! block by block: paragraphs and headings become plain-text blocks (so people and topics
//! get linked in them), lists, quotes and tables are written again from an allowlist of
//! elements and attributes (nothing of the page's markup is passed through), pictures
//! become figures with their captions.

use super::{Article, Block, Contributor, Format, Image, Role};
use crate::diag::Diagnostics;
use chrono::NaiveDate;
use dom_query::{Document, NodeRef};
use serde_json::Value;

mod credits;

/// Where a page came from, when something outside it says so (a web archive's record).
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The address the page was captured from.
    pub url: Option<String>,
    /// When it was captured (RFC 3339).
    pub captured: Option<String>,
    /// The charset the HTTP response declared.
    pub charset: Option<String>,
}

/// Why a page gave no article.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("not an HTML page (no markup found)")]
    NotHtml,
    #[error("the page has no body text")]
    NoBody,
    #[error("the page has {0} elements, more than the {1} a news page could have")]
    TooManyElements(usize, usize),
}

/// More elements than this is not a news page (a big one has a few thousand), and
/// extraction time grows with them.
const MAX_ELEMENTS: usize = 200_000;

/// Reads a page. `None` (with an error naming the file) when it holds no article.
pub fn read_html(
    rel: &str,
    bytes: &[u8],
    origin: &Origin,
    diags: &mut Diagnostics,
) -> Option<Article> {
    let text = decode(rel, bytes, origin.charset.as_deref(), diags);
    if looks_cut_short(&text) {
        diags.warn(
            rel,
            None,
            "the page ends before its </body> or </html> (cut short while saving or \
             downloading?); what is there is read",
        );
    }
    match read_page(rel, &text, origin) {
        Ok(article) => Some(article),
        Err(e) => {
            diags.error(rel, None, format!("{e}; skipped"));
            None
        }
    }
}

/// Whether a page looks cut off: it has a `<body>` but no closing `</body>` or `</html>`
/// near its end (browsers and crawlers save both; a download that stopped has neither).
fn looks_cut_short(text: &str) -> bool {
    const TAIL: usize = 64 * 1024;
    let bytes = text.as_bytes();
    let has = |hay: &[u8], needle: &[u8]| {
        hay.windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    let tail = &bytes[bytes.len().saturating_sub(TAIL)..];
    has(bytes, b"<body") && !has(tail, b"</body") && !has(tail, b"</html")
}

fn read_page(rel: &str, text: &str, origin: &Origin) -> Result<Article, PageError> {
    if !text.contains('<') {
        return Err(PageError::NotHtml);
    }
    let doc = Document::from(text);
    let elements = doc
        .root()
        .descendants_it()
        .filter(|n| n.is_element())
        .count();
    if elements > MAX_ELEMENTS {
        return Err(PageError::TooManyElements(elements, MAX_ELEMENTS));
    }
    let meta = PageMeta::read(&doc);
    let mut article = Article::new(rel, Format::Html);
    article.url = meta
        .canonical
        .clone()
        .filter(|u| is_web_url(u))
        .or_else(|| origin.url.clone());
    article.captured = origin.captured.clone();

    // The text reader sees the page as a reader does (its visible text); it is asked only
    // for what the markup does not say.
    let needs_text_reader = meta.date.is_none() || meta.authors.is_empty() || meta.title.is_none();
    let page_text = needs_text_reader.then(|| visible_text(&doc));

    // Extraction drops many captions and credit lines: their credits are read first.
    let credit_texts = credits::credit_texts(&doc);

    let base_dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let blocks = dom_smoothie::Readability::with_document(doc, None, Some(cfg))
        .and_then(|mut r| r.parse())
        .map(|a| {
            let content = Document::fragment(a.content);
            body_blocks(&content, base_dir, article.url.as_deref())
        })
        .unwrap_or_default();

    let fallback = page_text
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            let mut quiet = Diagnostics::default();
            super::raw::read_raw(rel, t, &mut quiet)
        });

    article.blocks = blocks;
    if !article
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Paragraph { .. }))
    {
        // Extraction found no body: the text reader's is better than none.
        if let Some(f) = &fallback {
            article.blocks = f.blocks.clone();
        }
    }
    if article.blocks.iter().all(|b| b.text().trim().is_empty()) {
        return Err(PageError::NoBody);
    }

    let outlet = meta.outlet();
    set_title(
        &mut article,
        &meta,
        outlet.as_deref(),
        fallback.as_ref(),
        rel,
    );
    article.date = meta
        .date
        .or_else(|| dateline_date(&article.blocks))
        .or_else(|| article.url.as_deref().and_then(url_date))
        .or(fallback.as_ref().and_then(|f| f.date));
    article.outlet = outlet.or(fallback.as_ref().and_then(|f| f.outlet.clone()));
    set_contributors(&mut article, &meta, fallback.as_ref(), &credit_texts);
    article.description = meta.description.clone();
    Ok(article)
}

/// The headline: the markup's title without the site's name, else the text reader's, else
/// the file's name (marked as guessed); a heading repeating it at the top of the body goes.
fn set_title(
    article: &mut Article,
    meta: &PageMeta,
    outlet: Option<&str>,
    fallback: Option<&Article>,
    rel: &str,
) {
    match meta
        .title
        .as_deref()
        .map(|t| strip_site_name(t, outlet, meta))
    {
        Some(t) if !t.is_empty() => article.title = t,
        _ => match fallback {
            Some(f) => {
                article.title = f.title.clone();
                article.title_guessed = f.title_guessed;
            }
            None => {
                article.title = rel.rsplit('/').next().unwrap_or(rel).to_string();
                article.title_guessed = true;
            }
        },
    }
    // A heading repeating the title at the top of the body is the title.
    if let Some(Block::Heading { text }) = article.blocks.first()
        && fold(text) == fold(&article.title)
    {
        article.blocks.remove(0);
    }
}

/// The bylines the markup names (else the text reader's), then the photographers and
/// reporters its captions and credit lines name, each person once.
fn set_contributors(
    article: &mut Article,
    meta: &PageMeta,
    fallback: Option<&Article>,
    credit_texts: &[String],
) {
    article.contributors = meta
        .authors
        .iter()
        .map(|name| Contributor {
            name: name.clone(),
            role: Role::Author,
        })
        .collect();
    if article.contributors.is_empty()
        && let Some(f) = fallback
    {
        article.contributors = f.contributors.clone();
    }
    let own = credits::OwnOutlets::new(
        [
            &meta.publisher,
            &meta.site_name,
            &meta.author_org,
            &article.outlet,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str),
    );
    for c in credits::page_credits(credit_texts, &article.blocks, &own) {
        let known = article
            .contributors
            .iter()
            .any(|o| fold(&o.name) == fold(&c.name));
        if !known {
            article.contributors.push(c);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Charset

/// The page's bytes as text: the charset from the BOM, else the HTTP header, else the
/// page's `<meta charset>`, else UTF-8; bytes that are not what was declared are read as
/// Windows-1252 (what browsers do with undeclared Western pages), with a warning.
pub fn decode(
    rel: &str,
    bytes: &[u8],
    http_charset: Option<&str>,
    diags: &mut Diagnostics,
) -> String {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    let declared = http_charset
        .and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()))
        .or_else(|| meta_charset(bytes));
    // A page declaring UTF-16 in its meta is ASCII-compatible bytes: the declaration is wrong.
    let encoding = declared
        .filter(|e| *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE)
        .unwrap_or(encoding_rs::UTF_8);
    // UTF-8 bytes declared as a one-byte code page (a template's stale meta tag, a server's
    // default header) would come out as "CafÃ©": bytes that are valid UTF-8 and not all
    // ASCII are, in practice, never meant as Windows-1252 or Latin-1.
    if encoding.is_single_byte() && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        diags.warn(
            rel,
            None,
            format!(
                "declared {}, but the bytes are UTF-8; read as UTF-8",
                encoding.name()
            ),
        );
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if !had_errors {
        return text.into_owned();
    }
    let (fallback, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    let said = match declared {
        Some(e) => format!("declared {}", e.name()),
        None => "no charset declared".to_string(),
    };
    diags.warn(
        rel,
        None,
        format!(
            "{said}, but the bytes are not {}; read as Windows-1252",
            encoding.name()
        ),
    );
    fallback.into_owned()
}

/// The charset of `<meta charset=X>` or `<meta http-equiv=Content-Type content="...;
/// charset=X">` in the first 4 KB, as browsers look for it (a simplified prescan).
fn meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = head[at..].find("<meta") {
        let start = at + i;
        let end = head[start..].find('>').map_or(head.len(), |j| start + j);
        let tag = &head[start..end];
        if let Some(c) = tag.find("charset") {
            let rest = tag[c + "charset".len()..].trim_start();
            if let Some(rest) = rest.strip_prefix('=') {
                let value: String = rest
                    .trim_start()
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|c| !matches!(c, '"' | '\'' | ';' | ' ' | '/' | '>'))
                    .collect();
                if let Some(e) = encoding_rs::Encoding::for_label(value.as_bytes()) {
                    return Some(e);
                }
            }
        }
        at = end;
    }
    None
}

// ---------------------------------------------------------------------------------------
// Metadata

/// What the page's markup says about the article.
#[derive(Debug, Default)]
struct PageMeta {
    title: Option<String>,
    h1: Option<String>,
    date: Option<NaiveDate>,
    /// People credited as authors (organisations are not people: they go to `publisher`).
    authors: Vec<String>,
    publisher: Option<String>,
    /// An organisation credited as the author (an agency, the paper itself).
    author_org: Option<String>,
    site_name: Option<String>,
    canonical: Option<String>,
    description: Option<String>,
}

/// JSON-LD `@type`s that describe a news article.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "ScholarlyArticle",
];

impl PageMeta {
    fn read(doc: &Document) -> PageMeta {
        let mut m = PageMeta::default();
        let metas = Metas::read(doc);
        let ld = json_ld(doc);
        let ld_str = |key: &str| ld.as_ref().and_then(|v| v.get(key)).and_then(text_of);

        let h1s: Vec<String> = doc
            .select("h1")
            .nodes()
            .iter()
            .map(|n| squash(&n.text()))
            .filter(|t| !t.is_empty())
            .take(8)
            .collect();
        m.h1 = h1s.first().cloned();
        let title_tag = doc
            .select("title")
            .nodes()
            .first()
            .map(|n| squash(&n.text()));
        // The headline the page marks as such (microdata) is the one it shows.
        let marked = doc
            .select("[itemprop=headline]")
            .nodes()
            .iter()
            .find_map(|n| {
                let t = if name_of(n) == "meta" {
                    squash(&n.attr("content").unwrap_or_default())
                } else {
                    squash(&n.text())
                };
                Some(t).filter(|t| !t.is_empty() && t.chars().count() <= 300)
            });
        let candidates: Vec<String> = [
            ld_str("headline"),
            metas.get(&["og:title"]),
            metas.get(&["twitter:title"]),
            title_tag,
        ]
        .into_iter()
        .flatten()
        .filter(|t| !t.is_empty())
        .collect();
        // A page's <h1> that its metadata confirms (one of the titles it gives, or the start
        // of one, before the site's name) is the headline a reader sees; an <h1> that none
        // confirms may be a section's name ("Health Center") or the site's logo.
        let confirmed = h1s.iter().find(|h| {
            let fh = fold(h);
            fh.split_whitespace().count() >= 2
                && candidates.iter().any(|c| {
                    let fc = fold(c);
                    fc == fh || (fc.starts_with(&fh) && fc[fh.len()..].starts_with(' '))
                })
        });
        m.title = marked
            .or_else(|| confirmed.cloned())
            .or_else(|| candidates.first().cloned())
            .or_else(|| m.h1.clone())
            .filter(|t| !t.is_empty());

        m.date = ld_str("datePublished")
            .as_deref()
            .and_then(parse_date)
            .or_else(|| {
                metas
                    .all(&[
                        "article:published_time",
                        "og:published_time",
                        "datepublished",
                        "date",
                        "pubdate",
                        "publishdate",
                        "publish-date",
                        "publish_date",
                        "article.published",
                        "dc.date.issued",
                        "dc.date",
                        "dcterms.created",
                        "dcterms.date",
                        "sailthru.date",
                        "parsely-pub-date",
                        "citation_publication_date",
                        "displaydate",
                        "ptime",
                    ])
                    .find_map(|d| parse_date(&d))
            })
            .or_else(|| ld_str("dateCreated").as_deref().and_then(parse_date))
            .or_else(|| time_element_date(doc));

        // The site's name first: an author that is the site is no person.
        m.site_name = metas.get(&["og:site_name", "application-name", "publisher"]);
        m.read_authors(doc, &metas, ld.as_ref());
        m.canonical = doc
            .select("link[rel=canonical]")
            .nodes()
            .iter()
            .find_map(|n| n.attr("href").map(|h| h.trim().to_string()))
            .or_else(|| metas.get(&["og:url"]))
            .or_else(|| ld_str("url"))
            .filter(|u| is_web_url(u));
        m.description = metas
            .get(&["description", "og:description"])
            .filter(|d| !d.is_empty());
        m
    }

    /// The authors the page names: in its JSON-LD (an organisation as the author is kept
    /// apart, as the outlet), else its meta tags, else the names its byline marks; and the
    /// publisher its JSON-LD names.
    fn read_authors(&mut self, doc: &Document, metas: &Metas, ld: Option<&Value>) {
        if let Some(ld) = ld {
            self.publisher = ld.get("publisher").and_then(|p| match p {
                Value::Object(o) => o.get("name").and_then(text_of),
                other => text_of(other),
            });
            for author in ld.get("author").map(as_list).unwrap_or_default() {
                match author {
                    Value::String(s) => self.add_author_names(s),
                    Value::Object(o) => {
                        let name = o.get("name").and_then(text_of).unwrap_or_default();
                        if is_type(author, &["Organization", "NewsMediaOrganization"]) {
                            self.author_org.get_or_insert(name);
                        } else {
                            self.add_author_names(&name);
                        }
                    }
                    _ => {}
                }
            }
        }
        if self.authors.is_empty() {
            for name in metas.all(&[
                "author",
                "article:author",
                "byl",
                "dc.creator",
                "sailthru.author",
                "parsely-author",
                "twitter:creator:name",
            ]) {
                self.add_author_names(&name);
                if !self.authors.is_empty() {
                    break;
                }
            }
        }
        if self.authors.is_empty() {
            // The byline's authors are marked side by side (`By <a rel=author>A</a> and <a
            // rel=author>B</a>`); marked names elsewhere are other stories' (a list of
            // related articles, the site's columnists).
            let marked = doc.select("[itemprop=author] [itemprop=name], [rel=author]");
            let named: Vec<(NodeRef, String)> = marked
                .nodes()
                .iter()
                .map(|n| (*n, squash(&n.text())))
                .filter(|(_, name)| !name.is_empty())
                .collect();
            let byline = named.first().and_then(|(n, _)| byline_of(n));
            for (_, name) in named.iter().filter(|(n, _)| byline_of(n) == byline) {
                self.add_author_names(name);
            }
        }
    }

    /// The outlet: the publisher the page names, else an organisation credited as the
    /// author, else the site's name.
    fn outlet(&self) -> Option<String> {
        self.publisher
            .clone()
            .or_else(|| self.author_org.clone())
            .or_else(|| self.site_name.clone())
            .filter(|o| !o.is_empty() && o.chars().count() <= 60)
    }

    /// Adds the people of an author string: `By JANE DOE and JOHN ROE`, `Jane Doe, John
    /// Roe`. Addresses and handles (`https://…/jane`, `@jane`) are not names.
    fn add_author_names(&mut self, s: &str) {
        let s = squash(s);
        if s.is_empty() || s.contains("://") || s.starts_with('@') || s.starts_with("www.") {
            return;
        }
        let s = strip_by(&s);
        for part in s.split([',', ';', '|', '&']).flat_map(|p| p.split(" and ")) {
            let name = part.trim().trim_end_matches(['.', ':']).trim().to_string();
            let words = name.split_whitespace().count();
            if !(1..=5).contains(&words)
                || !name.chars().next().is_some_and(char::is_uppercase)
                || name.chars().any(|c| c.is_ascii_digit() || c == '@')
            {
                continue;
            }
            let name = if name.chars().any(char::is_lowercase) {
                name
            } else {
                title_case(&name)
            };
            if words >= 2 && !self.authors.contains(&name) && self.names_a_person(&name) {
                self.authors.push(name);
            }
        }
    }

    /// Whether an author the markup names is a person: shaped like a name by the rule the
    /// text reader applies to a byline (capitalised words, none of them a word names are
    /// not made of: "Staff", "Reporters", "Desk", "Editorial", "The"), and not the site,
    /// an outlet or another organisation ("Associated Press", "The Daily Planet").
    fn names_a_person(&self, name: &str) -> bool {
        let own = credits::OwnOutlets::new(
            [&self.publisher, &self.site_name, &self.author_org]
                .into_iter()
                .flatten()
                .map(String::as_str),
        );
        super::raw::text::is_name_like(name) && !credits::is_organisation(name, &own)
    }
}

/// The element holding a marked author: the parent of the `rel=author` link, or of the
/// `itemprop=author` element the name is in.
fn byline_of(n: &NodeRef) -> Option<dom_query::NodeId> {
    let mut at = *n;
    if n.attr("itemprop").is_some_and(|v| v.as_ref() == "name") {
        while let Some(p) = at.parent() {
            at = p;
            if p.attr("itemprop").is_some_and(|v| v.as_ref() == "author") {
                break;
            }
        }
    }
    at.parent().map(|p| p.id)
}

/// `By Jane Doe` → `Jane Doe`.
fn strip_by(s: &str) -> &str {
    let lower = s.to_ascii_lowercase();
    for prefix in ["by:", "by ", "written by ", "words by "] {
        if lower.starts_with(prefix) {
            return s[prefix.len()..].trim_start();
        }
    }
    s
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `<meta>` elements, by lower-cased `name`, `property` or `itemprop`.
struct Metas(Vec<(String, String)>);

impl Metas {
    fn read(doc: &Document) -> Metas {
        let mut all = Vec::new();
        for n in doc.select("meta[content]").nodes() {
            let content = squash(&n.attr("content").unwrap_or_default());
            for key in ["name", "property", "itemprop"] {
                if let Some(k) = n.attr(key) {
                    all.push((k.trim().to_ascii_lowercase(), content.clone()));
                }
            }
        }
        Metas(all)
    }

    /// The first non-empty value among `keys`, in the order of `keys`.
    fn get(&self, keys: &[&str]) -> Option<String> {
        self.all(keys).next()
    }

    fn all<'a>(&'a self, keys: &'a [&'a str]) -> impl Iterator<Item = String> + 'a {
        keys.iter().flat_map(move |k| {
            self.0
                .iter()
                .filter(move |(name, v)| name == k && !v.is_empty())
                .map(|(_, v)| v.clone())
        })
    }
}

/// The page's JSON-LD object describing the article, looked for in every
/// `<script type="application/ld+json">`, in arrays and in `@graph`.
fn json_ld(doc: &Document) -> Option<Value> {
    for n in doc.select("script[type]").nodes() {
        let ty = n.attr("type").unwrap_or_default().to_ascii_lowercase();
        if !ty.contains("ld+json") {
            continue;
        }
        let raw = n.text();
        let raw = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("-->")
            .trim_end_matches("]]>");
        let Ok(value) = serde_json::from_str::<Value>(raw) else {
            continue;
        };
        if let Some(found) = find_article(&value, 0) {
            return Some(found.clone());
        }
    }
    None
}

fn find_article(v: &Value, depth: usize) -> Option<&Value> {
    if depth > 4 {
        return None;
    }
    match v {
        Value::Array(items) => items.iter().find_map(|i| find_article(i, depth + 1)),
        Value::Object(o) => {
            if is_type(v, ARTICLE_TYPES) {
                return Some(v);
            }
            o.get("@graph")
                .or_else(|| o.get("mainEntity"))
                .and_then(|g| find_article(g, depth + 1))
        }
        _ => None,
    }
}

fn is_type(v: &Value, types: &[&str]) -> bool {
    let matches = |t: &Value| {
        t.as_str()
            .map(|s| s.rsplit('/').next().unwrap_or(s))
            .is_some_and(|s| types.contains(&s))
    };
    match v.get("@type") {
        Some(Value::Array(ts)) => ts.iter().any(matches),
        Some(t) => matches(t),
        None => false,
    }
}

fn as_list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// A JSON-LD value as text: a string, or the first of an array of strings.
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(squash(&html_unescape(s))).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(text_of),
        _ => None,
    }
}

/// JSON-LD strings sometimes carry entities (`&amp;`, `&#39;`) the page's template put in.
fn html_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let doc = Document::fragment(format!("<p>{}</p>", s.replace('<', "&lt;")));
    doc.root().text().to_string()
}

/// A date as the page writes it in metadata: ISO 8601 (`2016-08-23`, with a time or
/// not), or a few common written forms. The calendar date as written (the page's own
/// time zone) is the article's date.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = s
        .get(..10)
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
    {
        return Some(d);
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    if s.len() == 8
        && s.bytes().all(|b| b.is_ascii_digit())
        && let Ok(d) = NaiveDate::parse_from_str(s, "%Y%m%d")
    {
        return Some(d);
    }
    for fmt in [
        "%Y/%m/%d",
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %B %Y",
        "%b. %d, %Y",
    ] {
        let head: String = s.split(['T', '|']).next().unwrap_or(s).trim().to_string();
        if let Ok(d) = NaiveDate::parse_from_str(&head, fmt) {
            return Some(d);
        }
    }
    None
}

/// The date of a dateline opening the story (`Feb. 23, 2015 -- Text`), when the markup
/// gives none.
fn dateline_date(blocks: &[Block]) -> Option<NaiveDate> {
    blocks
        .iter()
        .filter(|b| matches!(b, Block::Paragraph { .. }))
        .take(2)
        .find_map(|b| {
            let text = b.text();
            [" -- ", " — ", " – "].iter().find_map(|sep| {
                let (head, _) = text.split_once(sep)?;
                (head.chars().count() <= 40)
                    .then(|| parse_date(head.trim()))
                    .flatten()
            })
        })
}

/// The date in a news page's address (`https://news.example/2015/03/18/story-name/`), as
/// many sites file their stories: a year, month and day in a row, each a path segment.
fn url_date(url: &str) -> Option<NaiveDate> {
    let path = url.split("://").nth(1)?.split(['?', '#']).next()?;
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    segments.windows(3).find_map(|w| {
        let numeric = |s: &str, len: std::ops::RangeInclusive<usize>| {
            len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !(numeric(w[0], 4..=4) && numeric(w[1], 1..=2) && numeric(w[2], 1..=2)) {
            return None;
        }
        NaiveDate::from_ymd_opt(w[0].parse().ok()?, w[1].parse().ok()?, w[2].parse().ok()?)
            .filter(|d| (1990..=2100).contains(&chrono::Datelike::year(d)))
    })
}

/// The date of the article's `<time datetime>`: one marked as the publication time
/// (`pubdate`, `itemprop=datePublished`), else the first inside the article's markup or
/// its header. Times elsewhere on a page (comments, related stories) are not the article's.
fn time_element_date(doc: &Document) -> Option<NaiveDate> {
    let marked = doc.select(
        "time[pubdate][datetime], [itemprop=datePublished][datetime], [itemprop=datePublished][content]",
    );
    let scoped = doc.select("article time[datetime], header time[datetime], main time[datetime]");
    marked
        .nodes()
        .iter()
        .chain(scoped.nodes().iter())
        .find_map(|n| {
            n.attr("datetime")
                .or_else(|| n.attr("content"))
                .and_then(|d| parse_date(&d))
        })
}

/// A title less the site's name: `Headline | The Guardian`, `Headline - BBC News`,
/// `The Verge: Headline`. A part is the site's name when it is the outlet's name, the
/// page's host name, or what remains of the title when the page's `<h1>` is the rest.
fn strip_site_name(title: &str, outlet: Option<&str>, meta: &PageMeta) -> String {
    let title = squash(title);
    const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / "];
    let host = meta
        .canonical
        .as_deref()
        .and_then(|u| u.split("://").nth(1))
        .and_then(|r| r.split('/').next())
        .map(|h| h.trim_start_matches("www.").to_ascii_lowercase());
    let is_site = |part: &str| {
        let f = fold(part);
        if f.is_empty() {
            return false;
        }
        let compact: String = f.chars().filter(|c| c.is_alphanumeric()).collect();
        outlet.is_some_and(|o| {
            let o = fold(o);
            o == f || o.contains(&f) || f.contains(&o)
        }) || host.as_deref().is_some_and(|h| {
            let h: String = h.chars().filter(|c| c.is_alphanumeric()).collect();
            compact.len() >= 3 && (h.contains(&compact) || compact.contains(&h))
        }) || meta.site_name.as_deref().is_some_and(|s| fold(s) == f)
    };
    let mut t = title.clone();
    for _ in 0..3 {
        let mut changed = false;
        for sep in SEPARATORS {
            if let Some((head, tail)) = t.rsplit_once(sep)
                && !head.trim().is_empty()
                && is_site(tail)
            {
                t = head.trim().to_string();
                changed = true;
                break;
            }
            if let Some((head, tail)) = t.split_once(sep)
                && !tail.trim().is_empty()
                && is_site(head)
            {
                t = tail.trim().to_string();
                changed = true;
                break;
            }
        }
        if !changed {
            break;
        }
    }
    if t != title {
        return t;
    }
    // No part names the site, but the page's headline is one part: the rest is the site.
    if let Some(h1) = &meta.h1 {
        let fh = fold(h1);
        for sep in SEPARATORS {
            if let Some((head, _)) = title.rsplit_once(sep)
                && fold(head) == fh
            {
                return head.trim().to_string();
            }
        }
    }
    t
}

// ---------------------------------------------------------------------------------------
// Body

/// Elements whose content is never shown.
const DROP: &[&str] = &[
    "script", "style", "noscript", "template", "form", "iframe", "frame", "frameset", "object",
    "embed", "applet", "button", "input", "select", "textarea", "option", "svg", "math", "canvas",
    "audio", "video", "nav", "aside", "footer", "dialog", "menu", "head", "title", "meta", "link",
    "base",
];

/// Block-level elements: they end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "table",
    "blockquote",
    "pre",
    "figure",
    "hr",
    "center",
    "address",
    "details",
    "summary",
    "li",
    "dt",
    "dd",
    "figcaption",
    "tr",
    "td",
    "th",
    "picture",
];

/// Elements written again (with only the attributes `safe_attrs` allows) in lists,
/// quotes and tables. Any other element is replaced by its content.
const KEEP: &[&str] = &[
    "p",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "q",
    "cite",
    "pre",
    "code",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "small",
    "mark",
    "abbr",
    "br",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
];

fn name_of(n: &NodeRef) -> String {
    n.node_name()
        .map(|s| s.to_ascii_lowercase())
        .unwrap_or_default()
}

fn hidden(n: &NodeRef) -> bool {
    n.has_attr("hidden")
        || n.attr("aria-hidden").is_some_and(|v| v.as_ref() == "true")
        || n.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

/// The blocks of the extracted article.
fn body_blocks(content: &Document, base_dir: &str, page_url: Option<&str>) -> Vec<Block> {
    let mut w = BodyWriter {
        blocks: Vec::new(),
        inline: String::new(),
        base_dir,
        page_url,
    };
    w.walk(&content.root());
    w.flush();
    w.blocks
}

struct BodyWriter<'a> {
    blocks: Vec<Block>,
    /// Text of the paragraph being gathered from inline content.
    inline: String,
    base_dir: &'a str,
    page_url: Option<&'a str>,
}

impl BodyWriter<'_> {
    fn flush(&mut self) {
        let text = squash(&self.inline);
        self.inline.clear();
        if text.chars().any(char::is_alphanumeric) {
            self.blocks.push(Block::Paragraph { text });
        }
    }

    fn walk(&mut self, node: &NodeRef) {
        for child in node.children_it(false) {
            if child.is_text() {
                self.inline.push_str(&child.text());
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let name = name_of(&child);
            if DROP.contains(&name.as_str()) || hidden(&child) {
                continue;
            }
            match name.as_str() {
                "br" => self.inline.push(' '),
                "p" if !has_block_child(&child) => {
                    self.flush();
                    self.inline = inline_text(&child);
                    self.flush();
                }
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    self.flush();
                    let text = squash(&inline_text(&child));
                    if text.chars().any(char::is_alphanumeric) {
                        self.blocks.push(Block::Heading { text });
                    }
                }
                "ul" | "ol" | "dl" | "table" | "blockquote" | "pre" => {
                    self.flush();
                    self.rich(&child);
                }
                "figure" | "picture" => {
                    self.flush();
                    self.figure(&child);
                }
                "img" => {
                    self.flush();
                    self.figure(&child);
                }
                _ if BLOCKS.contains(&name.as_str()) => {
                    self.flush();
                    self.walk(&child);
                    self.flush();
                }
                _ if has_block_child(&child) => self.walk(&child),
                _ => self.inline.push_str(&inline_text(&child)),
            }
        }
    }

    /// A list, quote or table: written again from the allowlist, with its plain text.
    fn rich(&mut self, node: &NodeRef) {
        let text = squash(&inline_text(node));
        if !text.chars().any(char::is_alphanumeric) {
            return;
        }
        let mut html = String::new();
        write_safe(node, &mut html, self.page_url, false);
        // A list or a table is not the article's lede.
        self.blocks.push(Block::Html {
            html,
            text,
            lede: String::new(),
        });
    }

    fn figure(&mut self, node: &NodeRef) {
        let img = if name_of(node) == "img" {
            Some(*node)
        } else {
            node.descendants_it()
                .find(|d| d.is_element() && name_of(d) == "img")
        };
        let caption = node
            .descendants_it()
            .find(|d| d.is_element() && name_of(d) == "figcaption")
            .map(|c| squash(&inline_text(&c)))
            .unwrap_or_default();
        let alt = img
            .as_ref()
            .and_then(|i| i.attr("alt"))
            .map(|a| squash(&a))
            .unwrap_or_default();
        let image = img.as_ref().and_then(|i| self.image_of(i));
        if image.is_none() && caption.is_empty() {
            return;
        }
        self.blocks.push(Block::Figure {
            image,
            alt,
            text: caption,
        });
    }

    /// Where a picture is: saved beside the page (a relative path into `NAME_files/`) or
    /// on the web. Inline data and other schemes are dropped.
    fn image_of(&self, img: &NodeRef) -> Option<Image> {
        let src = img
            .attr("src")
            .filter(|s| !s.trim().is_empty() && !s.starts_with("data:"))
            .or_else(|| img.attr("data-src"))
            .or_else(|| {
                img.attr("srcset")
                    .and_then(|s| s.split_whitespace().next().map(Into::into))
            })?;
        let src = src.trim();
        if let Some(rest) = src.strip_prefix("//") {
            return Some(Image::Remote(format!("https://{rest}")));
        }
        if is_web_url(src) {
            return Some(Image::Remote(src.to_string()));
        }
        if src.contains(':') {
            return None;
        }
        let path = percent_decode(src.split(['?', '#']).next().unwrap_or(src));
        // A path from the site's root (a mirror made without `--convert-links`) starts at
        // the mirror's folder.
        let base = if path.starts_with('/') {
            mirror_root(self.base_dir)
        } else {
            self.base_dir
        };
        let joined = join_path(base, &path)?;
        crate::load::media_path(&joined).map(|m| Image::Local(format!("static/{m}")))
    }
}

fn has_block_child(n: &NodeRef) -> bool {
    n.descendants_it()
        .any(|d| d.is_element() && BLOCKS.contains(&name_of(&d).as_str()))
}

/// The text of an element as one line, without what `DROP` hides.
fn inline_text(n: &NodeRef) -> String {
    let mut out = String::new();
    collect_text(n, &mut out);
    out
}

fn collect_text(n: &NodeRef, out: &mut String) {
    for c in n.children_it(false) {
        if c.is_text() {
            out.push_str(&c.text());
        } else if c.is_element() {
            let name = name_of(&c);
            if DROP.contains(&name.as_str()) || hidden(&c) {
                continue;
            }
            let block = BLOCKS.contains(&name.as_str()) || name == "br";
            if block {
                out.push(' ');
            }
            collect_text(&c, out);
            if block {
                out.push(' ');
            }
        }
    }
}

/// Writes `n`'s content as safe HTML: elements of `KEEP` with the attributes
/// `safe_attrs` allows, text escaped, everything else replaced by its content or (`DROP`)
/// left out.
fn write_safe(n: &NodeRef, out: &mut String, page_url: Option<&str>, in_pre: bool) {
    if n.is_text() {
        let text = n.text();
        if in_pre {
            let _ = pulldown_cmark_escape::escape_html(&mut *out, &text);
        } else {
            let squashed = collapse_spaces(&text);
            let _ = pulldown_cmark_escape::escape_html(&mut *out, &squashed);
        }
        return;
    }
    if !n.is_element() {
        return;
    }
    let name = name_of(n);
    if DROP.contains(&name.as_str()) || hidden(n) {
        return;
    }
    let keep = KEEP.contains(&name.as_str());
    if keep {
        out.push('<');
        out.push_str(&name);
        safe_attrs(n, &name, out, page_url);
        out.push('>');
        if name == "br" {
            return;
        }
    }
    let pre = in_pre || name == "pre";
    for c in n.children_it(false) {
        write_safe(&c, out, page_url, pre);
    }
    if keep {
        out.push_str("</");
        out.push_str(&name);
        out.push('>');
    }
}

/// The only attributes kept: a link's address when it is a web or mail address (made
/// absolute against the page's address), and a table cell's spans when they are numbers.
fn safe_attrs(n: &NodeRef, name: &str, out: &mut String, page_url: Option<&str>) {
    match name {
        "a" => {
            if let Some(href) = n
                .attr("href")
                .and_then(|h| absolute_link(h.trim(), page_url))
            {
                out.push_str(" href=\"");
                let _ = pulldown_cmark_escape::escape_href(&mut *out, &href);
                out.push_str("\" rel=\"nofollow noopener\"");
            }
        }
        "td" | "th" => {
            for attr in ["colspan", "rowspan"] {
                if let Some(v) = n.attr(attr).filter(|v| {
                    !v.is_empty() && v.len() <= 3 && v.bytes().all(|b| b.is_ascii_digit())
                }) {
                    out.push_str(&format!(" {attr}=\"{v}\""));
                }
            }
        }
        _ => {}
    }
}

/// A link target safe to write: `http(s):` and `mailto:` as they are; a path from the
/// site's root or a relative one resolved against the page's address when it is known;
/// anything else (`javascript:`, `data:`, an in-page anchor) is not kept.
fn absolute_link(href: &str, page_url: Option<&str>) -> Option<String> {
    if is_web_url(href) || href.to_ascii_lowercase().starts_with("mailto:") {
        return Some(href.to_string());
    }
    if href.contains(':') || href.is_empty() || href.starts_with('#') {
        return None;
    }
    let page = page_url.filter(|u| is_web_url(u))?;
    let (scheme, rest) = page.split_once("://")?;
    let host = rest.split('/').next()?;
    if let Some(rest) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{rest}"));
    }
    if href.starts_with('/') {
        return Some(format!("{scheme}://{host}{href}"));
    }
    let dir = page.rsplit_once('/').map_or(page, |(d, _)| d);
    Some(format!("{dir}/{href}"))
}

fn is_web_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !s.contains(char::is_whitespace)
}

/// The folder a page's root-relative paths (`/images/a.jpg`) start from: in a mirror
/// (`wget --mirror` puts a site's pages under a folder named after its host,
/// `seeds/harbourtimes.example/news/…`) the host's folder, else the first folder below
/// `seeds/`, else `seeds` itself.
fn mirror_root(base_dir: &str) -> &str {
    let parts: Vec<&str> = base_dir.split('/').collect();
    let host = parts
        .iter()
        .skip(1)
        .position(|p| p.contains('.') && !p.ends_with("_files") && !p.starts_with('.'));
    let depth = match host {
        Some(i) => i + 2,
        None => parts.len().min(2),
    };
    let end: usize = parts[..depth].iter().map(|p| p.len() + 1).sum::<usize>() - 1;
    &base_dir[..end]
}

/// `seeds/dir` + `NAME_files/a.jpg` → `seeds/dir/NAME_files/a.jpg`; `None` when the path
/// climbs out of `seeds/`.
fn join_path(base_dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    joined.starts_with("seeds/").then_some(joined)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------------------
// The page's visible text, for the text reader

/// The page's text as a browser's select-all gives it: one line per block, without what
/// is never shown.
fn visible_text(doc: &Document) -> String {
    let mut out = String::new();
    if let Some(body) = doc.body() {
        lines_of(&body, &mut out);
    }
    let mut text = String::with_capacity(out.len());
    for line in out.lines() {
        let line = squash(line);
        if !line.is_empty() {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

fn lines_of(n: &NodeRef, out: &mut String) {
    for c in n.children_it(false) {
        if c.is_text() {
            out.push_str(&c.text());
        } else if c.is_element() {
            let name = name_of(&c);
            if matches!(
                name.as_str(),
                "script" | "style" | "noscript" | "template" | "svg" | "head"
            ) || hidden(&c)
            {
                continue;
            }
            let block = BLOCKS.contains(&name.as_str())
                || matches!(
                    name.as_str(),
                    "br" | "nav" | "aside" | "footer" | "form" | "time"
                );
            if block {
                out.push('\n');
            }
            lines_of(&c, out);
            if block {
                out.push('\n');
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Text helpers

/// Whitespace runs (no-break spaces too) as one space, trimmed.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whitespace runs as one space, ends kept (inline text between elements).
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// Case-, spacing- and punctuation-insensitive form, to compare titles and names.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_kept_only_when_safe() {
        assert_eq!(absolute_link("javascript:alert(1)", None), None);
        assert_eq!(
            absolute_link(" JavaScript:x", Some("https://a.example/x/y")),
            None
        );
        assert_eq!(
            absolute_link("/news/1", Some("https://a.example/x/y")).as_deref(),
            Some("https://a.example/news/1")
        );
        assert_eq!(absolute_link("/news/1", None), None);
    }

    #[test]
    fn paths_stay_in_seeds() {
        assert_eq!(
            join_path("seeds/a", "p_files/x%20y.jpg").as_deref(),
            Some("seeds/a/p_files/x%20y.jpg")
        );
        assert_eq!(join_path("seeds", "../../etc/passwd"), None);
        assert_eq!(percent_decode("x%20y.jpg"), "x y.jpg");
    }

    #[test]
    fn root_relative_pictures_start_at_the_mirror_folder() {
        assert_eq!(
            mirror_root("seeds/mirrors/harbourtimes.example/news/2021/budget"),
            "seeds/mirrors/harbourtimes.example"
        );
        assert_eq!(mirror_root("seeds/site/news/budget"), "seeds/site");
        assert_eq!(mirror_root("seeds"), "seeds");
        assert_eq!(
            join_path(mirror_root("seeds/h.example/a/b"), "/img/p.jpg").as_deref(),
            Some("seeds/h.example/img/p.jpg")
        );
    }

    #[test]
    fn dates_in_metadata_forms() {
        let d = NaiveDate::from_ymd_opt(2015, 3, 9).unwrap();
        assert_eq!(parse_date("2015-03-09T22:10:00-05:00"), Some(d));
        assert_eq!(parse_date("Mon, 09 Mar 2015 10:00:00 GMT"), Some(d));
        assert_eq!(parse_date("20150309"), Some(d));
        assert_eq!(parse_date("March 9, 2015"), Some(d));
        assert_eq!(parse_date("Mar. 9, 2015"), Some(d));
        assert_eq!(parse_date("yesterday"), None);
        let lede = |t: &str| vec![Block::Paragraph { text: t.into() }];
        assert_eq!(
            dateline_date(&lede("March 9, 2015 -- The council met.")),
            Some(d)
        );
        assert_eq!(dateline_date(&lede("The council met -- at last.")), None);
        assert_eq!(
            url_date("https://news.example/world/2015/03/09/council-meets/"),
            Some(d)
        );
        assert_eq!(
            url_date("https://news.example/2015/03/council-meets/"),
            None
        );
        assert_eq!(url_date("https://news.example/2015/13/40/x"), None);
        assert_eq!(url_date("https://news.example/a?d=2015/03/09"), None);
    }
}
