//! The site graph: every article with its people and topics, the site-wide people and
//! topics they are merged into, and the cross-links between them. Everything after the
//! recognize stage (render, the data export, search, the preview in `serve`) reads it.
//!
//! `assemble` makes it from the read and recognize output: `merge` is the one merge of
//! per-article findings into site-wide nodes (page index → tally → finish → renumber),
//! with what differs for people and topics in `people` and `topics`; `cross` adds the
//! backlinks, the people named together and the related articles.

mod assemble;
mod cross;
mod merge;
mod people;
mod topics;

pub use assemble::{assemble, remerge_article};
pub use merge::Id;

use crate::load::Config;
use crate::read::{Article, Page, Role};
use crate::recognize::{Span, TopicKind};

/// The whole site, ready to render. Indices point into `articles`, `people` and `topics`.
#[derive(Debug, Clone)]
pub struct SiteGraph {
    pub config: Config,
    /// Newest first; undated articles last, by source path.
    pub articles: Vec<ArticleNode>,
    /// By slug.
    pub people: Vec<Person>,
    /// By slug.
    pub topics: Vec<Topic>,
    pub pages: Vec<Page>,
    pub home: Option<Page>,
    /// How the merge found people and topics, kept so that an edited article is matched
    /// the same way (`remerge_article`).
    pub(crate) lookups: Lookups,
}

/// Identity → node, for people and for topics.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lookups {
    pub people: merge::Lookup,
    pub topics: merge::Lookup,
}

#[derive(Debug, Clone)]
pub struct ArticleNode {
    pub article: Article,
    pub slug: String,
    /// Slugs the article had in earlier builds that no article has now: each address gets
    /// a redirect page to the article.
    pub former_slugs: Vec<String>,
    /// People the article is about, most mentioned first.
    pub persons: Vec<PersonRef>,
    /// People credited for the article (byline, photos).
    pub contributors: Vec<(usize, Role)>,
    /// Strongest first, capped by `topics.max_per_article`.
    pub topics: Vec<TopicRef>,
    /// Related articles, most related first.
    pub related: Vec<usize>,
    /// Words in the body, counted once (pages, feeds and the export all show it).
    pub words: usize,
}

impl ArticleNode {
    pub fn path(&self) -> String {
        format!("articles/{}/", self.slug)
    }
}

#[derive(Debug, Clone)]
pub struct PersonRef {
    pub person: usize,
    pub mentions: usize,
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone)]
pub struct TopicRef {
    pub topic: usize,
    pub spans: Vec<Span>,
}

/// A role and the articles that give it.
#[derive(Debug, Clone)]
pub struct RoleUse {
    pub role: String,
    pub articles: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub slug: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub roles: Vec<RoleUse>,
    /// Articles naming the person, newest first.
    pub articles: Vec<usize>,
    /// Articles the person is credited for, with the role, newest first.
    pub contributed: Vec<(usize, Role)>,
    /// People named in the same articles, most often first: (person, articles together).
    pub alongside: Vec<(usize, usize)>,
    pub bio_html: String,
}

impl Person {
    pub fn path(&self) -> String {
        format!("people/{}/", self.slug)
    }
    /// Every article the person appears in, named or credited.
    pub fn article_count(&self) -> usize {
        let mut all: Vec<usize> = self.articles.clone();
        all.extend(self.contributed.iter().map(|(a, _)| *a));
        all.sort_unstable();
        all.dedup();
        all.len()
    }
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub slug: String,
    pub name: String,
    pub kind: TopicKind,
    pub aliases: Vec<String>,
    /// Newest first.
    pub articles: Vec<usize>,
    /// People most tied to the topic: (person, articles together).
    pub people: Vec<(usize, usize)>,
    pub description_html: String,
}

impl Topic {
    pub fn path(&self) -> String {
        format!("topics/{}/", self.slug)
    }
}
