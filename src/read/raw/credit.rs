//! Who made the article and who published it: photo credits (`(Photo: WVR/Quang Hoa)`,
//! `VNA/VNS Photo`), bylines (`By X – Translated by Y`, `Thanh Hà |`), datelines and outlet
//! tags at the head of the lede (`Hanoi (VNA) –`, `(VOVWORLD) -`, `PARIS —`) and sign-offs at
//! the end of the text (`VNS`, `./.`). Agencies are outlets, never people.

use super::lexicon::lexicon;
use super::text::{chars_over, is_name_like, name_case, word_count};
use crate::read::{Contributor, Role};
use regex::Regex;
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
                r"(?i)(?:^|[\s.–—-])\s*(?:[-–—]\s*)?(?:(?:illustrative|file)\s+)?(?:photos?|ảnh|images?)(?:\s*[:：]|\s+courtesy(?:\s+of)?\s*:?|\s+by\s*:?)\s*([^:.()]{1,60}?)\s*\.?$",
            ),
            agency_photo: r(&AGENCY_PHOTO.replace("{1,40}?", "+?")),
        }
    })
}

struct Patterns {
    /// `By X`, `Translated by Y`, `Photos: Z` at the start of a byline segment.
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
            byline_role: r(
                r"(?i)^(by|written by|reported by|reporter|story by|text by|text|story|bài|bài viết|bài và ảnh|bài, ảnh|bài & ảnh|translated by|translation by|translated|translator|biên dịch|dịch|photos? by|photos?|ảnh|images?)\s*[:：]?\s+(.+)$",
            ),
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
    if let Some(c) = patterns().byline_role.captures(seg) {
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
