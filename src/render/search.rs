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
//! - `search/docs/N.json`: documents in chunks of `CHUNK`: the articles in the site's order
//!   (newest first) with title, URL, date, people, topics and the text snippets are cut
//!   from, then the person and topic pages (found by their names and aliases). Only the
//!   chunks of the results shown are loaded.
//! - `search/facets.json`: what the filters need, loaded only when one is used: each
//!   article's date (`YYYYMMDD` as a number, 0 when undated), and for each outlet, person
//!   and topic the articles it has, as gaps between document numbers (small numbers,
//!   so the file stays small: under a megabyte at 5,000 articles).

use super::OutputFile;
use super::json;
use super::urls::Urls;
use super::views::iso_date;
use crate::graph::SiteGraph;
use crate::slug::fold;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Documents per chunk file.
pub const CHUNK: usize = 10;
/// Documents whose terms are made at once (in parallel) before they are merged into the
/// index.
const MERGE_BATCH: usize = 256;
/// About how many bytes of JSON a term chunk holds (one term with a long posting list may
/// make a chunk larger).
const TERMS_CHUNK_BYTES: usize = 48 * 1024;
/// Characters of body text kept per document for snippets, so that a snippet can show the
/// match wherever it is in an article.
const TEXT_MAX: usize = 12_000;
/// Words too common to index from bodies (still indexed in titles and names).
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "with",
];

const BODY: u8 = 1;
const TITLE: u8 = 2;
const NAMES: u8 = 4;

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    chunk: usize,
    terms_url: String,
    docs_url: String,
    /// The filters' data (`facets`).
    facets_url: String,
    /// The first term of each term chunk, in order.
    terms: Vec<&'a str>,
    stop: &'a [&'a str],
    fold: BTreeMap<String, String>,
}

/// A search document; `push_json` writes it.
struct Doc<'a> {
    /// "article", "person" or "topic".
    kind: &'static str,
    title: &'a str,
    url: String,
    date: Option<String>,
    date_human: Option<String>,
    people: Vec<&'a str>,
    topics: Vec<&'a str>,
    text: String,
}

impl Doc<'_> {
    /// The document as a JSON object: its fields in order, as serde_json wrote the struct
    /// (the text is most of the bytes of the search documents, see `json`).
    fn push_json(&self, out: &mut String) {
        let some_or_null = |out: &mut String, value: &Option<String>| match value {
            Some(s) => json::push_str(out, s),
            None => out.push_str("null"),
        };
        let list = |out: &mut String, items: &[&str]| {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                json::push_str(out, item);
            }
            out.push(']');
        };
        out.push_str("{\"kind\":");
        json::push_str(out, self.kind);
        out.push_str(",\"title\":");
        json::push_str(out, self.title);
        out.push_str(",\"url\":");
        json::push_str(out, &self.url);
        out.push_str(",\"date\":");
        some_or_null(out, &self.date);
        out.push_str(",\"date_human\":");
        some_or_null(out, &self.date_human);
        out.push_str(",\"people\":");
        list(out, &self.people);
        out.push_str(",\"topics\":");
        list(out, &self.topics);
        out.push_str(",\"text\":");
        json::push_str(out, &self.text);
        out.push('}');
    }
}

/// People named and topics of article `i`, by display name. Who wrote or photographed
/// the article is credited, not named: not among its people.
fn names(graph: &SiteGraph, i: usize) -> (Vec<&str>, Vec<&str>) {
    let node = &graph.articles[i];
    let mut people: Vec<&str> = Vec::new();
    for name in node
        .persons
        .iter()
        .map(|p| graph.people[p.person].name.as_str())
    {
        if !people.contains(&name) {
            people.push(name);
        }
    }
    let topics = node
        .topics
        .iter()
        .map(|t| graph.topics[t.topic].name.as_str())
        .collect();
    (people, topics)
}

/// A folded term of up to 16 bytes (nearly every term) as one integer, its bytes in
/// order and zero-padded: folded terms hold letters and digits only, never a zero byte, so
/// the padding is unambiguous. Hashing and comparing one integer costs a few instructions
/// where a byte string needs a loop and a `memcmp`.
fn short_key(term: &[u8]) -> Option<u128> {
    let mut bytes = [0u8; 16];
    bytes.get_mut(..term.len())?.copy_from_slice(term);
    Some(u128::from_le_bytes(bytes))
}

/// The term `short_key` made `key` of.
fn short_term(key: u128) -> String {
    let bytes = key.to_le_bytes();
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    // Folded terms are ASCII.
    String::from_utf8_lossy(&bytes[..len]).into_owned()
}

/// The stop words as `short_key`s.
fn stop_keys() -> FxHashSet<u128> {
    STOP_WORDS
        .iter()
        .map(|w| short_key(w.as_bytes()).expect("stop words are short"))
        .collect()
}

/// A document's terms with their field bits (short ones as `short_key`s, longer ones as
/// text), and its non-ASCII characters.
#[derive(Default)]
struct DocTerms {
    short: Vec<(u128, u8)>,
    long: Vec<(String, u8)>,
    chars: BTreeSet<char>,
}

impl DocTerms {
    #[cfg(test)]
    fn terms(&self) -> Vec<(String, u8)> {
        let short = self.short.iter().map(|&(k, f)| (short_term(k), f));
        short.chain(self.long.iter().cloned()).collect()
    }
}

/// Collects one document's text, folded, piece by piece; `finish` makes its terms.
#[derive(Default)]
struct TermSet {
    /// Every piece folded (ASCII words separated by spaces), one after the other.
    folded: Vec<u8>,
    /// Where each piece is in `folded`, its field, and whether stop words are left out.
    pieces: Vec<(std::ops::Range<usize>, u8, bool)>,
    chars: FxHashSet<char>,
}

impl TermSet {
    fn add(&mut self, s: &str, field: u8, skip_stop: bool) {
        let start = self.folded.len();
        if s.is_ascii() {
            // What `fold` makes of ASCII text, without a copy: letters and digits
            // lower-cased, everything else a separator.
            self.folded.extend(s.bytes().map(|b| {
                if b.is_ascii_alphanumeric() {
                    b.to_ascii_lowercase()
                } else {
                    b' '
                }
            }));
        } else {
            self.chars.extend(s.chars().filter(|c| !c.is_ascii()));
            self.folded.extend_from_slice(fold(s).as_bytes());
        }
        self.folded.push(b' ');
        self.pieces
            .push((start..self.folded.len(), field, skip_stop));
    }

    fn finish(self, stop: &FxHashSet<u128>) -> DocTerms {
        // Field bits by term; whether a term is a stop word is looked up once, when it is
        // first seen, and kept in a bit of its own. Stop words are all short.
        const STOP: u8 = 0x80;
        // About one distinct term per ten bytes of folded text: room from the start
        // rather than growing through every size.
        let mut short: FxHashMap<u128, u8> =
            FxHashMap::with_capacity_and_hasher(self.folded.len() / 10, Default::default());
        let mut long: FxHashMap<&[u8], u8> = FxHashMap::default();
        // Padded, so that 16 bytes can be read from the start of any word.
        let mut folded = self.folded;
        folded.extend_from_slice(&[b' '; 16]);
        for (range, field, skip_stop) in &self.pieces {
            let mut at = range.start;
            while at < range.end {
                if folded[at] == b' ' {
                    at += 1;
                    continue;
                }
                // Every piece ends with a space.
                let len = folded[at..range.end]
                    .iter()
                    .position(|&b| b == b' ')
                    .unwrap_or(range.end - at);
                let word = &folded[at..at + len];
                let bits = if len <= 16 {
                    // `short_key` of the word: its 16 bytes from here, the bytes after
                    // the word masked off.
                    let bytes: [u8; 16] = folded[at..at + 16].try_into().expect("16 bytes");
                    let mask = u128::MAX >> (8 * (16 - len));
                    let key = u128::from_le_bytes(bytes) & mask;
                    short
                        .entry(key)
                        .or_insert_with(|| if stop.contains(&key) { STOP } else { 0 })
                } else {
                    long.entry(word).or_insert(0)
                };
                if !(*skip_stop && *bits & STOP != 0) {
                    *bits |= field;
                }
                at += len;
            }
        }
        let fields = |bits: u8| Some(bits & !STOP).filter(|&f| f != 0);
        DocTerms {
            short: short
                .into_iter()
                .filter_map(|(key, bits)| Some((key, fields(bits)?)))
                .collect(),
            long: long
                .into_iter()
                // Folded text is ASCII.
                .filter_map(|(term, bits)| {
                    Some((String::from_utf8_lossy(term).into_owned(), fields(bits)?))
                })
                .collect(),
            chars: self.chars.into_iter().collect(),
        }
    }
}

/// The searchable terms of article `i` with their field bits, and the non-ASCII characters
/// seen (for the folding table).
fn terms_of(graph: &SiteGraph, i: usize, stop: &FxHashSet<u128>) -> DocTerms {
    let node = &graph.articles[i];
    let a = &node.article;
    let mut set = TermSet::default();
    set.add(&a.title, TITLE, false);
    let (people, topics) = names(graph, i);
    for n in people.iter().chain(topics.iter()) {
        set.add(n, NAMES, false);
    }
    // A byline finds the article too, though it names nobody.
    for &(p, _) in &node.contributors {
        set.add(&graph.people[p].name, NAMES, false);
    }
    // Other spellings and short forms find the article too.
    for p in &node.persons {
        for alias in &graph.people[p.person].aliases {
            set.add(alias, NAMES, false);
        }
    }
    for t in &node.topics {
        for alias in &graph.topics[t.topic].aliases {
            set.add(alias, NAMES, false);
        }
    }
    // Snippets are cut from the text, so its characters must fold in the browser too.
    for b in &a.blocks {
        set.add(b.text(), BODY, true);
    }
    set.finish(stop)
}

/// What a search document is: an article, or a person or topic page (found by name).
#[derive(Clone, Copy)]
enum Entry {
    Article(usize),
    Person(usize),
    Topic(usize),
}

/// Documents in index order: articles (newest first), then people, then topics.
fn entry(graph: &SiteGraph, doc: usize) -> Entry {
    let (a, p) = (graph.articles.len(), graph.people.len());
    if doc < a {
        Entry::Article(doc)
    } else if doc < a + p {
        Entry::Person(doc - a)
    } else {
        Entry::Topic(doc - a - p)
    }
}

fn n_docs(graph: &SiteGraph) -> usize {
    graph.articles.len() + graph.people.len() + graph.topics.len()
}

/// Terms of a person or topic page: its name (as a title) and other names.
fn entity_terms(name: &str, aliases: &[String], stop: &FxHashSet<u128>) -> DocTerms {
    let mut set = TermSet::default();
    set.add(name, TITLE, false);
    for alias in aliases {
        set.add(alias, NAMES, false);
    }
    set.finish(stop)
}

/// "1 article", "3 articles", in the site's language.
fn articles_count(tr: &crate::i18n::Translations, n: usize) -> String {
    let key = if n == 1 {
        "article_count_one"
    } else {
        "article_count_many"
    };
    tr.format(key, &[("count", &n.to_string())])
}

/// One chunk of documents as JSON.
fn doc_chunk(graph: &SiteGraph, urls: &Urls, range: std::ops::Range<usize>) -> String {
    let docs: Vec<Doc> = range
        .map(|doc| {
            let i = match entry(graph, doc) {
                Entry::Article(i) => i,
                Entry::Person(i) => {
                    let p = &graph.people[i];
                    let tr = &graph.config.translations;
                    let mut said = Vec::new();
                    if !p.articles.is_empty() {
                        let n = articles_count(tr, p.articles.len());
                        said.push(tr.format("search_named_in", &[("articles", &n)]));
                    }
                    if !p.contributed.is_empty() {
                        let mut credited: Vec<usize> =
                            p.contributed.iter().map(|(a, _)| *a).collect();
                        credited.sort_unstable();
                        credited.dedup();
                        let n = articles_count(tr, credited.len());
                        said.push(tr.format("search_credited_in", &[("articles", &n)]));
                    }
                    let mut text = format!("{}.", said.join(". "));
                    if !p.roles.is_empty() {
                        let roles: Vec<&str> = p.roles.iter().map(|r| r.role.as_str()).collect();
                        text.push_str(&format!(" {}.", roles.join(", ")));
                    }
                    if !p.aliases.is_empty() {
                        let also = tr.label("also_written");
                        text.push_str(&format!(" {also} {}.", p.aliases.join(", ")));
                    }
                    return Doc {
                        kind: "person",
                        title: &p.name,
                        url: urls.path(&p.path()),
                        date: None,
                        date_human: None,
                        people: Vec::new(),
                        topics: Vec::new(),
                        text,
                    };
                }
                Entry::Topic(i) => {
                    let t = &graph.topics[i];
                    let tr = &graph.config.translations;
                    let mut text = format!("{}.", articles_count(tr, t.articles.len()));
                    if !t.aliases.is_empty() {
                        let also = tr.label("also_called");
                        text.push_str(&format!(" {also} {}.", t.aliases.join(", ")));
                    }
                    return Doc {
                        kind: "topic",
                        title: &t.name,
                        url: urls.path(&t.path()),
                        date: None,
                        date_human: None,
                        people: Vec::new(),
                        topics: Vec::new(),
                        text,
                    };
                }
            };
            let node = &graph.articles[i];
            let a = &node.article;
            let (people, topics) = names(graph, i);
            let mut text = String::new();
            for b in &a.blocks {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(b.text());
                if text.len() > TEXT_MAX * 4 {
                    break;
                }
            }
            if let Some((cut, _)) = text.char_indices().nth(TEXT_MAX) {
                text.truncate(cut);
            }
            Doc {
                kind: "article",
                title: &a.title,
                url: urls.path(&node.path()),
                date: a.date.map(iso_date),
                date_human: a.date.map(|d| graph.config.translations.long_date(d)),
                people,
                topics,
                text,
            }
        })
        .collect();
    let mut out = String::with_capacity(docs.iter().map(|d| d.text.len() + 256).sum());
    out.push('[');
    for (n, doc) in docs.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        doc.push_json(&mut out);
    }
    out.push(']');
    out
}

/// The output files of the index but its documents (`doc_file`).
pub fn index(graph: &SiteGraph, urls: &Urls) -> Vec<OutputFile> {
    let stop = stop_keys();
    let terms_of_doc = |doc: usize| match entry(graph, doc) {
        Entry::Article(i) => terms_of(graph, i, &stop),
        Entry::Person(i) => entity_terms(&graph.people[i].name, &graph.people[i].aliases, &stop),
        Entry::Topic(i) => entity_terms(&graph.topics[i].name, &graph.topics[i].aliases, &stop),
    };

    // Term → postings, each `doc << 3 | fields` in one u32 (documents come in order), so
    // 100,000 articles fit in memory. Documents' terms are made in parallel a batch at a
    // time and merged in order, so only one batch of them is ever held.
    let mut short_ids: FxHashMap<u128, usize> = FxHashMap::default();
    let mut long_ids: FxHashMap<String, usize> = FxHashMap::default();
    let mut postings: Vec<(String, Vec<u32>)> = Vec::new();
    let mut fold_table: BTreeMap<char, String> = BTreeMap::new();
    let n_docs = n_docs(graph);
    for batch in (0..n_docs).step_by(MERGE_BATCH) {
        let per_doc: Vec<DocTerms> = (batch..(batch + MERGE_BATCH).min(n_docs))
            .into_par_iter()
            .map(terms_of_doc)
            .collect();
        for (doc, doc_terms) in (batch..).zip(per_doc) {
            for &c in &doc_terms.chars {
                fold_table.entry(c).or_insert_with(|| fold_char(c));
            }
            let posting = |fields: u8| ((doc as u32) << 3) | u32::from(fields);
            for (key, fields) in doc_terms.short {
                let id = *short_ids
                    .entry(key)
                    .or_insert_with(|| new_term(&mut postings, short_term(key)));
                postings[id].1.push(posting(fields));
            }
            for (term, fields) in doc_terms.long {
                let id = match long_ids.get(&term) {
                    Some(&id) => id,
                    None => {
                        let id = new_term(&mut postings, term.clone());
                        long_ids.insert(term, id);
                        id
                    }
                };
                postings[id].1.push(posting(fields));
            }
        }
    }
    drop((short_ids, long_ids));
    postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    // Each term's entry, `"term":[postings]`, made in parallel.
    let entries: Vec<String> = postings
        .par_iter()
        .map(|(tok, list)| {
            let mut entry = serde_json::to_string(tok).expect("serializable");
            entry.push_str(":[");
            let mut prev = 0u64;
            for (n, &p) in list.iter().enumerate() {
                let (d, fields) = (u64::from(p >> 3), u64::from(p & 7));
                if n > 0 {
                    entry.push(',');
                }
                let _ = write!(entry, "{}", (d - prev) * 8 + fields);
                prev = d;
            }
            entry.push(']');
            entry
        })
        .collect();

    // Terms in sorted order, cut into chunks of about TERMS_CHUNK_BYTES of JSON; the
    // manifest lists each chunk's first term.
    let mut chunks: Vec<(String, String)> = Vec::new();
    let mut current = String::new();
    let mut first: Option<&str> = None;
    // Each entry is dropped once copied into its chunk.
    for ((tok, _), entry) in postings.iter().zip(entries) {
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
        docs: n_docs,
        chunk: CHUNK,
        terms_url: urls.path("data/search/terms/"),
        facets_url: urls.path("data/search/facets.json"),
        docs_url: urls.path("data/search/docs/"),
        terms: chunks.iter().map(|(f, _)| f.as_str()).collect(),
        stop: STOP_WORDS,
        fold: fold_table
            .into_iter()
            .map(|(c, folded)| (c.to_string(), folded))
            .collect(),
    };
    out.push(facets(graph));
    out.push(OutputFile::new(
        "data/search.json",
        serde_json::to_string(&manifest).expect("serializable"),
    ));
    for (n, (_, mut text)) in chunks.into_iter().enumerate() {
        text.push('}');
        out.push(OutputFile::new(format!("data/search/terms/{n}.json"), text));
    }
    out
}

/// `data/search/facets.json`: the articles' dates, and the articles of each outlet,
/// person and topic (by display name, in folded-name order) as gaps between document
/// numbers.
pub fn facets(graph: &SiteGraph) -> OutputFile {
    use chrono::Datelike;
    let mut outlets: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut people: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut topics: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut dates = String::with_capacity(graph.articles.len() * 9 + 2);
    dates.push('[');
    for (i, node) in graph.articles.iter().enumerate() {
        let a = &node.article;
        if i > 0 {
            dates.push(',');
        }
        let day = a.date.map_or(0, |d| {
            (d.year().max(0) as u32) * 10_000 + d.month() * 100 + d.day()
        });
        let _ = write!(dates, "{day}");
        if let Some(o) = a.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            outlets.entry(o).or_default().push(i);
        }
        // The person filter finds articles by a contributor (a byline, a photo credit)
        // as well as those that name them.
        let (mut named, about) = names(graph, i);
        for &(p, _) in &node.contributors {
            let name = graph.people[p].name.as_str();
            if !named.contains(&name) {
                named.push(name);
            }
        }
        for p in named {
            people.entry(p).or_default().push(i);
        }
        for t in about {
            topics.entry(t).or_default().push(i);
        }
    }
    dates.push(']');
    let list = |map: BTreeMap<&str, Vec<usize>>| {
        let mut entries: Vec<(String, &str, Vec<usize>)> = map
            .into_iter()
            .map(|(name, docs)| (fold(name), name, docs))
            .collect();
        entries.sort();
        let mut out = String::from("[");
        for (n, (_, name, docs)) in entries.into_iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            out.push('[');
            json::push_str(&mut out, name);
            out.push_str(",[");
            let mut prev = 0;
            for (k, d) in docs.into_iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{}", d - prev);
                prev = d;
            }
            out.push_str("]]");
        }
        out.push(']');
        out
    };
    let text = format!(
        "{{\"articles\":{},\"dates\":{dates},\"outlets\":{},\"people\":{},\"topics\":{}}}",
        graph.articles.len(),
        list(outlets),
        list(people),
        list(topics)
    );
    OutputFile::new("data/search/facets.json", text)
}

/// How many document files the index has (`doc_file` makes each); they are made apart
/// from the rest of the index, so that they can go to the output one at a time: at
/// 10,000 articles they are 45 MB.
pub fn doc_files(graph: &SiteGraph) -> usize {
    n_docs(graph).div_ceil(CHUNK)
}

/// The path of document file `n`.
pub fn doc_path(n: usize) -> String {
    format!("data/search/docs/{n}.json")
}

/// Document file `n`: documents `n * CHUNK` on.
pub fn doc_file(graph: &SiteGraph, urls: &Urls, n: usize) -> OutputFile {
    let range = n * CHUNK..((n + 1) * CHUNK).min(n_docs(graph));
    OutputFile::new(doc_path(n), doc_chunk(graph, urls, range))
}

/// Adds `term`, with no postings yet, to the index; its number.
fn new_term(postings: &mut Vec<(String, Vec<u32>)>, term: String) -> usize {
    postings.push((term, Vec::new()));
    postings.len() - 1
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

    #[test]
    fn short_keys_give_back_their_terms() {
        for term in ["a", "the", "counterterrorism", "0123456789abcdef"] {
            assert_eq!(short_term(short_key(term.as_bytes()).expect("short")), term);
        }
        assert_eq!(short_key(b"internationalisation"), None);
    }

    #[test]
    fn terms_of_ascii_text_are_the_words_fold_makes() {
        let text = "The FM's 2nd visit -- to Ha Noi (ASEAN+3), co-chaired; e-mail: x_y@z.org, \
                    on internationalisation and counterterrorism";
        let stop = stop_keys();
        let mut set = TermSet::default();
        set.add(text, BODY, false);
        set.add("Hà Nội and the FM", TITLE, true);
        let doc = set.finish(&stop);
        let mut got = doc.terms();
        got.sort();
        let mut want: Vec<(String, u8)> = fold(text)
            .split(' ')
            .map(|w| {
                let title = ["ha", "noi", "fm"].contains(&w);
                (w.to_string(), if title { BODY | TITLE } else { BODY })
            })
            .collect();
        want.sort();
        want.dedup();
        assert_eq!(got, want, "stop words skipped only where asked");
        assert_eq!(doc.chars, BTreeSet::from(['à', 'ộ']));
    }
}
