//! The people a saved page credits besides its bylines: photographers in captions and
//! credit lines (`… in Paris Jane Doe/Reuters`, `(John Roe / AP)`, `CreditJane Doe for The
//! Daily Times`, `Photo by X/Outlet`, `Photographs by A, B and C`), reporters in a closing
//! line (`Jane Doe in Paris and John Roe contributed to this report.`) and the byline of a
//! section (`Analysis: Jane Doe, Daily News, Washington`).
//!
//! Credits are read from the caption and credit elements of the page's markup before
//! main-content extraction (which drops many of them) and from the blocks of the extracted
//! body. A part of a credit is a person only when it is shaped like a name and is neither an
//! agency nor an organisation; a credit that no marker (`Credit`, `Photo by`, brackets and an
//! agency) shows to be one names no one.

use super::{inline_text, name_of, squash};
use crate::read::raw::{credit::slash_name_start, lexicon::lexicon, text};
use crate::read::{Block, Contributor, Role};
use dom_query::{Document, NodeRef};
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// Caption and credit elements, as pages mark them.
const CREDIT_ELEMENTS: &str = "figcaption, [class*=caption i], [class*=credit i], [itemprop=caption], [itemprop=copyrightHolder]";

/// A caption longer than this is not one (a whole section that a class name calls one).
const MAX_CAPTION_CHARS: usize = 1200;

/// At most this many caption elements are read: a page of thousands is a gallery index.
const MAX_CAPTIONS: usize = 300;

/// The outlets a page names for itself (publisher, site name): a credit naming them names an
/// organisation, whether or not the word lists know it.
pub(super) struct OwnOutlets(Vec<String>);

impl OwnOutlets {
    pub(super) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        OwnOutlets(
            names
                .into_iter()
                .map(fold_outlet)
                .filter(|n| !n.is_empty())
                .collect(),
        )
    }

    fn contains(&self, part: &str) -> bool {
        let f = fold_outlet(part);
        !f.is_empty() && self.0.contains(&f)
    }
}

/// An outlet's name without case, punctuation or a leading `the`.
fn fold_outlet(s: &str) -> String {
    let f = super::fold(s);
    f.strip_prefix("the ").map(str::to_string).unwrap_or(f)
}

fn organisation_words() -> &'static FxHashSet<String> {
    static WORDS: OnceLock<FxHashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../../data/html/credit_organisations.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect()
    })
}

/// The texts of the page's caption and credit elements (outside navigation, asides and
/// footers), each once.
pub(super) fn credit_texts(doc: &Document) -> Vec<String> {
    let mut seen = FxHashSet::default();
    let mut out = Vec::new();
    for n in doc
        .select(CREDIT_ELEMENTS)
        .nodes()
        .iter()
        .take(MAX_CAPTIONS)
    {
        if in_page_furniture(n) {
            continue;
        }
        let text = squash(&inline_text(n));
        if text.is_empty() || text.chars().count() > MAX_CAPTION_CHARS {
            continue;
        }
        if seen.insert(text.clone()) {
            out.push(text);
        }
    }
    out
}

/// Inside the site's navigation, a sidebar or a footer: captions there are other stories'.
fn in_page_furniture(n: &NodeRef) -> bool {
    let mut at = n.parent();
    while let Some(p) = at {
        if p.is_element() && matches!(name_of(&p).as_str(), "nav" | "aside" | "footer") {
            return true;
        }
        at = p.parent();
    }
    false
}

/// Everyone credited in the captions, credit lines and closing lines of a page: `texts`
/// from its markup, `blocks` of its extracted body. Each person once per role.
pub(super) fn page_credits(
    texts: &[String],
    blocks: &[Block],
    own: &OwnOutlets,
) -> Vec<Contributor> {
    let mut out: Vec<Contributor> = Vec::new();
    let mut add = |found: Vec<Contributor>| {
        for c in found {
            if !out
                .iter()
                .any(|o| o.role == c.role && super::fold(&o.name) == super::fold(&c.name))
            {
                out.push(c);
            }
        }
    };
    for t in texts {
        add(caption_credit(t, own));
    }
    for b in blocks {
        match b {
            Block::Figure { text, .. } | Block::Caption { text } => add(caption_credit(text, own)),
            Block::Paragraph { text } => {
                add(contributed_line(text));
                add(credit_paragraph(text));
            }
            Block::Heading { text } => add(section_byline(text, own)),
            _ => {}
        }
    }
    out
}

/// The photographers a caption or credit line names.
pub(super) fn caption_credit(text: &str, own: &OwnOutlets) -> Vec<Contributor> {
    let text = text.trim();
    // `Credit` (glued to the caption, or `Credit:`) opens the credit where a page marks it.
    if let Some(at) = text.rfind("Credit") {
        let glued_or_word = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphabetic() || c.is_lowercase());
        let tail = text[at + "Credit".len()..].trim_start_matches([':', ' ', 's']);
        let tail = tail.trim_start_matches([':', ' ']);
        if glued_or_word && tail.starts_with(char::is_uppercase) {
            return credit_parts(tail, Role::Photographer, own, false);
        }
    }
    // A credit in brackets ending the caption: `(John Roe / AP)`, `(Video by Jane Doe)`.
    if let Some(inner) = trailing_brackets(text) {
        let inner = inner.trim();
        if let Some((role, rest)) = photo_by_phrase(inner) {
            return credit_parts(rest, role, own, false);
        }
        if inner.contains('/') {
            return credit_parts(inner, Role::Photographer, own, true);
        }
    }
    // `…the plan.Photo by Jane Doe/Outlet`: a photographer's by-phrase late in the caption.
    if let Some((role, rest)) = last_photo_by_phrase(text) {
        return credit_parts(rest, role, own, false);
    }
    // `Photograph: Jane Doe for the Outlet`, `Image: Jane Doe / Outlet`.
    if let Some((_, credit)) = crate::read::raw::credit::split_photo_credit(text) {
        return credit
            .contributors
            .into_iter()
            .filter(|c| !is_organisation(&c.name, own))
            .collect();
    }
    // `… in Paris Jane Doe/Reuters`: names and agencies joined by slashes end the caption.
    match slash_tail(text) {
        Some(tail) => credit_parts(&tail, Role::Photographer, own, true),
        None => Vec::new(),
    }
}

/// The text inside the brackets that end `text`, when they do.
fn trailing_brackets(text: &str) -> Option<&str> {
    let body = text.trim_end_matches(['.', ' ']).strip_suffix(')')?;
    let open = body.rfind('(')?;
    Some(&body[open + 1..])
}

/// A photographer's by-phrase (`Photo by`, `Video by`) opening `text`: its role and the rest.
fn photo_by_phrase(text: &str) -> Option<(Role, &str)> {
    let lower = text.get(..text.len().min(32))?.to_ascii_lowercase();
    lexicon()
        .by_phrases
        .iter()
        .filter(|(_, role)| *role == Role::Photographer)
        .find_map(|(phrase, role)| {
            let rest = lower.strip_prefix(phrase.as_str())?;
            let gap = rest.len() - rest.trim_start_matches([' ', ':']).len();
            (gap > 0).then(|| (*role, &text[phrase.len() + gap..]))
        })
}

/// The last photographer's by-phrase in `text`, after the start of a sentence or glued to
/// its end (`plan.Photo by X`): its role and the rest.
fn last_photo_by_phrase(text: &str) -> Option<(Role, &str)> {
    let lower = text.to_ascii_lowercase();
    let mut best: Option<(usize, Role, &str)> = None;
    for (phrase, role) in lexicon()
        .by_phrases
        .iter()
        .filter(|(_, role)| *role == Role::Photographer)
    {
        let Some(at) = lower.rfind(&format!("{phrase} ")) else {
            continue;
        };
        // Capitalised (`Photo by`), at the start or after a sentence's end or a bracket.
        let starts_upper = text[at..].starts_with(char::is_uppercase);
        let before = text[..at].trim_end().chars().next_back();
        let opens = before.is_none_or(|c| matches!(c, '.' | '!' | '?' | '”' | '"' | '(' | '|'));
        if starts_upper && opens && best.is_none_or(|(b, _, _)| at > b) {
            best = Some((at, *role, text[at + phrase.len()..].trim_start()));
        }
    }
    best.map(|(_, role, rest)| (role, rest))
}

/// The run of names and agencies joined by slashes that ends a caption, with the words of
/// the name before its first slash: `Jane Doe/Reuters`, `Ellen M. Doe / The Daily Times`.
fn slash_tail(text: &str) -> Option<String> {
    if !text.contains('/') || text.len() > 2000 {
        return None;
    }
    let joined = text.split('/').map(str::trim).collect::<Vec<_>>().join("/");
    let words: Vec<&str> = joined.split(' ').filter(|w| !w.is_empty()).collect();
    let k = words.iter().position(|w| w.contains('/'))?;
    // Everything after the first slash is the credit: no sentence goes on after it.
    if words[k..]
        .iter()
        .any(|w| w.ends_with(['.', '!', '?']) && w.len() > 3)
        && !words.last()?.ends_with('.')
    {
        return None;
    }
    Some(words[slash_name_start(&words, k)..].join(" "))
}

/// Is `part` an agency, an outlet or another organisation rather than a person?
pub(super) fn is_organisation(part: &str, own: &OwnOutlets) -> bool {
    if lexicon().outlet(part).is_some() || own.contains(part) {
        return true;
    }
    let words = organisation_words();
    part.split(|c: char| !c.is_alphanumeric())
        .any(|w| !w.is_empty() && words.contains(&w.to_lowercase()))
}

/// The people among the parts of a credit: `Jane Doe/Reuters`, `AP/Jane Doe/Photo montage by
/// X`, `Jane Doe for The Daily Times`, `Jane Doe/Agency — Getty Images`, `X/EPA, via
/// Shutterstock`, `A, B and C`. With `needs_agency`, the credit stands only if one part is an
/// agency or organisation (a slash alone does not make a credit) and no part is a sentence.
fn credit_parts(tail: &str, role: Role, own: &OwnOutlets, needs_agency: bool) -> Vec<Contributor> {
    let tail = tail.trim().trim_end_matches([')', '.', ' ']);
    let mut people = Vec::new();
    let mut agency = false;
    let parts = tail
        .split(['/', ';', '|'])
        .flat_map(|p| p.split(" — "))
        .flat_map(|p| p.split(" – "))
        .flat_map(|p| p.split(", "))
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty());
    for part in parts {
        // `Jane Doe for The Daily Times`, `Agency photo via AP`: the maker, and the outlet.
        let mut part = part;
        for joint in [" for ", " via ", " courtesy of "] {
            if let Some((head, outlet)) = part.split_once(joint) {
                agency |= is_organisation(outlet, own) || outlet.starts_with(char::is_uppercase);
                part = head.trim();
            }
        }
        let part = part
            .trim_start_matches("via ")
            .trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ',' | ':' | ' '));
        if part.is_empty() {
            continue;
        }
        // `Jane Doe (Agency)`: the bracket is the agency.
        let (part, bracket) = match part.split_once(" (") {
            Some((p, b)) => (p.trim(), Some(b)),
            None => (part, None),
        };
        agency |= bracket.is_some_and(|b| is_organisation(b, own));
        if is_organisation(part, own) {
            agency = true;
            continue;
        }
        let cased = text::name_case(part);
        if text::is_name_like(&cased) {
            people.push(Contributor { name: cased, role });
            continue;
        }
        // A note among the parts (`Photo montage by X`, `File photo`) is allowed; a sentence
        // is not, and then this is no credit.
        let lower = part.to_lowercase();
        let note = text::word_count(part) <= 8
            && ["photo", "image", "montage", "illustration", "file", "by "]
                .iter()
                .any(|w| lower.contains(w));
        if needs_agency && !note && text::word_count(part) > 3 {
            return Vec::new();
        }
    }
    if needs_agency && !agency {
        return Vec::new();
    }
    people
}

/// The reporters of a closing line: `Jane Doe contributed to this report.`, `Staff Writer
/// Jane Doe in Paris and John Roe in Rome contributed reporting.` Places (after `in`, `from`)
/// and job titles before a name are not people.
pub(super) fn contributed_line(text: &str) -> Vec<Contributor> {
    const ENDINGS: &[&str] = &[
        " contributed to this report",
        " contributed to this article",
        " contributed to this story",
        " contributed reporting",
        " contributed additional reporting",
    ];
    if text.len() > 400 {
        return Vec::new();
    }
    let trimmed = text.trim().trim_end_matches(['.', ' ']);
    let Some(head) = ENDINGS.iter().find_map(|e| trimmed.strip_suffix(e)) else {
        return Vec::new();
    };
    // The line is the whole sentence: nothing before it on the paragraph but names.
    let head = match head.rfind(['.', '!', '?']) {
        Some(at) if !head[..at].ends_with(|c: char| c.is_uppercase()) => &head[at + 1..],
        _ => head,
    };
    let mut people = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut skip_run = false;
    let mut finish = |run: &mut Vec<&str>, skip: bool| {
        if !skip {
            // Job-title words before the name (`Aerospace Writer Jane Doe`) are dropped.
            let from = (0..run.len())
                .find(|&i| text::is_name_like(&run[i..].join(" ")))
                .unwrap_or(run.len());
            if from < run.len() {
                people.push(Contributor {
                    name: run[from..].join(" "),
                    role: Role::Author,
                });
            }
        }
        run.clear();
    };
    let mut prev = "";
    for raw in head.split_whitespace() {
        let word = raw.trim_end_matches([',', ';']);
        let capital = word.starts_with(char::is_uppercase);
        if capital {
            if run.is_empty() {
                skip_run = matches!(prev, "in" | "from" | "at" | "of");
            }
            run.push(word);
        }
        if !capital || raw.ends_with([',', ';']) {
            finish(&mut run, skip_run);
        }
        prev = word;
    }
    finish(&mut run, skip_run);
    people
}

/// A paragraph that is a credit line of its own: `Photos by A (Agency), B and C.`
fn credit_paragraph(text: &str) -> Vec<Contributor> {
    if text.len() > 600 {
        return Vec::new();
    }
    let Some((role, rest)) = photo_by_phrase(text.trim()) else {
        return Vec::new();
    };
    rest.trim_end_matches('.')
        .split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .filter_map(|p| {
            let name = p.split(" (").next().unwrap_or(p).trim();
            let cased = text::name_case(name);
            text::is_name_like(&cased).then_some(Contributor { name: cased, role })
        })
        .collect()
}

/// The byline of a section of the story: `Analysis: Jane Doe, Daily News, Washington`. The
/// name must be followed by an outlet.
fn section_byline(text: &str, own: &OwnOutlets) -> Vec<Contributor> {
    let Some((_, rest)) = text.split_once(": ") else {
        return Vec::new();
    };
    let mut parts = rest.split(", ");
    let (Some(name), Some(outlet)) = (parts.next(), parts.next()) else {
        return Vec::new();
    };
    let name = name.trim();
    if text::is_name_like(name) && is_organisation(outlet.trim(), own) {
        vec![Contributor {
            name: name.to_string(),
            role: Role::Author,
        }]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(found: Vec<Contributor>) -> Vec<String> {
        found.into_iter().map(|c| c.name).collect()
    }

    fn own(names: &[&str]) -> OwnOutlets {
        OwnOutlets::new(names.iter().copied())
    }

    #[test]
    fn slash_credits_ending_captions() {
        let none = own(&[]);
        assert_eq!(
            names(caption_credit(
                "The old theatre in Lyon Marie Curtis/Reuters",
                &none
            )),
            ["Marie Curtis"]
        );
        assert_eq!(
            names(caption_credit(
                "Crowds at the fair. (Tom O. Baines / AP)",
                &none
            )),
            ["Tom O. Baines"]
        );
        // The page's own outlet is an organisation even when no list knows it.
        assert_eq!(
            names(caption_credit(
                "A fishing boat at the pier. (Ellen K. Ward / The Coast Ledger)",
                &own(&["The Coast Ledger"])
            )),
            ["Ellen K. Ward"]
        );
        assert_eq!(
            names(caption_credit("Nadia Pell/Orbit Magazine", &none)),
            ["Nadia Pell"]
        );
        // A slash between two names, with no agency, is not a credit.
        assert!(caption_credit("Posters of Mark Twain/Samuel Clemens", &none).is_empty());
    }

    #[test]
    fn marked_credits() {
        let none = own(&[]);
        assert_eq!(
            names(caption_credit(
                "Pipes under the street.CreditLena Ortiz for The Daily Times",
                &none
            )),
            ["Lena Ortiz"]
        );
        assert_eq!(
            names(caption_credit("Credit: PAUL MBEKI/ AFP", &none)),
            ["Paul Mbeki"]
        );
        assert_eq!(
            names(caption_credit("Credit Ivo Brandt", &none)),
            ["Ivo Brandt"]
        );
        assert_eq!(
            names(caption_credit(
                "Two senators (Credit: AP/Rosa Lind Vega/Photo montage by Northfield Daily)",
                &none
            )),
            ["Rosa Lind Vega"]
        );
        assert_eq!(
            names(caption_credit(
                "The launch pad. (Oleg Marin/ Harbour Authority Press Office photo via AP)",
                &none
            )),
            ["Oleg Marin"]
        );
        assert_eq!(
            names(caption_credit(
                "The chief executive.Photo by Sam Reyes/Tech Daily",
                &none
            )),
            ["Sam Reyes"]
        );
        assert_eq!(
            names(caption_credit(
                "Leaders meet in the capital. (Video by Anna Holt)",
                &none
            )),
            ["Anna Holt"]
        );
        // A bank's name is no credit.
        assert!(caption_credit("Offices of Credit Suisse in Zurich.", &none).is_empty());
    }

    #[test]
    fn closing_lines_and_section_bylines() {
        assert_eq!(
            names(contributed_line(
                "Science Writer Mara Quist in Houston, Texas, and Ivan Petrov in Kazan contributed to this report."
            )),
            ["Mara Quist", "Ivan Petrov"]
        );
        assert_eq!(
            names(contributed_line("Hana Said contributed to this report.")),
            ["Hana Said"]
        );
        assert!(contributed_line("Everyone contributed.").is_empty());
        assert_eq!(
            names(credit_paragraph(
                "Photos by kitty99 (Stockhouse), Lou Brand, jb, Ana Ruiz and Joe Park."
            )),
            ["Lou Brand", "Ana Ruiz", "Joe Park"]
        );
        assert_eq!(
            names(section_byline(
                "Analysis: Tom Hale, Daily News, Boston",
                &own(&[])
            )),
            ["Tom Hale"]
        );
        assert!(section_byline("Analysis: What the vote means", &own(&[])).is_empty());
    }
}
