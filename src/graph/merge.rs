//! The one merge of per-article findings into site-wide people and topics. People and
//! topics go through the same four steps, so a correction works the same way for both:
//!
//! 1. page index: every name leading to one of the user's pages (`content/people/*.md`,
//!    `content/topics/*.md`: its slug, name and aliases) gives that page's identity;
//! 2. tally: each article's findings, under their identity, into one draft per identity;
//! 3. finish: each draft into a node (display name, aliases, slug), unless hidden;
//! 4. renumber: nodes sorted by slug, and each article's identities turned into indices.
//!
//! What differs between people and topics (what a draft gathers, when a node is shown) is
//! the `Merge` implementation in `people.rs` and `topics.rs`. The dev server's preview of an
//! edited article runs steps 2 and 4 for that one article against the identities of the last
//! build (`Lookup`), so it matches exactly as the build does.

use crate::read::Article;
use crate::recognize::Findings;
use crate::slug::{SlugSet, slugify};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Who a person or topic is while findings are merged: the user's page it is merged into,
/// else its key (`fold` of a person's full name, `topic_key` of a topic's name).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Id {
    /// Merged into `content/people/SLUG.md` or `content/topics/SLUG.md`.
    Page(String),
    /// Known by this key only.
    Name(String),
}

/// The user's pages of one kind: which page each of their names leads to.
#[derive(Debug, Clone, Default)]
pub struct PageIndex {
    /// Key of the page's slug (dashes as spaces), name and every alias → page.
    by_key: FxHashMap<String, usize>,
    /// Page slug → page (the first page with it).
    by_slug: FxHashMap<String, usize>,
    /// Each page's slug.
    slugs: Vec<String>,
}

impl PageIndex {
    fn new<M: Merge>(pages: &[M::Page]) -> Self {
        let mut index = PageIndex::default();
        for (i, page) in pages.iter().enumerate() {
            let slug = M::page_slug(page);
            index.slugs.push(slug.to_string());
            index.by_slug.entry(slug.to_string()).or_insert(i);
            index.by_key.insert(slug_key::<M>(slug), i);
            for name in M::page_names(page) {
                index.by_key.insert(M::key(name), i);
            }
        }
        index
    }

    /// The identity of what `key` names: its page if one claims the key.
    pub fn id(&self, key: &str) -> Id {
        match self.by_key.get(key) {
            Some(&i) => Id::Page(self.slugs[i].clone()),
            None => Id::Name(key.to_string()),
        }
    }

    fn page(&self, id: &Id) -> Option<usize> {
        match id {
            Id::Page(slug) => self.by_slug.get(slug).copied(),
            Id::Name(_) => None,
        }
    }
}

/// The key of a slug, compared with names: `sea-disputes` as `sea disputes`.
fn slug_key<M: Merge>(slug: &str) -> String {
    M::key(&slug.replace('-', " "))
}

/// What is hidden: `hide` in the config (slugs or names) and pages marked `hidden`.
struct Hidden(Vec<String>);

impl Hidden {
    fn new<M: Merge>(hide: &[String], pages: &[M::Page]) -> Self {
        let from_config = hide.iter().map(|h| slug_key::<M>(h));
        let from_pages = pages
            .iter()
            .filter(|p| M::page_hidden(p))
            .map(|p| slug_key::<M>(M::page_slug(p)));
        Hidden(from_config.chain(from_pages).collect())
    }

    /// Whether the node `id`, shown as `name`, is hidden: by its name or its page's slug,
    /// both compared as keys.
    fn hides<M: Merge>(&self, id: &Id, name: &str) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let name_key = M::key(name);
        let page_key = match id {
            Id::Page(slug) => Some(slug_key::<M>(slug)),
            Id::Name(_) => None,
        };
        self.0
            .iter()
            .any(|h| *h == name_key || page_key.as_ref() == Some(h))
    }
}

/// A finished person or topic, as the merge needs to see it.
pub trait Node {
    fn name(&self) -> &str;
    fn slug(&self) -> &str;
    fn set_slug(&mut self, slug: String);
}

/// What people and topics do differently in the merge.
pub trait Merge {
    /// `content/people/*.md` or `content/topics/*.md`, as read.
    type Page;
    /// One person or topic while articles are tallied.
    type Draft: Default;
    /// What one article names, by identity.
    type Here;
    /// What one article names, by index into the finished nodes.
    type Settled;
    type Node: Node;

    /// The identity key of a name.
    fn key(name: &str) -> String;
    fn page_slug(page: &Self::Page) -> &str;
    /// The page's other names (display name, aliases), which lead to it like its slug.
    fn page_names(page: &Self::Page) -> impl Iterator<Item = &str>;
    fn page_hidden(page: &Self::Page) -> bool;
    /// Whether a page makes its node even when no article names it.
    const EVERY_PAGE_SHOWN: bool;

    fn pages(&self) -> &[Self::Page];
    /// What article `ai` names, each under its identity, also added to `drafts`.
    fn tally(
        &self,
        ai: usize,
        article: &Article,
        findings: &Findings,
        pages: &PageIndex,
        drafts: &mut BTreeMap<Id, Self::Draft>,
    ) -> Self::Here;
    /// The node of a draft (its slug still empty), or `None` when it is not shown.
    fn finish(&self, id: &Id, draft: Self::Draft, page: Option<&Self::Page>) -> Option<Self::Node>;
    /// An article's identities as indices; those not shown are left out.
    fn settle(&self, here: Self::Here, index: &FxHashMap<Id, usize>) -> Self::Settled;
}

/// How to find the nodes of a finished merge again: for the preview of an edited article.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    pub pages: PageIndex,
    /// Identity → index of its node.
    pub index: FxHashMap<Id, usize>,
}

/// The result of a merge: the nodes by slug, each article's settled references (in
/// article order), and the lookup.
pub struct Merged<N, S> {
    pub nodes: Vec<N>,
    pub per_article: Vec<S>,
    pub lookup: Lookup,
}

/// Merges what every article names. `articles` are in final order; `hide` is the config's.
pub fn merge<M: Merge>(
    m: &M,
    articles: &[(Article, Findings, String)],
    hide: &[String],
) -> Merged<M::Node, M::Settled> {
    let pages = PageIndex::new::<M>(m.pages());
    let mut drafts: BTreeMap<Id, M::Draft> = BTreeMap::new();
    if M::EVERY_PAGE_SHOWN {
        for page in m.pages() {
            drafts
                .entry(Id::Page(M::page_slug(page).to_string()))
                .or_default();
        }
    }
    let heres: Vec<M::Here> = articles
        .iter()
        .enumerate()
        .map(|(ai, (article, findings, _))| m.tally(ai, article, findings, &pages, &mut drafts))
        .collect();

    let hidden = Hidden::new::<M>(hide, m.pages());
    let mut slugs = SlugSet::for_addresses();
    let mut finished: Vec<(Id, M::Node)> = Vec::new();
    for (id, draft) in drafts {
        let page = pages.page(&id).map(|i| &m.pages()[i]);
        let Some(mut node) = m.finish(&id, draft, page) else {
            continue;
        };
        if hidden.hides::<M>(&id, node.name()) {
            continue;
        }
        let slug = match page.map(M::page_slug) {
            Some(wanted) if slugs.reserve(wanted) => wanted.to_string(),
            _ => slugs.unique(&slugify(node.name())),
        };
        node.set_slug(slug);
        finished.push((id, node));
    }
    // Slugs are unique, so this order is total.
    finished.sort_unstable_by(|a, b| a.1.slug().cmp(b.1.slug()));
    let mut index = FxHashMap::default();
    let mut nodes = Vec::with_capacity(finished.len());
    for (i, (id, node)) in finished.into_iter().enumerate() {
        index.insert(id, i);
        nodes.push(node);
    }
    let per_article = heres.into_iter().map(|h| m.settle(h, &index)).collect();
    Merged {
        nodes,
        per_article,
        lookup: Lookup { pages, index },
    }
}

/// Counts one more use of `spelling`, copying it only the first time.
pub fn count_spelling(spellings: &mut BTreeMap<String, usize>, spelling: &str) {
    match spellings.get_mut(spelling) {
        Some(n) => *n += 1,
        None => {
            spellings.insert(spelling.to_string(), 1);
        }
    }
}

/// Names or slugs from a sidecar's `not_persons` / `not_topics`, as keys.
pub fn keys_of(names: &[String], key: fn(&str) -> String) -> Vec<String> {
    names.iter().map(|n| key(&n.replace('-', " "))).collect()
}
