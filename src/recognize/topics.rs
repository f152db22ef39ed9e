//! Topics: kinds of diplomacy ("cultural diplomacy"), organisations, acronyms the corpus
//! defines ("free trade agreements (FTAs)"), series of events ("the 29th Diplomatic
//! Conference"), concepts the corpus quotes ("soft power"), and `content/topics` pages.
//!
//! `scan` reads one article; `TopicCorpus::learn` gathers what is defined or quoted anywhere, and
//! `TopicCorpus::rank` finds those again in every article and ranks each article's topics.

use super::lexicon::{BitTable, NameLexicon, WordSet};
use super::tokens::{Token, ends_sentence};
use super::{Segment, Span, TopicFound, TopicKind};
use crate::slug::fold;
use crate::slug::topic_key;
use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// One mention of a topic. Every article's mentions are held from the first pass to the
/// second, so names are shared rather than copied: with the tables of known names, and
/// among the mentions of one article (see `ThemeNames`).
#[derive(Debug, Clone)]
pub struct TopicMention {
    pub key: Arc<str>,
    pub name: Arc<str>,
    pub kind: TopicKind,
    pub aliases: Vec<Arc<str>>,
    pub block: Option<usize>,
    pub start: usize,
    pub end: usize,
    /// How much this one mention says the article is about the topic.
    pub weight: f32,
    /// Whether the mention has a span worth linking (a coordinated "economic" in
    /// "political, economic and cultural diplomacy" has none).
    pub linkable: bool,
}

/// What one article proposes, beside its mentions: definitions and quoted concepts.
#[derive(Debug, Default)]
pub struct Scan {
    pub mentions: Vec<TopicMention>,
    /// (acronym without plural s, long form as written).
    pub definitions: Vec<(String, String)>,
    /// Quoted short phrases, as written.
    pub quoted: Vec<String>,
}

/// Names known before reading any article: the organisation list and `content/topics`
/// pages. A match counts only as a whole word, so both are looked for where a word starts
/// rather than at every byte.
pub struct Known {
    /// Acronym (letters and digits, matched in their case) → pattern in `acronym_of`.
    acronym_at: FxHashMap<String, usize>,
    /// The acronyms, to turn most words away before hashing them.
    acronym_words: WordSet,
    /// Long names, any case: searched anchored where a word may start them.
    long: AhoCorasick,
    /// The first two and three bytes long names have, in lower case (see `prefix_bit`):
    /// most words start no long name, and are turned away before the automaton is asked.
    long_prefixes: BitTable,
    /// A bit per first two bytes of a long name, set apart as in `prefix_key` (65,536 bits:
    /// no hashing). A word whose first two bytes start no long name (nearly every word) is
    /// turned away by one lookup here; `long_prefixes` then tells most of the others.
    long_first_two: BitTable,
    /// A long name starts with something else than a letter or digit (a page alias in
    /// quotes): then every byte is a possible start, and the text is searched whole.
    long_anywhere: bool,
    /// Per pattern of `long`: key, display name, kind, alias.
    long_of: Vec<(Arc<str>, Arc<str>, TopicKind)>,
    /// Per acronym: acronym, long name, key.
    acronym_of: Vec<(Arc<str>, Arc<str>, Arc<str>)>,
}

impl Known {
    pub fn new(pages: &[crate::read::TopicPage]) -> Known {
        let lex = NameLexicon::get();
        let mut acronym_of: Vec<(Arc<str>, Arc<str>, Arc<str>)> = Vec::new();
        let mut long_pats = Vec::new();
        let mut long_of = Vec::new();
        for (acr, long) in &lex.organisations {
            acronym_of.push((
                acr.as_str().into(),
                long.as_str().into(),
                topic_key(acr).into(),
            ));
            long_pats.push(long.clone());
            long_of.push((
                topic_key(acr).into(),
                acr.as_str().into(),
                TopicKind::Organisation,
            ));
        }
        for p in pages.iter().filter(|p| !p.hidden) {
            let kind = p
                .kind
                .as_deref()
                .and_then(TopicKind::parse)
                .unwrap_or(TopicKind::Theme);
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                if n.trim().len() >= 2 {
                    long_pats.push(n.trim().to_string());
                    long_of.push((topic_key(&p.name).into(), p.name.as_str().into(), kind));
                }
            }
        }
        // The first of equal acronyms wins, as the first pattern of an automaton would.
        let mut acronym_at = FxHashMap::default();
        for (i, (acr, _, _)) in acronym_of.iter().enumerate() {
            acronym_at.entry(acr.to_string()).or_insert(i);
        }
        let mut long_prefixes = BitTable::default();
        let mut long_first_two = BitTable::default();
        let mut long_anywhere = false;
        for pat in &long_pats {
            long_anywhere |= !pat.chars().next().is_some_and(char::is_alphanumeric);
            long_prefixes.set(prefix_bit(prefix_key(&pat.as_bytes()[..pat.len().min(3)])));
            if let [a, b, ..] = *pat.as_bytes() {
                long_first_two.set(first_two_bit(a, b));
            }
        }
        Known {
            acronym_words: acronym_at.keys().cloned().collect(),
            acronym_at,
            long: AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .start_kind(StartKind::Both)
                .build(&long_pats)
                .expect("names build an automaton"),
            long_prefixes,
            long_first_two,
            long_anywhere,
            long_of,
            acronym_of,
        }
    }

    /// The known names of a segment: each acronym, in reading order, to `acronym`; then
    /// each long name to `long`, leftmost-longest and each search going on after the last
    /// match, as the automaton's own search of the whole text would find them. Matches
    /// count only as whole words, so names are looked for only where a word starts: an
    /// acronym (letters and digits) is a run of a word token exactly, and the long names
    /// are asked of the automaton only at runs whose first bytes may start one.
    fn find(
        &self,
        seg: &Segment,
        mut acronym: impl FnMut(&(Arc<str>, Arc<str>, Arc<str>), usize, usize),
        mut long: impl FnMut(aho_corasick::Match),
    ) {
        let text = seg.text;
        let bytes = text.as_bytes();
        let mut long_starts = Vec::new();
        for t in seg.tokens.iter().filter(|t| t.word) {
            // A word of letters and digits only (nearly every word) is one run: asked
            // here directly, as a call of a closure per word cost more than the lookups.
            if t.plain() {
                self.look_at_run(bytes, t.start, t.text, &mut acronym, &mut long_starts);
            } else {
                t.alnum_runs(|at, run| {
                    self.look_at_run(bytes, at, run, &mut acronym, &mut long_starts)
                });
            }
        }
        if self.long_anywhere {
            self.long.find_iter(text).for_each(long);
            return;
        }
        let mut resume = 0;
        for at in long_starts {
            if at < resume {
                continue;
            }
            let anchored = Input::new(text)
                .span(at..text.len())
                .anchored(Anchored::Yes);
            if let Some(m) = self.long.find(anchored) {
                resume = m.end();
                long(m);
            }
        }
    }

    /// Asks of the run of letters and digits `run` at byte `at` of the segment's text
    /// (`bytes`) whether it is an acronym (to `acronym`), and whether a long name may start
    /// there (to `long_starts`).
    #[inline(always)]
    fn look_at_run(
        &self,
        bytes: &[u8],
        at: usize,
        run: &str,
        acronym: &mut impl FnMut(&(Arc<str>, Arc<str>, Arc<str>), usize, usize),
        long_starts: &mut Vec<usize>,
    ) {
        if self.acronym_words.contains(run) {
            acronym(&self.acronym_of[self.acronym_at[run]], at, at + run.len());
        }
        if self.may_start_long(&bytes[at..]) {
            long_starts.push(at);
        }
    }

    /// Whether a long name may start `text`: one has its first three bytes (or all its
    /// bytes, a name of two).
    #[inline]
    fn may_start_long(&self, text: &[u8]) -> bool {
        let has = |key: u32| self.long_prefixes.has(prefix_bit(key));
        let first_two = |a: u8, b: u8| self.long_first_two.has(first_two_bit(a, b));
        // Every long name has two bytes at least, so one its first two bytes start is
        // one `first_two` has.
        match *text {
            [a, b, c, ..] => {
                first_two(a, b) && (has(prefix_key(&[a, b, c])) || has(prefix_key(&[a, b])))
            }
            [a, b] => first_two(a, b) && has(prefix_key(&[a, b])),
            _ => false,
        }
    }
}

/// The bit of `Known::long_first_two` for a name starting with the bytes `a`, `b`, in
/// either case as in `prefix_key`.
fn first_two_bit(a: u8, b: u8) -> usize {
    usize::from(a | 0x20) << 8 | usize::from(b | 0x20)
}

/// The first two or three bytes of a name as a number, with their count, in either case:
/// every case of an ASCII letter has the bit 0x20 set in lower case, so setting it on
/// every byte maps both together (and a few other bytes with them, which only lets a word
/// through to the automaton for nothing).
fn prefix_key(prefix: &[u8]) -> u32 {
    prefix.iter().fold(prefix.len() as u32, |key, &b| {
        key << 8 | u32::from(b | 0x20)
    })
}

/// The bit of `Known::long_prefixes` for a `prefix_key`: its hash to 16 bits (a word taken
/// for a name by a collision is also only asked of the automaton for nothing).
fn prefix_bit(key: u32) -> usize {
    // Fibonacci hashing: the top 16 bits of the product.
    (key.wrapping_mul(0x9E37_79B9) >> 16) as usize
}

/// Whether `text[s..e]` is a whole word (or words); a plural "s" may follow when `plural`.
fn whole(text: &str, s: usize, e: usize, plural: bool) -> Option<usize> {
    if text[..s]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let mut end = e;
    if plural && text[e..].starts_with('s') {
        end += 1;
    }
    if text[end..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    Some(end)
}

fn separator(t: &Token) -> bool {
    matches!(t.text, "," | "and" | "or" | "&")
}

/// A word that reads as an adjective in a list before "diplomacy": "political, economic and
/// cultural diplomacy", "Party, people-to-people ... diplomacy". A noun ("trust and cultural
/// diplomacy") does not make a kind of diplomacy.
fn coordinable(t: &Token, lex: &NameLexicon) -> bool {
    let f = &t.folded;
    t.word
        && !lex.modifier_stop.contains(f)
        && (t.text.contains('-')
            || t.cap()
            || ["al", "ic", "ive", "ary", "ous", "ist"]
                .iter()
                .any(|s| f.ends_with(s)))
}

fn valid_modifier(t: &Token, lex: &NameLexicon) -> bool {
    t.word
        && t.text.len() >= 3
        && !lex.modifier_stop.contains(&t.folded)
        && !lex.nationalities.contains(t.text)
        && t.text.chars().all(|c| c.is_alphabetic() || c == '-')
}

/// "X diplomacy" phrases of one segment.
fn theme_phrases(seg: &Segment, names: &mut ThemeNames, out: &mut Vec<TopicMention>) {
    let lex = NameLexicon::get();
    let toks = &seg.tokens;
    // (first token, last token, mentions in `out`) of each phrase, to find lists. A
    // phrase's mentions are pushed one after another, and so are those of the phrases
    // after it: the mentions of a run of phrases are one range too.
    let mut found: Vec<(usize, usize, Range<usize>)> = Vec::new();
    for h in 1..toks.len() {
        let head = &toks[h];
        if !head.word || !head.tight || !lex.topic_heads.contains(&head.folded) {
            continue;
        }
        let m = &toks[h - 1];
        if !valid_modifier(m, lex) || head.credit {
            continue;
        }
        // Keep the capital of "Party diplomacy" mid-sentence; a sentence's first word or
        // a quoted phrase's loses it.
        let keep_case = h >= 2 && toks[h - 2].word && !toks[h - 2].cap() && m.cap();
        let head_lower = lowercase(head.text);
        let name = theme_name(m.text, keep_case, &head_lower);
        let mut aliases = Vec::new();
        let mut first = h - 1;
        if h >= 2 && toks[h - 1].tight && lex.nationalities.contains(toks[h - 2].text) {
            aliases.push(words2(toks[h - 2].text.to_string(), &name).into());
            first = h - 2;
        }
        let (name, key) = names.get(name);
        let group_start = out.len();
        out.push(TopicMention {
            key,
            name,
            kind: TopicKind::Theme,
            aliases,
            block: seg.block,
            start: toks[h - 1].start,
            end: head.end,
            weight: seg.weight,
            linkable: true,
        });
        // Coordinated modifiers before it.
        let mut k = first;
        loop {
            let mut j = k;
            let mut sep = false;
            while j > 0 && separator(&toks[j - 1]) {
                sep = true;
                j -= 1;
            }
            if !sep || j == 0 || !coordinable(&toks[j - 1], lex) {
                break;
            }
            // Followed by "diplomacy" itself: an explicit list item, found on its own.
            let w = &toks[j - 1];
            if toks
                .get(j)
                .is_some_and(|n| lex.topic_heads.contains(&n.folded))
            {
                break;
            }
            let sentence_start = j < 2 || ends_sentence(&toks[j - 2]) || !toks[j - 2].word;
            let name = theme_name(w.text, w.cap() && !sentence_start, &head_lower);
            let (name, key) = names.get(name);
            out.push(TopicMention {
                key,
                name,
                kind: TopicKind::Theme,
                aliases: Vec::new(),
                block: seg.block,
                start: w.start,
                end: w.end,
                weight: seg.weight,
                linkable: false,
            });
            k = j - 1;
        }
        found.push((k, h, group_start..out.len()));
    }
    // Phrases in one list ("Party diplomacy, State diplomacy, and people-to-people
    // diplomacy"): items of a long enumeration say less about the article.
    let mut i = 0;
    while i < found.len() {
        let mut j = i;
        while j + 1 < found.len()
            && found[j].1 + 1 < found[j + 1].0
            && toks[found[j].1 + 1..found[j + 1].0].iter().all(separator)
        {
            j += 1;
        }
        let members = found[i].2.start..found[j].2.end;
        if members.len() >= 3 {
            for m in &mut out[members] {
                m.weight *= 0.5;
            }
        }
        i = j + 1;
    }
}

/// The theme names of one article with their keys, each made once: an article repeats its
/// phrases, and the mentions of one share its name.
#[derive(Default)]
struct ThemeNames(Vec<(Arc<str>, Arc<str>)>);

impl ThemeNames {
    /// The shared name and key for `name`.
    fn get(&mut self, name: String) -> (Arc<str>, Arc<str>) {
        if let Some((shared, key)) = self.0.iter().find(|(n, _)| **n == *name) {
            return (shared.clone(), key.clone());
        }
        let key = topic_key(&name);
        let name: Arc<str> = name.into();
        // Most names are their own key ("cultural diplomacy"): one string for both.
        let key = if *key == *name {
            name.clone()
        } else {
            key.into()
        };
        self.0.push((name.clone(), key.clone()));
        (name, key)
    }
}

/// `word` in lower case; ASCII (nearly every word) without the Unicode tables, and not
/// copied when it is lower case already.
fn lowercase(word: &str) -> Cow<'_, str> {
    if !word.is_ascii() {
        Cow::Owned(word.to_lowercase())
    } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// The name of a theme phrase: its modifier (lower-cased unless `keep_case`), a space
/// and its head, made in one allocation.
fn theme_name(modifier: &str, keep_case: bool, head_lower: &str) -> String {
    let modifier = if keep_case {
        Cow::Borrowed(modifier)
    } else {
        lowercase(modifier)
    };
    let mut name = String::with_capacity(modifier.len() + 1 + head_lower.len());
    name.push_str(&modifier);
    name.push(' ');
    name.push_str(head_lower);
    name
}

/// `first` and `second` with a space between, built on `first` (`format!` costs several
/// times more, and the rules make many such names).
fn words2(mut first: String, second: &str) -> String {
    first.reserve(1 + second.len());
    first.push(' ');
    first.push_str(second);
    first
}

fn ordinal_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\d+(st|nd|rd|th)$").expect("valid ordinal pattern"))
}

fn ordinal(t: &Token, lex: &NameLexicon) -> bool {
    t.word && (ordinal_re().is_match(&t.folded) || lex.ordinals.contains(&t.folded))
}

/// Named events and their series: "the 29th Diplomatic Conference", "Diplomatic Conference
/// 29th", "the National Diplomatic Conference".
fn events(seg: &Segment, out: &mut Vec<TopicMention>) {
    let lex = NameLexicon::get();
    let toks = &seg.tokens;
    for h in 1..toks.len() {
        if !toks[h].cap() || !lex.event_heads.contains(toks[h].text) || toks[h].credit {
            continue;
        }
        // "the 13th Party Congress Resolution", "Congress' Resolution": a document named
        // after the event, not the event.
        if toks.get(h + 1).is_some_and(|n| {
            n.tight && ((n.cap() && n.text != "on") || matches!(n.text, "'" | "’"))
        }) {
            continue;
        }
        let mut s = h;
        while s > 0
            && toks[s].tight
            && toks[s - 1].cap()
            && !lex.function_words.contains(&toks[s - 1].folded)
            && !ordinal(&toks[s - 1], lex)
            && h - s < 5
        {
            s -= 1;
        }
        if s == h {
            continue;
        }
        let mut e = h + 1;
        // "National Conference on Foreign Affairs"
        if toks.get(e).is_some_and(|t| t.tight && t.text == "on") {
            let mut k = e + 1;
            while toks
                .get(k)
                .is_some_and(|t| t.tight && t.cap() && !lex.event_heads.contains(t.text))
            {
                k += 1;
            }
            if k > e + 1 {
                e = k;
            }
        }
        let series_text = &seg.text[toks[s].start..toks[e - 1].end];
        let words: Vec<&Token> = toks[s..e].iter().filter(|t| t.word).collect();
        let mut q = 0;
        while q + 2 < words.len() + 1
            && words.len() - q > 2
            && lex.event_qualifiers.contains(&words[q].folded)
        {
            q += 1;
        }
        let name = seg.text[words[q].start..toks[e - 1].end].to_string();
        let before = (s > 0 && toks[s].tight && ordinal(&toks[s - 1], lex)).then(|| &toks[s - 1]);
        let after = toks
            .get(e)
            .filter(|t| t.tight && ordinal(t, lex) && ordinal_re().is_match(&t.folded));
        let mut aliases = Vec::new();
        if name != series_text {
            aliases.push(series_text.to_string());
        }
        let (mut start, mut end) = (toks[s].start, toks[e - 1].end);
        if let Some(o) = before.or(after) {
            aliases.push(words2(o.text.to_string(), series_text));
            if before.is_some() {
                start = o.start;
            } else {
                end = o.end;
            }
        }
        out.push(TopicMention {
            key: topic_key(&name).into(),
            name: name.into(),
            kind: TopicKind::Event,
            aliases: aliases.into_iter().map(Arc::from).collect(),
            block: seg.block,
            start,
            end,
            weight: seg.weight,
            linkable: true,
        });
    }
}

fn definition_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\(([A-Z]{2,10})(s?)\)").expect("valid acronym pattern"))
}

fn quoted_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"["“‘]([A-Za-z][a-z-]+(?: [a-z][a-z-]*){1,2})[.,]?["”’]"#)
            .expect("valid quote pattern")
    })
}

/// Acronyms defined in the text: the words before "(FTAs)" whose initials spell it.
fn definitions(seg: &Segment, out: &mut Vec<(String, String)>) {
    let small = ["of", "and", "for", "the", "on", "in", "to", "&"];
    if !seg.has_parenthesis {
        return;
    }
    for c in definition_re().captures_iter(seg.text) {
        let acr = c.get(1).expect("group").as_str();
        let open = c.get(0).expect("match").start();
        let letters: Vec<char> = acr.to_lowercase().chars().collect();
        // Words before the parenthesis, nearest first.
        let words: Vec<&Token> = seg
            .tokens
            .iter()
            .filter(|t| t.end <= open)
            .rev()
            .take_while(|t| t.word || t.text == "-")
            .filter(|t| t.word)
            .take(letters.len() * 2 + 2)
            .collect();
        let mut initials: Vec<char> = Vec::new();
        let mut used = 0;
        for (n, w) in words.iter().enumerate() {
            if small.contains(&w.text) {
                continue;
            }
            let parts: Vec<char> = w
                .text
                .split('-')
                .filter_map(|p| p.chars().next())
                .flat_map(char::to_lowercase)
                .collect();
            for p in parts.into_iter().rev() {
                initials.insert(0, p);
            }
            used = n + 1;
            if initials.len() >= letters.len() {
                break;
            }
        }
        if initials == letters && used > 0 {
            let first = words[used - 1];
            let last = words[0];
            out.push((acr.to_string(), seg.text[first.start..last.end].to_string()));
        }
    }
}

fn quoted(seg: &Segment, out: &mut Vec<String>) {
    let lex = NameLexicon::get();
    // Most blocks quote nothing (the tokenizer saw whether this one does).
    if !seg.has_quote {
        return;
    }
    for c in quoted_re().captures_iter(seg.text) {
        let phrase = c.get(1).expect("group").as_str();
        let words: Vec<String> = phrase.split(' ').map(fold).collect();
        let (first, last) = (&words[0], &words[words.len() - 1]);
        if lex.topic_heads.contains(last)
            || lex.function_words.contains(first)
            || lex.function_words.contains(last)
            || lex.modifier_stop.contains(last)
        {
            continue;
        }
        out.push(lowercase(phrase).into_owned());
    }
}

/// Proposes the topics of one article, and what it defines or quotes.
pub fn scan(segments: &[Segment], known: &Known) -> Scan {
    let mut s = Scan::default();
    let mut theme_names = ThemeNames::default();
    for seg in segments {
        theme_phrases(seg, &mut theme_names, &mut s.mentions);
        events(seg, &mut s.mentions);
        definitions(seg, &mut s.definitions);
        quoted(seg, &mut s.quoted);
        let text = seg.text;
        let credits = &seg.credits;
        let credited = |at: usize| credits.iter().any(|&(s, e)| s <= at && at < e);
        let mut long_names = Vec::new();
        let acronym = |(acr, long, key): &(Arc<str>, Arc<str>, Arc<str>), start, end| {
            if whole(text, start, end, false).is_some() && !credited(start) {
                s.mentions.push(TopicMention {
                    key: key.clone(),
                    name: acr.clone(),
                    kind: TopicKind::Organisation,
                    aliases: vec![long.clone()],
                    block: seg.block,
                    start,
                    end,
                    weight: seg.weight,
                    linkable: true,
                });
            }
        };
        known.find(seg, acronym, |m| long_names.push(m));
        for m in long_names {
            let (key, name, kind) = &known.long_of[m.pattern().as_usize()];
            if let Some(end) = whole(text, m.start(), m.end(), true)
                && !credited(m.start())
            {
                let written = &text[m.start()..end];
                s.mentions.push(TopicMention {
                    key: key.clone(),
                    name: name.clone(),
                    kind: *kind,
                    aliases: if written != &**name {
                        vec![written.into()]
                    } else {
                        Vec::new()
                    },
                    block: seg.block,
                    start: m.start(),
                    end,
                    weight: seg.weight,
                    linkable: true,
                });
            }
        }
    }
    s
}

/// An acronym some article defines: its topic's key, long form and kind.
struct Defined {
    key: Arc<str>,
    long: Arc<str>,
    acronym: Arc<str>,
    kind: TopicKind,
}

/// What the corpus defines and quotes, found again in every article.
pub struct TopicCorpus {
    /// Defined acronyms (case-sensitive) and their long forms (any case).
    acronyms: Option<AhoCorasick>,
    /// Per pattern of `acronyms`: what it stands for.
    acronym_of: Vec<Defined>,
    longs: Option<AhoCorasick>,
    /// Per pattern of `longs`: its key, aliases (the acronym, and its plural) and kind.
    long_of: Vec<(Arc<str>, [Arc<str>; 2], TopicKind)>,
    concepts: Option<AhoCorasick>,
    /// Per pattern of `concepts`: the phrase and its key.
    concept_of: Vec<(Arc<str>, Arc<str>)>,
}

impl TopicCorpus {
    pub fn learn(scans: &[Scan]) -> TopicCorpus {
        let lex = NameLexicon::get();
        let orgs: FxHashSet<&str> = lex.organisations.iter().map(|(a, _)| a.as_str()).collect();
        // Acronym → long form by folded key, most used first.
        let mut defs: BTreeMap<String, BTreeMap<String, (usize, String)>> = BTreeMap::new();
        for (acr, long) in scans.iter().flat_map(|s| &s.definitions) {
            if orgs.contains(acr.as_str()) {
                continue;
            }
            let e = defs
                .entry(acr.clone())
                .or_default()
                .entry(topic_key(long))
                .or_insert((0, long.clone()));
            e.0 += 1;
        }
        let (mut acronym_pats, mut acronym_of) = (Vec::new(), Vec::new());
        let (mut long_pats, mut long_of) = (Vec::new(), Vec::new());
        for (acr, longs) in &defs {
            let (key, (_, long)) = longs
                .iter()
                .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)))
                .expect("one long form at least");
            let last = long.rsplit([' ', '-']).next().unwrap_or(long);
            let singular = last.strip_suffix('s').unwrap_or(last);
            let kind = if lex.org_heads.contains(last)
                || lex.org_heads.contains(singular)
                || long.split(' ').any(|w| lex.org_heads.contains(w))
            {
                TopicKind::Organisation
            } else {
                TopicKind::Theme
            };
            let key: Arc<str> = key.as_str().into();
            let acr_shared: Arc<str> = acr.as_str().into();
            // Both forms of the acronym name the topic.
            let acr_forms = [acr_shared.clone(), format!("{acr}s").into()];
            acronym_pats.push(acr.as_str());
            acronym_of.push(Defined {
                key: key.clone(),
                long: long.as_str().into(),
                acronym: acr_shared,
                kind,
            });
            long_pats.push(long.as_str());
            long_of.push((key.clone(), acr_forms.clone(), kind));
            // The singular of a plural long form is the same topic.
            if let Some(sing) = long.strip_suffix('s') {
                long_pats.push(sing);
                long_of.push((key, acr_forms, kind));
            }
        }
        // A concept is a phrase the corpus quotes more than once: one quote is a quote,
        // a phrase set in quotes again and again is a term.
        let mut quoted: BTreeMap<&str, usize> = BTreeMap::new();
        for q in scans.iter().flat_map(|s| &s.quoted) {
            *quoted.entry(q.as_str()).or_default() += 1;
        }
        let concept_of: Vec<(Arc<str>, Arc<str>)> = quoted
            .into_iter()
            .filter(|(_, n)| *n >= 2)
            .map(|(q, _)| (q.into(), topic_key(q).into()))
            .collect();
        let build = |pats: Vec<&str>, nocase: bool| {
            (!pats.is_empty()).then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(nocase)
                    .build(pats)
                    .expect("patterns build an automaton")
            })
        };
        TopicCorpus {
            acronyms: build(acronym_pats, false),
            longs: build(long_pats, true),
            concepts: build(concept_of.iter().map(|(q, _)| &**q).collect(), true),
            acronym_of,
            long_of,
            concept_of,
        }
    }

    /// Adds the mentions of what the corpus defined and quoted.
    pub fn find(&self, segments: &[Segment], mentions: &mut Vec<TopicMention>) {
        for seg in segments {
            let text = seg.text;
            let credits = &seg.credits;
            let mut push = |key: &Arc<str>, name: Arc<str>, aliases: Vec<Arc<str>>, kind, s, e| {
                // "VNA/VNS Photo", "Source: VNA": a credit, not a mention.
                if credits.iter().any(|&(cs, ce)| cs <= s && s < ce) {
                    return;
                }
                mentions.push(TopicMention {
                    key: key.clone(),
                    name,
                    kind,
                    aliases,
                    block: seg.block,
                    start: s,
                    end: e,
                    weight: seg.weight,
                    linkable: true,
                })
            };
            if let Some(ac) = &self.acronyms {
                for m in ac.find_iter(text) {
                    let d = &self.acronym_of[m.pattern().as_usize()];
                    // "(FTAs)" right after its long form is that same mention.
                    let defining = text[..m.start()].ends_with('(');
                    if let Some(end) = whole(text, m.start(), m.end(), true)
                        && !defining
                    {
                        push(
                            &d.key,
                            d.long.clone(),
                            vec![d.acronym.clone(), text[m.start()..end].into()],
                            d.kind,
                            m.start(),
                            end,
                        );
                    }
                }
            }
            if let Some(ac) = &self.longs {
                for m in ac.find_iter(text) {
                    let (key, acr_forms, kind) = &self.long_of[m.pattern().as_usize()];
                    if let Some(end) = whole(text, m.start(), m.end(), true) {
                        let written = &text[m.start()..end];
                        let aliases = acr_forms.to_vec();
                        push(key, written.into(), aliases, *kind, m.start(), end);
                    }
                }
            }
            if let Some(ac) = &self.concepts {
                for m in ac.find_iter(text) {
                    let (phrase, key) = &self.concept_of[m.pattern().as_usize()];
                    if let Some(end) = whole(text, m.start(), m.end(), true) {
                        let written = &text[m.start()..end];
                        let alias = (fold(written) != fold(phrase)).then(|| written.into());
                        push(
                            key,
                            phrase.clone(),
                            alias.into_iter().collect(),
                            TopicKind::Theme,
                            m.start(),
                            end,
                        );
                    }
                }
            }
        }
    }
}

/// Organisations and events named in one enumeration ("ASEAN, UN, APEC, and ...") are
/// each a small part of what the article says: three or more in a row weigh half.
/// Themes have their own lists (see `theme_phrases`).
pub fn enumerations(segments: &[Segment], mentions: &mut [TopicMention]) {
    let mut order: Vec<usize> = (0..mentions.len())
        .filter(|&i| mentions[i].kind != TopicKind::Theme && mentions[i].linkable)
        .collect();
    order.sort_by_key(|&i| (mentions[i].block, mentions[i].start));
    let only_separators = |text: &str| {
        text.split(|c: char| c.is_whitespace() || c == ',')
            .all(|w| w.is_empty() || matches!(w, "and" | "or" | "&"))
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in order {
        let m = &mentions[i];
        let joins = groups.last().and_then(|g| g.last()).is_some_and(|&p| {
            let prev = &mentions[p];
            prev.block == m.block
                && prev.end <= m.start
                && segments
                    .iter()
                    .find(|s| s.block == m.block)
                    .is_some_and(|s| only_separators(&s.text[prev.end..m.start]))
        });
        if joins {
            groups.last_mut().expect("a group").push(i);
        } else {
            groups.push(vec![i]);
        }
    }
    for g in groups.into_iter().filter(|g| g.len() >= 3) {
        for i in g {
            mentions[i].weight *= 0.5;
        }
    }
}

/// Merges one article's mentions into topics, in first-mention order, each with the
/// first part of its score (see `rank`): how much the article mentions it, its weighted
/// mentions made sub-linear so one topic repeated does not crowd out the rest.
pub fn tally(mentions: &[TopicMention]) -> Vec<TopicFound> {
    /// One topic while its mentions are added up, borrowing from them.
    struct Tally<'m> {
        first: &'m TopicMention,
        weight: f32,
        /// Each name used, with how often: a handful at most.
        names: Vec<(&'m str, usize)>,
        aliases: Vec<&'m str>,
        spans: Vec<Span>,
        /// Where each mention counted is: (block, start). A handful per topic.
        places: Vec<(Option<usize>, usize)>,
    }
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    let mut tallies: Vec<Tally> = Vec::new();
    for m in mentions {
        let at = *index.entry(&m.key).or_insert_with(|| {
            tallies.push(Tally {
                first: m,
                weight: 0.0,
                names: Vec::new(),
                aliases: Vec::new(),
                spans: Vec::new(),
                places: Vec::new(),
            });
            tallies.len() - 1
        });
        let t = &mut tallies[at];
        // One place in the text is one mention, whichever rule found it.
        if t.places.contains(&(m.block, m.start)) {
            continue;
        }
        t.places.push((m.block, m.start));
        t.weight += m.weight;
        match t.names.iter_mut().find(|(name, _)| **name == *m.name) {
            Some((_, count)) => *count += 1,
            None => t.names.push((&m.name, 1)),
        }
        for a in &m.aliases {
            if !t.aliases.contains(&&**a) {
                t.aliases.push(a);
            }
        }
        if m.linkable
            && let Some(block) = m.block
        {
            t.spans.push(Span {
                block,
                start: m.start,
                end: m.end,
            });
        }
    }
    tallies
        .into_iter()
        .map(|mut t| {
            t.names.sort_unstable_by(|a, b| a.0.cmp(b.0));
            // The name most used here; the others are aliases.
            let name = t
                .names
                .iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                .map_or(&*t.first.name, |(best, _)| best);
            for (other, _) in &t.names {
                if *other != name && !t.aliases.contains(other) {
                    t.aliases.push(other);
                }
            }
            t.aliases.retain(|a| *a != name);
            let w = t.weight;
            let tf = if w >= 1.0 { 1.0 + w.ln() } else { w };
            t.spans.sort();
            TopicFound {
                key: t.first.key.to_string(),
                name: name.to_string(),
                kind: t.first.kind,
                aliases: t.aliases.iter().map(|a| a.to_string()).collect(),
                score: tf,
                spans: t.spans,
            }
        })
        .collect()
}

/// Scores one article's topics (as `tally` made them) by how much the article is about
/// each: how much it mentions it times its rarity across the corpus (`df`: articles with
/// the topic, of `n`); strongest first.
pub fn rank(topics: &mut [TopicFound], df: &FxHashMap<String, usize>, n: usize) {
    // Rarity, smoothed as if every topic were in PRIOR more of PRIOR more articles: a
    // handful of articles says little about what is rare.
    const PRIOR: f32 = 10.0;
    for t in topics.iter_mut() {
        let d = df.get(&t.key).copied().unwrap_or(1).max(1) as f32;
        t.score *= (1.0 + (n as f32 + PRIOR) / (d + PRIOR)).ln();
    }
    topics.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.key.cmp(&b.key)));
}
