//! The data export: `data/articles.json`, `data/people.json`, `data/topics.json`. A
//! contract (see ARCHITECTURE.md): outside tools read these fields, so a field is renamed or
//! dropped only on purpose.

use super::OutputFile;
use super::views::{kind_name, role_name};
use crate::graph::SiteGraph;
use serde::Serialize;

#[derive(Serialize)]
struct ArticleRecord<'a> {
    slug: &'a str,
    path: String,
    source: &'a str,
    title: &'a str,
    title_guessed: bool,
    date: Option<String>,
    outlet: Option<&'a str>,
    contributors: Vec<ContributorRecord<'a>>,
    persons: Vec<PersonMention<'a>>,
    topics: Vec<TopicMention<'a>>,
    words: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    captured: Option<&'a str>,
}

#[derive(Serialize)]
struct ContributorRecord<'a> {
    name: &'a str,
    slug: &'a str,
    role: &'static str,
}

#[derive(Serialize)]
struct PersonMention<'a> {
    name: &'a str,
    slug: &'a str,
    mentions: usize,
}

#[derive(Serialize)]
struct TopicMention<'a> {
    name: &'a str,
    slug: &'a str,
}

#[derive(Serialize)]
struct PersonRecord<'a> {
    name: &'a str,
    slug: &'a str,
    path: String,
    aliases: &'a [String],
    roles: Vec<&'a str>,
    /// The articles naming the person (not those they are only credited for).
    articles: Vec<&'a str>,
    /// Articles the person is credited for, by role ("author", "photographer", …): a
    /// byline or a photo credit is no mention.
    contributions: std::collections::BTreeMap<&'static str, usize>,
}

#[derive(Serialize)]
struct TopicRecord<'a> {
    name: &'a str,
    slug: &'a str,
    path: String,
    kind: &'static str,
    aliases: &'a [String],
    articles: Vec<&'a str>,
}

/// The three JSON files. Paths in them are site-relative (no `base_url`), so the export
/// stays valid wherever the site is published.
pub fn export(graph: &SiteGraph) -> Vec<OutputFile> {
    // The article list is most of the bytes: it is made beside the other two.
    let (articles, (people, topics)) = rayon::join(
        || OutputFile::new("data/articles.json", to_json(&article_records(graph))),
        || {
            rayon::join(
                || OutputFile::new("data/people.json", to_json(&person_records(graph))),
                || OutputFile::new("data/topics.json", to_json(&topic_records(graph))),
            )
        },
    );
    vec![articles, people, topics]
}

fn article_records(graph: &SiteGraph) -> Vec<ArticleRecord<'_>> {
    graph
        .articles
        .iter()
        .map(|n| ArticleRecord {
            slug: &n.slug,
            path: n.path(),
            source: &n.article.source,
            title: &n.article.title,
            title_guessed: n.article.title_guessed,
            date: n.article.date.map(super::views::iso_date),
            outlet: n.article.outlet.as_deref(),
            contributors: n
                .contributors
                .iter()
                .map(|&(p, role)| ContributorRecord {
                    name: &graph.people[p].name,
                    slug: &graph.people[p].slug,
                    role: role_name(role),
                })
                .collect(),
            persons: n
                .persons
                .iter()
                .map(|p| PersonMention {
                    name: &graph.people[p.person].name,
                    slug: &graph.people[p.person].slug,
                    mentions: p.mentions,
                })
                .collect(),
            topics: n
                .topics
                .iter()
                .map(|t| TopicMention {
                    name: &graph.topics[t.topic].name,
                    slug: &graph.topics[t.topic].slug,
                })
                .collect(),
            words: n.words,
            url: n.article.url.as_deref(),
            captured: n.article.captured.as_deref(),
        })
        .collect()
}

fn person_records(graph: &SiteGraph) -> Vec<PersonRecord<'_>> {
    graph
        .people
        .iter()
        .map(|p| {
            let mut contributions = std::collections::BTreeMap::new();
            for (_, role) in &p.contributed {
                *contributions.entry(role_name(*role)).or_default() += 1;
            }
            let mut roles: Vec<&str> = p.roles.iter().map(|r| r.role.as_str()).collect();
            for (_, role) in &p.contributed {
                let r = role_name(*role);
                if !roles.contains(&r) {
                    roles.push(r);
                }
            }
            PersonRecord {
                name: &p.name,
                slug: &p.slug,
                path: p.path(),
                aliases: &p.aliases,
                roles,
                articles: (p.articles.iter())
                    .map(|&a| graph.articles[a].slug.as_str())
                    .collect(),
                contributions,
            }
        })
        .collect()
}

fn topic_records(graph: &SiteGraph) -> Vec<TopicRecord<'_>> {
    graph
        .topics
        .iter()
        .map(|t| TopicRecord {
            name: &t.name,
            slug: &t.slug,
            path: t.path(),
            kind: kind_name(t.kind),
            aliases: &t.aliases,
            articles: t
                .articles
                .iter()
                .map(|&a| graph.articles[a].slug.as_str())
                .collect(),
        })
        .collect()
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("plain data serializes");
    bytes.push(b'\n');
    bytes
}
