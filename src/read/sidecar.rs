//! `seeds/NAME.toml` beside `seeds/NAME.txt`: a person's corrections to what the reader found.

use super::Article;
use super::frontmatter;
use crate::diag::Diagnostics;

/// Applies the sidecar's fields over the article. A malformed sidecar is reported and
/// ignored: the article still builds as read.
pub fn apply(article: &mut Article, rel: &str, text: &str, diags: &mut Diagnostics) {
    let fields = match frontmatter::parse(text, rel, 1, diags) {
        Ok(f) => f,
        Err((line, col, msg)) => {
            diags.items.push(crate::diag::Diagnostic {
                level: crate::diag::Level::Error,
                file: rel.to_string(),
                line: Some(line),
                column: Some(col),
                message: format!("sidecar: {msg}; ignored"),
            });
            return;
        }
    };
    if let Some(t) = fields.title {
        article.title = t;
        article.title_guessed = false;
    }
    if fields.date.is_some() {
        article.date = fields.date;
    }
    if let Some(o) = fields.outlet {
        article.outlet = Some(o);
    }
    if let Some(c) = fields.contributors {
        article.contributors = c;
    }
    if let Some(d) = fields.draft {
        article.draft = d;
    }
    if fields.slug.is_some() {
        article.slug = fields.slug;
    }
    if fields.description.is_some() {
        article.description = fields.description;
    }
    article
        .aliases
        .extend(super::alias_paths(&fields.aliases, rel, diags));
    article.tags.persons.extend(fields.persons);
    article.tags.topics.extend(fields.topics);
    article.tags.not_persons.extend(fields.not_persons);
    article.tags.not_topics.extend(fields.not_topics);
}
