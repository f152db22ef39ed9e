//! The incremental rebuilder: each rebuild reuses what the previous one read
//! (`build::prepare_cached`), writes only the files whose bytes changed, and says what
//! changed for the tabs; an edit to an article is previewed first, its page written at once.

use super::live::{Problem, pages_changed};
use crate::build::{BuildCache, BuildError, BuildOptions, Prepared, Published, prepare_cached};
use crate::diag::{Diagnostic, Diagnostics, Level};
use crate::graph::SiteGraph;
use rustc_hash::FxHashSet;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::Instant;

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The output folder was updated (false: a failed build, the last good site stays).
    pub ok: bool,
    pub written: usize,
    pub removed: usize,
    /// Error diagnostics or the build failure, for the overlay.
    pub problems: Vec<Problem>,
    /// Articles whose page moved: old URL path → new.
    pub moved: BTreeMap<String, String>,
    /// The pages it changed (see `pages_changed`).
    pub pages: Option<Vec<String>>,
    /// Given up for newer edits (nothing was changed).
    pub cancelled: bool,
    /// The one line printed for this rebuild.
    pub line: String,
}

impl Outcome {
    /// Nothing was published: the last good site stays on disk.
    fn not_published(problems: Vec<Problem>, line: String) -> Self {
        Outcome {
            ok: false,
            written: 0,
            removed: 0,
            problems,
            moved: BTreeMap::new(),
            pages: None,
            cancelled: false,
            line,
        }
    }

    fn cancelled(what: &str) -> Self {
        Outcome {
            cancelled: true,
            ..Self::not_published(
                Vec::new(),
                format!("{what}: rebuild given up for newer edits"),
            )
        }
    }

    /// The build failed with `error`; `problems` are the diagnostics behind it, if any.
    fn build_failed(
        what: &str,
        start: Instant,
        error: &BuildError,
        mut problems: Vec<Problem>,
    ) -> Self {
        problems.insert(0, Problem::from_error(error));
        eprintln!("error: {}", crate::diag::shown(&error.to_string()));
        Self::not_published(
            problems,
            format!(
                "{what}: build failed in {} ms; still serving the last good site",
                start.elapsed().as_millis()
            ),
        )
    }
}

/// Rebuilds a site into its output folder, reusing what the previous build read.
pub struct Rebuilder {
    opts: BuildOptions,
    out: PathBuf,
    cache: BuildCache,
    /// Errors of the build on disk: a rebuild that has only these is still written (a file
    /// that was broken from the start must not freeze the preview); one with new errors
    /// keeps the last good site.
    accepted: Option<BTreeSet<Diagnostic>>,
    /// Warnings already printed, so each rebuild prints only new ones.
    warned: BTreeSet<Diagnostic>,
    /// Each article's URL path in the build on disk, by source file.
    pages: HashMap<String, String>,
    /// Every file of the build on disk (its manifest): all a preview may replace.
    published: FxHashSet<String>,
    /// The output folder, locked from the first build for as long as this lives.
    output: Option<crate::output::Output>,
}

impl Rebuilder {
    pub fn new(opts: BuildOptions, out: PathBuf) -> Self {
        Rebuilder {
            opts,
            out,
            cache: BuildCache::default(),
            accepted: None,
            warned: BTreeSet::new(),
            pages: HashMap::new(),
            published: FxHashSet::default(),
            output: None,
        }
    }

    /// Locks the output folder (if not yet): "another gazette is writing OUT (pid N)".
    pub fn lock(&mut self) -> Result<&mut crate::output::Output, crate::output::OutputError> {
        if self.output.is_none() {
            let output = crate::output::Output::open(&self.out)?;
            self.output = Some(output);
        }
        Ok(self.output.as_mut().expect("just set"))
    }

    /// Builds and writes; `what` says what changed, for the terminal line.
    pub fn rebuild(&mut self, what: &str) -> Outcome {
        self.rebuild_unless(what, &|| false)
    }

    /// `rebuild`, given up as soon as `superseded` says newer edits came in (it is asked
    /// before rendering and before each page): nothing is changed on disk then, and the
    /// outcome is `cancelled`.
    pub fn rebuild_unless(
        &mut self,
        what: &str,
        superseded: &(dyn Fn() -> bool + Sync),
    ) -> Outcome {
        let start = Instant::now();
        let first = self.accepted.is_none();
        let prepared = match prepare_cached(&self.opts, &mut self.cache) {
            Ok(b) => b,
            Err(f) => {
                let mut problems = Vec::new();
                for d in f.diags.items.iter().filter(|d| d.level == Level::Error) {
                    eprintln!("{d}");
                    problems.push(Problem::from_diag(d));
                }
                return Outcome::build_failed(what, start, &f.error, problems);
            }
        };
        let errors = self.print_diagnostics(&prepared.diags, first);
        let problems: Vec<Problem> = errors.iter().map(Problem::from_diag).collect();
        let new_errors = self
            .accepted
            .as_ref()
            .is_some_and(|acc| errors.iter().any(|e| !acc.contains(e)));
        if new_errors {
            return Outcome::not_published(
                problems,
                format!(
                    "{what}: not published, an input could not be read ({} ms); still serving \
                     the last good site",
                    start.elapsed().as_millis()
                ),
            );
        }
        if superseded() {
            return Outcome::cancelled(what);
        }
        let mut built = match self.publish(prepared, superseded) {
            Ok(p) => p,
            Err(BuildError::Cancelled) => return Outcome::cancelled(what),
            Err(e @ BuildError::Write { .. }) => {
                eprintln!("error: {}", crate::diag::shown(&e.to_string()));
                return Outcome::not_published(
                    vec![Problem::from_error(&e)],
                    format!("{what}: could not write the site"),
                );
            }
            Err(e) => return Outcome::build_failed(what, start, &e, Vec::new()),
        };
        self.published = std::mem::take(&mut built.rendered.paths)
            .into_iter()
            .collect();
        self.accepted = Some(errors);
        let moved = self.follow_pages(&built.graph);
        let report = &built.report;
        let line = format!(
            "{what}: {}, {} written, {} removed in {} ms{}",
            plural(built.graph.articles.len(), "article"),
            plural(report.written, "file"),
            report.removed,
            start.elapsed().as_millis(),
            if first {
                String::new()
            } else {
                self.reuse_note()
            },
        );
        Outcome {
            ok: true,
            written: report.written,
            removed: report.removed,
            problems,
            moved,
            pages: pages_changed(&report.changed),
            cancelled: false,
            line,
        }
    }

    /// Prints the errors of a build and the warnings not printed before (every warning,
    /// limited, on the first build); returns the errors.
    fn print_diagnostics(&mut self, diags: &Diagnostics, first: bool) -> BTreeSet<Diagnostic> {
        let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            diags.items.iter().partition(|d| d.level == Level::Error);
        for d in &diags.items {
            if d.level == Level::Error || (!first && !self.warned.contains(d)) {
                eprintln!("{d}");
            }
        }
        if first {
            Diagnostics {
                items: warnings.iter().map(|d| (*d).clone()).collect(),
            }
            .print_limited();
        }
        self.warned = warnings.into_iter().cloned().collect();
        errors.into_iter().cloned().collect()
    }

    /// Publishes into the output folder, locked on the first build.
    fn publish(
        &mut self,
        prepared: Prepared,
        superseded: &(dyn Fn() -> bool + Sync),
    ) -> Result<Published, BuildError> {
        let out = self.out.clone();
        match self.lock() {
            Ok(output) => prepared.publish_to(output, superseded).map_err(|f| f.error),
            Err(e) => Err(BuildError::Write {
                out,
                source: e.into(),
            }),
        }
    }

    /// Remembers each article's and page's URL path; returns those that moved since the
    /// last build (old → new), so that a tab showing one follows it.
    fn follow_pages(&mut self, graph: &SiteGraph) -> BTreeMap<String, String> {
        let urls = crate::render::urls::Urls::new(&graph.config.base_url);
        let pages: HashMap<String, String> = graph
            .articles
            .iter()
            .map(|a| (a.article.source.clone(), urls.path(&a.path())))
            .chain(
                graph
                    .pages
                    .iter()
                    .map(|p| (p.source.clone(), urls.path(&p.path))),
            )
            .collect();
        let moved = pages
            .iter()
            .filter_map(|(src, new)| {
                let old = self.pages.get(src)?;
                (old != new).then(|| (old.clone(), new.clone()))
            })
            .collect();
        self.pages = pages;
        moved
    }

    /// What the last rebuild reused, for its line: " (nothing re-read)".
    fn reuse_note(&self) -> String {
        let stats = &self.cache.last;
        if stats.graph_reused {
            " (nothing re-read)".to_string()
        } else {
            format!(
                " (re-read {} of {} sources)",
                stats.reread,
                stats.reread + stats.reused
            )
        }
    }

    /// When every change is an edit to an article of the site on disk, writes those
    /// articles' new pages at once (`build::preview_article`), before the whole site is
    /// rebuilt: the page being edited is served within milliseconds whatever the size of
    /// the archive. `None` when there is nothing to preview.
    pub fn preview(&mut self, changed: &BTreeMap<String, String>) -> Option<Outcome> {
        let start = Instant::now();
        let editable = |rel: &str| {
            (rel.starts_with("seeds/") && rel.ends_with(".txt"))
                || (rel.starts_with("content/") && rel.ends_with(".md"))
        };
        if changed.is_empty()
            || self.accepted.is_none()
            || changed
                .iter()
                .any(|(rel, how)| how != "edited" || !editable(rel))
        {
            return None;
        }
        let mut pages = Vec::new();
        for rel in changed.keys() {
            let page = match crate::build::preview_article(&self.opts, &mut self.cache, rel)? {
                Ok(page) => page,
                Err(_) => return None,
            };
            pages.push(page);
        }
        for page in &pages {
            // The page is already Gazette's (it is in the build on disk): replaced whole, as
            // a build would, never through a link planted at its name.
            let replaced = crate::write::replace_published(
                &self.out,
                &self.published,
                &page.path,
                &page.bytes,
            );
            if replaced.is_err() {
                return None;
            }
        }
        let paths: Vec<String> = pages.iter().map(|p| p.path.clone()).collect();
        Some(Outcome {
            ok: true,
            written: pages.len(),
            removed: 0,
            problems: self
                .accepted
                .iter()
                .flatten()
                .map(Problem::from_diag)
                .collect(),
            moved: BTreeMap::new(),
            pages: pages_changed(&paths),
            cancelled: false,
            line: format!(
                "{}: page previewed in {} ms; rebuilding the rest",
                describe(changed, false),
                start.elapsed().as_millis()
            ),
        })
    }
}

pub(super) fn describe(changed: &BTreeMap<String, String>, rescan: bool) -> String {
    let mut parts: Vec<String> = changed
        .iter()
        .take(3)
        .map(|(path, how)| format!("{path} {how}"))
        .collect();
    if changed.len() > 3 {
        parts.push(format!("{} more", changed.len() - 3));
    }
    if parts.is_empty() || rescan {
        parts.push("files changed".into());
    }
    parts.join(", ")
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
