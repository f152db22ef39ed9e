//! One build: load → read → recognize → link → render, timed per stage. Writing is left to
//! the caller (`build` writes, `check` does not).

use crate::diag::Diagnostics;
use crate::link::SiteGraph;
use crate::load::{SiteSources, SourceFile};
use crate::read::{Read, ReadOutput};
use crate::render::{OutputFile, ThemeSources};
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
}

pub struct Built {
    pub graph: SiteGraph,
    pub files: Vec<OutputFile>,
    pub diags: Diagnostics,
    /// Wall time per stage, in pipeline order.
    pub timings: Vec<(&'static str, Duration)>,
}

/// A build that could not finish (bad config, template error), with what was found so far.
#[derive(Debug)]
pub struct BuildFailure {
    pub message: String,
    pub diags: Diagnostics,
}

pub fn build(opts: &BuildOptions) -> Result<Built, BuildFailure> {
    let mut diags = Diagnostics::default();
    let mut timings = Vec::new();

    let t = Instant::now();
    let sources = load_stage(opts, &mut diags)?;
    timings.push(("load", t.elapsed()));

    let t = Instant::now();
    let read = crate::read::read(&sources, &mut diags);
    timings.push(("read", t.elapsed()));

    let graph = graph_stage(read, &sources, opts, &mut diags, &mut timings);

    let t = Instant::now();
    let files = render_stage(&graph, &sources, &mut diags).map_err(|m| fail(m, &diags))?;
    timings.push(("render", t.elapsed()));

    Ok(Built {
        graph,
        files,
        diags: diags.sorted(),
        timings,
    })
}

fn fail(message: String, diags: &Diagnostics) -> BuildFailure {
    BuildFailure {
        message,
        diags: diags.clone().sorted(),
    }
}

/// Load, with `base_url` overridden when asked.
fn load_stage(opts: &BuildOptions, diags: &mut Diagnostics) -> Result<SiteSources, BuildFailure> {
    let mut sources = crate::load::load(&opts.root, diags).map_err(|m| fail(m, diags))?;
    if let Some(b) = &opts.base_url {
        sources.config.base_url = b.clone();
    }
    Ok(sources)
}

/// Recognize and link: the read output into the site graph.
fn graph_stage(
    read: ReadOutput,
    sources: &SiteSources,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    timings: &mut Vec<(&'static str, Duration)>,
) -> SiteGraph {
    let t = Instant::now();
    let findings = crate::recognize::recognize(&read, &sources.config);
    timings.push(("recognize", t.elapsed()));

    let t = Instant::now();
    for a in read.articles.iter().filter(|a| a.title_guessed) {
        diags.warn(
            &a.source,
            None,
            format!("no headline found; using \"{}\"", a.title),
        );
    }
    let mut graph = crate::link::link(read, findings, &sources.config, opts.drafts);
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

fn render_stage(
    graph: &SiteGraph,
    sources: &SiteSources,
    diags: &mut Diagnostics,
) -> Result<Vec<OutputFile>, String> {
    let theme = ThemeSources {
        templates: &sources.templates,
        static_files: &sources.static_files,
    };
    let mut files = crate::render::render(graph, &theme)?;
    drop_clashing_files(&mut files, diags);
    Ok(files)
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
    /// What the last `build_cached` reused.
    pub last: CacheStats,
}

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
        Read::Page(p) => Read::Page(p.clone()),
        Read::Home(p) => Read::Home(p.clone()),
        Read::Person(p) => Read::Person(p.clone()),
        Read::Topic(t) => Read::Topic(t.clone()),
        Read::Skipped => Read::Skipped,
    }
}

fn same_source(a: &SourceFile, b: &SourceFile) -> bool {
    a.rel == b.rel && a.kind == b.kind && a.text == b.text && a.sidecar == b.sidecar
}

/// `build`, reusing what `cache` holds from the previous build of the same site, and
/// updating it. A config change (or `--drafts`) drops everything cached.
pub fn build_cached(opts: &BuildOptions, cache: &mut BuildCache) -> Result<Built, BuildFailure> {
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
    let graph_ok = !changed && cache.graph.as_ref().is_some_and(|(r, _, _)| *r == rels);

    let mut read = ReadOutput::default();
    if !graph_ok {
        // The same order and the same merging as `read::read`.
        for f in &sources.files {
            let cached = &cache.reads[&f.rel].1;
            diags.extend(cached.diags.clone());
            match clone_read(&cached.read) {
                Read::Article(a) => read.articles.push(*a),
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
        cache.graph = Some((rels, graph.clone(), link_diags));
        graph
    };

    let t = Instant::now();
    cache.last = stats;
    let files = render_stage(&graph, &sources, &mut diags).map_err(|m| fail(m, &diags))?;
    timings.push(("render", t.elapsed()));

    Ok(Built {
        graph,
        files,
        diags: diags.sorted(),
        timings,
    })
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

/// Two output files for one path would overwrite each other in an order nobody chose;
/// the first is kept (a safety net: `drop_clashing_pages` names the usual causes).
fn drop_clashing_files(files: &mut Vec<crate::render::OutputFile>, diags: &mut Diagnostics) {
    let mut twice: Vec<String> = Vec::new();
    files.dedup_by(|later, earlier| {
        let same = later.path == earlier.path;
        if same {
            twice.push(later.path.clone());
        }
        same
    });
    for path in twice {
        diags.warn(
            &path,
            None,
            "this output file is made twice (by two pages or templates); the first is kept",
        );
    }
}

/// The output folder may not be the site folder, contain it, or lie inside one of its
/// input folders: a build there would overwrite or delete the user's sources.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), String> {
    let abs = |p: &Path| resolve_path(p, 0);
    let (root, out) = (abs(root), abs(output));
    if out == root || root.starts_with(&out) {
        return Err(format!(
            "the output folder {} would overwrite the site folder; choose another --output",
            output.display()
        ));
    }
    for input in ["seeds", "content", "templates"] {
        // The input folder itself may be a link to somewhere else.
        if out.starts_with(root.join(input)) || out.starts_with(abs(&root.join(input))) {
            return Err(format!(
                "the output folder {} lies inside {input}/; choose another --output",
                output.display()
            ));
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
