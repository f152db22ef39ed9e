//! The raw-text reader: news articles as copied from web pages, read as a careful editor
//! would. The text is split into lines (`text`), each line is classified with the evidence it
//! and its neighbours give (`classify`, with `date` and `credit` for the metadata), and the
//! article is assembled from the verdicts here: headline, date, outlet, contributors, and
//! the body's paragraphs, headings, captions and questions, each shown once. Raw text never
//! goes through Markdown. The word lists live in `data/reader/` (`lexicon`).

mod classify;
// The HTML reader reads credits in captions with the same rules and word lists.
pub(crate) mod credit;
mod date;
pub(crate) mod lexicon;
mod region;
pub(crate) mod text;

use super::{Article, Block, Contributor, Format, Role};
use crate::diag::Diagnostics;
use chrono::NaiveDate;
use classify::{LINE_WORDS, Line, LineKind, classify};
use credit::{Credit, strip_dateline, strip_signoff};
use rustc_hash::FxHashSet;
use text::{
    chars_over, clean_line, ends_punctuated, first_sentence, key, starts_upper, word_count,
    words_up_to,
};

/// Titles made up from the text are kept short enough to read as a headline.
const GUESSED_TITLE_MAX: usize = 100;

/// Compiles the reader's patterns, two sets at a time. Compiling them takes tens of
/// milliseconds (Unicode letter classes under bounded repetition), and otherwise the first
/// article of every thread waits while one thread compiles them all, one after another.
pub fn prepare() {
    rayon::join(
        || {
            credit::prepare_photo_patterns();
            date::prepare_patterns();
        },
        || {
            credit::prepare_patterns();
            classify::prepare_patterns();
            region::prepare_patterns();
        },
    );
}

/// For the tests that compare a rewritten pattern with the original: every line of every
/// file under the folder `GAZETTE_PATTERN_LINES` names (a corpus), or none when it is unset.
#[cfg(test)]
fn pattern_lines_from_env() -> Vec<String> {
    let Ok(dir) = std::env::var("GAZETTE_PATTERN_LINES") else {
        return Vec::new();
    };
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .flat_map(|text| text.lines().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// For the tests of a pre-check that runs before a pattern: asserts that `admits` lets
/// through every line of `table` (and of `pattern_lines_from_env`) that `pattern` matches,
/// as a pre-check may only turn away lines the pattern would reject.
#[cfg(test)]
fn assert_precheck_admits_matches(pattern: &str, admits: fn(&str) -> bool, table: &[&str]) {
    let pattern = regex::Regex::new(pattern).unwrap();
    let lines = table
        .iter()
        .map(|s| s.to_string())
        .chain(pattern_lines_from_env());
    for l in lines {
        if pattern.is_match(&l) {
            assert!(admits(&l), "{l}");
        }
    }
}

pub fn read_raw(source: &str, text: &str, diags: &mut Diagnostics) -> Article {
    let mut article = Article::new(source, Format::Raw);
    let lines = join_wrapped(split_lines(text));
    let mut c = classify(&lines);
    let mut outlet = OutletEvidence::default();
    let mut contributors: Vec<Contributor> = Vec::new();
    // Each person once per role, however many photos they took.
    let mut credited: FxHashSet<(String, Role)> = FxHashSet::default();
    let mut add = |credit: &Credit, rank: u8, outlet: &mut OutletEvidence| {
        for person in &credit.contributors {
            if credited.insert((key(&person.name), person.role)) {
                contributors.push(person.clone());
            }
        }
        for o in &credit.outlets {
            outlet.offer(o, rank);
        }
    };

    if let Some(t) = c.title {
        let (title, site) = strip_site_suffix(&lines[t].text);
        article.title = title;
        if let Some(site) = site {
            outlet.offer(&site, RANK_BYLINE);
        }
    }

    // A byline dated without a year (`By Jane Doe March 18 at 3:57 PM`) is dated by the page's
    // full date of that day, if it gives one (a caption's `March 18, 2015`).
    let yearless = (0..lines.len().min(c.head_end.saturating_add(3)))
        .filter(|&i| matches!(c.kinds[i], LineKind::Byline(_)) && !c.meta_dates.contains_key(&i))
        .find_map(|i| date::yearless_month_day(&lines[i].text))
        .and_then(|(month, day)| {
            let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
            date::year_of(&texts, month, day)
        });

    // The lines' text moves into the blocks, with the line's key while the text is the
    // line's own (for finding repeats below).
    let mut pieces: Vec<Piece> = Vec::new();
    let mut dates = DateEvidence::default();
    let kinds = std::mem::take(&mut c.kinds);
    let keys = std::mem::take(&mut c.keys);
    for (i, ((kind, line), line_key)) in kinds.into_iter().zip(lines).zip(keys).enumerate() {
        if i < c.head_end.saturating_add(3)
            && matches!(kind, LineKind::Paragraph | LineKind::Text | LineKind::Junk)
            && date::looks_like_date(&line.text)
        {
            diags.warn(
                source,
                Some(line.no),
                format!(
                    "\"{}\" looks like a date but could not be read as one",
                    line.text
                ),
            );
        }
        let own = |block: Block| Piece {
            block,
            key: Some(line_key),
        };
        match kind {
            LineKind::Date(d) => dates.offer(i, d, c.title, date::is_update_stamp(&line.text)),
            LineKind::Byline(credit) => {
                add(&credit, RANK_BYLINE, &mut outlet);
                if let Some(d) = c.meta_dates.get(&i) {
                    dates.offer(i, *d, c.title, false);
                }
            }
            LineKind::Credit(credit) => add(&credit, RANK_PHOTO, &mut outlet),
            LineKind::Caption { text, credit } => {
                add(&credit, RANK_PHOTO, &mut outlet);
                pieces.push(Piece::new(Block::Caption { text }));
            }
            LineKind::Heading => pieces.push(own(Block::Heading {
                text: exact(line.text),
            })),
            LineKind::Question => pieces.push(own(Block::Question {
                text: exact(line.text),
            })),
            LineKind::Paragraph | LineKind::Text => match split_glued_caption(&line.text) {
                None => pieces.push(own(Block::Paragraph {
                    text: exact(line.text),
                })),
                Some((body, tail)) => {
                    pieces.push(Piece::new(Block::Paragraph { text: body }));
                    pieces.push(Piece::new(Block::Caption { text: tail }));
                }
            },
            LineKind::Junk | LineKind::Related | LineKind::Title => {}
        }
    }

    article.date = dates.best();
    if article.date.is_none() {
        article.date = take_lede_date(&mut pieces);
    }
    if article.date.is_none() {
        article.date = yearless;
    }
    strip_lede_dateline(&mut pieces, &mut outlet);
    strip_last_signoff(&mut pieces, &mut outlet);

    // Each paragraph, caption and heading once; a line repeating the headline is dropped.
    let mut seen: FxHashSet<String> = FxHashSet::default();
    if !article.title.is_empty() {
        seen.insert(key(&article.title));
    }
    pieces.retain_mut(|p| {
        let k = p.key.take().unwrap_or_else(|| key(p.block.text()));
        // Very short lines ("Yes.", "Thank you!") may rightly recur in an interview.
        // (Characters counted only when the length in bytes leaves it open.)
        !k.is_empty() && (!chars_over(&k, 11) || seen.insert(k))
    });
    let blocks: Vec<Block> = pieces.into_iter().map(|p| p.block).collect();

    // With no text at all there is nothing to name: the title stays empty and the file is
    // reported and skipped by the caller.
    if article.title.is_empty() && !blocks.is_empty() {
        article.title = guess_title(&blocks);
        article.title_guessed = true;
    }
    article.outlet = outlet.best();
    article.contributors = contributors;
    article.blocks = blocks;
    article
}

/// A block of the body being assembled, with its text's `key` when that is known already
/// (the text is a whole line's, whose key classification found).
struct Piece {
    block: Block,
    key: Option<String>,
}

impl Piece {
    fn new(block: Block) -> Self {
        Piece { block, key: None }
    }
}

/// A line's text as a block keeps it: without spare capacity (cleaning and joining lines
/// leave some), as the article is kept until the site is written.
fn exact(mut text: String) -> String {
    if text.capacity() > text.len() {
        text.shrink_to_fit();
    }
    text
}

/// Non-empty lines, cleaned, with their line numbers and whether a blank line came before.
fn split_lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut blank = false;
    for (n, raw) in text::lines(text).enumerate() {
        let cleaned = clean_line(raw);
        if cleaned.is_empty() {
            blank = true;
            continue;
        }
        out.push(Line::new(n + 1, cleaned, blank));
        blank = false;
    }
    out
}

/// Sources that wrap paragraphs at a fixed width put one paragraph over several lines, with
/// blank lines between paragraphs. Such a source shows itself by lines of similar width,
/// none very long, many of which end mid-sentence right above another line; there, a long
/// line continues onto the next one unless it ended a sentence. Elsewhere (one paragraph per
/// line, the common case) only a line starting in lower case under an unfinished long line
/// is a continuation.
fn join_wrapped(lines: Vec<Line>) -> Vec<Line> {
    // 55 characters or more: counted only when the length in bytes leaves it open.
    let long = |l: &Line| chars_over(&l.text, 54);
    let mut inner = 0;
    let mut unfinished = 0;
    let mut lower_continuations = 0;
    for pair in lines.windows(2) {
        if !pair[1].blank_before && long(&pair[0]) && !pair[0].text.starts_with('|') {
            inner += 1;
            if !text::ends_sentence(&pair[0].text) {
                unfinished += 1;
                if pair[1].text.starts_with(char::is_lowercase) {
                    lower_continuations += 1;
                }
            }
        }
    }
    // Wrapped text has no long lines (one paragraph per line gives many), and some of its
    // lines go on mid-sentence in lower case (a menu above a headline does not).
    let very_long = lines.iter().filter(|l| chars_over(&l.text, 120)).count();
    let wrapped = unfinished >= 2
        && lower_continuations >= 1
        && unfinished * 2 >= inner
        && very_long * 10 <= lines.len();
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    // A wrapped source's lines are of a width; a line much longer than that is a paragraph of
    // its own (or a run of markup) that no line continues.
    let mut last_raw_long = false;
    // Whether each line's next one goes on from it in lower case (`… But only the patient` /
    // `ones will finish it.`).
    let lower_next: Vec<bool> = lines
        .iter()
        .skip(1)
        .map(|l| !l.blank_before && l.text.starts_with(char::is_lowercase))
        .chain([false])
        .collect();
    for (line, lower_next) in lines.into_iter().zip(lower_next) {
        let raw_wrappable = long(&line) && !chars_over(&line.text, 120);
        // A short line above is a headline or a label, and a date line below
        // ("date 2023-07-02") is a line of its own.
        let lower = line.text.chars().next().is_some_and(char::is_lowercase);
        // The date is looked for last: it is the costly question.
        let continues = !line.blank_before
            && !line.text.starts_with('|')
            && out.last().is_some_and(|prev: &Line| {
                long(prev)
                    && !prev.text.starts_with('|')
                    && if wrapped {
                        // A wrapped paragraph's lines are long but its last: a short line that
                        // the next one goes on from starts a paragraph (a standfirst under the
                        // headline), and a line in capitals is a name or a label.
                        last_raw_long
                            && (lower
                                || (!text::ends_sentence(&prev.text)
                                    && (long(&line) || !lower_next)
                                    && line.text.chars().any(char::is_lowercase)))
                    } else {
                        lower && !ends_punctuated(&prev.text)
                    }
            })
            && date::date_line(&line.text).is_none();
        match out.last_mut() {
            Some(prev) if continues => {
                prev.text.push(' ');
                prev.text.push_str(&line.text);
                prev.words = words_up_to(&prev.text, LINE_WORDS);
            }
            _ => out.push(line),
        }
        last_raw_long = raw_wrappable;
    }
    out
}

/// A photo's caption glued after the paragraph it sat in ("… development. Party Secretary
/// General Nguyen Phu Trong made speech at the 29th Diplomatic Conference"): a last short
/// clause with no closing punctuation after complete sentences is split off as a caption.
/// The paragraph and the caption, or `None` when the text is one paragraph.
fn split_glued_caption(text: &str) -> Option<(String, String)> {
    if ends_punctuated(text) || text.ends_with(['?', '!']) || text.contains(['"', '“', '”']) {
        return None;
    }
    let cut = text.rfind(". ")?;
    let (body, tail) = (&text[..=cut], text[cut + 2..].trim());
    let words = word_count(tail);
    if (4..=20).contains(&words) && starts_upper(tail) && word_count(body) >= 8 {
        Some((body.trim().to_string(), tail.to_string()))
    } else {
        None
    }
}

/// A page title often carries the site's name: `Headline - VOV.VN`, `Headline | VNA`.
fn strip_site_suffix(title: &str) -> (String, Option<String>) {
    for sep in [" | ", " - ", " – ", " — "] {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && let Some(outlet) = lexicon::lexicon().outlet(tail)
            && word_count(head) >= 3
        {
            return (head.trim().replace('|', "–"), Some(outlet.to_string()));
        }
    }
    // A title never shows a `|`: it reads as page furniture.
    let title = title.trim_end_matches([' ', '|']).replace('|', "–");
    (title, None)
}

/// How strongly a piece of text says who published the article: a dateline tag is the
/// outlet's own mark; a photo credit only says whose photo it is.
const RANK_PHOTO: u8 = 1;
const RANK_BYLINE: u8 = 2;
const RANK_SIGNOFF: u8 = 3;
const RANK_DATELINE: u8 = 4;

#[derive(Default)]
struct OutletEvidence {
    best: Option<(u8, String)>,
}

impl OutletEvidence {
    fn offer(&mut self, outlet: &str, rank: u8) {
        if self.best.as_ref().is_none_or(|(r, _)| rank > *r) {
            self.best = Some((rank, outlet.to_string()));
        }
    }

    fn best(self) -> Option<String> {
        self.best.map(|(_, o)| o)
    }
}

/// Which date line dates the article: the first one under the headline (where pages print
/// it), else the last one above it (a list of other stories' dates may come before that). A
/// first publication date is worth more than a stamp of when the page was updated.
#[derive(Default)]
struct DateEvidence {
    after_title: Option<NaiveDate>,
    before_title: Option<NaiveDate>,
    updated: Option<NaiveDate>,
}

impl DateEvidence {
    fn offer(&mut self, line: usize, date: NaiveDate, title: Option<usize>, updated: bool) {
        if updated {
            self.updated.get_or_insert(date);
            return;
        }
        match title {
            Some(t) if line < t => self.before_title = Some(date),
            _ => {
                self.after_title.get_or_insert(date);
            }
        }
    }

    fn best(&self) -> Option<NaiveDate> {
        self.after_title.or(self.before_title).or(self.updated)
    }
}

/// A date opening the first paragraph (`Feb. 23, 2015 -- Life-threatening…`): out of the
/// text, into the article's date.
fn take_lede_date(pieces: &mut [Piece]) -> Option<NaiveDate> {
    // Among the first paragraphs: a line of the outlet's name may come before the lede.
    for piece in pieces
        .iter_mut()
        .filter(|p| matches!(p.block, Block::Paragraph { .. }))
        .take(3)
    {
        let Block::Paragraph { text } = &mut piece.block else {
            continue;
        };
        if let Some((date, rest)) = date::dateline_date(text) {
            *text = rest.to_string();
            piece.key = None;
            return Some(date);
        }
    }
    None
}

/// The dateline or outlet tag opening the lede (`Hanoi (VNA) –`, `(VOVWORLD) -`): out of the
/// text, into the outlet. Only the first paragraphs are looked at: later ones begin with
/// ordinary sentences.
fn strip_lede_dateline(blocks: &mut Vec<Piece>, outlet: &mut OutletEvidence) {
    let mut tried = 0;
    for (i, piece) in blocks.iter_mut().enumerate() {
        let Block::Paragraph { text } = &mut piece.block else {
            continue;
        };
        if let Some((rest, tag)) = strip_dateline(text) {
            if let Some(o) = tag {
                outlet.offer(&o, RANK_DATELINE);
            }
            *text = rest;
            piece.key = None;
            if text.is_empty() {
                blocks.remove(i);
            }
            return;
        }
        tried += 1;
        if tried == 2 {
            return;
        }
    }
}

/// A sign-off after the last sentence (`… VNS`, `./.`): out of the text, into the outlet.
fn strip_last_signoff(blocks: &mut Vec<Piece>, outlet: &mut OutletEvidence) {
    let Some(i) = blocks
        .iter()
        .rposition(|p| matches!(p.block, Block::Paragraph { .. }))
    else {
        return;
    };
    let piece = &mut blocks[i];
    let Block::Paragraph { text } = &mut piece.block else {
        return;
    };
    // "… VNA ./." carries two marks; two rounds take both off.
    for _ in 0..2 {
        let Some((rest, tag)) = strip_signoff(text) else {
            break;
        };
        if let Some(o) = tag {
            outlet.offer(&o, RANK_SIGNOFF);
        }
        *text = rest;
        piece.key = None;
    }
    if !text.chars().any(char::is_alphanumeric) {
        blocks.remove(i);
    }
}

/// A short, honest title for a text that has no headline: the lede's first sentence (cut at
/// a clause if it is long), never a question or a caption. An article with only captions
/// is named as pictures.
fn guess_title(blocks: &[Block]) -> String {
    // Never a caption verbatim: a lede that repeats a caption is passed over.
    let caption_keys: Vec<String> = blocks
        .iter()
        .filter(|b| matches!(b, Block::Caption { .. }))
        .take(20)
        .map(|b| key(b.text()))
        .collect();
    let in_caption = |s: &str| {
        let k = key(s);
        caption_keys
            .iter()
            .any(|c| c.contains(&k) || k.contains(c.as_str()))
    };
    // A pleasantry ("Thank you.") says nothing about the story: the first sentence of some
    // length among the first paragraphs.
    let lede = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text } => Some(first_sentence(text)),
            _ => None,
        })
        .take(3)
        .find(|s| !s.ends_with('?') && word_count(s) >= 5 && !in_caption(s));
    if let Some(s) = lede {
        return shorten(s.trim_end_matches(['.', '!', '…']));
    }
    if let Some(Block::Caption { text }) =
        blocks.iter().find(|b| matches!(b, Block::Caption { .. }))
    {
        return format!("In pictures: {}", shorten(first_clause(text)));
    }
    // Only short paragraphs, headings or questions: the first that is not a question.
    blocks
        .iter()
        .map(|b| first_sentence(b.text()))
        .find(|s| !s.ends_with('?'))
        .map_or_else(
            || "Untitled article".to_string(),
            |s| shorten(s.trim_end_matches(['.', '!'])),
        )
}

fn first_clause(s: &str) -> &str {
    let s = s.trim_end_matches(['.', ' ']);
    s.split_once(", ").map_or(s, |(a, _)| a)
}

/// Cuts a title to `GUESSED_TITLE_MAX` characters: at the last clause break that leaves most
/// of it, else at a word, with an ellipsis. A `|` never appears in a title.
fn shorten(s: &str) -> String {
    // Table-cell bars and dashes left at the ends of a line are page furniture, not words.
    let s = s.replace('|', "-");
    let s = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | '•' | '*'));
    if s.chars().count() <= GUESSED_TITLE_MAX {
        return s.to_string();
    }
    let limit = s
        .char_indices()
        .nth(GUESSED_TITLE_MAX)
        .map_or(s.len(), |(i, _)| i);
    let head = &s[..limit];
    for sep in [", ", "; ", " – ", " — ", " - "] {
        if let Some(i) = head.rfind(sep)
            && head[..i].chars().count() >= 40
        {
            return head[..i].to_string();
        }
    }
    let cut = head.rfind(' ').unwrap_or(head.len());
    format!("{}…", head[..cut].trim_end_matches([',', ';', ' ']))
}
