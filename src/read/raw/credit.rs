//! Who made the article and who published it: photo credits (`(Photo: WVR/Quang Hoa)`,
//! `VNA/VNS Photo`), bylines (`By X – Translated by Y`, `Thanh Hà |`), datelines and outlet
//! tags at the head of the lede (`Hanoi (VNA) –`, `(VOVWORLD) -`, `PARIS —`) and sign-offs at
//! the end of the text (`VNS`, `./.`). Agencies are outlets, never people.

use super::lexicon::lexicon;
use super::text::{chars_over, is_name_like, name_case, word_count};
use crate::read::{Contributor, Role};
use regex::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

/// What a credit, byline or tag said about the article's makers.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Credit {
    pub contributors: Vec<Contributor>,
    pub outlets: Vec<String>,
}

impl Credit {
    fn merge(&mut self, other: Credit) {
        self.contributors.extend(other.contributors);
        self.outlets.extend(other.outlets);
    }
}

/// Photo credits at the end of a caption: apart from the other patterns, so that the two sets
/// can be compiled at the same time (`super::prepare`).
struct PhotoPatterns {
    /// `photo`, `image`, `picture`, `ảnh` in a line made lower case in ASCII only (`PHOTO` →
    /// `photo`, `ẢNH` → `Ảnh`): every spelling of them, found by a search for a few plain
    /// strings, much faster than a case-blind one.
    photo_word: Regex,
    /// `(Photo: VNA)`, `(Photo courtesy of X)`, `(Illustrative photo)` at the end of a line.
    paren_credit: Regex,
    /// `Photo: VOV`, `- Photo: VGP/Nhat Bac`, `Ảnh: TTXVN` at the end of a line.
    trail_credit: Regex,
    /// `VNA/VNS Photo`, `— VNS Photo Đoàn Tùng` at the end of a line.
    agency_photo: Regex,
}

/// `VNA/VNS Photo`, `— VNS Photo Đoàn Tùng` at the end of a line, the photographer's name
/// of 2 to 41 characters. Compiled with the name unbounded (`+?`; see `agency_photo`).
const AGENCY_PHOTO: &str = r"(?:^|\s)[-–—]?\s*(\p{Lu}[\p{L}+&.]*(?:\s*/\s*\p{Lu}[\p{L}+&.]*)*)\s+(?:Photo|photo|PHOTO|Photos)(?:\s+(\p{Lu}[\p{L}\s.-]{1,40}?))?\s*\.?$";

/// The match of `AGENCY_PHOTO` in `line`. Bounded, the pattern compiles the class of all
/// letters 40 times, which cost more than reading every article; it is compiled with the
/// name unbounded instead. That pattern tries the same ways to match in the same order, and
/// more: its first match is the bounded pattern's unless it holds a longer name, and only
/// then (never in our corpora) is the bounded pattern compiled and asked.
fn agency_photo(line: &str) -> Option<regex::Captures<'_>> {
    let c = photo_patterns().agency_photo.captures(line)?;
    if c.get(2)
        .is_none_or(|name| name.as_str().chars().count() <= 41)
    {
        return Some(c);
    }
    static BOUNDED: OnceLock<Regex> = OnceLock::new();
    BOUNDED
        .get_or_init(|| Regex::new(AGENCY_PHOTO).expect("photo credit pattern"))
        .captures(line)
}

fn photo_patterns() -> &'static PhotoPatterns {
    static P: OnceLock<PhotoPatterns> = OnceLock::new();
    P.get_or_init(|| {
        let r = |s: &str| Regex::new(s).expect("photo credit pattern");
        PhotoPatterns {
            photo_word: r("photo|image|picture|ảnh|Ảnh"),
            paren_credit: r(
                r"(?i)\s*[-–—]?\s*\(\s*(?:(?:illustrative|illustration|file|archive|archival|minh họa)\s+)?(?:photos?|images?|ảnh|pictures?)(?:\s+(?:minh họa|illustration|courtesy(?:\s+of)?|by|source))?\s*(?:[:：]\s*([^()]*?))?\s*\)\s*\.?$",
            ),
            trail_credit: r(
                r"(?i)(?:^|[\s.–—-])\s*(?:[-–—]\s*)?(?:(?:illustrative|file)\s+)?(?:photo(?:graph)?s?|ảnh|images?)(?:\s*[:：]|\s+courtesy(?:\s+of)?\s*:?|\s+by\s*:?)\s*([^:.()]{1,60}?)\s*\.?$",
            ),
            agency_photo: r(&AGENCY_PHOTO.replace("{1,40}?", "+?")),
        }
    })
}

/// `By X`, `Translated by Y`, `Photos: Z` at the start of a byline segment.
const BYLINE_ROLE: &str = r"(?i)^(by|written by|reported by|reporter|story by|text by|text|story|bài|bài viết|bài và ảnh|bài, ảnh|bài & ảnh|translated by|translation by|translated|translator|biên dịch|dịch|photos? by|photos?|ảnh|images?)\s*[:：]?\s+(.+)$";

/// False when `seg` certainly opens with none of the words of `BYLINE_ROLE`: its first
/// character is not the first letter of one in either case (the long s is a case of `s`). The
/// pattern reads the whole segment slowly (`(.+)$`, case-blind, with captures), and most
/// segments asked are not bylines.
fn may_open_with_role(seg: &str) -> bool {
    seg.chars().next().is_some_and(|c| {
        matches!(
            c.to_ascii_lowercase(),
            'b' | 'w' | 'r' | 's' | 't' | 'd' | 'p' | 'i' | 'ả' | 'Ả' | 'ſ'
        )
    })
}

struct Patterns {
    /// `BYLINE_ROLE`.
    byline_role: Regex,
    /// `(VOVWORLD) -` at the start of the lede.
    paren_tag: Regex,
    /// `Hanoi (VNA) –`, `Beijing, Jan 5 (Xinhua) -`, `Sydney (VNA)`.
    place_tag: Regex,
    /// `WVR -`, `VOV.VN -`, `VGP –`.
    outlet_tag: Regex,
    /// `PARIS —`, `HÀ NỘI —`, `HCM CITY —`.
    caps_place: Regex,
    /// A sign-off after the last sentence: `VNS`, `(VNA)`, `– VNA`, `Source: VNA`.
    signoff: Regex,
    /// The Vietnamese official "end of text" mark.
    end_mark: Regex,
}

/// Compiles the photo credit patterns now rather than on first use (`super::prepare`).
pub fn prepare_photo_patterns() {
    photo_patterns();
}

/// Compiles the byline and dateline patterns now rather than on first use.
pub fn prepare_patterns() {
    patterns();
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let r = |s: &str| Regex::new(s).expect("credit pattern");
        let outlets = lexicon()
            .outlet_spellings
            .iter()
            .map(|s| regex::escape(s))
            .collect::<Vec<_>>()
            .join("|");
        Patterns {
            byline_role: r(BYLINE_ROLE),
            paren_tag: r(r"^\(\s*([^()]{2,30}?)\s*\)\s*([-–—:]+)?\s*"),
            // The place in `place_tag` and `caps_place` has 2 to 31 characters, checked by
            // `place_within` rather than written `{1,30}?`: bounded, the pattern compiles the
            // class of all letters once per character, which cost more than reading every
            // article.
            place_tag: r(
                r"^(\p{Lu}[\p{L}.'’ -]+?)(?:,\s*[^()]{1,25}?)?\s*\(\s*([^()]{2,30}?)\s*\)\s*(?:[-–—:]+\s*)?",
            ),
            outlet_tag: r(&format!(
                r"(?i)^({outlets})(?:\s*/\s*(?:{outlets}))*\s*[-–—]+\s*"
            )),
            caps_place: r(r"^(\p{Lu}[\p{Lu}.' ]+?)\s*(?:—|–|--|-)\s+"),
            signoff: r(&format!(
                r"(?i)(?:^|[.!?…”’)\x22]\s*|\s[-–—]\s*)\(?\s*(?:source\s*:\s*|nguồn\s*:\s*|theo\s+)?((?:{outlets})(?:\s*/\s*(?:{outlets}))*)\s*\)?\s*\.?$"
            )),
            end_mark: r(r"\s*\./\.\s*$"),
        }
    })
}

/// Splits a credit's text (`WVR/Quang Hoa`, `Xinhua/Li Muzi`, `VNA`) into agencies and
/// people. Words that are neither (`Internet`, `the Ministry of Foreign Affairs`) are dropped.
pub fn parse_credit(body: &str, role: Role) -> Credit {
    let lex = lexicon();
    let mut credit = Credit::default();
    for part in credit_parts(body) {
        // `Jane Doe for the Guardian`, `EPA via Shutterstock`: the person, or the agency.
        let part = part
            .split_once(" for ")
            .or_else(|| part.split_once(" via "))
            .map_or(part, |(p, _)| p.trim());
        if let Some(outlet) = lex.outlet(part) {
            credit.outlets.push(outlet.to_string());
            continue;
        }
        // "Photo Văn Điệp" inside "VNA/VNS Photo Văn Điệp".
        let name = part
            .strip_prefix("Photo ")
            .or_else(|| part.strip_prefix("photo "))
            .unwrap_or(part);
        if is_name_like(name) || is_name_like(&name_case(name)) {
            credit.contributors.push(Contributor {
                name: name_case(name),
                role,
            });
        }
    }
    credit
}

/// The parts of a credit's text, each an outlet, a person or neither (`parse_credit`).
fn credit_parts(body: &str) -> impl Iterator<Item = &str> {
    body.split(['/', ',', ';', '&'])
        .flat_map(|p| p.split(" and "))
        .map(|part| {
            part.trim()
                .trim_matches(|c: char| c == '.' || c == '-' || c.is_whitespace())
        })
        .filter(|part| !part.is_empty())
}

/// False when `line` certainly has no agency photo credit (`VNA/VNS Photo`) that
/// `split_photo_credit` would take: no outlet among the words right before a `Photo`,
/// `photo` or `PHOTO` that follows white space. The pattern is only run on the lines that
/// pass; its first run costs millions of instructions (a lazy DFA of all letters, built
/// backwards), and the lines it is asked about are mostly menus ending in "Photos".
fn may_have_agency_credit(line: &str) -> bool {
    let lex = lexicon();
    let bytes = line.as_bytes();
    (0..bytes.len())
        .filter(|&at| {
            [&b"Photo"[..], b"photo", b"PHOTO"]
                .iter()
                .any(|w| bytes[at..].starts_with(w))
        })
        .any(|at| {
            // The agencies (group 1 of the pattern) end before white space before the word.
            let before = line[..at].trim_end();
            before.len() < at && credit_parts(agency_span(before)).any(|p| lex.outlet(p).is_some())
        })
}

/// The longest end of `before` that the agencies of `AGENCY_PHOTO` may be a part of:
/// letters, `+`, `&`, `.` and `/`, and white space only beside a `/`. The agencies are
/// that end or an end of it starting after a `/` and white space, so their parts are parts of
/// it too.
fn agency_span(before: &str) -> &str {
    let mut start = before.len();
    while let Some(c) = before[..start].chars().next_back() {
        if c.is_alphabetic() || matches!(c, '+' | '&' | '.' | '/') {
            start -= c.len_utf8();
        } else if c.is_whitespace() {
            let run_start = before[..start].trim_end().len();
            let slash_before = before[..run_start].ends_with('/');
            let slash_after = before[start..].starts_with('/');
            if !(slash_before || slash_after) {
                break;
            }
            start = run_start;
        } else {
            break;
        }
    }
    &before[start..]
}

/// A photo credit at the end of a caption line: the caption text before it, and the credit.
/// `None` when the line carries no credit.
pub fn split_photo_credit(line: &str) -> Option<(String, Credit)> {
    // Every credit names a photo or an image; most lines name neither, and the patterns
    // below are costly to run on every line of every article.
    let p = photo_patterns();
    if !p.photo_word.is_match(&line.to_ascii_lowercase()) {
        return None;
    }
    if let Some(c) = p.paren_credit.captures(line) {
        let m = c.get(0)?;
        let body = c.get(1).map_or("", |b| b.as_str());
        return Some((
            line[..m.start()].trim().to_string(),
            parse_credit(body, Role::Photographer),
        ));
    }
    if let Some(c) = p.trail_credit.captures(line) {
        let m = c.get(0)?;
        // Keep the full stop that ended the caption sentence before the credit.
        let before = line[..m.start()].trim_end();
        let kept = if line[m.start()..].starts_with('.') {
            format!("{before}.")
        } else {
            before.to_string()
        };
        let credit = parse_credit(&c[1], Role::Photographer);
        // "He described the photo: a family at dinner." is a sentence, not a credit: a
        // credit names someone, or at least is a capitalised name of a few words.
        let body = c[1].trim();
        let named = !credit.contributors.is_empty() || !credit.outlets.is_empty();
        let name_shaped = word_count(body) <= 5 && body.starts_with(char::is_uppercase);
        let courtesy = c[0].to_lowercase().contains("courtesy");
        if !(named || name_shaped || courtesy) {
            return None;
        }
        return Some((kept, credit));
    }
    if !may_have_agency_credit(line) {
        return None;
    }
    agency_credit(line)
}

/// A photo credit of names and agencies joined by slashes, alone on its line or ending a
/// caption: `JANE DOE/AFP/Getty Images`, `… in Paris Jane Doe/Reuters`, `…2023.CreditJane
/// Doe/EPA, via Shutterstock`, `(Credit: AP/Jane Doe/Photo montage by X)`. The caption
/// before it and the credit; `None` unless every part is an agency, a name or a note
/// (`Photo montage by X`) and one part is an agency.
pub fn slash_credit(line: &str) -> Option<(String, Credit)> {
    // Every line is asked: the slash is looked for in vector code (`memchr`).
    if line.len() > 600 || memchr::memchr(b'/', line.as_bytes()).is_none() {
        return None;
    }
    let lex = lexicon();
    // `Credit` (glued, or `Credit:`) opens the credit where the page marks it.
    let (caption, tail) = match rfind_credit(line) {
        Some(at) => {
            let before = line[..at].trim_end_matches("Credit");
            let tail = line[at + "Credit".len()..].trim_start_matches([':', ' ']);
            (
                before.trim_end_matches(['(', ' ']),
                tail.trim_end_matches([')', '.', ' ']),
            )
        }
        // `… (Jane Doe / AP)`, `… (Jane Doe/AFP/Getty Images)`: the credit is the bracket
        // closing the caption.
        None if let Some(open) = closing_bracket(line).filter(|&o| line[o..].contains('/')) => {
            let inner = line[open..].trim_matches(['(', ')', '.', ' ']);
            // `(Photo by Jane Doe/Getty Images)`: the credit follows its label.
            let first = inner.split('/').next().unwrap_or(inner);
            let inner = match first.rfind(" by ") {
                Some(at) => &inner[at + " by ".len()..],
                None => inner,
            };
            (line[..open].trim_end(), inner)
        }
        None => {
            // The credit is the last run of words holding a slash, with the words of the
            // name before its first slash.
            let words: Vec<&str> = line.split(' ').collect();
            let k = words.iter().position(|w| w.contains('/'))?;
            let from = slash_name_start(&words, k);
            let at: usize = words[..from].iter().map(|w| w.len() + 1).sum();
            (
                line[..at].trim_end(),
                line[at..].trim_matches(['(', ')', '.', ' ']),
            )
        }
    };
    // `Jane Doe/EPA, via Shutterstock`, `Jane Doe/ Space Agency photo via AP`: the agency the
    // picture came through, after `via`.
    let (tail, via) = match tail.split_once(" via ") {
        Some((head, via)) => (head.trim_end_matches([',', ' ']), lex.outlet(via.trim())),
        None => (tail, None),
    };
    let mut credit = Credit::default();
    credit.outlets.extend(via.map(str::to_string));
    // The organisations a photographer works for, unknown as outlets (`Jane Doe / The Daily
    // Courier`), count as such after a name: a capitalised part of a few words that is not one.
    let mut organisations = 0;
    // `Jane Doe/Agence France-Presse — Getty Images`: agencies joined by a dash too.
    let parts = tail
        .split('/')
        .flat_map(|p| p.split(" — "))
        .map(str::trim)
        .filter(|p| !p.is_empty());
    for part in parts {
        if let Some(o) = lex.outlet(part) {
            credit.outlets.push(o.to_string());
        } else if !credit.contributors.is_empty() && is_media_name(part) {
            organisations += 1;
        } else if is_name_like(part) || is_name_like(&name_case(part)) {
            credit.contributors.push(Contributor {
                name: name_case(part),
                role: Role::Photographer,
            });
        } else {
            // A note (`Photo montage by X`) may stand among the parts; anything else is
            // not a credit.
            let lower = part.to_lowercase();
            let note = part.starts_with(char::is_uppercase)
                && word_count(part) <= 6
                && (lower.contains("photo") || lower.contains("by "));
            if !note {
                return None;
            }
        }
    }
    let employed = organisations > 0 && !credit.contributors.is_empty();
    (!credit.outlets.is_empty() || employed).then(|| (caption.to_string(), credit))
}

/// Where the photographer's name starts in `words`, the slash credit being at word `k`: the
/// name's other words are one before (`Jane Doe/…`), two with an initial (`Helen M.
/// Forde/…`), none when the part before the slash is an agency (`AP/Jane Doe`).
pub(crate) fn slash_name_start(words: &[&str], k: usize) -> usize {
    let first = words[k].split('/').next().unwrap_or("");
    if first.is_empty() || lexicon().outlet(first).is_some() || k == 0 {
        return k;
    }
    let mut from = k - 1;
    if from > 0 && words[from].ends_with('.') && words[from].len() <= 3 {
        from -= 1;
    }
    if words[from..k]
        .iter()
        .all(|w| w.starts_with(char::is_uppercase))
    {
        from
    } else {
        k
    }
}

/// Where the bracket closing a line opens (`… in 2016. (Jane Doe / AP)`), if one does.
fn closing_bracket(line: &str) -> Option<usize> {
    let inner = line.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    (!inner[open..].contains(')')).then_some(open)
}

/// The name of a newspaper or picture agency (`The Daily Courier`, `Harbour Magazine`): a
/// few capitalised words, the last of them a word of `media_words.txt`.
fn is_media_name(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && words.iter().all(|w| w.starts_with(char::is_uppercase))
        && words
            .last()
            .is_some_and(|w| lexicon().media_words.contains(&w.to_lowercase()))
}

/// Where the last `Credit` in `line` starts. Asked of most lines, which have none: found
/// by a forward vector search (`memchr`'s reverse search reads a byte at a time, as
/// `str::rfind` does), its last match taken.
fn rfind_credit(line: &str) -> Option<usize> {
    static FINDER: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    FINDER
        .get_or_init(|| memchr::memmem::Finder::new("Credit"))
        .find_iter(line.as_bytes())
        .last()
}

/// `line.split_once(", ")`, each comma found by `memchr`: a search for the two-byte string
/// costs far more on a long line, and most long lines are asked.
fn split_once_comma_space(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    memchr::memchr_iter(b',', bytes)
        .find(|&at| bytes.get(at + 1) == Some(&b' '))
        .map(|at| (&line[..at], &line[at + 2..]))
}

/// A photo credit marked `Credit` with no agency: `Credit Jane Doe` on its own line, or
/// closing a caption (`… in 2019.CreditJane Doe for The Daily Courier`). The caption before it
/// and the credit (the name as photographer, a known outlet after `for` as an outlet).
pub fn marked_credit(line: &str) -> Option<(String, Credit)> {
    // Every line is asked: the slash is looked for in vector code (`memchr`).
    if line.len() > 600 || memchr::memchr(b'/', line.as_bytes()).is_some() {
        return None;
    }
    let at = rfind_credit(line)?;
    let before = &line[..at];
    let after = line[at + "Credit".len()..].trim_start_matches(':');
    // A word of its own (`Credit Jane`), or glued to the name after it (`CreditJane`): never
    // a part of another word (`discredit`).
    let glued = after.starts_with(char::is_uppercase);
    let spaced = after.starts_with(' ');
    if !(glued || spaced && !before.ends_with(char::is_alphabetic)) {
        return None;
    }
    let tail = after.trim().trim_end_matches(['.', ')']);
    let tail = tail.split(", via ").next().unwrap_or(tail);
    let (name, employer) = match tail.split_once(" for ") {
        Some((name, employer)) => (name.trim(), Some(employer.trim())),
        None => (tail, None),
    };
    if !(is_name_like(name) || is_name_like(&name_case(name))) {
        return None;
    }
    let mut credit = Credit::default();
    credit.contributors.push(Contributor {
        name: name_case(name),
        role: Role::Photographer,
    });
    if let Some(o) = employer.and_then(|e| lexicon().outlet(e)) {
        credit.outlets.push(o.to_string());
    }
    Some((before.trim_end_matches(['(', ' ']).to_string(), credit))
}

/// The people a closing line credits with helping (`Jane Doe contributed to this report.`,
/// `Staff Writer Jane Doe in Paris and John Roe in Moscow contributed reporting.`): the names
/// before a phrase of `contributed.txt`, past the job titles before them and the places after
/// them. `None` when the line ends with no such phrase or names no one.
pub fn contributed_credit(line: &str) -> Option<Credit> {
    // Every line is asked, and few hold the word: it is looked for first, in vector code
    // (`memmem`), before the characters of a long line are counted.
    static WORD: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let word = WORD.get_or_init(|| memchr::memmem::Finder::new("ontributed"));
    if word.find(line.as_bytes()).is_none() || chars_over(line, 300) {
        return None;
    }
    let lex = lexicon();
    let trimmed = line.trim_end_matches(['.', ' ']);
    // ASCII lower case keeps every byte where it was (the phrases are ASCII).
    let lower = trimmed.to_ascii_lowercase();
    let head_len = lex
        .contributed
        .iter()
        .find_map(|p| lower.strip_suffix(p.as_str()).map(str::len))?;
    let head = trimmed[..head_len].trim();
    let mut credit = Credit::default();
    for seg in head.split([',', ';']).flat_map(|s| s.split(" and ")) {
        let seg = seg.trim();
        if let Some(o) = lex.outlet(seg) {
            credit.outlets.push(o.to_string());
            continue;
        }
        let mut run: Vec<&str> = Vec::new();
        for w in seg.split_whitespace() {
            let lower = w.to_lowercase();
            if lex.job_titles.contains(&lower) {
                // `Aerospace Writer Jane Doe`: the name comes after the title.
                run.clear();
            } else if is_name_word(w) || (!run.is_empty() && is_particle(&lower)) {
                run.push(w);
            } else if !run.is_empty() {
                // `in Moscow`: the name has ended.
                break;
            }
        }
        let name = run.join(" ");
        if is_name_like(&name) || is_name_like(&name_case(&name)) {
            credit.contributors.push(Contributor {
                name: name_case(&name),
                role: Role::Author,
            });
        }
    }
    (!credit.contributors.is_empty() || !credit.outlets.is_empty()).then_some(credit)
}

/// A byline with the author's short biography after it, too long for a byline line: `By
/// Jane Doe, a senior reporter who has covered the courts since 2009.` The names before the
/// first comma, when what follows it describes them (`a`, `an`, `the`, or lower case).
pub fn bio_byline(line: &str) -> Option<Credit> {
    let (names, bio) = split_once_comma_space(line)?;
    if chars_over(names, 80) || !bio.starts_with(|c: char| c.is_lowercase()) {
        return None;
    }
    parse_by_credit(names)
}

/// A caption closed by a bracketed credit of who shot it, with no agency: `… in 2015. (Video
/// by Jane Doe)`, `(Photo by John Roe)`. The caption before the bracket and the credit; `None`
/// unless the bracket opens with a photographer's by-phrase (`by_phrases.txt`) and names
/// someone. Other by-phrases (`(Reporting by …)`) may close a paragraph of the story.
pub fn bracket_by_credit(line: &str) -> Option<(String, Credit)> {
    if line.len() > 600 {
        return None;
    }
    let open = closing_bracket(line)?;
    let inner = line[open..].trim_matches(['(', ')', '.', ' ']);
    let (role, _) = by_phrase(inner)?;
    if role != Role::Photographer {
        return None;
    }
    let credit = parse_by_credit(inner)?;
    (!credit.contributors.is_empty()).then(|| (line[..open].trim_end().to_string(), credit))
}

/// A line crediting a story's photos to a list of people, agencies and user names: `Photos by
/// jdoe (Shutterstock), Jane Doe, John Roe, AP`. The people among them as photographers (a
/// user name or a note is passed over, not taken for the list's end), or `None` when the line
/// opens with no photographer's by-phrase or names no one.
pub fn photo_list_credit(line: &str) -> Option<Credit> {
    // Asked of every line: most open with no `photo…`, `picture…`, `image…` or `video…`.
    let first = line.as_bytes().first()?.to_ascii_lowercase();
    if !matches!(first, b'p' | b'i' | b'v') || chars_over(line, 400) {
        return None;
    }
    let (role, rest) = by_phrase(line)?;
    if role != Role::Photographer || !rest.contains(", ") {
        return None;
    }
    let lex = lexicon();
    let mut credit = Credit::default();
    for part in rest.trim_end_matches(['.', ' ']).split([',', ';']) {
        // `jdoe (Shutterstock)`: the site a picture came from, after its maker.
        let part = match part.split_once(" (") {
            Some((p, _)) => p,
            None => part,
        };
        let part = part.trim().trim_start_matches("and ").trim();
        if let Some(o) = lex.outlet(part) {
            credit.outlets.push(o.to_string());
        } else if is_name_like(part) {
            credit.contributors.push(Contributor {
                name: part.to_string(),
                role,
            });
        }
    }
    (!credit.contributors.is_empty()).then_some(credit)
}

/// A byline naming the outlet after the name, perhaps under a label and with a place:
/// `Analysis: Jane Doe, BBC News, Washington`, `Jane Doe, Reuters`. The outlet vouches for the
/// name beside it; `None` unless the line is a name, a known outlet and at most a place.
pub fn outlet_byline(line: &str) -> Option<Credit> {
    if chars_over(line, 100) || !line.contains(", ") {
        return None;
    }
    let lex = lexicon();
    // A label of one or two capitalised words (`Analysis:`, `Field notes:`).
    let body = match line.split_once(": ") {
        Some((label, body)) if word_count(label) <= 2 && label.starts_with(char::is_uppercase) => {
            body
        }
        Some(_) => return None,
        None => line,
    };
    let parts: Vec<&str> = body
        .trim_end_matches('.')
        .split(", ")
        .map(str::trim)
        .collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    // The outlet first: it turns most lines away at once.
    let outlet = lex.outlet(parts[1])?;
    if !is_name_like(parts[0]) {
        return None;
    }
    // A place after the outlet: a few capitalised words.
    if let Some(place) = parts.get(2)
        && !(word_count(place) <= 3
            && place
                .split_whitespace()
                .all(|w| w.starts_with(char::is_uppercase)))
    {
        return None;
    }
    Some(Credit {
        contributors: vec![Contributor {
            name: name_case(parts[0]),
            role: Role::Author,
        }],
        outlets: vec![outlet.to_string()],
    })
}

/// An agency photo credit (`VNA/VNS Photo Đoàn Tùng`) at the end of a caption line.
fn agency_credit(line: &str) -> Option<(String, Credit)> {
    let c = agency_photo(line)?;
    let agencies = parse_credit(&c[1], Role::Photographer);
    // Only real agencies: "a commemorative Group Photo" is not a credit.
    if agencies.outlets.is_empty() || !agencies.contributors.is_empty() {
        return None;
    }
    let mut credit = agencies;
    if let Some(name) = c.get(2) {
        credit.merge(parse_credit(name.as_str(), Role::Photographer));
    }
    let m = c.get(0)?;
    Some((line[..m.start()].trim().to_string(), credit))
}

/// An English credit opening with a by-phrase (`By`, `Reporting by`, `Editing by`, `Photos
/// by`, in any case): the phrase's role and the text after it.
fn by_phrase(seg: &str) -> Option<(Role, &str)> {
    let head = seg.get(..seg.len().min(32))?;
    let lower = head.to_ascii_lowercase();
    lexicon().by_phrases.iter().find_map(|(phrase, role)| {
        let rest = lower.strip_prefix(phrase.as_str())?;
        // The phrase is whole words, then the names: `By: X`, `By X`, never `Bypass`.
        let gap = rest.len() - rest.trim_start_matches([' ', ':']).len();
        (gap > 0).then(|| (*role, &seg[phrase.len() + gap..]))
    })
}

/// True when the text opens with a by-phrase (`By`, `Photos by`).
pub fn by_phrase_opens(text: &str) -> bool {
    by_phrase(text).is_some()
}

/// Particles inside a name (`Paolo Di Santis` is capitalised, `Ludwig van Beethoven` is not).
fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "da"
            | "di"
            | "du"
            | "del"
            | "della"
            | "der"
            | "den"
            | "van"
            | "von"
            | "la"
            | "le"
            | "bin"
            | "al"
            | "el"
            | "dos"
            | "das"
            | "y"
            | "ibn"
            | "ter"
    )
}

/// A word that may be part of a name: capitalised letters (`O'Neil`, `Heon-Kyun`, `D.`), an
/// initial or nickname in brackets (`(R.J.)`).
fn is_name_word(w: &str) -> bool {
    let w = w.trim_start_matches('(').trim_end_matches(')');
    w.starts_with(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
}

/// The people (and outlets) named after a by-phrase, as a page prints them: `Jane Doe`,
/// `JANE DOE and John Roe`, `A, B and C`, followed by anything (a title after a comma, a date,
/// `Follow @handle`, `in Moscow`), which ends the names. A part that is not a name (a job
/// title, a place) ends them too.
fn names_after(rest: &str, role: Role) -> Credit {
    let lex = lexicon();
    let mut credit = Credit::default();
    let mut name: Vec<&str> = Vec::new();
    let mut after_comma = false;
    // Returns false when the name just ended is not one, which ends the list.
    let finish = |name: &mut Vec<&str>, credit: &mut Credit| -> bool {
        if name.is_empty() {
            return true;
        }
        let text = name.join(" ");
        name.clear();
        if let Some(outlet) = lex.outlet(&text) {
            credit.outlets.push(outlet.to_string());
            return true;
        }
        // Checked without a nickname in brackets or the particles (`Maria de la Cruz`).
        let bare: String = text
            .split_whitespace()
            .filter(|w| !w.starts_with('(') && !is_particle(w))
            .collect::<Vec<_>>()
            .join(" ");
        let cased = name_case(&text);
        if is_name_like(&bare) || is_name_like(&name_case(&bare)) {
            credit.contributors.push(Contributor { name: cased, role });
            true
        } else {
            false
        }
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    for (i, &raw) in words.iter().enumerate() {
        let (word, comma) = match raw.strip_suffix([',', ';']) {
            Some(w) => (w, true),
            None => (raw, false),
        };
        let lower = word.to_lowercase();
        // `Jane Doe (photography)`: a note of what the person did, in brackets.
        if let Some(note) = lower.strip_prefix('(').and_then(|n| n.strip_suffix(')'))
            && note.chars().all(char::is_lowercase)
        {
            let ended = name.is_empty() || finish(&mut name, &mut credit);
            if note.starts_with("photo")
                && let Some(last) = credit.contributors.last_mut()
            {
                last.role = Role::Photographer;
            }
            if !ended {
                return credit;
            }
            continue;
        }
        let month_next = lex.months.contains_key(lower.trim_end_matches('.'))
            && words
                .get(i + 1)
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
        if lower == "and" || word == "&" {
            if !finish(&mut name, &mut credit) {
                return credit;
            }
            after_comma = false;
            continue;
        }
        let in_name = !month_next
            && !lex.name_stopwords.contains(lower.trim_end_matches('.'))
            && (is_name_word(word) || (!name.is_empty() && is_particle(&lower)));
        if !in_name {
            break;
        }
        name.push(word);
        if comma {
            let before = credit.contributors.len() + credit.outlets.len();
            if !finish(&mut name, &mut credit) {
                return credit;
            }
            // `By X, Reporter`: what follows one comma is the title, unless it is a name.
            if after_comma && credit.contributors.len() + credit.outlets.len() == before {
                return credit;
            }
            after_comma = true;
        }
    }
    // The last name stands only if it is one; after a comma it may be a title (`X, Reporter`).
    finish(&mut name, &mut credit);
    credit
}

/// An English byline: a by-phrase and the people after it, whatever follows them on the line
/// (`By JANE DOE Jan. 7, 2021`, `By Jane Doe, Staff Writer`, `Reporting by X; Editing by Y` is
/// two segments). `None` when the segment opens with no by-phrase or names no one.
pub fn parse_by_credit(seg: &str) -> Option<Credit> {
    let (role, rest) = by_phrase(seg.trim())?;
    // `by Jane Doe22 Dec 2016`: a name glued to the date after it.
    let rest = unglue_digits(rest);
    let credit = names_after(&rest, role);
    (!credit.contributors.is_empty() || !credit.outlets.is_empty()).then_some(credit)
}

/// A space between a letter and the digit glued after it (`Nolan22 Dec` → `Nolan 22 Dec`).
fn unglue_digits(s: &str) -> Cow<'_, str> {
    let glued = s
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_digit());
    if !glued {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 4);
    let mut prev_alpha = false;
    for c in s.chars() {
        if prev_alpha && c.is_ascii_digit() {
            out.push(' ');
        }
        prev_alpha = c.is_alphabetic();
        out.push(c);
    }
    Cow::Owned(out)
}

/// A job title beside a byline (`Staff Writer`, `BuzzFeed News Reporter`, `Special to The
/// Times`): a few words, one of them a job title's.
pub fn is_job_title(seg: &str) -> bool {
    let jobs = &lexicon().job_titles;
    let seg = seg.trim();
    word_count(seg) <= 6
        && seg
            .split(|c: char| !c.is_alphabetic())
            .any(|w| !w.is_empty() && jobs.contains(&w.to_lowercase()))
}

/// A byline segment: `By X and Y`, `Translated by Y`, `Photos: Z`, an outlet, or (when
/// `bare_names` is allowed, under a headline or at the very end) a name standing alone.
pub fn parse_byline_segment(seg: &str, bare_names: bool) -> Option<Credit> {
    let lex = lexicon();
    let seg = seg
        .trim()
        .trim_matches(|c: char| matches!(c, '|' | '-' | '–' | '—' | ':' | ','));
    let seg = seg.trim();
    if seg.is_empty() {
        return Some(Credit::default());
    }
    if let Some(outlet) = lex.outlet(seg) {
        return Some(Credit {
            contributors: vec![],
            outlets: vec![outlet.to_string()],
        });
    }
    if let Some(credit) = parse_by_credit(seg) {
        return Some(credit);
    }
    if may_open_with_role(seg)
        && let Some(c) = patterns().byline_role.captures(seg)
    {
        let word = c[1].to_lowercase();
        let role = if word.contains("transl") || word.contains("dịch") {
            Role::Translator
        } else if word.contains("photo") || word == "ảnh" || word.starts_with("image") {
            Role::Photographer
        } else {
            Role::Author
        };
        let credit = parse_credit(&c[2], role);
        // "Bài và ảnh: X" is text and photos by the same person.
        let both = word.contains("ảnh") && word != "ảnh";
        if credit.contributors.is_empty() && credit.outlets.is_empty() {
            return None;
        }
        let mut credit = credit;
        if both {
            let photos: Vec<Contributor> = credit
                .contributors
                .iter()
                .map(|c| Contributor {
                    name: c.name.clone(),
                    role: Role::Photographer,
                })
                .collect();
            credit.contributors.extend(photos);
        }
        return Some(credit);
    }
    // `Jane Doe, Reporter`: the title after the comma is not a second person.
    let seg = match seg.split_once(", ") {
        Some((names, title)) if is_job_title(title) => names,
        _ => seg,
    };
    // A date or a job title beside the names (`Jane Doe | Staff Writer | Jan 7, 2021`).
    if is_job_title(seg) || super::date::date_line(seg).is_some() {
        return Some(Credit::default());
    }
    if bare_names {
        let credit = parse_credit(seg, Role::Author);
        // Every part must be accounted for: a line with other words is not a byline.
        let parts = seg
            .split(['/', ',', ';', '&'])
            .flat_map(|p| p.split(" and "))
            .filter(|p| !p.trim().is_empty())
            .count();
        if parts > 0 && credit.contributors.len() + credit.outlets.len() == parts {
            return Some(credit);
        }
    }
    None
}

/// A whole byline line: segments split by `|`, ` – ` or `;`, each of them a byline segment.
pub fn parse_byline(line: &str, bare_names: bool) -> Option<Credit> {
    if chars_over(line, 120) {
        return None;
    }
    let mut credit = Credit::default();
    let mut any = false;
    let mut add = |seg: &str| -> Option<()> {
        let c = parse_byline_segment(seg, bare_names)?;
        any |= !c.contributors.is_empty() || !c.outlets.is_empty();
        credit.merge(c);
        Some(())
    };
    let segments = line.split(['|', ';']);
    // Most lines hold no dash (`-`, or `–` and `—`, which begin with the byte E2), and the
    // searches for the three separators below are set up anew for every segment.
    if !line.as_bytes().iter().any(|&b| b == b'-' || b == 0xE2) {
        for seg in segments {
            add(seg)?;
        }
    } else {
        for seg in segments
            .flat_map(|s| s.split(" – "))
            .flat_map(|s| s.split(" — "))
            .flat_map(|s| s.split(" - "))
        {
            add(seg)?;
        }
    }
    any.then_some(credit)
}

/// The match of `place_tag` or `caps_place` in `text` if its place (group 1) has at most 31
/// characters: the match of the pattern written with `{1,30}?`. The place is the pattern's
/// first choice and it is lazy, anchored at the start: the match found is the one with the
/// shortest place the rest of the pattern allows, so if that place is too long, no shorter
/// one is allowed either.
fn place_within<'h>(pattern: &Regex, text: &'h str) -> Option<regex::Captures<'h>> {
    pattern
        .captures(text)
        .filter(|c| c[1].chars().count() <= 31)
}

/// A dateline or outlet tag at the start of a paragraph: the paragraph without it, and the
/// outlet it names (a place-only dateline such as `PARIS —` names none).
pub fn strip_dateline(text: &str) -> Option<(String, Option<String>)> {
    let p = patterns();
    let lex = lexicon();
    let rest = |end: usize| text[end..].trim_start().to_string();
    if let Some(c) = p.paren_tag.captures(text)
        && let Some(outlet) = lex.outlet(&c[1])
    {
        return Some((rest(c.get(0)?.end()), Some(outlet.to_string())));
    }
    if let Some(c) = place_within(&p.place_tag, text)
        && c[1].split_whitespace().count() <= 4
        && let Some(outlet) = lex.outlet(&c[2])
    {
        return Some((rest(c.get(0)?.end()), Some(outlet.to_string())));
    }
    if let Some(c) = p.outlet_tag.captures(text)
        && let Some(outlet) = lex.outlet(&c[1])
    {
        return Some((rest(c.get(0)?.end()), Some(outlet.to_string())));
    }
    if let Some(c) = place_within(&p.caps_place, text) {
        let place = c[1].trim();
        let letters = place.chars().filter(|c| c.is_alphabetic()).count();
        let after = &text[c.get(0)?.end()..];
        if letters >= 4
            && !lex.not_places.contains(place)
            && after
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
        {
            let outlet = lex.outlet(place).map(str::to_string);
            return Some((after.trim_start().to_string(), outlet));
        }
    }
    None
}

/// A sign-off after the last sentence (`… results. VNS`, `./.`): the paragraph without it
/// and the outlet it names. A line that is only a sign-off gives an empty text.
pub fn strip_signoff(text: &str) -> Option<(String, Option<String>)> {
    let p = patterns();
    if let Some(m) = p.end_mark.find(text) {
        // "./." is the sentence's full stop and the end mark: the full stop stays.
        let before = text[..m.start()].trim_end();
        let stop = if before.ends_with(['.', '!', '?', '…']) || before.is_empty() {
            ""
        } else {
            "."
        };
        return Some((format!("{before}{stop}"), None));
    }
    // A sign-off is at the very end: only the last few hundred bytes are searched.
    let mut from = text.len().saturating_sub(300);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let c = p.signoff.captures_at(text, from)?;
    let m = c.get(0)?;
    let first = c[1].split('/').next().unwrap_or("").trim();
    let outlet = lexicon().outlet(first)?;
    // Keep the sentence's own closing mark, which the pattern consumed.
    let whole = m.as_str();
    let kept_mark: String = whole
        .chars()
        .take_while(|c| matches!(c, '.' | '!' | '?' | '…' | '”' | '’' | ')' | '"'))
        .collect();
    let before = format!("{}{}", &text[..m.start()], kept_mark);
    Some((before.trim_end().to_string(), Some(outlet.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The role pre-check lets through every segment whose first character the pattern may
    /// begin with: the first letters of its words, in any case the pattern allows.
    #[test]
    fn role_check_lets_every_role_through() {
        let roles = BYLINE_ROLE
            .strip_prefix("(?i)^(")
            .and_then(|r| r.split_once(')'))
            .map(|(roles, _)| roles)
            .unwrap();
        let firsts: String = roles
            .split('|')
            .map(|r| r.chars().next().unwrap())
            .collect();
        let first = Regex::new(&format!("(?i)^[{firsts}]")).unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if first.is_match(c.encode_utf8(&mut [0; 4])) {
                assert!(may_open_with_role(&c.to_string()), "{c:?}");
            }
        }
        super::super::assert_precheck_admits_matches(
            BYLINE_ROLE,
            may_open_with_role,
            &[
                "By Jane Doe",
                "PHOTOS: John Roe",
                "Bài và ảnh: Thanh Hà",
                "ẢNH: TTXVN",
                "ſtory by Jane Doe",
                "Image: Reuters",
                "Jane Doe",
                "",
            ],
        );
    }

    /// `place_within` and `agency_photo` find what the bounded patterns find. Lines from files
    /// under `$GAZETTE_PATTERN_LINES` (a directory) are compared too, when it is set.
    #[test]
    fn places_and_agency_credits_match_the_bounded_patterns() {
        let pairs = [
            (
                Regex::new(r"^(\p{Lu}[\p{L}.'’ -]{1,30}?)(?:,\s*[^()]{1,25}?)?\s*\(\s*([^()]{2,30}?)\s*\)\s*(?:[-–—:]+\s*)?").unwrap(),
                &patterns().place_tag,
            ),
            (
                Regex::new(r"^(\p{Lu}[\p{Lu}.' ]{1,30}?)\s*(?:—|–|--|-)\s+").unwrap(),
                &patterns().caps_place,
            ),
        ];
        let long = "A".repeat(29);
        let mut lines: Vec<String> = [
            "HANOI (VNA) - Prime Minister",
            "Hà Nội, Jan 5 (VNS) — text",
            "HANOI — The",
            "HO CHI MINH CITY – Text",
            "A - b",
            "AB - c",
            "Hanoi (VNA)",
            "Ha Long Bay, Quang Ninh province (VNA) – Text",
            "Bà Rịa - Vũng Tàu (VNA)",
            "Thành phố Hồ Chí Minh và các tỉnh (VNA) text",
            "Thành phố Hồ Chí Minh và các tỉnh lân cận (VNA) text",
            "HANOI - HANOI - HANOI - x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for n in 26..=34 {
            let place = format!("B{}", &"A".repeat(n)[..n]);
            lines.push(format!("{place} (VNA) text"));
            lines.push(format!("{place} - Text"));
            lines.push(format!("{place}, Jan 5 (VNA) text"));
            lines.push(format!(
                "{} {long} - B - Text",
                &place[..n.min(place.len())]
            ));
            lines.push(format!("B {place} (VNA) - {place} (VNS)"));
        }
        lines.extend(super::super::pattern_lines_from_env());
        let bounded_agency = Regex::new(AGENCY_PHOTO).unwrap();
        let name = format!("Nguyen {}", "a".repeat(36));
        for n in [30, 33, 34, 35, 36, 40] {
            let name = &name[..n];
            lines.push(format!("Caption. VNA Photo {name}"));
            lines.push(format!("Caption. VNA Photo {name}."));
            lines.push(format!("VNA Photo {name} VNS Photo Tran Hai"));
            lines.push(format!("VNA/VNS Photo {name} and VNS Photo {name}"));
        }
        lines.push("— VNS Photo Đoàn Tùng".to_string());
        lines.push("A commemorative Group Photo".to_string());
        lines.extend(
            [
                "Caption text VNA / VNS  Photo",
                "Caption text Xinhua/ Li Muzi PHOTO",
                "Caption text Reuters&AP photo by Tran Hai.",
                "Caption text (VNA/VNS Photo)",
                "Caption text — VNA   Photos",
                "Politics Business Society Culture Sports World Travel Videos Photos",
                "Caption text VNA-Photo Hai",
                "Caption text VNA\u{a0}Photo Hai",
                "Caption text Giáo Dục/VNA Photo Đoàn Tùng",
            ]
            .map(str::to_string),
        );
        for l in [
            "Caption text VNA / VNS  Photo",
            "Caption text — VNA   Photos",
            "Caption text Giáo Dục/VNA Photo Đoàn Tùng",
        ] {
            assert!(agency_credit(l).is_some(), "{l}");
        }
        for l in &lines {
            // The check before the pattern lets every line it would credit through.
            assert!(
                agency_credit(l).is_none() || may_have_agency_credit(l),
                "{l}"
            );
            let spans = |c: Option<regex::Captures>| -> Option<Vec<Option<(usize, usize)>>> {
                c.map(|c| c.iter().map(|g| g.map(|g| (g.start(), g.end()))).collect())
            };
            assert_eq!(
                spans(bounded_agency.captures(l)),
                spans(agency_photo(l)),
                "{l}"
            );
            for (old, new) in &pairs {
                let spans = |c: Option<regex::Captures>| -> Option<Vec<Option<(usize, usize)>>> {
                    c.map(|c| c.iter().map(|g| g.map(|g| (g.start(), g.end()))).collect())
                };
                assert_eq!(spans(old.captures(l)), spans(place_within(new, l)), "{l}");
            }
        }
    }
}
