//! Topics in the merge: what an article says about each topic, when a topic is shown (the
//! corpus supports it, a person tagged it, or `content/topics` defines it), and each
//! article's strongest topics up to `[topics] max_per_article`.

use super::merge::{Id, Merge, Merged, Node, PageIndex, count_spelling, keys_of};
use super::{Topic, TopicRef};
use crate::read::{Article, TopicPage};
use crate::recognize::{Findings, Span, TopicKind};
use crate::slug::topic_key;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};

pub struct TopicsMerge<'a> {
    pub pages: &'a [TopicPage],
    /// A topic found by the rules is shown when at least this many articles have it.
    pub min_articles: usize,
}

#[derive(Default)]
pub struct TopicDraft {
    names: BTreeMap<String, usize>,
    /// A set, as every article with the topic repeats its aliases.
    aliases: BTreeSet<String>,
    kinds: BTreeMap<TopicKind, usize>,
    /// Articles having the topic.
    articles: usize,
    /// A person tagged it in a sidecar or front matter: shown whatever the corpus says.
    tagged: bool,
}

/// One article's topics: identity, score (`f32::MAX` when a person tagged it), spans.
pub type TopicsHere = Vec<(Id, f32, Vec<Span>)>;

/// One article's topics by index, best first, before the per-article cap: index, score,
/// spans.
pub type RankedTopics = Vec<(usize, f32, Vec<Span>)>;

impl Node for Topic {
    fn name(&self) -> &str {
        &self.name
    }
    fn slug(&self) -> &str {
        &self.slug
    }
    fn set_slug(&mut self, slug: String) {
        self.slug = slug;
    }
}

impl Merge for TopicsMerge<'_> {
    type Page = TopicPage;
    type Draft = TopicDraft;
    type Here = TopicsHere;
    type Settled = RankedTopics;
    type Node = Topic;
    const EVERY_PAGE_SHOWN: bool = true;

    fn key(name: &str) -> String {
        topic_key(name)
    }
    fn page_slug(page: &TopicPage) -> &str {
        &page.slug
    }
    fn page_names(page: &TopicPage) -> impl Iterator<Item = &str> {
        std::iter::once(&page.name)
            .chain(&page.aliases)
            .map(String::as_str)
    }
    fn page_hidden(page: &TopicPage) -> bool {
        page.hidden
    }
    fn pages(&self) -> &[TopicPage] {
        self.pages
    }

    fn tally(
        &self,
        _ai: usize,
        article: &Article,
        findings: &Findings,
        pages: &PageIndex,
        drafts: &mut BTreeMap<Id, TopicDraft>,
    ) -> TopicsHere {
        let not = keys_of(&article.tags.not_topics, topic_key);
        let mut here: TopicsHere = Vec::new();
        let mut add = |id: Id, score: f32, spans: &[Span]| match here.iter_mut().find(|h| h.0 == id)
        {
            Some(h) => {
                h.1 = h.1.max(score);
                h.2.extend_from_slice(spans);
            }
            None => here.push((id, score, spans.to_vec())),
        };
        for t in &findings.topics {
            if not.contains(&t.key) {
                continue;
            }
            let id = pages.id(&t.key);
            let d = drafts.entry(id.clone()).or_default();
            count_spelling(&mut d.names, &t.name);
            for a in &t.aliases {
                if !d.aliases.contains(a) {
                    d.aliases.insert(a.clone());
                }
            }
            *d.kinds.entry(t.kind).or_default() += 1;
            add(id, t.score, &t.spans);
        }
        for name in &article.tags.topics {
            let id = pages.id(&topic_key(name));
            let d = drafts.entry(id.clone()).or_default();
            count_spelling(&mut d.names, name);
            d.tagged = true;
            add(id, f32::MAX, &[]);
        }
        for (id, _, _) in &here {
            drafts.get_mut(id).expect("draft exists").articles += 1;
        }
        here
    }

    fn finish(&self, _id: &Id, d: TopicDraft, page: Option<&TopicPage>) -> Option<Topic> {
        let supported = d.articles >= self.min_articles.max(1);
        if page.is_none() && (d.articles == 0 || !supported && !d.tagged) {
            return None;
        }
        let name = match page {
            Some(p) => p.name.clone(),
            None => (d.names.iter())
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(n, _)| n.clone())
                .unwrap_or_default(),
        };
        let mut aliases: Vec<String> = (d.names.keys())
            .chain(d.aliases.iter())
            .chain(page.map(|p| p.aliases.iter()).into_iter().flatten())
            .filter(|a| **a != name)
            .cloned()
            .collect();
        aliases.sort();
        aliases.dedup();
        let kind = page
            .and_then(|p| p.kind.as_deref().and_then(TopicKind::parse))
            .or_else(|| d.kinds.iter().max_by_key(|(_, n)| **n).map(|(k, _)| *k))
            .unwrap_or(TopicKind::Theme);
        Some(Topic {
            slug: String::new(),
            name,
            kind,
            aliases,
            articles: Vec::new(),
            people: Vec::new(),
            description_html: page.map(|p| p.description_html.clone()).unwrap_or_default(),
        })
    }

    fn settle(&self, mut here: TopicsHere, index: &FxHashMap<Id, usize>) -> RankedTopics {
        here.retain(|(id, _, _)| index.contains_key(id));
        here.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        (here.into_iter())
            .map(|(id, score, spans)| (index[&id], score, spans))
            .collect()
    }
}

/// An article's best `cap` topics among those `alive`, spans in reading order.
pub fn strongest(ranked: RankedTopics, alive: impl Fn(usize) -> bool, cap: usize) -> Vec<TopicRef> {
    (ranked.into_iter())
        .filter(|(t, _, _)| alive(*t))
        .take(cap.max(1))
        .map(|(topic, _, mut spans)| {
            spans.sort();
            TopicRef { topic, spans }
        })
        .collect()
}

/// Caps each article's topics at `max_per_article`, best first, and drops the topics left
/// under `min_articles` by the cap (a page under the bar helps nobody), unless a person
/// defined the topic in content/topics or tagged an article with it. Dropping one frees a
/// place in its articles for the next topic down, so this repeats until every kept topic
/// meets the bar (the kept set only shrinks). Returns each article's topics.
pub fn cap_and_drop(
    merged: &mut Merged<Topic, RankedTopics>,
    pages: &[TopicPage],
    min_articles: usize,
    max_per_article: usize,
) -> Vec<Vec<TopicRef>> {
    let n = merged.nodes.len();
    let (cap, min_articles) = (max_per_article.max(1), min_articles.max(1));
    let defined: FxHashSet<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
    let mut exempt: Vec<bool> = (merged.nodes.iter())
        .map(|t| defined.contains(t.slug.as_str()))
        .collect();
    for (t, score, _) in merged.per_article.iter().flatten() {
        if *score == f32::MAX {
            exempt[*t] = true;
        }
    }
    let mut alive = vec![true; n];
    loop {
        let mut count = vec![0usize; n];
        for ranked in &merged.per_article {
            for (t, _, _) in ranked.iter().filter(|(t, _, _)| alive[*t]).take(cap) {
                count[*t] += 1;
            }
        }
        let mut dropped = false;
        for t in 0..n {
            if alive[t] && !exempt[t] && count[t] < min_articles {
                alive[t] = false;
                dropped = true;
            }
        }
        if !dropped {
            break;
        }
    }
    let mut new_index = vec![usize::MAX; n];
    let mut kept = Vec::with_capacity(n);
    for (old, topic) in std::mem::take(&mut merged.nodes).into_iter().enumerate() {
        if alive[old] {
            new_index[old] = kept.len();
            kept.push(topic);
        }
    }
    merged.nodes = kept;
    merged.lookup.index.retain(|_, i| {
        *i = new_index[*i];
        *i != usize::MAX
    });
    (std::mem::take(&mut merged.per_article).into_iter())
        .map(|ranked| {
            let mut refs = strongest(ranked, |t| alive[t], cap);
            for r in &mut refs {
                r.topic = new_index[r.topic];
            }
            refs
        })
        .collect()
}
