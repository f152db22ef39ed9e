//! Merging per-article findings into site-wide people and topics, with the user's
//! corrections (`content/people`, `content/topics`, sidecars, config) applied.

use super::cross::{compute_related, fill_backlinks};
use super::{ArticleNode, Person, PersonRef, RoleUse, SiteGraph, Topic, TopicRef};
use crate::load::Config;
use crate::read::{Article, ReadOutput, Role};
use crate::recognize::{Findings, Span, TopicKind};
use crate::slug::{SlugSet, fold, slugify, topic_key};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};

/// Builds the site graph. `findings[i]` belongs to `read.articles[i]`.
pub fn assemble(
    read: ReadOutput,
    findings: Vec<Findings>,
    config: &Config,
    drafts: bool,
) -> SiteGraph {
    // Drafts are left out unless asked for; findings stay paired with their article.
    let mut pairs: Vec<(Article, Findings)> = read
        .articles
        .into_iter()
        .zip(findings)
        .filter(|(a, _)| drafts || !a.draft)
        .collect();

    // Article slugs, handed out in source order so they do not depend on dates or on the
    // order files were found in; asked-for slugs are reserved first.
    pairs.sort_by(|a, b| a.0.source.cmp(&b.0.source));
    let mut slugs = SlugSet::new();
    let mut article_slugs: Vec<Option<String>> = vec![None; pairs.len()];
    for (i, (a, _)) in pairs.iter().enumerate() {
        if let Some(s) = &a.slug
            && slugs.reserve(s)
        {
            article_slugs[i] = Some(s.clone());
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
    let mut articles_f: Vec<(Article, Findings, String)> = Vec::with_capacity(order.len());
    for i in order {
        let (a, f) = slots[i].take().expect("each article once");
        let slug = article_slugs[i].take().expect("slug assigned");
        articles_f.push((a, f, slug));
    }

    // People, topics and word counts do not depend on each other: made side by side.
    let (people_builder, (topic_builder, words)) = rayon::join(
        || PeopleBuilder::build(&articles_f, &read.people, config),
        || {
            rayon::join(
                || TopicsBuilder::build(&articles_f, &read.topics, config),
                || {
                    use rayon::prelude::*;
                    articles_f
                        .par_iter()
                        .map(|(a, _, _)| a.words())
                        .collect::<Vec<usize>>()
                },
            )
        },
    );
    let PeopleBuilder {
        people,
        persons_of,
        contributors_of,
    } = people_builder;
    let TopicsBuilder { topics, topics_of } = topic_builder;
    let mut articles: Vec<ArticleNode> = Vec::with_capacity(articles_f.len());
    let per_article = persons_of.into_iter().zip(contributors_of).zip(topics_of);
    for (((article, _, slug), words), ((persons, contributors), topics)) in
        articles_f.into_iter().zip(words).zip(per_article)
    {
        articles.push(ArticleNode {
            article,
            slug,
            persons,
            contributors,
            topics,
            related: Vec::new(),
            words,
        });
    }
    let mut people = people;
    let mut topics = topics;
    fill_backlinks(&mut articles, &mut people, &mut topics);
    compute_related(&mut articles, people.len(), topics.len());

    SiteGraph {
        config: config.clone(),
        articles,
        people,
        topics,
        pages: read
            .pages
            .into_iter()
            .filter(|p| drafts || !p.draft)
            .collect(),
        home: read.home,
    }
}

/// One person while records are being merged.
#[derive(Default)]
struct PersonDraft {
    /// Spelling → number of articles using it as the full name.
    spellings: BTreeMap<String, usize>,
    /// Other forms of the name; a set, as every article naming the person repeats them.
    forms: BTreeSet<String>,
    roles: BTreeMap<String, Vec<usize>>,
    name_override: Option<String>,
    extra_aliases: Vec<String>,
    bio_html: String,
    slug_override: Option<String>,
}

struct PeopleBuilder {
    people: Vec<Person>,
    persons_of: Vec<Vec<PersonRef>>,
    contributors_of: Vec<Vec<(usize, Role)>>,
}

impl PeopleBuilder {
    fn build(
        articles: &[(Article, Findings, String)],
        pages: &[crate::read::PersonPage],
        config: &Config,
    ) -> Self {
        // Every name that points at a person page: its slug, name and aliases, folded.
        let mut page_of: FxHashMap<String, usize> = FxHashMap::default();
        for (i, p) in pages.iter().enumerate() {
            page_of.insert(fold(&p.slug.replace('-', " ")), i);
            if let Some(n) = &p.name {
                page_of.insert(fold(n), i);
            }
            for a in &p.aliases {
                page_of.insert(fold(a), i);
            }
        }
        let hidden: Vec<String> = config
            .people
            .hide
            .iter()
            .map(|h| fold(&h.replace('-', " ")))
            .chain(
                pages
                    .iter()
                    .filter(|p| p.hidden)
                    .map(|p| fold(&p.slug.replace('-', " "))),
            )
            .collect();
        // Identity of a person: the page it is merged into, else its folded full name.
        let identity = |key: &str| -> String {
            match page_of.get(key) {
                Some(&i) => format!("page:{}", pages[i].slug),
                None => key.to_string(),
            }
        };

        let mut drafts: BTreeMap<String, PersonDraft> = BTreeMap::new();
        // Per article: identity → (mentions, spans); identity → role.
        let mut named: Vec<BTreeMap<String, (usize, Vec<Span>)>> = Vec::new();
        let mut credited: Vec<Vec<(String, Role)>> = Vec::new();

        for (ai, (article, findings, _)) in articles.iter().enumerate() {
            let not: Vec<String> = article
                .tags
                .not_persons
                .iter()
                .map(|n| fold(&n.replace('-', " ")))
                .collect();
            let mut here: BTreeMap<String, (usize, Vec<Span>)> = BTreeMap::new();
            for p in &findings.persons {
                if !not.is_empty() && (not.contains(&p.key) || not.contains(&fold(&p.name))) {
                    continue;
                }
                let id = identity(&p.key);
                let d = drafts.entry(id.clone()).or_default();
                count_spelling(&mut d.spellings, &p.name);
                for f in &p.forms {
                    if !d.forms.contains(f) {
                        d.forms.insert(f.clone());
                    }
                }
                for r in &p.roles {
                    match d.roles.get_mut(r) {
                        Some(uses) if uses.last() == Some(&ai) => {}
                        Some(uses) => uses.push(ai),
                        None => {
                            d.roles.insert(r.clone(), vec![ai]);
                        }
                    }
                }
                let e = here.entry(id).or_default();
                e.0 += p.mentions.max(1);
                e.1.extend(p.spans.iter().copied());
            }
            for name in &article.tags.persons {
                let id = identity(&fold(name));
                let d = drafts.entry(id.clone()).or_default();
                count_spelling(&mut d.spellings, name);
                here.entry(id).or_default().0 += 1;
            }
            let mut cred = Vec::new();
            for c in &article.contributors {
                let key = fold(&c.name);
                if key.is_empty() {
                    continue;
                }
                let id = identity(&key);
                let d = drafts.entry(id.clone()).or_default();
                count_spelling(&mut d.spellings, &c.name);
                if !cred.iter().any(|(i, r)| i == &id && *r == c.role) {
                    cred.push((id, c.role));
                }
            }
            named.push(here);
            credited.push(cred);
        }

        // Apply person pages: display name, aliases, bio.
        for (id, d) in drafts.iter_mut() {
            if let Some(slug) = id.strip_prefix("page:")
                && let Some(p) = pages.iter().find(|p| p.slug == slug)
            {
                d.name_override = p.name.clone();
                d.extra_aliases = p.aliases.clone();
                d.bio_html = p.bio_html.clone();
                d.slug_override = Some(p.slug.clone());
            }
        }

        // Finish records: display name = most common spelling (ties: the one with more
        // letters outside ASCII, i.e. the diacritics kept, then alphabetical).
        let mut ids: Vec<String> = Vec::new();
        let mut people: Vec<Person> = Vec::new();
        let mut slugs = SlugSet::new();
        for (id, d) in &drafts {
            let name = d.name_override.clone().unwrap_or_else(|| {
                d.spellings
                    .iter()
                    .max_by(|a, b| {
                        a.1.cmp(b.1)
                            .then(non_ascii(a.0).cmp(&non_ascii(b.0)))
                            .then(b.0.cmp(a.0))
                    })
                    .map(|(s, _)| s.clone())
                    .unwrap_or_default()
            });
            let folded = fold(&name);
            if hidden.iter().any(|h| {
                *h == folded
                    || id.strip_prefix("page:").map(|s| fold(&s.replace('-', " ")))
                        == Some(h.clone())
            }) {
                continue;
            }
            let mut aliases: Vec<String> = d
                .spellings
                .keys()
                .chain(d.forms.iter())
                .chain(d.extra_aliases.iter())
                .filter(|s| **s != name)
                .cloned()
                .collect();
            aliases.sort();
            aliases.dedup();
            let slug = match &d.slug_override {
                Some(s) if slugs.reserve(s) => s.clone(),
                _ => slugs.unique(&slugify(&name)),
            };
            ids.push(id.clone());
            people.push(Person {
                slug,
                name,
                aliases,
                roles: d
                    .roles
                    .iter()
                    .map(|(r, a)| RoleUse {
                        role: r.clone(),
                        articles: a.clone(),
                    })
                    .collect(),
                articles: Vec::new(),
                contributed: Vec::new(),
                alongside: Vec::new(),
                bio_html: d.bio_html.clone(),
            });
        }
        // Sort by slug; remap.
        let mut order: Vec<usize> = (0..people.len()).collect();
        order.sort_by(|&a, &b| people[a].slug.cmp(&people[b].slug));
        let mut index_of: FxHashMap<String, usize> = FxHashMap::default();
        let mut sorted = Vec::with_capacity(people.len());
        let mut taken: Vec<Option<Person>> = people.into_iter().map(Some).collect();
        for (new, &old) in order.iter().enumerate() {
            index_of.insert(ids[old].clone(), new);
            sorted.push(taken[old].take().expect("once"));
        }

        let persons_of = named
            .into_iter()
            .map(|here| {
                let mut refs: Vec<PersonRef> = here
                    .into_iter()
                    .filter_map(|(id, (mentions, mut spans))| {
                        spans.sort();
                        index_of.get(&id).map(|&person| PersonRef {
                            person,
                            mentions,
                            spans,
                        })
                    })
                    .collect();
                refs.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.person.cmp(&b.person)));
                refs
            })
            .collect();
        let contributors_of = credited
            .into_iter()
            .map(|c| {
                c.into_iter()
                    .filter_map(|(id, role)| index_of.get(&id).map(|&p| (p, role)))
                    .collect()
            })
            .collect();
        PeopleBuilder {
            people: sorted,
            persons_of,
            contributors_of,
        }
    }
}

/// Counts one more use of `spelling`, copying it only the first time.
fn count_spelling(spellings: &mut BTreeMap<String, usize>, spelling: &str) {
    match spellings.get_mut(spelling) {
        Some(n) => *n += 1,
        None => {
            spellings.insert(spelling.to_string(), 1);
        }
    }
}

fn non_ascii(s: &str) -> usize {
    s.chars().filter(|c| !c.is_ascii()).count()
}

#[derive(Default)]
struct TopicDraft {
    names: BTreeMap<String, usize>,
    /// A set, as every article with the topic repeats its aliases.
    aliases: BTreeSet<String>,
    kinds: BTreeMap<TopicKind, usize>,
    articles: usize,
    page: Option<usize>,
}

struct TopicsBuilder {
    topics: Vec<Topic>,
    topics_of: Vec<Vec<TopicRef>>,
}

impl TopicsBuilder {
    fn build(
        articles: &[(Article, Findings, String)],
        pages: &[crate::read::TopicPage],
        config: &Config,
    ) -> Self {
        let mut page_of: FxHashMap<String, usize> = FxHashMap::default();
        for (i, p) in pages.iter().enumerate() {
            page_of.insert(topic_key(&p.slug.replace('-', " ")), i);
            page_of.insert(topic_key(&p.name), i);
            for a in &p.aliases {
                page_of.insert(topic_key(a), i);
            }
        }
        let identity = |key: &str| -> String {
            match page_of.get(key) {
                Some(&i) => format!("page:{}", pages[i].slug),
                None => key.to_string(),
            }
        };
        let hidden: Vec<String> = config
            .topics
            .hide
            .iter()
            .map(|h| topic_key(&h.replace('-', " ")))
            .collect();

        let mut drafts: BTreeMap<String, TopicDraft> = BTreeMap::new();
        for (i, p) in pages.iter().enumerate() {
            drafts.entry(format!("page:{}", p.slug)).or_default().page = Some(i);
        }
        // Per article: identity → (score, spans).
        let mut per_article: Vec<Vec<(String, f32, Vec<Span>)>> = Vec::new();
        for (article, findings, _) in articles {
            let not: Vec<String> = article
                .tags
                .not_topics
                .iter()
                .map(|n| topic_key(&n.replace('-', " ")))
                .collect();
            let mut here: Vec<(String, f32, Vec<Span>)> = Vec::new();
            let mut add = |id: String, score: f32, spans: &[Span]| match here
                .iter_mut()
                .find(|h| h.0 == id)
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
                let id = identity(&t.key);
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
                let id = identity(&topic_key(name));
                let d = drafts.entry(id.clone()).or_default();
                count_spelling(&mut d.names, name);
                // A topic a person tagged is always kept, whatever the corpus says.
                add(id, f32::MAX, &[]);
            }
            for (id, _, _) in &here {
                drafts.get_mut(id).expect("draft exists").articles += 1;
            }
            per_article.push(here);
        }

        let mut ids = Vec::new();
        let mut topics = Vec::new();
        let mut slugs = SlugSet::new();
        // Topics a person tagged somewhere (their score is f32::MAX), found once.
        let tagged_ids: FxHashSet<&str> = per_article
            .iter()
            .flatten()
            .filter(|(_, s, _)| *s == f32::MAX)
            .map(|(i, _, _)| i.as_str())
            .collect();
        for (id, d) in &drafts {
            let page = d.page.map(|i| &pages[i]);
            let tagged = tagged_ids.contains(id.as_str());
            let supported = d.articles >= config.topics.min_articles.max(1);
            if page.is_none() && !supported && !tagged {
                continue;
            }
            if page.is_some_and(|p| p.hidden) || d.articles == 0 && page.is_none() {
                continue;
            }
            let name = match page {
                Some(p) => p.name.clone(),
                None => d
                    .names
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(n, _)| n.clone())
                    .unwrap_or_default(),
            };
            let key = topic_key(&name);
            if hidden
                .iter()
                .any(|h| *h == key || Some(h.as_str()) == id.strip_prefix("page:"))
            {
                continue;
            }
            let mut aliases: Vec<String> = d
                .names
                .keys()
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
            let slug = match page {
                Some(p) if slugs.reserve(&p.slug) => p.slug.clone(),
                _ => slugs.unique(&slugify(&name)),
            };
            ids.push(id.clone());
            topics.push(Topic {
                slug,
                name,
                kind,
                aliases,
                articles: Vec::new(),
                people: Vec::new(),
                description_html: page.map(|p| p.description_html.clone()).unwrap_or_default(),
            });
        }
        let mut order: Vec<usize> = (0..topics.len()).collect();
        order.sort_by(|&a, &b| topics[a].slug.cmp(&topics[b].slug));
        let mut index_of: FxHashMap<String, usize> = FxHashMap::default();
        let mut taken: Vec<Option<Topic>> = topics.into_iter().map(Some).collect();
        let mut sorted = Vec::new();
        for (new, &old) in order.iter().enumerate() {
            index_of.insert(ids[old].clone(), new);
            sorted.push(taken[old].take().expect("once"));
        }
        let cap = config.topics.max_per_article.max(1);
        let min_articles = config.topics.min_articles.max(1);
        let defined: FxHashSet<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
        // The per-article cap can leave a topic the corpus supports with fewer articles
        // than `min_articles` (even none), and a page under the bar helps nobody: such a
        // topic goes, unless a person defined it in content/topics or tagged an article
        // with it. Dropping one frees a place in its articles for the next topic down, so
        // this repeats until every kept topic meets the bar (the kept set only shrinks).
        let exempt: Vec<bool> = sorted
            .iter()
            .zip(order.iter())
            .map(|(t, &old)| {
                defined.contains(t.slug.as_str()) || tagged_ids.contains(ids[old].as_str())
            })
            .collect();
        // Each article's topics, best first.
        let ranked: Vec<Vec<(usize, Vec<Span>)>> = per_article
            .into_iter()
            .map(|mut here| {
                here.retain(|(id, _, _)| index_of.contains_key(id));
                here.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                here.into_iter()
                    .map(|(id, _, spans)| (index_of[&id], spans))
                    .collect()
            })
            .collect();
        let mut alive = vec![true; sorted.len()];
        loop {
            let mut count = vec![0usize; sorted.len()];
            for here in &ranked {
                for (t, _) in here.iter().filter(|(t, _)| alive[*t]).take(cap) {
                    count[*t] += 1;
                }
            }
            let mut dropped = false;
            for t in 0..sorted.len() {
                if alive[t] && !exempt[t] && count[t] < min_articles {
                    alive[t] = false;
                    dropped = true;
                }
            }
            if !dropped {
                break;
            }
        }
        let mut new_index = vec![usize::MAX; sorted.len()];
        let mut kept = Vec::with_capacity(sorted.len());
        for (old, topic) in sorted.into_iter().enumerate() {
            if alive[old] {
                new_index[old] = kept.len();
                kept.push(topic);
            }
        }
        let topics_of: Vec<Vec<TopicRef>> = ranked
            .into_iter()
            .map(|here| {
                here.into_iter()
                    .filter(|(t, _)| alive[*t])
                    .take(cap)
                    .map(|(t, mut spans)| {
                        spans.sort();
                        TopicRef {
                            topic: new_index[t],
                            spans,
                        }
                    })
                    .collect()
            })
            .collect();
        TopicsBuilder {
            topics: kept,
            topics_of,
        }
    }
}

/// Article `i` of `graph` with its text replaced by `article` (as re-read after an edit)
/// and its people and topics taken from `findings` (the new text recognized on its own),
/// matched to the people and topics `graph` already has. This is the article's page as
/// `serve` shows it at once after the edit; a full build follows, which may also find
/// people and topics only the rest of the corpus teaches, and update the other pages.
pub fn remerge_article(
    graph: &SiteGraph,
    i: usize,
    article: Article,
    findings: Findings,
) -> ArticleNode {
    let old = &graph.articles[i];
    // Every full name (and other full spelling) of a person, folded.
    let mut person_of: FxHashMap<String, usize> = FxHashMap::default();
    for (pi, p) in graph.people.iter().enumerate() {
        for name in std::iter::once(&p.name).chain(&p.aliases) {
            let key = fold(name);
            if key.contains(' ') {
                person_of.entry(key).or_insert(pi);
            }
        }
    }
    let not_persons: Vec<String> = article
        .tags
        .not_persons
        .iter()
        .map(|n| fold(&n.replace('-', " ")))
        .collect();
    let mut persons: Vec<PersonRef> = Vec::new();
    let mut add_person = |pi: usize, mentions: usize, spans: &[Span]| match persons
        .iter_mut()
        .find(|p| p.person == pi)
    {
        Some(p) => {
            p.mentions += mentions;
            p.spans.extend_from_slice(spans);
        }
        None => persons.push(PersonRef {
            person: pi,
            mentions,
            spans: spans.to_vec(),
        }),
    };
    for p in &findings.persons {
        if not_persons.contains(&p.key) || not_persons.contains(&fold(&p.name)) {
            continue;
        }
        let found = person_of
            .get(&p.key)
            .or_else(|| person_of.get(&fold(&p.name)));
        if let Some(&pi) = found {
            add_person(pi, p.mentions.max(1), &p.spans);
        }
    }
    for name in &article.tags.persons {
        if let Some(&pi) = person_of.get(&fold(name)) {
            add_person(pi, 1, &[]);
        }
    }
    persons.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.person.cmp(&b.person)));
    let mut contributors: Vec<(usize, Role)> = Vec::new();
    for c in &article.contributors {
        if let Some(&pi) = person_of.get(&fold(&c.name))
            && !contributors.contains(&(pi, c.role))
        {
            contributors.push((pi, c.role));
        }
    }

    let mut topic_of: FxHashMap<String, usize> = FxHashMap::default();
    for (ti, t) in graph.topics.iter().enumerate() {
        for name in std::iter::once(&t.name).chain(&t.aliases) {
            topic_of.entry(topic_key(name)).or_insert(ti);
        }
    }
    let not_topics: Vec<String> = article
        .tags
        .not_topics
        .iter()
        .map(|n| topic_key(&n.replace('-', " ")))
        .collect();
    let mut topics: Vec<TopicRef> = Vec::new();
    for (key, spans) in findings
        .topics
        .iter()
        .map(|t| (t.key.clone(), t.spans.clone()))
        .chain(
            article
                .tags
                .topics
                .iter()
                .map(|n| (topic_key(n), Vec::new())),
        )
    {
        if not_topics.contains(&key) {
            continue;
        }
        if let Some(&ti) = topic_of.get(&key)
            && !topics.iter().any(|t| t.topic == ti)
        {
            topics.push(TopicRef { topic: ti, spans });
        }
    }
    topics.truncate(graph.config.topics.max_per_article.max(1));
    let words = article.words();
    ArticleNode {
        article,
        slug: old.slug.clone(),
        persons,
        contributors,
        topics,
        related: old.related.clone(),
        words,
    }
}
