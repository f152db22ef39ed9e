//! Stage 3, recognize: find the people and topics of every article.
//!
//! Input is the whole read output, so rules can use what the corpus teaches (a short form
//! resolves to the full name used elsewhere; a topic counts when several articles have it).
//! Output is one `Findings` per article, in article order.

use crate::load::Config;
use crate::read::ReadOutput;
use serde::Serialize;

/// Where in an article a name was found: byte offsets into the text of `blocks[block]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

/// A person named in one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonFound {
    /// The person's identity across the corpus: the folded full name (`bui thanh son`).
    pub key: String,
    /// The full name as this article spells it.
    pub name: String,
    /// Other forms this article uses for the person: short forms, other spellings.
    pub forms: Vec<String>,
    /// Titles and roles the article gives the person ("Minister of Foreign Affairs").
    pub roles: Vec<String>,
    pub mentions: usize,
    /// Every mention, full or short, in reading order.
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TopicKind {
    Theme,
    Organisation,
    Event,
    Place,
}

impl TopicKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "theme" => Some(TopicKind::Theme),
            "organisation" | "organization" => Some(TopicKind::Organisation),
            "event" => Some(TopicKind::Event),
            "place" => Some(TopicKind::Place),
            _ => None,
        }
    }
}

/// A topic of one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicFound {
    /// Identity across the corpus: the folded, singular name (`free trade agreement`).
    pub key: String,
    /// The display name as found ("cultural diplomacy", "ASEAN").
    pub name: String,
    pub kind: TopicKind,
    /// Other forms seen in this article ("FTAs" for "free trade agreements").
    pub aliases: Vec<String>,
    /// How much the article is about it; findings are sorted by it, strongest first.
    pub score: f32,
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Findings {
    pub persons: Vec<PersonFound>,
    pub topics: Vec<TopicFound>,
}

/// Recognizes people and topics in every article of `read`.
pub fn recognize(read: &ReadOutput, _config: &Config) -> Vec<Findings> {
    read.articles.iter().map(|_| Findings::default()).collect()
}
