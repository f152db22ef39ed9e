//! The built-in theme, compiled into the binary, overridden file by file by the site's
//! `templates/` folder.

use super::urls::Urls;
use tera::{Kwargs, State, Tera};

/// The built-in templates: name and source. The repository's own `templates/` folder is the
/// built-in theme, so the example site shows it unchanged.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("card.html", include_str!("../../templates/card.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    (
        "articles.html",
        include_str!("../../templates/articles.html"),
    ),
    ("person.html", include_str!("../../templates/person.html")),
    ("people.html", include_str!("../../templates/people.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("topics.html", include_str!("../../templates/topics.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("rss.xml", include_str!("../../templates/rss.xml")),
    ("feed.json", include_str!("../../templates/feed.json")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    (
        "sitemap_index.xml",
        include_str!("../../templates/sitemap_index.xml"),
    ),
    ("robots.txt", include_str!("../../templates/robots.txt")),
    ("archive.html", include_str!("../../templates/archive.html")),
    ("pager.html", include_str!("../../templates/pager.html")),
    ("az.html", include_str!("../../templates/az.html")),
];

/// Built-in static assets: path under the output folder and bytes.
pub const BUILTIN_STATIC: &[(&str, &str)] = &[
    (
        "static/style.css",
        include_str!("../../templates/static/style.css"),
    ),
    (
        "static/search.js",
        include_str!("../../templates/static/search.js"),
    ), // Without an icon every browser asks for /favicon.ico and logs a 404.
    (
        "static/favicon.svg",
        include_str!("../../templates/static/favicon.svg"),
    ),
];

/// Parses the theme once: built-in templates, with the site's templates of the same name
/// (and any new ones) in their place. A template error names the template and line.
pub fn load(site_templates: &[(String, String)], urls: &Urls) -> Result<Tera, TemplateError> {
    let mut tera = Tera::default();
    let url_base = urls.base_path().to_string();
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            Ok(format!("{url_base}{}", path.trim_start_matches('/')))
        },
    );
    // `feed.json` writes its text as JSON strings: the `json` filter encodes any value
    // (strings escaped as JSON wants), and its output is not escaped again.
    tera.register_filter(
        "json",
        |value: tera::Value, _: Kwargs, _: &State| -> tera::TeraResult<tera::Value> {
            let text = serde_json::to_string(&value)
                .map_err(|e| tera::Error::message(format!("json filter: {e}")))?;
            Ok(tera::Value::safe_string(&text))
        },
    );
    // A translated label with `{name}` slots, filled from the arguments:
    // `{{ t.page_of | fill(current=pager.current, total=pager.total) }}`. The result is
    // text, escaped like any other.
    tera.register_filter(
        "fill",
        |value: tera::Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<tera::Value> {
            let mut out = value.as_str().map(str::to_string).unwrap_or_default();
            for (key, v) in kwargs.iter() {
                let v = match v.as_str() {
                    Some(s) => s.to_string(),
                    None => v.to_string(),
                };
                out = out.replace(&format!("{{{key}}}"), &v);
            }
            Ok(tera::Value::from(out))
        },
    );
    let mut all: Vec<(String, String)> = BUILTIN
        .iter()
        .filter(|(name, _)| !site_templates.iter().any(|(n, _)| n == name))
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    all.extend(
        site_templates
            .iter()
            .filter(|(n, _)| {
                [".html", ".xml", ".txt", ".json"]
                    .iter()
                    .any(|ext| n.ends_with(ext))
            })
            .cloned(),
    );
    tera.add_raw_templates(all.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| TemplateError::new(&e, None))?;
    Ok(tera)
}

/// A template that could not be parsed or rendered: which template and line, and Tera's
/// report of what is wrong (the report points at `--> templates/NAME:LINE:COL`).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}{report}", rendering_note(.rendering))]
pub struct TemplateError {
    /// The output file being made and the template asked to make it; `None` when the
    /// theme itself did not parse.
    pub rendering: Option<(String, String)>,
    /// The template the mistake is in, as the site folder names it (`templates/NAME`), when
    /// Tera says (it can be another than the one asked for: a base or included template).
    pub template: Option<String>,
    pub line: Option<usize>,
    /// Tera's report, with its causes.
    pub report: String,
}

fn rendering_note(rendering: &Option<(String, String)>) -> String {
    match rendering {
        Some((path, template)) => format!("rendering {path} with templates/{template}: "),
        None => String::new(),
    }
}

impl TemplateError {
    /// Tera's error, rendering `rendering` (output path, template) if given.
    pub fn new(e: &tera::Error, rendering: Option<(&str, &str)>) -> Self {
        use std::error::Error;
        // Tera's report starts with "error: " and points at "--> NAME:LINE:COL"; name the
        // template by its path in the site folder instead.
        let mut report = e
            .to_string()
            .trim_start_matches("error: ")
            .replace("--> ", "--> templates/");
        let (mut template, mut line) = where_in_template(e);
        let mut source = e.source();
        while let Some(s) = source {
            report.push_str(&format!("\n{s}"));
            if template.is_none()
                && let Some(t) = s.downcast_ref::<tera::Error>()
            {
                (template, line) = where_in_template(t);
            }
            source = s.source();
        }
        TemplateError {
            rendering: rendering.map(|(p, t)| (p.to_string(), t.to_string())),
            template: template
                .or_else(|| rendering.map(|(_, t)| t.to_string()))
                .map(|t| format!("templates/{t}")),
            line,
            report,
        }
    }
}

/// The template (as Tera names it) and line a Tera error points at, where it points.
fn where_in_template(e: &tera::Error) -> (Option<String>, Option<usize>) {
    use tera::ErrorKind;
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => (
            Some(r.filename().to_string()).filter(|f| !f.is_empty()),
            Some(r.span().start_line),
        ),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            (Some(tpl.clone()), None)
        }
        ErrorKind::MissingParent { current, .. } => (Some(current.clone()), None),
        _ => (None, None),
    }
}
