//! One build: load → read → recognize → link → render, timed per stage. Writing is left to
//! the caller (`build` writes, `check` does not).

use crate::diag::Diagnostics;
use crate::link::SiteGraph;
use crate::render::{OutputFile, ThemeSources};
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
    let fail = |message: String, diags: &Diagnostics| BuildFailure {
        message,
        diags: diags.clone().sorted(),
    };

    let t = Instant::now();
    let mut sources = crate::load::load(&opts.root, &mut diags).map_err(|m| fail(m, &diags))?;
    if let Some(b) = &opts.base_url {
        sources.config.base_url = b.clone();
    }
    timings.push(("load", t.elapsed()));

    let t = Instant::now();
    let read = crate::read::read(&sources, &mut diags);
    timings.push(("read", t.elapsed()));

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
    drop_clashing_pages(&mut graph, &mut diags);
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

    let t = Instant::now();
    let theme = ThemeSources {
        templates: &sources.templates,
        static_files: &sources.static_files,
    };
    let mut files = crate::render::render(&graph, &theme).map_err(|m| fail(m, &diags))?;
    drop_clashing_files(&mut files, &mut diags);
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
