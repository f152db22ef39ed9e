//! `seeds/NAME.toml` beside `seeds/NAME.txt` (or `NAME.html`): a person's corrections to
//! what the reader found. Beside a web archive `NAME.warc`, the sidecar holds one table per
//! page it corrects, keyed by the page's number or address (`[2]`, `["https://…/story"]`),
//! each with the fields of an ordinary sidecar.

use super::Article;
use super::frontmatter::{self, Fields};
use super::warc::ArchivePage;
use crate::diag::{Diagnostic, Diagnostics, Level};

/// Applies the sidecar's fields over the article. A malformed sidecar is reported and
/// ignored: the article still builds as read.
pub fn apply(article: &mut Article, rel: &str, text: &str, diags: &mut Diagnostics) {
    if let Some(table) = parse(rel, text, diags) {
        let line_of = |key: &str| line_in(text, 0..usize::MAX, key);
        let fields = frontmatter::fields(&table, rel, &line_of, diags);
        apply_fields(article, fields, rel, diags);
    }
}

/// The sidecar's TOML table; `None` (reported) when it is not TOML.
fn parse(rel: &str, text: &str, diags: &mut Diagnostics) -> Option<toml::Table> {
    match toml::from_str::<toml::Table>(text) {
        Ok(table) => Some(table),
        Err(e) => {
            let (line, col) = e
                .span()
                .map_or((1, 1), |s| crate::diag::line_col(text, s.start));
            diags.items.push(Diagnostic {
                level: Level::Error,
                file: rel.to_string(),
                line: Some(line),
                column: Some(col),
                message: format!("sidecar: {}; ignored", e.message().trim()),
            });
            None
        }
    }
}

/// The 1-based line, among the lines `within` of `text`, where `key = …` is set.
fn line_in(text: &str, within: std::ops::Range<usize>, key: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(within.start)
        .take(within.end.saturating_sub(within.start))
        .find(|(_, l)| l.trim_start().starts_with(key))
        .map(|(i, _)| i + 1)
}

/// The fields over the article: what is set replaces what was read; tags and aliases add.
pub fn apply_fields(article: &mut Article, fields: Fields, rel: &str, diags: &mut Diagnostics) {
    if let Some(t) = fields.title {
        article.title = t;
        article.title_guessed = false;
    }
    if fields.date.is_some() {
        article.date = fields.date;
    }
    if let Some(o) = fields.outlet {
        article.outlet = Some(o);
    }
    if let Some(c) = fields.contributors {
        article.contributors = c;
        article.tags.contributors_given = true;
    }
    if let Some(d) = fields.draft {
        article.draft = d;
    }
    if fields.slug.is_some() {
        article.slug = fields.slug;
    }
    if fields.description.is_some() {
        article.description = fields.description;
    }
    article
        .aliases
        .extend(super::alias_paths(&fields.aliases, rel, diags));
    article.tags.persons.extend(fields.persons);
    article.tags.topics.extend(fields.topics);
    article.tags.not_persons.extend(fields.not_persons);
    article.tags.not_topics.extend(fields.not_topics);
}

/// Which page of a web archive a table of its sidecar (or `gazette inspect crawl.warc#KEY`)
/// names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKey {
    /// The archive's Nth HTML page, counted from 1 (its article is `crawl.warc#N`).
    Number(usize),
    /// The address the page was captured from, or its canonical address.
    Url(String),
}

impl PageKey {
    /// `3` or an `http(s)://` address; anything else is not a key.
    pub fn parse(key: &str) -> Option<PageKey> {
        let key = key.trim();
        if let Ok(n) = key.parse::<usize>() {
            return (n > 0).then_some(PageKey::Number(n));
        }
        let lower = key.to_ascii_lowercase();
        (lower.starts_with("http://") || lower.starts_with("https://"))
            .then(|| PageKey::Url(key.to_string()))
    }

    /// Whether the key names `page`.
    pub fn names(&self, page: &ArchivePage) -> bool {
        // `https://x/story/` and `https://x/story` are one page.
        let same = |a: &str, b: &str| a.trim_end_matches('/') == b.trim_end_matches('/');
        match self {
            PageKey::Number(n) => page.number == *n,
            PageKey::Url(u) => {
                page.target.as_deref().is_some_and(|t| same(t, u))
                    || page.article.url.as_deref().is_some_and(|c| same(c, u))
            }
        }
    }
}

/// Why a table of a web archive's sidecar corrects nothing.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveSidecarError {
    #[error(
        "`{0}` is not a table: a web archive's sidecar holds one table per page, \
         [2] or [\"https://…/story\"]; ignored"
    )]
    NotATable(String),
    #[error("[{0}] is neither a page number nor an http(s) address; ignored")]
    BadKey(String),
    #[error("{archive} has no page {number} (it holds {pages} HTML pages); [{number}] ignored")]
    NoSuchNumber {
        archive: String,
        number: usize,
        pages: usize,
    },
    #[error("{archive} has no page captured from or naming {url}; ignored")]
    NoSuchUrl { archive: String, url: String },
}

/// Applies a web archive's sidecar (`rel`, `text`) to its pages (of the archive
/// `archive`). A table that names no page is reported with its line; the others apply.
pub fn apply_to_archive(
    pages: &mut [ArchivePage],
    archive: &str,
    rel: &str,
    text: &str,
    diags: &mut Diagnostics,
) {
    let Some(table) = parse(rel, text, diags) else {
        return;
    };
    let headers = table_headers(text);
    for (key, value) in table {
        let header = headers.iter().position(|(k, _)| *k == key);
        let line = header.map(|i| headers[i].1).or_else(|| {
            line_in(text, 0..usize::MAX, &key)
                .or_else(|| line_in(text, 0..usize::MAX, &format!("\"{key}\"")))
        });
        let toml::Value::Table(fields) = value else {
            diags.warn(rel, line, ArchiveSidecarError::NotATable(key).to_string());
            continue;
        };
        let Some(page_key) = PageKey::parse(&key) else {
            diags.warn(rel, line, ArchiveSidecarError::BadKey(key).to_string());
            continue;
        };
        let Some(page) = pages.iter_mut().find(|p| page_key.names(p)) else {
            let e = match page_key {
                PageKey::Number(number) => ArchiveSidecarError::NoSuchNumber {
                    archive: archive.to_string(),
                    number,
                    pages: pages.iter().map(|p| p.number).max().unwrap_or(0),
                },
                PageKey::Url(url) => ArchiveSidecarError::NoSuchUrl {
                    archive: archive.to_string(),
                    url,
                },
            };
            diags.warn(rel, line, e.to_string());
            continue;
        };
        // A field's line is looked for in its table: from its header to the next one.
        let start = line.unwrap_or(1);
        let end = headers
            .iter()
            .map(|(_, l)| *l)
            .filter(|&l| l > start)
            .min()
            .unwrap_or(usize::MAX);
        let line_of = |k: &str| line_in(text, start..end.saturating_sub(1), k);
        let fields = frontmatter::fields(&fields, rel, &line_of, diags);
        apply_fields(&mut page.article, fields, rel, diags);
    }
}

/// The tables' headers of a TOML text: (key, 1-based line), `[3]` and `["https://…"]`.
fn table_headers(text: &str) -> Vec<(String, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let l = l.trim();
            let inner = l.strip_prefix('[')?;
            if inner.starts_with('[') {
                return None;
            }
            let inner = inner[..inner.rfind(']')?].trim();
            let key = inner
                .strip_prefix('"')
                .and_then(|k| k.strip_suffix('"'))
                .or_else(|| inner.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
                .unwrap_or(inner);
            Some((key.to_string(), i + 1))
        })
        .collect()
}
