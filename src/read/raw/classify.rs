//! Line classification. Each line first gets what it says on its own (a date, a credit, a
//! caption, page furniture, or plain text); then passes over the whole sequence weigh the
//! evidence that only context gives: where the head of the article ends, which line is the
//! headline, which short lines are bylines, menus, subheadings or interview questions.

use super::credit::{
    Credit, bio_byline, bracket_by_credit, by_phrase_opens, contributed_credit, is_job_title,
    marked_credit, outlet_byline, parse_by_credit, parse_byline, parse_credit, photo_list_credit,
    slash_credit, split_photo_credit,
};
use super::date::{
    Order, date_line, numeric_readings, only_date_words, page_order, split_date,
    strip_relative_stamp,
};
use super::lexicon::lexicon;
use super::region;
use super::text::{
    chars_over, ends_punctuated, ends_sentence, final_punct, first_sentence, is_name_like, key,
    name_case, starts_upper, word_count, words_up_to,
};
use chrono::NaiveDate;
use regex::{Captures, Regex};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::OnceLock;

/// One non-empty line of the source, cleaned.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the source, for warnings.
    pub no: usize,
    pub text: String,
    /// A blank line came before this one.
    pub blank_before: bool,
    /// Its words, up to `LINE_WORDS` (`words_up_to`): counted once, as the line's shape is
    /// asked about many times over and a paragraph has hundreds of words.
    pub words: usize,
}

/// The most words of a line that any question about its shape needs: the most a line of prose
/// weighs (`region`). `words_up_to(&line.text, n)` is `line.words.min(n)` for any `n` up to it.
pub const LINE_WORDS: usize = 120;

impl Line {
    pub fn new(no: usize, text: String, blank_before: bool) -> Self {
        let words = words_up_to(&text, LINE_WORDS);
        Line {
            no,
            text,
            blank_before,
            words,
        }
    }
}

/// What a line was judged to be.
#[derive(Debug, Clone, PartialEq)]
pub enum LineKind {
    /// Page furniture: dropped.
    Junk,
    /// A line that opens a list of links to other stories: dropped, and the links after it.
    Related,
    /// The headline.
    Title,
    /// A line that is only a date (and time).
    Date(NaiveDate),
    /// Byline, translator, outlet name: metadata, not text.
    Byline(Credit),
    /// A photo credit standing on its own line.
    Credit(Credit),
    Caption {
        text: String,
        credit: Credit,
    },
    Heading,
    Question,
    Paragraph,
    /// Not yet decided: text that context will make a paragraph, heading, question...
    Text,
}

/// `Headline - ảnh 1Caption…`, `Headline hinh anh 1`: an image's alt text (usually the
/// headline) followed by its number, with the caption glued after it.
const IMAGE_MARKER: &str = r"(?i)^(.*?)(?:\s+[-–]\s*(?:hình ảnh|hinh anh|ảnh|anh|photo|image)|\s+(?:hình ảnh|hinh anh))\s?(\d{1,2})(?:\s*$|\s*(\D.*)$)";

struct Patterns {
    /// `Q1:`, `Reporter:`, `VOV:` opening an interviewer's question.
    question_prefix: Regex,
    bullet: Regex,
    /// `(L)`, `(R)`, `(second from left)`: positions in a photo.
    photo_position: Regex,
    url: Regex,
    /// `12 comments`.
    comment_count: Regex,
    /// `Source: VNA`, `Nguồn: TTXVN` on a line of its own.
    source: Regex,
}

/// Compiles the classifier's patterns now rather than on first use (`super::prepare`).
pub fn prepare_patterns() {
    patterns();
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let lex = lexicon();
        let prefixes = lex
            .question_prefixes
            .iter()
            .map(|s| regex::escape(s))
            .collect::<Vec<_>>()
            .join("|");
        let outlets = lex
            .outlet_spellings
            .iter()
            .map(|s| regex::escape(s))
            .collect::<Vec<_>>()
            .join("|");
        let r = |s: &str| Regex::new(s).expect("classifier pattern");
        Patterns {
            question_prefix: r(&format!(
                r"^(?:(?i:(?:{prefixes})\s*\d{{0,2}})\s*[:.]|(?:{outlets})\s*:)\s+\S"
            )),
            bullet: r(r"^[•·▪►▸◦■●*+\-–]\s*"),
            photo_position: r(
                r"(?i)\((?:[^()]{0,30}[\s,])?(?:l|r|c|left|right|centre|center|front|middle|back)(?:[\s,;][^()]{0,30})?\)",
            ),
            comment_count: r(r"(?i)^\d+\s+(?:comments?|bình luận|ý kiến)$"),
            url: r(r"^(?:https?://|www\.)\S+$"),
            source: r(r"(?i)^\(?(?:source|sources|nguồn|theo nguồn)\s*:\s*(.{1,60}?)\)?\.?$"),
        }
    })
}

/// Page furniture is short: longer lines are never compared with the lists, which keeps
/// the reader fast on very long lines.
const FURNITURE_MAX: usize = 120;
/// Captions, image markers and credits fit in a few lines of a page; longer lines are text.
const CAPTION_MAX: usize = 1500;

fn is_junk(line: &str) -> bool {
    // The key is only asked for of a short line.
    let k = if line.len() <= FURNITURE_MAX {
        key(line)
    } else {
        String::new()
    };
    is_junk_keyed(line, &k)
}

/// `is_junk`, for a line whose key (`k`) is known already.
fn is_junk_keyed(line: &str, k: &str) -> bool {
    if !line.chars().any(char::is_alphanumeric) {
        return true;
    }
    // Markup left in the copy (`<img src=… />`): never text.
    if line.starts_with('<') && line.ends_with('>') {
        return true;
    }
    if line.len() > FURNITURE_MAX {
        return false;
    }
    let lex = lexicon();
    k.is_empty()
        || lex.junk.contains(k)
        || lex.junk_prefixes.iter().any(|p| k.starts_with(p.as_str()))
        || is_widget_row(k)
        || patterns().url.is_match(line)
        || patterns().comment_count.is_match(line)
        || is_script_line(line)
}

/// A line of a script the page's text kept (`window._ads = window._ads || [];`, `ads.push({`,
/// `mode: 'thumbnails',`): a statement ending in a brace or a semicolon after code, or a
/// setting of an object (a lower-case name, a colon and a quoted value).
fn is_script_line(line: &str) -> bool {
    let code_end = (line.ends_with('{') || line.ends_with(");") || line.ends_with("];"))
        && line.contains(['(', '=', '[']);
    let setting = line.split_once(": ").is_some_and(|(name, value)| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            && value.starts_with(['\'', '"'])
            && value.trim_end_matches(',').ends_with(['\'', '"'])
    });
    code_end || setting
}

/// "Related stories", "Most read", "More from Politics": a line opening a list of other stories.
fn is_related_header(line: &str, line_key: &str) -> bool {
    let lex = lexicon();
    lex.related_headers.contains(line_key)
        || (words_up_to(line, 7) <= 6
            && !ends_sentence(line)
            && lex.related_prefixes.iter().any(|p| {
                line_key
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.starts_with(' '))
            }))
}

/// A row of widget labels (`Share Facebook Comment (0)`, `Tweet Email Print`): two or more
/// words, each of them furniture on its own (`junk.txt`), with counters between them.
fn is_widget_row(k: &str) -> bool {
    let junk = &lexicon().junk;
    let mut words = 0;
    for w in k.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        if w.is_empty() || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if !junk.contains(w) {
            return false;
        }
        words += 1;
    }
    words >= 2
}

/// A caption's text and credit, from a line known to be a caption.
fn caption(text: &str) -> LineKind {
    let split = split_photo_credit(text);
    caption_of(text, split)
}

/// `caption`, for a line whose photo credit has been looked for already (`split`).
fn caption_of(text: &str, split: Option<(String, Credit)>) -> LineKind {
    let (text, credit) = split.unwrap_or_else(|| (text.to_string(), Credit::default()));
    // "Illustrative photo" says nothing a reader needs.
    if !is_junk(&text) {
        LineKind::Caption { text, credit }
    } else if credit.contributors.is_empty() && credit.outlets.is_empty() {
        LineKind::Junk
    } else {
        LineKind::Credit(credit)
    }
}

/// A line that is only metadata: segments split by `|`, each a date or a byline.
fn meta_line(line: &str) -> Option<LineKind> {
    // The date and what is left beside it, found once for both questions asked below.
    let split = split_date(line);
    if let Some((d, rest)) = &split
        && only_date_words(rest)
    {
        return Some(LineKind::Date(*d));
    }
    // (`memchr` rather than `str::contains`: found in vector code, and every line is asked.)
    if memchr::memchr(b'|', line.as_bytes()).is_some() {
        let mut date = None;
        let mut credit = Credit::default();
        for seg in line.split('|').map(str::trim).filter(|s| !s.is_empty()) {
            if let Some(d) = date_line(seg) {
                date = date.or(Some(d));
            } else {
                let c = parse_byline(seg, true)?;
                credit.contributors.extend(c.contributors);
                credit.outlets.extend(c.outlets);
            }
        }
        // A byline with a date beside it is reported as the byline; `meta_date` gives
        // its date.
        let has_credit = !credit.contributors.is_empty() || !credit.outlets.is_empty();
        return match date {
            _ if has_credit => Some(LineKind::Byline(credit)),
            Some(d) => Some(LineKind::Date(d)),
            None => None,
        };
    }
    // `2 hours ago` is furniture, `Jane Doe 1 day ago` a byline.
    if line.ends_with("ago")
        && let Some(before) = strip_relative_stamp(line)
    {
        if before.is_empty() {
            return Some(LineKind::Junk);
        }
        return parse_byline(before, true).map(LineKind::Byline);
    }
    // `3/14/2016 9:05 AM PST BY NEWSDESK STAFF`: a date, and a byline that may name no one.
    if let Some((d, rest)) = &split
        && let Some(by) = rest.find(|c: char| c.is_alphabetic()).map(|at| &rest[at..])
        && by_phrase_opens(by)
    {
        // `By JANE DOE March 11, 2015 Good Morning America`: the names end at the date, so
        // they are read from the line as written when it opens with the by-phrase (what is
        // left without the date would run them into the show's name).
        let by = if by_phrase_opens(line) { line } else { by };
        return Some(match parse_by_credit(by) {
            Some(credit) => LineKind::Byline(credit),
            None => LineKind::Date(*d),
        });
    }
    // "Anh Huyen 12/10/2023 10:30": a byline and a date on one short line. The name must
    // be shaped like one, so that "Hanoi Marathon 12/10/2023" stays a title.
    if let Some((_, rest)) = split
        && let Some(credit) = parse_byline(&rest, true)
        && credit.contributors.iter().all(|c| syllable_name(&c.name))
    {
        return Some(LineKind::Byline(credit));
    }
    // `Jane Doe, Special to The Times`, `Jane Doe | Staff Writer`: a job title vouches for
    // the bare name beside it.
    // A longer line is no byline (`parse_byline` turns it away) unless the author's
    // biography follows the name; the job title is not looked for in it.
    if chars_over(line, 120) {
        return bio_byline(line).map(LineKind::Byline);
    }
    let titled = [", ", " | ", " - ", " – "].iter().any(|sep| {
        line.split_once(sep)
            .is_some_and(|(_, title)| is_job_title(title))
    });
    parse_byline(line, titled).map(LineKind::Byline)
}

/// The date of a metadata line that holds a byline and a date (`Thanh Hà | 10:20 12/3/2023`).
fn meta_date(line: &str) -> Option<NaiveDate> {
    line.split('|')
        .find_map(|s| date_line(s.trim()))
        .or_else(|| split_date(line).map(|(d, _)| d))
}

/// What the line says on its own. `line_key` is the line's `key`, and `marker` its image
/// marker, if it has one (`image_marker`).
pub fn classify_local(line: &str, line_key: &str, marker: Option<&Captures<'_>>) -> LineKind {
    if line.len() <= FURNITURE_MAX && is_related_header(line, line_key) {
        return LineKind::Related;
    }
    if is_junk_keyed(line, line_key) {
        return LineKind::Junk;
    }
    if line.len() > CAPTION_MAX {
        return LineKind::Text;
    }
    // `| caption (Photo: X) |`: a table cell around a photo.
    // A row of several cells is a table (`| Hà Nội | 120 |`) unless one cell is a credit.
    if line.starts_with('|') && line.ends_with('|') && line.len() > 2 {
        let cells: Vec<&str> = line
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let credited = cells.iter().any(|c| split_photo_credit(c).is_some());
        if cells.len() == 1 || credited {
            return caption(&cells.join(" "));
        }
        return LineKind::Text;
    }
    if let Some(c) = marker {
        return match c.get(3) {
            // "- Ảnh 1.Du khách…": the marker's own full stop is residue too.
            Some(rest) => caption(rest.as_str().trim_start_matches(['.', ':', ' ', '-'])),
            None => LineKind::Junk,
        };
    }
    // Before the byline forms, which would stop at the first user name of the list.
    if let Some(credit) = photo_list_credit(line) {
        return LineKind::Credit(credit);
    }
    if let Some(kind) = meta_line(line) {
        return kind;
    }
    if let Some(c) = patterns().source.captures(line) {
        // "Source: VNA" names the outlet; any other source line is a link or a site name.
        let outlets = parse_credit(&c[1], crate::read::Role::Author).outlets;
        return if outlets.is_empty() {
            LineKind::Junk
        } else {
            LineKind::Byline(Credit {
                contributors: vec![],
                outlets,
            })
        };
    }
    if let Some(credit) = contributed_credit(line).or_else(|| outlet_byline(line)) {
        return LineKind::Byline(credit);
    }
    if let Some(split) = split_photo_credit(line)
        .or_else(|| slash_credit(line))
        .or_else(|| marked_credit(line))
        .or_else(|| bracket_by_credit(line))
    {
        return caption_of(line, Some(split));
    }
    if patterns().photo_position.is_match(line) && word_count(line) <= 40 {
        return caption(line);
    }
    LineKind::Text
}

/// The image marker of a line (`Headline - ảnh 1Caption…`), looked for once per line: both
/// the line's own verdict and the headline's evidence need it.
fn image_marker(line: &str) -> Option<Captures<'_>> {
    if line.len() > CAPTION_MAX || !may_have_image_marker(line) {
        return None;
    }
    // Compiled on first use: most sources have no marker at all.
    static MARKER: OnceLock<Regex> = OnceLock::new();
    MARKER
        .get_or_init(|| Regex::new(IMAGE_MARKER).expect("image marker pattern"))
        .captures(line)
}

/// False when `line` certainly has no image marker: no digit (`\d`) right after `ảnh`,
/// `anh`, `photo` or `image` (in any case) and at most one white space. Checked on bytes, and
/// the pattern is only run on the few lines that pass, for it reads every line slowly.
fn may_have_image_marker(line: &str) -> bool {
    let bytes = line.as_bytes();
    // `ảnh` and `anh` both end in `nh`; no letter of these words has a case form outside
    // ASCII, so comparing ASCII case-blind is what `(?i)` does to them.
    let after_word = |end: usize| {
        [&b"nh"[..], b"photo", b"image"]
            .iter()
            .any(|w| end >= w.len() && bytes[end - w.len()..end].eq_ignore_ascii_case(w))
    };
    // A `\d` is an ASCII digit or a character from U+0660 up, whose first byte is 0xD9 or more.
    let may_start_digit = |b: u8| b.is_ascii_digit() | (b >= 0xD9);
    let mut start = 0;
    // A chunk without such a byte is passed over in vector code.
    for chunk in bytes.chunks(32) {
        if chunk.iter().fold(false, |any, &b| any | may_start_digit(b)) {
            for (at, &b) in (start..).zip(chunk) {
                if !may_start_digit(b) || !line.is_char_boundary(at) {
                    continue;
                }
                if !line[at..].chars().next().is_some_and(char::is_numeric) {
                    continue;
                }
                let before = &line[..at];
                let space = before.chars().next_back().filter(|c| c.is_whitespace());
                if after_word(at) || space.is_some_and(|c| after_word(at - c.len_utf8())) {
                    return true;
                }
            }
        }
        start += chunk.len();
    }
    false
}

/// The alt-text part of an image marker (`Headline - ảnh 1…` → `Headline`), for the
/// headline's evidence.
fn marker_prefix<'a>(marker: &Captures<'a>) -> Option<&'a str> {
    marker.get(1).map(|m| m.as_str().trim())
}

fn is_bulleted(line: &str) -> bool {
    patterns()
        .bullet
        .find(line)
        .is_some_and(|m| m.end() < line.len())
        && {
            let rest = patterns().bullet.replace(line, "");
            !rest.is_empty() && !rest.starts_with(char::is_numeric)
        }
}

/// A short link title or menu entry: a few words, no sentence punctuation.
fn is_menu_item(line: &str) -> bool {
    let text = patterns().bullet.replace(line, "");
    words_up_to(&text, 6) <= 5 && text.chars().count() <= 40 && !ends_punctuated(&text)
}

fn is_question(line: &Line) -> bool {
    line.text.trim_end().ends_with('?') && line.words >= 4
}

pub fn has_question_prefix(line: &str) -> bool {
    patterns().question_prefix.is_match(line)
}

/// A line is body text: a full sentence of some length. The head of the article (headline,
/// date, byline) ends at the first such line.
fn is_body_line(line: &Line) -> bool {
    ends_sentence(&line.text) && line.words >= 12
}

/// Everything classification found, line by line, plus the date of a combined byline line.
pub struct Classified {
    pub kinds: Vec<LineKind>,
    /// The `key` of every line, found once for all who compare lines.
    pub keys: Vec<String>,
    /// Dates found on byline lines (`Thanh Hà | 12/3/2023`), by line index.
    pub meta_dates: FxHashMap<usize, NaiveDate>,
    pub title: Option<usize>,
    /// Where the head (headline, date, byline) ends: the first body line.
    pub head_end: usize,
}

/// Classifies every line, in linear time: one pass for what each line says, then a few
/// passes for context.
pub fn classify(lines: &[Line]) -> Classified {
    let markers: Vec<Option<Captures<'_>>> = lines.iter().map(|l| image_marker(&l.text)).collect();
    let keys: Vec<String> = lines.iter().map(|l| key(&l.text)).collect();
    let mut kinds: Vec<LineKind> = lines
        .iter()
        .zip(&keys)
        .zip(&markers)
        .map(|((l, k), marker)| classify_local(&l.text, k, marker.as_ref()))
        .collect();
    let mut meta_dates = FxHashMap::default();
    for (i, l) in lines.iter().enumerate() {
        if matches!(kinds[i], LineKind::Byline(_))
            && let Some(d) = meta_date(&l.text)
        {
            meta_dates.insert(i, d);
        }
    }
    settle_numeric_dates(lines, &mut kinds, &mut meta_dates);
    drop_boilerplate(lines, &mut kinds);
    drop_related_lists(lines, &mut kinds);
    drop_menus(lines, &mut kinds);
    let region = region::find(lines, &kinds);
    let head_end = match region {
        Some(r) => {
            for (i, k) in kinds.iter_mut().enumerate() {
                if i < r.head || i >= r.end {
                    *k = LineKind::Junk;
                }
            }
            r.start
        }
        None => lines
            .iter()
            .enumerate()
            .position(|(i, l)| kinds[i] == LineKind::Text && is_body_line(l))
            .unwrap_or(lines.len()),
    };
    let title = choose_title(lines, &keys, &kinds, &markers, head_end);
    settle_head(lines, &keys, &mut kinds, title, head_end);
    settle_dates(lines, &mut kinds, head_end);
    settle_tail(lines, &mut kinds, head_end);
    settle_body(lines, &mut kinds, title, head_end);
    Classified {
        kinds,
        keys,
        meta_dates,
        title,
        head_end,
    }
}

/// A numeric date that reads both ways (`07/01/2021`) is read the way the page writes its
/// other dates; when nothing on the page tells, it gives no date (none is invented).
fn settle_numeric_dates(
    lines: &[Line],
    kinds: &mut [LineKind],
    meta_dates: &mut FxHashMap<usize, NaiveDate>,
) {
    let mut order: Option<Option<Order>> = None;
    for (i, l) in lines.iter().enumerate() {
        let dated = matches!(kinds[i], LineKind::Date(_)) || meta_dates.contains_key(&i);
        if !dated || !l.text.contains(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let Some((day_first, month_first)) = numeric_readings(&l.text) else {
            continue;
        };
        // Asked once, and only of a page with such a date.
        let order = *order.get_or_insert_with(|| {
            page_order(&lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>())
        });
        let date = match order {
            Some(Order::DayFirst) => Some(day_first),
            Some(Order::MonthFirst) => Some(month_first),
            None => None,
        };
        if let LineKind::Date(d) = &mut kinds[i] {
            match date {
                Some(date) => *d = date,
                None => kinds[i] = LineKind::Junk,
            }
        } else {
            match date {
                Some(date) => meta_dates.insert(i, date),
                None => meta_dates.remove(&i),
            };
        }
    }
}

/// Short notices (a newsletter box, "Sign in to comment", "Share on Facebook") are furniture
/// wherever they stand, inside the story too.
fn drop_boilerplate(lines: &[Line], kinds: &mut [LineKind]) {
    for (l, k) in lines.iter().zip(kinds.iter_mut()) {
        if *k == LineKind::Text && l.words <= 15 && region::boilerplate(&l.text) {
            *k = LineKind::Junk;
        }
    }
}

/// After "Related news" and the like, the title-like lines that follow are links. A line
/// that reads as a sentence of the story (12+ words ending in a full stop) ends the list:
/// link titles rarely end in one, and dropping a sentence of the body is the worse mistake.
fn drop_related_lists(lines: &[Line], kinds: &mut [LineKind]) {
    let mut in_list = false;
    // The last line the list took, for the article head that may follow the list.
    let mut last_item: Option<usize> = None;
    for (i, l) in lines.iter().enumerate() {
        match &kinds[i] {
            LineKind::Related => in_list = true,
            LineKind::Junk => {}
            LineKind::Text if in_list && !is_body_line(l) => {
                kinds[i] = LineKind::Junk;
                last_item = Some(i);
            }
            // A date or byline with the story's text right under it is an article's head: the
            // list ended with the line above, its headline.
            LineKind::Date(_) | LineKind::Byline(_) if in_list && body_follows(lines, kinds, i) => {
                if let Some(t) = last_item.filter(|&t| t + 1 == i || only_junk(kinds, t + 1, i)) {
                    kinds[t] = LineKind::Text;
                }
                in_list = false;
            }
            LineKind::Date(_) | LineKind::Caption { .. } | LineKind::Credit(_) if in_list => {
                kinds[i] = LineKind::Junk;
            }
            _ => in_list = false,
        }
    }
}

fn only_junk(kinds: &[LineKind], from: usize, to: usize) -> bool {
    kinds[from..to].iter().all(|k| *k == LineKind::Junk)
}

/// Within the next few lines that are not furniture, a line of the story's text.
fn body_follows(lines: &[Line], kinds: &[LineKind], i: usize) -> bool {
    (i + 1..lines.len())
        .filter(|&j| !matches!(kinds[j], LineKind::Junk))
        .take(4)
        .any(|j| kinds[j] == LineKind::Text && is_body_line(&lines[j]))
}

/// Runs of short entries (a bulleted list of province names, a column of section links) are
/// menus: above or below the story, three bulleted entries or four plain ones in a row. Inside
/// the story a short list may be content (the sectors of an agreement), so only a long run
/// there is taken for a menu that the page put in the middle.
fn drop_menus(lines: &[Line], kinds: &mut [LineKind]) {
    let body = |i: usize| kinds[i] == LineKind::Text && is_body_line(&lines[i]);
    let first_body = (0..lines.len()).find(|&i| body(i)).unwrap_or(lines.len());
    let last_body = (0..lines.len()).rev().find(|&i| body(i)).unwrap_or(0);
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, kinds: &mut [LineKind]| {
        let bulleted = run.iter().filter(|&&i| is_bulleted(&lines[i].text)).count();
        let inside = run
            .first()
            .is_some_and(|&i| i > first_body && i < last_body);
        let menu = if inside {
            run.len() >= 6
        } else {
            run.len() >= 4 || (run.len() >= 3 && bulleted * 2 >= run.len())
        };
        if menu {
            for &i in run.iter() {
                kinds[i] = LineKind::Junk;
            }
        }
        run.clear();
    };
    for (i, l) in lines.iter().enumerate() {
        match kinds[i] {
            LineKind::Junk | LineKind::Related => {}
            LineKind::Text if is_menu_item(&l.text) => run.push(i),
            _ => flush(&mut run, kinds),
        }
    }
    flush(&mut run, kinds);
}

/// Weighs each line of the head as the headline and returns the best one, if any is good
/// enough. The evidence: a headline is a title-length line without a closing full stop, near
/// the top, followed by the date, byline or lede, and pages repeat it (as an image's alt
/// text, as a caption). A long run of link titles, a category label or a name is not one.
fn choose_title(
    lines: &[Line],
    keys: &[String],
    kinds: &[LineKind],
    markers: &[Option<Captures<'_>>],
    head_end: usize,
) -> Option<usize> {
    let counts = line_counts(lines, keys, markers);
    let questions = lines.iter().filter(|l| is_question(l)).count();
    let above_meta = line_above_meta(lines, kinds, head_end);
    let last_titleish = (0..head_end.min(lines.len())).rev().find(|&i| {
        let text = &lines[i].text;
        kinds[i] == LineKind::Text
            && title_shaped(text)
            && !text.ends_with('?')
            && !is_byline_title(text)
            && !is_name_like(text)
            && !is_section_menu(text)
            && !is_link_run(text)
            && !has_sentence_break(text)
    });
    let mut best: Option<(i32, usize)> = None;
    let mut first = true;
    let mut after_meta = false;
    for i in 0..head_end.min(lines.len()) {
        let text = &lines[i].text;
        // Some pages print the date above the headline; none the byline.
        // A line naming only the outlet is as often the masthead above the headline.
        after_meta |= matches!(&kinds[i], LineKind::Byline(c) if !c.contributors.is_empty());
        // A title never shows a `|`, unless it is the site's name after the headline.
        if kinds[i] != LineKind::Text || (text.contains('|') && !ends_with_site_name(text)) {
            continue;
        }
        let mut score = headline_shape_score(text);
        if first {
            score += 1;
            first = false;
        }
        // The headline comes before the byline; a title-like line after it is a caption,
        // a label or a teaser.
        if after_meta {
            score -= 3;
        }
        if Some(i) == above_meta {
            score += 3;
        }
        // Page chrome comes above the headline, so the last title-shaped line above the
        // story is likely the one.
        if Some(i) == last_titleish {
            score += 2;
        }
        let next = |from: usize| (from + 1..lines.len()).find(|&j| kinds[j] != LineKind::Junk);
        let title_like = |j: usize| {
            kinds[j] == LineKind::Text
                && !is_body_line(&lines[j])
                // Two sentences are a standfirst, not a link's title.
                && !has_sentence_break(&lines[j].text)
                && lines[j].words >= 3
                && !ends_punctuated(&lines[j].text)
        };
        if let Some(j) = next(i) {
            let meta = matches!(kinds[j], LineKind::Date(_) | LineKind::Byline(_))
                || (kinds[j] == LineKind::Text && is_name_like(&lines[j].text));
            if meta {
                score += 2;
            } else if kinds[j] == LineKind::Text && is_body_line(&lines[j]) {
                score += 1;
            }
            // Inside a run of link titles (this one, and two more below it).
            if title_like(j) && next(j).is_some_and(title_like) {
                score -= 1;
            }
        }
        // In an interview the questions are not headlines: one is answered right under it.
        // A headline asking a question has the byline, a photo or page furniture under it.
        let answered =
            || next(i).is_some_and(|j| kinds[j] == LineKind::Text && is_body_line(&lines[j]));
        if text.ends_with('?') && questions >= 2 && answered() {
            score -= 4;
        }
        // Half a sentence: the next line goes on from it in lower case (`But only the patient` /
        // `ones will finish it.`).
        if lines.get(i + 1).is_some_and(|l| {
            !l.blank_before
                && l.text.starts_with(char::is_lowercase)
                && matches!(kinds[i + 1], LineKind::Text | LineKind::Junk)
                && !by_phrase_opens(&l.text)
        }) {
            score -= 4;
        }
        if counts.get(keys[i].as_str()).copied().unwrap_or(0) >= 2 {
            score += 3;
        }
        if is_name_like(text) {
            score -= 2;
        }
        if is_byline_title(text) {
            score -= 4;
        }
        if is_section_menu(text) {
            score -= 4;
        }
        // Two sentences are a paragraph (one that lacks its last full stop).
        if has_sentence_break(text) {
            score -= 3;
        }
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    let best = best.filter(|&(s, _)| s >= 2).map(|(_, i)| i)?;
    Some(with_kicker(lines, keys, kinds, best, head_end))
}

/// A headline printed over two lines, its kicker ending in a colon above it (`Open Data
/// Project:` / `Better Student Newsrooms`): the line of the head that holds both (the page's
/// title), when there is one, is the whole headline.
fn with_kicker(
    lines: &[Line],
    keys: &[String],
    kinds: &[LineKind],
    best: usize,
    head_end: usize,
) -> usize {
    let Some(above) = (0..best).rev().find(|&j| kinds[j] != LineKind::Junk) else {
        return best;
    };
    let kicker = &lines[above].text;
    if !kicker.ends_with(':') || words_up_to(kicker, 9) > 8 {
        return best;
    }
    let whole = key(&format!("{kicker} {}", lines[best].text));
    (0..head_end.min(lines.len()))
        .find(|&j| kinds[j] == LineKind::Text && j != above && keys[j].ends_with(&whole))
        .unwrap_or(best)
}

/// How often each line (and each image alt text) occurs among the short lines, for the
/// "repeated" evidence of `choose_title`.
fn line_counts<'k>(
    lines: &[Line],
    keys: &'k [String],
    markers: &[Option<Captures<'_>>],
) -> FxHashMap<Cow<'k, str>, usize> {
    let mut counts: FxHashMap<Cow<'k, str>, usize> = FxHashMap::default();
    for ((l, k), marker) in lines.iter().zip(keys).zip(markers) {
        if l.text.len() > CAPTION_MAX {
            continue;
        }
        *counts.entry(Cow::Borrowed(k)).or_default() += 1;
        if let Some(p) = marker.as_ref().and_then(marker_prefix) {
            *counts.entry(Cow::Owned(key(p))).or_default() += 1;
        }
        // The page's title (`Headline | The Guardian`, `Headline - BBC News`) repeats the
        // headline without the site's name.
        if let Some(head) = without_site_name(&l.text) {
            *counts.entry(Cow::Owned(key(head))).or_default() += 1;
        }
    }
    counts
}

/// The evidence of a line's own shape for being a headline: a few words, not too long,
/// not ending like a sentence or a clause.
fn headline_shape_score(text: &str) -> i32 {
    // Only whether it is under 3, up to 25 or up to 30 matters.
    let words = words_up_to(text, 31) as i32;
    let chars = text.chars().count();
    let mut score = 0;
    if (3..=30).contains(&words) && (15..=160).contains(&chars) {
        score += 2;
    }
    if chars > 160 {
        score -= 3;
    }
    if words > 25 {
        score -= 2;
    }
    if words < 3 {
        score -= 2;
    }
    match title_end(text) {
        Some('.') | Some(',') | Some(';') | Some(':') => score -= 3,
        _ => {}
    }
    score
}

/// The headline's usual place: the title-like line above the byline or date nearest the
/// story, past a standfirst, a photo and its caption, a kicker and the byline's other lines.
fn line_above_meta(lines: &[Line], kinds: &[LineKind], head_end: usize) -> Option<usize> {
    let end = head_end.min(lines.len());
    let is_meta = |i: usize| matches!(kinds[i], LineKind::Date(_) | LineKind::Byline(_));
    // The byline nearest the story, else a bare name, else the date: a date may stand above
    // the headline, a byline does not.
    // A byline naming only the outlet may be the masthead, and one naming no one (`Our
    // Foreign Staff`) is still where the byline stands.
    let meta = (0..end)
        .rev()
        .find(|&i| matches!(&kinds[i], LineKind::Byline(c) if !c.contributors.is_empty()))
        .or_else(|| {
            (0..end).rev().find(|&i| {
                kinds[i] == LineKind::Text
                    && (is_name_like(&lines[i].text) || is_byline_title(&lines[i].text))
            })
        })
        .or_else(|| (0..end).rev().find(|&i| is_meta(i)))?;
    let mut standfirst = false;
    for i in (0..meta).rev().take(10) {
        match kinds[i] {
            LineKind::Junk | LineKind::Caption { .. } | LineKind::Credit(_) | LineKind::Date(_) => {
                continue;
            }
            LineKind::Byline(_) | LineKind::Text => {}
            _ => return None,
        }
        let text = &lines[i].text;
        if kinds[i] != LineKind::Text || is_name_like(text) || is_byline_title(text) {
            continue;
        }
        let words = words_up_to(text, 31);
        // A standfirst: a long sentence-case line, or a sentence, under the headline.
        if !standfirst && (words >= 12 || ends_punctuated(text)) && i > 0 {
            standfirst = true;
            if !title_shaped(text) || words >= 12 {
                continue;
            }
        }
        if title_shaped(text) {
            return Some(i);
        }
    }
    None
}

/// A headline's shape: 3 to 30 words, not ending like a clause (a `!` or `?` may end it).
fn title_shaped(text: &str) -> bool {
    (3..=30).contains(&words_up_to(text, 31))
        && !matches!(title_end(text), Some('.' | ',' | ';' | ':'))
}

/// The mark ending a line, as a headline's shape sees it: the full stop of an initialism
/// (`… Running in N.Y.C.`, `… for the U.S.`) belongs to the word, not to a sentence.
fn title_end(text: &str) -> Option<char> {
    let mark = final_punct(text)?;
    let last_word = text.trim_end().rsplit(' ').next().unwrap_or("");
    let initialism = last_word.len() >= 4
        && last_word
            .split_terminator('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_uppercase));
    (!(mark == '.' && initialism)).then_some(mark)
}

/// A byline's line that names no one: `Our Foreign Staff`, `Games Editor`.
fn is_byline_title(text: &str) -> bool {
    words_up_to(text, 5) <= 4 && is_job_title(text)
}

/// `Headline | The Guardian`, `Headline - BBC News`: the headline of a page title that ends
/// with a known site's name.
fn without_site_name(text: &str) -> Option<&str> {
    // Asked of every line, most of which hold none of the separators' marks (`–` and `—`
    // start with the byte 0xE2): looked for in vector code (`memchr`) first, as each
    // `rsplit_once` of a separator costs hundreds of instructions.
    if text.len() > 300 || memchr::memchr3(b'|', b'-', 0xE2, text.as_bytes()).is_none() {
        return None;
    }
    [" | ", " - ", " – ", " — "].iter().find_map(|sep| {
        let (head, site) = text.rsplit_once(sep)?;
        lexicon().outlet(site.trim()).map(|_| head.trim())
    })
}

fn has_sentence_break(text: &str) -> bool {
    first_sentence(text).len() < text.trim().len()
}

/// `Headline | VOV.VN`: a page title with the site's name.
pub fn ends_with_site_name(text: &str) -> bool {
    text.rsplit_once('|')
        .is_some_and(|(_, site)| lexicon().outlet(site.trim()).is_some())
}

/// A menu or breadcrumb: most of its words are site section names (`Home / Politics`).
fn is_section_menu(text: &str) -> bool {
    let sections = &lexicon().sections;
    let (mut words, mut hits) = (0, 0);
    // One buffer for the lower-case form of every word (most are ASCII).
    let mut lower = String::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        words += 1;
        lower.clear();
        if w.is_ascii() {
            lower.push_str(w);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&w.to_lowercase());
        }
        hits += usize::from(sections.contains(lower.as_str()));
    }
    hits >= 2 && hits * 2 >= words
}

/// Link titles run together into one long line with no sentence punctuation: no headline
/// is that long, and no paragraph lacks every full stop and comma.
fn is_link_run(text: &str) -> bool {
    chars_over(text, 160) && !text.contains(['.', ',', ';', '!', '?'])
}

/// The head: lines above the headline are page chrome (dropped, unless they are the date, a
/// byline or a caption); between the headline and the lede, a name is the byline and a one-
/// or two-word label is chrome.
fn settle_head(
    lines: &[Line],
    keys: &[String],
    kinds: &mut [LineKind],
    title: Option<usize>,
    head_end: usize,
) {
    if let Some(t) = title {
        kinds[t] = LineKind::Title;
        for k in kinds.iter_mut().take(t) {
            if *k == LineKind::Text {
                *k = LineKind::Junk;
            }
        }
    }
    let start = title.map_or(0, |t| t + 1);
    for i in start..head_end.min(lines.len()) {
        if kinds[i] != LineKind::Text {
            continue;
        }
        let text = &lines[i].text;
        // A part of the headline printed apart (its kicker, its first half) is said already.
        if let Some(t) = title
            && lines[i].words >= 2
            && keys[t].contains(keys[i].as_str())
        {
            kinds[i] = LineKind::Junk;
            continue;
        }
        if let Some(credit) = parse_byline(text, true)
            && !credit
                .contributors
                .iter()
                .any(|c| ordinary_words(lines, &c.name))
        {
            kinds[i] = LineKind::Byline(credit);
        } else if (lines[i].words <= 2 && !ends_punctuated(text) && title.is_some())
            || is_link_run(text)
            || is_byline_title(text)
        {
            kinds[i] = LineKind::Junk;
        }
    }
}

/// Only a date line near the top dates the article: the first one before the third body
/// paragraph. A date-only line deep in the text is part of the story (a timeline entry).
/// A late "Updated: …" line is page furniture, though.
fn settle_dates(lines: &[Line], kinds: &mut [LineKind], head_end: usize) {
    let mut body_seen = 0;
    for (i, kind) in kinds.iter_mut().enumerate() {
        match kind {
            // A label (`Image`) is no paragraph of the story: a sentence is.
            LineKind::Text if i >= head_end && ends_sentence(&lines[i].text) => body_seen += 1,
            LineKind::Date(_) if body_seen >= 2 => {
                let l = lines[i].text.to_lowercase();
                let stamp = lexicon().stamp_words.iter().any(|w| l.contains(w.as_str()));
                *kind = if stamp {
                    LineKind::Junk
                } else {
                    LineKind::Text
                };
            }
            _ => {}
        }
    }
}

/// A capitalised line that only looks like a name (`Open Journalism Project`, `Sony's
/// PlayStation`, `Taboola Taboola`): a possessive, one word twice, or each of its words of three letters or more is written in lower case somewhere on the page,
/// as ordinary words are and people's names rarely are. Asked only of a bare name (one with
/// no by-phrase), which is all the evidence there is of a byline.
fn ordinary_words(lines: &[Line], name: &str) -> bool {
    // A possessive (`Sony's PlayStation`) names a thing of someone's, and a word said twice
    // (`Taboola Taboola`) is a widget's label and its link.
    if name.contains("'s ") || name.contains("’s ") {
        return true;
    }
    let mut parts = name.split_whitespace();
    if let Some(first) = parts.next()
        && parts.all(|w| w == first)
    {
        return true;
    }
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect();
    !words.is_empty()
        && words.iter().all(|w| {
            lines.iter().any(|l| {
                l.text.match_indices(w.as_str()).any(|(at, _)| {
                    // A word of its own, not a part of a user name (`@jane_doe`, `jdoe.com`).
                    let handle = |c: char| c.is_alphanumeric() || matches!(c, '_' | '@' | '/');
                    let before = l.text[..at].chars().next_back();
                    let after = l.text[at + w.len()..].chars().next();
                    !before.is_some_and(|c| handle(c) || c == '.') && !after.is_some_and(handle)
                })
            })
        })
}

/// Vietnamese names are made of short syllables (`Ngọc Ánh`, `Nguyễn Thị Hương`), which is
/// what tells a signature from a place or a phrase left at the end (`Hoang Sa Archipelago`).
fn syllable_name(name: &str) -> bool {
    name.split_whitespace()
        .all(|w| w.chars().filter(|c| c.is_alphabetic()).count() <= 7)
}

/// The end of the text: a name standing alone after the last paragraph is the author's
/// signature (`THANH HÀ`, `Anh Huyen`), and an outlet name alone is the sign-off.
fn settle_tail(lines: &[Line], kinds: &mut [LineKind], head_end: usize) {
    let mut seen = 0;
    for i in (head_end..lines.len()).rev() {
        match &kinds[i] {
            LineKind::Junk | LineKind::Related => continue,
            LineKind::Byline(_) => {}
            LineKind::Text if seen < 2 => {
                let text = &lines[i].text;
                let bare = text.trim_start_matches(['-', '–', '—', ' ']);
                let bare = bare.trim_end_matches(['.', ' ']);
                if word_count(bare) <= 5
                    && (is_name_like(bare) || is_name_like(&name_case(bare)))
                    && let Some(credit) = parse_byline(&name_case(bare), true)
                    && credit
                        .contributors
                        .iter()
                        .all(|c| syllable_name(&c.name) && !ordinary_words(lines, &c.name))
                {
                    kinds[i] = LineKind::Byline(credit);
                } else {
                    break;
                }
            }
            _ => break,
        }
        seen += 1;
    }
}

/// The body: questions, subheadings, captions without credit, paragraphs.
fn settle_body(lines: &[Line], kinds: &mut [LineKind], title: Option<usize>, head_end: usize) {
    let start = title.map_or(0, |t| t + 1).min(head_end);
    let texts: Vec<usize> = (start..lines.len())
        .filter(|&i| kinds[i] == LineKind::Text)
        .collect();
    // An interview shows itself by several questions, by question prefixes, or by its
    // headline or lede saying so. A lone question in a news story is rhetorical.
    let prefixed = texts.iter().any(|&i| has_question_prefix(&lines[i].text));
    let asked = texts.iter().filter(|&&i| is_question(&lines[i])).count();
    // Asked only when it decides: it lower-cases the first lines.
    let announced = || {
        lines.iter().take(head_end + 2).take(12).any(|l| {
            let l = l.text.to_lowercase();
            lexicon()
                .interview_cues
                .iter()
                .any(|c| l.contains(c.as_str()))
        })
    };
    let interview = prefixed || asked >= 2 || (asked == 1 && announced());
    let mut body_started = false;
    for i in start..lines.len() {
        if kinds[i] != LineKind::Text {
            if matches!(kinds[i], LineKind::Caption { .. }) {
                body_started |= i >= head_end;
            }
            continue;
        }
        let text = &lines[i].text;
        if interview && (has_question_prefix(text) || is_question(&lines[i])) {
            kinds[i] = LineKind::Question;
            body_started = true;
            continue;
        }
        let next =
            (i + 1..lines.len()).find(|&j| !matches!(kinds[j], LineKind::Junk | LineKind::Related));
        let followed_by_text = next.is_some_and(|j| {
            matches!(
                kinds[j],
                LineKind::Text
                    | LineKind::Paragraph
                    | LineKind::Question
                    | LineKind::Caption { .. }
            )
        });
        let bare = !ends_punctuated(text) && !text.ends_with('?') && !text.ends_with('!');
        if body_started && bare && followed_by_text && starts_upper(text) {
            // Only whether it is up to 10 or up to 30 matters.
            let words = lines[i].words;
            // Subheadings are short phrases; a longer unpunctuated line between paragraphs
            // describes a photo.
            if words <= 10 && text.chars().count() <= 100 {
                kinds[i] = LineKind::Heading;
                continue;
            }
            if words <= 30 && !text.contains(['"', '“', '”']) {
                kinds[i] = caption(text);
                continue;
            }
        }
        kinds[i] = LineKind::Paragraph;
        body_started = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pre-check never turns away a line the image marker pattern matches. Lines from
    /// files under `$GAZETTE_PATTERN_LINES` (a directory) are tried too, when it is set.
    #[test]
    fn image_marker_check_lets_every_marker_through() {
        // Every `\d` is a character the check decodes, and numeric.
        let digit = Regex::new(r"^\d$").unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if digit.is_match(c.encode_utf8(&mut [0; 4])) {
                assert!(c.is_ascii_digit() || c >= '\u{660}', "{c:?}");
                assert!(c.is_numeric(), "{c:?}");
            }
        }
        super::super::assert_precheck_admits_matches(
            IMAGE_MARKER,
            may_have_image_marker,
            &[
                "Headline - ảnh 1Caption text",
                "Headline - ẢNH 12 Caption",
                "Headline hinh anh 1",
                "Headline HÌNH ẢNH\u{a0}3",
                "Headline – Photo 2. Caption",
                "Headline - IMAGE\u{2003}٣ caption",
                "Headline - image 1\u{a0}",
                "Thanh 2 men",
                "No marker here 2023",
                "",
            ],
        );
        assert!(!may_have_image_marker("Thanh and Minh met in 2023"));
    }
}
