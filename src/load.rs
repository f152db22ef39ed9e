//! Stage 1, load: walk the site folder, read every input file and parse the config.
//!
//! Nothing here interprets an article; it only finds files, decodes them to text and sorts
//! them by what they are. A file that cannot be read is reported and skipped.

use crate::diag::Diagnostics;
use rayon::prelude::*;
use serde::Deserialize;
use std::io::Read;
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
    pub html: HtmlConfig,
    /// The theme's words in `language`: built in, with the site's `translations/LANG.toml`
    /// over them (read by `load`, not a key of gazette.toml).
    #[serde(skip)]
    pub translations: crate::i18n::Translations,
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
            html: HtmlConfig::default(),
            translations: crate::i18n::Translations::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TopicsConfig {
    /// A topic found by the rules is kept when at least this many articles have it.
    pub min_articles: usize,
    /// The most topics one article is tagged with: a guard against a flood (a bad sidecar),
    /// not a choice among what the article mentions. Every topic an article mentions has
    /// the article under it, so its page, its count, the article's links and search agree.
    pub max_per_article: usize,
    /// Slugs or names of topics never to show.
    pub hide: Vec<String>,
}

impl Default for TopicsConfig {
    fn default() -> Self {
        TopicsConfig {
            min_articles: 2,
            max_per_article: 50,
            hide: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PeopleConfig {
    /// Slugs or names of people never to show.
    pub hide: Vec<String>,
    /// The most people one article links to, the most mentioned first (a list of
    /// thousands of names would otherwise make a page for each and pair them all).
    pub max_per_article: usize,
}

impl Default for PeopleConfig {
    fn default() -> Self {
        PeopleConfig {
            hide: Vec::new(),
            max_per_article: 100,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Let raw HTML in Markdown content through. Off by default: text is escaped.
    pub allow_html: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HtmlConfig {
    /// Show a saved page's pictures that are on the web (not saved beside it) by linking to
    /// them. Off by default: the site then loads nothing from other servers.
    pub remote_images: bool,
}

/// What kind of input a file is, decided by where it sits in the site folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    /// `seeds/*.txt`: raw text as copied from a news page.
    RawArticle,
    /// `seeds/*.html`, `*.htm`, `*.html.gz`: a saved web page (`bytes`, uncompressed).
    HtmlPage,
    /// `seeds/*.warc`, `*.warc.gz`: a web archive (`bytes`, uncompressed).
    WebArchive,
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
    /// For saved pages and web archives, the file's bytes (their charset is read from the
    /// page or the archive); empty for other kinds, whose `text` is decoded here.
    pub bytes: Vec<u8>,
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
    /// The frozen article addresses (`addresses.json`); `None` when the file is there but
    /// cannot be used (reported), so that a build does not write over it.
    pub addresses: Option<crate::addresses::Addresses>,
    /// Pictures in `seeds/` (`NAME_files/` beside saved pages, a mirror's images): (path
    /// relative to the output's `static/`, absolute path). Those an article shows are
    /// copied like static files.
    pub media: Vec<(String, PathBuf)>,
}

/// What a file in `seeds/` is, by its name: (kind, whether it is gzip-compressed).
pub fn seed_kind(name: &str) -> Option<(SourceKind, bool)> {
    let name = name.to_ascii_lowercase();
    let (name, gz) = match name.strip_suffix(".gz") {
        Some(inner) => (inner, true),
        None => (name.as_str(), false),
    };
    let ext = name.rsplit_once('.').map(|(_, e)| e)?;
    match ext {
        "txt" if !gz => Some((SourceKind::RawArticle, false)),
        "html" | "htm" | "xhtml" => Some((SourceKind::HtmlPage, gz)),
        "warc" => Some((SourceKind::WebArchive, gz)),
        _ => None,
    }
}

/// The stem of an article file (`seeds/a.html.gz` → `seeds/a`), to find its sidecar.
fn article_stem(rel: &str) -> &str {
    let rel = rel.strip_suffix(".gz").unwrap_or(rel);
    match rel.rsplit_once('.') {
        Some((stem, _)) if !stem.ends_with('/') => stem,
        _ => rel,
    }
}

/// Where a picture saved with pages (`NAME_files/` beside a saved page, a mirror's image
/// folders) is copied, relative to the output's `static/`: `seeds/x/NAME_files/a.jpg` →
/// `media/x/NAME_files/a.jpg`; `None` for a file that is not such a picture. Only the
/// pictures an article shows are copied (see `build`). SVG is left out: opened on its own
/// it can run script.
pub fn media_path(rel: &str) -> Option<String> {
    let inner = rel.strip_prefix("seeds/")?;
    let name = inner.rsplit('/').next()?;
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "jpg" | "jpeg" | "png" | "gif" | "webp" | "avif"
    )
    .then(|| format!("media/{inner}"))
}

/// Largest saved page, uncompressed: real news pages are a few MB; more is not a page.
pub const MAX_PAGE_BYTES: u64 = 20 * 1024 * 1024;

/// Reads one source of `kind`: text for raw and Markdown sources, bytes (uncompressed) for
/// pages and archives.
pub fn read_source_file(
    path: &Path,
    rel: &str,
    kind: SourceKind,
    diags: &mut Diagnostics,
) -> Option<SourceFile> {
    let (text, bytes) = match kind {
        SourceKind::HtmlPage | SourceKind::WebArchive => {
            let gz = rel.to_ascii_lowercase().ends_with(".gz");
            let limit = if kind == SourceKind::HtmlPage {
                MAX_PAGE_BYTES
            } else {
                MAX_FILE_BYTES
            };
            (String::new(), read_bytes(path, rel, gz, limit, diags)?)
        }
        _ => (read_source(path, rel, diags)?, Vec::new()),
    };
    Some(SourceFile {
        rel: rel.to_string(),
        kind,
        text,
        bytes,
        sidecar: None,
    })
}

/// Reads a file's bytes (through `read_input`), uncompressing gzip, up to `limit` bytes
/// uncompressed: more is reported and skipped.
fn read_bytes(
    path: &Path,
    rel: &str,
    gz: bool,
    limit: u64,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    let raw = match read_input(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            diags.error(rel, None, format!("{e}; skipped"));
            return None;
        }
    };
    let bytes = if gz {
        let mut out = Vec::new();
        let read = flate2::read::MultiGzDecoder::new(&raw[..])
            .take(limit + 1)
            .read_to_end(&mut out);
        if let Err(e) = read {
            diags.error(rel, None, format!("cannot uncompress: {e}; skipped"));
            return None;
        }
        out
    } else {
        raw
    };
    if bytes.len() as u64 > limit {
        diags.error(
            rel,
            None,
            format!(
                "over the {} MB limit for {}; skipped",
                limit / (1024 * 1024),
                if gz {
                    "its uncompressed text"
                } else {
                    "a page"
                }
            ),
        );
        return None;
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        diags.error(rel, None, "empty file; skipped");
        return None;
    }
    Some(bytes)
}

/// Largest input read. Larger files are reported and skipped rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The inputs at the top of a site folder. Links inside them are never followed; these
/// themselves are followed only where they stay inside the site folder (or when asked).
pub const TOP_LEVEL_INPUTS: [&str; 5] = [
    "gazette.toml",
    "seeds",
    "content",
    "templates",
    "translations",
];

/// Why a site folder is not read.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("{}: not a folder", crate::diag::shown_path(.0))]
    NotAFolder(PathBuf),
    #[error(
        "{name} is a symbolic link to {}, outside the site folder; Gazette reads nothing \
         outside the site unless you pass --follow-links",
        crate::diag::shown_path(.target)
    )]
    LinkOutOfSite { name: &'static str, target: PathBuf },
}

/// Refuses a top-level input that is a link leading out of the site folder (a site folder
/// from elsewhere could otherwise publish `/etc` as articles, or copy `~/.ssh` as assets),
/// unless `follow_links`.
pub fn check_top_level_links(root: &Path, follow_links: bool) -> Result<(), SiteError> {
    if follow_links {
        return Ok(());
    }
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for name in TOP_LEVEL_INPUTS {
        let path = root.join(name);
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            continue;
        }
        // A dangling link leads nowhere; reading it fails with its own message.
        let Ok(target) = path.canonicalize() else {
            continue;
        };
        if !target.starts_with(&real_root) {
            return Err(SiteError::LinkOutOfSite { name, target });
        }
    }
    Ok(())
}

/// Loads the site folder at `root` (see `check_top_level_links` for `follow_links`).
pub fn load(
    root: &Path,
    follow_links: bool,
    diags: &mut Diagnostics,
) -> Result<SiteSources, LoadError> {
    if !root.is_dir() {
        return Err(SiteError::NotAFolder(root.to_path_buf()).into());
    }
    check_top_level_links(root, follow_links)?;
    let mut config = load_config(root)?;
    config.translations = load_translations(root, &config.language, diags);
    let mut files = Vec::new();
    let mut sidecars: Vec<(String, String)> = Vec::new();
    // Articles found on disk, read or not: a sidecar beside a skipped article is not lost.
    let mut on_disk: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();

    // First what is there, then the reading (in parallel: the files are independent, and
    // at archive scale reading them one by one dominates this stage).
    let mut wanted: Vec<(PathBuf, String, SourceKind)> = Vec::new();
    let mut media = Vec::new();
    let seeds = root.join("seeds");
    for path in walk(root, &seeds, diags) {
        let rel = rel_path(root, &path);
        if let Some(out) = media_path(&rel) {
            media.push((out, path));
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if let Some((kind, _)) = seed_kind(&name) {
            on_disk.insert(article_stem(&rel).to_string());
            wanted.push((path, rel, kind));
        } else if name.ends_with(".toml")
            && let Some(text) = read_text(&path, &rel, diags)
        {
            sidecars.push((rel, text));
        }
    }

    let content = root.join("content");
    for path in walk(root, &content, diags) {
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let rel = rel_path(root, &path);
        let kind = content_kind(rel.trim_start_matches("content/"));
        wanted.push((path, rel, kind));
    }
    let read: Vec<(Option<SourceFile>, Diagnostics)> = wanted
        .into_par_iter()
        .map(|(path, rel, kind)| {
            let mut d = Diagnostics::default();
            let file = read_source_file(&path, &rel, kind, &mut d);
            (file, d)
        })
        .collect();
    for (file, d) in read {
        diags.extend(d);
        files.extend(file);
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));

    attach_sidecars(&mut files, sidecars, &on_disk, diags);
    let (templates, static_files) = load_theme(root, diags);

    Ok(SiteSources {
        root: root.to_path_buf(),
        config,
        files,
        templates,
        static_files,
        addresses: load_addresses(root, diags),
        media,
    })
}

/// What a Markdown file under `content/` is, by its path there.
fn content_kind(inner: &str) -> SourceKind {
    if inner == "index.md" {
        SourceKind::HomeIntro
    } else if inner.starts_with("articles/") {
        SourceKind::MarkdownArticle
    } else if inner.starts_with("people/") {
        SourceKind::PersonPage
    } else if inner.starts_with("topics/") {
        SourceKind::TopicPage
    } else {
        SourceKind::Page
    }
}

/// Attaches each sidecar (path, text) to its article (`NAME.txt`, `NAME.html`, ...); one
/// whose article is not on disk (`on_disk`: article stems, read or not) is reported.
fn attach_sidecars(
    files: &mut [SourceFile],
    sidecars: Vec<(String, String)>,
    on_disk: &rustc_hash::FxHashSet<String>,
    diags: &mut Diagnostics,
) {
    let mut sidecars: rustc_hash::FxHashMap<String, String> = sidecars.into_iter().collect();
    for f in files.iter_mut().filter(|f| {
        matches!(
            f.kind,
            SourceKind::RawArticle | SourceKind::HtmlPage | SourceKind::WebArchive
        )
    }) {
        if let Some(text) = sidecars.remove(&sidecar_rel(&f.rel)) {
            f.sidecar = Some((sidecar_rel(&f.rel), text));
        }
    }
    let mut orphans: Vec<String> = sidecars.into_keys().collect();
    orphans.sort();
    for rel in orphans {
        let stem = rel.trim_end_matches(".toml");
        if !on_disk.contains(stem) {
            diags.warn(
                &rel,
                None,
                format!(
                    "sidecar has no article: {stem}.txt does not exist (nor a page {stem}.html, nor a web archive {stem}.warc)"
                ),
            );
        }
    }
}

/// The site's templates (name, text) and static files (path under `templates/static/`,
/// file), each sorted.
type Theme = (Vec<(String, String)>, Vec<(String, PathBuf)>);

/// Reads `templates/`: the templates now, the static files (which may be large, and are
/// copied as they are) when the site is rendered.
fn load_theme(root: &Path, diags: &mut Diagnostics) -> Theme {
    let mut templates = Vec::new();
    let mut static_files = Vec::new();
    let tdir = root.join("templates");
    for path in walk(root, &tdir, diags) {
        let rel = rel_path(&tdir, &path);
        if let Some(stat) = rel.strip_prefix("static/") {
            static_files.push((stat.to_string(), path));
        } else if let Some(text) = read_text(&path, &format!("templates/{rel}"), diags) {
            templates.push((rel, text));
        }
    }
    templates.sort();
    static_files.sort();
    (templates, static_files)
}

/// The sidecar of the raw article at `rel` (`seeds/NAME.txt` → `seeds/NAME.toml`): the
/// fields in it override what the reader finds.
pub fn sidecar_rel(rel: &str) -> String {
    format!("{}.toml", article_stem(rel))
}

/// One article given by its path rather than found in a site folder (`gazette inspect`):
/// Markdown by its `.md` name, raw text otherwise, read and given its sidecar as `load`
/// does for the articles of a site.
pub fn load_article(path: &Path, diags: &mut Diagnostics) -> Option<SourceFile> {
    let rel = path.to_string_lossy().to_string();
    let kind = if rel.ends_with(".md") {
        SourceKind::MarkdownArticle
    } else {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        seed_kind(&name).map_or(SourceKind::RawArticle, |(kind, _)| kind)
    };
    let file = read_source_file(path, &rel, kind, diags)?;
    let sidecar_rel = sidecar_rel(&rel);
    let sidecar = (matches!(
        kind,
        SourceKind::RawArticle | SourceKind::HtmlPage | SourceKind::WebArchive
    ) && sidecar_rel != rel)
        .then(|| {
            let path = Path::new(&sidecar_rel);
            path.is_file()
                .then(|| read_text(path, &sidecar_rel, diags))
                .flatten()
        })
        .flatten()
        .map(|text| (sidecar_rel, text));
    Some(SourceFile { sidecar, ..file })
}

/// Reads `addresses.json` (see `crate::addresses`): a missing file is an empty one; a file
/// that cannot be used is reported and gives `None`.
pub fn load_addresses(root: &Path, diags: &mut Diagnostics) -> Option<crate::addresses::Addresses> {
    use crate::addresses::{Addresses, AddressesError, FILE};
    let path = root.join(FILE);
    let result = match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(Addresses::default()),
        // A link could lead out of the site folder: neither read nor written through.
        Ok(m) if m.file_type().is_symlink() => Err(AddressesError::Link),
        _ => read_input(&path)
            .map_err(AddressesError::from)
            .and_then(|b| Addresses::parse(&b)),
    };
    match result {
        Ok(a) => Some(a),
        Err(e) => {
            let message = e.to_string();
            diags.warn(
                FILE,
                None,
                message
                    .strip_prefix(&format!("{FILE}: "))
                    .unwrap_or(&message),
            );
            None
        }
    }
}

/// Why a site could not be loaded: nothing can be built without the folder or the config.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Site(#[from] SiteError),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// Why `gazette.toml` was not usable. Each names the file, and where known the line and
/// column, so that the terminal and the dev server's overlay can point at the mistake.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{CONFIG}: {0}")]
    Unreadable(#[source] InputError),
    #[error("{CONFIG}: not UTF-8 text ({0})")]
    NotUtf8(#[source] std::str::Utf8Error),
    #[error("{CONFIG}{}: {message}", place(*.line, *.column))]
    Invalid {
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },
}

/// The config file, relative to the site folder.
pub const CONFIG: &str = "gazette.toml";

/// `:LINE:COLUMN`, or nothing when the parser could not say where.
fn place(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

/// Parses `gazette.toml`; a missing file means the defaults. A malformed file fails the
/// build: the config shapes every page, so guessing would be worse than stopping.
/// The theme's words for `language`: the built-in ones with the site's
/// `translations/LANG.toml` (or the file of its primary subtag, `vi` for `vi-VN`) over
/// them. A file that cannot be used is reported, naming it and the line, and the built-in
/// words are used.
pub fn load_translations(
    root: &Path,
    language: &str,
    diags: &mut Diagnostics,
) -> crate::i18n::Translations {
    use crate::i18n::Translations;
    let primary = language.split(['-', '_']).next().unwrap_or("");
    let site = [language, primary]
        .iter()
        .filter(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(|l| format!("translations/{l}.toml"))
        .find(|rel| root.join(rel).is_file())
        .and_then(|rel| read_text(&root.join(&rel), &rel, diags).map(|text| (rel, text)));
    let builtin = || Translations::for_language(language, None).unwrap_or_default();
    match site {
        None => builtin(),
        Some((rel, text)) => match Translations::for_language(language, Some((&rel, &text))) {
            Ok(t) => t,
            Err(e) => {
                diags.error(
                    e.file(),
                    e.line(),
                    format!("{}; the built-in words are used", e.reason()),
                );
                builtin()
            }
        },
    }
}

pub fn load_config(root: &Path) -> Result<Config, ConfigError> {
    let path = root.join(CONFIG);
    let bytes = match read_input(&path) {
        Ok(b) => b,
        Err(InputError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Config::default());
        }
        Err(e) => return Err(ConfigError::Unreadable(e)),
    };
    let text = String::from_utf8(bytes).map_err(|e| ConfigError::NotUtf8(e.utf8_error()))?;
    parse_config(&text)
}

pub fn parse_config(text: &str) -> Result<Config, ConfigError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    toml::from_str::<Config>(text).map_err(|e| {
        let (line, column) = match e.span() {
            Some(span) => {
                let (line, col) = crate::diag::line_col(text, span.start);
                (Some(line), Some(col))
            }
            None => (None, None),
        };
        ConfigError::Invalid {
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })
}

/// Files below `dir`, sorted, skipping hidden files and folders (editor swap files, .git).
/// Symbolic links are reported and not followed: a site folder from elsewhere could use one
/// to publish any file on this machine.
fn walk(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let visible = |p: &Path| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        !name.starts_with('.') && !name.ends_with('~') && !name.starts_with('#')
    };
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        match entry {
            Ok(e) if e.file_type().is_file() && visible(e.path()) => out.push(e.into_path()),
            Ok(e) if e.path_is_symlink() && e.depth() > 0 && visible(e.path()) => diags.warn(
                &rel_path(root, e.path()),
                None,
                "a symbolic link; not followed (copy the file in instead); skipped",
            ),
            // A FIFO, a socket or a device: never opened (reading one could hang or never end).
            Ok(e) if !e.file_type().is_dir() && visible(e.path()) => {
                let kind = file_kind(&e.file_type());
                diags.error(
                    &rel_path(root, e.path()),
                    None,
                    InputError::NotAFile(kind).to_string() + "; skipped",
                );
            }
            Ok(_) => {}
            Err(e) => {
                let rel = e
                    .path()
                    .map(|p| rel_path(root, p))
                    .unwrap_or_else(|| rel_path(root, dir));
                diags.error(&rel, None, format!("cannot read: {e}; skipped"));
            }
        }
    }
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

/// Reads an article or page: text as `read_text` gives it, and not empty.
fn read_source(path: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    let text = read_text(path, rel, diags)?;
    if text.trim().is_empty() {
        diags.error(rel, None, "empty file; skipped");
        return None;
    }
    Some(text)
}

/// Why an input file was not read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a regular file (it is {0})")]
    NotAFile(&'static str),
    #[error(
        "file is {} MB, over the {} MB limit",
        .0 / (1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    )]
    TooLarge(u64),
}

/// Reads an input file: every file Gazette reads from the site (config, sidecars, articles,
/// pages, templates, assets) or is given (`inspect FILE`) comes through here. Only a regular
/// file of at most `MAX_FILE_BYTES` is read: a FIFO, a device such as `/dev/zero` or a
/// folder is refused at once (the open does not wait for a FIFO's writer), and a file that
/// grows while it is read stops at the limit, so no input can hang a build or exhaust memory.
pub fn read_input(path: &Path) -> Result<Vec<u8>, InputError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    // The size comes from the open file, not from a second look-up of the path: at archive
    // scale, system calls are most of what loading costs.
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(InputError::NotAFile(file_kind(&meta.file_type())));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(InputError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(InputError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, for a message.
fn file_kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() { "a folder" } else { "not a file" }
}

/// Reads a file as UTF-8 text (through `read_input`), reporting and skipping what is not text.
pub fn read_text(path: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    match read_input(path) {
        Ok(bytes) => decode(bytes, rel, diags),
        Err(e) => {
            diags.error(rel, None, format!("{e}; skipped"));
            None
        }
    }
}

/// Bytes to text: UTF-8 (with or without BOM, CRLF normalised), or Windows-1252 (with a
/// warning) when the bytes are not UTF-8 but read plausibly as Western text in that code
/// page. Binary data and text in other encodings are reported and skipped. Control
/// characters that no HTML or XML page may carry are replaced by spaces, with a warning.
/// Bytes given as a `Vec` (as `read_text` has them) are decoded in place when they are UTF-8.
pub fn decode(bytes: impl Into<Vec<u8>>, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    let mut bytes = bytes.into();
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if bytes.contains(&0) {
        let what = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            "UTF-16 text (convert it to UTF-8)"
        } else {
            "a binary file (it contains NUL bytes)"
        };
        diags.error(rel, None, format!("{what}; skipped"));
        return None;
    }
    // Text that is UTF-8 already becomes the string as it is, without a copy.
    let text = match String::from_utf8(bytes) {
        Ok(text) => normalize_newlines(text),
        Err(e) => {
            let line = line_at(e.as_bytes(), e.utf8_error().valid_up_to());
            let bytes = e.into_bytes();
            match windows_1252(&bytes) {
                Some(text) => {
                    diags.warn(
                        rel,
                        Some(line),
                        "not UTF-8; read as Windows-1252 (save it as UTF-8 to silence this)",
                    );
                    normalize_newlines(text)
                }
                None => {
                    diags.error(
                        rel,
                        Some(line),
                        "not valid UTF-8 text (nor plausibly Windows-1252); skipped",
                    );
                    return None;
                }
            }
        }
    };
    if !may_have_bad_control(text.as_bytes()) {
        return Some(text);
    }
    let controls = text.chars().filter(|&c| is_bad_control(c)).count();
    if controls == 0 {
        return Some(text);
    }
    // Text has a stray control character now and then; a file full of them is not text.
    if controls * 10 > text.chars().count() {
        let at = text.find(is_bad_control).unwrap_or(0);
        diags.error(
            rel,
            Some(line_at(text.as_bytes(), at)),
            "a binary file (it is full of control characters); skipped",
        );
        return None;
    }
    let at = text.find(is_bad_control).unwrap_or(0);
    diags.warn(
        rel,
        Some(line_at(text.as_bytes(), at)),
        format!("{controls} control character(s) replaced by spaces"),
    );
    Some(
        text.chars()
            .map(|c| if is_bad_control(c) { ' ' } else { c })
            .collect(),
    )
}

/// 1-based line of byte offset `at`.
fn line_at(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Characters HTML forbids and XML 1.0 cannot carry at all (C0 controls other than tab and
/// newline, DEL, C1 controls, U+FFFE and U+FFFF). A page or feed holding one is broken.
pub fn is_bad_control(c: char) -> bool {
    matches!(c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\x7F'..='\u{9F}')
        || c == '\u{FFFE}'
        || c == '\u{FFFF}'
}

/// False when the UTF-8 `bytes` certainly hold no `is_bad_control` character: no C0 control
/// but tab and newlines, no DEL, and no byte that starts a C1 control (0xC2) or U+FFFE/U+FFFF
/// (0xEF). Checked byte by byte with no branch (the compiler makes vector code of it), so
/// that ordinary text is not decoded character by character.
fn may_have_bad_control(bytes: &[u8]) -> bool {
    let suspect = |b: u8| {
        ((b < b' ') & !matches!(b, b'\t' | b'\n' | b'\r')) | (b == 0x7F) | (b == 0xC2) | (b == 0xEF)
    };
    bytes.iter().fold(0u8, |any, &b| any | u8::from(suspect(b))) != 0
}

/// Windows-1252's 0x80–0x9F; `None` where the code page leaves the byte undefined.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// Decodes bytes that are not UTF-8 as Windows-1252 when that is plausibly what they are:
/// mostly ASCII, no byte the code page leaves undefined, and non-ASCII bytes standing alone
/// or in pairs between ASCII (accented letters, curly quotes), not in the long runs that
/// other multi-byte encodings (Shift JIS, GBK, UTF-16) or binary data make.
pub fn windows_1252(bytes: &[u8]) -> Option<String> {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    if high == 0 || high * 4 > bytes.len() {
        return None;
    }
    // Mostly valid UTF-8 with a few bad bytes is broken UTF-8, not another code page.
    let utf8_high: usize = bytes
        .utf8_chunks()
        .map(|c| c.valid().len() - c.valid().chars().filter(char::is_ascii).count())
        .sum();
    if utf8_high * 2 > high {
        return None;
    }
    let mut in_long_runs = 0;
    let mut run = 0;
    for &b in bytes.iter().chain(std::iter::once(&b' ')) {
        if b >= 0x80 {
            run += 1;
        } else {
            if run >= 3 {
                in_long_runs += run;
            }
            run = 0;
        }
    }
    if in_long_runs * 10 > high {
        return None;
    }
    let mut out = String::with_capacity(bytes.len() + high);
    for &b in bytes {
        match b {
            0x80..=0x9F => out.push(CP1252_HIGH[(b - 0x80) as usize]?),
            _ => out.push(char::from(b)),
        }
    }
    Some(out)
}

fn normalize_newlines(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
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
        assert!(
            matches!(err, ConfigError::Invalid { line: Some(2), .. }),
            "{err:?}"
        );
        assert!(err.to_string().starts_with("gazette.toml:2:"), "{err}");
    }

    #[test]
    fn read_input_takes_only_regular_files_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.txt");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert!(matches!(read_input(&big), Err(InputError::TooLarge(_))));
        f.set_len(3).unwrap();
        assert_eq!(read_input(&big).unwrap(), [0, 0, 0]);
        assert!(matches!(
            read_input(dir.path()),
            Err(InputError::NotAFile("a folder"))
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_input(Path::new("/dev/zero")),
            Err(InputError::NotAFile("a device"))
        ));
    }

    #[test]
    fn decode_handles_bom_crlf_and_binary() {
        let mut d = Diagnostics::default();
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb", "f", &mut d).unwrap(), "a\nb");
        assert!(decode(b"a\0b", "f", &mut d).is_none());
        assert!(decode(b"ok\n\x81", "f", &mut d).is_none());
        assert_eq!(d.items.len(), 2);
        assert_eq!(d.items[1].line, Some(2));
    }

    #[test]
    fn windows_1252_only_when_plausible() {
        assert_eq!(
            windows_1252(b"na\xefve \x93quote\x94 \x80 5").as_deref(),
            Some("naïve “quote” € 5")
        );
        // Undefined in the code page, mostly high bytes, long runs, or broken UTF-8.
        assert!(windows_1252(b"abc \x81 def").is_none());
        assert!(windows_1252(b"\xe9\xe9\xe9").is_none());
        assert!(
            windows_1252(b"some text \xe3\x81\x82\xe3\x81\x84\xe3\x81\x86 more text").is_none()
        );
        assert!(windows_1252("Việt Nam \u{1ec7} é".as_bytes()).is_none());
        assert!(windows_1252(b"plain ascii").is_none());
    }

    #[test]
    fn every_bad_control_is_suspected() {
        let chars = ('\0'..='\u{3000}').chain(['\u{FFFD}', '\u{FFFE}', '\u{FFFF}', '😀']);
        for c in chars {
            let text = format!("ab{c}cd");
            if is_bad_control(c) {
                assert!(may_have_bad_control(text.as_bytes()), "{c:?}");
            }
        }
        assert!(!may_have_bad_control(
            "Plain text,\ttabs\nand Tiếng Việt.".as_bytes()
        ));
    }

    #[test]
    fn stray_controls_become_spaces_and_many_mean_binary() {
        let mut d = Diagnostics::default();
        assert_eq!(
            decode(b"a line\x0bwith\x07two controls", "f", &mut d).as_deref(),
            Some("a line with two controls")
        );
        assert_eq!(d.items[0].level, crate::diag::Level::Warning);
        assert!(decode(b"\x01\x02\x03abc", "f", &mut d).is_none());
        assert_eq!(d.items[1].level, crate::diag::Level::Error);
    }
}
