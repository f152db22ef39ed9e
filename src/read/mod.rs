//! Stage 2, read: turn each source file into an `Article` (or a page, or a person or topic
//! definition). Raw text goes through the raw-text reader (`raw`), never through Markdown;
//! Markdown goes through `markdown`.

pub mod frontmatter;
pub mod html;
pub mod markdown;
pub mod raw;
pub mod sidecar;
pub mod warc;

use crate::diag::Diagnostics;
use crate::load::{SiteSources, SourceFile, SourceKind};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Raw,
    Markdown,
    /// A saved web page, or one response in a web archive.
    Html,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Author,
    Translator,
    Photographer,
    /// "Editing by X" under an agency story.
    Editor,
}

/// A person credited for the article itself: byline, translation, photo credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Contributor {
    pub name: String,
    pub role: Role,
}

/// One block of an article's body, in reading order. Text is plain (never markup) except in
/// `Html`, which Markdown sources produce and the HTML reader makes for lists, quotes and
/// tables (written by the reader from an allowlist, so safe to show as it is).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Paragraph {
        text: String,
    },
    Heading {
        text: String,
    },
    /// A photo caption (raw text has no image; the caption still reads as one).
    Caption {
        text: String,
    },
    /// An interviewer's question, set apart from the answers.
    Question {
        text: String,
    },
    /// Rendered Markdown, with its plain text for recognition and search.
    Html {
        html: String,
        text: String,
        /// The first paragraph on one line, for previews (see `Article::lede`).
        #[serde(skip)]
        lede: String,
    },
    /// A picture from a saved page, with its caption (`text`, plain) and alt text. The
    /// caption is kept even when the picture cannot be shown.
    Figure {
        image: Option<Image>,
        alt: String,
        text: String,
    },
}

/// Where a picture of a saved page is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "src", rename_all = "lowercase")]
pub enum Image {
    /// Saved beside the page: the site-relative path it is copied to (`static/media/...`).
    Local(String),
    /// On the web: shown only when `[html] remote_images = true` (builds never fetch it).
    Remote(String),
}

impl Block {
    /// The plain text of the block, as recognition and search see it.
    pub fn text(&self) -> &str {
        match self {
            Block::Paragraph { text }
            | Block::Heading { text }
            | Block::Caption { text }
            | Block::Question { text }
            | Block::Html { text, .. }
            | Block::Figure { text, .. } => text,
        }
    }
}

/// Corrections and tags given by a person (front matter or sidecar), applied after the rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tags {
    /// People to add to the article (names).
    pub persons: Vec<String>,
    /// Topics to add (names).
    pub topics: Vec<String>,
    /// People the rules found that are wrong for this article (names or slugs).
    pub not_persons: Vec<String>,
    /// Topics to remove (names or slugs).
    pub not_topics: Vec<String>,
    /// The contributors were written by a person (front matter or a sidecar), not read
    /// from the page: taken as they are, never judged as the page's credits are.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub contributors_given: bool,
}

/// One article, as the reader understood it.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// Path relative to the site folder: `seeds/000_x.txt`.
    pub source: String,
    pub format: Format,
    pub title: String,
    /// True when the text had no headline and the title was made up from the text.
    pub title_guessed: bool,
    pub date: Option<NaiveDate>,
    pub outlet: Option<String>,
    pub contributors: Vec<Contributor>,
    pub blocks: Vec<Block>,
    pub draft: bool,
    /// A slug asked for in front matter or a sidecar; otherwise one is made from the title.
    pub slug: Option<String>,
    /// A summary asked for in front matter; otherwise the lede is used.
    pub description: Option<String>,
    pub tags: Tags,
    /// Redirect pages asked for (`aliases` in front matter or a sidecar), as site-relative
    /// output paths (`old/path/index.html`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// For a web page: its canonical address, or the address it was captured from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// For a web archive's record: when it was captured (RFC 3339, as the archive says).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captured: Option<String>,
}

impl Article {
    /// An empty article from `source`; readers fill it in.
    pub fn new(source: &str, format: Format) -> Self {
        Article {
            source: source.to_string(),
            format,
            title: String::new(),
            title_guessed: false,
            date: None,
            outlet: None,
            contributors: Vec::new(),
            blocks: Vec::new(),
            draft: false,
            slug: None,
            description: None,
            tags: Tags::default(),
            aliases: Vec::new(),
            url: None,
            captured: None,
        }
    }

    /// The first paragraph of the body: the lede.
    pub fn lede(&self) -> Option<&str> {
        self.blocks.iter().find_map(|b| match b {
            Block::Paragraph { text } => Some(text.as_str()),
            // Not the whole text: its headings and line breaks do not belong in a preview.
            Block::Html { lede, .. } if !lede.is_empty() => Some(lede.as_str()),
            _ => None,
        })
    }

    pub fn words(&self) -> usize {
        self.blocks.iter().map(|b| count_words(b.text())).sum()
    }
}

/// `text.split_whitespace().count()` without decoding characters: a word starts at each
/// non-space byte after a space byte. Bytes outside ASCII are parts of words unless the text
/// holds whitespace outside ASCII (a no-break space), which is then counted by characters.
pub(crate) fn count_words(text: &str) -> usize {
    if !text.is_ascii() && has_wide_space(text) {
        return text.split_whitespace().count();
    }
    // `char::is_whitespace` for ASCII: space, tab, line feed, vertical tab, form feed,
    // carriage return.
    // (`&` and `|` rather than `&&` and `||`: no branches, so the loop vectorises.)
    let space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') <= b'\r' - b'\t');
    let bytes = text.as_bytes();
    let first = bytes.first().is_some_and(|&b| !space(b));
    // Word starts are summed in bytes, 255 pairs at most at a time, so the compiler adds
    // them 16 at a time (a sum in `usize` goes two at a time).
    let after_first = bytes.get(1..).unwrap_or_default();
    let later: usize = bytes
        .chunks(255)
        .zip(after_first.chunks(255))
        .map(|(before, at)| {
            let starts = before
                .iter()
                .zip(at)
                .map(|(&b, &a)| u8::from(space(b) & !space(a)))
                .fold(0u8, u8::wrapping_add);
            usize::from(starts)
        })
        .sum();
    usize::from(first) + later
}

/// Whether `text` holds whitespace outside ASCII (U+0085, U+00A0, U+1680, U+2000 to
/// U+200A, U+2028, U+2029, U+202F, U+205F, U+3000). In UTF-8 each starts with one of four
/// bytes: only characters starting with those are decoded.
fn has_wide_space(text: &str) -> bool {
    text.bytes()
        .enumerate()
        .filter(|(_, b)| matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3))
        .any(|(at, _)| text[at..].chars().next().is_some_and(char::is_whitespace))
}

/// A Markdown page that is not an article: `about.md`, or the home page's intro.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub source: String,
    /// URL path relative to the site root, e.g. `about/` (empty for the home intro).
    pub path: String,
    pub title: String,
    pub description: Option<String>,
    pub html: String,
    pub text: String,
    pub draft: bool,
}

/// `content/people/SLUG.md`: enriches, merges or hides a generated person.
#[derive(Debug, Clone, Serialize)]
pub struct PersonPage {
    pub source: String,
    pub slug: String,
    /// Display name; when absent, the most common spelling is used.
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub hidden: bool,
    pub bio_html: String,
}

/// `content/topics/SLUG.md`: defines a topic, with aliases and a description.
#[derive(Debug, Clone, Serialize)]
pub struct TopicPage {
    pub source: String,
    pub slug: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// theme, organisation, event or place.
    pub kind: Option<String>,
    pub hidden: bool,
    pub description_html: String,
}

/// Everything the read stage produces.
#[derive(Debug, Clone, Default)]
pub struct ReadOutput {
    /// In source path order.
    pub articles: Vec<Article>,
    pub pages: Vec<Page>,
    pub home: Option<Page>,
    pub people: Vec<PersonPage>,
    pub topics: Vec<TopicPage>,
}

/// What reading one file gave.
pub enum Read {
    Article(Box<Article>),
    /// A web archive: one article per page it holds.
    Articles(Vec<Article>),
    Page(Page),
    Home(Page),
    Person(PersonPage),
    Topic(TopicPage),
    Skipped,
}

/// Reads every source (in parallel; each file is independent), keeping source order. The
/// sources' files are taken out: each file's text is freed as soon as it has been read, so
/// that the texts and the articles made of them are not all in memory at once.
pub fn read(sources: &mut SiteSources, diags: &mut Diagnostics) -> ReadOutput {
    let allow_html = sources.config.markdown.allow_html;
    let files = std::mem::take(&mut sources.files);
    if files.iter().any(|f| f.kind == SourceKind::RawArticle) {
        raw::prepare();
    }
    let results: Vec<(Read, Diagnostics)> = files
        .into_par_iter()
        .map(|f| {
            let mut d = Diagnostics::default();
            let r = read_file(&f, allow_html, &mut d);
            (r, d)
        })
        .collect();
    let mut out = ReadOutput::default();
    for (r, d) in results {
        diags.extend(d);
        match r {
            Read::Article(a) => out.articles.push(*a),
            Read::Articles(a) => out.articles.extend(a),
            Read::Page(p) => out.pages.push(p),
            Read::Home(p) => out.home = Some(p),
            Read::Person(p) => out.people.push(p),
            Read::Topic(t) => out.topics.push(t),
            Read::Skipped => {}
        }
    }
    out
}

/// Reads one source file. Pure: the same file always gives the same result, which is what
/// lets `serve` re-read only what changed.
pub fn read_file(file: &SourceFile, allow_html: bool, diags: &mut Diagnostics) -> Read {
    match file.kind {
        SourceKind::RawArticle => {
            let mut article = raw::read_raw(&file.rel, &file.text, diags);
            if article.date.is_none() {
                article.date = date_from_file_name(&file.rel);
            }
            finish(article, file, diags)
        }
        SourceKind::HtmlPage => {
            match html::read_html(&file.rel, &file.bytes, &html::Origin::default(), diags) {
                Some(article) => finish(article, file, diags),
                None => Read::Skipped,
            }
        }
        SourceKind::WebArchive => Read::Articles(
            warc::read_archive(file, diags)
                .into_iter()
                .map(|p| p.article)
                .collect(),
        ),
        _ => markdown::read_markdown(file, allow_html, diags),
    }
}

/// The date a file name starts with, as Jekyll names posts (`2021-12-14-slug.txt`), for an
/// article whose text states none. Only a real calendar date followed by the end of the
/// name or a separator counts: `2021-12-14` is a date, `2021-13-01-x` and `20211214` are not.
pub fn date_from_file_name(rel: &str) -> Option<NaiveDate> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let head = name.get(..10)?;
    let rest = &name[10..];
    if !(rest.is_empty() || rest.starts_with(['-', '_', '.', ' '])) {
        return None;
    }
    let b = head.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// The redirect pages `aliases` asks for, as output paths; an alias that cannot be an
/// address inside the site is reported and left out.
pub(crate) fn alias_paths(aliases: &[String], rel: &str, diags: &mut Diagnostics) -> Vec<String> {
    aliases
        .iter()
        .filter_map(|a| {
            let path = crate::addresses::alias_path(a);
            if path.is_none() {
                diags.warn(
                    rel,
                    None,
                    format!(
                        "alias \"{}\" is not an address inside the site (use a path such as /old/address/); ignored",
                        a.escape_debug()
                    ),
                );
            }
            path
        })
        .collect()
}

/// Applies the sidecar to an article read from raw text or a page, and skips an article
/// with no text.
fn finish(mut article: Article, file: &SourceFile, diags: &mut Diagnostics) -> Read {
    if let Some((rel, text)) = &file.sidecar {
        sidecar::apply(&mut article, rel, text, diags);
    }
    if !has_text(&article) {
        diags.error(
            &file.rel,
            None,
            "no article text found (nothing but a headline or web-page junk); skipped",
        );
        return Read::Skipped;
    }
    Read::Article(Box::new(article))
}

fn has_text(article: &Article) -> bool {
    article
        .blocks
        .iter()
        .any(|b| b.text().chars().any(char::is_alphanumeric))
}

#[cfg(test)]
mod file_name_date_tests {
    use super::*;

    #[test]
    fn a_jekyll_file_name_gives_a_date_and_nothing_else_does() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(
            date_from_file_name("seeds/2021-12-14-talks.txt"),
            d(2021, 12, 14)
        );
        assert_eq!(
            date_from_file_name("content/articles/2020-02-29.md"),
            d(2020, 2, 29)
        );
        for none in [
            "seeds/2021-13-01-x.txt",
            "seeds/2021-02-30-x.txt",
            "seeds/20211214-x.txt",
            "seeds/2021-12-145.txt",
            "seeds/x-2021-12-14.txt",
            "2021-12-14/x.txt",
            "seeds/000_53c24d708ccf69f0.txt",
        ] {
            assert_eq!(date_from_file_name(none), None, "{none}");
        }
    }
}
