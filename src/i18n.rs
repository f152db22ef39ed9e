//! The theme's words in the site's language: labels, month names and date formats, from
//! `data/translations/LANG.toml` (English and Vietnamese are built in) and the site's own
//! `translations/LANG.toml`, which overrides any key or adds a language. A key no file
//! gives keeps its English word, so a partial translation still makes a whole page.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The built-in translations: language and file text.
const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("../data/translations/en.toml")),
    ("vi", include_str!("../data/translations/vi.toml")),
];

/// What the theme says, in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Translations {
    /// Label key → text, as templates see them (`{{ t.search }}`).
    pub labels: BTreeMap<String, String>,
    months: [String; 12],
    /// Short month names ("Dec"), for spans of months on person pages.
    months_short: [String; 12],
    date: Vec<Piece>,
    month_year: Vec<Piece>,
    month_year_short: Vec<Piece>,
}

/// A date format, parsed once: text and the parts of the date between it.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Day,
    Month,
    Year,
}

/// One translations file as written: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    months: Option<Vec<String>>,
    months_short: Option<Vec<String>>,
    date: Option<String>,
    month_year: Option<String>,
    month_year_short: Option<String>,
    #[serde(default)]
    labels: BTreeMap<String, String>,
}

/// A translations file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TranslationsError {
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: `months` has {count} names, not 12")]
    Months { file: String, count: usize },
}

impl TranslationsError {
    /// The file the error is in.
    pub fn file(&self) -> &str {
        match self {
            TranslationsError::Invalid { file, .. } | TranslationsError::Months { file, .. } => {
                file
            }
        }
    }

    /// The line the error is on, when it is on one.
    pub fn line(&self) -> Option<usize> {
        match self {
            TranslationsError::Invalid { line, .. } => Some(*line),
            TranslationsError::Months { .. } => None,
        }
    }

    /// What is wrong, without the file and line.
    pub fn reason(&self) -> String {
        match self {
            TranslationsError::Invalid { message, .. } => message.clone(),
            TranslationsError::Months { count, .. } => {
                format!("`months` has {count} names, not 12")
            }
        }
    }
}

impl Default for Translations {
    fn default() -> Self {
        Translations::for_language("en", None).expect("the built-in English translation is valid")
    }
}

impl Translations {
    /// The translations for `language`: English, then the built-in file of the language
    /// (matched on its primary subtag: `vi-VN` takes `vi`), then `site` — (file name as
    /// the site folder has it, text) — each over the one before.
    pub fn for_language(
        language: &str,
        site: Option<(&str, &str)>,
    ) -> Result<Translations, TranslationsError> {
        let primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut files: Vec<(String, &str)> = Vec::new();
        files.push(("data/translations/en.toml".into(), BUILTIN[0].1));
        if let Some((lang, text)) = BUILTIN.iter().skip(1).find(|(l, _)| *l == primary) {
            files.push((format!("data/translations/{lang}.toml"), text));
        }
        if let Some((name, text)) = site {
            files.push((name.to_string(), text));
        }
        let mut labels = BTreeMap::new();
        let mut months: Option<Vec<String>> = None;
        let mut months_short: Option<Vec<String>> = None;
        let (mut date, mut month_year) = (String::new(), String::new());
        let mut month_year_short = String::new();
        for (name, text) in files {
            let file: File = toml::from_str(text.strip_prefix('\u{feff}').unwrap_or(text))
                .map_err(|e| TranslationsError::Invalid {
                    line: e
                        .span()
                        .map_or(1, |s| crate::diag::line_col(text, s.start).0),
                    message: e.message().trim().to_string(),
                    file: name.clone(),
                })?;
            if let Some(m) = file.months {
                if m.len() != 12 {
                    return Err(TranslationsError::Months {
                        file: name,
                        count: m.len(),
                    });
                }
                // A file that names the months but not their short forms: the first
                // three letters (letters, not bytes: "tháng" is not cut inside a letter).
                if file.months_short.is_none() {
                    months_short = Some(m.iter().map(|n| n.chars().take(3).collect()).collect());
                }
                months = Some(m);
            }
            if let Some(m) = file.months_short {
                if m.len() != 12 {
                    return Err(TranslationsError::Months {
                        file: name,
                        count: m.len(),
                    });
                }
                months_short = Some(m);
            }
            month_year_short = file.month_year_short.unwrap_or(month_year_short);
            date = file.date.unwrap_or(date);
            month_year = file.month_year.unwrap_or(month_year);
            labels.extend(file.labels);
        }
        let months: [String; 12] = months
            .unwrap_or_default()
            .try_into()
            .expect("English names 12 months");
        let months_short: [String; 12] = months_short
            .unwrap_or_default()
            .try_into()
            .expect("English names 12 months");
        Ok(Translations {
            labels,
            months,
            months_short,
            date: parse_format(&date),
            month_year: parse_format(&month_year),
            month_year_short: parse_format(&month_year_short),
        })
    }

    /// A label by key; the key itself when no file gives it (a site's own template may
    /// ask for one of its own).
    pub fn label<'a>(&'a self, key: &'a str) -> &'a str {
        self.labels.get(key).map_or(key, String::as_str)
    }

    /// A label that is a format with `{name}` slots, filled from `values`.
    pub fn format(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut out = self.label(key).to_string();
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// The name of `month` (1–12).
    pub fn month_name(&self, month: u32) -> &str {
        &self.months[(month.clamp(1, 12) - 1) as usize]
    }

    /// A day as people read it: "14 December 2021", "14 tháng 12 năm 2021".
    pub fn long_date(&self, d: NaiveDate) -> String {
        self.fill(&self.date, d.day(), d.month(), d.year())
    }

    /// A month of a year: "December 2021", "tháng 12 năm 2021".
    pub fn month_year(&self, month: u32, year: i32) -> String {
        self.fill(&self.month_year, 1, month, year)
    }

    /// A month of a year, short: "Dec 2021", "12/2021".
    pub fn short_month_year(&self, month: u32, year: i32) -> String {
        let name = &self.months_short[(month.clamp(1, 12) - 1) as usize];
        fill(&self.month_year_short, 1, name, year)
    }

    fn fill(&self, pieces: &[Piece], day: u32, month: u32, year: i32) -> String {
        fill(pieces, day, self.month_name(month), year)
    }
}

/// A date format filled in with a day, a month's name and a year.
fn fill(pieces: &[Piece], day: u32, month: &str, year: i32) -> String {
    let mut out = String::with_capacity(24);
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Day => out.push_str(&day.to_string()),
            Piece::Month => out.push_str(month),
            // Four digits at least, as chrono's `%Y` writes a year.
            Piece::Year => out.push_str(&format!("{year:04}")),
        }
    }
    out
}

/// `{day}`, `{month}` and `{year}` in a date format; everything else is text.
fn parse_format(format: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = format;
    while !rest.is_empty() {
        let next = ["{day}", "{month}", "{year}"]
            .iter()
            .filter_map(|slot| rest.find(slot).map(|at| (at, *slot)))
            .min();
        let Some((at, slot)) = next else {
            pieces.push(Piece::Text(rest.to_string()));
            break;
        };
        if at > 0 {
            pieces.push(Piece::Text(rest[..at].to_string()));
        }
        pieces.push(match slot {
            "{day}" => Piece::Day,
            "{month}" => Piece::Month,
            _ => Piece::Year,
        });
        rest = &rest[at + slot.len()..];
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn english_and_vietnamese_dates_and_labels() {
        let en = Translations::for_language("en", None).unwrap();
        assert_eq!(en.long_date(day(2021, 12, 14)), "14 December 2021");
        assert_eq!(en.month_year(3, 2020), "March 2020");
        assert_eq!(en.label("search"), "Search");
        let vi = Translations::for_language("vi-VN", None).unwrap();
        assert_eq!(vi.long_date(day(2021, 12, 14)), "14 tháng 12 năm 2021");
        assert_eq!(vi.month_year(3, 2020), "tháng 3 năm 2020");
        assert_eq!(vi.label("search"), "Tìm kiếm");
        // Every English label has a Vietnamese one.
        for key in en.labels.keys() {
            assert_ne!(vi.labels[key], "", "{key}");
            assert!(vi.labels.contains_key(key), "vi lacks {key}");
        }
    }

    #[test]
    fn english_dates_are_written_as_chrono_writes_them() {
        let en = Translations::default();
        let mut d = day(1, 1, 1);
        while d < day(9999, 12, 1) {
            assert_eq!(en.long_date(d), d.format("%-d %B %Y").to_string());
            d = d + chrono::Days::new(97);
        }
    }

    #[test]
    fn a_site_file_overrides_some_keys_and_keeps_the_rest() {
        let site = "date = \"{month} {day}, {year}\"\n[labels]\nsearch = \"Find\"\n";
        let t = Translations::for_language("en", Some(("translations/en.toml", site))).unwrap();
        assert_eq!(t.long_date(day(2021, 12, 14)), "December 14, 2021");
        assert_eq!(t.label("search"), "Find");
        assert_eq!(t.label("people"), "People");
        // A language Gazette does not ship: the site's words, English for the rest.
        let fr = "months = [\"janvier\", \"février\", \"mars\", \"avril\", \"mai\", \"juin\", \
                  \"juillet\", \"août\", \"septembre\", \"octobre\", \"novembre\", \"décembre\"]\n\
                  [labels]\nsearch = \"Recherche\"\n";
        let t = Translations::for_language("fr", Some(("translations/fr.toml", fr))).unwrap();
        assert_eq!(t.long_date(day(2021, 12, 14)), "14 décembre 2021");
        assert_eq!(t.label("people"), "People");
    }

    #[test]
    fn short_months_are_cut_by_letters_not_bytes() {
        let en = Translations::default();
        assert_eq!(en.short_month_year(12, 2021), "Dec 2021");
        let vi = Translations::for_language("vi", None).unwrap();
        assert_eq!(vi.short_month_year(7, 2024), "7/2024");
        // A site's months without short forms: their first three letters, whatever
        // their bytes.
        let site = "months = [\"ĐĐĐĐ\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\", \"j\", \"k\", \"l\"]\n";
        let t = Translations::for_language("xx", Some(("translations/xx.toml", site))).unwrap();
        assert_eq!(t.short_month_year(1, 2020), "ĐĐĐ 2020");
    }

    #[test]
    fn a_bad_file_is_named_with_its_line() {
        let err =
            Translations::for_language("en", Some(("translations/en.toml", "\n\nmonths = 3\n")))
                .unwrap_err();
        assert!(
            err.to_string().starts_with("translations/en.toml:3: "),
            "{err}"
        );
        let err =
            Translations::for_language("en", Some(("translations/en.toml", "months = [\"a\"]")))
                .unwrap_err();
        assert_eq!(
            err.to_string(),
            "translations/en.toml: `months` has 1 names, not 12"
        );
    }
}
