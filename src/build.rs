//! One build: load → read → recognize → link (`prepare`), then render, either into the
//! output folder as pages are rendered (`Prepared::publish`, for `build` and `serve`) or
//! into memory (`Prepared::into_memory`, for `check` and tests). Timed per stage.

use crate::addresses::Addresses;
use crate::diag::{Diagnostics, shown_path};
use crate::graph::SiteGraph;
use crate::load::{ConfigError, LoadError, SiteError, SiteSources, SourceFile};
use crate::output::Output;
use crate::read::{Block, Image, Read, ReadOutput};
use crate::render::theme::TemplateError;
use crate::render::{
    Collected, OutputFile, RenderError, RenderReport, Sink, Stopped, ThemeSources,
};
use crate::write::{Publisher, WriteError, WriteReport};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `base_url` from the config (e.g. `--base-url`, or the dev server's address).
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Read `seeds/`, `content/`, `templates/` or `gazette.toml` where they are links that
    /// lead out of the site folder (`--follow-links`); refused otherwise.
    pub follow_links: bool,
}

/// A site rendered into memory.
pub struct Built {
    pub graph: SiteGraph,
    pub files: Vec<OutputFile>,
    pub diags: Diagnostics,
    /// Wall time per stage, in pipeline order.
    pub timings: Vec<(&'static str, Duration)>,
}

/// A site rendered into the output folder.
pub struct Published {
    pub graph: SiteGraph,
    pub rendered: RenderReport,
    pub report: WriteReport,
    pub diags: Diagnostics,
    /// Wall time per stage, in pipeline order; "render" includes writing the files as they
    /// are rendered, "write" is putting changed files in place and removing stale ones.
    pub timings: Vec<(&'static str, Duration)>,
    /// Why the site was written in place rather than swapped in (see `output::Output`).
    pub in_place: Option<String>,
    /// `addresses.json` as the build found it (see `save_addresses`).
    pub addresses: Option<Addresses>,
}

/// A build that could not finish, with what was found so far.
#[derive(Debug)]
pub struct BuildFailure {
    pub error: BuildError,
    pub diags: Diagnostics,
}

/// Why a build did not publish a site. Nothing was written, or the previous site is left as
/// it was. The commands choose their exit status (`exit_code`) and the dev server places
/// its overlay (`serve::Problem::from_error`) from the variant and its fields.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The site folder cannot be read (missing, or an input linking out of it).
    #[error(transparent)]
    Site(#[from] SiteError),
    /// `gazette.toml` is unreadable or malformed.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A template does not parse, or fails while rendering a page (boxed: the largest).
    #[error(transparent)]
    Template(Box<TemplateError>),
    /// A file the build needs could not be read (a static file of the theme).
    #[error("{}: {source}", crate::diag::shown(.file))]
    Input {
        file: String,
        #[source]
        source: crate::load::InputError,
    },
    /// The output folder chosen would overwrite the site's own files.
    #[error(transparent)]
    OutputFolder(#[from] OutputFolderError),
    /// The output folder could not be written (`out` as given).
    #[error("writing {}: {source}", shown_path(.out))]
    Write {
        out: PathBuf,
        #[source]
        source: WriteError,
    },
    /// Given up when asked to (see `Prepared::publish_to`): newer edits made it stale.
    #[error("given up for newer edits")]
    Cancelled,
}

impl BuildError {
    /// The process's exit status for this error: 2 for a command line to correct (an
    /// output folder that would overwrite the site), 1 for the site or the machine.
    pub fn exit_code(&self) -> i32 {
        match self {
            BuildError::OutputFolder(_) => 2,
            _ => 1,
        }
    }
}

impl From<TemplateError> for BuildError {
    fn from(e: TemplateError) -> Self {
        BuildError::Template(Box::new(e))
    }
}

impl From<LoadError> for BuildError {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::Site(e) => BuildError::Site(e),
            LoadError::Config(e) => BuildError::Config(e),
        }
    }
}

/// Why an output folder is refused: a build there would overwrite or delete the sources.
#[derive(Debug, thiserror::Error)]
pub enum OutputFolderError {
    #[error(
        "the output folder {} would overwrite the site folder; choose another --output",
        .0.display()
    )]
    HoldsSite(PathBuf),
    #[error(
        "the output folder {} lies inside {input}/; choose another --output",
        .output.display()
    )]
    InsideInput {
        output: PathBuf,
        input: &'static str,
    },
}

/// A sink that gives up once `superseded` says so, and remembers that it did: the render
/// stops on any error of its sink, and this tells a cancellation apart from a failure.
struct Unless<'a, 'o> {
    publisher: &'a Publisher<'o>,
    superseded: &'a (dyn Fn() -> bool + Sync),
    gave_up: std::sync::atomic::AtomicBool,
}

impl Sink for Unless<'_, '_> {
    fn begin(&self, paths: &[String]) -> Result<(), Stopped> {
        Sink::begin(self.publisher, paths)
    }
    fn put(&self, file: OutputFile) -> Result<(), Stopped> {
        if (self.superseded)() {
            self.gave_up
                .store(true, std::sync::atomic::Ordering::SeqCst);
            return Err(Stopped);
        }
        Sink::put(self.publisher, file)
    }
}

/// The site graph and theme, ready to render.
pub struct Prepared {
    pub graph: SiteGraph,
    pub diags: Diagnostics,
    pub timings: Vec<(&'static str, Duration)>,
    templates: Vec<(String, String)>,
    static_files: Vec<(String, PathBuf)>,
    /// `addresses.json` as loaded (`None`: there but unusable, so never written over).
    addresses: Option<Addresses>,
}

impl Prepared {
    fn new(
        graph: SiteGraph,
        sources: SiteSources,
        diags: Diagnostics,
        timings: Vec<(&'static str, Duration)>,
    ) -> Self {
        // The pictures articles show are copied as static files are (a mirror's folders
        // hold many more: logos, adverts, other pages' thumbnails).
        let static_files = {
            let shown = shown_pictures(&graph);
            sources
                .static_files
                .into_iter()
                .chain(
                    sources
                        .media
                        .into_iter()
                        .filter(|(out, _)| shown.contains(out.as_str())),
                )
                .collect()
        };
        Prepared {
            graph,
            diags: diags.sorted(),
            timings,
            templates: sources.templates,
            static_files,
            addresses: sources.addresses,
        }
    }

    /// Renders into `sink`; a sink that stopped is for the caller to explain.
    fn render(&mut self, sink: &dyn Sink) -> Result<RenderReport, RenderError> {
        let t = Instant::now();
        let theme = ThemeSources {
            templates: &self.templates,
            static_files: &self.static_files,
        };
        let rendered = crate::render::render(&self.graph, &theme, sink)?;
        for path in &rendered.clashes {
            self.diags.warn(
                path,
                None,
                "this output file is made twice (by two pages or templates); the first is kept",
            );
        }
        self.timings.push(("render", t.elapsed()));
        Ok(rendered)
    }

    /// Renders the site into memory.
    pub fn into_memory(mut self) -> Result<Built, BuildFailure> {
        let sink = Collected::default();
        match self.render(&sink) {
            Ok(_) => {}
            Err(RenderError::Template(e)) => return Err(fail(e, &self.diags)),
            Err(RenderError::Input { file, source }) => {
                return Err(fail(BuildError::Input { file, source }, &self.diags));
            }
            Err(RenderError::Stopped(_)) => unreachable!("memory takes every file"),
        }
        Ok(Built {
            graph: self.graph,
            files: sink.into_files(),
            diags: self.diags.sorted(),
            timings: self.timings,
        })
    }

    /// Renders the site into `out`, each page written as soon as it is rendered (so the
    /// site never has to fit in memory), holding the folder's lock meanwhile. On failure
    /// the previous site is left as it was.
    pub fn publish(self, out: &Path) -> Result<Published, BuildFailure> {
        let mut output = Output::open(out).map_err(|e| self.write_failed(out, e.into()))?;
        self.publish_to(&mut output, &|| false)
    }

    fn write_failed(&self, out: &Path, source: WriteError) -> BuildFailure {
        let error = BuildError::Write {
            out: out.to_path_buf(),
            source,
        };
        fail(error, &self.diags)
    }

    /// `publish` into a locked output folder, given up (leaving the previous site as it
    /// was) as soon as `superseded` says so: `serve` stops a rebuild that newer edits made
    /// stale. The new site is made beside the old one and swapped in at the end (see
    /// `output::Output`), so that a kill at any moment leaves one or the other; a build
    /// that changes nothing leaves the folder as it is (see `write::Publisher`).
    pub fn publish_to(
        mut self,
        output: &mut Output,
        superseded: &(dyn Fn() -> bool + Sync),
    ) -> Result<Published, BuildFailure> {
        let shown = output.path().to_path_buf();
        output.in_place = None;
        let publisher = match Publisher::open(output, &shown) {
            Ok(p) => p,
            Err(e) => return Err(self.write_failed(&shown, e)),
        };
        let sink = Unless {
            publisher: &publisher,
            superseded,
            gave_up: std::sync::atomic::AtomicBool::new(false),
        };
        let rendered = match self.render(&sink) {
            Ok(r) => r,
            Err(e) => {
                // A write error stops the render too: say which it was.
                let error = match (e, publisher.take_error()) {
                    (RenderError::Template(e), _) => e.into(),
                    (RenderError::Input { file, source }, _) => BuildError::Input { file, source },
                    (RenderError::Stopped(_), Some(source)) => BuildError::Write {
                        out: shown.clone(),
                        source,
                    },
                    (RenderError::Stopped(_), None) => BuildError::Cancelled,
                };
                publisher.abort();
                return Err(fail(error, &self.diags));
            }
        };
        let t = Instant::now();
        let report = match publisher.finish() {
            Ok(report) => report,
            Err(e) => return Err(self.write_failed(&shown, e)),
        };
        self.timings.push(("write", t.elapsed()));
        Ok(Published {
            graph: self.graph,
            rendered,
            report,
            diags: self.diags.sorted(),
            timings: self.timings,
            in_place: output.in_place.clone(),
            addresses: self.addresses,
        })
    }
}

/// Freezes the addresses of a published site in `root/addresses.json` (see
/// `crate::addresses`): each article's slug and the slugs it had before. Articles no
/// longer built keep their entry while their source is still there (a draft, a file that
/// failed to read). Written only when it changes, atomically, and only by `build`.
/// Returns whether the file was written.
pub fn save_addresses(root: &Path, published: &Published) -> std::io::Result<bool> {
    let Some(before) = &published.addresses else {
        return Ok(false);
    };
    let mut next = Addresses::default();
    for a in &published.graph.articles {
        next.articles.insert(
            a.article.source.clone(),
            crate::addresses::Entry {
                slug: a.slug.clone(),
                before: a.former_slugs.clone(),
            },
        );
    }
    for (source, e) in &before.articles {
        if !next.articles.contains_key(source) && root.join(source).is_file() {
            next.articles.insert(source.clone(), e.clone());
        }
    }
    if next == *before && root.join(crate::addresses::FILE).is_file() {
        return Ok(false);
    }
    if next.articles.is_empty() && before.articles.is_empty() {
        return Ok(false);
    }
    crate::write::replace_file(&root.join(crate::addresses::FILE), &next.to_bytes())?;
    Ok(true)
}

/// Builds the site into memory.
pub fn build(opts: &BuildOptions) -> Result<Built, BuildFailure> {
    prepare(opts)?.into_memory()
}

/// Load, read, recognize and link.
pub fn prepare(opts: &BuildOptions) -> Result<Prepared, BuildFailure> {
    let mut diags = Diagnostics::default();
    let mut timings = Vec::new();

    let t = Instant::now();
    let mut sources = load_stage(opts, &mut diags)?;
    timings.push(("load", t.elapsed()));

    let t = Instant::now();
    // Takes the sources' files, freeing each text once read.
    let read = crate::read::read(&mut sources, &mut diags);
    timings.push(("read", t.elapsed()));

    let graph = graph_stage(read, &sources, opts, &mut diags, &mut timings);
    Ok(Prepared::new(graph, sources, diags, timings))
}

/// The saved pictures the articles show, as paths under the output's `static/`.
fn shown_pictures(graph: &SiteGraph) -> rustc_hash::FxHashSet<&str> {
    graph
        .articles
        .iter()
        .flat_map(|a| &a.article.blocks)
        .filter_map(|b| match b {
            Block::Figure {
                image: Some(Image::Local(path)),
                ..
            } => path.strip_prefix("static/"),
            _ => None,
        })
        .collect()
}

/// A page's picture that is not in the site folder (the page was saved without it, or
/// its folder was not copied) is left out, with a warning naming the page; its caption
/// stays, and a figure with neither caption nor picture goes.
fn check_pictures(read: &mut ReadOutput, media: &[(String, PathBuf)], diags: &mut Diagnostics) {
    let saved: rustc_hash::FxHashSet<&str> = media.iter().map(|(out, _)| out.as_str()).collect();
    for article in &mut read.articles {
        let mut missing = Vec::new();
        for block in &mut article.blocks {
            if let Block::Figure { image, .. } = block
                && let Some(Image::Local(path)) = image
                && !path
                    .strip_prefix("static/")
                    .is_some_and(|p| saved.contains(p))
            {
                missing.push(path.trim_start_matches("static/media/").to_string());
                *image = None;
            }
        }
        if missing.is_empty() {
            continue;
        }
        article
            .blocks
            .retain(|b| !matches!(b, Block::Figure { image: None, text, .. } if text.is_empty()));
        diags.warn(
            &article.source,
            None,
            format!(
                "{} picture(s) not found in the site folder (first: seeds/{}); left out",
                missing.len(),
                missing[0]
            ),
        );
    }
}

fn fail(error: impl Into<BuildError>, diags: &Diagnostics) -> BuildFailure {
    BuildFailure {
        error: error.into(),
        diags: diags.clone().sorted(),
    }
}

/// Load, with `base_url` overridden when asked.
fn load_stage(opts: &BuildOptions, diags: &mut Diagnostics) -> Result<SiteSources, BuildFailure> {
    let mut sources =
        crate::load::load(&opts.root, opts.follow_links, diags).map_err(|e| fail(e, diags))?;
    if let Some(b) = &opts.base_url {
        sources.config.base_url = b.clone();
    }
    Ok(sources)
}

/// Recognize and link: the read output into the site graph.
fn graph_stage(
    mut read: ReadOutput,
    sources: &SiteSources,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    timings: &mut Vec<(&'static str, Duration)>,
) -> SiteGraph {
    let t = Instant::now();
    check_pictures(&mut read, &sources.media, diags);
    let findings = crate::recognize::recognize(&read);
    timings.push(("recognize", t.elapsed()));

    let t = Instant::now();
    for a in read.articles.iter().filter(|a| a.title_guessed) {
        diags.warn(
            &a.source,
            None,
            format!("no headline found; using \"{}\"", a.title),
        );
    }
    let no_addresses = crate::addresses::Addresses::default();
    let addresses = sources.addresses.as_ref().unwrap_or(&no_addresses);
    let mut graph = crate::graph::assemble(
        read,
        findings,
        &sources.config,
        opts.drafts,
        addresses,
        diags,
    );
    drop_clashing_pages(&mut graph, diags);
    for a in &graph.articles {
        if let Some(wanted) = a.article.slug.as_deref().filter(|w| *w != a.slug) {
            diags.warn(
                &a.article.source,
                None,
                format!(
                    "slug `{wanted}` is taken by another article; using `{}`",
                    a.slug
                ),
            );
        }
    }
    timings.push(("link", t.elapsed()));
    graph
}

/// What `serve` and `watch` keep between builds so that an edit redoes only what it
/// touched: each file's read result (keyed by its path and exact contents) and the site
/// graph (reused as long as no read result and no config changed, e.g. on a template edit).
/// `build_cached` with any cache gives the same files as `build`.
#[derive(Default)]
pub struct BuildCache {
    /// The config the cached results were made with (after the `base_url` override).
    config: Option<String>,
    drafts: bool,
    /// By source path: the source as loaded, and what reading it gave.
    reads: HashMap<String, (SourceFile, CachedRead)>,
    /// The source paths of the cached graph, in order, and the graph with its diagnostics.
    graph: Option<(Vec<String>, SiteGraph, Diagnostics)>,
    /// The templates and static files of the last build.
    theme: Option<CachedTheme>,
    /// What the last `build_cached` reused.
    pub last: CacheStats,
}

/// Templates (name, source) and static files (path, file) as loaded.
type CachedTheme = (Vec<(String, String)>, Vec<(String, PathBuf)>);

/// What one cached build did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CacheStats {
    /// Sources read again (new or changed).
    pub reread: usize,
    /// Sources whose cached read was reused.
    pub reused: usize,
    /// The site graph was reused: nothing but templates or static files changed.
    pub graph_reused: bool,
}

struct CachedRead {
    read: Read,
    diags: Diagnostics,
}

fn clone_read(r: &Read) -> Read {
    match r {
        Read::Article(a) => Read::Article(a.clone()),
        Read::Articles(a) => Read::Articles(a.clone()),
        Read::Page(p) => Read::Page(p.clone()),
        Read::Home(p) => Read::Home(p.clone()),
        Read::Person(p) => Read::Person(p.clone()),
        Read::Topic(t) => Read::Topic(t.clone()),
        Read::Skipped => Read::Skipped,
    }
}

fn same_source(a: &SourceFile, b: &SourceFile) -> bool {
    a.rel == b.rel
        && a.kind == b.kind
        && a.text == b.text
        && a.bytes == b.bytes
        && a.sidecar == b.sidecar
}

/// `build`, reusing what `cache` holds from the previous build of the same site, and
/// updating it. A config change (or `--drafts`) drops everything cached.
pub fn build_cached(opts: &BuildOptions, cache: &mut BuildCache) -> Result<Built, BuildFailure> {
    prepare_cached(opts, cache)?.into_memory()
}

/// `prepare`, reusing and updating `cache` as `build_cached` does.
pub fn prepare_cached(
    opts: &BuildOptions,
    cache: &mut BuildCache,
) -> Result<Prepared, BuildFailure> {
    let mut diags = Diagnostics::default();
    let mut timings = Vec::new();
    let mut stats = CacheStats::default();

    let t = Instant::now();
    let sources = load_stage(opts, &mut diags)?;
    timings.push(("load", t.elapsed()));

    let config_key = format!("{:?}", sources.config);
    if cache.config.as_deref() != Some(config_key.as_str()) || cache.drafts != opts.drafts {
        cache.reads.clear();
        cache.graph = None;
        cache.config = Some(config_key);
        cache.drafts = opts.drafts;
    }

    let t = Instant::now();
    let allow_html = sources.config.markdown.allow_html;
    let fresh: Vec<Option<CachedRead>> = sources
        .files
        .par_iter()
        .map(|f| match cache.reads.get(&f.rel) {
            Some((old, _)) if same_source(old, f) => None,
            _ => {
                let mut d = Diagnostics::default();
                let read = crate::read::read_file(f, allow_html, &mut d);
                Some(CachedRead { read, diags: d })
            }
        })
        .collect();
    let mut changed = false;
    for (f, new) in sources.files.iter().zip(fresh) {
        if let Some(new) = new {
            stats.reread += 1;
            changed = true;
            cache.reads.insert(f.rel.clone(), (f.clone(), new));
        } else {
            stats.reused += 1;
        }
    }
    let rels: Vec<String> = sources.files.iter().map(|f| f.rel.clone()).collect();
    cache.reads.retain(|rel, _| rels.binary_search(rel).is_ok());
    // The graph also depends on which saved pictures are there (`check_pictures`).
    let graph_key: Vec<String> = rels
        .iter()
        .cloned()
        .chain(sources.media.iter().map(|(out, _)| out.clone()))
        .collect();
    let graph_ok = !changed
        && cache
            .graph
            .as_ref()
            .is_some_and(|(r, _, _)| *r == graph_key);

    let mut read = ReadOutput::default();
    if !graph_ok {
        // The same order and the same merging as `read::read`.
        for f in &sources.files {
            let cached = &cache.reads[&f.rel].1;
            diags.extend(cached.diags.clone());
            match clone_read(&cached.read) {
                Read::Article(a) => read.articles.push(*a),
                Read::Articles(a) => read.articles.extend(a),
                Read::Page(p) => read.pages.push(p),
                Read::Home(p) => read.home = Some(p),
                Read::Person(p) => read.people.push(p),
                Read::Topic(t) => read.topics.push(t),
                Read::Skipped => {}
            }
        }
    } else {
        for f in &sources.files {
            diags.extend(cache.reads[&f.rel].1.diags.clone());
        }
    }
    timings.push(("read", t.elapsed()));

    let graph = if graph_ok {
        stats.graph_reused = true;
        let (_, graph, link_diags) = cache.graph.as_ref().expect("checked");
        diags.extend(link_diags.clone());
        graph.clone()
    } else {
        let before = diags.items.len();
        let graph = graph_stage(read, &sources, opts, &mut diags, &mut timings);
        let link_diags = Diagnostics {
            items: diags.items[before..].to_vec(),
        };
        cache.graph = Some((graph_key, graph.clone(), link_diags));
        graph
    };

    cache.last = stats;
    let mut sources = sources;
    sources.files = Vec::new();
    cache.theme = Some((sources.templates.clone(), sources.static_files.clone()));
    Ok(Prepared::new(graph, sources, diags, timings))
}

/// The page of the article read from `rel` after an edit, made from what `cache` holds of
/// the last build (its graph and theme; see `graph::remerge_article`): what `serve` shows
/// at once, before the whole site is rebuilt. `None` when the cache cannot make it: no
/// build yet, `rel` is not one of its articles, or the file no longer reads as one (or
/// reads with errors); the full rebuild then says what is wrong.
pub fn preview_article(
    opts: &BuildOptions,
    cache: &mut BuildCache,
    rel: &str,
) -> Option<Result<OutputFile, TemplateError>> {
    let (_, graph, _) = cache.graph.as_mut()?;
    let (templates, static_files) = cache.theme.as_ref()?;
    let i = graph
        .articles
        .iter()
        .position(|a| a.article.source == rel)?;
    let (old_source, _) = cache.reads.get(rel)?;
    let mut diags = Diagnostics::default();
    let fresh =
        crate::load::read_source_file(&opts.root.join(rel), rel, old_source.kind, &mut diags)?;
    let source = SourceFile {
        sidecar: old_source.sidecar.clone(),
        ..fresh
    };
    let Read::Article(article) =
        crate::read::read_file(&source, graph.config.markdown.allow_html, &mut diags)
    else {
        return None;
    };
    if diags.has_errors() || (article.draft && !opts.drafts) {
        return None;
    }
    let read = ReadOutput {
        articles: vec![*article],
        ..Default::default()
    };
    let findings = crate::recognize::recognize(&read).pop().unwrap_or_default();
    let article = read.articles.into_iter().next()?;
    let node = crate::graph::remerge_article(graph, i, article, findings);
    // The new node stands in for the old one while the page renders.
    let old = std::mem::replace(&mut graph.articles[i], node);
    let theme = ThemeSources {
        templates,
        static_files,
    };
    let page = crate::render::render_article(graph, &theme, i);
    graph.articles[i] = old;
    Some(page)
}

/// A Markdown page whose place is taken (`content/people.md` by the people index,
/// `about/index.md` by `about.md`) is reported by name and left out, rather than one
/// silently overwriting the other.
fn drop_clashing_pages(graph: &mut SiteGraph, diags: &mut Diagnostics) {
    let mut taken: std::collections::HashSet<String> =
        ["articles/", "people/", "topics/", "search/"]
            .iter()
            .map(|p| p.to_string())
            .collect();
    graph.pages.retain(|page| {
        if taken.insert(page.path.clone()) {
            return true;
        }
        diags.error(
            &page.source,
            None,
            format!(
                "its page {} is already taken by another page; skipped",
                page.path
            ),
        );
        false
    });
}

/// The output folder may not be the site folder, contain it, or lie inside one of its
/// input folders: a build there would overwrite or delete the user's sources.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), OutputFolderError> {
    let abs = |p: &Path| resolve_path(p, 0);
    let (root, out) = (abs(root), abs(output));
    if out == root || root.starts_with(&out) {
        return Err(OutputFolderError::HoldsSite(output.to_path_buf()));
    }
    for input in ["seeds", "content", "templates"] {
        // The input folder itself may be a link to somewhere else.
        if out.starts_with(root.join(input)) || out.starts_with(abs(&root.join(input))) {
            return Err(OutputFolderError::InsideInput {
                output: output.to_path_buf(),
                input,
            });
        }
    }
    Ok(())
}

/// `p` made absolute with every symbolic link and `..` resolved, also where the path does
/// not exist yet (the part that does not exist cannot be a link, except a dangling one,
/// which is followed). So `out/../seeds/x` or a link into `content/` cannot pass for a
/// harmless output folder.
fn resolve_path(p: &Path, depth: usize) -> PathBuf {
    use std::path::Component;
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if let Ok(real) = out.canonicalize() {
                    out = real;
                } else if let Ok(target) = std::fs::read_link(&out)
                    && depth < 40
                {
                    // A dangling link: where it points is where files would go.
                    out.pop();
                    out = resolve_path(&out.join(target), depth + 1);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::InputError;
    use crate::output::OutputError;

    fn denied() -> std::io::Error {
        std::io::Error::from(std::io::ErrorKind::PermissionDenied)
    }

    /// Errors in what the build reads: (error, what the user reads, exit status).
    fn input_errors() -> Vec<(BuildError, &'static str, i32)> {
        vec![
            (
                SiteError::NotAFolder("site".into()).into(),
                "site: not a folder",
                1,
            ),
            (
                SiteError::LinkOutOfSite {
                    name: "seeds",
                    target: "/etc".into(),
                }
                .into(),
                "seeds is a symbolic link to /etc, outside the site folder; Gazette reads \
                 nothing outside the site unless you pass --follow-links",
                1,
            ),
            (
                ConfigError::Invalid {
                    line: Some(3),
                    column: Some(7),
                    message: "unknown field `titel`".into(),
                }
                .into(),
                "gazette.toml:3:7: unknown field `titel`",
                1,
            ),
            (
                ConfigError::Invalid {
                    line: None,
                    column: None,
                    message: "bad".into(),
                }
                .into(),
                "gazette.toml: bad",
                1,
            ),
            (
                ConfigError::Unreadable(InputError::TooLarge(65 * 1024 * 1024)).into(),
                "gazette.toml: file is 65 MB, over the 64 MB limit",
                1,
            ),
            (
                ConfigError::NotUtf8(String::from_utf8(vec![0xff]).unwrap_err().utf8_error())
                    .into(),
                "gazette.toml: not UTF-8 text (invalid utf-8 sequence of 1 bytes from index 0)",
                1,
            ),
            (
                TemplateError {
                    rendering: Some(("about/index.html".into(), "page.html".into())),
                    template: Some("templates/base.html".into()),
                    line: Some(4),
                    report: "Variable `x` not found\n --> templates/base.html:4:3".into(),
                }
                .into(),
                "rendering about/index.html with templates/page.html: Variable `x` not \
                 found\n --> templates/base.html:4:3",
                1,
            ),
            (
                BuildError::Input {
                    file: "templates/static/logo.png".into(),
                    source: InputError::Io(denied()),
                },
                "templates/static/logo.png: cannot read: permission denied",
                1,
            ),
        ]
    }

    /// Errors in where the build writes.
    fn output_errors() -> Vec<(BuildError, &'static str, i32)> {
        vec![
            (
                OutputFolderError::HoldsSite(".".into()).into(),
                "the output folder . would overwrite the site folder; choose another --output",
                2,
            ),
            (
                OutputFolderError::InsideInput {
                    output: "content/out".into(),
                    input: "content",
                }
                .into(),
                "the output folder content/out lies inside content/; choose another --output",
                2,
            ),
            (
                BuildError::Write {
                    out: "public".into(),
                    source: WriteError::Io {
                        path: "public/a/index.html".into(),
                        source: denied(),
                    },
                },
                "writing public: public/a/index.html: permission denied",
                1,
            ),
            (
                BuildError::Write {
                    out: "public".into(),
                    source: WriteError::BadName("../x".into()),
                },
                "writing public: not a name Gazette can write inside the output folder: ../x",
                1,
            ),
            (
                BuildError::Write {
                    out: "public".into(),
                    source: WriteError::NotOurs {
                        out: "public".into(),
                        files: (1..=6).map(|n| format!("{n}.html")).collect(),
                    },
                },
                "writing public: 6 file(s) that Gazette did not write would be overwritten \
                 (1.html, 2.html, 3.html, 4.html, 5.html, …); move them out of public or \
                 choose another --output",
                1,
            ),
            (
                BuildError::Write {
                    out: "public".into(),
                    source: OutputError::Busy {
                        out: "public".into(),
                        pid: Some(42),
                    }
                    .into(),
                },
                "writing public: another gazette is writing public (pid 42)",
                1,
            ),
            (BuildError::Cancelled, "given up for newer edits", 1),
        ]
    }

    /// What the user reads for each way a build can fail, and the exit status it gives.
    #[test]
    fn each_build_error_says_what_failed_where_and_sets_the_exit_status() {
        for (error, message, code) in input_errors().into_iter().chain(output_errors()) {
            assert_eq!(error.to_string(), message);
            assert_eq!(error.exit_code(), code, "{message}");
        }
    }
}
