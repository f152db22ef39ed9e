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
        // One case for every theme the rules found, whatever the text wrote: "climate
        // diplomacy" and "Foreign Direct Investment" (spelled out beside "FDI") side by side
        // read as two kinds of thing. A person's page names the topic as they wrote it.
        let name = if page.is_none() && kind == TopicKind::Theme {
            sentence_case(&name)
        } else {
            name
        };
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

/// A theme's name in sentence case: the first letter a capital; the other words lower case
/// when the name capitalised every word (a headline's or an acronym's spelling-out:
/// "Free Trade Agreements"), else as written (a proper noun inside: "Mekong river
/// cooperation"). Acronyms and words with inner capitals are kept.
fn sentence_case(name: &str) -> String {
    let words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
    let initial_cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let plain = |w: &str| w.chars().skip(1).all(|c| !c.is_uppercase());
    let title_cased = words.len() > 1 && words.iter().all(|w| initial_cap(w));
    let mut out = String::with_capacity(name.len());
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if i == 0 {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else if title_cased && plain(w) {
            out.push_str(&w.to_lowercase());
        } else {
            out.push_str(w);
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::sentence_case;

    #[test]
    fn themes_are_named_in_sentence_case() {
        assert_eq!(sentence_case("climate diplomacy"), "Climate diplomacy");
        assert_eq!(
            sentence_case("Foreign Direct Investment"),
            "Foreign direct investment"
        );
        assert_eq!(
            sentence_case("people-to-people diplomacy"),
            "People-to-people diplomacy"
        );
        assert_eq!(sentence_case("Party diplomacy"), "Party diplomacy");
        // A proper noun inside a name written in sentence case stays, as do acronyms.
        assert_eq!(
            sentence_case("the Mekong and ASEAN"),
            "The Mekong and ASEAN"
        );
        assert_eq!(sentence_case("Trade With ASEAN"), "Trade with ASEAN");
        assert_eq!(sentence_case("FDI"), "FDI");
    }
}
