//! Words and punctuation of a block, with byte offsets, for the rules to walk.

use crate::slug::fold;
use aho_corasick::{AhoCorasick, MatchKind};
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
    /// The shape of the word, worked out once: the rules ask for it again and again.
    shape: Shape,
}

#[derive(Debug, Clone, Copy, Default)]
struct Shape {
    cap: bool,
    all_caps: bool,
    name_like: bool,
    plain: bool,
}

impl Shape {
    fn of(word: &str) -> Shape {
        let cap = word.chars().next().is_some_and(char::is_uppercase);
        let mut letters = 0;
        let mut lower = false;
        let mut name_chars = true;
        let mut plain = true;
        for c in word.chars() {
            let alphabetic = latin_letter(c) || c.is_alphabetic();
            letters += usize::from(alphabetic);
            lower |= c.is_lowercase();
            name_chars &= alphabetic || c == '-' || c == '\'' || c == SOFT_HYPHEN || combining(c);
            plain &= alphanumeric(c);
        }
        let all_caps = letters >= 2 && !lower;
        Shape {
            cap,
            all_caps,
            name_like: cap && !all_caps && name_chars,
            plain,
        }
    }
}

impl Token<'_> {
    /// Starts with an upper-case letter.
    pub fn cap(&self) -> bool {
        self.shape.cap
    }
    /// Upper-case throughout, like an acronym ("ASEAN", "FM").
    pub fn all_caps(&self) -> bool {
        self.shape.all_caps
    }
    /// Capitalised like a name: upper-case first letter, then lower-case letters.
    pub fn name_like(&self) -> bool {
        self.shape.name_like
    }
    /// Letters and digits only: the word is its one `alnum_runs` run.
    pub fn plain(&self) -> bool {
        self.shape.plain
    }
}

impl<'a> Token<'a> {
    /// Calls `f` with each run of letters and digits of a word token and its byte offset in
    /// the segment: "UN-backed" holds "UN" and "backed", "Mr." holds "Mr". Each starts
    /// where a whole word may (no letter or digit right before it).
    #[inline]
    pub fn alnum_runs(&self, mut f: impl FnMut(usize, &'a str)) {
        if self.shape.plain {
            f(self.start, self.text);
        } else {
            self.split_runs(&mut f);
        }
    }

    /// `alnum_runs` of a word holding something else than letters and digits.
    fn split_runs(&self, f: &mut dyn FnMut(usize, &'a str)) {
        let mut run_start = None;
        for (at, c) in self.text.char_indices() {
            match (alphanumeric(c), run_start) {
                (true, None) => run_start = Some(at),
                (false, Some(from)) => {
                    f(self.start + from, &self.text[from..at]);
                    run_start = None;
                }
                _ => {}
            }
        }
        if let Some(from) = run_start {
            f(self.start + from, &self.text[from..]);
        }
    }
}

/// Whether `c` is a letter of the Latin blocks Vietnamese writes with ("ồ", "ơ", "đ"):
/// those are alphabetic, and telling so here spares the slow general lookup.
fn latin_letter(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}') && c != '×' && c != '÷'
}

/// `char::is_alphanumeric`, sooner for Vietnamese letters.
fn alphanumeric(c: char) -> bool {
    latin_letter(c) || c.is_alphanumeric()
}

/// U+00AD, invisible unless a line breaks there; pages copied from the web keep it.
const SOFT_HYPHEN: char = '\u{ad}';

fn combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

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

/// `slug::fold` of a word outside ASCII.
fn fold_word(w: &str) -> Cow<'_, str> {
    Cow::Owned(fold(w))
}

/// Byte ranges of photo credits and source lines in `text`.
pub fn credit_ranges(text: &str) -> Vec<(usize, usize)> {
    if !credit_hints().is_match(text) || !credit_possible(text) {
        return Vec::new();
    }
    credit_re()
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// Whether the credit pattern may match `text`. Each of its three forms needs something
/// most text with a credit word ("source", "photo") lacks: a "(", a ":", or capitals and
/// white space right before "Photo" ("VNA Photo"); looking for these (one search for all)
/// is much cheaper than the pattern.
fn credit_possible(text: &str) -> bool {
    credit_needs().find_iter(text).any(|m| {
        if m.len() == 1 {
            return true;
        }
        // "Photo" or "photo": it needs white space after two capitals. (`trim_end` and
        // the pattern's `\s` both take Unicode white space.)
        let before = &text[..m.start()];
        let agency = before.trim_end().as_bytes();
        agency.len() < before.len()
            && agency.len() >= 2
            && agency[agency.len() - 2..]
                .iter()
                .all(u8::is_ascii_uppercase)
    })
}

/// What `credit_possible` looks for.
fn credit_needs() -> &'static AhoCorasick {
    static NEEDS: OnceLock<AhoCorasick> = OnceLock::new();
    NEEDS.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(["(", ":", "Photo", "photo"])
            .expect("credit needs build an automaton")
    })
}

/// Pieces of text every credit holds. The pattern is costly on non-ASCII text and most
/// blocks hold no credit word at all; one search for all the pieces at once (a few
/// patterns: the automaton scans many bytes at a time) turns those away.
fn credit_hints() -> &'static AhoCorasick {
    static HINTS: OnceLock<AhoCorasick> = OnceLock::new();
    HINTS.get_or_init(|| {
        // (Leftmost matching, though any match will do: only then can the automaton use
        // its vector search.)
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build([
                "hoto", "HOTO", "ource", "OURCE", "ảnh", "Ảnh", "guồn", "redit", "(By", "(by",
            ])
            .expect("credit hints build an automaton")
    })
}

/// The character starting at byte `at` of `text`, which is not ASCII.
fn wide_char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().expect("a character starts here")
}

/// Whether the hyphen or apostrophe `d` at byte `at` joins two parts of one word: it
/// does before a letter or digit ("Director-General", "O'Brien"), but a possessive "'s"
/// stays apart so "Minh's" is the name "Minh".
fn inner_joiner(text: &str, at: usize, d: char) -> bool {
    let mut ahead = text[at + d.len_utf8()..].chars();
    let next = ahead.next();
    let after = ahead.next();
    let possessive = d != '-'
        && next.is_some_and(|n| n == 's' || n == 'S')
        && after.is_none_or(|a| !a.is_alphanumeric());
    next.is_some_and(char::is_alphanumeric) && !possessive
}

// Classes of bytes, so reading text costs one table lookup per byte. Bytes outside ASCII
// are only marked as such: those characters are decoded.
const ALPHA: u8 = 1;
const ALNUM: u8 = 2;
const UPPER: u8 = 4;
const LOWER: u8 = 8;
/// What a name may hold: letters, hyphens, apostrophes.
const NAME: u8 = 16;
const DIGIT: u8 = 32;
/// ASCII white space (as `char::is_whitespace` has it).
const SPACE: u8 = 64;
/// A byte of a character outside ASCII.
const WIDE: u8 = 128;

const fn byte_classes() -> [u8; 256] {
    let mut table = [WIDE; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_uppercase() {
            ALPHA | ALNUM | UPPER | NAME
        } else if c.is_ascii_lowercase() {
            ALPHA | ALNUM | LOWER | NAME
        } else if c.is_ascii_digit() {
            ALNUM | DIGIT
        } else if c == b'-' || c == b'\'' {
            NAME
        } else if c == b' ' || (c >= 0x09 && c <= 0x0d) {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    table
}

static BYTE_CLASSES: [u8; 256] = byte_classes();

/// Shape of an ASCII word `w` whose first byte has class `first`, `joiners` being the
/// classes every hyphen, apostrophe or abbreviation dot in it has (all of them when there
/// is none): the same as `Shape::of`.
fn ascii_shape(w: &[u8], first: u8, joiners: u8) -> Shape {
    let plain = joiners == u8::MAX;
    if first & LOWER != 0 {
        // A word starting in lower case (most words) is neither capitalised nor upper-case
        // throughout: the rest of its bytes need no look.
        return Shape {
            plain,
            ..Shape::default()
        };
    }
    let any = w
        .iter()
        .fold(0, |any, &b| any | BYTE_CLASSES[usize::from(b)]);
    let cap = first & UPPER != 0;
    // Letters are counted only for a word with no lower-case letter (rare).
    let all_caps = any & LOWER == 0
        && w.iter()
            .filter(|b| b.is_ascii_alphabetic())
            .nth(1)
            .is_some();
    let name_chars = any & DIGIT == 0 && joiners & NAME != 0;
    Shape {
        cap,
        all_caps,
        name_like: cap && !all_caps && name_chars,
        plain,
    }
}

/// The tokens of a block.
pub struct Tokens<'a> {
    pub list: Vec<Token<'a>>,
    /// Whether a token is "(" and one an opening quote (`"`, `“` or `‘`): the rules for
    /// acronyms defined and for phrases quoted need them, and most blocks have neither.
    pub has_parenthesis: bool,
    pub has_quote: bool,
}

/// Where the word starting at byte `i` of `text` ends, its first character being `len`
/// bytes long and of class `first`; whether it is ASCII throughout; and the classes every
/// hyphen, apostrophe or abbreviation dot in it has (`u8::MAX` when there is none).
fn word_end(text: &str, i: usize, len: usize, first: u8) -> (usize, bool, u8) {
    let bytes = text.as_bytes();
    let mut ascii = first & WIDE == 0;
    // Classes every joiner has (all of them while there is none).
    let mut joiners = u8::MAX;
    let mut end = i + len;
    loop {
        // Letters and digits (nearly every byte) first, in a tight loop.
        end += bytes[end..]
            .iter()
            .position(|&d| BYTE_CLASSES[usize::from(d)] & ALNUM == 0)
            .unwrap_or(bytes.len() - end);
        let Some(&d) = bytes.get(end) else { break };
        if d == b'-' || d == b'\'' {
            if !inner_joiner(text, end, char::from(d)) {
                break;
            }
            joiners &= BYTE_CLASSES[usize::from(d)];
            end += 1;
        } else if d.is_ascii() {
            break;
        } else {
            // Combining marks belong to the word: text in decomposed form (NFD)
            // writes "Sơn" as "So" + U+031B + "n".
            let d = wide_char_at(text, end);
            // A soft hyphen (U+00AD) marks where a word may break: it is inside it
            // ("Vladi\u{ad}mir").
            let joins = if d == '’' || d == SOFT_HYPHEN {
                inner_joiner(text, end, d) || d == SOFT_HYPHEN && end > i
            } else {
                alphanumeric(d) || combining(d)
            };
            if !joins {
                break;
            }
            ascii = false;
            end += d.len_utf8();
        }
    }
    if bytes.get(end) == Some(&b'.')
        && first & UPPER != 0
        && end - i <= 4
        && super::lexicon::NameLexicon::get()
            .abbreviations
            .contains(&text[i..end])
    {
        joiners &= BYTE_CLASSES[usize::from(b'.')];
        end += 1;
    }
    (end, ascii, joiners)
}

/// Splits `text` into tokens, `lower` being `text.to_ascii_lowercase()` (ASCII words of
/// letters and digits, nearly every word, borrow their folded form from it rather than
/// holding a copy) and `credits` its `credit_ranges`.
pub fn tokenize_with<'a>(text: &'a str, lower: &'a str, credits: &[(usize, usize)]) -> Tokens<'a> {
    debug_assert_eq!(text.len(), lower.len());
    let in_credit = |at: usize| credits.iter().any(|&(s, e)| s <= at && at < e);
    let bytes = text.as_bytes();
    // About one token in five bytes of prose: one allocation for nearly every block.
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 5 + 4);
    let (mut has_parenthesis, mut has_quote) = (false, false);
    let mut gap_has_newline = false;
    let mut i = 0;
    // ASCII bytes are looked at as bytes, by their class; only other characters are decoded.
    while let Some(&b) = bytes.get(i) {
        let first = BYTE_CLASSES[usize::from(b)];
        let len = if first & SPACE != 0 {
            gap_has_newline |= b == b'\n';
            i += 1;
            continue;
        } else if first & ALNUM != 0 {
            1
        } else if first & WIDE == 0 {
            0
        } else {
            let c = wide_char_at(text, i);
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            if alphanumeric(c) { c.len_utf8() } else { 0 }
        };
        let tight = !gap_has_newline;
        gap_has_newline = false;
        if len == 0 {
            // Punctuation: one character.
            let len = if first & WIDE == 0 {
                1
            } else {
                wide_char_at(text, i).len_utf8()
            };
            let punctuation = &text[i..i + len];
            has_parenthesis |= punctuation == "(";
            has_quote |= matches!(punctuation, "\"" | "“" | "‘");
            out.push(Token {
                text: punctuation,
                start: i,
                end: i + len,
                word: false,
                folded: Cow::Borrowed(""),
                tight,
                credit: in_credit(i),
                shape: Shape::default(),
            });
            i += len;
            continue;
        }
        let (end, ascii, joiners) = word_end(text, i, len, first);
        let t = &text[i..end];
        let (shape, folded) = if ascii {
            let shape = ascii_shape(t.as_bytes(), first, joiners);
            let folded = if shape.plain {
                // The lower-case form is the folded one for ASCII letters and digits.
                Cow::Borrowed(&lower[i..end])
            } else {
                Cow::Owned(fold(t))
            };
            (shape, folded)
        } else {
            (Shape::of(t), fold_word(t))
        };
        out.push(Token {
            text: t,
            start: i,
            end,
            word: true,
            folded,
            tight,
            credit: in_credit(i),
            shape,
        });
        i = end;
        // A word is most often followed by one space: stepping over it here saves a turn.
        if bytes.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    // The first token has nothing before it; say it is not tight so runs never look back.
    if let Some(first) = out.first_mut() {
        first.tight = false;
    }
    Tokens {
        list: out,
        has_parenthesis,
        has_quote,
    }
}

/// Whether a token ends a sentence (so the next capitalised word may be capitalised only
/// for that reason).
pub fn ends_sentence(t: &Token) -> bool {
    !t.word && matches!(t.text, "." | "!" | "?" | ":" | ";" | "|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokenize(text: &'static str) -> Vec<Token<'static>> {
        let lower = Box::leak(text.to_ascii_lowercase().into_boxed_str());
        tokenize_with(text, lower, &credit_ranges(text)).list
    }

    #[test]
    fn latin_letters_are_alphabetic() {
        for c in ('\u{c0}'..='\u{24f}').chain('\u{1e00}'..='\u{1eff}') {
            if latin_letter(c) {
                assert!(c.is_alphabetic() && c.is_alphanumeric(), "{c:?}");
            }
        }
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
    fn shapes_and_folds_match_their_definitions() {
        // ASCII words take a byte path; it must agree with the character rules.
        let text = "Mr. Trong, ASEAN's FM Son-Ha O'Brien x2 Director-General Nguyễn Sơn Ho\u{0302} \
                    e-mail VNA/VNS 3rd ABC-news IT Ảnh";
        for t in tokenize(text).iter().filter(|t| t.word) {
            let w = t.text;
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            let all_caps = w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase);
            let name_like = cap
                && !all_caps
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || combining(c));
            assert_eq!(t.cap(), cap, "{w}");
            assert_eq!(t.all_caps(), all_caps, "{w}");
            assert_eq!(t.name_like(), name_like, "{w}");
            assert_eq!(t.shape.plain, w.chars().all(char::is_alphanumeric), "{w}");
            assert_eq!(t.folded, fold(w), "{w}");
        }
    }

    #[test]
    fn runs_of_letters_and_digits() {
        let text = "UN-backed Mr. O’Brien Ho\u{0302}a G20";
        let mut runs = Vec::new();
        for t in tokenize(text).iter().filter(|t| t.word) {
            t.alnum_runs(|at, run| runs.push((at, run)));
        }
        for (at, run) in &runs {
            assert_eq!(&text[*at..*at + run.len()], *run);
        }
        let runs: Vec<&str> = runs.iter().map(|(_, r)| *r).collect();
        assert_eq!(runs, ["UN", "backed", "Mr", "O", "Brien", "Ho", "a", "G20"]);
    }

    #[test]
    fn credits_found_as_by_the_pattern_alone() {
        // The cheap tests before the pattern turn away no credit.
        for text in [
            "Son speaks. (Photo: Nguyen Hong) Son",
            "VNA Photo Doan Tan",
            "VNA/VNS\u{a0}Photo by Doan Tan",
            "the PM photos from Ha Noi",
            "a commemorative photo with the source of it",
            "Source : VOV",
            "(by Thanh Ha)",
            "Ảnh: TTXVN",
            "Photo VNA",
            "VNAPhoto",
            "A Photo",
        ] {
            let alone: Vec<(usize, usize)> = credit_re()
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(credit_ranges(text), alone, "{text}");
        }
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
