//! Slugs: lower-case ASCII, diacritics folded (`Bùi Thanh Sơn` → `bui-thanh-son`).

use std::collections::HashSet;

/// Folds a name to lower-case ASCII words separated by single spaces. Two spellings of one
/// name (with and without Vietnamese diacritics) fold to the same key.
pub fn fold(text: &str) -> String {
    // Most text is ASCII already: transliteration (a table lookup and an allocation per
    // call) is only for the rest.
    let ascii: std::borrow::Cow<str> = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(deunicode::deunicode(text))
    };
    let mut out = String::with_capacity(ascii.len());
    let mut space = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c.to_ascii_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// The slug of a title or name. Never empty: a text with no letters gets "untitled".
pub fn slugify(text: &str) -> String {
    let folded = fold(text);
    let mut slug: String = folded.replace(' ', "-");
    // Long headlines make unwieldy URLs; cut at a word boundary.
    if slug.len() > 80 {
        let cut = slug[..80].rfind('-').unwrap_or(80);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        "untitled".to_string()
    } else {
        slug
    }
}

/// Hands out unique slugs: the second "x" becomes "x-2", and so on. Callers present
/// candidates in a stable order (sorted by source path) so slugs do not depend on the order
/// files were found in.
#[derive(Default)]
pub struct SlugSet {
    taken: HashSet<String>,
}

impl SlugSet {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn reserve(&mut self, slug: &str) -> bool {
        self.taken.insert(slug.to_string())
    }

    pub fn unique(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() {
            "untitled"
        } else {
            wanted
        };
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}-{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_names() {
        assert_eq!(slugify("Bùi Thanh Sơn"), "bui-thanh-son");
        assert_eq!(slugify("Đổi mới"), "doi-moi");
        assert_eq!(fold("Việt Nam’s  economy"), "viet nam s economy");
    }

    #[test]
    fn unique_slugs_get_suffixes() {
        let mut set = SlugSet::new();
        assert_eq!(set.unique("a"), "a");
        assert_eq!(set.unique("a"), "a-2");
        assert_eq!(set.unique("a"), "a-3");
        assert_eq!(slugify("!!!"), "untitled");
    }
}
