//! Stage 4: the read and recognize output into the site graph, and the preview's graph
//! node for one edited article.

use super::cross::{compute_related, fill_backlinks};
use super::merge::{Merge, merge};
use super::people::{ArticlePeople, PeopleMerge};
use super::topics::{TopicsMerge, cap_and_drop, strongest};
use super::{ArticleNode, Lookups, SiteGraph};
use crate::addresses::Addresses;
use crate::diag::Diagnostics;
use crate::load::Config;
use crate::read::{Article, ReadOutput};
use crate::recognize::Findings;
use crate::slug::{SlugSet, slugify};
use std::collections::BTreeMap;

/// Builds the site graph. `findings[i]` belongs to `read.articles[i]`. Warns (in `diags`)
/// about articles naming more people than a page links to.
pub fn assemble(
    read: ReadOutput,
    findings: Vec<Findings>,
    config: &Config,
    drafts: bool,
    addresses: &Addresses,
    diags: &mut Diagnostics,
) -> SiteGraph {
    // Drafts are left out unless asked for; findings stay paired with their article.
    let pairs: Vec<(Article, Findings)> = read
        .articles
        .into_iter()
        .zip(findings)
        .filter(|(a, _)| drafts || !a.draft)
        .collect();
    let (articles_f, former) = order_and_name(pairs, addresses);

    let people_merge = PeopleMerge {
        pages: &read.people,
        max_per_article: config.people.max_per_article,
    };
    let topics_merge = TopicsMerge {
        pages: &read.topics,
        min_articles: config.topics.min_articles,
    };
    // People, topics and word counts do not depend on each other: made side by side.
    let (people, (mut topics, words)) = rayon::join(
        || merge(&people_merge, &articles_f, &config.people.hide),
        || {
            rayon::join(
                || merge(&topics_merge, &articles_f, &config.topics.hide),
                || {
                    use rayon::prelude::*;
                    (articles_f.par_iter())
                        .map(|(a, _, _)| a.words())
                        .collect::<Vec<usize>>()
                },
            )
        },
    );
    let topics_of = cap_and_drop(
        &mut topics,
        &read.topics,
        config.topics.min_articles,
        config.topics.max_per_article,
    );

    let mut articles: Vec<ArticleNode> = Vec::with_capacity(articles_f.len());
    let per_article = people.per_article.into_iter().zip(topics_of);
    for ((((article, _, slug), words), (named, topics)), former_slugs) in articles_f
        .into_iter()
        .zip(words)
        .zip(per_article)
        .zip(former)
    {
        let ArticlePeople {
            persons,
            contributors,
            left_out,
        } = named;
        if left_out > 0 {
            diags.warn(
                &article.source,
                None,
                format!(
                    "names {} people; only the {} most mentioned are linked \
                     (`[people] max_per_article` in gazette.toml)",
                    persons.len() + left_out,
                    persons.len()
                ),
            );
        }
        articles.push(ArticleNode {
            article,
            slug,
            former_slugs,
            persons,
            contributors,
            topics,
            related: Vec::new(),
            words,
        });
    }
    let mut people_nodes = people.nodes;
    let mut topic_nodes = topics.nodes;
    fill_backlinks(&mut articles, &mut people_nodes, &mut topic_nodes);
    compute_related(&mut articles, people_nodes.len(), topic_nodes.len());

    SiteGraph {
        config: config.clone(),
        articles,
        people: people_nodes,
        topics: topic_nodes,
        pages: (read.pages.into_iter())
            .filter(|p| drafts || !p.draft)
            .collect(),
        home: read.home,
        lookups: Lookups {
            people: people.lookup,
            topics: topics.lookup,
        },
    }
}

/// An article, what was found in it, and its slug.
type Named = (Article, Findings, String);

/// The articles newest first (undated last, by source path), each with its slug. Slugs
/// are handed out in source order so they do not depend on dates or on the order files
/// were found in; asked-for slugs are reserved first, then frozen ones; returns each article's former slugs too.
fn order_and_name(
    mut pairs: Vec<(Article, Findings)>,
    addresses: &Addresses,
) -> (Vec<Named>, Vec<Vec<String>>) {
    pairs.sort_by(|a, b| a.0.source.cmp(&b.0.source));
    let mut slugs = SlugSet::for_addresses();
    let mut article_slugs: Vec<Option<String>> = vec![None; pairs.len()];
    for (i, (a, _)) in pairs.iter().enumerate() {
        if let Some(s) = &a.slug
            && slugs.reserve(s)
        {
            article_slugs[i] = Some(s.clone());
        }
    }
    // Then the slugs earlier builds froze (`addresses.json`), so that a corrected headline
    // keeps its address.
    for (i, (a, _)) in pairs.iter().enumerate() {
        if article_slugs[i].is_none()
            && let Some(e) = addresses.slug_of(&a.source)
            && slugs.reserve(&e.slug)
        {
            article_slugs[i] = Some(e.slug.clone());
        }
    }
    // The addresses articles had before and no article has now are kept for redirect
    // pages (reserved before new articles are named, so none takes an old address).
    let mut former: Vec<Vec<String>> = vec![Vec::new(); pairs.len()];
    for (i, (a, _)) in pairs.iter().enumerate() {
        if let Some(e) = addresses.slug_of(&a.source) {
            for old in e.before.iter().chain(std::iter::once(&e.slug)) {
                if Some(old) != article_slugs[i].as_ref() && slugs.reserve(old) {
                    former[i].push(old.clone());
                }
            }
            former[i].sort();
        }
    }
    for (i, (a, _)) in pairs.iter().enumerate() {
        if article_slugs[i].is_none() {
            article_slugs[i] = Some(slugs.unique(&slugify(&a.title)));
        }
    }
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    // Newest first; undated last; ties by source path (already the index order).
    order.sort_by(|&x, &y| {
        let (a, b) = (&pairs[x].0, &pairs[y].0);
        match (a.date, b.date) {
            (Some(da), Some(db)) => db.cmp(&da).then(x.cmp(&y)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => x.cmp(&y),
        }
    });
    let mut slots: Vec<Option<(Article, Findings)>> = pairs.into_iter().map(Some).collect();
    let mut ordered = Vec::with_capacity(order.len());
    let mut ordered_former = Vec::with_capacity(order.len());
    for i in order {
        let (a, f) = slots[i].take().expect("each article once");
        let slug = article_slugs[i].take().expect("slug assigned");
        ordered.push((a, f, slug));
        ordered_former.push(std::mem::take(&mut former[i]));
    }
    (ordered, ordered_former)
}

/// Article `i` of `graph` with its text replaced by `article` (as re-read after an edit)
/// and its people and topics taken from `findings` (the new text recognized on its own),
/// matched to the people and topics `graph` already has by the build's own merge steps.
/// This is the article's page as `serve` shows it at once after the edit; a full build
/// follows, which may also find people and topics only the rest of the corpus teaches,
/// and update the other pages.
pub fn remerge_article(
    graph: &SiteGraph,
    i: usize,
    article: Article,
    findings: Findings,
) -> ArticleNode {
    let config = &graph.config;
    // The drafts of this one article teach nothing the graph does not already hold.
    let people_merge = PeopleMerge {
        pages: &[],
        max_per_article: config.people.max_per_article,
    };
    let here = people_merge.tally(
        i,
        &article,
        &findings,
        &graph.lookups.people.pages,
        &mut BTreeMap::new(),
    );
    let named = people_merge.settle(here, &graph.lookups.people.index);
    let topics_merge = TopicsMerge {
        pages: &[],
        min_articles: config.topics.min_articles,
    };
    let here = topics_merge.tally(
        i,
        &article,
        &findings,
        &graph.lookups.topics.pages,
        &mut BTreeMap::new(),
    );
    let ranked = topics_merge.settle(here, &graph.lookups.topics.index);
    let topics = strongest(ranked, |_| true, config.topics.max_per_article);
    let old = &graph.articles[i];
    let words = article.words();
    ArticleNode {
        article,
        slug: old.slug.clone(),
        former_slugs: old.former_slugs.clone(),
        persons: named.persons,
        contributors: named.contributors,
        topics,
        related: old.related.clone(),
        words,
    }
}
