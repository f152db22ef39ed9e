//! Stage 1, load: walk the site folder, read every input file and parse the config.
//!
//! Nothing here interprets an article; it only finds files, decodes them to text and sorts
//! them by what they are. A file that cannot be read is reported and skipped.

use crate::diag::Diagnostics;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// `gazette.toml`. Every key has a default, so a folder with only `seeds/` is a site.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    pub language: String,
    pub description: String,
    pub author: String,
    /// Written to `CNAME` for GitHub Pages when set.
    pub domain: Option<String>,
    /// Articles per page on long lists.
    pub paginate: usize,
    pub topics: TopicsConfig,
    pub people: PeopleConfig,
    pub markdown: MarkdownConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Gazette".into(),
            base_url: "/".into(),
            language: "en".into(),
            description: "A news archive built with Gazette.".into(),
            author: String::new(),
            domain: None,
            paginate: 50,
            topics: TopicsConfig::default(),
            people: PeopleConfig::default(),
            markdown: MarkdownConfig::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TopicsConfig {
    /// A topic found by the rules is kept when at least this many articles have it.
    pub min_articles: usize,
    /// The most topics one article is tagged with.
    pub max_per_article: usize,
    /// Slugs or names of topics never to show.
    pub hide: Vec<String>,
}

impl Default for TopicsConfig {
    fn default() -> Self {
        TopicsConfig {
            min_articles: 2,
            max_per_article: 8,
            hide: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PeopleConfig {
    /// Slugs or names of people never to show.
    pub hide: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Let raw HTML in Markdown content through. Off by default: text is escaped.
    pub allow_html: bool,
}

/// What kind of input a file is, decided by where it sits in the site folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    /// `seeds/*.txt`: raw text as copied from a news page.
    RawArticle,
    /// `content/articles/**/*.md`.
    MarkdownArticle,
    /// `content/index.md`: the home page's introduction.
    HomeIntro,
    /// Any other `content/**/*.md`, e.g. `about.md`.
    Page,
    /// `content/people/SLUG.md`.
    PersonPage,
    /// `content/topics/SLUG.md`.
    TopicPage,
}

/// One input file, decoded to text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site folder, forward slashes: `seeds/000_x.txt`.
    pub rel: String,
    pub kind: SourceKind,
    pub text: String,
    /// For a raw article, its sidecar `seeds/NAME.toml` (path and text), if any.
    pub sidecar: Option<(String, String)>,
}

/// Everything the build reads from the site folder.
#[derive(Debug, Clone)]
pub struct SiteSources {
    pub root: PathBuf,
    pub config: Config,
    /// Sorted by `rel`, so every later stage sees the same order whatever the file system says.
    pub files: Vec<SourceFile>,
    /// `templates/*.html` (and other template files), by name relative to `templates/`.
    pub templates: Vec<(String, String)>,
    /// `templates/static/**`: (path relative to `templates/static/`, absolute path).
    pub static_files: Vec<(String, PathBuf)>,
}

/// Largest input read. Larger files are reported and skipped rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Loads the site folder at `root`.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Result<SiteSources, String> {
    if !root.is_dir() {
        return Err(format!("{}: not a folder", root.display()));
    }
    let config = load_config(root, diags)?;
    let mut files = Vec::new();
    let mut sidecars: Vec<(String, String)> = Vec::new();

    let seeds = root.join("seeds");
    for path in walk(&seeds) {
        let rel = rel_path(root, &path);
        match path.extension().and_then(|e| e.to_str()) {
            Some("txt") => {
                if let Some(text) = read_text(&path, &rel, diags) {
                    files.push(SourceFile {
                        rel,
                        kind: SourceKind::RawArticle,
                        text,
                        sidecar: None,
                    });
                }
            }
            Some("toml") => {
                if let Some(text) = read_text(&path, &rel, diags) {
                    sidecars.push((rel, text));
                }
            }
            _ => {}
        }
    }

    let content = root.join("content");
    for path in walk(&content) {
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let rel = rel_path(root, &path);
        let inner = rel.trim_start_matches("content/");
        let kind = if inner == "index.md" {
            SourceKind::HomeIntro
        } else if inner.starts_with("articles/") {
            SourceKind::MarkdownArticle
        } else if inner.starts_with("people/") {
            SourceKind::PersonPage
        } else if inner.starts_with("topics/") {
            SourceKind::TopicPage
        } else {
            SourceKind::Page
        };
        if let Some(text) = read_text(&path, &rel, diags) {
            files.push(SourceFile {
                rel,
                kind,
                text,
                sidecar: None,
            });
        }
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));

    // Attach each sidecar to its article; one whose article is missing is reported.
    for (rel, text) in sidecars {
        let article_rel = format!("{}.txt", rel.trim_end_matches(".toml"));
        match files.binary_search_by(|f| f.rel.cmp(&article_rel)) {
            Ok(i) => files[i].sidecar = Some((rel, text)),
            Err(_) => diags.warn(
                &rel,
                None,
                format!("sidecar has no article: {article_rel} does not exist"),
            ),
        }
    }

    let mut templates = Vec::new();
    let mut static_files = Vec::new();
    let tdir = root.join("templates");
    for path in walk(&tdir) {
        let rel = rel_path(&tdir, &path);
        if let Some(stat) = rel.strip_prefix("static/") {
            static_files.push((stat.to_string(), path));
        } else if let Some(text) = read_text(&path, &format!("templates/{rel}"), diags) {
            templates.push((rel, text));
        }
    }
    templates.sort();
    static_files.sort();

    Ok(SiteSources {
        root: root.to_path_buf(),
        config,
        files,
        templates,
        static_files,
    })
}

/// Parses `gazette.toml`; a missing file means the defaults. A malformed file fails the
/// build: the config shapes every page, so guessing would be worse than stopping.
pub fn load_config(root: &Path, _diags: &mut Diagnostics) -> Result<Config, String> {
    let path = root.join("gazette.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(format!("gazette.toml: {e}")),
    };
    parse_config(&text)
}

pub fn parse_config(text: &str) -> Result<Config, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    toml::from_str::<Config>(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        match line {
            Some(l) => format!("gazette.toml:{l}: {}", e.message()),
            None => format!("gazette.toml: {}", e.message()),
        }
    })
}

/// Files below `dir`, sorted, skipping hidden files and folders (editor swap files, .git).
fn walk(dir: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            !name.ends_with('~') && !name.starts_with('#')
        })
        .collect();
    out.sort();
    out
}

pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads a file as UTF-8 text, reporting and skipping what is not text.
pub fn read_text(path: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            diags.error(rel, None, format!("cannot read: {e}; skipped"));
            return None;
        }
    };
    if meta.len() > MAX_FILE_BYTES {
        diags.error(
            rel,
            None,
            format!(
                "file is {} MB, over the {} MB limit; skipped",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        );
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.error(rel, None, format!("cannot read: {e}; skipped"));
            return None;
        }
    };
    decode(&bytes, rel, diags)
}

/// Bytes to text: UTF-8 (with or without BOM, CRLF normalised). Binary data and text in
/// other encodings are reported and skipped.
pub fn decode(bytes: &[u8], rel: &str, diags: &mut Diagnostics) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        diags.error(rel, None, "binary file (contains NUL bytes); skipped");
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(normalize_newlines(text)),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            diags.error(rel, Some(line), "not valid UTF-8 text; skipped");
            None
        }
    }
}

fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_defaults_and_errors() {
        let c = parse_config("").unwrap();
        assert_eq!(c.topics.min_articles, 2);
        let c = parse_config("title = \"X\"\n[topics]\nmin_articles = 3\n").unwrap();
        assert_eq!(c.title, "X");
        assert_eq!(c.topics.min_articles, 3);
        let err = parse_config("title = \"X\"\ntitel = 3\n").unwrap_err();
        assert!(err.starts_with("gazette.toml:2:"), "{err}");
    }

    #[test]
    fn decode_handles_bom_crlf_and_binary() {
        let mut d = Diagnostics::default();
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb", "f", &mut d).unwrap(), "a\nb");
        assert!(decode(b"a\0b", "f", &mut d).is_none());
        assert!(decode(b"ok\n\xff", "f", &mut d).is_none());
        assert_eq!(d.items.len(), 2);
        assert_eq!(d.items[1].line, Some(2));
    }
}
