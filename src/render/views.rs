//! What templates see: plain, serializable views of the site graph, with every link
//! already made by `Urls`.

use super::body::{SpanLink, render_body};
use super::json;
use super::urls::Urls;
use crate::graph::SiteGraph;
use crate::i18n::Translations;
use crate::read::Image;
use crate::read::Role;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Serialize, Clone)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub author: String,
    pub base_url: String,
    /// Links for the header: (label, url).
    pub nav: Vec<Link>,
    pub home_url: String,
    pub search_url: String,
    /// The site's feeds: Atom, RSS 2.0, JSON Feed.
    pub feed_url: String,
    pub rss_url: String,
    pub json_feed_url: String,
    pub style_url: String,
    pub highlight_url: String,
    pub favicon_url: String,
    pub search_js_url: String,
    pub search_index_url: String,
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// Per page: what `<head>` needs.
#[derive(Serialize, Clone)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Site-relative path of the page.
    pub path: String,
    pub url: String,
    pub canonical: String,
    /// Feeds of this page (person, topic), if any: Atom, RSS 2.0, JSON Feed.
    pub feed_url: Option<String>,
    pub rss_url: Option<String>,
    pub json_feed_url: Option<String>,
    pub kind: &'static str,
    /// Structured data (schema.org JSON-LD), already escaped for a `<script>` element;
    /// empty when the page has none.
    pub jsonld: String,
    /// Publication date (YYYY-MM-DD) of an article page, when known.
    pub published: Option<String>,
    /// The pages before and after this one in a paginated list (`rel=prev`/`next`).
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct ArticleCard {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub date_human: Option<String>,
    pub lede: String,
    pub outlet: Option<String>,
    pub title_guessed: bool,
}

#[derive(Serialize, Clone, Default)]
pub struct NamedLink {
    pub name: String,
    pub url: String,
    pub count: usize,
    pub role: Option<&'static str>,
    pub kind: Option<&'static str>,
}

/// An article in a compact list: the long tail of a person's or topic's articles.
#[derive(Serialize, Clone)]
pub struct ShortLink {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub date_human: Option<String>,
}

#[derive(Serialize)]
pub struct ArticleView {
    pub meta: PageMeta,
    pub title: String,
    pub title_guessed: bool,
    pub date: Option<String>,
    pub date_human: Option<String>,
    /// The page of the articles of the same month (`articles/YYYY/MM/`).
    pub month_url: Option<String>,
    pub outlet: Option<String>,
    /// The address of the page the article was read from (web pages only; http(s) only).
    pub source_url: Option<String>,
    pub contributors: Vec<NamedLink>,
    pub body_html: String,
    pub persons: Vec<NamedLink>,
    pub topics: Vec<NamedLink>,
    /// Cards (`ArticleCard`s, already converted for the templates).
    pub related: Vec<tera::Value>,
    pub source: String,
    pub words: usize,
    /// The citation downloads (`cite.bib`, `cite.ris`).
    pub bibtex_url: String,
    pub ris_url: String,
}

/// A role as a person page shows it: one canonical wording, with the span of dates of the
/// articles that gave it ("Dec 2021 – Jul 2024").
#[derive(Serialize, Debug, PartialEq)]
pub struct RoleView {
    pub role: String,
    /// The first and last month it was seen, or one month; none when every article giving
    /// it is undated.
    pub span: Option<String>,
    /// Articles giving the role.
    pub articles: usize,
}

/// One list of articles on a paginated page: the articles naming a person, those a person
/// wrote or photographed, a topic's articles. `first`..=`last` (from 1) of `total` are on
/// this page.
#[derive(Serialize)]
pub struct ListSection {
    /// Anchor and kind: "named", "author", "photographer", "translator", "editor", "topic".
    pub id: &'static str,
    pub heading: String,
    pub total: usize,
    pub first: usize,
    pub last: usize,
    pub cards: Vec<tera::Value>,
}

#[derive(Serialize)]
pub struct PersonView {
    pub meta: PageMeta,
    pub name: String,
    pub aliases: Vec<String>,
    pub roles: Vec<RoleView>,
    pub bio_html: String,
    /// Articles naming the person, then those they are credited for, by role; each the
    /// slice of this page.
    pub sections: Vec<ListSection>,
    pub pager: Pager,
    /// Articles naming the person, and articles crediting them.
    pub named: usize,
    pub credited: usize,
    pub alongside: Vec<NamedLink>,
    pub topics: Vec<NamedLink>,
}

#[derive(Serialize)]
pub struct TopicView {
    pub meta: PageMeta,
    pub name: String,
    /// What kind of thing the topic is, in words ("An organisation"); none for a theme.
    pub kind_label: Option<String>,
    pub aliases: Vec<String>,
    pub description_html: String,
    pub section: ListSection,
    pub pager: Pager,
    pub people: Vec<NamedLink>,
}

/// An A–Z index: each letter with the names under it; a letter with no name has no entries.
#[derive(Serialize)]
pub struct LetterGroup {
    pub letter: String,
    /// Anchor of the letter's list ("letter-a", "letter-other").
    pub id: String,
    pub entries: Vec<NamedLink>,
}

/// A person credited for articles, on the people index: name, articles, and what they did.
#[derive(Serialize)]
pub struct ContributorLink {
    pub name: String,
    pub url: String,
    pub count: usize,
    /// "author 3 · photographer 1".
    pub roles: String,
}

#[derive(Serialize)]
pub struct Pager {
    /// Page (from 1) and pages.
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

pub struct Views<'a> {
    graph: &'a SiteGraph,
    urls: &'a Urls,
    /// Each article's card and short link, made (and converted for the templates) the
    /// first time a page shows them: an article is shown on many pages (related lists, its
    /// people's and topics' pages, the lists), and a Tera value is shared, not copied, by
    /// every page that shows it.
    cards: Vec<OnceLock<tera::Value>>,
    short_links: Vec<OnceLock<tera::Value>>,
    /// Each person's and topic's link, and JSON-LD `LdThing`, made the first time an
    /// article names them: a person is named in many articles.
    person_urls: Vec<OnceLock<String>>,
    topic_urls: Vec<OnceLock<String>>,
    person_lds: Vec<OnceLock<String>>,
    topic_lds: Vec<OnceLock<String>>,
}

pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Author => "author",
        Role::Translator => "translator",
        Role::Photographer => "photographer",
        Role::Editor => "editor",
    }
}

pub fn kind_name(kind: crate::recognize::TopicKind) -> &'static str {
    use crate::recognize::TopicKind::*;
    match kind {
        Theme => "theme",
        Organisation => "organisation",
        Event => "event",
        Place => "place",
    }
}

/// `2024-03-04`, as `NaiveDate`'s `Display` writes it, without the formatting machinery.
pub fn iso_date(d: NaiveDate) -> String {
    if !(0..=9999).contains(&d.year()) {
        return d.to_string();
    }
    let mut out = String::with_capacity(10);
    push_number(&mut out, d.year() as u32, 4);
    out.push('-');
    push_number(&mut out, d.month(), 2);
    out.push('-');
    push_number(&mut out, d.day(), 2);
    out
}

/// `n` in decimal, zero-padded to at least `width` digits (`n` below 10,000).
fn push_number(out: &mut String, n: u32, width: usize) {
    let digits = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let needed = match n {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        _ => 4,
    };
    for &d in &digits[4 - needed.max(width)..] {
        out.push(char::from(b'0' + d as u8));
    }
}

/// JSON for a `<script type="application/ld+json">` element: `<`, `>` and `&` written as
/// `\u003c`, `\u003e` and `\u0026`, so no text (a headline holding `</script>`) can end the
/// element early; the JSON means the same.
pub fn script_json(value: &impl Serialize) -> String {
    script_safe(serde_json::to_string(value).expect("serializable"))
}

/// `json` with `<`, `>` and `&` written as `script_json` writes them.
fn script_safe(json: String) -> String {
    let special = |b: &u8| matches!(b, b'<' | b'>' | b'&');
    // Bytes, not chars: the three are ASCII, and a byte scan is several times cheaper
    // than decoding every character.
    if !json.as_bytes().iter().any(special) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    let mut rest = json.as_str();
    while let Some(at) = rest.as_bytes().iter().position(special) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

/// A person or thing with a page, in JSON-LD: `{"@type", "name", "url"}`.
#[derive(Serialize)]
struct LdThing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

/// `n` caches, none filled yet.
fn empty_cache<T>(n: usize) -> Vec<OnceLock<T>> {
    (0..n).map(|_| OnceLock::new()).collect()
}

/// `,"key":[item,item]` (items already JSON), or nothing when there is no item.
fn push_json_list<'s>(out: &mut String, key: &str, items: impl Iterator<Item = &'s str>) {
    let mut items = items.peekable();
    if items.peek().is_none() {
        return;
    }
    out.push_str(",\"");
    out.push_str(key);
    out.push_str("\":[");
    for (n, item) in items.enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(item);
    }
    out.push(']');
}

/// A short summary: the first sentences of the lede, cut at a word boundary.
pub fn summary(text: &str, max: usize) -> String {
    // A description from front matter may span lines; a summary is one line of text.
    let collapsed;
    let text = if text.contains(['\n', '\r', '\t']) {
        collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        collapsed.as_str()
    } else {
        text.trim()
    };
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', ';', ':']))
}

impl<'a> Views<'a> {
    pub fn new(graph: &'a SiteGraph, urls: &'a Urls) -> Self {
        let (articles, people, topics) =
            (graph.articles.len(), graph.people.len(), graph.topics.len());
        Views {
            graph,
            urls,
            cards: empty_cache(articles),
            short_links: empty_cache(articles),
            person_urls: empty_cache(people),
            topic_urls: empty_cache(topics),
            person_lds: empty_cache(people),
            topic_lds: empty_cache(topics),
        }
    }

    /// The link to person `p`'s page.
    fn person_url(&self, p: usize) -> &str {
        self.person_urls[p].get_or_init(|| self.urls.path(&self.graph.people[p].path()))
    }

    /// The link to topic `t`'s page.
    fn topic_url(&self, t: usize) -> &str {
        self.topic_urls[t].get_or_init(|| self.urls.path(&self.graph.topics[t].path()))
    }

    /// Person `p` as a JSON-LD `Person`, as articles name them.
    fn person_ld_json(&self, p: usize) -> &str {
        self.person_lds[p].get_or_init(|| {
            let person = &self.graph.people[p];
            serde_json::to_string(&LdThing {
                kind: "Person",
                name: &person.name,
                url: self.urls.absolute(&person.path()),
            })
            .expect("serializable")
        })
    }

    /// Topic `t` as a JSON-LD `Thing`, as articles name them.
    fn topic_ld_json(&self, t: usize) -> &str {
        self.topic_lds[t].get_or_init(|| {
            let topic = &self.graph.topics[t];
            serde_json::to_string(&LdThing {
                kind: "Thing",
                name: &topic.name,
                url: self.urls.absolute(&topic.path()),
            })
            .expect("serializable")
        })
    }

    /// A site-relative path as a link from any page.
    pub fn url(&self, rel: &str) -> String {
        self.urls.path(rel)
    }

    pub fn site(&self) -> SiteView {
        let c = &self.graph.config;
        let t = &c.translations;
        let u = self.urls;
        let mut nav = vec![
            Link {
                label: t.label("articles").into(),
                url: u.path("articles/"),
            },
            Link {
                label: t.label("people").into(),
                url: u.path("people/"),
            },
            Link {
                label: t.label("topics").into(),
                url: u.path("topics/"),
            },
        ];
        for p in &self.graph.pages {
            nav.push(Link {
                label: p.title.clone(),
                url: u.path(&p.path),
            });
        }
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            author: c.author.clone(),
            base_url: u.base_url().to_string(),
            nav,
            home_url: u.path(""),
            search_url: u.path("search/"),
            feed_url: u.path("atom.xml"),
            rss_url: u.path("rss.xml"),
            json_feed_url: u.path("feed.json"),
            style_url: u.path("static/style.css"),
            highlight_url: u.path("static/highlight.css"),
            favicon_url: u.path("static/favicon.svg"),
            search_js_url: u.path("static/search.js"),
            search_index_url: u.path("data/search.json"),
        }
    }

    /// Links `meta` to the feeds written in `folder` (a person's or topic's).
    fn set_feeds(&self, meta: &mut PageMeta, folder: &str) {
        meta.feed_url = Some(self.urls.path(&format!("{folder}atom.xml")));
        meta.rss_url = Some(self.urls.path(&format!("{folder}rss.xml")));
        meta.json_feed_url = Some(self.urls.path(&format!("{folder}feed.json")));
    }

    pub fn meta(&self, path: &str, title: &str, description: &str) -> PageMeta {
        PageMeta {
            title: title.to_string(),
            description: summary(description, 200),
            path: path.to_string(),
            url: self.urls.path(path),
            canonical: self.urls.absolute(path),
            feed_url: None,
            rss_url: None,
            json_feed_url: None,
            kind: "page",
            jsonld: String::new(),
            published: None,
            prev_url: None,
            next_url: None,
        }
    }

    /// The card of article `i`, as a Tera value.
    pub fn card(&self, i: usize) -> tera::Value {
        self.cards[i]
            .get_or_init(|| tera::Value::from_serializable(&self.article_card(i)))
            .clone()
    }

    fn article_card(&self, i: usize) -> ArticleCard {
        let node = &self.graph.articles[i];
        let a = &node.article;
        ArticleCard {
            title: a.title.clone(),
            url: self.urls.path(&node.path()),
            date: a.date.map(iso_date),
            date_human: a.date.map(|d| self.graph.config.translations.long_date(d)),
            lede: summary(a.description.as_deref().or(a.lede()).unwrap_or(""), 240),
            outlet: a.outlet.clone(),
            title_guessed: a.title_guessed,
        }
    }

    pub fn cards(&self, idx: impl IntoIterator<Item = usize>) -> Vec<tera::Value> {
        idx.into_iter().map(|i| self.card(i)).collect()
    }

    /// The `ShortLink` of article `i`, as a Tera value.
    pub fn short_link(&self, i: usize) -> tera::Value {
        self.short_links[i]
            .get_or_init(|| {
                let card = self.article_card(i);
                tera::Value::from_serializable(&ShortLink {
                    title: card.title,
                    url: card.url,
                    date: card.date,
                    date_human: card.date_human,
                })
            })
            .clone()
    }

    pub fn article(&self, i: usize) -> ArticleView {
        let g = self.graph;
        let node = &g.articles[i];
        let a = &node.article;
        let mut mentions = Vec::new();
        for p in &node.persons {
            let href = self.person_url(p.person);
            mentions.extend(p.spans.iter().map(|s| SpanLink {
                span: *s,
                href,
                class: "person",
            }));
        }
        for t in &node.topics {
            let href = self.topic_url(t.topic);
            mentions.extend(t.spans.iter().map(|s| SpanLink {
                span: *s,
                href,
                class: "topic",
            }));
        }
        let mut meta = self.meta(
            &node.path(),
            &a.title,
            a.description.as_deref().or(a.lede()).unwrap_or(""),
        );
        meta.kind = "article";
        meta.jsonld = self.article_jsonld_with(i, &meta.description);
        meta.published = a.date.map(iso_date);
        ArticleView {
            meta,
            title: a.title.clone(),
            title_guessed: a.title_guessed,
            date: a.date.map(iso_date),
            date_human: a.date.map(|d| self.graph.config.translations.long_date(d)),
            month_url: a
                .date
                .map(|d| self.urls.path(&month_path(d.year(), d.month()))),
            outlet: a.outlet.clone(),
            source_url: a
                .url
                .clone()
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
            contributors: node
                .contributors
                .iter()
                .map(|&(p, role)| NamedLink {
                    name: g.people[p].name.clone(),
                    url: self.person_url(p).to_string(),
                    count: 1,
                    role: Some(role_name(role)),
                    kind: None,
                })
                .collect(),
            body_html: render_body(&a.blocks, mentions, &|image| match image {
                Image::Local(path) => Some(self.urls.path(path)),
                Image::Remote(url) => g.config.html.remote_images.then(|| url.clone()),
            }),
            persons: node
                .persons
                .iter()
                .map(|p| NamedLink {
                    name: g.people[p.person].name.clone(),
                    url: self.person_url(p.person).to_string(),
                    count: p.mentions,
                    role: None,
                    kind: None,
                })
                .collect(),
            topics: node
                .topics
                .iter()
                .map(|t| NamedLink {
                    name: g.topics[t.topic].name.clone(),
                    url: self.topic_url(t.topic).to_string(),
                    count: 1,
                    role: None,
                    kind: Some(kind_name(g.topics[t.topic].kind)),
                })
                .collect(),
            related: self.cards(node.related.iter().copied()),
            source: a.source.clone(),
            words: node.words,
            bibtex_url: self
                .urls
                .path(&format!("{}{}", node.path(), super::cite::BIBTEX_FILE)),
            ris_url: self
                .urls
                .path(&format!("{}{}", node.path(), super::cite::RIS_FILE)),
        }
    }

    fn person_ld(&self, p: usize) -> serde_json::Value {
        let person = &self.graph.people[p];
        json!({
            "@type": "Person",
            "name": person.name,
            "url": self.urls.absolute(&person.path()),
        })
    }

    /// schema.org `NewsArticle` for article `i`: headline, date when known, author and
    /// other contributors, publisher, and the people it names as `mentions`.
    pub fn article_jsonld(&self, i: usize) -> String {
        let a = &self.graph.articles[i].article;
        let description = summary(a.description.as_deref().or(a.lede()).unwrap_or(""), 200);
        self.article_jsonld_with(i, &description)
    }

    /// `article_jsonld` with the article's description (its summary) already made. Written
    /// by hand, each person and topic from its cached JSON: the fields in the order of their
    /// names, each string escaped as serde_json escapes it, so the output is what
    /// serde_json wrote from a struct with these fields (empty lists and a missing date and
    /// description left out).
    fn article_jsonld_with(&self, i: usize, description: &str) -> String {
        let g = self.graph;
        let node = &g.articles[i];
        let a = &node.article;
        let url = self.urls.absolute(&node.path());
        let mut out = String::with_capacity(1024);
        out.push_str(r#"{"@context":"https://schema.org","@type":"NewsArticle""#);
        push_json_list(
            &mut out,
            "about",
            node.topics.iter().map(|t| self.topic_ld_json(t.topic)),
        );
        let contributors = |author: bool| {
            node.contributors
                .iter()
                .filter(move |(_, r)| (*r == Role::Author) == author)
                .map(|&(p, _)| self.person_ld_json(p))
        };
        push_json_list(&mut out, "author", contributors(true));
        push_json_list(&mut out, "contributor", contributors(false));
        if let Some(d) = a.date {
            out.push_str(r#","datePublished":"#);
            json::push_str(&mut out, &iso_date(d));
        }
        if !description.is_empty() {
            out.push_str(r#","description":"#);
            json::push_str(&mut out, description);
        }
        out.push_str(r#","headline":"#);
        json::push_str(&mut out, &a.title);
        out.push_str(r#","inLanguage":"#);
        json::push_str(&mut out, &g.config.language);
        out.push_str(r#","isPartOf":{"@type":"WebSite","name":"#);
        json::push_str(&mut out, &g.config.title);
        out.push_str(r#","url":"#);
        json::push_str(&mut out, &self.urls.absolute(""));
        out.push_str(r#"},"mainEntityOfPage":"#);
        json::push_str(&mut out, &url);
        push_json_list(
            &mut out,
            "mentions",
            node.persons.iter().map(|p| self.person_ld_json(p.person)),
        );
        out.push_str(r#","publisher":{"@type":"Organization","name":"#);
        json::push_str(&mut out, a.outlet.as_deref().unwrap_or(&g.config.title));
        out.push_str(r#"},"url":"#);
        json::push_str(&mut out, &url);
        out.push_str(r#","wordCount":"#);
        out.push_str(&node.words.to_string());
        out.push('}');
        script_safe(out)
    }

    /// schema.org `Person` for person `i`.
    pub fn person_jsonld(&self, i: usize) -> String {
        let p = &self.graph.people[i];
        let mut ld = self.person_ld(i);
        let obj = ld.as_object_mut().expect("object");
        obj.insert("@context".into(), json!("https://schema.org"));
        if !p.aliases.is_empty() {
            obj.insert("alternateName".into(), json!(p.aliases));
        }
        let roles: Vec<&str> = p.roles.iter().map(|r| r.role.as_str()).collect();
        if !roles.is_empty() {
            obj.insert("jobTitle".into(), json!(roles));
        }
        script_json(&ld)
    }

    fn person_link(&self, p: usize, count: usize) -> NamedLink {
        let person = &self.graph.people[p];
        NamedLink {
            name: person.name.clone(),
            url: self.urls.path(&person.path()),
            count,
            role: None,
            kind: None,
        }
    }

    fn topic_link(&self, t: usize, count: usize) -> NamedLink {
        let topic = &self.graph.topics[t];
        NamedLink {
            name: topic.name.clone(),
            url: self.urls.path(&topic.path()),
            count,
            role: None,
            kind: Some(kind_name(topic.kind)),
        }
    }

    /// How many pages person `i`'s page takes: its longest list, `paginate` a page.
    pub fn person_pages(&self, i: usize) -> usize {
        let p = &self.graph.people[i];
        let longest = credit_lists(p)
            .iter()
            .map(|(_, list)| list.len())
            .chain([p.articles.len()])
            .max()
            .unwrap_or(0);
        page_count(longest, self.per_page())
    }

    /// How many pages topic `i`'s page takes.
    pub fn topic_pages(&self, i: usize) -> usize {
        page_count(self.graph.topics[i].articles.len(), self.per_page())
    }

    /// Articles a page of a person, topic or list shows (`paginate`).
    pub fn per_page(&self) -> usize {
        self.graph.config.paginate.max(1)
    }

    /// Page `page` (from 1) of `idx`, as a section of a page.
    fn section(
        &self,
        id: &'static str,
        heading: String,
        idx: &[usize],
        page: usize,
    ) -> ListSection {
        let per_page = self.per_page();
        let start = ((page - 1) * per_page).min(idx.len());
        let end = (start + per_page).min(idx.len());
        ListSection {
            id,
            heading,
            total: idx.len(),
            first: start + 1,
            last: end,
            cards: self.cards(idx[start..end].iter().copied()),
        }
    }

    /// The page meta of page `page` of `pages` of a person's or topic's page at `base`:
    /// its own address, "page N of M" in the title, and its neighbours for `rel=prev/next`.
    fn paged_meta(&self, base: &str, title: &str, description: &str, pager: &Pager) -> PageMeta {
        let path = paged_path(base, pager.current);
        let mut meta = if pager.current == 1 {
            self.meta(&path, title, description)
        } else {
            self.meta(
                &path,
                &format!("{title} · page {} of {}", pager.current, pager.total),
                description,
            )
        };
        meta.prev_url = pager.prev_url.clone();
        meta.next_url = pager.next_url.clone();
        meta
    }

    /// Page `page` (from 1) of person `i`'s page.
    pub fn person(&self, i: usize, page: usize) -> PersonView {
        let g = self.graph;
        let p = &g.people[i];
        let credits = credit_lists(p);
        let credited = p.contributed.iter().map(|(a, _)| *a).collect::<Vec<_>>();
        let credited = {
            let mut c = credited;
            c.sort_unstable();
            c.dedup();
            c.len()
        };
        let pager = self.pager(&p.path(), page, self.person_pages(i));
        let tr = &g.config.translations;
        let mut what = Vec::new();
        if !p.articles.is_empty() {
            let n = articles_count(tr, p.articles.len());
            what.push(tr.format("named_in", &[("articles", &n)]));
        }
        for (role, list) in &credits {
            let n = articles_count(tr, list.len());
            what.push(tr.format(credit_verb(*role), &[("articles", &n)]));
        }
        let mut meta = self.paged_meta(
            &p.path(),
            &p.name,
            &tr.format(
                "person_description",
                &[("name", &p.name), ("what", &what.join(", "))],
            ),
            &pager,
        );
        meta.kind = "person";
        meta.jsonld = self.person_jsonld(i);
        self.set_feeds(&mut meta, &p.path());
        let mut topic_counts: BTreeMap<usize, usize> = BTreeMap::new();
        for &a in &p.articles {
            for t in &g.articles[a].topics {
                *topic_counts.entry(t.topic).or_default() += 1;
            }
        }
        let mut topics: Vec<(usize, usize)> = topic_counts.into_iter().collect();
        topics.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut sections = Vec::new();
        if !p.articles.is_empty() {
            sections.push(self.section(
                "named",
                tr.format("articles_naming", &[("name", &p.name)]),
                &p.articles,
                page,
            ));
        }
        for (role, list) in &credits {
            sections.push(self.section(
                role_name(*role),
                credit_heading(tr, *role, &p.name),
                list,
                page,
            ));
        }
        sections.retain(|s| s.first <= s.last);
        PersonView {
            meta,
            name: p.name.clone(),
            aliases: p.aliases.clone(),
            roles: self.role_views(i),
            bio_html: p.bio_html.clone(),
            sections,
            pager,
            named: p.articles.len(),
            credited,
            alongside: p
                .alongside
                .iter()
                .map(|&(o, n)| self.person_link(o, n))
                .collect(),
            topics: topics
                .into_iter()
                .take(12)
                .map(|(t, n)| self.topic_link(t, n))
                .collect(),
        }
    }

    /// Person `i`'s roles, one per wording whatever its case or word order ("Party
    /// Secretary General" is "Party General Secretary"), each with the span of months it
    /// was seen: the latest seen first, those seen only in undated articles last.
    pub fn role_views(&self, i: usize) -> Vec<RoleView> {
        let g = self.graph;
        // Key (the folded words, sorted) → the wordings with their article counts, and
        // the articles.
        type Wordings<'r> = (Vec<(&'r str, usize)>, Vec<usize>);
        let mut groups: BTreeMap<Vec<String>, Wordings> = BTreeMap::new();
        for r in &g.people[i].roles {
            let mut key: Vec<String> = crate::slug::fold(&r.role)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            if key.is_empty() {
                continue;
            }
            key.sort();
            let e = groups.entry(key).or_default();
            e.0.push((r.role.as_str(), r.articles.len()));
            e.1.extend(&r.articles);
        }
        let mut roles: Vec<(Option<(NaiveDate, NaiveDate)>, RoleView)> = groups
            .into_values()
            .map(|(spellings, mut articles)| {
                articles.sort_unstable();
                articles.dedup();
                let dates = articles.iter().filter_map(|&a| g.articles[a].article.date);
                let span = dates.fold(None, |span: Option<(NaiveDate, NaiveDate)>, d| {
                    Some(span.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))))
                });
                let role = spellings
                    .iter()
                    .max_by(|a, b| {
                        a.1.cmp(&b.1)
                            .then(lower_letters(a.0).cmp(&lower_letters(b.0)))
                            .then(b.0.cmp(a.0))
                    })
                    .map(|(s, _)| readable_case(s))
                    .unwrap_or_default();
                let view = RoleView {
                    role,
                    span: span.map(|(lo, hi)| month_span(&g.config.translations, lo, hi)),
                    articles: articles.len(),
                };
                (span, view)
            })
            .collect();
        roles.sort_by(|a, b| {
            let latest = |r: &(Option<(NaiveDate, NaiveDate)>, RoleView)| r.0.map(|s| s.1);
            latest(b)
                .cmp(&latest(a))
                .then(b.1.articles.cmp(&a.1.articles))
                .then(a.1.role.cmp(&b.1.role))
        });
        roles.into_iter().map(|(_, v)| v).collect()
    }

    /// Page `page` (from 1) of topic `i`'s page.
    pub fn topic(&self, i: usize, page: usize) -> TopicView {
        let t = &self.graph.topics[i];
        let tr = &self.graph.config.translations;
        let pager = self.pager(&t.path(), page, self.topic_pages(i));
        let mut meta = self.paged_meta(
            &t.path(),
            &t.name,
            &tr.format(
                "topic_description",
                &[
                    ("name", &t.name),
                    ("articles", &articles_count(tr, t.articles.len())),
                ],
            ),
            &pager,
        );
        meta.kind = "topic";
        self.set_feeds(&mut meta, &t.path());
        TopicView {
            meta,
            name: t.name.clone(),
            kind_label: kind_label(t.kind).map(|k| tr.label(k).to_string()),
            aliases: t.aliases.clone(),
            description_html: t.description_html.clone(),
            section: self.section("topic", "Articles".to_string(), &t.articles, page),
            pager,
            people: t
                .people
                .iter()
                .map(|&(p, n)| self.person_link(p, n))
                .collect(),
        }
    }

    /// People named in articles, by the number of articles naming them (most first, then
    /// by name), at most `n`. People only credited (bylines, photos) are not named: they
    /// are in `contributors`.
    pub fn person_counts(&self, n: usize) -> Vec<NamedLink> {
        let mut v: Vec<NamedLink> = (0..self.graph.people.len())
            .filter(|&i| !self.graph.people[i].articles.is_empty())
            .map(|i| self.person_link(i, self.graph.people[i].articles.len()))
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
        v.truncate(n);
        v
    }

    /// People named in articles, A to Z by letter.
    pub fn people_by_letter(&self) -> Vec<LetterGroup> {
        by_letter(
            (0..self.graph.people.len())
                .filter(|&i| !self.graph.people[i].articles.is_empty())
                .map(|i| self.person_link(i, self.graph.people[i].articles.len()))
                .collect(),
        )
    }

    /// People credited for articles (bylines, photos), by name, with what they did.
    pub fn contributors(&self) -> Vec<ContributorLink> {
        let mut v: Vec<(String, ContributorLink)> = (self.graph.people.iter().enumerate())
            .filter(|(_, p)| !p.contributed.is_empty())
            .map(|(i, p)| {
                let mut all: Vec<usize> = p.contributed.iter().map(|(a, _)| *a).collect();
                all.sort_unstable();
                all.dedup();
                let roles: Vec<String> = credit_lists(p)
                    .iter()
                    .map(|(role, list)| format!("{} {}", role_name(*role), list.len()))
                    .collect();
                let link = ContributorLink {
                    name: p.name.clone(),
                    url: self.person_url(i).to_string(),
                    count: all.len(),
                    roles: roles.join(" · "),
                };
                (crate::slug::fold(&p.name), link)
            })
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v.into_iter().map(|(_, l)| l).collect()
    }

    pub fn topic_counts(&self, n: usize) -> Vec<NamedLink> {
        let mut v: Vec<NamedLink> = (0..self.graph.topics.len())
            .map(|i| self.topic_link(i, self.graph.topics[i].articles.len()))
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
        v.truncate(n);
        v
    }

    /// Topics, A to Z by letter.
    pub fn topics_by_letter(&self) -> Vec<LetterGroup> {
        by_letter(
            (0..self.graph.topics.len())
                .map(|i| self.topic_link(i, self.graph.topics[i].articles.len()))
                .collect(),
        )
    }

    /// The pager of page `current` (from 1) of `total` of the page at `base`.
    pub fn pager(&self, base: &str, current: usize, total: usize) -> Pager {
        let page_url = |n: usize| self.urls.path(&paged_path(base, n));
        Pager {
            current,
            total,
            prev_url: (current > 1).then(|| page_url(current - 1)),
            next_url: (current < total).then(|| page_url(current + 1)),
        }
    }

    /// Articles per year as an inline SVG bar chart (no JavaScript).
    pub fn years_svg(&self) -> String {
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        for a in &self.graph.articles {
            if let Some(d) = a.article.date {
                *years.entry(d.year()).or_default() += 1;
            }
        }
        if years.is_empty() {
            return String::new();
        }
        let (first, last) = (*years.keys().next().unwrap(), *years.keys().last().unwrap());
        let n = (last - first + 1) as usize;
        let max = *years.values().max().unwrap_or(&1);
        let (bar, gap, h) = (28usize, 8usize, 120usize);
        let width = n * (bar + gap) + gap;
        let tr = &self.graph.config.translations;
        let title = tr.format(
            "chart_title",
            &[("first", &first.to_string()), ("last", &last.to_string())],
        );
        let mut svg = format!(
            "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {}\" width=\"{width}\" height=\"{}\" aria-labelledby=\"years-title\"><title id=\"years-title\">{}</title>",
            h + 40,
            h + 40,
            super::body::escape(&title)
        );
        for (i, y) in (first..=last).enumerate() {
            let c = years.get(&y).copied().unwrap_or(0);
            let bh = if c == 0 { 0 } else { (c * h / max).max(2) };
            let x = gap + i * (bar + gap);
            svg.push_str(&format!(
                "<g><title>{y}: {}</title><rect x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{bh}\" rx=\"2\"></rect><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"count\">{c}</text></g>",
                super::body::escape(&articles_count(tr, c)),
                h + 10 - bh,
                x + bar / 2,
                h + 28,
                format_args!("’{:02}", y.rem_euclid(100)),
                x + bar / 2,
                (h + 10 - bh).saturating_sub(4).max(10),
            ));
        }
        svg.push_str("</svg>");
        svg
    }

    /// Who appears with whom: the most-named people on a circle, a line for each pair
    /// named together (thicker for more articles). Inline SVG, no JavaScript.
    pub fn network_svg(&self) -> String {
        let g = self.graph;
        let top: Vec<NamedLink> = self.person_counts(16);
        let idx: Vec<usize> = top
            .iter()
            .filter_map(|l| {
                g.people
                    .iter()
                    .position(|p| self.urls.path(&p.path()) == l.url)
            })
            .collect();
        if idx.len() < 2 {
            return String::new();
        }
        let (w, h, r) = (640.0f64, 520.0f64, 190.0f64);
        let pos: Vec<(f64, f64)> = (0..idx.len())
            .map(|k| {
                let angle = std::f64::consts::TAU * k as f64 / idx.len() as f64
                    - std::f64::consts::FRAC_PI_2;
                (w / 2.0 + r * angle.cos(), h / 2.0 + r * angle.sin())
            })
            .collect();
        let mut svg = format!(
            "<svg class=\"network\" role=\"group\" viewBox=\"0 0 {w} {h}\" aria-labelledby=\"net-title\"><title id=\"net-title\">{}</title>",
            super::body::escape(g.config.translations.label("network_title"))
        );
        let max = idx
            .iter()
            .flat_map(|&p| g.people[p].alongside.iter().map(|a| a.1))
            .max()
            .unwrap_or(1)
            .max(1);
        for (a, &pa) in idx.iter().enumerate() {
            for (b, &pb) in idx.iter().enumerate().skip(a + 1) {
                if let Some(&(_, n)) = g.people[pa].alongside.iter().find(|(o, _)| *o == pb) {
                    let width = 1.0 + 5.0 * n as f64 / max as f64;
                    svg.push_str(&format!(
                        "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke-width=\"{width:.1}\"><title>{}</title></line>",
                        pos[a].0, pos[a].1, pos[b].0, pos[b].1,
                        super::body::escape(&g.config.translations.format(
                            "network_pair",
                            &[
                                ("a", &g.people[pa].name),
                                ("b", &g.people[pb].name),
                                ("count", &n.to_string()),
                            ],
                        )),
                    ));
                }
            }
        }
        for (k, &p) in idx.iter().enumerate() {
            let (x, y) = pos[k];
            let anchor = if x < w / 2.0 - 1.0 {
                "end"
            } else if x > w / 2.0 + 1.0 {
                "start"
            } else {
                "middle"
            };
            let dx = match anchor {
                "end" => -10.0,
                "start" => 10.0,
                _ => 0.0,
            };
            let dy = if anchor == "middle" {
                if y < h / 2.0 { -12.0 } else { 20.0 }
            } else {
                4.0
            };
            svg.push_str(&format!(
                "<a href=\"{}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\"></circle><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text></a>",
                super::body::escape(&self.urls.path(&g.people[p].path())),
                x + dx,
                y + dy,
                super::body::escape(&g.people[p].name)
            ));
        }
        svg.push_str("</svg>");
        svg
    }
}

/// Page `page` (from 1) of the page at `base`: `base` itself, then `base` + `page/N/`.
/// No slug can be `page` or a number (`SlugSet::for_addresses`), so these never collide
/// with a page of the site.
pub fn paged_path(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{page}/")
    }
}

/// Pages for `items` at `per_page` a page; an empty list still has its one page.
pub fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

/// The articles a person is credited for, one list per role (author, photographer,
/// translator, editor, in that order), each newest first; roles with none left out.
fn credit_lists(p: &crate::graph::Person) -> Vec<(Role, Vec<usize>)> {
    [
        Role::Author,
        Role::Photographer,
        Role::Translator,
        Role::Editor,
    ]
    .into_iter()
    .map(|role| {
        let list: Vec<usize> = (p.contributed.iter())
            .filter(|(_, r)| *r == role)
            .map(|(a, _)| *a)
            .collect();
        (role, list)
    })
    .filter(|(_, list)| !list.is_empty())
    .collect()
}

/// The heading of the articles a person is credited for in `role`.
fn credit_heading(tr: &Translations, role: Role, name: &str) -> String {
    let key = match role {
        Role::Author => "articles_by",
        Role::Photographer => "photographs_by",
        Role::Translator => "translations_by",
        Role::Editor => "edited_by",
    };
    tr.format(key, &[("name", name)])
}

/// The label of what a person credited in `role` did, for a sentence ("wrote 3 articles").
fn credit_verb(role: Role) -> &'static str {
    match role {
        Role::Author => "wrote",
        Role::Photographer => "photographed",
        Role::Translator => "translated",
        Role::Editor => "edited",
    }
}

/// "1 article", "3 articles", in the site's language.
fn articles_count(tr: &Translations, n: usize) -> String {
    let key = if n == 1 {
        "article_count_one"
    } else {
        "article_count_many"
    };
    tr.format(key, &[("count", &n.to_string())])
}

/// The label of what a topic of `kind` is, in words a reader uses; a theme needs none.
pub fn kind_label(kind: crate::recognize::TopicKind) -> Option<&'static str> {
    use crate::recognize::TopicKind::*;
    match kind {
        Theme => None,
        Organisation => Some("an_organisation"),
        Event => Some("an_event"),
        Place => Some("a_place"),
    }
}

/// Links grouped under the letter their folded name starts with, A to Z, names that start
/// with anything else under "#" at the end; each group sorted by folded name.
fn by_letter(links: Vec<NamedLink>) -> Vec<LetterGroup> {
    let mut keyed: Vec<(String, NamedLink)> = links
        .into_iter()
        .map(|l| (crate::slug::fold(&l.name), l))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.name.cmp(&b.1.name)));
    let mut groups: Vec<LetterGroup> = ('A'..='Z')
        .map(|c| LetterGroup {
            letter: c.to_string(),
            id: format!("letter-{}", c.to_ascii_lowercase()),
            entries: Vec::new(),
        })
        .collect();
    groups.push(LetterGroup {
        letter: "#".to_string(),
        id: "letter-other".to_string(),
        entries: Vec::new(),
    });
    for (key, link) in keyed {
        let at = match key.bytes().next() {
            Some(b @ b'a'..=b'z') => usize::from(b - b'a'),
            _ => 26,
        };
        groups[at].entries.push(link);
    }
    groups
}

/// "Dec 2021 – Jul 2024", or "Dec 2021" when both fall in one month (in the site's
/// language: "12/2021 – 7/2024").
fn month_span(tr: &Translations, first: NaiveDate, last: NaiveDate) -> String {
    let month = |d: NaiveDate| tr.short_month_year(d.month(), d.year());
    if (first.year(), first.month()) == (last.year(), last.month()) {
        month(first)
    } else {
        format!("{} – {}", month(first), month(last))
    }
}

fn lower_letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_lowercase()).count()
}

/// A role as written in capitals in a headline or byline ("FOREIGN MINISTER") in title
/// case; acronyms (a word of at most three letters) and mixed case are kept.
fn readable_case(role: &str) -> String {
    if role.chars().any(char::is_lowercase) {
        return role.to_string();
    }
    role.split(' ')
        .map(|w| {
            if w.chars().filter(|c| c.is_alphabetic()).count() <= 3 {
                return w.to_string();
            }
            let mut cs = w.chars();
            match cs.next() {
                Some(c) => c.to_string() + &cs.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The page of the articles of a year (a contract: `articles/YYYY/`).
pub fn year_path(year: i32) -> String {
    format!("articles/{year:04}/")
}

/// The page of the articles of a month (a contract: `articles/YYYY/MM/`).
pub fn month_path(year: i32, month: u32) -> String {
    format!("articles/{year:04}/{month:02}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_end_its_element() {
        let json = script_json(&json!({"headline": "a </script> & <b>", "n": 1}));
        assert_eq!(
            json,
            r#"{"headline":"a \u003c/script\u003e \u0026 \u003cb\u003e","n":1}"#
        );
        assert_eq!(script_json(&json!(["plain"])), r#"["plain"]"#);
    }

    #[test]
    fn iso_dates_are_written_as_chrono_writes_them() {
        let mut d = NaiveDate::from_ymd_opt(1, 1, 1).expect("date");
        let last = NaiveDate::from_ymd_opt(10_001, 1, 31).expect("date");
        while d < last {
            assert_eq!(iso_date(d), d.to_string());
            d = d + chrono::Days::new(13);
        }
        let before = NaiveDate::from_ymd_opt(-5, 3, 9).expect("date");
        assert_eq!(iso_date(before), before.to_string());
    }
}
