//! Stage 2, read: turn each source file into an `Article` (or a page, or a person or topic
//! definition). Raw text goes through the raw-text reader (`raw`), never through Markdown;
//! Markdown goes through `markdown`.

pub mod frontmatter;
pub mod markdown;
pub mod raw;
pub mod sidecar;

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
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Author,
    Translator,
    Photographer,
}

/// A person credited for the article itself: byline, translation, photo credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Contributor {
    pub name: String,
    pub role: Role,
}

/// One block of an article's body, in reading order. Text is plain (never markup) except in
/// `Html`, which only Markdown sources produce.
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
    },
}

impl Block {
    /// The plain text of the block, as recognition and search see it.
    pub fn text(&self) -> &str {
        match self {
            Block::Paragraph { text }
            | Block::Heading { text }
            | Block::Caption { text }
            | Block::Question { text }
            | Block::Html { text, .. } => text,
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
        }
    }

    /// The first paragraph of the body: the lede.
    pub fn lede(&self) -> Option<&str> {
        self.blocks.iter().find_map(|b| match b {
            Block::Paragraph { text } => Some(text.as_str()),
            Block::Html { text, .. } if !text.trim().is_empty() => Some(text.as_str()),
            _ => None,
        })
    }

    pub fn words(&self) -> usize {
        self.blocks.iter().map(|b| count_words(b.text())).sum()
    }
}

/// The words of a text, as `split_whitespace` finds them, counted without splitting: a word
/// starts wherever a non-space follows a space (or the start). ASCII text, the common case,
/// is counted byte by byte without decoding (a long archive has millions of words).
pub(crate) fn count_words(s: &str) -> usize {
    if s.is_ascii() {
        return count_ascii_words(s.as_bytes());
    }
    let mut words = 0;
    let mut after_space = true;
    for c in s.chars() {
        let space = c.is_whitespace();
        words += usize::from(after_space & !space);
        after_space = space;
    }
    words
}

/// `count_words` for ASCII text. Written so that the compiler makes vector code of it: word
/// starts (a non-space after a space) are counted in blocks of neighbouring byte pairs, with
/// no branch and a byte-wide count per block (a block of 128 pairs has at most 64 starts).
fn count_ascii_words(bytes: &[u8]) -> usize {
    // What `char::is_whitespace` takes for space in ASCII: the space, and tab, line feed,
    // vertical tab, form feed and carriage return (9 to 13).
    let space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') < 5);
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let mut words = usize::from(!space(first));
    let (before, after) = (&bytes[..bytes.len() - 1], &bytes[1..]);
    for (before, after) in before.chunks(128).zip(after.chunks(128)) {
        let starts = before
            .iter()
            .zip(after)
            .map(|(&a, &b)| u8::from(space(a) & !space(b)))
            .sum::<u8>();
        words += usize::from(starts);
    }
    words
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
    Page(Page),
    Home(Page),
    Person(PersonPage),
    Topic(TopicPage),
    Skipped,
}

/// Reads every source (in parallel; each file is independent), keeping source order.
pub fn read(sources: &SiteSources, diags: &mut Diagnostics) -> ReadOutput {
    let allow_html = sources.config.markdown.allow_html;
    if sources
        .files
        .iter()
        .any(|f| f.kind == SourceKind::RawArticle)
    {
        raw::prepare();
    }
    let results: Vec<(Read, Diagnostics)> = sources
        .files
        .par_iter()
        .map(|f| {
            let mut d = Diagnostics::default();
            let r = read_file(f, allow_html, &mut d);
            (r, d)
        })
        .collect();
    let mut out = ReadOutput::default();
    for (r, d) in results {
        diags.extend(d);
        match r {
            Read::Article(a) => out.articles.push(*a),
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
            if let Some((rel, text)) = &file.sidecar {
                sidecar::apply(&mut article, rel, text, diags);
            }
            if !article
                .blocks
                .iter()
                .any(|b| b.text().chars().any(char::is_alphanumeric))
            {
                diags.error(
                    &file.rel,
                    None,
                    "no article text found (nothing but a headline or web-page junk); skipped",
                );
                return Read::Skipped;
            }
            Read::Article(Box::new(article))
        }
        _ => markdown::read_markdown(file, allow_html, diags),
    }
}
