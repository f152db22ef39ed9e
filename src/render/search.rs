//! The search index: a lean, static, sharded index that `static/search.js` loads piece by
//! piece, so the search page stays fast at 100,000 articles and works offline.
//!
//! Layout (all under `data/`):
//! - `search.json`, the manifest: counts, chunk size, stop words, and the folding table (every
//!   non-ASCII character of the corpus and its ASCII form), so the browser folds a query
//!   exactly as `crate::slug::fold` folded the text.
//!   The manifest also lists the first term of every term chunk, so the browser finds the
//!   one chunk a word is in with a binary search.
//! - `search/terms/N.json`: the inverted index: folded terms in sorted order, cut into chunks
//!   of about `TERMS_CHUNK_BYTES` (as Pagefind does), so a query loads one small file per
//!   word whatever the size of the archive. Each term maps to a flat posting list of
//!   `delta * 8 + fields`, `delta` being the gap to the previous document number and `fields`
//!   a bit set: 1 body, 2 title, 4 people and topics.
//! - `search/docs/N.json`: documents in chunks of `CHUNK`, in the site's order (newest
//!   first): title, URL, date, people, topics and the text snippets are cut from. Only the
//!   chunks of the results shown are loaded.

use super::OutputFile;
use super::urls::Urls;
use super::views::human_date;
use crate::link::SiteGraph;
use crate::slug::fold;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Documents per chunk file.
pub const CHUNK: usize = 10;
/// About how many bytes of JSON a term chunk holds (one term with a long posting list may
/// make a chunk larger).
const TERMS_CHUNK_BYTES: usize = 48 * 1024;
/// Characters of body text kept per document for snippets.
const TEXT_MAX: usize = 12_000;
/// Words too common to index from bodies (still indexed in titles and names).
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "with",
];

const BODY: u32 = 1;
const TITLE: u32 = 2;
const NAMES: u32 = 4;

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    chunk: usize,
    terms_url: String,
    docs_url: String,
    /// The first term of each term chunk, in order.
    terms: Vec<&'a str>,
    stop: &'a [&'a str],
    fold: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct Doc<'a> {
    title: &'a str,
    url: String,
    date: Option<String>,
    date_human: Option<String>,
    people: Vec<&'a str>,
    topics: Vec<&'a str>,
    text: String,
}

/// Every output file of the index.
pub fn index(graph: &SiteGraph, urls: &Urls) -> Vec<OutputFile> {
    // token → (doc → fields)
    let mut postings: BTreeMap<String, BTreeMap<usize, u32>> = BTreeMap::new();
    let mut fold_table: BTreeMap<String, String> = BTreeMap::new();
    let mut docs: Vec<Doc> = Vec::with_capacity(graph.articles.len());
    let stop: BTreeSet<&str> = STOP_WORDS.iter().copied().collect();

    for (i, node) in graph.articles.iter().enumerate() {
        let a = &node.article;
        let people: Vec<&str> = node
            .persons
            .iter()
            .map(|p| graph.people[p.person].name.as_str())
            .chain(
                node.contributors
                    .iter()
                    .map(|&(p, _)| graph.people[p].name.as_str()),
            )
            .collect::<Vec<_>>();
        let mut seen = BTreeSet::new();
        let people: Vec<&str> = people.into_iter().filter(|p| seen.insert(*p)).collect();
        let topics: Vec<&str> = node
            .topics
            .iter()
            .map(|t| graph.topics[t.topic].name.as_str())
            .collect();
        let body: Vec<&str> = a.blocks.iter().map(|b| b.text()).collect();
        let mut text = body.join("\n");
        if text.chars().count() > TEXT_MAX {
            text = text.chars().take(TEXT_MAX).collect();
        }

        let mut add = |s: &str, field: u32, skip_stop: bool| {
            for c in s.chars().filter(|c| !c.is_ascii()) {
                fold_table
                    .entry(c.to_string())
                    .or_insert_with(|| fold_char(c));
            }
            for tok in fold(s).split(' ').filter(|t| !t.is_empty()) {
                if skip_stop && stop.contains(tok) {
                    continue;
                }
                *postings
                    .entry(tok.to_string())
                    .or_default()
                    .entry(i)
                    .or_default() |= field;
            }
        };
        add(&a.title, TITLE, false);
        for p in &people {
            add(p, NAMES, false);
        }
        for t in &topics {
            add(t, NAMES, false);
        }
        // Aliases (other spellings, short forms) find the article too.
        for p in &node.persons {
            for alias in &graph.people[p.person].aliases {
                add(alias, NAMES, false);
            }
        }
        for b in &body {
            add(b, BODY, true);
        }
        // Snippets are cut from the text, so its characters must fold in the browser too.
        docs.push(Doc {
            title: &a.title,
            url: urls.path(&node.path()),
            date: a.date.map(|d| d.to_string()),
            date_human: a.date.map(human_date),
            people,
            topics,
            text,
        });
    }

    // Terms in sorted order, cut into chunks of about TERMS_CHUNK_BYTES of JSON; the
    // manifest lists each chunk's first term.
    let mut chunks: Vec<(String, String)> = Vec::new();
    let mut current = String::new();
    let mut first: Option<&str> = None;
    for (tok, docs) in &postings {
        let mut list = String::new();
        let mut prev = 0usize;
        for (&d, &fields) in docs {
            if !list.is_empty() {
                list.push(',');
            }
            list.push_str(&(((d - prev) as u64) * 8 + u64::from(fields)).to_string());
            prev = d;
        }
        let entry = format!(
            "{}:[{list}]",
            serde_json::to_string(tok).expect("serializable")
        );
        if first.is_some() && current.len() + entry.len() > TERMS_CHUNK_BYTES {
            chunks.push((first.take().expect("set").to_string(), current));
            current = String::new();
        }
        if first.is_none() {
            first = Some(tok);
            current.push('{');
        } else {
            current.push(',');
        }
        current.push_str(&entry);
    }
    if let Some(f) = first {
        chunks.push((f.to_string(), current));
    }

    let mut out = Vec::new();
    let manifest = Manifest {
        version: 1,
        docs: docs.len(),
        chunk: CHUNK,
        terms_url: urls.path("data/search/terms/"),
        docs_url: urls.path("data/search/docs/"),
        terms: chunks.iter().map(|(f, _)| f.as_str()).collect(),
        stop: STOP_WORDS,
        fold: fold_table,
    };
    out.push(OutputFile::new(
        "data/search.json",
        serde_json::to_string(&manifest).expect("serializable"),
    ));
    for (n, (_, mut text)) in chunks.into_iter().enumerate() {
        text.push('}');
        out.push(OutputFile::new(format!("data/search/terms/{n}.json"), text));
    }
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        out.push(OutputFile::new(
            format!("data/search/docs/{n}.json"),
            serde_json::to_string(chunk).expect("serializable"),
        ));
    }
    out
}

/// One character folded as `crate::slug::fold` folds it, before lower-casing and the
/// collapsing of separators (the browser does those itself).
fn fold_char(c: char) -> String {
    let mut buf = [0u8; 4];
    deunicode::deunicode(c.encode_utf8(&mut buf)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_table_matches_fold() {
        for c in ['ơ', 'ù', 'Đ', 'ệ', '’'] {
            let folded = fold_char(c);
            assert_eq!(fold(&c.to_string()), fold(&folded), "{c}");
        }
        assert_eq!(fold_char('ơ'), "o");
        assert_eq!(fold_char('Đ'), "D");
    }
}
