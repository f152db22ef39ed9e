//! People: full names (Vietnamese by their shape, foreign ones by the role that introduces
//! them), the roles given to them, and short forms resolved to a full name.
//!
//! Recognition runs in two passes. `scan` reads one article and proposes mentions; `resolve`
//! then decides with what the whole corpus teaches (a two-syllable name is a person when some
//! article introduces it with a role; "Mr. Trong" resolves to the one Trong the corpus knows).

use super::lexicon::{NameLexicon, WordSet, vietnamese_syllable};
use super::tokens::Token;
use super::{PersonFound, Segment, Span};
use crate::slug::fold;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

/// A name the corpus knows apart from the rules: epithets ("Uncle Ho") and the aliases of
/// `content/people` pages. Words are folded.
#[derive(Debug, Clone)]
pub struct KnownForm {
    pub words: Vec<String>,
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NameForm {
    /// A full name. `strong`: a person by itself (three syllables or more, or introduced by a
    /// role); otherwise only when the corpus has it as a person elsewhere.
    Full { strong: bool, foreign: bool },
    /// One given name ("Son", "FM Son"); `titled` when a role or honorific comes before it.
    Short { given: String, titled: bool },
    /// A known form ("Uncle Hồ") of the person `key`.
    Known { name: String },
}

#[derive(Debug, Clone)]
pub struct PersonMention {
    pub block: Option<usize>,
    pub start: usize,
    pub end: usize,
    /// The name as written (without the title).
    pub text: String,
    /// The form as written with its title, for short forms ("FM Son"); `None` when it is
    /// `text` (nearly always: every article's mentions are held until `resolve`).
    pub titled_form: Option<String>,
    /// Folded full name for `Full` and `Known`.
    pub key: String,
    pub roles: Vec<String>,
    pub kind: NameForm,
    /// What made it a person ("honorific Mr", "given name in list: Jane").
    pub evidence: Vec<String>,
}

impl PersonMention {
    /// The form as written, with its title for a titled short form.
    fn form(&self) -> &str {
        self.titled_form.as_deref().unwrap_or(&self.text)
    }
}

/// What the corpus knows about people after every article was scanned.
pub struct PeopleCorpus {
    /// Keys of people that some article names strongly, with a spelling.
    strong: FxHashMap<String, String>,
    /// Folded given name → the strong keys that end with it.
    given: FxHashMap<String, Vec<String>>,
    /// Names introduced as foreign; "President Xi" may name them by their first word, as
    /// Chinese and Korean family names come first.
    foreign_keys: FxHashSet<String>,
    /// First word → the foreign keys of more than one word starting with it, so a short
    /// form finds them without going through every foreign name of the corpus.
    foreign_by_first: FxHashMap<String, Vec<String>>,
    /// Foreign names introduced by a role somewhere, found again where no role precedes.
    /// First word as written → (name as written, key), longest first: looking up each
    /// word of a text costs far less than an automaton of thousands of names.
    foreign: FxHashMap<String, Vec<(String, String)>>,
    /// Per first byte of a key of `foreign`, a bit per length of the key's leading run of
    /// letters and digits (lengths past 63 share the last bit): most words of a text start
    /// no foreign name, and are turned away by it before their first word is hashed.
    foreign_runs: Box<[u64; 256]>,
    /// No foreign name's first byte is one `lower_or_punctuation` takes: text may then be
    /// passed over eight bytes at a time (see `next_foreign_start`).
    starts_skippable: bool,
}

fn connector(t: &Token) -> bool {
    matches!(
        t.text,
        "of" | "and" | "the" | "for" | "on" | "in" | "to" | "&"
    )
}

/// The role phrase right before token `i` (exclusive), never reaching back past `floor`.
/// Returns the phrase and the token where it starts.
fn role_before(
    toks: &[Token],
    text: &str,
    i: usize,
    floor: usize,
    lex: &NameLexicon,
) -> Option<String> {
    let mut j = i;
    while j > floor && toks[j].tight {
        let t = &toks[j - 1];
        let ok = if t.word {
            t.cap()
                || connector(t)
                || lex.is_role(t.text)
                || t.text == "s"
                || lower_title_word(t, lex)
                || qualifies_role(toks, j - 1, lex)
        } else {
            // A possessive inside a role: "Party Central Committee’s Commission".
            (t.text == "’" || t.text == "'") && toks.get(j).is_some_and(|n| n.text == "s")
        };
        if !ok || t.credit {
            break;
        }
        j -= 1;
    }
    // Trim what opens the phrase without being part of the role: connectors, possessive
    // pieces, and capitalised words that are no title word ("Welcoming President X").
    // (A word in capitals is an acronym, "ZDF", unless a word that opens sentences set
    // in capitals: "AS Opposition Leader X said".)
    let titleish = |t: &Token| {
        lex.is_role(t.text)
            || lex.nationalities.contains(t.text)
            || lex.title_words.contains(t.text)
            || t.all_caps() && !lex.not_name.contains(&capitalised(t.text))
    };
    // A capitalised word inside a sentence right before a title word names the institution
    // with it ("White House veteran", "Brookings Institution fellow"): part of the role.
    let institution = |k: usize| {
        let t = &toks[k];
        t.name_like()
            && !sentence_start(toks, k)
            && !lex.not_name.contains(t.text)
            && toks
                .get(k + 1)
                .is_some_and(|n| n.tight && lex.title_words.contains(n.text))
    };
    while j < i
        && !(toks[j].word
            && (lex.is_role(toks[j].text)
                || toks[j].cap() && titleish(&toks[j])
                || lower_title_word(&toks[j], lex)
                || qualifies_role(toks, j, lex)
                || institution(j)))
    {
        j += 1;
    }
    // "the office of Communications Minister X": what comes before "of" is the role's
    // only when it holds a role word ("Secretary of State X").
    if let Some(of) = (j..i).rev().find(|&k| toks[k].word && toks[k].text == "of")
        && !(j..of).any(|k| toks[k].word && lex.is_role(toks[k].text))
        && of + 1 < i
    {
        j = of + 1;
    }
    let mut end = i;
    // A title of address right before the name is no part of the role ("chemist Sir X").
    while end > j
        && (connector(&toks[end - 1])
            || !toks[end - 1].word
            || lex.honorifics.contains(toks[end - 1].text) && end - 1 > j)
    {
        end -= 1;
    }
    // The phrase ends with a role word or with its place ("Minister of Foreign Affairs"):
    // "Justice Department" names an institution, not the person's role.
    let last_role = (j..end)
        .rev()
        .find(|&k| toks[k].word && lex.is_role(toks[k].text))?;
    let placed = last_role + 1 == end
        || toks[last_role + 1].word
            && matches!(toks[last_role + 1].text, "of" | "for" | "to" | "on");
    if !placed {
        return None;
    }
    Some(text[toks[j].start..toks[end - 1].end].to_string())
}

/// Whether token `k` qualifies the role word or title word right after it ("former
/// security chief", "press secretary"), or another such word before one ("former press
/// secretary").
fn qualifies_role(toks: &[Token], k: usize, lex: &NameLexicon) -> bool {
    let mut n = k;
    while toks
        .get(n)
        .is_some_and(|t| t.word && lex.role_modifiers.contains(t.text))
    {
        n += 1;
    }
    n > k
        && toks
            .get(n)
            .is_some_and(|t| t.word && t.tight && (lex.is_role(t.text) || lower_title_word(t, lex)))
}

/// A word with a capital first letter and small letters after it ("AS" → "As").
pub(crate) fn capitalised(w: &str) -> String {
    if w.is_ascii() {
        // Nearly every word: ASCII case mapping is the Unicode one there, and costs a
        // tenth of mapping and collecting character by character (~800 instructions).
        let mut out = w.to_ascii_lowercase();
        if let Some(first) = out.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        return out;
    }
    let mut c = w.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// A title word written in lower case ("foreign" in "foreign minister").
fn lower_title_word(t: &Token, lex: &NameLexicon) -> bool {
    let b = t.text.as_bytes();
    if b.is_empty() || !b[0].is_ascii_lowercase() || b.len() > 20 {
        return false;
    }
    let mut title = [0u8; 20];
    title[..b.len()].copy_from_slice(b);
    title[0] = title[0].to_ascii_uppercase();
    std::str::from_utf8(&title[..b.len()]).is_ok_and(|w| lex.title_words.contains(w))
}

/// A role in apposition after the name ending at token `i` (exclusive): "Bui Thanh Son,
/// Minister of Foreign Affairs, said".
fn role_after(toks: &[Token], text: &str, i: usize, lex: &NameLexicon) -> Option<String> {
    if toks.get(i).is_none_or(|t| t.text != ",") {
        return None;
    }
    let start = i + 1;
    let mut j = start;
    while j < toks.len() && toks[j].tight && j - start < 10 {
        let t = &toks[j];
        let title_word = t.cap()
            && (lex.is_role(t.text)
                || lex.nationalities.contains(t.text)
                || lex.title_words.contains(t.text)
                || lex.places.contains(&t.folded)
                || t.all_caps());
        if t.word && (title_word || connector(t)) {
            j += 1;
        } else if t.word && t.cap() {
            // Another name or an unknown word: not a plain role.
            return None;
        } else {
            break;
        }
    }
    let mut end = j;
    while end > start && connector(&toks[end - 1]) {
        end -= 1;
    }
    if end == start || !toks[start].cap() || !toks[start..end].iter().any(|t| lex.is_role(t.text)) {
        return None;
    }
    Some(text[toks[start].start..toks[end - 1].end].to_string())
}

/// Whether the run of words `[i, j)` stands where a place would: it is one, starts with
/// one, or names a city ("Ho Chi Minh" + "City") in a list of places.
fn place_like(toks: &[Token], i: usize, j: usize, lex: &NameLexicon) -> bool {
    let folded: Vec<&str> = toks[i..j].iter().map(|t| t.folded.as_ref()).collect();
    // One buffer for every phrase asked of the list.
    let mut phrase = String::new();
    // The words joined by spaces, then `suffix` words if any.
    let mut is_place = |words: &[&str], suffix: &[&str]| {
        phrase.clear();
        for (n, w) in words.iter().chain(suffix).enumerate() {
            if n > 0 {
                phrase.push(' ');
            }
            phrase.push_str(w);
        }
        lex.places.contains(&phrase)
    };
    // "Ha Long Bay", "Hoang Anh Gia Lai": a place at either end.
    for k in 2..=folded.len() {
        if is_place(&folded[..k], &[]) || is_place(&folded[folded.len() - k..], &[]) {
            return true;
        }
    }
    if !is_place(&folded, &["city"]) {
        return false;
    }
    let sep = |t: &Token| matches!(t.text, "," | "and" | "or" | "to" | "&");
    let place_at = |from: usize, forward: bool| -> bool {
        (1..=lex.place_words).any(|k| {
            let range = if forward {
                from..(from + k).min(toks.len())
            } else {
                from.saturating_sub(k - 1)..from + 1
            };
            let words: Vec<&str> = toks[range].iter().map(|t| t.folded.as_ref()).collect();
            words.len() == k && lex.places.contains(&words.join(" "))
        })
    };
    (i >= 2 && sep(&toks[i - 1]) && place_at(i - 2, false))
        || (j + 1 < toks.len() && sep(&toks[j]) && place_at(j + 1, true))
}

/// A block holding only a few capitalised words is a byline or a credit, not a mention.
/// So is a short block opening with "By", "Translated by", "Story:" and the like.
fn byline(toks: &[Token], lex: &NameLexicon) -> bool {
    // Only short blocks can be bylines: stop counting past eight words.
    let mut words = 0;
    let mut all_names = true;
    let mut first: Option<&Token> = None;
    for t in toks.iter().filter(|t| t.word) {
        words += 1;
        if words > 8 {
            return false;
        }
        first.get_or_insert(t);
        all_names &= t.cap() && !lex.roles.contains(t.text);
    }
    let Some(first) = first else {
        return false;
    };
    let names_only = words <= 4 && all_names;
    let credited = matches!(
        first.folded.as_ref(),
        "by" | "translated" | "reported" | "written" | "story" | "text" | "reporter"
    );
    names_only || credited
}

fn known_at<'k>(toks: &[Token], i: usize, known: &'k KnownForms) -> Option<(&'k KnownForm, usize)> {
    let forms = known.get(&toks[i].folded)?;
    forms
        .iter()
        .filter_map(|f| {
            let mut j = i;
            for (n, w) in f.words.iter().enumerate() {
                // Skip punctuation inside the form ("Mr." is one token already).
                while j < toks.len() && !toks[j].word {
                    j += 1;
                }
                if j >= toks.len() || toks[j].folded != *w || (n > 0 && !toks[j].tight) {
                    return None;
                }
                j += 1;
            }
            Some((f, j))
        })
        .max_by_key(|(f, _)| f.words.len())
}

/// Proposes the person mentions of one article.
pub fn scan(segments: &[Segment], known: &KnownForms) -> Vec<PersonMention> {
    let lex = NameLexicon::get();
    let mut found = Found::default();
    for seg in segments {
        if seg.prose && byline(&seg.tokens, lex) {
            continue;
        }
        let mut s = SegmentScan {
            seg,
            toks: &seg.tokens,
            text: seg.text,
            lex,
            floor: 0,
            names_only: seg.caption && names_only(&seg.tokens, lex),
        };
        let mut i = 0;
        while i < s.toks.len() {
            i = s.step(i, known, &mut found);
        }
    }
    let Found {
        mut mentions,
        candidates,
    } = found;
    married_names(&mut mentions);
    settle(&mut mentions, &candidates, segments);
    mentions
}

/// A married name given with the birth name once ("Ruth Halvorsen, née Brandt") is that
/// person wherever the article uses it ("Ruth Halvorsen recalls").
fn married_names(mentions: &mut [PersonMention]) {
    let married: Vec<(String, String, String)> = mentions
        .iter()
        .filter_map(|m| match &m.kind {
            NameForm::Known { name } if m.evidence.iter().any(|e| e.starts_with("birth name ")) => {
                Some((fold(&m.text), m.key.clone(), name.clone()))
            }
            _ => None,
        })
        .collect();
    for (married_key, key, name) in married {
        for m in mentions.iter_mut() {
            if matches!(m.kind, NameForm::Full { .. }) && m.key == married_key {
                m.evidence.push(format!("birth name {name}"));
                m.key = key.clone();
                m.kind = NameForm::Known { name: name.clone() };
            }
        }
    }
}

/// What `scan` proposes: every mention, and which of them are runs of name words waiting
/// for the evidence of the whole article.
#[derive(Default)]
struct Found {
    mentions: Vec<PersonMention>,
    candidates: Vec<Candidate>,
}

/// One segment while `scan` reads it.
struct SegmentScan<'s, 'a> {
    seg: &'s Segment<'a>,
    toks: &'s [Token<'a>],
    text: &'a str,
    lex: &'static NameLexicon,
    /// Role phrases never reach back into the previous name: the token past it.
    floor: usize,
    /// A caption holding only names ("Jane Roe, John Doe"): the people in the picture.
    names_only: bool,
}

/// What comes right before a name: the role phrase and the title of address, if any.
struct Title<'a> {
    role: Option<String>,
    honorific: Option<&'a str>,
}

impl Title<'_> {
    fn none(&self) -> bool {
        self.role.is_none() && self.honorific.is_none()
    }
}

impl<'s, 'a> SegmentScan<'s, 'a> {
    /// Reads from token `i`; returns the token to read next.
    fn step(&mut self, i: usize, known: &KnownForms, found: &mut Found) -> usize {
        let t = &self.toks[i];
        if !t.word || t.credit {
            return i + 1;
        }
        if t.cap()
            && let Some(next) = self.known_form(i, known, found)
        {
            return next;
        }
        if !t.name_like() {
            return i + 1;
        }
        if self.lex.family.contains(&t.folded)
            && vietnamese_syllable(&t.folded)
            && let Some(next) = self.vietnamese(i, found)
        {
            return next;
        }
        self.other_name(i, found)
    }

    fn mention(
        &self,
        start: usize,
        end: usize,
        roles: Vec<String>,
        key: String,
        kind: NameForm,
    ) -> PersonMention {
        let toks = self.toks;
        PersonMention {
            block: self.seg.block,
            start: toks[start].start,
            end: toks[end - 1].end,
            text: self.text[toks[start].start..toks[end - 1].end].to_string(),
            titled_form: None,
            key,
            roles,
            kind,
            evidence: Vec::new(),
        }
    }

    /// Whether token `k` carries a name on: a capitalised word on the same line.
    fn continues(&self, k: usize) -> bool {
        let toks = self.toks;
        k < toks.len() && toks[k].tight && toks[k].name_like() && !toks[k].credit
    }

    /// Whether the name ending before token `j` is part of a longer proper noun: another
    /// capitalised word, or a word heading places and firms ("City", "University").
    fn runs_on(&self, j: usize) -> bool {
        self.continues(j)
            || self
                .toks
                .get(j)
                .is_some_and(|n| n.tight && self.lex.blockers.contains(&n.folded))
    }

    /// The roles before token `i` and after token `j` (exclusive).
    fn roles_around(&self, i: usize, j: usize) -> Vec<String> {
        let mut roles: Vec<String> = role_before(self.toks, self.text, i, self.floor, self.lex)
            .into_iter()
            .collect();
        roles.extend(role_after(self.toks, self.text, j, self.lex));
        roles
    }

    /// A form a person page or the epithet list gave ("Bui Thanh Son", "Uncle Ho") at
    /// token `i`: still a name in a sentence, so part of a longer proper noun or a place it
    /// is not, and the roles around it are the person's, as for any other name.
    fn known_form(&mut self, i: usize, known: &KnownForms, found: &mut Found) -> Option<usize> {
        let (form, j) = known_at(self.toks, i, known)?;
        if self.runs_on(j) || place_like(self.toks, i, j, self.lex) {
            return None;
        }
        let roles = self.roles_around(i, j);
        let mut m = self.mention(
            i,
            j,
            roles,
            form.key.clone(),
            NameForm::Known {
                name: form.name.clone(),
            },
        );
        m.evidence = vec![format!(
            "known form {}",
            &self.text[self.toks[i].start..self.toks[j - 1].end]
        )];
        found.mentions.push(m);
        self.floor = j;
        Some(j)
    }

    /// A Vietnamese name at token `i`: a family name, then capitalised syllables. `None`
    /// when only one syllable is there (it may open a name of another kind).
    fn vietnamese(&mut self, i: usize, found: &mut Found) -> Option<usize> {
        let (toks, lex) = (self.toks, self.lex);
        let mut j = i + 1;
        while self.continues(j)
            && vietnamese_syllable(&toks[j].folded)
            && !lex.blockers.contains(&toks[j].folded)
        {
            j += 1;
        }
        let n = j - i;
        if n < 2 {
            return None;
        }
        // Followed by another capitalised word: part of a longer proper noun ("Ho Chi Minh
        // City", "Ho Chi Minh Thought", "Nguyen Du University").
        if n > 4 || self.runs_on(j) || place_like(toks, i, j, lex) {
            return Some(j);
        }
        let roles = self.roles_around(i, j);
        let speaks = |k: usize| {
            toks.get(k)
                .is_some_and(|t| t.tight && lex.speech_verbs.contains(&t.folded))
        };
        let strong = n >= 3 || !roles.is_empty() || speaks(j) || (i > 0 && speaks(i - 1));
        let mut evidence = vec![["Vietnamese family name ", toks[i].text].concat()];
        if n >= 3 {
            evidence.push(format!("{n} syllables"));
        }
        evidence.extend(roles.iter().map(|r| ["role: ", r.as_str()].concat()));
        if let Some(v) = [j, i.wrapping_sub(1)].into_iter().find(|&k| speaks(k)) {
            evidence.push(["speech verb ", toks[v].text].concat());
        }
        let key = fold(&self.text[toks[i].start..toks[j - 1].end]);
        let mut m = self.mention(
            i,
            j,
            roles,
            key,
            NameForm::Full {
                strong,
                foreign: false,
            },
        );
        m.evidence = evidence;
        found.mentions.push(m);
        self.floor = j;
        Some(j)
    }

    /// What comes right before token `i`: a role word, an honorific, or a title word or a
    /// country ending a longer role ("Secretary of State", "President of Laos").
    fn title_before(&self, i: usize) -> Title<'a> {
        let (toks, lex) = (self.toks, self.lex);
        let prev = (i > 0 && toks[i].tight).then(|| &toks[i - 1]);
        let titled = prev.is_some_and(|p| {
            p.word
                && (lex.is_role(p.text)
                    || lex.honorifics.contains(p.text)
                    || lex.title_words.contains(p.text)
                    || lex.places.contains(&p.folded))
        });
        Title {
            role: titled
                .then(|| role_before(toks, self.text, i, self.floor, lex))
                .flatten(),
            honorific: prev
                .filter(|p| p.word && lex.honorifics.contains(p.text))
                .map(|p| p.text),
        }
    }

    /// A name of any other origin at token `i`: a lone word ("Son", "Mr. Trong") or a run
    /// of name words, when nothing shows it is part of a longer proper noun.
    fn other_name(&mut self, i: usize, found: &mut Found) -> usize {
        let (toks, lex) = (self.toks, self.lex);
        let t = &toks[i];
        // A word that heads names of places and firms ("Park", "Bank") may still open
        // a name ("Park Ji-hoon"); after a name it never belongs to one.
        if lex.not_name.contains(t.text) && !month_opens_name(toks, i, lex) {
            return i + 1;
        }
        let title = self.title_before(i);
        // A capitalised word before is part of a longer phrase, unless it is a word that
        // opens the sentence and never a name ("As Jane Roe explains").
        let prev = (i > 0 && t.tight).then(|| &toks[i - 1]);
        let part_of_run = prev.is_some_and(|p| {
            p.word
                && p.cap()
                && !(p.text != "The"
                    && lex.not_name.contains(p.text)
                    && sentence_start(toks, i - 1))
        }) && title.none();
        let Some(run) = name_run(toks, i, lex) else {
            return i + 1;
        };
        // A name word or the head of an organisation after the run ("Pacific Halibut
        // Commission"): the run is part of a longer proper noun.
        let longer = self.continues(run.end)
            && (lex.blockers.contains(&toks[run.end].folded)
                || lex.org_heads.contains(toks[run.end].text)
                || !lex.not_name.contains(toks[run.end].text));
        if part_of_run || longer {
            // Inside a longer capitalised phrase: an organisation, a title, a headline.
            // Step one word only: a Vietnamese name may start inside it ("Continuing Ho
            // Chi Minh's ideology").
            return i + 1;
        }
        let blocker = lex.blockers.contains(&t.folded);
        if blocker && run.parts > 1 && title.none() {
            // "Project Jonah", "Park Lane": a name opened by such a word needs a title.
            return i + 1;
        }
        if run.parts == 1 {
            if lex.places.contains(&t.folded) || blocker && title.none() {
                return i + 1;
            }
            return self.lone_word(i, run, title, found);
        }
        self.full_run(i, run, title, found)
    }

    /// A lone given or family name, maybe titled: "Son", "FM Son", "Mr. Trong".
    fn lone_word(&mut self, i: usize, run: Run, title: Title, found: &mut Found) -> usize {
        let (toks, lex) = (self.toks, self.lex);
        let t = &toks[i];
        let roles: Vec<String> = title
            .role
            .clone()
            .or_else(|| {
                title
                    .honorific
                    .filter(|h| !lex.courtesy.contains(h))
                    .map(str::to_string)
            })
            .into_iter()
            .collect();
        let written_title = title.role.or_else(|| title.honorific.map(str::to_string));
        // "de Blasio": a lower-case particle before a family name is part of it.
        let from = if i > 0
            && toks[i - 1].word
            && t.tight
            && toks[i - 1].text.starts_with(|c: char| c.is_lowercase())
            && lex.particles.contains(toks[i - 1].text)
        {
            i - 1
        } else {
            i
        };
        let mut m = self.mention(
            from,
            run.end,
            roles,
            String::new(),
            NameForm::Short {
                given: t.folded.to_string(),
                titled: written_title.is_some(),
            },
        );
        if let Some(r) = &written_title
            && honorific_or_short(r)
        {
            m.titled_form = Some([r, " ", t.text].concat());
        }
        if let Some(v) = speech_after(toks, run.end, lex) {
            // "Parata says": the word names someone who speaks.
            m.evidence.push(["speech verb ", v].concat());
        }
        found.mentions.push(m);
        // An untitled word alone ("of Ennahda") may be anything: a role before the next
        // name may still reach back over it ("The leader of Ennahda, X").
        if written_title.is_some() {
            self.floor = run.end;
        }
        run.end
    }

    /// A run of two to five name words from token `i`: weighs the evidence it names a
    /// person, and proposes it as a candidate.
    fn full_run(&mut self, i: usize, run: Run, title: Title, found: &mut Found) -> usize {
        let (toks, lex) = (self.toks, self.lex);
        let start = run.start;
        if start > i && i > 0 && toks[i - 1].word && toks[i - 1].folded == "the" {
            return run.end;
        }
        // A title before a sentence-opening word that is no part of the name is not its.
        let (role, honorific) = if start > i {
            (None, None)
        } else {
            (title.role, title.honorific)
        };
        let role = role.or_else(|| {
            (honorific.is_none() && start >= 2 && toks[start - 1].text == ",")
                .then(|| role_before_comma(toks, self.text, start - 1, self.floor, lex))
                .flatten()
        });
        let Some(mut weighed) = weigh(self.seg, start, run, role, honorific, lex) else {
            return run.end;
        };
        if self.names_only {
            weighed
                .evidence
                .push("caption naming only people".to_string());
        }
        let inner_vietnamese = toks[start + 1..run.end]
            .iter()
            .any(|t| lex.family.contains(&t.folded) && vietnamese_syllable(&t.folded));
        if weighed.evidence.is_empty() && (inner_vietnamese || self.seg.headline) {
            // Nothing here says it is a person: step one word only, as a Vietnamese name
            // may start inside ("Continuing Ho Chi Minh's ideology"). (The rest of the
            // article may still say so: "Mr Roe" later.)
            return i + 1;
        }
        let key = fold(&self.text[toks[start].start..toks[run.end - 1].end]);
        if let Some(born) = birth_name(toks, start, run, self.text) {
            // "Ruth Halvorsen, née Brandt": the married name is a form of the birth name.
            let mut m = self.mention(
                start,
                run.end,
                weighed.roles,
                fold(&born),
                NameForm::Known { name: born.clone() },
            );
            m.evidence = weighed.evidence;
            m.evidence.push(format!("birth name {born}"));
            found.mentions.push(m);
            self.floor = run.end;
            return run.end;
        }
        let mut m = self.mention(
            start,
            run.end,
            weighed.roles,
            key,
            NameForm::Full {
                strong: false,
                foreign: true,
            },
        );
        m.evidence = weighed.evidence;
        if let Some(h) = honorific {
            // "Sir Alan Whitcombe": a form of the name too.
            m.titled_form = Some([h, " ", &m.text].concat());
        }
        found.candidates.push(Candidate {
            at: found.mentions.len(),
        });
        found.mentions.push(m);
        self.floor = run.end;
        run.end
    }
}

/// A run of name words found by `name_run`.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// The first name word (after a sentence-initial word that is no name, if any).
    start: usize,
    /// Past the last name word.
    end: usize,
    /// Name words and initials.
    parts: usize,
    /// Initials between two name words ("Martin J. Okoro").
    middle_initial: bool,
    /// The token index of the first and the last name word (not initials).
    first_word: Option<usize>,
    last_word: usize,
    /// A particle inside ("van", "de", "bin").
    particle: Option<usize>,
}

/// Whether token `k` is a word of a name: capitalised like one and on no list of words that
/// never are ("The", "Minister", "Street"), or a hyphenated family name with a lower-case
/// prefix ("al-Bashir").
fn name_word(toks: &[Token], k: usize, lex: &NameLexicon) -> bool {
    let t = &toks[k];
    if !t.word || t.credit {
        return false;
    }
    if t.name_like() {
        // "President-elect", "Attorney-General": a role, however it is capitalised. A
        // capital second letter before small ones ("LYnch", "THe") is a typing slip or a
        // play on words; names put a capital inside only after a prefix ("McCain", "DeVos").
        return !(odd_capitals(t.text)
            || lex.not_name.contains(t.text)
            || lex.blockers.contains(&t.folded)
            || t.text.contains('-') && lex.is_role(t.text));
    }
    lex.name_prefixes.iter().any(|p| {
        t.text.len() > p.len()
            && t.text.starts_with(p.as_str())
            && t.text[p.len()..].starts_with(|c: char| c.is_uppercase())
    })
}

/// A capital second letter followed by small letters: "LYnch", "THe".
fn odd_capitals(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() > 2 && b[1].is_ascii_uppercase() && b[2..].iter().any(u8::is_ascii_lowercase)
}

/// Past the initials at token `k` ("R.R.", "J.", "H.W."), if any: single capitals each
/// followed right away by a dot.
fn initials_end(toks: &[Token], k: usize, lex: &NameLexicon) -> Option<usize> {
    // Inside a longer abbreviation ("U.S." read from its "S"): no initials.
    if k > 0 && toks[k - 1].text == "." && toks[k - 1].end == toks[k].start {
        return None;
    }
    let mut j = k;
    while let (Some(t), Some(dot)) = (toks.get(j), toks.get(j + 1)) {
        let letter = t.word && t.text.len() == 1 && t.text.as_bytes()[0].is_ascii_uppercase();
        if !(letter
            && dot.text == "."
            && dot.start == t.end
            && (j == k || t.start == toks[j - 1].end || t.tight))
        {
            break;
        }
        j += 2;
    }
    if j == k {
        return None;
    }
    // "U.S.", "U.K.": a country, not a person's initials.
    let written: String = toks[k..j].iter().map(|t| t.text).collect();
    (!lex.nationalities.contains(&written) && !lex.places.contains(&fold(&written))).then_some(j)
}

/// The run of name words starting at token `i`: name words, initials and particles inside
/// ("Ludwig van Beethoven", "George R.R. Martin", "Omar Hassan al-Bashir"), on one line.
fn name_run(toks: &[Token], i: usize, lex: &NameLexicon) -> Option<Run> {
    let mut k = i;
    let mut parts = 0;
    let mut words = 0;
    let mut first_word = None;
    let mut last_word = None;
    let mut middle_initial = false;
    let mut particle_at = None;
    let mut end = i;
    loop {
        if k >= toks.len() || (k > i && !toks[k].tight) {
            break;
        }
        if let Some(e) = initials_end(toks, k, lex) {
            middle_initial |= words > 0;
            parts += 1;
            k = e;
            continue;
        }
        // A word heading names of places and firms may open a name ("Park Ji-hoon").
        let opening = k == i
            && toks[k].word
            && toks[k].name_like()
            && (lex.blockers.contains(&toks[k].folded) && !lex.not_name.contains(toks[k].text)
                || month_opens_name(toks, k, lex));
        if opening || name_word(toks, k, lex) {
            parts += 1;
            words += 1;
            first_word.get_or_insert(k);
            last_word = Some(k);
            k += 1;
            end = k;
            if words == 5 {
                break;
            }
            continue;
        }
        let particle = words > 0
            && toks[k].word
            && lex.particles.contains(toks[k].text)
            && toks.get(k + 1).is_some_and(|n| n.tight)
            && (name_word(toks, k + 1, lex)
                || lex.particles.contains(toks[k + 1].text)
                    && toks.get(k + 2).is_some_and(|n| n.tight)
                    && name_word(toks, k + 2, lex));
        if particle {
            particle_at.get_or_insert(k);
            k += 1;
            continue;
        }
        break;
    }
    let last_word = last_word?;
    // A letter alone is an initial or a cut-off word ("B.S", a reader's "S"), never the
    // last word of a name.
    if toks[last_word].text.chars().count() < 2 {
        return None;
    }
    // Initials after the last name word belong to the next thing ("Smith J. said").
    let middle_initial = middle_initial && (first_word? < last_word);
    let mut run = Run {
        start: i,
        end,
        parts,
        middle_initial,
        first_word,
        last_word,
        particle: particle_at,
    };
    // A capitalised word opening a sentence before a given name is no part of the name:
    // "Scientists Ellen Smith said" (but "Ellen Smith" is).
    let given = |k: usize| lex.given_names.contains(&toks[k].folded);
    let sentence_start = i == 0
        || !toks[i].tight
        || matches!(
            toks[i - 1].text,
            "." | "!" | "?" | "\"" | "“" | ":" | ";" | "("
        );
    // So are they in a line in headline case ("Dress Melania Roe"), unless a family
    // name on the lists.
    let opener = sentence_start || !lex.surnames.contains(&toks[i].folded);
    if opener
        && words >= 3
        && first_word == Some(i)
        && !given(i)
        && name_word(toks, i + 1, lex)
        && given(i + 1)
    {
        run.parts -= 1;
        run.start = i + 1;
        run.first_word = Some(i + 1);
    }
    Some(run)
}

/// What `weigh` found for a run of name words.
struct Weighed {
    evidence: Vec<String>,
    roles: Vec<String>,
}

/// Evidence at or above this makes a person by itself; below it, the run is one only
/// when the corpus names it so elsewhere.
const PERSON: f32 = 2.0;

/// A run of name words waiting for the evidence of the whole article.
struct Candidate {
    /// Index of its mention in the article's mentions.
    at: usize,
}

/// Weighs the evidence that the run `run` of `seg` (from `start`) names a person: the
/// role or honorific before it (`role`, `honorific`), a role or an age after it, a verb of
/// saying next to it, a pronoun after it, its given name on a public list. `None` when it
/// names a place or an organisation built like a name.
fn weigh(
    seg: &Segment,
    start: usize,
    run: Run,
    role: Option<String>,
    honorific: Option<&str>,
    lex: &NameLexicon,
) -> Option<Weighed> {
    let toks = &seg.tokens;
    let text = seg.text;
    let end = run.end;
    if not_a_person(seg, start, end, role.is_some(), lex) {
        return None;
    }
    let mut evidence = Vec::new();
    let mut roles = Vec::new();
    // In a title or a line set in headline case every word is capitalised, and runs of
    // words run into each other ("Senator Blasts Jane Roe"): only a short run with a role
    // or a title of address before it is taken there.
    let headline = seg.block.is_none() || seg.headline;
    let given = run
        .first_word
        .is_some_and(|f| f == start && lex.given_names.contains(&toks[f].folded));
    if headline && (role.is_none() && honorific.is_none() || run.parts > 3 || !given) {
        return Some(Weighed {
            evidence: Vec::new(),
            roles: Vec::new(),
        });
    }
    if let Some(r) = role {
        evidence.push(["role before: ", &r].concat());
        roles.push(r);
    }
    if let Some(h) = honorific {
        evidence.push(["honorific ", h].concat());
        if !lex.courtesy.contains(h) && roles.is_empty() {
            roles.push(h.to_string());
        }
    }
    if let Some(r) =
        role_after(toks, text, end, lex).or_else(|| appositive_role(toks, text, end, lex))
    {
        evidence.push(["role after: ", &r].concat());
        roles.push(r);
    }
    if let Some(age) = age_after(toks, end) {
        evidence.push(format!("age {age}"));
    }
    let speech = toks
        .get(end)
        .filter(|t| t.tight && t.word && lex.speech_verbs.contains(&t.folded))
        .or_else(|| {
            (start > 0)
                .then(|| &toks[start - 1])
                .filter(|t| t.word && lex.speech_verbs.contains(&t.folded))
        });
    if let Some(v) = speech {
        evidence.push(["speech verb ", v.text].concat());
    }
    // "Jane Roe, playing the detective X": an actor, a real person (the character is not).
    let after_comma = if toks.get(end).is_some_and(|t| t.text == ",") {
        end + 1
    } else {
        end
    };
    if let Some(v) = toks
        .get(after_comma)
        .filter(|t| t.tight && t.word && lex.fictional_cues.contains(&t.folded))
        .filter(|_| toks.get(after_comma + 1).is_some_and(|n| n.tight))
    {
        evidence.push(format!("plays a part: {}", v.text));
    }
    if !headline {
        evidence.extend(name_evidence(toks, start, run, lex));
    }
    Some(Weighed { evidence, roles })
}

/// Whether the run of name words `[start, end)` of `seg` names a place, an organisation,
/// a thing or a character rather than a person. `titled`: a role comes before it.
fn not_a_person(seg: &Segment, start: usize, end: usize, titled: bool, lex: &NameLexicon) -> bool {
    let toks = &seg.tokens;
    if place_like(toks, start, end, lex) {
        return true;
    }
    let folded = fold(&seg.text[toks[start].start..toks[end - 1].end]);
    if lex.places.contains(&folded) || lex.not_people.contains(&folded) {
        return true;
    }
    // "Goldman Sachs Group", "Wall Street Journal": a firm or a place with one more word.
    let first_two: String = folded.split(' ').take(2).collect::<Vec<_>>().join(" ");
    if first_two.len() < folded.len()
        && (lex.not_people.contains(&first_two) || lex.places.contains(&first_two))
    {
        return true;
    }
    // "a Royal Something", "the Lincoln Something": a thing, not a person.
    if start > 0
        && toks[start - 1].tight
        && matches!(toks[start - 1].text, "a" | "an" | "the")
        && !titled
    {
        return true;
    }
    // "playing the chaos theorist Ian Malcolm": a character, not a person.
    if toks[start.saturating_sub(4)..start]
        .iter()
        .any(|t| t.word && lex.fictional_cues.contains(&t.folded))
    {
        return true;
    }
    false
}

/// What the run of name words `run` (from `start`) and the words after it say of a
/// person: a given name or a family name on the public lists, initials, a particle, a
/// relative pronoun ("Jane Roe, who"), a personal pronoun soon after.
fn name_evidence(toks: &[Token], start: usize, run: Run, lex: &NameLexicon) -> Vec<String> {
    let end = run.end;
    let mut evidence = Vec::new();
    if let Some(f) = run.first_word
        && f == start
        && lex.given_names.contains(&toks[f].folded)
    {
        evidence.push(["given name in list: ", toks[f].text].concat());
    } else if run.first_word != Some(start) {
        evidence.push("initials".to_string());
    }
    if run.middle_initial {
        evidence.push("middle initial".to_string());
    }
    if let Some(p) = run.particle {
        evidence.push(["particle ", toks[p].text].concat());
    }
    let last = &toks[run.last_word];
    if lex.surnames.contains(&last.folded) {
        // Worth more with a given name from the lists too: both halves are names.
        let label = if evidence.iter().any(|e| e.starts_with("given ")) {
            "family name in list"
        } else {
            "surname-list"
        };
        evidence.push([label, ": ", last.text].concat());
    }
    if toks.get(end).is_some_and(|t| t.text == ",")
        && toks
            .get(end + 1)
            .is_some_and(|t| t.text == "who" || t.text == "whose")
    {
        evidence.push(["relative pronoun ", toks[end + 1].text].concat());
    }
    if let Some(p) = toks[end..]
        .iter()
        .take(40)
        .find(|t| t.word && lex.pronouns.contains(&t.folded))
    {
        evidence.push(["pronoun ", p.text].concat());
    }
    evidence
}

/// An age in apposition after a name ending at token `i`: "Jane Roe, 43, of Leeds".
fn age_after(toks: &[Token], i: usize) -> Option<u32> {
    let (comma, n) = (toks.get(i)?, toks.get(i + 1)?);
    if comma.text != "," || !n.word {
        return None;
    }
    let age: u32 = n.text.parse().ok()?;
    let closes = toks
        .get(i + 2)
        .is_none_or(|t| matches!(t.text, "," | ")" | "." | ";"));
    ((1..=115).contains(&age) && closes).then_some(age)
}

/// Whether token `k` is the apostrophe of a possessive ("Acme’s").
fn possessive_at(toks: &[Token], k: usize) -> bool {
    let t = &toks[k];
    !t.word && (t.text == "’" || t.text == "'") && toks.get(k + 1).is_some_and(|n| n.text == "s")
}

/// Past role words in a row from token `k`: "chief executive", "co-founder and CEO".
fn role_words_end(toks: &[Token], k: usize, lex: &NameLexicon) -> usize {
    let mut e = k;
    loop {
        match toks.get(e) {
            Some(t) if t.word && t.tight && lex.is_role(t.text) => e += 1,
            Some(t)
                if t.word
                    && t.text == "and"
                    && e > k
                    && toks
                        .get(e + 1)
                        .is_some_and(|n| n.word && lex.is_role(n.text)) =>
            {
                e += 1
            }
            _ => return e,
        }
    }
}

/// Whether a role word is the plural of another ("leaders", "ministers").
fn plural_role(word: &str, lex: &NameLexicon) -> bool {
    word.len() > 3 && word.ends_with('s') && lex.is_role(&word[..word.len() - 1])
}

/// A role in lower case in apposition after a name ending at token `i`: "Jane Roe, a
/// professor at Leeds University," or "John Doe, Acme's chief executive, said".
fn appositive_role(toks: &[Token], text: &str, i: usize, lex: &NameLexicon) -> Option<String> {
    if toks.get(i).is_none_or(|t| t.text != ",") {
        return None;
    }
    let mut start = i + 1;
    if toks
        .get(start)
        .is_some_and(|t| matches!(t.text, "a" | "an" | "the" | "now"))
    {
        start += 1;
    }
    // Up to the role word: an organisation, its possessive, modifiers ("senior policy").
    let mut j = start;
    let role_end = loop {
        let t = toks.get(j)?;
        if !t.tight || j - start > 6 {
            return None;
        }
        if t.word && lex.is_role(t.text) {
            // A plural role ("few foreign leaders") describes no one person.
            if plural_role(t.text, lex) {
                return None;
            }
            break role_words_end(toks, j, lex);
        }
        let stop = t.word
            && (matches!(
                t.folded.as_ref(),
                "who" | "which" | "that" | "whose" | "when" | "where" | "and" | "or"
            ) || lex.speech_verbs.contains(&t.folded));
        if stop || !(t.word || possessive_at(toks, j) || t.text == "-") {
            return None;
        }
        j += 1;
    };
    let mut end = role_end;
    match toks.get(end) {
        // "of X", "at X": the place of the role, in capitalised words.
        Some(n) if n.word && matches!(n.text, "of" | "at" | "for" | "in" | "with" | "on") => {
            let mut k = end + 1;
            while let Some(t) = toks.get(k) {
                if k - end > 12 || !t.tight {
                    break;
                }
                let stop = t.word
                    && (matches!(
                        t.folded.as_ref(),
                        "who" | "which" | "that" | "whose" | "when" | "where" | "since"
                    ) || lex.speech_verbs.contains(&t.folded));
                let part = t.word && !stop
                    || possessive_at(toks, k)
                    || t.word && t.text == "s" && k > 0 && possessive_at(toks, k - 1);
                if !part {
                    break;
                }
                k += 1;
            }
            end = k;
        }
        // "the philosopher Jane Roe": the role of another person named next.
        Some(n) if n.word && n.cap() => return None,
        _ => {}
    }
    while end > start && (connector(&toks[end - 1]) || !toks[end - 1].word) {
        end -= 1;
    }
    (end > start).then(|| text[toks[start].start..toks[end - 1].end].to_string())
}

/// A role before a comma right before a name: "the Prime Minister’s security adviser,
/// Jane Roe" or "The leader of the party, John Doe"; `comma` is the comma's token.
fn role_before_comma(
    toks: &[Token],
    text: &str,
    comma: usize,
    floor: usize,
    lex: &NameLexicon,
) -> Option<String> {
    let mut j = comma;
    let mut role_at = None;
    while j > floor && comma - j < 10 {
        let t = &toks[j - 1];
        if t.word {
            if matches!(
                t.folded.as_ref(),
                "the" | "a" | "an" | "his" | "her" | "its" | "their" | "our" | "by" | "with"
            ) || !t.tight
            {
                break;
            }
            if role_at.is_none() && lex.is_role(t.text) {
                role_at = Some(j - 1);
            }
        } else if !possessive_at(toks, j - 1) {
            break;
        }
        j -= 1;
    }
    let role_at = role_at?;
    // After the role word only its place: "of the party", "at Acme".
    let tail_ok = toks[role_at + 1..comma]
        .iter()
        .all(|t| t.word && (t.cap() || connector(t) || lex.is_role(t.text) || t.text == "at"));
    if !tail_ok || j >= comma {
        return None;
    }
    while j < role_at && (connector(&toks[j]) || !toks[j].word) {
        j += 1;
    }
    Some(text[toks[j].start..toks[comma - 1].end].to_string())
}

/// Names in a list ("A, B and C"): a plural role before the first is every one's
/// ("ministers Jane Roe and John Doe"), and a given name listed with other names counts.
fn share_lists(
    out: &mut [PersonMention],
    candidates: &[Candidate],
    segments: &[Segment],
    lex: &NameLexicon,
) {
    for w in candidates.windows(2) {
        let (a, b) = (&out[w[0].at], &out[w[1].at]);
        if a.block != b.block || a.end > b.start {
            continue;
        }
        let Some(seg) = segments.iter().find(|s| s.block == a.block) else {
            continue;
        };
        let between = seg.text[a.end..b.start].trim();
        if !matches!(between, "," | "and" | ", and" | "&") {
            continue;
        }
        let plural = a.roles.iter().find(|r| {
            r.rsplit(' ').next().is_some_and(|last| {
                last.len() > 3
                    && last.ends_with('s')
                    && lex.roles.contains(last)
                    && lex.roles.contains(&last[..last.len() - 1])
            })
        });
        let plural = plural.cloned();
        let b = &mut out[w[1].at];
        if let Some(role) = plural
            && b.roles.is_empty()
        {
            b.evidence.push(format!("role before: {role}"));
            b.roles.push(role);
        }
        // A given name in a list of names: "Jane Roe, John Doe and Ann Poe".
        for at in [w[0].at, w[1].at] {
            let label = "listed with other names".to_string();
            let given = out[at].evidence.iter().any(|e| e.starts_with("given "));
            if given && !out[at].evidence.contains(&label) {
                out[at].evidence.push(label);
            }
        }
    }
}

/// Each candidate key's score, with the kinds of evidence counted (once each), after the
/// words of each name used alone elsewhere in the article are added to its evidence.
fn evidence_totals(
    out: &mut [PersonMention],
    candidates: &[Candidate],
    lex: &NameLexicon,
) -> FxHashMap<String, (f32, Vec<String>)> {
    let alone: Vec<Alone> = out
        .iter()
        .filter_map(|m| match &m.kind {
            NameForm::Short { given, titled } => Some(Alone {
                word: given.clone(),
                form: m.form().to_string(),
                titled: *titled,
                speaks: m.evidence.iter().any(|e| e.starts_with("speech ")),
            }),
            _ => None,
        })
        .collect();
    let mut totals: FxHashMap<String, (f32, Vec<String>)> = FxHashMap::default();
    for c in candidates {
        let m = &mut out[c.at];
        let e = totals.entry(m.key.clone()).or_default();
        if e.1.is_empty() {
            let found = alone_later(&m.key, &alone, lex);
            m.evidence.extend(found);
        }
        for label in &m.evidence {
            let kind = label.split([':', ' ']).next().unwrap_or(label);
            if !e.1.iter().any(|k| k == kind) {
                e.1.push(kind.to_string());
                e.0 += label_weight(label);
            }
        }
    }
    totals
}

/// Settles the candidates of one article with what the whole article says: a surname
/// used alone elsewhere ("Parata says") counts; names in a list share a plural role
/// ("ministers Jane Roe and John Doe") and count each other; one name named twice sums its
/// evidence; a shorter run inside a longer one ("De Souza", "Paulo de Souza") is a
/// short form of it.
fn settle(out: &mut [PersonMention], candidates: &[Candidate], segments: &[Segment]) {
    if candidates.is_empty() {
        return;
    }
    let lex = NameLexicon::get();
    share_lists(out, candidates, segments, lex);
    let mut totals = evidence_totals(out, candidates, lex);
    // A shorter run that ends a longer one ("Bin Laden" for "Osama bin Laden") is the
    // surname alone too.
    let keys: Vec<(String, String)> = candidates
        .iter()
        .map(|c| (out[c.at].key.clone(), out[c.at].text.clone()))
        .collect();
    let mut later: Vec<(String, String)> = Vec::new();
    for (key, (score, kinds)) in totals.iter_mut() {
        if kinds.iter().any(|k| k == "surname" || k == "titled") {
            continue;
        }
        if let Some((_, text)) = keys.iter().find(|(short, _)| short_form_of(short, key)) {
            kinds.push("surname".to_string());
            *score += label_weight("surname");
            later.push((key.clone(), format!("surname alone later: {text}")));
        }
    }
    for (key, label) in later {
        if let Some(c) = candidates.iter().find(|c| out[c.at].key == key) {
            out[c.at].evidence.push(label);
        }
    }
    // Names met only in headings: on a whole page, mostly other stories' titles ("Jane
    // Roe Is the Queen of Instagram"). The name lists alone make no person there. A
    // heading that ends a sentence is prose set large (a pull quote): body all the same.
    let body_blocks: FxHashSet<usize> = segments
        .iter()
        .filter(|s| !s.heading || s.text.trim_end().ends_with(['.', '!', '?']))
        .filter_map(|s| s.block)
        .collect();
    let in_body: FxHashSet<&str> = candidates
        .iter()
        .map(|c| &out[c.at])
        .filter(|m| m.block.is_some_and(|b| body_blocks.contains(&b)))
        .map(|m| m.key.as_str())
        .collect();
    let strong: FxHashSet<&str> = totals
        .iter()
        .filter(|(key, (score, kinds))| {
            *score >= PERSON
                && (in_body.contains(key.as_str())
                    || kinds.iter().any(|k| !NAME_SHAPE_ONLY.contains(&k.as_str())))
        })
        .map(|(k, _)| k.as_str())
        .collect();
    // The spelling of each strong key, for the short forms that name it.
    let mut spelled: FxHashMap<String, String> = FxHashMap::default();
    for c in candidates {
        let m = &out[c.at];
        if strong.contains(m.key.as_str()) && !spelled.contains_key(&m.key) {
            spelled.insert(m.key.clone(), m.text.clone());
        }
    }
    let mut renamed: Vec<(usize, String, String)> = Vec::new();
    for c in candidates {
        let key = out[c.at].key.as_str();
        // A shorter run that ends a longer strong one here, or drops its middle name
        // ("De Souza", "Edmund Reyes" for "Edmund Harlow Reyes"), names that person.
        let mut longer = strong.iter().filter(|k| short_form_of(key, k));
        if let (Some(long), None) = (longer.next(), longer.next()) {
            renamed.push((c.at, long.to_string(), spelled[*long].clone()));
        }
    }
    let strong: FxHashSet<String> = strong.into_iter().map(str::to_string).collect();
    for (at, key, name) in renamed {
        let m = &mut out[at];
        m.evidence.push(format!("short form of {name}"));
        m.key = key;
        m.kind = NameForm::Known { name };
    }
    for c in candidates {
        let m = &mut out[c.at];
        if strong.contains(&m.key) && matches!(m.kind, NameForm::Full { .. }) {
            m.kind = NameForm::Full {
                strong: true,
                foreign: true,
            };
        }
    }
}

/// A word of a name used alone in the article (a `NameForm::Short` mention).
struct Alone {
    /// The word, folded.
    word: String,
    /// As written, with its title if any ("Mr Roe").
    form: String,
    titled: bool,
    /// A verb of saying follows it ("Roe said").
    speaks: bool,
}

/// The evidence that words of the name `key` (folded) are used alone in the article:
/// the surname ("Parata says"), the family name first after a title ("President Xi" for
/// Xi Jinping), the first name of someone who speaks ("Lupita told").
fn alone_later(key: &str, alone: &[Alone], lex: &NameLexicon) -> Vec<String> {
    let last = key.rsplit(' ').next().unwrap_or_default();
    let first = key.split(' ').next().unwrap_or_default();
    let (label, hit) = if let Some(a) = alone.iter().find(|a| a.titled && a.word == last) {
        // "Mr Obama", "President Obama": a title shows the word names a person.
        ("titled surname later", a)
    } else if let Some(a) = alone.iter().find(|a| a.word == last) {
        // A word that is also a given name ("Grace", "Bill") may stand alone for many
        // other things: it counts less.
        let label = if lex.given_names.contains(last) {
            "given-name alone later"
        } else {
            "surname alone later"
        };
        (label, a)
    } else if let Some(a) = alone.iter().find(|a| a.titled && a.word == first) {
        ("name first later", a)
    } else if let Some(a) = alone.iter().find(|a| a.speaks && a.word == first) {
        // Features call people by their first name ("Lupita told police"); a first
        // word alone counts only where it speaks, as a firm's first word may stand alone.
        ("first name alone later", a)
    } else {
        return Vec::new();
    };
    let mut evidence = vec![format!("{label}: {}", hit.form)];
    if hit.speaks {
        evidence.push(format!("speech verb after {}", hit.form));
    }
    evidence
}

/// Whether the folded name `short` is a short form of the folded name `long`: its last
/// words ("bin laden", "de miranda"), or its first and last words without the middle
/// ones ("edward lorenz" for "edward norton lorenz").
fn short_form_of(short: &str, long: &str) -> bool {
    if short.len() >= long.len() || !short.contains(' ') {
        return false;
    }
    let suffix = long.ends_with(short) && long.as_bytes()[long.len() - short.len() - 1] == b' ';
    let (Some((s_first, s_last)), Some((l_first, l_last))) =
        (short.split_once(' '), long.split_once(' '))
    else {
        return suffix;
    };
    let middle_dropped =
        !s_last.contains(' ') && s_first == l_first && l_last.rsplit(' ').next() == Some(s_last);
    suffix || middle_dropped
}

/// Kinds of evidence that say only that the words look like a name (on the name lists,
/// initials, a particle, next to other names) or that someone is near (a pronoun).
const NAME_SHAPE_ONLY: [&str; 8] = [
    "given",
    "family",
    "surname-list",
    "initials",
    "middle",
    "particle",
    "listed",
    "pronoun",
];

/// The weight `weigh` gave a piece of evidence, from its label.
fn label_weight(label: &str) -> f32 {
    let kind = label.split([':', ' ']).next().unwrap_or(label);
    match kind {
        "role" | "honorific" | "age" | "titled" | "caption" | "birth" => PERSON,
        // Organisations are rarely called by their last word alone; people are.
        "surname" => 1.5,
        "given" | "middle" | "speech" | "name" | "relative" | "family" | "particle" | "listed"
        | "first" | "plays" => 1.0,
        "pronoun" | "initials" | "surname-list" | "given-name" => 0.5,
        _ => 0.5,
    }
}

/// The evidence of a name found again where an article named it with other evidence.
const NAMED_ELSEWHERE: &str = "named so in another article";

/// The canonical form of a role as written, so one role reads one way on a person page:
/// short forms spelled out ("FM" → "Foreign Minister"), words in capitals in title case
/// ("MINISTER" → "Minister"), and a title made only of title words capitalised
/// ("foreign minister" → "Foreign Minister"). Other roles ("developer at Acme") stay as
/// written.
pub fn canonical_role(raw: &str, lex: &NameLexicon) -> String {
    let raw = raw.trim();
    if let Some(long) = lex.role_abbreviations.get(raw) {
        return long.clone();
    }
    let words: Vec<&str> = raw.split_whitespace().collect();
    let is_title_word = |w: &str| {
        // Most role words are written capitalised already: no copy for those.
        if lex.roles.contains(w) || lex.title_words.contains(w) || lex.nationalities.contains(w) {
            let written_capitalised = w.starts_with(|c: char| c.is_uppercase())
                && !w.chars().skip(1).any(char::is_uppercase);
            return lex.nationalities.contains(w)
                || written_capitalised && (lex.roles.contains(w) || lex.title_words.contains(w))
                || {
                    let t = capitalised(w);
                    lex.roles.contains(&t) || lex.title_words.contains(&t)
                };
        }
        let t = capitalised(w);
        t != w && (lex.roles.contains(&t) || lex.title_words.contains(&t))
    };
    // A title of office is capitalised: one role word ("president"), or role words with
    // the words of an institution ("foreign minister"); "Chinese leader" is a description.
    // A role whose head word describes ("security chief", "opposition leader") is no
    // title of office, however many title words go with it.
    let described = words
        .iter()
        .rev()
        .find(|w| lex.is_role(w) || lex.roles.contains(&capitalised(w)))
        .is_some_and(|head| lex.descriptive_roles.contains(&head.to_lowercase()));
    let pure_title = !described
        && words.iter().all(|w| {
            is_title_word(w)
                || lex.role_abbreviations.contains_key(*w)
                || matches!(*w, "of" | "and" | "for" | "the" | "to" | "on")
        })
        && words.iter().any(|w| lex.roles.contains(&capitalised(w)))
        && (words.len() == 1
            || words
                .iter()
                .any(|w| lex.title_words.contains(&capitalised(w))));
    let mut out = String::with_capacity(raw.len());
    for (n, w) in words.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        let shouted = w.len() > 2 && w.chars().all(|c| !c.is_lowercase()) && is_title_word(w);
        if let Some(long) = lex.role_abbreviations.get(*w).filter(|_| words.len() > 1) {
            out.push_str(long);
        } else if shouted || pure_title && is_title_word(w) && !lex.nationalities.contains(w) {
            out.push_str(&capitalised(w));
        } else {
            out.push_str(w);
        }
    }
    out
}

/// Whether a block's words are only names in a list ("Jane Roe, John Doe and Ann
/// Poe"), credits aside: each of two to four name words, and more than one name or a
/// first name on the public lists (a caption "Main Hall" names no one).
fn names_only(toks: &[Token], lex: &NameLexicon) -> bool {
    let mut names = 0;
    // Every name's first word is a given name on the lists.
    let mut given = true;
    // The first token and the number of words of the name being read.
    let mut first: Option<usize> = None;
    let mut words = 0;
    for k in 0..=toks.len() {
        let t = toks.get(k);
        if t.is_none_or(|t| matches!(t.text, "," | "and" | "&")) {
            let Some(f) = first.filter(|_| (2..=4).contains(&words)) else {
                return false;
            };
            names += 1;
            given &= lex.given_names.contains(&toks[f].folded);
            (first, words) = (None, 0);
        } else if !t.is_some_and(|t| t.credit) {
            if !name_word(toks, k, lex) {
                return false;
            }
            first.get_or_insert(k);
            words += 1;
        }
    }
    names > 1 || names == 1 && given
}

/// The birth name after the run of name words `run` ("Ruth Halvorsen, née Brandt" or "Ruth
/// Halvorsen (née Brandt)"): its first words, then the family name after "née".
fn birth_name(toks: &[Token], start: usize, run: Run, text: &str) -> Option<String> {
    let end = run.end;
    let opens = toks.get(end).is_some_and(|t| matches!(t.text, "," | "("));
    let nee = toks
        .get(end + 1)
        .is_some_and(|t| t.word && t.folded == "nee");
    let family = toks.get(end + 2).filter(|t| t.tight && t.name_like())?;
    if !opens || !nee || run.last_word <= start {
        return None;
    }
    let given = &text[toks[start].start..toks[run.last_word - 1].end];
    Some(format!("{given} {}", family.text))
}

/// Whether token `k` opens a sentence or a quotation: nothing before it on its line, or
/// a full stop, a colon, an opening quote or bracket right before.
fn sentence_start(toks: &[Token], k: usize) -> bool {
    k == 0
        || !toks[k].tight
        || matches!(
            toks[k - 1].text,
            "." | "!" | "?" | "\"" | "“" | ":" | ";" | "("
        )
}

/// Whether the month word at token `k` is a given name opening a name ("said Mar Delgado",
/// "April Ryan asked"): a name word follows it, and no word before places it in time.
fn month_opens_name(toks: &[Token], k: usize, lex: &NameLexicon) -> bool {
    let t = &toks[k];
    if !t.word || !lex.months.contains(t.text) {
        return false;
    }
    let followed = toks.get(k + 1).is_some_and(|n| {
        n.tight
            && n.name_like()
            && !lex.not_name.contains(n.text)
            && !lex.blockers.contains(&n.folded)
    });
    let dated =
        k > 0 && toks[k].tight && toks[k - 1].word && lex.time_words.contains(&toks[k - 1].folded);
    followed && !dated
}

/// The verb of saying right after token `k - 1` ("Roe said"), if any.
fn speech_after<'t>(toks: &'t [Token], k: usize, lex: &NameLexicon) -> Option<&'t str> {
    toks.get(k)
        .filter(|t| t.tight && t.word && lex.speech_verbs.contains(&t.folded))
        .map(|t| t.text)
}

/// A title short enough to make a form of the name with it ("FM Son", "Mr. Trong",
/// "Deputy PM Minh"); "Minister of Foreign Affairs Son" is not a form anyone uses.
fn honorific_or_short(role: &str) -> bool {
    role.split_whitespace().count() <= 2
}

impl PeopleCorpus {
    pub fn learn(scans: &[Vec<PersonMention>]) -> PeopleCorpus {
        let mut strong: FxHashMap<String, String> = FxHashMap::default();
        let mut foreign: BTreeMap<String, String> = BTreeMap::new();
        for m in scans.iter().flatten() {
            match &m.kind {
                NameForm::Full {
                    strong: true,
                    foreign: f,
                } => {
                    strong
                        .entry(m.key.clone())
                        .or_insert_with(|| m.text.clone());
                    if *f {
                        foreign.insert(m.text.clone(), m.key.clone());
                    }
                }
                NameForm::Known { name } => {
                    strong.entry(m.key.clone()).or_insert_with(|| name.clone());
                }
                _ => {}
            }
        }
        let foreign_keys: FxHashSet<String> = foreign.values().cloned().collect();
        let mut foreign_by_first: FxHashMap<String, Vec<String>> = FxHashMap::default();
        for key in &foreign_keys {
            if let Some((first, _)) = key.split_once(' ') {
                foreign_by_first
                    .entry(first.to_string())
                    .or_default()
                    .push(key.clone());
            }
        }
        let mut given: FxHashMap<String, Vec<String>> = FxHashMap::default();
        for key in strong.keys() {
            if let Some(last) = key.rsplit(' ').next() {
                given.entry(last.to_string()).or_default().push(key.clone());
            }
        }
        let mut by_first: FxHashMap<String, Vec<(String, String)>> = FxHashMap::default();
        for (name, key) in foreign {
            if let Some((first, _)) = name.split_once(' ') {
                by_first
                    .entry(first.to_string())
                    .or_default()
                    .push((name, key));
            }
        }
        for names in by_first.values_mut() {
            names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        }
        let foreign = by_first;
        let mut foreign_runs = Box::new([0u64; 256]);
        for first in foreign.keys() {
            if let Some(&b) = first.as_bytes().first() {
                foreign_runs[usize::from(b)] |= run_bit(alphanumeric_run(first, 0));
            }
        }
        let starts_skippable = (0..=255u8)
            .filter(|&b| lower_or_punctuation(b))
            .all(|b| foreign_runs[usize::from(b)] == 0);
        PeopleCorpus {
            strong,
            given,
            foreign_keys,
            foreign_by_first,
            foreign,
            foreign_runs,
            starts_skippable,
        }
    }

    /// Mentions of foreign names the corpus knows, where no role introduced them here.
    fn find_foreign(&self, segments: &[Segment], mentions: &mut Vec<PersonMention>) {
        if self.foreign.is_empty() {
            return;
        }
        // Not in titles and lines in headline case: menus and teasers of other stories.
        for seg in segments.iter().filter(|s| s.block.is_some() && !s.headline) {
            let text = seg.text;
            let bytes = text.as_bytes();
            let mut at = 0;
            // Each word start: the longest name known to begin with that word, if any.
            // A word whose first byte no foreign name has (most words: in lower case) is
            // passed over without finding its end; one whose run of letters is of no
            // length a foreign name's first run has, without hashing it.
            while let Some(s) = self.next_foreign_start(text, at) {
                let run_end = alphanumeric_run(text, s);
                let hit = (self.foreign_runs[usize::from(bytes[s])] & run_bit(run_end - s) != 0)
                    .then(|| {
                        let first_end = text[s..].find(' ').map_or(text.len(), |n| s + n);
                        self.foreign.get(&text[s..first_end])
                    })
                    .flatten()
                    .and_then(|names| {
                        names.iter().find(|(name, _)| {
                            text[s..].starts_with(name.as_str())
                                && text[s + name.len()..]
                                    .chars()
                                    .next()
                                    .is_none_or(|c| !c.is_alphanumeric())
                        })
                    });
                let Some((name, key)) = hit else {
                    at = run_end;
                    continue;
                };
                let e = s + name.len();
                at = e;
                let overlaps = mentions
                    .iter()
                    .any(|x| x.block == seg.block && x.start < e && s < x.end);
                if overlaps || seg.credits.iter().any(|&(cs, ce)| cs <= s && s < ce) {
                    continue;
                }
                mentions.push(PersonMention {
                    block: seg.block,
                    start: s,
                    end: e,
                    text: text[s..e].to_string(),
                    titled_form: None,
                    key: key.clone(),
                    roles: Vec::new(),
                    kind: NameForm::Full {
                        strong: true,
                        foreign: true,
                    },
                    evidence: vec![NAMED_ELSEWHERE.to_string()],
                });
            }
        }
    }
}

impl PeopleCorpus {
    /// Where the first run of letters and digits at or after byte `from` of `text` starts
    /// whose first byte starts a foreign name's first word. Looking at each byte for those
    /// first bytes alone (a table lookup) skips most words whole: finding each word's end
    /// first cost ~50 million instructions at 1,000 articles.
    fn next_foreign_start(&self, text: &str, from: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut at = from;
        loop {
            // Most of a text is words in lower case, spaces and punctuation, which start
            // no foreign name (names are capitalised): eight such bytes are passed over at
            // once, then the bytes of the next eight are looked up one by one.
            if self.starts_skippable {
                while let Some(chunk) = bytes.get(at..at + 8) {
                    let eight = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
                    if !all_lower_or_punctuation(eight) {
                        break;
                    }
                    at += 8;
                }
            }
            let end = bytes.len().min(at + 8);
            // A byte inside a character (0x80..0xC0) starts no name: the search never
            // stops inside one.
            let Some(found) = bytes
                .get(at..end)?
                .iter()
                .position(|&b| self.foreign_runs[usize::from(b)] != 0)
            else {
                if end == bytes.len() {
                    return None;
                }
                at = end;
                continue;
            };
            at += found;
            let starts_run = char_at(text, at).is_alphanumeric()
                && text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
            if starts_run {
                return Some(at);
            }
            at += 1;
        }
    }
}

/// The character starting at byte `at` of `text` (a character boundary), ASCII without
/// decoding.
#[inline]
fn char_at(text: &str, at: usize) -> char {
    let b = text.as_bytes()[at];
    if b.is_ascii() {
        char::from(b)
    } else {
        text[at..]
            .chars()
            .next()
            .unwrap_or(char::REPLACEMENT_CHARACTER)
    }
}

/// Where the run of letters and digits (`char::is_alphanumeric`) starting at byte `from` of
/// `text` ends. ASCII bytes (nearly all) are tested as bytes: for them the two tests agree.
#[inline]
fn alphanumeric_run(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            at += 1;
            continue;
        }
        let c = char_at(text, at);
        if !c.is_alphanumeric() {
            break;
        }
        at += c.len_utf8();
    }
    at
}

/// Whether byte `b` is an ASCII letter in lower case, white space, a control or
/// punctuation before the digits (`!"#$%&'()*+,-./`): no capitalised name starts with one.
fn lower_or_punctuation(b: u8) -> bool {
    b < 0x30 || b.is_ascii_lowercase()
}

/// Whether every byte of `eight` (eight bytes of text) is `lower_or_punctuation`, tested on
/// all eight at once: each byte is set apart by its high bit (`b | 0x80` minus a bound
/// borrows from that bit exactly when the byte is below the bound, and never from the
/// next byte).
fn all_lower_or_punctuation(eight: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let raised = eight | HIGH;
    let at_least = |bound: u64| (raised - ONES * bound) & HIGH;
    // Per byte, the high bit set when it is outside the ranges.
    let outside = (at_least(0x30) & !(at_least(0x61) & !at_least(0x7b))) | (eight & HIGH);
    outside == 0
}

/// The bit of a run's length in `PeopleCorpus::foreign_runs`.
fn run_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// People of one article while mentions are gathered, in first-mention order.
#[derive(Default)]
struct Gathered {
    people: Vec<PersonFound>,
    /// Key → index in `people`.
    index: FxHashMap<String, usize>,
    /// The folded name of each person, so a form is compared without folding the name
    /// again.
    folded_names: Vec<String>,
    /// Blocks that are teasers of other stories (`teaser_blocks`).
    teasers: FxHashSet<usize>,
    /// Whether each person is named outside the teasers: in the title or the story.
    in_story: Vec<bool>,
    /// Each role as written → `canonical_role` of it: an article gives the same roles
    /// again and again ("FM", "Minister of Foreign Affairs"), and making the canonical
    /// form costs several lookups and a copy per word.
    canonical_roles: FxHashMap<String, String>,
}

impl Gathered {
    fn add(&mut self, key: &str, name: &str, m: &PersonMention, form: &str) {
        let at = match self.index.get(key) {
            Some(&at) => at,
            None => {
                self.people.push(PersonFound {
                    key: key.to_string(),
                    // Soft hyphens are where a line may break, not part of the name.
                    name: name.replace('\u{ad}', ""),
                    forms: Vec::new(),
                    roles: Vec::new(),
                    mentions: 0,
                    spans: Vec::new(),
                    evidence: Vec::new(),
                });
                self.folded_names.push(fold(name));
                self.in_story.push(false);
                self.index.insert(key.to_string(), self.people.len() - 1);
                self.people.len() - 1
            }
        };
        self.in_story[at] |= m.block.is_none_or(|b| !self.teasers.contains(&b));
        let p = &mut self.people[at];
        p.mentions += 1;
        let forms = if m.form() == form {
            [form, ""]
        } else {
            [form, m.form()]
        };
        for f in forms {
            // A form is another way of writing the name, not the name itself.
            // (A spelling with soft hyphens is kept: it is what the text says.)
            if !f.is_empty()
                && f != p.name
                && !p.forms.iter().any(|x| x == f)
                && (fold(f) != self.folded_names[at] || f.contains('\u{ad}'))
            {
                p.forms.push(f.to_string());
            }
        }
        for r in &m.roles {
            let canonical = match self.canonical_roles.get(r.as_str()) {
                Some(c) => c,
                None => self
                    .canonical_roles
                    .entry(r.clone())
                    .or_insert_with(|| canonical_role(r, NameLexicon::get())),
            };
            if !p.roles.contains(canonical) {
                p.roles.push(canonical.clone());
            }
        }
        for e in &m.evidence {
            if !p.evidence.contains(e) {
                p.evidence.push(e.clone());
            }
        }
        if let Some(block) = m.block {
            p.spans.push(Span {
                block,
                start: m.start,
                end: m.end,
            });
        }
    }
}

/// Turns one article's mentions into its people, with what the corpus knows.
pub fn resolve(
    segments: &[Segment],
    mut mentions: Vec<PersonMention>,
    corpus: &PeopleCorpus,
) -> Vec<PersonFound> {
    corpus.find_foreign(segments, &mut mentions);
    let mut g = Gathered {
        teasers: teaser_blocks(segments),
        ..Gathered::default()
    };
    // Full names first, so short forms can find them: strong ones, and weak ones the
    // corpus knows as people.
    for m in &mentions {
        match &m.kind {
            NameForm::Full { strong, .. } if *strong || corpus.strong.contains_key(&m.key) => {
                g.add(&m.key, &m.text, m, &m.text);
            }
            NameForm::Known { name } => g.add(&m.key, name, m, &m.text),
            _ => {}
        }
    }
    // Short forms resolve to the full names found so far, not to one another.
    // Each full name of more than one word here, with its first and last words and
    // whether it is foreign, worked out once for all the short forms.
    let full_names: Vec<(String, usize, usize, bool)> = g
        .people
        .iter()
        .filter_map(|p| {
            let (first, _) = p.key.split_once(' ')?;
            let last_at = p.key.rfind(' ')? + 1;
            let foreign = corpus.foreign_keys.contains(&p.key);
            Some((p.key.clone(), first.len(), last_at, foreign))
        })
        .collect();
    for m in &mentions {
        let NameForm::Short { given, titled } = &m.kind else {
            continue;
        };
        let mut local: Vec<&String> = full_names
            .iter()
            .filter(|(k, first_len, last_at, foreign)| {
                k[*last_at..] == **given || *titled && *foreign && k[..*first_len] == **given
            })
            .map(|(k, ..)| k)
            .collect();
        if local.is_empty() && !*titled {
            // A given name alone ("Eloise" for Eloise Brandt), as features name people.
            // Not for Vietnamese names, whose first word is the family name.
            local.extend(
                full_names
                    .iter()
                    .filter(|(k, first_len, _, foreign)| *foreign && k[..*first_len] == **given)
                    .map(|(k, ..)| k),
            );
        }
        // A family name several people here share ("Okafor" for Samuel and Ada Okafor)
        // names the one the article introduced first: news calls the others by their
        // given names. (Not Vietnamese names, whose last word is the given name.)
        if local.len() > 1
            && local.iter().all(|k| {
                corpus.foreign_keys.contains(*k) && k.rsplit(' ').next() == Some(given.as_str())
            })
        {
            local.truncate(1);
        }
        let mut local = local.into_iter();
        let key = match (local.next(), local.next()) {
            (Some(one), None) => Some(one.clone()),
            // A titled short form with no full name here: the one person of the corpus
            // with that name, if there is exactly one. Foreign names also go by their
            // first word; the others end with the given name.
            (None, _) if *titled => {
                let mut all: Vec<&String> = corpus
                    .given
                    .get(given)
                    .into_iter()
                    .chain(corpus.foreign_by_first.get(given))
                    .flatten()
                    .collect();
                all.sort();
                all.dedup();
                match all.as_slice() {
                    [one] => Some((*one).clone()),
                    _ => None,
                }
            }
            _ => None,
        };
        let Some(key) = key else { continue };
        let name = g
            .index
            .get(&key)
            .map(|&at| g.people[at].name.clone())
            .or_else(|| corpus.strong.get(&key).cloned())
            .unwrap_or_else(|| key.clone());
        g.add(&key, &name, m, &m.text);
    }
    // People named only in other stories' teasers are those stories' people.
    let mut found: Vec<PersonFound> = g
        .people
        .into_iter()
        .zip(&g.in_story)
        .filter_map(|(p, &in_story)| in_story.then_some(p))
        .collect();
    for p in &mut found {
        p.spans.sort();
        p.spans.dedup();
    }
    found.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.key.cmp(&b.key)));
    found
}

/// The paragraphs of an article that are teasers of other stories, as a whole page's list
/// of them runs (title, summary, source, title, summary…): a paragraph of prose with a
/// title-like line on either side (a heading, a caption, a short line that ends no
/// sentence), near another such paragraph. A story's paragraphs come in runs; a lone one
/// between two photos is still the story's.
fn teaser_blocks(segments: &[Segment]) -> FxHashSet<usize> {
    /// How many blocks apart two teasers of one list may be.
    const NEAR: usize = 8;
    let body: Vec<&Segment> = segments.iter().filter(|s| s.block.is_some()).collect();
    // Whether each block is prose of fewer than eight words: counted once per block, as
    // each is asked about up to three times.
    let short_prose: Vec<bool> = body
        .iter()
        .map(|s| s.prose && s.text.split_whitespace().take(8).count() < 8)
        .collect();
    // Whether block `k` of `body` is like a title; true past either end.
    let title_like = |k: Option<usize>| match k.and_then(|k| Some((k, body.get(k)?))) {
        None => true,
        Some((k, s)) => {
            s.heading
                || s.caption
                || short_prose[k] && !s.text.trim_end().ends_with(['.', '!', '?', '"', '”'])
        }
    };
    let mut teasers = FxHashSet::default();
    let mut last: Option<usize> = None;
    for (k, s) in body.iter().enumerate() {
        let isolated =
            s.prose && !short_prose[k] && title_like(k.checked_sub(1)) && title_like(Some(k + 1));
        if !isolated {
            continue;
        }
        let block = s.block.unwrap_or_default();
        if let Some(before) = last
            && block - before <= NEAR
        {
            teasers.insert(before);
            teasers.insert(block);
        }
        last = Some(block);
    }
    teasers
}

/// Known forms from the word list and from `content/people` pages, indexed by first word.
pub fn known_forms(pages: &[crate::read::PersonPage]) -> KnownForms {
    let lex = NameLexicon::get();
    let mut all: Vec<KnownForm> = lex
        .epithets
        .iter()
        .map(|(words, name)| KnownForm {
            words: words.clone(),
            key: fold(name),
            name: name.clone(),
        })
        .collect();
    for p in pages {
        let name = p.name.clone().unwrap_or_else(|| p.slug.replace('-', " "));
        for a in &p.aliases {
            let words: Vec<String> = fold(a).split(' ').map(str::to_string).collect();
            if words.iter().all(|w| !w.is_empty()) {
                all.push(KnownForm {
                    words,
                    key: fold(&name),
                    name: name.clone(),
                });
            }
        }
    }
    let mut seen = FxHashSet::default();
    let mut by_first: FxHashMap<String, Vec<KnownForm>> = FxHashMap::default();
    for f in all {
        if seen.insert(f.words.clone()) {
            by_first.entry(f.words[0].clone()).or_default().push(f);
        }
    }
    KnownForms {
        firsts: by_first.keys().cloned().collect(),
        by_first,
    }
}

/// Known forms (`known_forms`) by their first word, folded.
pub struct KnownForms {
    by_first: FxHashMap<String, Vec<KnownForm>>,
    /// The first words again: every capitalised word of the archive is asked for, and
    /// nearly none opens a known form; the set's table of first bytes and lengths turns
    /// most away before any hashing.
    firsts: WordSet,
}

impl KnownForms {
    /// The forms whose first word is `word` (folded).
    fn get(&self, word: &str) -> Option<&Vec<KnownForm>> {
        if !self.firsts.contains(word) {
            return None;
        }
        self.by_first.get(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_words_capitalised_as_character_by_character() {
        for w in [
            "AS", "minister", "mINISTER", "o'brien", "x", "", "FM-2", "Đức", "ÉLYSÉE",
        ] {
            let mut c = w.chars();
            let by_char: String = c.next().map_or_else(String::new, |f| {
                f.to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect()
            });
            assert_eq!(capitalised(w), by_char, "{w}");
        }
    }

    #[test]
    fn eight_bytes_at_once_as_one_by_one() {
        // Each byte value at each place among bytes that are passed over.
        for b in 0..=255u8 {
            for place in 0..8 {
                let mut eight = *b"a b,c-zq";
                eight[place] = b;
                assert_eq!(
                    all_lower_or_punctuation(u64::from_le_bytes(eight)),
                    eight.iter().all(|&x| lower_or_punctuation(x)),
                    "{b:#x} at {place}"
                );
            }
        }
    }
}
