//! Credits: whether a name the reader took for a byline or a photo credit is a person's.
//!
//! A whole page's text puts lines that look like bylines near the headline: a section's
//! label ("Tech Industry"), a widget's name, a list's header ("Most Popular Stories"), a
//! product in a caption ("Sony's PlayStation VR"), a paper credited for a photo. A person
//! page for one of them is worse than none, so a credit read from a page must be shaped
//! like a person's name; credits a person wrote (front matter, a sidecar) are taken as they
//! are.

use super::lexicon::NameLexicon;
use super::people::capitalised;
use crate::read::{Article, Block};
use crate::slug::fold;
use memchr::memmem;
use serde::Serialize;
use std::sync::OnceLock;

/// Why a credit names no person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "why", content = "word")]
pub enum NotAPerson {
    /// "Sony’s PlayStation VR": a possessive belongs to a phrase, not to a name.
    #[error("a possessive ({0}): a phrase, not a name")]
    Possessive(String),
    /// "Taboola Taboola": a widget's name written twice.
    #[error("the same word twice ({0})")]
    RepeatedWord(String),
    /// "Most Popular Stories", "Tech Industry", "Open Journalism Project": a word no name
    /// is made of (and no given or family name on the public lists).
    #[error("a word no name is made of ({0})")]
    NotANameWord(String),
    /// "J B": initials alone name no one a reader could find.
    #[error("initials only ({0})")]
    InitialsOnly(String),
    /// "the Harare Herald claims": the article puts "the" before it, as before a thing.
    #[error("the article writes “the {0}”, as of a thing")]
    Thing(String),
}

/// What the recognizer makes of one credit of an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreditFound {
    /// The person's name, cut where the byline ran on into other words ("MARTA
    /// KOVACS Morning Report Live" → "Marta Kovacs"); `None` when no person is named.
    pub person: Option<String>,
    /// Why the credit is no person's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_a_person: Option<NotAPerson>,
}

/// The verdict on each of `article.contributors`, in order.
pub fn judge(article: &Article) -> Vec<CreditFound> {
    let lex = NameLexicon::get();
    article
        .contributors
        .iter()
        .map(|c| {
            if article.tags.contributors_given {
                return CreditFound {
                    person: Some(c.name.clone()),
                    not_a_person: None,
                };
            }
            let name = capitals_part(&c.name).unwrap_or_else(|| c.name.trim().to_string());
            match not_a_person(&name, lex).or_else(|| named_as_thing(&name, article)) {
                Some(why) => CreditFound {
                    person: None,
                    not_a_person: Some(why),
                },
                None => CreditFound {
                    person: Some(name),
                    not_a_person: None,
                },
            }
        })
        .collect()
}

/// A name in capitals that runs on into words in lower or title case ("MARTA KOVACS
/// Morning Report Live": a byline in capitals, then the outlet): the capitals alone, in
/// the case a reader expects.
fn capitals_part(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    // A word in capitals has two letters at least: "K L Ashdown" is initials, then a name.
    let shouted = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() > 1 && !w.chars().any(char::is_lowercase)
    };
    let caps = words.iter().take_while(|w| shouted(w)).count();
    if caps < 2 || caps == words.len() || words[caps..].iter().any(|w| shouted(w)) {
        return None;
    }
    Some(
        words[..caps]
            .iter()
            .map(|w| capitalised(w))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Why the words of `name` cannot be a person's name, if they cannot.
fn not_a_person(name: &str, lex: &NameLexicon) -> Option<NotAPerson> {
    let words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')')))
        .filter(|w| !w.is_empty())
        .collect();
    if !words
        .iter()
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 1)
    {
        return Some(NotAPerson::InitialsOnly(name.to_string()));
    }
    if let Some(w) = words
        .iter()
        .find(|w| w.ends_with("’s") || w.ends_with("'s"))
    {
        return Some(NotAPerson::Possessive(w.to_string()));
    }
    if let Some(pair) = words
        .windows(2)
        .find(|p| p[0].chars().count() > 1 && p[0].to_lowercase() == p[1].to_lowercase())
    {
        return Some(NotAPerson::RepeatedWord(pair[0].to_string()));
    }
    words
        .iter()
        .find(|w| never_in_name(w, lex))
        .map(|w| NotAPerson::NotANameWord(w.to_string()))
}

/// Whether a word of a credit is one names are not made of: a function word, a word of
/// titles and institutions, a role, the head of a place's or a firm's name ("Project",
/// "Herald"), unless the public lists have it as a given or a family name ("King",
/// "Judge", "Park"). Titles of address ("Dr") and months ("April") may begin a name.
fn never_in_name(word: &str, lex: &NameLexicon) -> bool {
    let folded = fold(word);
    if folded.is_empty() || lex.given_names.contains(&folded) || lex.surnames.contains(&folded) {
        return false;
    }
    let titled = capitalised(word);
    if lex.honorifics.contains(&titled)
        || lex.honorifics.contains(word)
        || lex.months.contains(&titled)
    {
        return false;
    }
    lex.not_name.contains(&titled)
        || lex.is_role(&word.to_lowercase())
        || lex.blockers.contains(&folded)
}

/// "the Harare Herald claims": the article writes the name after "the", as of a paper, a
/// firm or a thing; a person's name never takes it.
fn named_as_thing(name: &str, article: &Article) -> Option<NotAPerson> {
    if !name.contains(' ') {
        return None;
    }
    let wanted = fold(name);
    let n = wanted.split(' ').count();
    let mut lower = Vec::new();
    for b in &article.blocks {
        let text = match b {
            Block::Paragraph { text } | Block::Caption { text } | Block::Figure { text, .. } => {
                text
            }
            _ => continue,
        };
        for after in after_word_the(text, &mut lower) {
            // The `n` words after "the", the first capitalised.
            let mut words = text[after..].split_whitespace();
            if !words
                .clone()
                .next()
                .is_some_and(|w| w.starts_with(char::is_uppercase))
            {
                continue;
            }
            let run: Vec<&str> = words.by_ref().take(n).collect();
            if run.len() < n {
                // Fewer words are left after any later "the" too.
                break;
            }
            if fold(&run.join(" ")) == wanted {
                return Some(NotAPerson::Thing(name.to_string()));
            }
        }
    }
    None
}

/// Where the text after each word "the" (any case, between white space or at the start)
/// of `text` begins, `lower` being a buffer for the text in lower case: there a vector
/// search finds the word, rather than splitting every block of the article into words for
/// each credit (~40,000 instructions a credit at 1,000 generated articles).
fn after_word_the(text: &str, lower: &mut Vec<u8>) -> Vec<usize> {
    static THE: OnceLock<memmem::Finder<'static>> = OnceLock::new();
    let the = THE.get_or_init(|| memmem::Finder::new("the"));
    lower.clear();
    lower.extend_from_slice(text.as_bytes());
    lower.make_ascii_lowercase();
    the.find_iter(lower)
        .filter(|&at| {
            text[at + 3..].starts_with(char::is_whitespace)
                && text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace)
        })
        .map(|at| at + 3)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_word_the_as_splitting_into_words_does() {
        for text in [
            "the Harare Herald claims the Herald",
            "The\u{a0}Times\tand THE Post, then theme other the",
            "bathe the\nthe  Globe (the Sun) tithe thé the",
            "",
            "the",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            // The words after each "the", as the text after it starts with them.
            let expected: Vec<&str> = words
                .windows(2)
                .filter(|p| p[0].eq_ignore_ascii_case("the"))
                .map(|p| p[1])
                .collect();
            let found: Vec<&str> = after_word_the(text, &mut Vec::new())
                .into_iter()
                .filter_map(|at| text[at..].split_whitespace().next())
                .collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }
}
