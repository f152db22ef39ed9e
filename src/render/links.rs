//! Internal link checking over rendered files: every `href` and `src` that points into the
//! site must name a file the build makes, and every `#anchor` an id on that page.

use super::OutputFile;
use super::urls::Urls;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

fn attr_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"(?:href|src)="([^"]*)""#).expect("valid regex"))
}

fn id_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"\sid="([^"]*)""#).expect("valid regex"))
}

/// Broken internal links, as `FILE: link` lines.
pub fn broken_links(files: &[OutputFile], base_url: &str) -> Vec<String> {
    let urls = Urls::new(base_url);
    let base_path = urls.base_path();
    let abs_base = urls.base_url();
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut ids: HashMap<&str, HashSet<String>> = HashMap::new();
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let text = String::from_utf8_lossy(&f.bytes);
        ids.insert(
            f.path.as_str(),
            id_re()
                .captures_iter(&text)
                .map(|c| c[1].to_string())
                .collect(),
        );
    }
    let mut broken = Vec::new();
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let text = String::from_utf8_lossy(&f.bytes);
        for cap in attr_re().captures_iter(&text) {
            let link = cap[1].replace("&amp;", "&");
            let local = if let Some(rest) = link
                .strip_prefix(abs_base)
                .filter(|_| abs_base.contains("://"))
            {
                format!("{base_path}{rest}")
            } else if link.starts_with('/') && !link.starts_with("//") {
                link.clone()
            } else if let Some(anchor) = link.strip_prefix('#') {
                if !anchor.is_empty()
                    && !ids.get(f.path.as_str()).is_some_and(|s| s.contains(anchor))
                {
                    broken.push(format!("{}: missing anchor {link}", f.path));
                }
                continue;
            } else {
                continue;
            };
            let Some(rel) = local.strip_prefix(base_path).or_else(|| {
                (local.trim_end_matches('/') == base_path.trim_end_matches('/')).then_some("")
            }) else {
                broken.push(format!(
                    "{}: {link} is outside the site's base path {base_path}",
                    f.path
                ));
                continue;
            };
            let (rel, anchor) = match rel.split_once('#') {
                Some((r, a)) => (r, Some(a)),
                None => (rel, None),
            };
            let rel = rel.split('?').next().unwrap_or("");
            let target = if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel.to_string()
            };
            if !paths.contains(target.as_str()) {
                broken.push(format!("{}: broken link {link}", f.path));
                continue;
            }
            if let Some(a) = anchor.filter(|a| !a.is_empty())
                && !ids.get(target.as_str()).is_some_and(|s| s.contains(a))
            {
                broken.push(format!("{}: missing anchor {link}", f.path));
            }
        }
    }
    broken
}

/// Slugs that had to be changed to stay unique, and output paths two pages claim: each
/// means some page is not where its author expects (or is hidden by another), as
/// `FILE: message` lines. The build still succeeds; `gazette check` fails on these.
pub fn duplicates(graph: &crate::graph::SiteGraph, files: &[OutputFile]) -> Vec<String> {
    use crate::slug::slugify;
    let mut out = Vec::new();
    let mut by_path: HashMap<&str, usize> = HashMap::new();
    for f in files {
        *by_path.entry(f.path.as_str()).or_default() += 1;
    }
    let mut twice: Vec<&str> = by_path
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(p, _)| p)
        .collect();
    twice.sort_unstable();
    for p in twice {
        let who: Vec<&str> = graph
            .pages
            .iter()
            .filter(|pg| format!("{}index.html", pg.path) == p)
            .map(|pg| pg.source.as_str())
            .collect();
        let file = who.first().copied().unwrap_or(p);
        out.push(format!(
            "{file}: duplicate slug: two pages would be written to {p}"
        ));
    }
    // Articles: the slug asked for, else the one the title makes; a numbered one means
    // another article took it first.
    let owner: HashMap<&str, &str> = graph
        .articles
        .iter()
        .map(|a| (a.slug.as_str(), a.article.source.as_str()))
        .collect();
    for a in &graph.articles {
        let wanted = a
            .article
            .slug
            .clone()
            .unwrap_or_else(|| slugify(&a.article.title));
        if wanted != a.slug {
            let by = owner
                .get(wanted.as_str())
                .copied()
                .unwrap_or("another article");
            out.push(format!(
                "{}: duplicate slug `{wanted}` (taken by {by}); published at articles/{}/ instead: set `slug` in its sidecar or front matter",
                a.article.source, a.slug
            ));
        }
    }
    let numbered = |slug: &str, base: &str| {
        slug.strip_prefix(base)
            .and_then(|r| r.strip_prefix('-'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    for p in &graph.people {
        let base = slugify(&p.name);
        if p.slug != base && numbered(&p.slug, &base) {
            out.push(format!(
                "people/{}/: duplicate slug: two people are named {:?}; merge them with aliases in content/people/{base}.md or tell them apart",
                p.slug, p.name
            ));
        }
    }
    for t in &graph.topics {
        let base = slugify(&t.name);
        if t.slug != base && numbered(&t.slug, &base) {
            out.push(format!(
                "topics/{}/: duplicate slug: two topics are named {:?}",
                t.slug, t.name
            ));
        }
    }
    out
}
