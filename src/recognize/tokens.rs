//! Words and punctuation of a block, with byte offsets, for the rules to walk.

use crate::slug::fold;
use regex::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    /// A word (letters, digits, inner hyphens; "Mr." keeps its dot) rather than punctuation.
    pub word: bool,
    /// Folded form of a word ("Sơn" → "son"); borrowed when the word already is.
    pub folded: Cow<'a, str>,
    /// No line break between this token and the one before (two words in a row are then
    /// separated by spaces only).
    pub tight: bool,
    /// Inside a photo credit or source line: never a person mentioned by the article.
    pub credit: bool,
}

impl Token<'_> {
    /// Starts with an upper-case letter.
    pub fn cap(&self) -> bool {
        self.word && self.text.chars().next().is_some_and(char::is_uppercase)
    }
    /// Upper-case throughout, like an acronym ("ASEAN", "FM").
    pub fn all_caps(&self) -> bool {
        self.word
            && self.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !self.text.chars().any(char::is_lowercase)
    }
    /// Capitalised like a name: upper-case first letter, then lower-case letters.
    pub fn name_like(&self) -> bool {
        self.cap()
            && !self.all_caps()
            && self
                .text
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || combining(c))
    }
}

fn combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Abbreviations whose dot belongs to the word, so it does not end a sentence.
const ABBREVIATIONS: [&str; 8] = ["Mr", "Ms", "Mrs", "Dr", "Prof", "St", "Jr", "Sr"];

fn credit_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // "(Photo: Nguyen Hong)", "Photo: VOV", "VNA/VNS Photo Doan Tan", "Source: ...": credits name
        // who made the picture or the text, not whom the article is about.
        Regex::new(
            // ASCII word boundaries keep the pattern on the fast (DFA) path for text with
            // diacritics; only the credit words ignore case, agencies are upper-case.
            r"(?i:\(\s*(?:photos?|ảnh|image|source|nguồn|by|credit)(?-u:\b)[^)]*\))|(?-u:\b)(?i:photos?|ảnh|source|nguồn|credit)\s*:[^.|()\n]*|(?-u:\b)[A-Z]{2,}(?:/[A-Z]{2,})?\s+[Pp]hotos?(?-u:\b)[^.|()\n]*",
        )
        .expect("valid credit pattern")
    })
}

/// `slug::fold` for one word, without allocating for the common lower-case ASCII word.
fn fold_word(w: &str) -> Cow<'_, str> {
    if w.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Cow::Borrowed(w)
    } else if w.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Cow::Owned(w.to_ascii_lowercase())
    } else {
        Cow::Owned(fold(w))
    }
}

/// Byte ranges of photo credits and source lines in `text`.
pub fn credit_ranges(text: &str) -> Vec<(usize, usize)> {
    // The pattern is costly on non-ASCII text; most blocks hold no credit word at all.
    const HINTS: [&str; 8] = [
        "hoto", "HOTO", "ource", "OURCE", "ảnh", "Ảnh", "guồn", "redit",
    ];
    if !HINTS.iter().any(|h| text.contains(h)) && !text.contains("(By") && !text.contains("(by") {
        return Vec::new();
    }
    credit_re()
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// Splits `text` into tokens, `credits` being its `credit_ranges`.
pub fn tokenize_with<'a>(text: &'a str, credits: &[(usize, usize)]) -> Vec<Token<'a>> {
    let in_credit = |at: usize| credits.iter().any(|&(s, e)| s <= at && at < e);
    let mut out: Vec<Token> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut gap_has_newline = false;
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            gap_has_newline |= c == '\n';
            continue;
        }
        let tight = !gap_has_newline;
        gap_has_newline = false;
        let (end, word) = if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                // Combining marks belong to the word: text in decomposed form (NFD)
                // writes "Sơn" as "So" + U+031B + "n".
                if d.is_alphanumeric() || combining(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else if d == '-' || d == '\'' || d == '’' {
                    // Inner hyphen ("Director-General") or apostrophe ("O'Brien"), but a
                    // possessive "'s" stays apart so "Minh's" is the name "Minh".
                    let mut ahead = text[j + d.len_utf8()..].chars();
                    let next = ahead.next();
                    let after = ahead.next();
                    let possessive = d != '-'
                        && next.is_some_and(|n| n == 's' || n == 'S')
                        && after.is_none_or(|a| !a.is_alphanumeric());
                    if next.is_some_and(char::is_alphanumeric) && !possessive {
                        chars.next();
                        end = j + d.len_utf8();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            if ABBREVIATIONS.contains(&&text[i..end]) && text[end..].starts_with('.') {
                chars.next();
                end += 1;
            }
            (end, true)
        } else {
            (i + c.len_utf8(), false)
        };
        let t = &text[i..end];
        out.push(Token {
            text: t,
            start: i,
            end,
            word,
            folded: if word {
                fold_word(t)
            } else {
                Cow::Borrowed("")
            },
            tight,
            credit: in_credit(i),
        });
    }
    // The first token has nothing before it; say it is not tight so runs never look back.
    if let Some(first) = out.first_mut() {
        first.tight = false;
    }
    out
}

/// Whether a token ends a sentence (so the next capitalised word may be capitalised only
/// for that reason).
pub fn ends_sentence(t: &Token) -> bool {
    !t.word && matches!(t.text, "." | "!" | "?" | ":" | ";" | "|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokenize(text: &str) -> Vec<Token<'_>> {
        tokenize_with(text, &credit_ranges(text))
    }

    #[test]
    fn splits_possessives_and_keeps_titles_whole() {
        let toks = tokenize("Mr. Trong met Ho Chi Minh’s heirs; Director-General spoke");
        let words: Vec<&str> = toks.iter().map(|t| t.text).collect();
        assert_eq!(
            words,
            [
                "Mr.",
                "Trong",
                "met",
                "Ho",
                "Chi",
                "Minh",
                "’",
                "s",
                "heirs",
                ";",
                "Director-General",
                "spoke"
            ]
        );
        assert!(toks[1].tight && !toks[0].tight);
    }

    #[test]
    fn marks_photo_credits() {
        let toks = tokenize("Son speaks. (Photo: Nguyen Hong) Son, VNA Photo Doan Tan");
        let credited: Vec<&str> = toks.iter().filter(|t| t.credit).map(|t| t.text).collect();
        assert!(credited.contains(&"Nguyen") && credited.contains(&"Hong"));
        assert!(credited.contains(&"Doan") && !credited.contains(&"Son"));
        // A photo that is no credit hides nobody.
        let toks = tokenize("a commemorative photo with Prime Minister Pham Minh Chinh");
        assert!(toks.iter().all(|t| !t.credit));
    }
}
