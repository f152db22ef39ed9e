//! Citation downloads for each article: `articles/SLUG/cite.bib` (BibTeX) and
//! `articles/SLUG/cite.ris` (RIS), for reference managers (Zotero, EndNote, BibDesk, LaTeX).
//!
//! Both carry the outlet, date, title, authors, the original address where one is known
//! (web pages and web archives), and the archive's address. The date the original was
//! accessed is the capture date of a web archive's record; nothing else is dated, so a
//! rebuild writes the same bytes. Text from the article is escaped for each format: in
//! BibTeX every character TeX or BibTeX treats specially (braces included, so a field's
//! braces always balance), in RIS line breaks and control characters (a record is one tag
//! per line).

use super::OutputFile;
use super::urls::Urls;
use crate::graph::{ArticleNode, SiteGraph};
use crate::read::Role;
use chrono::Datelike;

/// The citation file names, in each article's folder.
pub const BIBTEX_FILE: &str = "cite.bib";
pub const RIS_FILE: &str = "cite.ris";

/// The paths of article `i`'s citation files, in the order `files` makes them.
pub fn paths(graph: &SiteGraph, i: usize) -> [String; 2] {
    let path = graph.articles[i].path();
    [format!("{path}{BIBTEX_FILE}"), format!("{path}{RIS_FILE}")]
}

/// Both citation files of article `i`.
pub fn files(graph: &SiteGraph, urls: &Urls, i: usize) -> [OutputFile; 2] {
    let record = Record::new(graph, urls, &graph.articles[i]);
    let [bib, ris] = paths(graph, i);
    [
        OutputFile::new(bib, record.bibtex()),
        OutputFile::new(ris, record.ris()),
    ]
}

/// What a citation says of one article.
struct Record<'a> {
    key: &'a str,
    title: &'a str,
    authors: Vec<&'a str>,
    outlet: Option<&'a str>,
    date: Option<chrono::NaiveDate>,
    /// The original page's address (http(s) only).
    original_url: Option<&'a str>,
    /// When the original was captured (YYYY-MM-DD), for a web archive's record.
    accessed: Option<&'a str>,
    archive_url: String,
    archive_name: &'a str,
    language: &'a str,
}

impl<'a> Record<'a> {
    fn new(graph: &'a SiteGraph, urls: &Urls, node: &'a ArticleNode) -> Self {
        let a = &node.article;
        Record {
            key: &node.slug,
            title: &a.title,
            authors: (node.contributors.iter())
                .filter(|(_, role)| *role == Role::Author)
                .map(|&(p, _)| graph.people[p].name.as_str())
                .collect(),
            outlet: a.outlet.as_deref().filter(|o| !o.trim().is_empty()),
            date: a.date,
            original_url: (a.url.as_deref())
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
            accessed: (a.captured.as_deref())
                .and_then(|c| c.get(..10))
                .filter(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()),
            archive_url: urls.absolute(&node.path()),
            archive_name: &graph.config.title,
            language: &graph.config.language,
        }
    }

    /// A BibTeX `@misc` entry (the type every style knows), with biblatex's `date` and
    /// `urldate` beside the classic `year`, `month` and `howpublished`.
    fn bibtex(&self) -> String {
        let mut out = String::with_capacity(512);
        // Written field by field into one string: a `format!` per field and per name
        // was most of the cost of a citation (10,000 of them at 10,000 articles).
        let mut field = |name: &str, value: &str| {
            out.push_str("  ");
            out.push_str(name);
            // `month` is a macro (jan, feb, …), not braced text.
            if name == "month" {
                out.push_str(" = ");
                out.push_str(value);
                out.push_str(",\n");
            } else {
                out.push_str(" = {");
                out.push_str(value);
                out.push_str("},\n");
            }
        };
        let title = ["{", &bibtex_text(self.title), "}"].concat();
        field("title", &title);
        if !self.authors.is_empty() {
            // Each name braced: BibTeX then takes it whole, as written, rather than
            // guessing which part is the family name (often wrong for Vietnamese names).
            let names: Vec<String> = (self.authors.iter())
                .map(|n| ["{", &bibtex_text(n), "}"].concat())
                .collect();
            field("author", &names.join(" and "));
        }
        if let Some(outlet) = self.outlet {
            let outlet = bibtex_text(outlet);
            field("howpublished", &outlet);
            field("organization", &outlet);
        }
        if let Some(d) = self.date {
            field("year", &d.year().to_string());
            field("month", BIBTEX_MONTHS[d.month0() as usize]);
            field("date", &super::views::iso_date(d));
        }
        // The original address where one is known, and the archive's in a note;
        // otherwise the archive's is the address.
        let archive_name = bibtex_text(self.archive_name);
        match self.original_url {
            Some(original) => {
                field("url", &bibtex_url(original));
                if let Some(accessed) = self.accessed {
                    field("urldate", accessed);
                }
                let note = format!(
                    "Archived in {archive_name}: \\url{{{}}}",
                    bibtex_url_in_text(&self.archive_url)
                );
                field("note", &note);
            }
            None => {
                field("url", &bibtex_url(&self.archive_url));
                field("note", &["Archived in ", &archive_name].concat());
            }
        }
        field("language", &bibtex_text(self.language));
        ["@misc{", self.key, ",\n", &out, "}\n"].concat()
    }

    /// An RIS record of type `NEWS` (newspaper article).
    fn ris(&self) -> String {
        let mut out = String::with_capacity(512);
        let mut tag = |tag: &str, value: &str| {
            let start = out.len();
            out.push_str(tag);
            out.push_str("  - ");
            let value_start = out.len();
            push_ris_text(&mut out, value);
            if out.len() == value_start {
                out.truncate(start);
            } else {
                out.push_str("\r\n");
            }
        };
        tag("TY", "NEWS");
        tag("ID", self.key);
        tag("TI", self.title);
        for a in &self.authors {
            tag("AU", a);
        }
        if let Some(outlet) = self.outlet {
            tag("T2", outlet);
            tag("PB", outlet);
        }
        if let Some(d) = self.date {
            tag("PY", &d.year().to_string());
            tag("DA", &slashed_date(d));
        }
        if let Some(url) = self.original_url {
            tag("UR", url);
            if let Some(accessed) = self.accessed {
                tag("Y2", &accessed.replace('-', "/"));
            }
        }
        tag("UR", &self.archive_url);
        tag("DB", self.archive_name);
        tag("LA", self.language);
        // `ER` has no value but ends the record: written as the format has it.
        out.push_str("ER  - \r\n");
        out
    }
}

const BIBTEX_MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Text for a braced BibTeX field: TeX's special characters written as commands, so
/// they print as themselves and braces never unbalance the field; whitespace runs
/// (line breaks included) as one space; control characters dropped.
fn bibtex_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if c.is_control() {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '#' | '$' | '%' | '&' | '_' => {
                out.push('\\');
                out.push(c);
            }
            // `@` starts an entry where BibTeX looks for one; inside braces it is
            // harmless, but some tools scan for it.
            '@' => out.push_str("{@}"),
            c => out.push(c),
        }
    }
    out
}

/// A date as RIS writes it: `YYYY/MM/DD`.
fn slashed_date(d: chrono::NaiveDate) -> String {
    if (0..=9999).contains(&d.year()) {
        super::views::iso_date(d).replace('-', "/")
    } else {
        d.format("%Y/%m/%d").to_string()
    }
}

/// A URL for a BibTeX `url` field (read verbatim): the characters that would end or
/// unbalance the field, and whitespace, percent-encoded; control characters dropped.
fn bibtex_url(url: &str) -> String {
    // Nearly every URL is printable ASCII with nothing to encode: a byte scan says so,
    // where the loop below decodes and classifies every character.
    let plain = |b: u8| b.is_ascii_graphic() && !matches!(b, b'{' | b'}' | b'\\' | b'"');
    if url.bytes().all(plain) {
        return url.to_string();
    }
    bibtex_url_by_char(url)
}

fn bibtex_url_by_char(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '{' | '}' | '\\' | '"' | ' ' => out.push_str(&format!("%{:02X}", c as u32)),
            c if c.is_control() || c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URL inside `\url{}` in ordinary text (a note): as for a `url` field, and `%` and `#`
/// escaped, which TeX would otherwise read as a comment or a parameter.
fn bibtex_url_in_text(url: &str) -> String {
    bibtex_url(url).replace('%', "\\%").replace('#', "\\#")
}

/// A value for one RIS line, added to `out`: whitespace runs (line breaks, tabs) as one
/// space, control characters dropped.
fn push_ris_text(out: &mut String, s: &str) {
    // Printable ASCII with single spaces between words (nearly every value) is written
    // as it is: the loop below would split it into words and check every character.
    let plain = s.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ");
    if plain {
        out.push_str(s);
        return;
    }
    push_ris_words(out, s);
}

fn push_ris_words(out: &mut String, s: &str) {
    for (n, word) in s.split_whitespace().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        if word.chars().any(char::is_control) {
            out.extend(word.chars().filter(|c| !c.is_control()));
        } else {
            out.push_str(word);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_text_escapes_what_tex_reads_specially_and_keeps_braces_balanced() {
        let s = bibtex_text("50% of {A} & B_1 #2 $3 ~x^y \\z @w\n  next\u{1}");
        assert_eq!(
            s,
            "50\\% of \\textbraceleft{}A\\textbraceright{} \\& B\\_1 \\#2 \\$3 \
             \\textasciitilde{}x\\textasciicircum{}y \\textbackslash{}z {@}w next"
        );
        let depth = s.chars().try_fold(0i32, |d, c| match c {
            '{' => Some(d + 1),
            '}' if d == 0 => None,
            '}' => Some(d - 1),
            _ => Some(d),
        });
        assert_eq!(depth, Some(0));
        assert_eq!(bibtex_text("Bùi Thanh Sơn"), "Bùi Thanh Sơn");
        assert_eq!(
            bibtex_text("a}}}"),
            "a\\textbraceright{}\\textbraceright{}\\textbraceright{}"
        );
    }

    #[test]
    fn bibtex_url_never_ends_the_field() {
        assert_eq!(
            bibtex_url("https://x.org/a b}{c#d%20"),
            "https://x.org/a%20b%7D%7Bc#d%20"
        );
        assert_eq!(
            bibtex_url_in_text("https://x.org/a b#d"),
            "https://x.org/a\\%20b\\#d"
        );
    }

    /// The byte scans that skip the character loops must agree with them.
    #[test]
    fn plain_text_fast_paths_agree_with_the_character_loops() {
        let table = [
            "",
            " ",
            "https://example.org/articles/a-b/",
            "https://x.org/a b}{c#d%20",
            "https://x.org/\"q\"\\",
            "https://x.org/tab\there",
            "https://x.org/\u{1}ctl",
            "https://x.org/ừ",
            "Vietnam and Japan sign a deal",
            " leading",
            "trailing ",
            "two  spaces",
            "line\nbreak",
            "NEWS",
            "Bùi Thanh Sơn",
            "nbsp\u{a0}here",
            "x\u{85}y",
            "del\u{7f}",
        ];
        for s in table {
            assert_eq!(bibtex_url(s), bibtex_url_by_char(s), "{s:?}");
            let (mut fast, mut slow) = (String::from("k"), String::from("k"));
            push_ris_text(&mut fast, s);
            push_ris_words(&mut slow, s);
            assert_eq!(fast, slow, "{s:?}");
        }
    }

    #[test]
    fn ris_values_stay_on_one_line() {
        let ris_text = |s: &str| {
            let mut out = String::from("kept");
            push_ris_text(&mut out, s);
            out
        };
        assert_eq!(ris_text(" a\r\nER  - b\u{0}\tc "), "kepta ER - b c");
        assert_eq!(ris_text("x \u{1} y\u{85}z\u{9f}"), "keptx  y z");
        assert_eq!(ris_text("\u{1}\n"), "kept");
    }
}
