//! Date lines: a line that states when the article was published and nothing else
//! (`Aug 23, 2016 / 10:42`, `Thứ Bảy, 24/09/2016, 20:37`, `9:31:03 AM | 2/12/2023`,
//! `date 2023-07-02`). A date inside a sentence is never taken for the publication date, which
//! is why the whole line must be accounted for by date, time, weekday and filler words.

use super::lexicon::lexicon;
use super::text::chars_over;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::OnceLock;

struct Patterns {
    month_first: Regex,
    /// Vietnam News writes `November, 28/2023`.
    month_slash: Regex,
    day_first: Regex,
    iso: Regex,
    numeric: Regex,
    vietnamese: Regex,
    time: Regex,
    zone: Regex,
}

/// Compiles the date patterns now rather than on first use (`super::prepare`).
pub fn prepare_patterns() {
    patterns();
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        // Case-insensitive, so that ranges found are ranges of the line as written.
        let r = |s: &str| Regex::new(&format!("(?i){s}")).expect("date pattern");
        Patterns {
            // The month name is a whole run of letters: between a word boundary or white
            // space and a dot, comma or white space. Written `\p{L}+`, its length (3 to 9
            // letters) checked by `month_matches`: bounded, the pattern compiles the class of
            // all letters once per letter, which cost more than reading every article.
            month_first: r(r"\b(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"),
            month_slash: r(r"\b(\p{L}+)\.?,?\s+(\d{1,2})/(\d{4})\b"),
            day_first: r(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(\p{L}+)\.?,?\s+(\d{4})\b"),
            iso: r(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:t\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?\b"),
            numeric: r(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b"),
            vietnamese: r(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"),
            // `09.41 GMT` (British sites) as well as `9:41 AM`.
            time: r(r"\b\d{1,2}(?::|h|\.)\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?"),
            zone: r(
                r"\b(?:gmt|utc|ict|bst|cet|cest|est|edt|cst|cdt|mst|mdt|pst|pdt|akst|akdt|hst|aest|aedt|acst|awst|nzst|nzdt|ist|et|pt|ct|mt)\b\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:\d{2}\b",
            ),
        }
    })
}

/// The matches of a month pattern whose month name (group `month`) has 3 to 9 letters: the
/// matches of the pattern written with `\p{L}{3,9}`. The name is a maximal run of letters
/// in either form, so a match with a longer name is one the bounded pattern has not at
/// that start, and it has none starting inside it either (no word boundary before a
/// letter there, and no day of one or two digits before white space).
fn month_matches<'h>(
    pattern: &Regex,
    month: usize,
    l: &'h str,
) -> impl Iterator<Item = regex::Captures<'h>> {
    pattern
        .captures_iter(l)
        .filter(move |c| (3..=9).contains(&c[month].chars().count()))
}

fn ymd(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    let y: i32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A numeric date `a/b/yyyy`, read day first (`2/12/2023` is 2 December) unless that is
/// impossible (`2/13/2023`). When both readings are possible the page decides
/// (`numeric_readings`, `page_order`).
fn day_month(a: &str, b: &str, y: &str) -> Option<NaiveDate> {
    let (a_n, b_n): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    if a_n <= 12 && b_n > 12 {
        ymd(y, a_n, b)
    } else {
        ymd(y, b_n, a)
    }
}

/// Finds a date in `l` (lower-case): the date and the byte range it covers.
fn find_date(l: &str) -> Option<(NaiveDate, std::ops::Range<usize>)> {
    // Every pattern below has a four-digit year, and a year is only read from ASCII digits
    // (`ymd` parses it): a line without four of them in a row gives no date, and most lines
    // are passed over here without running a pattern.
    if !has_four_digits(l) {
        return None;
    }
    let p = patterns();
    let months = &lexicon().months;
    if let Some(c) = p.vietnamese.captures(l) {
        let date = ymd(&c[3], c[2].parse().ok()?, &c[1])?;
        return Some((date, c.get(0)?.range()));
    }
    if let Some(c) = p.iso.captures(l) {
        let date = ymd(&c[1], c[2].parse().ok()?, &c[3])?;
        return Some((date, c.get(0)?.range()));
    }
    if let Some(c) = p.numeric.captures(l) {
        let date = day_month(&c[1], &c[2], &c[3])?;
        return Some((date, c.get(0)?.range()));
    }
    for c in p.month_first.captures_iter(l) {
        let word = c.get(1)?;
        // `Yahoo FinanceOctober 13, 2016`: an outlet's name glued to the month's.
        let (month, start) = match glued_month(word.as_str()) {
            Some((m, at)) => (m, word.start() + at),
            None => match months.get(&word.as_str().to_lowercase()) {
                Some(&m) if (3..=9).contains(&word.as_str().chars().count()) => {
                    (m, c.get(0)?.start())
                }
                _ => continue,
            },
        };
        if let Some(date) = ymd(&c[3], month, &c[2]) {
            return Some((date, start..c.get(0)?.end()));
        }
    }
    for c in month_matches(&p.month_slash, 1, l) {
        if let Some(&m) = months.get(&c[1].to_lowercase())
            && let Some(date) = ymd(&c[3], m, &c[2])
        {
            return Some((date, c.get(0)?.range()));
        }
    }
    for c in month_matches(&p.day_first, 2, l) {
        if let Some(&m) = months.get(&c[2].to_lowercase())
            && let Some(date) = ymd(&c[3], m, &c[1])
        {
            return Some((date, c.get(0)?.range()));
        }
    }
    None
}

/// The month at the end of a word glued after another one (`FinanceOctober`): its number
/// and where it starts. Only a capital after a lower-case letter starts it.
fn glued_month(word: &str) -> Option<(u32, usize)> {
    let (at, _) = word
        .char_indices()
        .skip(1)
        .find(|&(i, c)| c.is_uppercase() && word[..i].ends_with(char::is_lowercase))?;
    let month = &word[at..];
    if !(3..=9).contains(&month.len()) {
        return None;
    }
    lexicon()
        .months
        .get(&month.to_ascii_lowercase())
        .map(|&m| (m, at))
}

/// A month and day with no year after them (`March 18 at 3:57 PM`, `Mar. 18`), as some
/// sites date a story in its byline: the month and the day. Checked before the date's own
/// patterns: a line with a full date has none.
pub fn yearless_month_day(line: &str) -> Option<(u32, u32)> {
    if chars_over(line, 160) {
        return None;
    }
    let months = &lexicon().months;
    let words: Vec<&str> = line.split_whitespace().collect();
    for (i, pair) in words.windows(2).enumerate() {
        let Some(&month) = months.get(&pair[0].trim_end_matches('.').to_lowercase()) else {
            continue;
        };
        let day = pair[1].trim_end_matches(',');
        let Ok(day) = day.parse::<u32>() else {
            continue;
        };
        // `March 18, 2015` has its year.
        let year_next = words
            .get(i + 2)
            .is_some_and(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()));
        if (1..=31).contains(&day) && !year_next {
            return Some((month, day));
        }
    }
    None
}

/// The one full date among `lines` on the given month and day (`March 18, 2015` in a
/// caption, for a byline's `March 18`): the year the page gives that day, or `None` when no
/// line gives one or lines give different years.
pub fn year_of(lines: &[&str], month: u32, day: u32) -> Option<NaiveDate> {
    let mut found: Option<NaiveDate> = None;
    for l in lines {
        if !has_four_digits(l) {
            continue;
        }
        let head = &l[..l.len().min(200)];
        let head = &head[..head.floor_char_boundary(head.len())];
        if let Some((d, _)) = find_date(head)
            && chrono::Datelike::month(&d) == month
            && chrono::Datelike::day(&d) == day
        {
            if found.is_some_and(|f| f != d) {
                return None;
            }
            found = Some(d);
        }
    }
    found
}

/// True when `s` has four ASCII digits in a row.
fn has_four_digits(s: &str) -> bool {
    let mut run = 0;
    for b in s.bytes() {
        if b.is_ascii_digit() {
            run += 1;
            if run == 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// The date a short line holds, and what is left of the line without the date, the time
/// and the time zone (weekdays and words such as "Updated" are left in).
pub fn split_date(line: &str) -> Option<(NaiveDate, String)> {
    // A date line is short; a long line is a sentence that happens to hold a date.
    if chars_over(line, 100) {
        return None;
    }
    let (first, range) = find_date(line)?;
    let mut rest = String::with_capacity(line.len());
    // `Yahoo FinanceOctober 13, 2016`: a source's label glued to the date is the date line's
    // label, not words of a sentence.
    let glued = line[..range.start].ends_with(char::is_lowercase)
        && line[..range.start].split_whitespace().count() <= 4;
    if !glued {
        rest.push_str(&line[..range.start]);
    }
    rest.push(' ');
    rest.push_str(&line[range.end..]);
    // `April 28, 2019 Updated April 29, 2019`, `Published 27 July 2017 Published 27 Jul 2017`:
    // a second date on the line is taken out too, and the first publication is the date.
    let mut date = first;
    let mut updated = after_update_word(&line[..range.start]);
    for _ in 0..2 {
        let Some((d, r)) = find_date(&rest) else {
            break;
        };
        // Only a repeat or an update stamp: `1949 - 2024` is a span, not a date line.
        let stamp = after_update_word(&rest[..r.start]);
        if d != first && !stamp {
            break;
        }
        if updated && !stamp {
            date = d;
            updated = false;
        }
        rest.replace_range(r, " ");
    }
    let p = patterns();
    let rest = p.time.replace_all(&rest, " ");
    let rest = p.zone.replace_all(&rest, " ");
    let kept: Vec<&str> = rest
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    Some((date, kept.join(" ")))
}

/// True when the text before a date ends with a word saying the page was changed then
/// (`Updated:`, `Last modified on`).
fn after_update_word(before: &str) -> bool {
    let is_update = |w: &str| matches!(w, "updated" | "update" | "modified" | "edited" | "revised");
    let words = &lexicon().date_words;
    // Past the weekday and fillers (`Last modified on Fri 8 Jan`).
    before
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .rfind(|w| is_update(w) || !words.contains(w.as_str()))
        .is_some_and(|w| is_update(&w))
}

/// True when a date line only says when the page was last changed (`Updated: 8 January
/// 2021`): a first publication date elsewhere in the head is worth more.
pub fn is_update_stamp(line: &str) -> bool {
    let Some((_, range)) = find_date(line) else {
        return false;
    };
    after_update_word(&line[..range.start])
}

/// A relative time stamp ending the line (`2 hours ago`, `Jane Doe 1 day ago`): the text
/// before it. It dates nothing: the day it was copied is not known.
pub fn strip_relative_stamp(line: &str) -> Option<&str> {
    let rest = line.trim_end().strip_suffix("ago")?.trim_end();
    let (rest, unit) = rest.rsplit_once(' ')?;
    let unit = unit.to_ascii_lowercase();
    let unit = unit.strip_suffix('s').unwrap_or(&unit);
    if !matches!(
        unit,
        "second"
            | "sec"
            | "minute"
            | "min"
            | "hour"
            | "hr"
            | "h"
            | "day"
            | "week"
            | "month"
            | "year"
    ) {
        return None;
    }
    let (before, number) = rest
        .trim_end()
        .rsplit_once(' ')
        .unwrap_or(("", rest.trim_end()));
    (number.chars().all(|c| c.is_ascii_digit()) || matches!(number, "a" | "an"))
        .then(|| before.trim_end())
}

/// Both readings of an ambiguous numeric date on a date line (`07/01/2021`: 7 January, or
/// July 1): day first, then month first. `None` when the line's date is not such a date.
pub fn numeric_readings(line: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (_, range) = find_date(line)?;
    let c = patterns().numeric.captures(&line[range])?;
    let (a, b): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    if a == b || a > 12 || b > 12 {
        return None;
    }
    Some((ymd(&c[3], b, &c[1])?, ymd(&c[3], a, &c[2])?))
}

/// Which way round a page writes its numeric dates, from what it shows elsewhere: a numeric
/// date that can only be read one way (`25/12/2020`, `12/25/2020`), dates written out with the
/// day before or after the month (`7 January 2021`, `January 7, 2021`), a Vietnamese date
/// word. `None` when nothing tells, or the evidence is split evenly.
pub fn page_order(lines: &[&str]) -> Option<Order> {
    let p = patterns();
    let (mut day, mut month) = (0, 0);
    for l in lines {
        if !has_four_digits(l) || l.len() > 2000 {
            continue;
        }
        for c in p.numeric.captures_iter(l) {
            let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
            day += usize::from(a > 12 && b <= 12);
            month += usize::from(b > 12 && a <= 12);
        }
        let months = &lexicon().months;
        let named = |c: &regex::Captures<'_>, g: usize| months.contains_key(&c[g].to_lowercase());
        day += p.day_first.captures_iter(l).filter(|c| named(c, 2)).count();
        month += p
            .month_first
            .captures_iter(l)
            .filter(|c| named(c, 1))
            .count();
        let lower = l.to_lowercase();
        day += usize::from(
            ["thứ", "chủ nhật", "ngày", "tháng"]
                .iter()
                .any(|w| lower.contains(w)),
        );
        // Time zones: an offset east of Greenwich (`GMT+7`) is a country that writes the day
        // first; the zones of the United States write the month first.
        for z in p.zone.find_iter(&lower) {
            let z = z.as_str();
            if z.contains('+') {
                day += 1;
            } else if US_ZONES
                .iter()
                .any(|u| z.trim_end().eq_ignore_ascii_case(u))
            {
                month += 1;
            }
        }
    }
    match day.cmp(&month) {
        std::cmp::Ordering::Greater => Some(Order::DayFirst),
        std::cmp::Ordering::Less => Some(Order::MonthFirst),
        std::cmp::Ordering::Equal => None,
    }
}

/// The time zones of the United States, whose sites write the month first.
const US_ZONES: [&str; 14] = [
    "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "akst", "akdt", "hst", "et", "pt", "ct",
];

/// How a page writes numeric dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    DayFirst,
    MonthFirst,
}

/// A date opening the lede (`Feb. 23, 2015 -- Life-threatening…`), as some sites date their
/// stories: the date and the text after the dash.
pub fn dateline_date(text: &str) -> Option<(NaiveDate, &str)> {
    let head = text.get(..text.len().min(60))?;
    let (date, range) = find_date(head)?;
    if range.start != 0 {
        return None;
    }
    let after = text[range.end..].trim_start();
    let rest = ["--", "—", "–", "-"]
        .iter()
        .find_map(|d| after.strip_prefix(d))?
        .trim_start();
    rest.starts_with(char::is_uppercase).then_some((date, rest))
}

/// The date of a line that is essentially a date (with perhaps a time, a weekday, a time zone
/// and words such as "Updated"); `None` for any other line.
pub fn date_line(line: &str) -> Option<NaiveDate> {
    let (date, rest) = split_date(line)?;
    only_date_words(&rest).then_some(date)
}

/// True when what `split_date` left of a line is only words allowed beside a date
/// (weekdays, "Updated", …), or nothing.
pub fn only_date_words(rest: &str) -> bool {
    let words = &lexicon().date_words;
    rest.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .all(|w| words.contains(w))
}

/// Does the line hold something that reads like a date at all? Used to warn about a date
/// line near the top that could not be understood.
pub fn looks_like_date(line: &str) -> bool {
    let p = patterns();
    line.chars().count() <= 40
        && (p.numeric.is_match(line) || p.iso.is_match(line))
        && find_date(line).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `month_matches` finds what the patterns written with `\p{L}{3,9}` find. Lines from
    /// files under `$GAZETTE_PATTERN_LINES` (a directory) are compared too, when it is set.
    #[test]
    fn month_runs_match_the_bounded_patterns() {
        let bounded = |s: &str| Regex::new(&format!("(?i){s}")).expect("date pattern");
        let pairs = [
            (
                bounded(r"\b(\p{L}{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"),
                &patterns().month_first,
                1,
            ),
            (
                bounded(r"\b(\p{L}{3,9})\.?,?\s+(\d{1,2})/(\d{4})\b"),
                &patterns().month_slash,
                1,
            ),
            (
                bounded(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(\p{L}{3,9})\.?,?\s+(\d{4})\b"),
                &patterns().day_first,
                2,
            ),
        ];
        let mut lines: Vec<String> = [
            "Aug 23, 2016 / 10:42",
            "September 5th, 2023 and Sept. 6 2023",
            "Supercalifragilistic 5, 2023 then May 5, 2023",
            "xMay 5, 2023 May5, 2023 Ma 5, 2023 Mayyyyyyyy 5, 2023 Mayyyyyyy 5, 2023",
            "12 Supercalifragilistic 2023, 12 May 2023, 1st Tháng 2023, 3rd Décembre, 2023",
            "November, 28/2023 Novemberrr, 28/2023 Novembe\u{301}r 28/2023 abc 1/2023",
            "Thứ Bảy, 24/09/2016 Bảy 24, 2016 ngày 5 tháng 5 năm 2023 Ảnhảnhảnhả 3, 2020",
            "é May 5, 2023 _May 5, 2023 5May 5 2023 May 123, 2023 May 12, 20234",
        ]
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
        lines.extend(
            super::super::pattern_lines_from_env()
                .iter()
                .map(|l| l.to_lowercase()),
        );
        for l in &lines {
            for (old, new, month) in &pairs {
                let spans = |cs: Vec<regex::Captures>| -> Vec<Vec<Option<(usize, usize)>>> {
                    cs.iter()
                        .map(|c| c.iter().map(|g| g.map(|g| (g.start(), g.end()))).collect())
                        .collect()
                };
                assert_eq!(
                    spans(old.captures_iter(l).collect()),
                    spans(month_matches(new, *month, l).collect()),
                    "{l}"
                );
            }
        }
    }
}
