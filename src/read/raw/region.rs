//! Where the article is inside a whole page's text. A browser's select-all of a news page
//! gives the story among menus, sign-in prompts, share rows, lists of other stories, comment
//! sections and footers, often more of them than of the story. The story is the densest run of
//! prose: each line weighs what it adds (a sentence of some length weighs its words, a short
//! title-like line or page furniture weighs against), the run of lines with the greatest total
//! is found in one pass (the maximum-sum run), and it is grown outwards: up over the head
//! (headline, standfirst, byline, date, lead photo) and down over a closing signature.
//! Whatever lies outside is page furniture, however much of it there is.

use super::classify::{LINE_WORDS, Line, LineKind};
use super::lexicon::lexicon;
use super::text::{ends_punctuated, ends_sentence, is_name_like, key, name_case};
use crate::read::Role;
use regex::Regex;
use std::sync::OnceLock;

/// The article's lines: `head..end`, its prose beginning at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// The first line of the head (where the headline may be).
    pub head: usize,
    /// The first line of prose.
    pub start: usize,
    /// One past the last line of the article.
    pub end: usize,
}

/// Lines above the prose that may still be the article's head, not counting page furniture
/// already known (share rows, "Sign in"): a headline, a standfirst, a kicker, a caption and its
/// credit, the byline (one or two lines) and the date fit in it, with room to spare.
const HEAD_LINES: usize = 10;
/// Below this total the page is too short to tell its story from its furniture: it is read
/// whole, as an excerpt is.
const MIN_TOTAL: i64 = 40;
/// The most a line of prose weighs: one very long line does not outweigh the rest.
const PROSE_CAP: usize = 120;
// A line's words are counted up to `LINE_WORDS` (`Line::words`).
const _: () = assert!(PROSE_CAP <= LINE_WORDS);

/// A line's weight as evidence of the article.
fn weight(line: &Line, kind: &LineKind) -> i64 {
    match kind {
        LineKind::Text | LineKind::Paragraph | LineKind::Question => text_weight(line),
        // A comment section's header ends the story: the readers' prose after it is not the
        // article's.
        LineKind::Junk if comments_header(line) => -60,
        // Furniture recognised on its own: a share row or a "Sign in" inside a story costs a
        // little, a menu of fifty entries a lot.
        LineKind::Junk => -2,
        // "Most read", "Related stories": what follows is other stories (but a story may go
        // on after a short list of links).
        LineKind::Related => -12,
        // Metadata and captions belong to a story but are no evidence of where it is.
        _ => -1,
    }
}

/// `Comments`, `Join the conversation`, `Show comments`: a short line opening the readers'
/// comments.
fn comments_header(line: &Line) -> bool {
    if line.words > 4 {
        return false;
    }
    let text = &line.text;
    let k = key(text);
    // A counter (`Comment (0)`, `12 comments`) is a widget that may stand anywhere, but an
    // invitation to join the conversation opens the comments with or without one (`48k
    // reactions • Join the Conversation`).
    k.contains("conversation")
        || (k.contains("comment") && !text.contains(|c: char| c.is_ascii_digit()))
}

fn text_weight(line: &Line) -> i64 {
    let (text, words) = (line.text.as_str(), line.words.min(PROSE_CAP));
    if boilerplate(text) {
        return -20;
    }
    // A teaser cut short (`Ten things you…`) is another story's title, and a line in Title
    // Case (`Why the Ferries Stopped Running in N.Y.C.`) a headline, whatever it
    // ends with.
    if words < 25 && (text.ends_with('…') || text.ends_with("...") || title_case(text)) {
        return -5;
    }
    // Prose ends a sentence, or goes on over the line's end (a page wrapped at a fixed
    // width: the line starts in lower case, ends on a comma, or holds a sentence's end).
    let goes_on = text.starts_with(char::is_lowercase)
        || text.ends_with([',', ';'])
        || (words >= 6 && has_inner_stop(text));
    if ends_sentence(text) || goes_on || (words >= 25 && ends_punctuated(text)) {
        if words >= 8 {
            return words as i64;
        }
        // A short sentence ("He declined to comment.") is the story's, and weighs a little.
        return (words / 2) as i64;
    }
    if words >= 40 {
        // A long line without a closing stop: a paragraph cut short, or a run of link titles.
        return if text.contains(['.', ',']) {
            (words / 2) as i64
        } else {
            -10
        };
    }
    // A title-like line: a headline, a subheading, a teaser, a menu entry.
    -5
}

/// Most words capitalised, as headlines are written (small words aside).
fn title_case(text: &str) -> bool {
    let (mut words, mut caps) = (0, 0);
    for w in text.split_whitespace() {
        let Some(c) = w
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .next()
        else {
            continue;
        };
        words += 1;
        caps += usize::from(c.is_uppercase());
    }
    words >= 4 && caps * 10 >= words * 7
}

/// A full stop inside the line followed by a capital: `… to date. It looks`.
fn has_inner_stop(text: &str) -> bool {
    // Each full stop found by `memchr` (a `char` pattern), then the space after it: a
    // two-byte `&str` pattern is searched for far more slowly.
    text.match_indices('.').any(|(i, _)| {
        text.as_bytes().get(i + 1) == Some(&b' ')
            && text[i + 2..].starts_with(char::is_uppercase)
            && text[..i]
                .rsplit(' ')
                .next()
                .is_some_and(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
    })
}

/// A line a page prints around every story: cookie and subscription notices, newsletter boxes,
/// sign-in prompts, copyright and terms lines. Known by its phrases (`boilerplate.txt`); a
/// long line must hold two of them (prose may happen to use one).
pub fn boilerplate(text: &str) -> bool {
    if text.len() > 1500 {
        return false;
    }
    // A long notice (a cookie banner) names two of its phrases; prose may name one (asked
    // with `is_match`, which need not find where the phrase starts).
    if text.len() > 400 {
        boilerplate_pattern().find_iter(text).nth(1).is_some()
    } else {
        boilerplate_pattern().is_match(text)
    }
}

/// The phrases of `boilerplate.txt` as one case-blind alternation of literals, which the
/// regex crate searches for all at once.
fn boilerplate_pattern() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| {
        let phrases: Vec<String> = lexicon()
            .boilerplate
            .iter()
            .map(|p| regex::escape(p))
            .collect();
        Regex::new(&format!("(?i){}", phrases.join("|"))).expect("boilerplate pattern")
    })
}

/// Compiles the boilerplate pattern now rather than on first use (`super::prepare`).
pub fn prepare_patterns() {
    boilerplate_pattern();
}

/// The article's region, or `None` when the text is too short to tell (it is read whole).
pub fn find(lines: &[Line], kinds: &[LineKind]) -> Option<Region> {
    let own: Vec<i64> = lines.iter().zip(kinds).map(|(l, k)| weight(l, k)).collect();
    let mut weights = own.clone();
    discount_isolated_prose(kinds, &mut weights);
    // The maximum-sum run of line weights (Kadane), in one pass.
    let (mut best, mut best_start, mut best_end) = (0i64, 0usize, 0usize);
    let (mut run, mut run_start) = (0i64, 0usize);
    for (i, &w) in weights.iter().enumerate() {
        if run <= 0 {
            run = 0;
            run_start = i;
        }
        run += w;
        if run > best {
            best = run;
            best_start = run_start;
            best_end = i + 1;
        }
    }
    if best < MIN_TOTAL {
        return None;
    }
    let (best_start, best_end) = densest_part(kinds, &weights, best_start, best_end);
    // The story starts with its first line of prose (a link such as "take the tour" above
    // it is the head's).
    // A line with the date or the byline under it is the headline (a question ends like a
    // sentence), not the story's first line.
    let meta_under = |i: usize| {
        kinds[i + 1..best_end]
            .iter()
            .find(|k| !matches!(k, LineKind::Junk))
            .is_some_and(|k| match k {
                LineKind::Date(_) => true,
                // A photo's credit goes under its caption, which may end like a sentence.
                LineKind::Byline(c) => !c.contributors.iter().all(|p| p.role == Role::Photographer),
                _ => false,
            })
    };
    let start = (best_start..best_end)
        .find(|&i| own[i] > 0 && lines[i].words >= 4 && !meta_under(i))
        .unwrap_or(best_start);
    let head = grow_head(kinds, &own, start);
    let end = grow_tail(lines, kinds, best_end);
    Some(Region { head, start, end })
}

/// Lines in a row that add nothing to a story, past which the run found may be two stretches
/// of text: a chart's labels or a gallery may stand inside a story, and so may a screenful of
/// menus between a feed of teasers and the story under it.
const GAP_LINES: usize = 30;

/// The run `start..end`, without a part of it that lies past a gap of `GAP_LINES` lines that
/// weigh against it and is far less dense than the part that is most the story's (heavy and
/// dense): a feed of teasers and readers'
/// comments above a short story (summaries and a few long comments among many title-like
/// lines) is not joined to it because all its lines together outweigh the menus between the
/// two. Parts of the story on both sides of a long chart are each dense with prose, and stay.
fn densest_part(kinds: &[LineKind], weights: &[i64], start: usize, end: usize) -> (usize, usize) {
    let against = |i: usize| {
        weights[i] < 0
            && matches!(
                kinds[i],
                LineKind::Junk | LineKind::Related | LineKind::Text
            )
    };
    // The parts: (first line, one past its last line of prose, the weight of those lines).
    let mut parts: Vec<(usize, usize, i64)> = Vec::new();
    let (mut part_start, mut sum, mut gap) = (start, 0i64, 0usize);
    // The part's weight up to its last line of prose, and that line.
    let (mut part_sum, mut last_positive) = (0i64, start);
    for (i, &w) in weights.iter().enumerate().take(end).skip(start) {
        if against(i) {
            gap += 1;
        } else {
            if gap >= GAP_LINES {
                parts.push((part_start, last_positive + 1, part_sum));
                part_start = i;
                sum = 0;
            }
            gap = 0;
        }
        sum += w;
        if w > 0 {
            last_positive = i;
            part_sum = sum;
        }
    }
    if parts.is_empty() {
        return (start, end);
    }
    parts.push((part_start, end, part_sum));
    let density = |p: &(usize, usize, i64)| p.2 as f64 / (p.1 - p.0).max(1) as f64;
    // The story's part is both heavy and dense: its weight times its weight per line. A part
    // of a single line (one long teaser or comment) is no story on its own.
    let prose_lines = |p: &(usize, usize, i64)| (p.0..p.1).filter(|&i| weights[i] > 0).count();
    let merit = |p: &(usize, usize, i64)| {
        if p.2 <= 0 || prose_lines(p) < 2 {
            0.0
        } else {
            p.2 as f64 * density(p)
        }
    };
    let Some(heaviest) =
        (0..parts.len()).max_by(|&a, &b| merit(&parts[a]).total_cmp(&merit(&parts[b])))
    else {
        return (start, end);
    };
    let dense = density(&parts[heaviest]);
    let kept = |k: usize| parts[k].2 > 0 && density(&parts[k]) * 3.0 >= dense;
    let mut first = heaviest;
    while first > 0 && kept(first - 1) {
        first -= 1;
    }
    let mut last = heaviest;
    while last + 1 < parts.len() && kept(last + 1) {
        last += 1;
    }
    (parts[first].0, parts[last].1)
}

/// A line of prose between title-like lines (past furniture and list headers), near
/// another such line, is a teaser's summary in a list of other stories (title, summary,
/// source, title, summary…): it weighs a third. A story's paragraphs come in runs, and a lone
/// paragraph between two photos is still the story's.
fn discount_isolated_prose(kinds: &[LineKind], weights: &mut [i64]) {
    let prose = |w: i64| w >= 8;
    let transparent = |k: &LineKind| matches!(k, LineKind::Junk | LineKind::Related);
    // The weight of the nearest line before each one that is not furniture.
    let mut before: Vec<i64> = Vec::with_capacity(weights.len());
    let mut last = 0;
    for (k, &w) in kinds.iter().zip(weights.iter()) {
        before.push(last);
        if !transparent(k) {
            last = w;
        }
    }
    let mut isolated = vec![false; weights.len()];
    let mut after = 0;
    for i in (0..weights.len()).rev() {
        // Between title-like lines or furniture (a question ends like a sentence: an
        // interview's answers are not teasers).
        isolated[i] = prose(weights[i]) && before[i] < 0 && after < 0;
        if !transparent(&kinds[i]) {
            after = weights[i];
        }
    }
    const NEAR: usize = 8;
    let mut last_isolated: Option<usize> = None;
    let mut teaser = vec![false; weights.len()];
    for i in (0..weights.len()).filter(|&i| isolated[i]) {
        if let Some(j) = last_isolated
            && i - j <= NEAR
        {
            teaser[i] = true;
            teaser[j] = true;
        }
        last_isolated = Some(i);
    }
    for (w, t) in weights.iter_mut().zip(teaser) {
        if t {
            *w /= 3;
        }
    }
}

/// Up from the first line of prose over the head: at most `HEAD_LINES` lines that are not
/// known furniture, and never past more than one line of prose (the standfirst).
fn grow_head(kinds: &[LineKind], weights: &[i64], start: usize) -> usize {
    let mut head = start;
    let mut counted = 0;
    let mut prose = 0;
    for i in (0..start).rev() {
        match &kinds[i] {
            // A list of tags or topics often stands between the byline and the story.
            LineKind::Junk | LineKind::Related => continue,
            // A standfirst is one sentence under the headline; a second one above it is
            // another story's.
            LineKind::Text if weights[i] >= 8 => {
                prose += 1;
                if prose == 2 {
                    break;
                }
            }
            _ => {}
        }
        counted += 1;
        head = i;
        if counted == HEAD_LINES {
            break;
        }
    }
    head
}

/// Down from the last line of prose over what closes a story: a signature, a credit, a
/// "contributed to this report" line, within a few lines.
fn grow_tail(lines: &[Line], kinds: &[LineKind], end: usize) -> usize {
    let mut out = end;
    let mut counted = 0;
    for (i, kind) in kinds.iter().enumerate().skip(end) {
        match kind {
            LineKind::Junk => continue,
            LineKind::Byline(_) | LineKind::Credit(_) => out = i + 1,
            // A signature standing alone (`JANE DOE`, `Jane Doe`) is settled as a byline later.
            LineKind::Text if lines[i].words <= 5 => {
                let bare = lines[i].text.trim_matches(|c: char| !c.is_alphanumeric());
                if is_name_like(bare) || is_name_like(&name_case(bare)) {
                    out = i + 1;
                }
            }
            _ => break,
        }
        counted += 1;
        if counted == 3 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Weights and kinds of a page: each `(weight, lines)` run of lines.
    fn page(runs: &[(i64, usize)]) -> (Vec<LineKind>, Vec<i64>) {
        let weights: Vec<i64> = runs
            .iter()
            .flat_map(|&(w, n)| std::iter::repeat_n(w, n))
            .collect();
        let kinds = weights
            .iter()
            .map(|&w| {
                if w < 0 {
                    LineKind::Junk
                } else {
                    LineKind::Text
                }
            })
            .collect();
        (kinds, weights)
    }

    #[test]
    fn a_sparse_feed_past_a_long_gap_is_not_the_storys() {
        // A feed: a title-like line, then a summary, thirty times; a screenful of widgets;
        // then ten paragraphs of a story.
        let mut runs = Vec::new();
        for _ in 0..30 {
            runs.extend([(-5, 1), (12, 1)]);
        }
        let story_start = 60 + 35;
        runs.extend([(-2, 35), (30, 10)]);
        let (kinds, weights) = page(&runs);
        assert_eq!(
            densest_part(&kinds, &weights, 1, weights.len()),
            (story_start, weights.len())
        );
    }

    #[test]
    fn parts_of_a_story_around_a_long_chart_stay_together() {
        let (kinds, weights) = page(&[(25, 6), (-2, 40), (40, 4), (-2, 35), (30, 8)]);
        assert_eq!(
            densest_part(&kinds, &weights, 0, weights.len()),
            (0, weights.len())
        );
    }
}
