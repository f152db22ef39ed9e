//! TOML front matter between `+++` lines, and the fields it (or a sidecar) may set.

use super::{Contributor, Role};
use crate::diag::Diagnostics;
use chrono::NaiveDate;

/// A Markdown source split into its front matter and body.
pub struct Split<'a> {
    pub front: Option<&'a str>,
    pub body: &'a str,
    /// 1-based line of the front matter's first line in the file.
    pub front_line: usize,
}

/// Splits `+++\n...\n+++\n body`. A file without an opening `+++` has no front matter; an
/// opening without a closing `+++` is an error naming the line of the opening.
pub fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let trimmed = text.trim_start_matches('\u{feff}');
    let lead = trimmed.len() - trimmed.trim_start_matches(['\n', ' ', '\t']).len();
    let rest = &trimmed[lead..];
    let lead_lines = trimmed[..lead].matches('\n').count();
    let first_line = rest.lines().next().unwrap_or("");
    if first_line.trim_end() != "+++" {
        return Ok(Split {
            front: None,
            body: trimmed,
            front_line: 1,
        });
    }
    let after_open = &rest[first_line.len()..];
    let after_open = after_open.strip_prefix('\n').unwrap_or(after_open);
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            return Ok(Split {
                front: Some(front),
                body,
                front_line: lead_lines + 2,
            });
        }
        offset += line.len();
    }
    Err((
        lead_lines + 1,
        "front matter: opening `+++` has no closing `+++`".into(),
    ))
}

/// The fields a person may set on an article, page, person or topic, in front matter or
/// in a sidecar.
#[derive(Debug, Default, Clone)]
pub struct Fields {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub draft: Option<bool>,
    pub outlet: Option<String>,
    pub contributors: Option<Vec<Contributor>>,
    pub persons: Vec<String>,
    pub topics: Vec<String>,
    pub not_persons: Vec<String>,
    pub not_topics: Vec<String>,
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub hidden: bool,
    pub kind: Option<String>,
}

const KNOWN: &[&str] = &[
    "title",
    "date",
    "description",
    "slug",
    "draft",
    "outlet",
    "contributors",
    "authors",
    "author",
    "persons",
    "people",
    "topics",
    "tags",
    "not_persons",
    "not_topics",
    "name",
    "aliases",
    "hidden",
    "kind",
];

/// Parses TOML text into `Fields`. `first_line` is the file line the TOML starts on, so
/// errors point into the user's file. Unknown keys and wrongly typed values are warnings;
/// malformed TOML is an error (returned as line, column, message).
pub fn parse(
    toml_text: &str,
    file: &str,
    first_line: usize,
    diags: &mut Diagnostics,
) -> Result<Fields, (usize, usize, String)> {
    let table: toml::Table = toml::from_str(toml_text).map_err(|e| {
        let (line, col) = match e.span() {
            Some(s) => crate::diag::line_col(toml_text, s.start),
            None => (1, 1),
        };
        (first_line + line - 1, col, e.message().trim().to_string())
    })?;
    let line_of = |key: &str| -> Option<usize> {
        toml_text
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map(|i| first_line + i)
    };
    Ok(fields(&table, file, &line_of, diags))
}

/// The fields of a parsed TOML table (front matter, a sidecar, or one table of a web
/// archive's sidecar). `line_of` says on which line of `file` a key is, for warnings.
pub fn fields(
    table: &toml::Table,
    file: &str,
    line_of: &dyn Fn(&str) -> Option<usize>,
    diags: &mut Diagnostics,
) -> Fields {
    let mut f = Fields::default();
    for (key, value) in table {
        let mut bad = |what: &str| {
            diags.warn(
                file,
                line_of(key),
                format!("front matter: `{key}` should be {what}; ignored"),
            )
        };
        match key.as_str() {
            "title" => {
                f.title = value.as_str().map(clean).or_else(|| {
                    bad("a string");
                    None
                })
            }
            "description" => f.description = value.as_str().map(clean),
            "slug" => f.slug = value.as_str().map(crate::slug::slugify),
            "outlet" => f.outlet = value.as_str().map(clean),
            "name" => f.name = value.as_str().map(clean),
            "kind" => f.kind = value.as_str().map(clean),
            "draft" => {
                f.draft = value.as_bool().or_else(|| {
                    bad("true or false");
                    None
                })
            }
            "hidden" => f.hidden = value.as_bool().unwrap_or(false),
            "date" => {
                f.date = match value {
                    toml::Value::Datetime(dt) => dt.date.and_then(|d| {
                        NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
                    }),
                    toml::Value::String(s) => parse_iso_date(s),
                    _ => None,
                };
                if f.date.is_none() {
                    bad("a date such as 2021-12-14");
                }
            }
            "persons" | "people" => f.persons = strings(value),
            "topics" | "tags" => f.topics = strings(value),
            "not_persons" => f.not_persons = strings(value),
            "not_topics" => f.not_topics = strings(value),
            "aliases" => f.aliases = strings(value),
            "author" | "authors" => {
                let names = strings(value);
                f.contributors
                    .get_or_insert_with(Vec::new)
                    .extend(names.into_iter().map(|name| Contributor {
                        name,
                        role: Role::Author,
                    }));
            }
            "contributors" => match value.clone().try_into::<Vec<Contributor>>() {
                Ok(list) => {
                    f.contributors
                        .get_or_insert_with(Vec::new)
                        .extend(list.into_iter().map(|c| Contributor {
                            name: clean(&c.name),
                            role: c.role,
                        }))
                }
                Err(_) => bad(
                    "a list of { name = \"...\", role = \"author\" | \"translator\" | \"photographer\" | \"editor\" }",
                ),
            },
            _ => diags.warn(
                file,
                line_of(key),
                format!(
                    "front matter: unknown key `{key}` (known: {}); ignored",
                    KNOWN.join(", ")
                ),
            ),
        }
    }
    f
}

fn strings(value: &toml::Value) -> Vec<String> {
    match value {
        toml::Value::String(s) => vec![clean(s)],
        toml::Value::Array(a) => a.iter().filter_map(|v| v.as_str().map(clean)).collect(),
        _ => Vec::new(),
    }
}

/// A string value as text: TOML escapes (`"\u0007"`) can carry control characters that no
/// page or feed may hold; they become spaces (and none is left at either end).
fn clean(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| {
            if crate::load::is_bad_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    spaced.trim().to_string()
}

fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let s = split("+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(s.front, Some("title = \"A\"\n"));
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.front_line, 2);
        assert!(split("no front matter").unwrap().front.is_none());
        assert_eq!(split("+++\ntitle = 1\n").err().unwrap().0, 1);
    }

    #[test]
    fn parses_fields_and_reports_lines() {
        let mut d = Diagnostics::default();
        let f = parse(
            "title = \"T\"\ndate = 2021-12-14\ntopics = [\"a\"]\nfoo = 1\n",
            "x.md",
            2,
            &mut d,
        )
        .unwrap();
        assert_eq!(f.title.as_deref(), Some("T"));
        assert_eq!(f.date, NaiveDate::from_ymd_opt(2021, 12, 14));
        assert_eq!(f.topics, vec!["a"]);
        assert_eq!(d.items.len(), 1);
        assert_eq!(d.items[0].line, Some(5));
        let err = parse("title = \"T\"\ndate 2021\n", "x.md", 2, &mut d).unwrap_err();
        assert_eq!(err.0, 3);
    }
}
