//! Stage 3, recognize: find the people and topics of every article.
//!
//! Input is the whole read output, so rules can use what the corpus teaches (a short form
//! resolves to the full name used elsewhere; a topic counts when several articles have it).
//! Output is one `Findings` per article, in article order.
//!
//! Two passes: each article is scanned alone (in parallel) for what the rules see in it;
//! then what the corpus taught (names introduced with a role somewhere, acronyms defined
//! somewhere, concepts quoted somewhere) is found again in every article, and each
//! article's people and topics are settled. Word lists live in `data/recognize/`.

mod credits;
mod lexicon;
mod people;
mod tokens;
mod topics;

pub use credits::{CreditFound, NotAPerson};

use crate::read::{Article, Block, ReadOutput};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
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
    /// Titles and roles the article gives the person, canonical ("Foreign Minister" for
    /// "FM" and "foreign minister").
    pub roles: Vec<String>,
    pub mentions: usize,
    /// Every mention, full or short, in reading order.
    pub spans: Vec<Span>,
    /// What made the rules take the name for a person's ("honorific Mr", "speech verb
    /// said", "given name in list: Jane"), for `gazette inspect`: a user who disagrees
    /// sees why, and corrects it with a sidecar.
    pub evidence: Vec<String>,
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
    /// What each of the article's contributors is, in their order: a person's name, or
    /// why the credit the reader found names no person ("Most Popular Stories").
    pub credits: Vec<CreditFound>,
}

/// A piece of an article the rules read: the title or one block.
pub(crate) struct Segment<'a> {
    /// The block index; `None` for the title (found, but never linked in the body).
    pub block: Option<usize>,
    pub text: &'a str,
    pub tokens: Vec<tokens::Token<'a>>,
    /// How much a mention here says what the article is about: the title most, then the
    /// lede, headings and captions, then the body.
    pub weight: f32,
    /// Byte ranges of photo credits and source lines: never mentions.
    pub credits: Vec<(usize, usize)>,
    /// A body paragraph, which may be a byline the reader left in ("Anh Huyen"); a caption
    /// or a heading holding only a name names that person.
    pub prose: bool,
    /// A photo caption: one holding only names names the people in the picture.
    pub caption: bool,
    /// A heading: a section's title, or on a whole page another story's title in a list
    /// of teasers. A name only there and on the name lists is no person of the article.
    pub heading: bool,
    /// Whether the tokens hold a "(" and an opening quote (`"`, `“` or `‘`): the rules
    /// for acronyms defined and for phrases quoted need them, and most blocks have
    /// neither. Noted by the tokenizer as it makes the punctuation tokens, rather than by
    /// searching the text or the tokens again; `false` without tokens.
    pub has_parenthesis: bool,
    pub has_quote: bool,
    /// A short line with most of its words capitalised: a headline, a menu line, a
    /// teaser. Names run into the words around them there.
    pub headline: bool,
}

/// What kind of block a piece of an article is, as the rules need to know.
#[derive(Clone, Copy, Default)]
struct PieceKind {
    prose: bool,
    caption: bool,
    heading: bool,
}

/// The pieces of an article the rules read, in order: (block, text, weight, kind) of
/// the title and of each block with text.
fn pieces(article: &Article) -> impl Iterator<Item = (Option<usize>, &str, f32, PieceKind)> {
    let title = (None, article.title.as_str(), 3.0, PieceKind::default());
    let mut lede_seen = false;
    let blocks = article.blocks.iter().enumerate().map(move |(i, b)| {
        let weight = match b {
            Block::Paragraph { .. } if !lede_seen => {
                lede_seen = true;
                2.0
            }
            // A caption names what the pictures show: the article's event and people.
            Block::Caption { .. } | Block::Figure { .. } => 2.0,
            Block::Heading { .. } => 1.5,
            _ => 1.0,
        };
        // News puts what matters first: a mention weighs a little more the earlier it is
        // (up to a quarter more in the first block).
        let early = 1.0 + 0.25 * (1.0 - i as f32 / article.blocks.len() as f32);
        let kind = PieceKind {
            prose: matches!(b, Block::Paragraph { .. } | Block::Html { .. }),
            caption: matches!(b, Block::Caption { .. } | Block::Figure { .. }),
            heading: matches!(b, Block::Heading { .. }),
        };
        (Some(i), b.text(), weight * early, kind)
    });
    std::iter::once(title)
        .chain(blocks)
        .filter(|(_, text, _, _)| !text.trim().is_empty())
}

/// The text of each of `pieces(article)` in ASCII lower case, for `segments`.
fn lowered(article: &Article) -> Vec<String> {
    pieces(article)
        .map(|(_, text, _, _)| text.to_ascii_lowercase())
        .collect()
}

/// The segments of an article, tokenized; `lowered` is `lowered(article)`.
fn segments<'a>(article: &'a Article, lowered: &'a [String]) -> Vec<Segment<'a>> {
    let mut out = Vec::with_capacity(article.blocks.len() + 1);
    for ((block, text, weight, kind), lower) in pieces(article).zip(lowered) {
        let credits = tokens::credit_ranges(text);
        let tokens::Tokens {
            list: tokens,
            has_parenthesis,
            has_quote,
        } = tokens::tokenize_with(text, lower, &credits);
        out.push(Segment {
            block,
            text,
            tokens,
            credits,
            weight,
            prose: kind.prose,
            caption: kind.caption,
            heading: kind.heading,
            has_parenthesis,
            has_quote,
            headline: headline_case(text),
        });
    }
    out
}

/// Whether a line has most of its words capitalised, as a headline or a menu line does.
/// Headlines are short: a long line is prose however many names it holds.
fn headline_case(text: &str) -> bool {
    let text = text.trim_end();
    // A sentence ends with a full stop; a headline seldom does.
    if text.ends_with('.') {
        return false;
    }
    let (mut words, mut caps) = (0, 0);
    // The first word is capitalised in any line.
    for w in text.split_whitespace().skip(1) {
        words += 1;
        caps += usize::from(w.starts_with(|c: char| c.is_uppercase()));
        if words > 20 {
            return false;
        }
    }
    words >= 3 && caps * 10 >= words * 7
}

/// (segment, start, end) of every credit in an article's segments.
type Credits = Vec<(usize, usize, usize)>;

/// The segments of an article again, without tokens (the second pass reads the text
/// only), `credits` being (segment, start, end) of every credit `segments` found and
/// `headlines` whether each is in headline case.
fn segments_untokenized<'a>(
    article: &'a Article,
    credits: &[(usize, usize, usize)],
    headlines: &[bool],
) -> Vec<Segment<'a>> {
    pieces(article)
        .zip(headlines)
        .enumerate()
        .map(|(at, ((block, text, weight, kind), &headline))| Segment {
            block,
            text,
            tokens: Vec::new(),
            credits: credits
                .iter()
                .filter(|c| c.0 == at)
                .map(|&(_, s, e)| (s, e))
                .collect(),
            weight,
            prose: kind.prose,
            caption: kind.caption,
            heading: kind.heading,
            has_parenthesis: false,
            has_quote: false,
            headline,
        })
        .collect()
}

/// Recognizes people and topics in every article of `read`.
pub fn recognize(read: &ReadOutput) -> Vec<Findings> {
    let known_people = people::known_forms(&read.people);
    let known_topics = topics::Known::new(&read.topics);
    let scanned: Vec<(Credits, Vec<bool>, Vec<people::PersonMention>, topics::Scan)> = read
        .articles
        .par_iter()
        .map(|a| {
            let lowered = lowered(a);
            let segs = segments(a, &lowered);
            let person_scan = people::scan(&segs, &known_people);
            let topic_scan = topics::scan(&segs, &known_topics);
            // The second pass reads the text again, not the tokens, and makes the segments
            // again: of them, only the credits (rare) and whether each is in headline
            // case (a look at its words) are worth keeping until then.
            let credits = segs
                .iter()
                .enumerate()
                .flat_map(|(at, seg)| seg.credits.iter().map(move |&(s, e)| (at, s, e)))
                .collect();
            let headlines = segs.iter().map(|seg| seg.headline).collect();
            (credits, headlines, person_scan, topic_scan)
        })
        .collect();
    let mut all_credits = Vec::with_capacity(scanned.len());
    let mut all_headlines = Vec::with_capacity(scanned.len());
    let mut person_scans = Vec::with_capacity(scanned.len());
    let mut topic_scans = Vec::with_capacity(scanned.len());
    for (credits, headlines, ps, ts) in scanned {
        all_credits.push(credits);
        all_headlines.push(headlines);
        person_scans.push(ps);
        topic_scans.push(ts);
    }
    let person_corpus = people::PeopleCorpus::learn(&person_scans);
    let topic_corpus = topics::TopicCorpus::learn(&topic_scans);

    // Second pass: what the corpus knows, found again in each article.
    let (persons, mut topics): (Vec<Vec<PersonFound>>, Vec<Vec<TopicFound>>) = read
        .articles
        .par_iter()
        .zip(all_credits)
        .zip(all_headlines)
        .zip(person_scans)
        .zip(topic_scans)
        .map(|((((a, credits), headlines), ps), ts)| {
            let segs = segments_untokenized(a, &credits, &headlines);
            let persons = people::resolve(&segs, ps, &person_corpus);
            let mut mentions = ts.mentions;
            topic_corpus.find(&segs, &mut mentions);
            topics::enumerations(&segs, &mut mentions);
            (persons, topics::tally(&mentions))
        })
        .unzip();

    // Rarity: in how many articles each topic is (an article has each topic once).
    let mut df: FxHashMap<String, usize> = FxHashMap::default();
    for t in topics.iter().flatten() {
        match df.get_mut(t.key.as_str()) {
            Some(count) => *count += 1,
            None => {
                df.insert(t.key.clone(), 1);
            }
        }
    }
    let n = topics.len();
    topics
        .par_iter_mut()
        .for_each(|found| topics::rank(found, &df, n));
    persons
        .into_iter()
        .zip(topics)
        .zip(&read.articles)
        .map(|((persons, topics), a)| Findings {
            persons,
            topics,
            credits: credits::judge(a),
        })
        .collect()
}
