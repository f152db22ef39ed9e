//! Stable addresses: the state file `addresses.json` in the site folder, which freezes each
//! article's slug the first time `gazette build` publishes it, so that correcting a headline
//! does not move the article, and remembers the addresses it had before, so that each gets
//! a redirect page instead of vanishing. `build` maintains it (it belongs in git beside the
//! articles); `check`, `serve` and in-memory builds read it and never write it.
//!
//! Below every stage, like `slug`: load parses it, graph uses it to hand out slugs, and the
//! build command saves what the graph made of it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The state file's name, in the site folder.
pub const FILE: &str = "addresses.json";

/// What the file says to a person who opens it.
const ABOUT: &str = "Written by `gazette build`: the address (slug) of each article, frozen \
                     when first published, and the addresses it had before (each gets a \
                     redirect page). Keep this file in git. To move an article on purpose, \
                     give it a `slug` in its sidecar or front matter.";

/// The addresses of every article the site has published, by source path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addresses {
    #[serde(default, skip_deserializing)]
    about: String,
    #[serde(default)]
    pub articles: BTreeMap<String, Entry>,
}

/// One article's address: its slug now, and the slugs it had before.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub slug: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub before: Vec<String>,
}

/// Why the state file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum AddressesError {
    #[error("{FILE}: {0}")]
    Input(#[from] crate::load::InputError),
    #[error("{FILE}: not Gazette's address file ({0}); it is left as it is")]
    Malformed(#[from] serde_json::Error),
    #[error("{FILE}: a symbolic link; Gazette reads and writes it only as a plain file")]
    Link,
}

impl Addresses {
    /// Parses the file's bytes.
    pub fn parse(bytes: &[u8]) -> Result<Addresses, AddressesError> {
        let mut a: Addresses = serde_json::from_slice(bytes)?;
        // A hand-edited slug is made a valid one; an empty one is no slug.
        let clean = |s: &str| (!s.trim().is_empty()).then(|| crate::slug::slugify(s));
        a.articles.retain(|_, e| {
            e.before = e.before.iter().filter_map(|s| clean(s)).collect();
            match clean(&e.slug) {
                Some(s) => {
                    e.slug = s;
                    true
                }
                None => false,
            }
        });
        Ok(a)
    }

    /// The file's bytes: one article a line or two, sorted by source, so that a diff in git
    /// shows which articles moved.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Addresses {
            about: ABOUT.to_string(),
            articles: self.articles.clone(),
        };
        for e in out.articles.values_mut() {
            e.before.sort();
            e.before.dedup();
        }
        let mut bytes = serde_json::to_vec_pretty(&out).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// The slug frozen for the article read from `source`.
    pub fn slug_of(&self, source: &str) -> Option<&Entry> {
        self.articles.get(source)
    }
}

/// The site-relative path of the redirect page for an alias given in front matter or a
/// sidecar (`/old/path/`, `old/page.html`, as Zola and Hugo write them), or `None` when it
/// cannot be one: an address with a scheme, a query, `..`, or nothing in it.
pub fn alias_path(alias: &str) -> Option<String> {
    let a = alias.trim();
    if a.contains("://") || a.contains(['?', '#', '\\']) || a.chars().any(char::is_control) {
        return None;
    }
    let parts: Vec<&str> = a.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() || parts.iter().any(|p| *p == "." || *p == "..") {
        return None;
    }
    let joined = parts.join("/");
    if joined.ends_with(".html") || joined.ends_with(".htm") {
        Some(joined)
    } else {
        Some(format!("{joined}/index.html"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_cleans_hand_edits() {
        let mut a = Addresses::default();
        a.articles.insert(
            "seeds/a.txt".into(),
            Entry {
                slug: "first-headline".into(),
                before: vec!["older".into()],
            },
        );
        let bytes = a.to_bytes();
        assert!(String::from_utf8_lossy(&bytes).contains("Keep this file in git"));
        assert_eq!(Addresses::parse(&bytes).unwrap(), a);
        let edited = br#"{"articles": {"seeds/b.txt": {"slug": "Hello World"}, "seeds/c.txt": {"slug": ""}}}"#;
        let parsed = Addresses::parse(edited).unwrap();
        assert_eq!(parsed.slug_of("seeds/b.txt").unwrap().slug, "hello-world");
        assert!(parsed.slug_of("seeds/c.txt").is_none());
        assert!(Addresses::parse(b"[1, 2]").is_err());
    }

    #[test]
    fn aliases_become_paths_inside_the_site() {
        assert_eq!(
            alias_path("/2019/old-story/").as_deref(),
            Some("2019/old-story/index.html")
        );
        assert_eq!(alias_path("old.html").as_deref(), Some("old.html"));
        for bad in [
            "../../etc/x",
            "https://example.org/x",
            "/",
            "a/./b",
            "x?y=1",
            "a\\b",
        ] {
            assert_eq!(alias_path(bad), None, "{bad}");
        }
    }
}
