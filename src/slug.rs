//! Slugs: lower-case ASCII, diacritics folded (`Bùi Thanh Sơn` → `bui-thanh-son`).

use rustc_hash::FxHashSet;

/// Folds a name to lower-case ASCII words separated by single spaces. Two spellings of one
/// name (with and without Vietnamese diacritics) fold to the same key.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Whether a separator (anything but a letter or digit) came since the last word.
    let mut space = false;
    let mut push = |ascii: &str| {
        for b in ascii.bytes() {
            if b.is_ascii_alphanumeric() {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(char::from(b.to_ascii_lowercase()));
            } else {
                space = true;
            }
        }
    };
    if text.is_ascii() {
        push(text);
        return out;
    }
    // Transliterated a character at a time, straight into `out`: the same as folding
    // `deunicode(text)` without the copy. (deunicode leaves ASCII as it is; a character it
    // does not know becomes its placeholder "[?]", a separator.)
    let mut utf8 = [0; 4];
    for c in text.chars() {
        if c.is_ascii() {
            push(c.encode_utf8(&mut utf8));
        } else if c == '\u{ad}' {
            // A soft hyphen is invisible inside a word ("Vladi\u{ad}mir" is "Vladimir").
            continue;
        } else {
            push(deunicode::deunicode_char(c).unwrap_or("[?]"));
        }
    }
    out
}

/// The identity of a topic name: folded, a trailing plural "s" dropped.
pub fn topic_key(name: &str) -> String {
    let mut k = if folds_by_lowering(name) {
        name.to_ascii_lowercase()
    } else {
        fold(name)
    };
    if k.len() > 3 && k.ends_with('s') && !k.ends_with("ss") {
        k.pop();
    }
    k
}

/// Whether `fold(name)` is `name` in lower case: ASCII letters and digits in words
/// separated by single spaces, as nearly every topic name the rules make is ("cultural
/// diplomacy", "ASEAN"). Checking costs far less than folding byte by byte.
fn folds_by_lowering(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.starts_with(b" ")
        && !bytes.ends_with(b" ")
        && !name.contains("  ")
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b' ')
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
    taken: FxHashSet<String>,
    /// Whether the slugs are page addresses (`articles/SLUG/`, `people/SLUG/`), where a
    /// number or `page` would be taken for a year page or a later page of a list.
    addresses: bool,
}

/// Whether `slug` is kept for the site's own addresses: `articles/2021/` is a year page
/// and `…/page/2/` the second page of a list, so no article, person or topic is given a
/// number or `page` as its slug.
pub fn is_reserved(slug: &str) -> bool {
    slug == "page" || (!slug.is_empty() && slug.bytes().all(|b| b.is_ascii_digit()))
}

impl SlugSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// A set of page slugs: never a reserved one (`is_reserved`).
    pub fn for_addresses() -> Self {
        SlugSet {
            addresses: true,
            ..Self::default()
        }
    }

    /// Takes `slug` as it is; false when it is taken or (for addresses) reserved.
    pub fn reserve(&mut self, slug: &str) -> bool {
        if self.addresses && is_reserved(slug) {
            return false;
        }
        self.taken.insert(slug.to_string())
    }

    pub fn unique(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() {
            "untitled"
        } else {
            wanted
        };
        if !(self.addresses && is_reserved(base)) && self.taken.insert(base.to_string()) {
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
    fn page_slugs_are_never_a_number_or_page() {
        let mut set = SlugSet::for_addresses();
        assert_eq!(set.unique("2021"), "2021-2");
        assert_eq!(set.unique("page"), "page-2");
        assert!(!set.reserve("12"));
        assert!(!set.reserve("page"));
        assert_eq!(set.unique("2021-in-review"), "2021-in-review");
        assert_eq!(set.unique("pages"), "pages");
        // Heading anchors are no addresses: a heading "2021" keeps its id.
        assert_eq!(SlugSet::new().unique("2021"), "2021");
    }

    #[test]
    fn folds_vietnamese_names() {
        assert_eq!(slugify("Bùi Thanh Sơn"), "bui-thanh-son");
        assert_eq!(slugify("Đổi mới"), "doi-moi");
        assert_eq!(fold("Việt Nam’s  economy"), "viet nam s economy");
        assert_eq!(fold("Vladi\u{ad}mir Putin"), "vladimir putin");
    }

    /// `fold` as it was: transliterate the whole text, then keep letters and digits.
    fn fold_through_a_copy(text: &str) -> String {
        let ascii = deunicode::deunicode(text);
        let mut out = String::new();
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

    #[test]
    fn folds_as_through_a_copy() {
        let ascii: String = (0u8..128).map(char::from).collect();
        for text in [
            "Thủ tướng Phạm Minh Chính tiếp Đại sứ Hoa Kỳ tại Hà Nội",
            "Bộ trưởng Bùi Thanh Sơn: “Ngoại giao Việt Nam” – 2025!",
            "Nguyễn Phú Trọng’s Đổi Mới, Ảnh: TTXVN",
            // Decomposed marks, a character deunicode does not know, symbols, CJK.
            "So\u{31b}n Ho\u{302} \u{e000}x \u{10ffff} €5 © 東京 Ελλάδα",
            &format!("ơ{ascii}"),
            &format!("{ascii}ơ{ascii}"),
            "  ơ  ",
            "",
        ] {
            assert_eq!(fold(text), fold_through_a_copy(text), "{text:?}");
        }
    }

    #[test]
    fn unique_slugs_get_suffixes() {
        let mut set = SlugSet::new();
        assert_eq!(set.unique("a"), "a");
        assert_eq!(set.unique("a"), "a-2");
        assert_eq!(set.unique("a"), "a-3");
        assert_eq!(slugify("!!!"), "untitled");
    }

    #[test]
    fn topic_keys_lower_plain_names_as_fold_would() {
        for name in [
            "cultural diplomacy",
            "ASEAN",
            "Party diplomacy",
            "G20 summits",
            "",
            " soft power",
            "soft  power",
            "soft power ",
            "free-trade agreements",
            "Ngoại giao văn hóa",
            "class",
        ] {
            let mut slow = fold(name);
            if slow.len() > 3 && slow.ends_with('s') && !slow.ends_with("ss") {
                slow.pop();
            }
            assert_eq!(topic_key(name), slow, "{name:?}");
        }
    }
}
