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
