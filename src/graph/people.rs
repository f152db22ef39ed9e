//! People in the merge: what an article says about each person it names, and how the
//! person's page is made from every article's spellings, short forms and roles.

use super::merge::{Id, Merge, Node, PageIndex, count_spelling, keys_of};
use super::{Person, PersonRef, RoleUse};
use crate::read::{Article, PersonPage, Role};
use crate::recognize::{Findings, Span};
use crate::slug::fold;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

pub struct PeopleMerge<'a> {
    pub pages: &'a [PersonPage],
    /// The most people one article links to (`[people] max_per_article`).
    pub max_per_article: usize,
}

/// One person while records are being merged.
#[derive(Default)]
pub struct PersonDraft {
    /// Spelling → number of articles using it as the full name.
    spellings: BTreeMap<String, usize>,
    /// Other forms of the name; a set, as every article naming the person repeats them.
    forms: BTreeSet<String>,
    /// Role → the articles giving it, in article order.
    roles: BTreeMap<String, Vec<usize>>,
}

/// The people of one article, by identity.
pub struct PeopleHere {
    /// Named in the text or the sidecar: mentions and where.
    named: BTreeMap<Id, (usize, Vec<Span>)>,
    /// Credited (byline, photos), each identity and role once.
    credited: Vec<(Id, Role)>,
    /// People named but left out by `max_per_article`.
    left_out: usize,
}

/// The people of one article, by index.
pub struct ArticlePeople {
    /// Most mentioned first.
    pub persons: Vec<PersonRef>,
    pub contributors: Vec<(usize, Role)>,
    /// How many people the article named beyond `max_per_article` (not linked).
    pub left_out: usize,
}

impl Node for Person {
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

impl Merge for PeopleMerge<'_> {
    type Page = PersonPage;
    type Draft = PersonDraft;
    type Here = PeopleHere;
    type Settled = ArticlePeople;
    type Node = Person;
    const EVERY_PAGE_SHOWN: bool = false;

    fn key(name: &str) -> String {
        fold(name)
    }
    fn page_slug(page: &PersonPage) -> &str {
        &page.slug
    }
    fn page_names(page: &PersonPage) -> impl Iterator<Item = &str> {
        page.name.iter().chain(&page.aliases).map(String::as_str)
    }
    fn page_hidden(page: &PersonPage) -> bool {
        page.hidden
    }
    fn pages(&self) -> &[PersonPage] {
        self.pages
    }

    fn tally(
        &self,
        ai: usize,
        article: &Article,
        findings: &Findings,
        pages: &PageIndex,
        drafts: &mut BTreeMap<Id, PersonDraft>,
    ) -> PeopleHere {
        let not = keys_of(&article.tags.not_persons, fold);
        let found_ids: Vec<Option<Id>> = findings
            .persons
            .iter()
            .map(|p| {
                let unwanted =
                    !not.is_empty() && (not.contains(&p.key) || not.contains(&fold(&p.name)));
                (!unwanted).then(|| pages.id(&p.key))
            })
            .collect();
        let tag_ids: Vec<Id> = (article.tags.persons.iter())
            .map(|name| pages.id(&fold(name)))
            .collect();
        let mut named: BTreeMap<Id, (usize, Vec<Span>)> = BTreeMap::new();
        for (p, id) in findings.persons.iter().zip(&found_ids) {
            if let Some(id) = id {
                let e = named.entry(id.clone()).or_default();
                e.0 += p.mentions.max(1);
                e.1.extend(p.spans.iter().copied());
            }
        }
        for id in &tag_ids {
            named.entry(id.clone()).or_default().0 += 1;
        }
        let left_out = keep_most_mentioned(&mut named, self.max_per_article);

        // Only the people the article keeps teach their records anything.
        for (p, id) in findings.persons.iter().zip(&found_ids) {
            let Some(id) = id.as_ref().filter(|id| named.contains_key(*id)) else {
                continue;
            };
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
        }
        for (name, id) in article.tags.persons.iter().zip(&tag_ids) {
            if named.contains_key(id) {
                count_spelling(&mut drafts.entry(id.clone()).or_default().spellings, name);
            }
        }
        let mut credited: Vec<(Id, Role)> = Vec::new();
        for (at, c) in article.contributors.iter().enumerate() {
            // The recognizer's verdict on the credit: a person's name (maybe cut from what
            // the byline ran on into), or none ("Most Popular Stories").
            let name = match findings.credits.get(at) {
                Some(found) => match &found.person {
                    Some(name) => name.as_str(),
                    None => continue,
                },
                None => c.name.as_str(),
            };
            let key = fold(name);
            if key.is_empty() {
                continue;
            }
            let id = pages.id(&key);
            count_spelling(&mut drafts.entry(id.clone()).or_default().spellings, name);
            if !credited.iter().any(|(i, r)| *i == id && *r == c.role) {
                credited.push((id, c.role));
            }
        }
        PeopleHere {
            named,
            credited,
            left_out,
        }
    }

    fn finish(&self, _id: &Id, d: PersonDraft, page: Option<&PersonPage>) -> Option<Person> {
        // Display name: the page's, else the most common spelling (ties: the one with more
        // letters outside ASCII, i.e. the diacritics kept, then alphabetical).
        let name = page.and_then(|p| p.name.clone()).unwrap_or_else(|| {
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
        let mut aliases: Vec<String> = (d.spellings.keys())
            .chain(d.forms.iter())
            .chain(page.map(|p| p.aliases.iter()).into_iter().flatten())
            .filter(|s| **s != name)
            .cloned()
            .collect();
        aliases.sort();
        aliases.dedup();
        Some(Person {
            slug: String::new(),
            name,
            aliases,
            roles: (d.roles.into_iter())
                .map(|(role, articles)| RoleUse { role, articles })
                .collect(),
            articles: Vec::new(),
            contributed: Vec::new(),
            alongside: Vec::new(),
            bio_html: page.map(|p| p.bio_html.clone()).unwrap_or_default(),
        })
    }

    fn settle(&self, here: PeopleHere, index: &FxHashMap<Id, usize>) -> ArticlePeople {
        let mut persons: Vec<PersonRef> = (here.named.into_iter())
            .filter_map(|(id, (mentions, mut spans))| {
                spans.sort();
                index.get(&id).map(|&person| PersonRef {
                    person,
                    mentions,
                    spans,
                })
            })
            .collect();
        persons.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.person.cmp(&b.person)));
        let contributors = (here.credited.into_iter())
            .filter_map(|(id, role)| index.get(&id).map(|&p| (p, role)))
            .collect();
        ArticlePeople {
            persons,
            contributors,
            left_out: here.left_out,
        }
    }
}

/// Keeps the `max` people with the most mentions (ties: by identity), so that one article
/// naming thousands of people (a list, a bad sidecar) cannot flood the site with pages and
/// make the people-named-together counts grow with the square of its length. Returns how
/// many were left out.
fn keep_most_mentioned(named: &mut BTreeMap<Id, (usize, Vec<Span>)>, max: usize) -> usize {
    let max = max.max(1);
    if named.len() <= max {
        return 0;
    }
    let mut ranked: Vec<(&Id, usize)> = named.iter().map(|(id, e)| (id, e.0)).collect();
    ranked.select_nth_unstable_by(max - 1, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let kept: BTreeSet<Id> = ranked[..max].iter().map(|(id, _)| (*id).clone()).collect();
    let left_out = named.len() - max;
    named.retain(|id, _| kept.contains(id));
    left_out
}

fn non_ascii(s: &str) -> usize {
    s.chars().filter(|c| !c.is_ascii()).count()
}
