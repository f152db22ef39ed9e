//! People: full names (Vietnamese by their shape, foreign ones by the role that introduces
//! them), the roles given to them, and short forms resolved to a full name.
//!
//! Recognition runs in two passes. `scan` reads one article and proposes mentions; `resolve`
//! then decides with what the whole corpus teaches (a two-syllable name is a person when some
//! article introduces it with a role; "Mr. Trong" resolves to the one Trong the corpus knows).

use super::lexicon::{Lexicon, vietnamese_syllable};
use super::tokens::Token;
use super::{PersonFound, Segment, Span};
use crate::slug::fold;
use aho_corasick::{AhoCorasick, MatchKind};
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
pub enum Kind {
    /// A full name. `strong`: a person by itself (three syllables or more, or introduced by a
    /// role); otherwise only when the corpus has it as a person elsewhere.
    Full { strong: bool, foreign: bool },
    /// One given name ("Son", "FM Son"); `titled` when a role or honorific comes before it.
    Short { given: String, titled: bool },
    /// A known form ("Uncle Hồ") of the person `key`.
    Known { name: String },
}

#[derive(Debug, Clone)]
pub struct Mention {
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
    pub kind: Kind,
}

impl Mention {
    /// The form as written, with its title for a titled short form.
    fn form(&self) -> &str {
        self.titled_form.as_deref().unwrap_or(&self.text)
    }
}

/// What the corpus knows about people after every article was scanned.
pub struct Corpus {
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
    foreign: Option<(AhoCorasick, Vec<String>)>,
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
    lex: &Lexicon,
) -> Option<String> {
    let mut j = i;
    while j > floor && toks[j].tight {
        let t = &toks[j - 1];
        let ok = if t.word {
            t.cap() || connector(t) || lex.roles.contains(t.text) || t.text == "s"
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
    let titleish = |t: &Token| {
        lex.roles.contains(t.text)
            || lex.nationalities.contains(t.text)
            || lex.title_words.contains(t.text)
            || t.all_caps()
    };
    while j < i
        && !(toks[j].word
            && (lex.roles.contains(toks[j].text) || toks[j].cap() && titleish(&toks[j])))
    {
        j += 1;
    }
    let mut end = i;
    while end > j && (connector(&toks[end - 1]) || !toks[end - 1].word) {
        end -= 1;
    }
    if j >= end || !toks[j..end].iter().any(|t| lex.roles.contains(t.text)) {
        return None;
    }
    Some(text[toks[j].start..toks[end - 1].end].to_string())
}

/// A role in apposition after the name ending at token `i` (exclusive): "Bui Thanh Son,
/// Minister of Foreign Affairs, said".
fn role_after(toks: &[Token], text: &str, i: usize, lex: &Lexicon) -> Option<String> {
    if toks.get(i).is_none_or(|t| t.text != ",") {
        return None;
    }
    let start = i + 1;
    let mut j = start;
    while j < toks.len() && toks[j].tight && j - start < 10 {
        let t = &toks[j];
        let title_word = t.cap()
            && (lex.roles.contains(t.text)
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
    if end == start
        || !toks[start].cap()
        || !toks[start..end].iter().any(|t| lex.roles.contains(t.text))
    {
        return None;
    }
    Some(text[toks[start].start..toks[end - 1].end].to_string())
}

/// Whether the run of words `[i, j)` stands where a place would: it is one, starts with
/// one, or names a city ("Ho Chi Minh" + "City") in a list of places.
fn place_like(toks: &[Token], i: usize, j: usize, lex: &Lexicon) -> bool {
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
fn byline(toks: &[Token], lex: &Lexicon) -> bool {
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

fn known_at<'k>(
    toks: &[Token],
    i: usize,
    known: &'k FxHashMap<String, Vec<KnownForm>>,
) -> Option<(&'k KnownForm, usize)> {
    let forms = known.get(&*toks[i].folded)?;
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
pub fn scan(segments: &[Segment], known: &FxHashMap<String, Vec<KnownForm>>) -> Vec<Mention> {
    let lex = Lexicon::get();
    let mut out = Vec::new();
    for seg in segments {
        let toks = &seg.tokens;
        if seg.prose && byline(toks, lex) {
            continue;
        }
        let text = seg.text;
        // Role phrases never reach back into the previous name.
        let mut floor = 0;
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            if !t.word || t.credit {
                i += 1;
                continue;
            }
            let mention =
                |start: usize, end: usize, roles: Vec<String>, key: String, kind| Mention {
                    block: seg.block,
                    start: toks[start].start,
                    end: toks[end - 1].end,
                    text: text[toks[start].start..toks[end - 1].end].to_string(),
                    titled_form: None,
                    key,
                    roles,
                    kind,
                };
            let continues = |k: usize| {
                k < toks.len() && toks[k].tight && toks[k].name_like() && !toks[k].credit
            };
            if let Some((form, j)) = t.cap().then(|| known_at(toks, i, known)).flatten() {
                // A form a person page gave ("Bui Thanh Son", "Uncle Ho") is still a name in
                // a sentence: part of a longer proper noun or a place it is not, and the
                // roles around it are the person's, as for any other name.
                let longer = continues(j)
                    || toks
                        .get(j)
                        .is_some_and(|n| n.tight && lex.blockers.contains(&n.folded));
                if !longer && !place_like(toks, i, j, lex) {
                    let mut roles: Vec<String> =
                        role_before(toks, text, i, floor, lex).into_iter().collect();
                    roles.extend(role_after(toks, text, j, lex));
                    out.push(mention(
                        i,
                        j,
                        roles,
                        form.key.clone(),
                        Kind::Known {
                            name: form.name.clone(),
                        },
                    ));
                    floor = j;
                    i = j;
                    continue;
                }
            }
            if !t.name_like() {
                i += 1;
                continue;
            }
            // A Vietnamese name: a family name, then capitalised syllables.
            if lex.family.contains(&t.folded) && vietnamese_syllable(&t.folded) {
                let mut j = i + 1;
                while continues(j)
                    && vietnamese_syllable(&toks[j].folded)
                    && !lex.blockers.contains(&toks[j].folded)
                {
                    j += 1;
                }
                let n = j - i;
                if n >= 2 {
                    // Followed by another capitalised word: part of a longer proper noun
                    // ("Ho Chi Minh City", "Ho Chi Minh Thought", "Nguyen Du University").
                    let longer = continues(j)
                        || toks
                            .get(j)
                            .is_some_and(|n| n.tight && lex.blockers.contains(&n.folded));
                    if n <= 4 && !longer && !place_like(toks, i, j, lex) {
                        let mut roles: Vec<String> =
                            role_before(toks, text, i, floor, lex).into_iter().collect();
                        roles.extend(role_after(toks, text, j, lex));
                        let speaks = |k: usize| {
                            toks.get(k)
                                .is_some_and(|t| t.tight && lex.speech_verbs.contains(&t.folded))
                        };
                        let strong =
                            n >= 3 || !roles.is_empty() || speaks(j) || (i > 0 && speaks(i - 1));
                        let key = fold(&text[toks[i].start..toks[j - 1].end]);
                        out.push(mention(
                            i,
                            j,
                            roles,
                            key,
                            Kind::Full {
                                strong,
                                foreign: false,
                            },
                        ));
                        floor = j;
                    }
                    i = j;
                    continue;
                }
            }
            let plain =
                |t: &Token| !lex.not_name.contains(t.text) && !lex.blockers.contains(&t.folded);
            if !plain(t) {
                i += 1;
                continue;
            }
            // What comes right before: a role word, an honorific, or a title word or a
            // country ending a longer role ("Secretary of State", "President of Laos").
            let prev = (i > 0 && t.tight).then(|| &toks[i - 1]);
            let titled = prev.is_some_and(|p| {
                p.word
                    && (lex.roles.contains(p.text)
                        || lex.honorifics.contains(p.text)
                        || lex.title_words.contains(p.text)
                        || lex.places.contains(&p.folded))
            });
            let role = if titled {
                role_before(toks, text, i, floor, lex)
            } else {
                None
            };
            let part_of_run = prev.is_some_and(|p| p.word && p.cap()) && role.is_none();
            let mut j = i + 1;
            while continues(j) && plain(&toks[j]) && j - i < 4 {
                j += 1;
            }
            if part_of_run || continues(j) {
                // Inside a longer capitalised phrase: an organisation, a title, a headline.
                // Step one word only: a Vietnamese name may start inside it ("Continuing
                // Ho Chi Minh's ideology").
                i += 1;
                continue;
            }
            let n = j - i;
            let honorific = prev.is_some_and(|p| lex.honorifics.contains(p.text));
            let role = role.or_else(|| honorific.then(|| prev.unwrap().text.to_string()));
            if (2..=3).contains(&n) && role.is_some() && !place_like(toks, i, j, lex) {
                let key = fold(&text[toks[i].start..toks[j - 1].end]);
                let mut roles: Vec<String> = role.into_iter().collect();
                roles.extend(role_after(toks, text, j, lex));
                out.push(mention(
                    i,
                    j,
                    roles,
                    key,
                    Kind::Full {
                        strong: true,
                        foreign: true,
                    },
                ));
                floor = j;
            } else if n == 1 && !lex.places.contains(&t.folded) {
                // A lone given name, maybe titled: "Son", "FM Son", "Mr. Trong".
                let mut m = mention(
                    i,
                    j,
                    role.clone().into_iter().collect(),
                    String::new(),
                    Kind::Short {
                        given: t.folded.to_string(),
                        titled: role.is_some(),
                    },
                );
                if let Some(r) = &role
                    && honorific_or_short(r)
                {
                    m.titled_form = Some(format!("{r} {}", t.text));
                }
                out.push(m);
                floor = j;
            } else {
                i += 1;
                continue;
            }
            i = j;
        }
    }
    out
}

/// A title short enough to make a form of the name with it ("FM Son", "Mr. Trong",
/// "Deputy PM Minh"); "Minister of Foreign Affairs Son" is not a form anyone uses.
fn honorific_or_short(role: &str) -> bool {
    role.split_whitespace().count() <= 2
}

impl Corpus {
    pub fn learn(scans: &[Vec<Mention>]) -> Corpus {
        let mut strong: FxHashMap<String, String> = FxHashMap::default();
        let mut foreign: BTreeMap<String, String> = BTreeMap::new();
        for m in scans.iter().flatten() {
            match &m.kind {
                Kind::Full {
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
                Kind::Known { name } => {
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
        let foreign = (!foreign.is_empty()).then(|| {
            let (names, keys): (Vec<String>, Vec<String>) = foreign.into_iter().unzip();
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&names)
                .expect("names build an automaton");
            (ac, keys)
        });
        Corpus {
            strong,
            given,
            foreign_keys,
            foreign_by_first,
            foreign,
        }
    }

    /// Mentions of foreign names the corpus knows, where no role introduced them here.
    fn find_foreign(&self, segments: &[Segment], mentions: &mut Vec<Mention>) {
        let Some((ac, keys)) = &self.foreign else {
            return;
        };
        for seg in segments {
            let text = seg.text;
            let credits = &seg.credits;
            for m in ac.find_iter(text) {
                let (s, e) = (m.start(), m.end());
                let before = text[..s].chars().next_back();
                let after = text[e..].chars().next();
                if before.is_some_and(char::is_alphanumeric)
                    || after.is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
                let overlaps = mentions
                    .iter()
                    .any(|x| x.block == seg.block && x.start < e && s < x.end);
                if overlaps || credits.iter().any(|&(cs, ce)| cs <= s && s < ce) {
                    continue;
                }
                mentions.push(Mention {
                    block: seg.block,
                    start: s,
                    end: e,
                    text: text[s..e].to_string(),
                    titled_form: None,
                    key: keys[m.pattern().as_usize()].clone(),
                    roles: Vec::new(),
                    kind: Kind::Full {
                        strong: true,
                        foreign: true,
                    },
                });
            }
        }
    }
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
}

impl Gathered {
    fn add(&mut self, key: &str, name: &str, m: &Mention, form: &str) {
        let at = match self.index.get(key) {
            Some(&at) => at,
            None => {
                self.people.push(PersonFound {
                    key: key.to_string(),
                    name: name.to_string(),
                    forms: Vec::new(),
                    roles: Vec::new(),
                    mentions: 0,
                    spans: Vec::new(),
                });
                self.folded_names.push(fold(name));
                self.index.insert(key.to_string(), self.people.len() - 1);
                self.people.len() - 1
            }
        };
        let p = &mut self.people[at];
        p.mentions += 1;
        let forms = if m.form() == form {
            [form, ""]
        } else {
            [form, m.form()]
        };
        for f in forms {
            // A form is another way of writing the name, not the name itself.
            if !f.is_empty()
                && f != p.name
                && !p.forms.iter().any(|x| x == f)
                && fold(f) != self.folded_names[at]
            {
                p.forms.push(f.to_string());
            }
        }
        for r in &m.roles {
            if !p.roles.contains(r) {
                p.roles.push(r.clone());
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
    mut mentions: Vec<Mention>,
    corpus: &Corpus,
) -> Vec<PersonFound> {
    corpus.find_foreign(segments, &mut mentions);
    let mut g = Gathered::default();
    // Full names first, so short forms can find them: strong ones, and weak ones the
    // corpus knows as people.
    for m in &mentions {
        match &m.kind {
            Kind::Full { strong, .. } if *strong || corpus.strong.contains_key(&m.key) => {
                g.add(&m.key, &m.text, m, &m.text);
            }
            Kind::Known { name } => g.add(&m.key, name, m, &m.text),
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
        let Kind::Short { given, titled } = &m.kind else {
            continue;
        };
        let mut local = full_names
            .iter()
            .filter(|(k, first_len, last_at, foreign)| {
                k[*last_at..] == **given || *titled && *foreign && k[..*first_len] == **given
            })
            .map(|(k, ..)| k);
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
    let mut found = g.people;
    for p in &mut found {
        p.spans.sort();
        p.spans.dedup();
    }
    found.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.key.cmp(&b.key)));
    found
}

/// Known forms from the word list and from `content/people` pages, indexed by first word.
pub fn known_forms(pages: &[crate::read::PersonPage]) -> FxHashMap<String, Vec<KnownForm>> {
    let lex = Lexicon::get();
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
    let mut map: FxHashMap<String, Vec<KnownForm>> = FxHashMap::default();
    for f in all {
        if seen.insert(f.words.clone()) {
            map.entry(f.words[0].clone()).or_default().push(f);
        }
    }
    map
}
