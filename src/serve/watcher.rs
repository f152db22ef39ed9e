//! The watcher: file events on the site's inputs, debounced, turned into rebuilds (a
//! preview of edited articles first) on one background thread.

use super::ServeError;
use super::live::Live;
use super::rebuild::{Rebuilder, describe};
use notify_debouncer_full::notify::event::{ModifyKind, RenameMode};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long the watcher waits for a burst of file events (an editor's save, a `git
/// checkout`) to settle before rebuilding.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// The inputs a site is made of, relative to its folder (folders are watched recursively).
const INPUT_DIRS: [&str; 4] = ["seeds", "content", "templates", "translations"];
const CONFIG: &str = "gazette.toml";

pub(super) enum Msg {
    Files(DebounceEventResult),
    Stop,
}

/// The site's inputs under watch, before the loop runs.
pub(super) struct Watching {
    root: PathBuf,
    out: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    tx: Sender<Msg>,
    rx: Receiver<Msg>,
    /// Set when an input changed since the running rebuild started: that rebuild is stale.
    pending: Arc<AtomicBool>,
}

/// The loop running on its thread; `stop` ends it (a rebuild under way finishes first).
pub(super) struct WatchLoop {
    tx: Sender<Msg>,
    thread: JoinHandle<()>,
}

impl WatchLoop {
    pub(super) fn stop(self) {
        let _ = self.tx.send(Msg::Stop);
        let _ = self.thread.join();
    }
}

/// Starts watching `root`'s inputs (`out` is left out), `debounce` apart.
pub(super) fn watch(root: &Path, out: &Path, debounce: Duration) -> Result<Watching, ServeError> {
    let (tx, rx) = channel::<Msg>();
    let events_tx = tx.clone();
    let tick = (debounce / 10).max(Duration::from_millis(5));
    let pending = Arc::new(AtomicBool::new(false));
    let (pending_cb, root_cb, out_cb) =
        (Arc::clone(&pending), root.to_path_buf(), out.to_path_buf());
    let mut debouncer = new_debouncer(debounce, Some(tick), move |r: DebounceEventResult| {
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
    .map_err(cannot_watch(root))?;
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(cannot_watch(root))?;
    for d in INPUT_DIRS {
        let dir = root.join(d);
        if dir.is_dir() {
            debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(cannot_watch(&dir))?;
        }
    }
    Ok(Watching {
        root: root.to_path_buf(),
        out: out.to_path_buf(),
        debouncer,
        tx,
        rx,
        pending,
    })
}

fn cannot_watch(
    path: &Path,
) -> impl FnOnce(notify_debouncer_full::notify::Error) -> ServeError + '_ {
    move |source| ServeError::Watch {
        path: path.to_path_buf(),
        source,
    }
}

impl Watching {
    /// Runs the loop on a thread of its own.
    pub(super) fn spawn(
        self,
        rebuilder: Rebuilder,
        live: Arc<Live>,
        verbose: bool,
    ) -> std::io::Result<WatchLoop> {
        let tx = self.tx.clone();
        let thread = std::thread::Builder::new()
            .name("gazette-watch".into())
            .spawn(move || self.run(rebuilder, &live, verbose))?;
        Ok(WatchLoop { tx, thread })
    }

    /// Waits for file events; on each settled burst that touches an input, previews the
    /// edited articles and rebuilds (a rebuild is given up when `pending` says newer edits
    /// came in).
    fn run(mut self, mut rebuilder: Rebuilder, live: &Live, verbose: bool) {
        let (root, out) = (self.root.clone(), self.out.clone());
        let pending = Arc::clone(&self.pending);
        let mut known = input_files(&root, &out);
        loop {
            let mut changed: BTreeMap<String, String> = BTreeMap::new();
            let mut rescan = false;
            match self.rx.recv() {
                Ok(Msg::Files(r)) => collect(r, &root, &out, &mut changed, &mut rescan),
                Ok(Msg::Stop) | Err(_) => break,
            }
            // Take in whatever else has already arrived, so one rebuild covers it all.
            loop {
                match self.rx.recv_timeout(Duration::from_millis(1)) {
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
                    let _ = self.debouncer.watch(root.join(d), RecursiveMode::Recursive);
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
