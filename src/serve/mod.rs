//! The dev server and watcher: `gazette serve` and `gazette watch`.
//!
//! Both run one loop: build once, then watch `seeds/`, `content/`, `templates/` and
//! `gazette.toml`, and on every (debounced) change rebuild incrementally
//! (`build::build_cached`) and write only the files whose bytes changed. `serve` also
//! serves the output folder (`http`) and tells open tabs to reload over Server-Sent Events;
//! a build error goes to the terminal and, as an overlay, to the tabs, while the last good
//! site stays on disk and keeps being served.

pub mod http;

use crate::build::{BuildCache, BuildOptions, PublishFailure, check_output_dir, prepare_cached};
use crate::diag::{Diagnostic, Level};
use notify_debouncer_full::notify::event::{ModifyKind, RenameMode};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long the watcher waits for a burst of file events (an editor's save, a `git
/// checkout`) to settle before rebuilding.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// The inputs a site is made of, relative to its folder (folders are watched recursively).
const INPUT_DIRS: [&str; 3] = ["seeds", "content", "templates"];
const CONFIG: &str = "gazette.toml";

/// A problem shown in the browser's overlay: file, line and message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    fn from_diag(d: &Diagnostic) -> Self {
        Problem {
            file: d.file.clone(),
            line: d.line,
            message: d.message.clone(),
        }
    }

    /// A build failure's message, `FILE:LINE: message` or `FILE: message`, split up.
    fn from_message(message: &str) -> Self {
        let message = message.strip_prefix("error: ").unwrap_or(message);
        let first = message.lines().next().unwrap_or("");
        let mut file = first
            .split([':', ' '])
            .next()
            .filter(|f| f.contains('.') || f.contains('/'))
            .map(str::to_string);
        let mut line = file.as_ref().and_then(|f| {
            message[f.len()..]
                .strip_prefix(':')
                .and_then(|r| r.split(':').next())
                .and_then(|n| n.trim().parse().ok())
        });
        if line.is_none()
            && let Some((f, l)) = template_location(message)
        {
            line = Some(l);
            if file.is_none() {
                file = f;
            }
        }
        Problem {
            file: file.unwrap_or_else(|| "build".into()),
            line,
            message: message.to_string(),
        }
    }
}

/// Tera points at a parse error as `--> NAME:LINE:COL`, or names `line LINE`.
fn template_location(message: &str) -> Option<(Option<String>, usize)> {
    if let Some(i) = message.find("--> ") {
        let token = message[i + 4..].split_whitespace().next().unwrap_or("");
        let mut parts = token.split(':');
        let name = parts.next().unwrap_or("");
        if let Some(line) = parts.next().and_then(|l| l.parse().ok()) {
            let file = (!name.is_empty()).then(|| {
                if name.contains('/') {
                    name.to_string()
                } else {
                    format!("templates/{name}")
                }
            });
            return Some((file, line));
        }
    }
    for (i, _) in message.match_indices("line ") {
        let digits: String = message[i + 5..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if let Ok(n) = digits.parse() {
            return Some((None, n));
        }
    }
    None
}

/// What open tabs are told: the generation of the site on disk (a new one means reload)
/// and the problems of the last build.
#[derive(Default)]
pub struct Live {
    state: Mutex<LiveState>,
    changed: Condvar,
}

#[derive(Default)]
struct LiveState {
    /// Counts the builds that changed the output.
    generation: u64,
    /// Counts every finished build, good or not.
    rebuilds: u64,
    /// Bumped on every change tabs should hear about.
    version: u64,
    errors: Vec<Problem>,
    /// Pages the last build moved (an article whose headline, hence slug, changed): old
    /// URL path → new, so a tab showing one follows it instead of landing on a 404.
    moved: BTreeMap<String, String>,
    /// The pages each recent generation changed (URL paths; `None`: every page), newest
    /// last, so a tab reloads only when the page it shows changed.
    changes: std::collections::VecDeque<(u64, Option<Vec<String>>)>,
    /// False while the site on disk is a preview: the edited page is new, the rest of the
    /// site is still being rebuilt.
    complete: bool,
    closed: bool,
}

/// How many generations of changed pages `Live` remembers; a tab further behind reloads.
const CHANGES_KEPT: usize = 32;
/// Past this many changed pages a generation counts as changing every page.
const CHANGES_LISTED: usize = 2000;

/// The URL paths (under `/`, as `serve` builds) a tab must reload for, given the files a
/// build wrote or removed; `None` when every page must (a stylesheet or script changed).
pub fn pages_changed(files: &[String]) -> Option<Vec<String>> {
    let mut pages = BTreeSet::new();
    for f in files {
        if f.ends_with(".html") {
            pages.insert(format!("/{}", f.strip_suffix("index.html").unwrap_or(f)));
        } else if f.starts_with("static/") {
            return None;
        } else if f.starts_with("data/search") {
            pages.insert("/search/".to_string());
        }
    }
    (pages.len() <= CHANGES_LISTED).then(|| pages.into_iter().collect())
}

impl Live {
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Builds finished since the start (the first build counts).
    pub fn rebuilds(&self) -> u64 {
        self.lock().rebuilds
    }

    /// The problems of the last build.
    pub fn errors(&self) -> Vec<Problem> {
        self.lock().errors.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LiveState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A build finished: `pages` are the pages it changed (`None`: all), `complete` is
    /// false for a preview (only the edited page so far).
    fn publish(
        &self,
        pages: Option<Option<Vec<String>>>,
        errors: Vec<Problem>,
        moved: BTreeMap<String, String>,
        complete: bool,
    ) {
        let mut s = self.lock();
        s.rebuilds += 1;
        let output_changed = pages.is_some();
        if output_changed || s.errors != errors || s.complete != complete {
            if let Some(pages) = pages {
                s.generation += 1;
                let g = s.generation;
                s.changes.push_back((g, pages));
                if s.changes.len() > CHANGES_KEPT {
                    s.changes.pop_front();
                }
            }
            s.errors = errors;
            s.moved = moved;
            s.complete = complete;
            s.version += 1;
        }
        drop(s);
        self.changed.notify_all();
    }

    fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
    }

    /// Waits until the state differs from `seen` (or `timeout` passes), then returns its
    /// version, its JSON for the tabs, and whether the server is closing.
    fn wait_change(&self, seen: Option<u64>, timeout: Duration) -> (u64, String, bool) {
        let guard = self.lock();
        let (s, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| !s.closed && seen == Some(s.version))
            .unwrap_or_else(|e| e.into_inner());
        let changes: Vec<serde_json::Value> = s
            .changes
            .iter()
            .map(|(g, pages)| serde_json::json!({"generation": g, "pages": pages}))
            .collect();
        let json = serde_json::json!({
            "generation": s.generation,
            "errors": s.errors,
            "moved": s.moved,
            "changes": changes,
            "complete": s.complete,
        });
        (s.version, json.to_string(), s.closed)
    }
}

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

    /// The build failed with `message`; `problems` are the diagnostics behind it, if any.
    fn build_failed(what: &str, start: Instant, message: &str, mut problems: Vec<Problem>) -> Self {
        problems.insert(0, Problem::from_message(message));
        eprintln!(
            "error: {}",
            crate::diag::shown(message.strip_prefix("error: ").unwrap_or(message))
        );
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
            output: None,
        }
    }

    /// Locks the output folder (if not yet): "another gazette is writing OUT (pid N)".
    pub fn lock(&mut self) -> Result<&mut crate::output::Output, String> {
        if self.output.is_none() {
            let output = crate::output::Output::open(&self.out).map_err(|e| e.to_string())?;
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
                return Outcome::build_failed(what, start, &f.message, problems);
            }
        };
        let errors: BTreeSet<Diagnostic> = prepared
            .diags
            .items
            .iter()
            .filter(|d| d.level == Level::Error)
            .cloned()
            .collect();
        let problems: Vec<Problem> = errors.iter().map(Problem::from_diag).collect();
        for d in &prepared.diags.items {
            if d.level == Level::Error || (!first && !self.warned.contains(d)) {
                eprintln!("{d}");
            }
        }
        if first {
            crate::diag::Diagnostics {
                items: prepared
                    .diags
                    .items
                    .iter()
                    .filter(|d| d.level == Level::Warning)
                    .cloned()
                    .collect(),
            }
            .print_limited();
        }
        self.warned = prepared
            .diags
            .items
            .iter()
            .filter(|d| d.level == Level::Warning)
            .cloned()
            .collect();
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
        let output = match self.lock() {
            Ok(output) => output,
            Err(e) => return Outcome::build_failed(what, start, &e, Vec::new()),
        };
        let built = match prepared.publish_to(output, superseded) {
            Ok(p) => p,
            Err(PublishFailure::Cancelled) => return Outcome::cancelled(what),
            Err(PublishFailure::Build(f)) => {
                return Outcome::build_failed(what, start, &f.message, Vec::new());
            }
            Err(PublishFailure::Write(e)) => {
                let message = format!("writing {}: {e}", self.out.display());
                eprintln!("error: {}", crate::diag::shown(&message));
                let problem = Problem {
                    file: self.out.display().to_string(),
                    line: None,
                    message,
                };
                return Outcome::not_published(
                    vec![problem],
                    format!("{what}: could not write the site"),
                );
            }
        };
        let report = &built.report;
        self.accepted = Some(errors);
        let urls = crate::render::urls::Urls::new(&built.graph.config.base_url);
        let pages: HashMap<String, String> = built
            .graph
            .articles
            .iter()
            .map(|a| (a.article.source.clone(), urls.path(&a.path())))
            .chain(
                built
                    .graph
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
        let stats = &self.cache.last;
        let reuse = if first {
            String::new()
        } else if stats.graph_reused {
            " (nothing re-read)".to_string()
        } else {
            format!(
                " (re-read {} of {} sources)",
                stats.reread,
                stats.reread + stats.reused
            )
        };
        let line = format!(
            "{what}: {}, {} written, {} removed in {} ms{reuse}",
            plural(built.graph.articles.len(), "article"),
            plural(report.written, "file"),
            report.removed,
            start.elapsed().as_millis()
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
            let path = self.out.join(&page.path);
            // The page is already Gazette's (it is in the build on disk): replace it whole,
            // through a new temporary file (never through a link planted at its name).
            if crate::write::replace_file(&path, &page.bytes).is_err() {
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

/// What `start` needs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub root: PathBuf,
    pub output: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    /// See `BuildOptions::follow_links`.
    pub follow_links: bool,
    /// Serve the site (false: `gazette watch`).
    pub serve: bool,
    /// Overrides the config's `base_url` (`serve` uses `/`, so links stay on the server).
    pub base_url: Option<String>,
    pub debounce: Duration,
    /// Print the per-rebuild lines (tests turn it off).
    pub verbose: bool,
}

/// A running server and watcher; `stop` ends both.
pub struct Running {
    /// Where the server listens (empty for `watch`).
    pub addrs: Vec<SocketAddr>,
    pub live: Arc<Live>,
    /// A warning about the address, if any (bound beyond loopback).
    pub warning: Option<String>,
    server: Option<Arc<http::Server>>,
    threads: Vec<JoinHandle<()>>,
    loop_tx: Sender<Msg>,
    loop_thread: Option<JoinHandle<()>>,
}

impl Running {
    /// `http://127.0.0.1:PORT/` (or the address asked for).
    pub fn url(&self) -> Option<String> {
        self.addrs
            .first()
            .map(|a| format!("http://{}/", http::reachable(*a)))
    }

    /// Stops watching and serving; a rebuild under way finishes first.
    pub fn stop(mut self) {
        let _ = self.loop_tx.send(Msg::Stop);
        if let Some(t) = self.loop_thread.take() {
            let _ = t.join();
        }
        self.live.close();
        if let Some(server) = &self.server {
            server.stopping.store(true, Ordering::SeqCst);
            for a in &self.addrs {
                http::wake(*a);
            }
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

enum Msg {
    Files(DebounceEventResult),
    Stop,
}

/// Builds once, then serves (if asked) and watches in background threads.
pub fn start(cfg: &ServeConfig) -> Result<Running, String> {
    if !cfg.root.is_dir() {
        return Err(format!("{}: not a folder", cfg.root.display()));
    }
    check_output_dir(&cfg.root, &cfg.output)?;
    std::fs::create_dir_all(&cfg.output).map_err(|e| format!("{}: {e}", cfg.output.display()))?;
    let root = cfg
        .root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", cfg.root.display()))?;
    let out = cfg
        .output
        .canonicalize()
        .map_err(|e| format!("{}: {e}", cfg.output.display()))?;
    let live = Arc::new(Live::default());
    // Listen first: a port in use fails at once, before any work.
    let bound = if cfg.serve {
        Some(
            http::bind(&cfg.bind, cfg.port)
                .map_err(|e| format!("cannot listen on {}:{}: {e}", cfg.bind, cfg.port))?,
        )
    } else {
        None
    };

    // Watch before the first build, so that nothing saved during it is missed.
    let (tx, rx) = channel::<Msg>();
    let events_tx = tx.clone();
    let tick = (cfg.debounce / 10).max(Duration::from_millis(5));
    // Set when an input changed since the running rebuild started: that rebuild is stale.
    let pending = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (pending_cb, root_cb, out_cb) = (Arc::clone(&pending), root.clone(), out.clone());
    let mut debouncer = new_debouncer(cfg.debounce, Some(tick), move |r: DebounceEventResult| {
        let inputs_changed = r.as_ref().map_or(true, |events| {
            events.iter().any(|ev| {
                !matches!(ev.kind, EventKind::Access(_))
                    && ev
                        .paths
                        .iter()
                        .any(|p| input_rel(&root_cb, &out_cb, p).is_some())
            })
        });
        if inputs_changed {
            pending_cb.store(true, Ordering::SeqCst);
        }
        let _ = events_tx.send(Msg::Files(r));
    })
    .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    for d in INPUT_DIRS {
        let dir = root.join(d);
        if dir.is_dir() {
            debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
        }
    }

    let opts = BuildOptions {
        root: root.clone(),
        base_url: cfg.base_url.clone(),
        drafts: cfg.drafts,
        follow_links: cfg.follow_links,
    };
    let mut rebuilder = Rebuilder::new(opts, out.clone());
    rebuilder.lock()?;
    let first = rebuilder.rebuild("built");
    if cfg.verbose {
        println!("{}", crate::diag::shown(&first.line));
    }
    live.publish(first.ok.then_some(None), first.problems, first.moved, true);

    let mut running = Running {
        addrs: Vec::new(),
        live: Arc::clone(&live),
        warning: None,
        server: None,
        threads: Vec::new(),
        loop_tx: tx,
        loop_thread: None,
    };
    if let Some((listeners, warning)) = bound {
        let loopback = listeners
            .iter()
            .all(|l| l.local_addr().is_ok_and(|a| a.ip().is_loopback()));
        let server = Arc::new(http::Server::new(out.clone(), Arc::clone(&live), loopback));
        for l in listeners {
            if let Ok(a) = l.local_addr() {
                running.addrs.push(a);
            }
            let s = Arc::clone(&server);
            running.threads.push(
                std::thread::Builder::new()
                    .name("gazette-accept".into())
                    .spawn(move || http::accept_loop(l, s))
                    .map_err(|e| e.to_string())?,
            );
        }
        running.server = Some(server);
        running.warning = warning;
    }

    let verbose = cfg.verbose;
    running.loop_thread = Some(
        std::thread::Builder::new()
            .name("gazette-watch".into())
            .spawn(move || watch_loop(root, out, rebuilder, debouncer, rx, live, &pending, verbose))
            .map_err(|e| e.to_string())?,
    );
    Ok(running)
}

/// Waits for file events; on each settled burst that touches an input, previews the edited
/// articles and rebuilds (a rebuild is given up when `pending` says newer edits came in).
#[allow(clippy::too_many_arguments)]
fn watch_loop<W, C>(
    root: PathBuf,
    out: PathBuf,
    mut rebuilder: Rebuilder,
    mut debouncer: notify_debouncer_full::Debouncer<W, C>,
    rx: Receiver<Msg>,
    live: Arc<Live>,
    pending: &std::sync::atomic::AtomicBool,
    verbose: bool,
) where
    W: notify_debouncer_full::notify::Watcher,
    C: notify_debouncer_full::FileIdCache,
{
    let mut known = input_files(&root, &out);
    loop {
        let mut changed: BTreeMap<String, String> = BTreeMap::new();
        let mut rescan = false;
        match rx.recv() {
            Ok(Msg::Files(r)) => collect(r, &root, &out, &mut changed, &mut rescan),
            Ok(Msg::Stop) | Err(_) => break,
        }
        // Take in whatever else has already arrived, so one rebuild covers it all.
        loop {
            match rx.recv_timeout(Duration::from_millis(1)) {
                Ok(Msg::Files(r)) => collect(r, &root, &out, &mut changed, &mut rescan),
                Ok(Msg::Stop) => return,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if changed.is_empty() && !rescan {
            continue;
        }
        // An input folder made after the start is watched from now on.
        for d in INPUT_DIRS {
            if changed.contains_key(d) {
                let _ = debouncer.watch(root.join(d), RecursiveMode::Recursive);
            }
        }
        name_edits(&mut changed, &mut known);
        let what = describe(&changed, rescan);
        pending.store(false, Ordering::SeqCst);
        if !rescan && let Some(preview) = rebuilder.preview(&changed) {
            if verbose {
                println!("{}", crate::diag::shown(&preview.line));
            }
            live.publish(Some(preview.pages), preview.problems, preview.moved, false);
        }
        let outcome = rebuilder.rebuild_unless(&what, &|| pending.load(Ordering::SeqCst));
        if outcome.cancelled {
            continue;
        }
        if verbose {
            println!("{}", crate::diag::shown(&outcome.line));
        }
        let changed_output = outcome.ok && outcome.written + outcome.removed > 0;
        live.publish(
            changed_output.then_some(outcome.pages),
            outcome.problems,
            outcome.moved,
            true,
        );
    }
}

/// The input files a batch of events touched, relative to the site folder.
fn collect(
    r: DebounceEventResult,
    root: &Path,
    out: &Path,
    changed: &mut BTreeMap<String, String>,
    rescan: &mut bool,
) {
    let events = match r {
        Ok(events) => events,
        Err(errors) => {
            for e in errors {
                eprintln!("warning: watching files: {e}");
            }
            *rescan = true;
            return;
        }
    };
    for ev in events {
        if ev.need_rescan() {
            *rescan = true;
        }
        // Opening and reading a file (the build itself does) changes nothing.
        if matches!(ev.kind, EventKind::Access(_)) {
            continue;
        }
        let rels: Vec<Option<String>> = ev.paths.iter().map(|p| input_rel(root, out, p)).collect();
        if let (EventKind::Modify(ModifyKind::Name(RenameMode::Both)), [Some(from), Some(to)]) =
            (ev.kind, rels.as_slice())
        {
            changed.insert(from.clone(), format!("renamed to {to}"));
            continue;
        }
        let how = match ev.kind {
            EventKind::Create(_) => "added",
            EventKind::Remove(_) => "removed",
            EventKind::Modify(ModifyKind::Name(_)) => "renamed",
            _ => "edited",
        };
        for p in &ev.paths {
            if let Some(rel) = input_rel(root, out, p) {
                let entry = changed.entry(rel).or_insert_with(|| how.to_string());
                // A file made and then written in one burst was added.
                if entry != "added" || how == "removed" {
                    *entry = how.to_string();
                }
            }
        }
    }
}

/// `Some(path relative to the site)` when `p` is an input Gazette reads: under an input
/// folder or the config, not hidden, not an editor's backup, not in the output folder.
fn input_rel(root: &Path, out: &Path, p: &Path) -> Option<String> {
    if p.starts_with(out) {
        return None;
    }
    let rel = p.strip_prefix(root).ok()?;
    let rel = crate::load::rel_path(Path::new(""), rel);
    let mut parts = rel.split('/');
    let top = parts.next()?;
    if rel != CONFIG && !INPUT_DIRS.contains(&top) {
        return None;
    }
    let hidden = rel
        .split('/')
        .any(|c| c.starts_with('.') || c.starts_with('#') || c.ends_with('~'));
    (!hidden).then_some(rel)
}

/// The input files in the site folder now (relative paths, as `input_rel` gives them).
fn input_files(root: &Path, out: &Path) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    for top in INPUT_DIRS.iter().chain([&CONFIG]) {
        for entry in walkdir::WalkDir::new(root.join(top)).into_iter().flatten() {
            if let Some(rel) = input_rel(root, out, entry.path()) {
                files.insert(rel);
            }
        }
    }
    files
}

/// Most editors save by writing a new file and renaming it over the old one, which the
/// file system reports as the file being made: a file that was there before was edited,
/// not added. Keeps `known` up to date with the batch.
fn name_edits(changed: &mut BTreeMap<String, String>, known: &mut BTreeSet<String>) {
    for (rel, how) in changed.iter_mut() {
        if how == "added" && known.contains(rel) {
            *how = "edited".into();
        }
        if how == "removed" {
            known.remove(rel);
        } else if let Some(to) = how.strip_prefix("renamed to ") {
            known.remove(rel);
            known.insert(to.to_string());
        } else {
            known.insert(rel.clone());
        }
    }
}

fn describe(changed: &BTreeMap<String, String>, rescan: bool) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_name_file_and_line() {
        let p = Problem::from_message("gazette.toml:3: expected '='");
        assert_eq!((p.file.as_str(), p.line), ("gazette.toml", Some(3)));
        let p = Problem::from_message("templates/article.html: Failed\n --> x.html:4:2");
        assert_eq!(
            (p.file.as_str(), p.line),
            ("templates/article.html", Some(4))
        );
        let p = Problem::from_message("error: Found `%}`\n  --> article.html:36:7\n");
        assert_eq!(
            (p.file.as_str(), p.line),
            ("templates/article.html", Some(36))
        );
    }

    #[test]
    fn only_inputs_count() {
        let root = Path::new("/s");
        let out = Path::new("/s/public");
        let rel = |p: &str| input_rel(root, out, Path::new(p));
        assert_eq!(rel("/s/seeds/a.txt").as_deref(), Some("seeds/a.txt"));
        assert_eq!(rel("/s/gazette.toml").as_deref(), Some("gazette.toml"));
        assert_eq!(rel("/s/public/index.html"), None);
        assert_eq!(rel("/s/seeds/.a.txt.swp"), None);
        assert_eq!(rel("/s/seeds/a.txt~"), None);
        assert_eq!(rel("/s/target/x"), None);
        assert_eq!(rel("/s/seeds").as_deref(), Some("seeds"));
    }

    #[test]
    fn tabs_reload_only_for_pages_that_changed() {
        let files = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            pages_changed(&files(&[
                "articles/a/index.html",
                "people/b/atom.xml",
                "data/articles.json",
                "404.html",
                "data/search/docs/3.json",
            ])),
            Some(files(&["/404.html", "/articles/a/", "/search/"]))
        );
        assert_eq!(
            pages_changed(&files(&["index.html", "static/style.css"])),
            None
        );
        assert_eq!(pages_changed(&[]), Some(Vec::new()));
    }
}
