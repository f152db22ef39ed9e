//! The word lists the reader relies on. They live in `data/reader/*.txt` (one entry a line,
//! `#` for comments) so that an editor can extend them without touching the rules; they are
//! compiled into the binary and parsed once.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

pub struct PageWords {
    /// Whole lines that are page furniture (lower-case).
    pub junk: FxHashSet<String>,
    /// Line openings that mark page furniture (lower-case).
    pub junk_prefixes: Vec<String>,
    /// Lines that open a list of links to other stories (lower-case).
    pub related_headers: FxHashSet<String>,
    /// Openings of such lines ("More from …", lower-case, without the `*` they are listed with).
    pub related_prefixes: Vec<String>,
    /// Phrases of the notices a page prints around every story: cookies, newsletters, sign-in,
    /// copyright (lower-case, in `key` form).
    pub boilerplate: Vec<String>,
    /// Every spelling of an outlet (lower-case) → the name recorded.
    pub outlets: FxHashMap<String, String>,
    /// Every spelling, longest first: the alternation used in patterns.
    pub outlet_spellings: Vec<String>,
    pub months: FxHashMap<String, u32>,
    /// Words allowed beside a date on a line that is only a date (lower-case).
    pub date_words: FxHashSet<String>,
    /// Words that make a date line a page's time stamp ("Updated").
    pub stamp_words: Vec<String>,
    /// Words that are never part of a person's name (the job titles' words among them).
    pub name_stopwords: FxHashSet<String>,
    /// Words of job titles printed beside a byline ("Staff Writer").
    pub job_titles: FxHashSet<String>,
    /// Phrases opening an English credit ("reporting by"), with their role, longest first.
    pub by_phrases: Vec<(String, crate::read::Role)>,
    /// Last words of a newspaper's or picture agency's name (lower-case).
    pub media_words: FxHashSet<String>,
    /// Phrases closing a line that credits helpers ("contributed to this report", lower-case).
    pub contributed: Vec<String>,
    /// Words of site section names ("Politics", "Thời sự").
    pub sections: FxHashSet<String>,
    pub question_prefixes: Vec<String>,
    /// Phrases announcing an interview ("speaks to", "phỏng vấn").
    pub interview_cues: Vec<String>,
    pub not_places: FxHashSet<String>,
    pub abbreviations: FxHashSet<String>,
    pub entities: FxHashMap<String, char>,
}

fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn lower_set(text: &'static str) -> FxHashSet<String> {
    entries(text).map(str::to_lowercase).collect()
}

pub fn lexicon() -> &'static PageWords {
    static LEX: OnceLock<PageWords> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut outlets = FxHashMap::default();
        let mut outlet_spellings = Vec::new();
        for line in entries(include_str!("../../../data/reader/outlets.txt")) {
            let mut names = line.split('|').map(str::trim).filter(|s| !s.is_empty());
            let Some(canonical) = names.next() else {
                continue;
            };
            for name in std::iter::once(canonical).chain(names) {
                outlets.insert(name.to_lowercase(), canonical.to_string());
                outlet_spellings.push(name.to_string());
            }
        }
        outlet_spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let mut months = FxHashMap::default();
        for line in entries(include_str!("../../../data/reader/months.txt")) {
            let mut parts = line.split_whitespace();
            let Some(n) = parts.next().and_then(|n| n.parse::<u32>().ok()) else {
                continue;
            };
            for name in parts {
                months.insert(name.to_lowercase(), n);
            }
        }
        let mut entities = FxHashMap::default();
        for line in entries(include_str!("../../../data/reader/entities.txt")) {
            let mut parts = line.split_whitespace();
            if let (Some(name), Some(hex)) = (parts.next(), parts.next())
                && let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            {
                entities.insert(name.to_string(), c);
            }
        }
        let job_titles = lower_set(include_str!("../../../data/reader/job_titles.txt"));
        let mut by_phrases: Vec<(String, crate::read::Role)> =
            entries(include_str!("../../../data/reader/by_phrases.txt"))
                .filter_map(|line| {
                    let (phrase, role) = line.split_once('=')?;
                    let role = match role.trim() {
                        "author" => crate::read::Role::Author,
                        "photographer" => crate::read::Role::Photographer,
                        "translator" => crate::read::Role::Translator,
                        "editor" => crate::read::Role::Editor,
                        _ => return None,
                    };
                    Some((phrase.trim().to_lowercase(), role))
                })
                .collect();
        by_phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        let related = include_str!("../../../data/reader/related_headers.txt");
        PageWords {
            junk: lower_set(include_str!("../../../data/reader/junk.txt")),
            junk_prefixes: entries(include_str!("../../../data/reader/junk_prefixes.txt"))
                .map(str::to_lowercase)
                .collect(),
            related_headers: entries(related)
                .filter(|e| !e.ends_with('*'))
                .map(str::to_lowercase)
                .collect(),
            related_prefixes: entries(related)
                .filter_map(|e| e.strip_suffix('*'))
                .map(str::to_lowercase)
                .collect(),
            boilerplate: entries(include_str!("../../../data/reader/boilerplate.txt"))
                .map(str::to_lowercase)
                .collect(),
            outlets,
            outlet_spellings,
            months,
            date_words: entries(include_str!("../../../data/reader/date_words.txt"))
                .flat_map(str::split_whitespace)
                .map(str::to_lowercase)
                .collect(),
            stamp_words: entries(include_str!("../../../data/reader/stamp_words.txt"))
                .map(str::to_lowercase)
                .collect(),
            sections: lower_set(include_str!("../../../data/reader/sections.txt")),
            name_stopwords: lower_set(include_str!("../../../data/reader/name_stopwords.txt"))
                .union(&job_titles)
                .cloned()
                .collect(),
            job_titles,
            by_phrases,
            media_words: lower_set(include_str!("../../../data/reader/media_words.txt")),
            contributed: entries(include_str!("../../../data/reader/contributed.txt"))
                .map(str::to_lowercase)
                .collect(),
            question_prefixes: entries(include_str!("../../../data/reader/question_prefixes.txt"))
                .map(str::to_lowercase)
                .collect(),
            interview_cues: entries(include_str!("../../../data/reader/interview_cues.txt"))
                .map(str::to_lowercase)
                .collect(),
            not_places: entries(include_str!("../../../data/reader/not_places.txt"))
                .map(str::to_string)
                .collect(),
            abbreviations: lower_set(include_str!("../../../data/reader/abbreviations.txt")),
            entities,
        }
    })
}

impl PageWords {
    /// The outlet a spelling names, if it is one (`VOV.VN` → `VOV`). Short all-capital
    /// acronyms must match in case, so that an ordinary word is not taken for an agency.
    pub fn outlet(&self, s: &str) -> Option<&str> {
        let s = s
            .trim()
            .trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ','));
        // Most spellings are short and ASCII: lower-cased on the stack, not in a new string.
        let mut buf = [0u8; 32];
        let canonical = if s.is_ascii() && s.len() <= buf.len() {
            let lower = &mut buf[..s.len()];
            lower.copy_from_slice(s.as_bytes());
            lower.make_ascii_lowercase();
            self.outlets.get(std::str::from_utf8(lower).ok()?)?
        } else {
            self.outlets.get(&s.to_lowercase())?
        };
        let is_acronym = s.chars().count() <= 4;
        if is_acronym && !s.chars().any(|c| c.is_uppercase()) {
            return None;
        }
        Some(canonical.as_str())
    }
}
