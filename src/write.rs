//! Stage 6, write: put the rendered files into the output folder as they are rendered. Only
//! files whose bytes changed are written, and only files Gazette wrote before (listed in its
//! manifest) are removed.

use crate::diag::shown_path;
use crate::output::{Output, Stage};
use crate::render::{OutputFile, Sink, Stopped};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The list of files Gazette wrote, kept in the output folder.
pub const MANIFEST: &str = ".gazette-manifest";

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub bytes: u64,
    /// The files written or removed, relative to the output folder, sorted.
    pub changed: Vec<String>,
}

/// Writes `files` into `out`, published in one switch (see `output::Output`).
pub fn write(out: &Path, files: &[OutputFile]) -> Result<WriteReport, WriteError> {
    let mut output = Output::open(out)?;
    let publisher = Publisher::open(&mut output, out)?;
    let mut paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    paths.sort_unstable();
    let put = publisher
        .begin(&paths)
        .and_then(|()| files.par_iter().try_for_each(|f| publisher.put(f.clone())));
    match put {
        Ok(()) => publisher.finish(),
        Err(e) => {
            publisher.abort();
            Err(e)
        }
    }
}

/// Writes one build into a locked output folder, published in one switch (see
/// `output::Output`), making the stage (the copy of the folder beside it) only once the
/// build changes something: a file whose bytes differ or that is new, a file to remove, or
/// a folder without a manifest. Until then each file is compared with the one in the
/// folder, which is left as it is: a rebuild that changes nothing reads each file once,
/// instead of linking every file into a copy, swapping it in and removing the old folder
/// (which also left the file system thousands of freed inodes that ext4 without a journal
/// steps over one by one when the next build makes files).
pub struct Publisher<'o> {
    output: Mutex<&'o mut Output>,
    /// The output folder as the user named it, for messages.
    shown: PathBuf,
    /// The live folder (links resolved).
    live: PathBuf,
    /// The files the live folder's manifest lists.
    previous: FxHashSet<String>,
    had_manifest: bool,
    /// Every path of this build so far (from `begin`); held while the stage is made, so
    /// that the stage's writer is told every path before it is given a file.
    begun: Mutex<Vec<String>>,
    staged: OnceLock<(Stage, Writer)>,
    /// Files found the same in the live folder, before the stage was made.
    unchanged: AtomicUsize,
    bytes: AtomicU64,
    /// The first error met by `begin` or `put`.
    error: Mutex<Option<WriteError>>,
}

impl<'o> Publisher<'o> {
    /// A publisher for the locked `output`, named `shown` in messages. What a killed build
    /// left (beside the folder, and temporary files in it) is removed first.
    pub fn open(output: &'o mut Output, shown: &Path) -> Result<Publisher<'o>, WriteError> {
        output.clear_leftovers()?;
        let live = output.real().to_path_buf();
        let io = |source| WriteError::Io {
            path: shown.to_path_buf(),
            source,
        };
        remove_stale_temporaries(&live).map_err(io)?;
        let (previous, had_manifest) = read_manifest(&live).map_err(io)?;
        Ok(Publisher {
            output: Mutex::new(output),
            shown: shown.to_path_buf(),
            live,
            previous: previous.into_iter().collect(),
            had_manifest,
            begun: Mutex::new(Vec::new()),
            staged: OnceLock::new(),
            unchanged: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            error: Mutex::new(None),
        })
    }

    /// Paths of this build, before any of those files is put (called once or more).
    pub fn begin(&self, paths: &[String]) -> Result<(), WriteError> {
        if let Some(bad) = paths.iter().find(|p| !is_safe_rel(p)) {
            return Err(WriteError::BadName(bad.clone()));
        }
        let mut begun = lock(&self.begun);
        begun.extend_from_slice(paths);
        match self.staged.get() {
            Some((_, writer)) => writer.begin(paths),
            None => Ok(()),
        }
    }

    /// Writes one file, unless the folder holds exactly these bytes already.
    pub fn put(&self, file: OutputFile) -> Result<(), WriteError> {
        if self.staged.get().is_none() && self.same_in_live_folder(&file) {
            self.bytes
                .fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.writer()?.put(file)
    }

    /// Whether the live folder holds, at `file`'s path, a regular file of Gazette's (one
    /// its manifest lists) with exactly `file`'s bytes.
    fn same_in_live_folder(&self, file: &OutputFile) -> bool {
        if !self.previous.contains(&file.path) || !is_safe_rel(&file.path) {
            return false;
        }
        same_bytes(&self.live.join(&file.path), &file.bytes)
    }

    /// The stage's writer, the stage made (and told every path so far) if it is not yet.
    fn writer(&self) -> Result<&Writer, WriteError> {
        if let Some((_, writer)) = self.staged.get() {
            return Ok(writer);
        }
        let begun = lock(&self.begun);
        if let Some((_, writer)) = self.staged.get() {
            return Ok(writer);
        }
        let stage = lock(&self.output).stage()?;
        let made =
            Writer::open_stage(&stage, &self.shown).and_then(|w| w.begin(&begun).map(|()| w));
        match made {
            Ok(writer) => {
                let _ = self.staged.set((stage, writer));
                Ok(&self.staged.get().expect("just set").1)
            }
            Err(e) => {
                lock(&self.output).discard(stage);
                Err(e)
            }
        }
    }

    /// The first error `begin` or `put` met as a `Sink`, if any.
    pub fn take_error(&self) -> Option<WriteError> {
        lock(&self.error).take()
    }

    /// Publishes the build: the stage's changes put in place and swapped in, if anything
    /// changed. Fails, changing nothing, when a file that is not Gazette's is in the way.
    pub fn finish(self) -> Result<WriteReport, WriteError> {
        let begun = std::mem::take(&mut *lock(&self.begun));
        if self.staged.get().is_none() {
            let now: FxHashSet<&str> = begun.iter().map(String::as_str).collect();
            let same_files = now.len() == self.previous.len()
                && self.previous.iter().all(|p| now.contains(p.as_str()));
            if same_files && self.had_manifest {
                return Ok(WriteReport {
                    unchanged: self.unchanged.load(Ordering::Relaxed),
                    bytes: self.bytes.load(Ordering::Relaxed),
                    ..WriteReport::default()
                });
            }
            // Files to remove, or a manifest to write: that is a change too.
            lock(&self.begun).extend(begun);
            self.writer()?;
        }
        let (unchanged, bytes) = (
            self.unchanged.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        );
        let output = self.output.into_inner().unwrap_or_else(|e| e.into_inner());
        let (stage, writer) = self.staged.into_inner().expect("made above");
        match writer.finish() {
            Ok(mut report) => {
                output.commit(stage)?;
                report.unchanged += unchanged;
                report.bytes += bytes;
                Ok(report)
            }
            Err(e) => {
                output.discard(stage);
                Err(e)
            }
        }
    }

    /// Gives up the build: the output folder stays as it was.
    pub fn abort(self) {
        let output = self.output.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some((stage, writer)) = self.staged.into_inner() {
            writer.abort();
            output.discard(stage);
        }
    }
}

impl Sink for Publisher<'_> {
    fn begin(&self, paths: &[String]) -> Result<(), Stopped> {
        Publisher::begin(self, paths).map_err(|e| {
            lock(&self.error).get_or_insert(e);
            Stopped
        })
    }
    fn put(&self, file: OutputFile) -> Result<(), Stopped> {
        Publisher::put(self, file).map_err(|e| {
            lock(&self.error).get_or_insert(e);
            Stopped
        })
    }
}

/// The manifest's text: one path a line.
fn lines<'p>(paths: impl Iterator<Item = &'p str> + Clone) -> String {
    let mut text = String::with_capacity(paths.clone().map(|p| p.len() + 1).sum());
    for p in paths {
        text.push_str(p);
        text.push('\n');
    }
    text
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The files the manifest in `out` lists, and whether there is one.
fn read_manifest(out: &Path) -> std::io::Result<(BTreeSet<String>, bool)> {
    match read_own(&out.join(MANIFEST)) {
        Ok(text) => Ok((text.lines().map(str::to_string).collect(), true)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((BTreeSet::new(), false)),
        Err(e) => Err(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", out.join(MANIFEST).display()),
        )),
    }
}

/// Writes files into an output folder as they come (from several threads), so that a
/// failure leaves the previous site as it was:
///
/// - a changed file is written to a temporary file beside its place, and only renamed into
///   place by `finish`, once every file was written; a file that is new is written in place
///   (nothing links to it until the build is done, and `abort` removes it);
/// - a file Gazette did not write, standing where it must write one, is someone's work: it
///   is never overwritten, and `finish` fails naming it;
/// - a full disk, a folder where a file must go or a link out of the output folder stops
///   the build (`put` fails); `abort` then removes the temporary and new files and any
///   folder made for them.
///
/// Files from an earlier build that this build no longer makes are removed by `finish`;
/// any other file in the folder (the user's own) is left alone.
pub struct Writer {
    out: PathBuf,
    /// The output folder as the user named it, for messages (`out` may be a stage beside it).
    shown: PathBuf,
    real_out: PathBuf,
    previous: BTreeSet<String>,
    had_manifest: bool,
    /// Folders known to be inside the output folder: checked, or made by this build. Keyed
    /// by the path as made (`out` joined with a relative path of `is_safe_rel`, and its
    /// parents), not by `PathBuf`, whose hash and comparison parse its components
    /// (~2,000 instructions a lookup, three lookups a file).
    known_dirs: Mutex<FxHashMap<std::ffi::OsString, DirState>>,
    state: Mutex<WriterState>,
    bytes: AtomicU64,
    unchanged: AtomicUsize,
}

/// What is known of a folder inside the output folder.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum DirState {
    /// It was there, and is inside the output folder (not a link out of it).
    Checked,
    /// This build made it (so it holds only what this build wrote).
    Made,
}

#[derive(Default)]
struct WriterState {
    /// Every path of this build (from `begin`).
    now: Vec<String>,
    manifest_changed: bool,
    /// (temporary file, final path) of changed files.
    staged: Vec<(PathBuf, PathBuf)>,
    /// New files, written in place (paths relative to the output folder, as put).
    created: Vec<String>,
    dirs_made: Vec<PathBuf>,
    /// Files that are not Gazette's, in the way.
    theirs: Vec<String>,
    /// The first error met by `begin` or `put`.
    error: Option<WriteError>,
}

impl Writer {
    /// A writer for the output folder `out` itself (the temporary files of a killed build
    /// are removed first).
    pub fn open(out: &Path) -> std::io::Result<Writer> {
        std::fs::create_dir_all(out)?;
        remove_stale_temporaries(out)?;
        Writer::open_clean(out)
    }

    /// A writer for a folder that holds no temporary files (a fresh `output::Stage`).
    pub fn open_clean(out: &Path) -> std::io::Result<Writer> {
        let real_out = out.canonicalize()?;
        let (previous, had_manifest) = read_manifest(out)?;
        Ok(Writer {
            out: out.to_path_buf(),
            shown: out.to_path_buf(),
            real_out,
            previous,
            had_manifest,
            known_dirs: Mutex::new(FxHashMap::default()),
            state: Mutex::new(WriterState::default()),
            bytes: AtomicU64::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// A writer for `stage` (see `output::Stage`), naming files in messages as under
    /// `shown`, the output folder the stage stands for.
    pub fn open_stage(stage: &Stage, shown: &Path) -> Result<Writer, WriteError> {
        let opened = if stage.in_place() {
            Writer::open(stage.dir())
        } else {
            Writer::open_clean(stage.dir())
        };
        opened
            .map(|w| w.shown_as(shown))
            .map_err(|source| WriteError::Io {
                path: shown.to_path_buf(),
                source,
            })
    }

    /// Names the folder in messages as `shown` (the output folder a stage stands for).
    pub fn shown_as(mut self, shown: &Path) -> Writer {
        self.shown = shown.to_path_buf();
        self
    }

    /// `path` (under `out`) as the user knows it, ready for a terminal.
    fn show(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.out).unwrap_or(path);
        crate::diag::shown_path(&self.shown.join(rel))
    }

    fn state(&self) -> std::sync::MutexGuard<'_, WriterState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Paths of this build, before any of those files is put (called once or more). The
    /// manifest then lists both builds' files, so that whatever happens next (a crash, a
    /// failed rename), the next build still knows every file that is Gazette's.
    pub fn begin(&self, paths: &[String]) -> Result<(), WriteError> {
        if let Some(bad) = paths.iter().find(|p| !is_safe_rel(p)) {
            return Err(WriteError::BadName(bad.clone()));
        }
        let mut state = self.state();
        state.now.extend_from_slice(paths);
        if paths.iter().any(|p| !self.previous.contains(p)) {
            let both: BTreeSet<&str> = self
                .previous
                .iter()
                .map(String::as_str)
                .filter(|p| is_safe_rel(p))
                .chain(state.now.iter().map(String::as_str))
                .collect();
            let text = lines(both.iter().copied());
            let manifest = self.out.join(MANIFEST);
            write_atomic(&manifest, text.as_bytes()).map_err(self.io_at(&manifest))?;
            state.manifest_changed = true;
        }
        Ok(())
    }

    /// Writes one file, unless the folder holds exactly these bytes already.
    pub fn put(&self, file: OutputFile) -> Result<(), WriteError> {
        // The error's path is made only on an error (a join and a strip per file).
        self.put_file(&file)
            .map_err(|e| self.io_at(&self.out.join(&file.path))(e))
    }

    /// The first error `begin` or `put` met as a `Sink`, if any: a render that stopped
    /// because of it failed to write, not to render.
    pub fn take_error(&self) -> Option<WriteError> {
        self.state().error.take()
    }

    /// An I/O error at `path` (under `out`), naming the path as the user knows it.
    fn io_at(&self, path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
        let rel = path.strip_prefix(&self.out).unwrap_or(path);
        let shown = self.shown.join(rel);
        move |source| WriteError::Io {
            path: shown,
            source,
        }
    }

    /// Keeps the first error for `take_error`; the render is told only to stop.
    fn stop(&self, e: WriteError) -> Stopped {
        self.state().error.get_or_insert(e);
        Stopped
    }

    fn put_file(&self, file: &OutputFile) -> std::io::Result<()> {
        let path = self.out.join(&file.path);
        let parent = path.parent().unwrap_or(&self.out);
        self.bytes
            .fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
        // A file the last build did not make is most likely new, and so is its folder (an
        // article's own): make the folder first, and if this build made it, skip the look.
        if !self.previous.contains(&file.path) {
            self.ensure_dir(parent)?;
        }
        // In a folder this build made, nothing can be in the way: no need to look.
        if self.dir_state(parent) == Some(DirState::Made) {
            return self.create(&path, file);
        }
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.ensure_dir(parent)?;
                self.create(&path, file)
            }
            Err(e) => Err(e),
            Ok(m) if m.is_dir() => Err(std::io::Error::other(format!(
                "a folder is where the file {} must go",
                file.path
            ))),
            // Gazette writes only regular files: a link (or a device, a socket) where one
            // must go is someone else's, and is neither followed nor replaced.
            Ok(m) if !m.is_file() => Err(std::io::Error::other(format!(
                "{} is a symbolic link or special file where Gazette must write a page; \
                 it never writes through or over one: remove it",
                file.path
            ))),
            Ok(m) => {
                let same = m.len() == file.bytes.len() as u64 && same_bytes(&path, &file.bytes);
                if same {
                    self.unchanged.fetch_add(1, Ordering::Relaxed);
                    return Ok(());
                }
                if !self.previous.contains(&file.path) {
                    self.state().theirs.push(file.path.clone());
                    return Ok(());
                }
                self.ensure_dir(parent)?;
                let tmp = tmp_path(&path);
                self.state().staged.push((tmp.clone(), path));
                create_temporary(&tmp).and_then(|mut f| f.write_all(&file.bytes))
            }
        }
    }

    /// Writes `file`, which is new, in place at `path`.
    fn create(&self, path: &Path, file: &OutputFile) -> std::io::Result<()> {
        let mut f = create_new(path)?;
        self.state().created.push(file.path.clone());
        f.write_all(&file.bytes)
    }

    fn dir_state(&self, dir: &Path) -> Option<DirState> {
        let known = (self.known_dirs.lock().unwrap_or_else(|e| e.into_inner()))
            .get(dir.as_os_str())
            .copied();
        known.or_else(|| (dir == self.out).then_some(DirState::Checked))
    }

    fn know_dir(&self, dir: &Path, state: DirState) {
        self.known_dirs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.as_os_str().to_owned(), state);
    }

    /// Makes sure `dir` is a folder inside the output folder, making it (and its parents)
    /// if need be. A folder that was there already might be a link out of the output
    /// folder: each is checked once, and before anything is made or written inside it.
    fn ensure_dir(&self, dir: &Path) -> std::io::Result<()> {
        if self.dir_state(dir).is_some() {
            return Ok(());
        }
        let Some(parent) = dir.parent().filter(|p| p.starts_with(&self.out)) else {
            return Err(std::io::Error::other(format!(
                "{}: outside the output folder",
                self.show(dir)
            )));
        };
        self.ensure_dir(parent)?;
        match std::fs::create_dir(dir) {
            Ok(()) => {
                self.state().dirs_made.push(dir.to_path_buf());
                self.know_dir(dir, DirState::Made);
                Ok(())
            }
            // Another thread made it just now.
            Err(e)
                if e.kind() == std::io::ErrorKind::AlreadyExists
                    && self.dir_state(dir).is_some() =>
            {
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if !dir.canonicalize()?.starts_with(&self.real_out) {
                    return Err(std::io::Error::other(format!(
                        "{}: a symbolic link leads out of the output folder; refusing to write through it",
                        self.show(dir)
                    )));
                }
                if !dir.is_dir() {
                    return Err(std::io::Error::other(format!(
                        "{}: a file is where a folder must go",
                        self.show(dir)
                    )));
                }
                self.know_dir(dir, DirState::Checked);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Puts the changed files in place, removes the files of the previous build that this
    /// one did not make, and writes the manifest. Fails, changing nothing, when a file
    /// that is not Gazette's is in the way.
    pub fn finish(self) -> Result<WriteReport, WriteError> {
        let mut theirs = std::mem::take(&mut self.state().theirs);
        if !theirs.is_empty() {
            theirs.sort();
            let e = WriteError::NotOurs {
                out: self.shown.clone(),
                files: theirs,
            };
            self.abort();
            return Err(e);
        }
        let mut state = std::mem::take(&mut *self.state());
        state.now.sort_unstable();
        state.now.dedup();
        let failed: Vec<(&PathBuf, std::io::Error)> = state
            .staged
            .par_iter()
            .filter_map(|(tmp, path)| std::fs::rename(tmp, path).err().map(|e| (path, e)))
            .collect();
        if let Some((path, e)) = failed.into_iter().next() {
            let e = self.io_at(path)(e);
            // Whatever was not renamed is still a temporary file: remove those.
            for (tmp, _) in &state.staged {
                let _ = std::fs::remove_file(tmp);
            }
            return Err(e);
        }
        let rel = |p: &PathBuf| {
            p.strip_prefix(&self.out)
                .map(|r| crate::load::rel_path(Path::new(""), r))
                .unwrap_or_default()
        };
        let mut report = WriteReport {
            written: state.staged.len() + state.created.len(),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed: 0,
            bytes: self.bytes.load(Ordering::Relaxed),
            changed: state
                .staged
                .iter()
                .map(|(_, p)| rel(p))
                .chain(state.created.iter().cloned())
                .collect(),
        };
        let now: FxHashSet<&str> = state.now.iter().map(String::as_str).collect();
        for stale in self.previous.iter().filter(|p| !now.contains(p.as_str())) {
            if remove_own_file(&self.out, &self.real_out, stale) {
                report.removed += 1;
                report.changed.push(stale.clone());
            }
        }
        report.changed.sort_unstable();
        if state.manifest_changed || report.removed > 0 || !self.had_manifest {
            let manifest = lines(state.now.iter().map(String::as_str));
            let path = self.out.join(MANIFEST);
            write_atomic(&path, manifest.as_bytes()).map_err(self.io_at(&path))?;
        }
        Ok(report)
    }

    /// Undoes everything this writer did: removes the temporary files, the new files and
    /// every folder made for them (deepest first), and puts the old manifest back.
    pub fn abort(self) {
        let mut state = std::mem::take(&mut *self.state());
        for (tmp, _) in state.staged.drain(..) {
            let _ = std::fs::remove_file(tmp);
        }
        for new in state.created.drain(..) {
            let _ = std::fs::remove_file(self.out.join(new));
        }
        state
            .dirs_made
            .sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in state.dirs_made.drain(..) {
            let _ = std::fs::remove_dir(d);
        }
        if state.manifest_changed {
            let manifest = self.out.join(MANIFEST);
            if self.had_manifest {
                let text = lines(self.previous.iter().map(String::as_str));
                let _ = write_atomic(&manifest, text.as_bytes());
            } else {
                let _ = std::fs::remove_file(manifest);
            }
        }
    }
}

impl Sink for Writer {
    fn begin(&self, paths: &[String]) -> Result<(), Stopped> {
        Writer::begin(self, paths).map_err(|e| self.stop(e))
    }
    fn put(&self, file: OutputFile) -> Result<(), Stopped> {
        Writer::put(self, file).map_err(|e| self.stop(e))
    }
}

/// Why files could not be put in the output folder. Each names the folder or file, as the
/// user knows it (the output folder, not the stage beside it that the build writes into).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: {source}", shown_path(.path))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A path that would land outside the output folder (a bug, or a hostile template).
    #[error("not a name Gazette can write inside the output folder: {0}")]
    BadName(String),
    /// Files the user keeps in the output folder, where the build must write.
    #[error(
        "{} file(s) that Gazette did not write would be overwritten ({}); move them out of {} \
         or choose another --output",
        .files.len(),
        first_few(.files),
        shown_path(.out)
    )]
    NotOurs { out: PathBuf, files: Vec<String> },
    /// The output folder as a whole (its lock, the stage beside it, the swap).
    #[error(transparent)]
    Folder(#[from] crate::output::OutputError),
}

/// The first five of `files`, and "…" for more.
fn first_few(files: &[String]) -> String {
    let shown = files[..files.len().min(5)].join(", ");
    if files.len() > 5 {
        format!("{shown}, …")
    } else {
        shown
    }
}

/// Whether the file at `path` is a regular file (a link is not followed) holding exactly
/// `bytes`. Its size says no to most changed files without reading them; the others are
/// compared piece by piece as they are read, without a copy of the whole file: an open,
/// a stat, the reads and a close.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = open_no_follow(path) else {
        return false;
    };
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
    {
        return false;
    }
    let mut buf = vec![0u8; bytes.len().clamp(1, 256 * 1024)];
    let mut rest = bytes;
    while !rest.is_empty() {
        let want = rest.len().min(buf.len());
        match file.read(&mut buf[..want]) {
            Ok(0) | Err(_) => return false,
            Ok(n) if buf[..n] != rest[..n] => return false,
            Ok(n) => rest = &rest[n..],
        }
    }
    true
}

/// The suffix of every temporary file Gazette makes in the output folder.
pub const TMP_SUFFIX: &str = ".gazette-tmp";

/// Creates a new file at `path` for writing: never one that exists, and never through a
/// symbolic link (`O_EXCL`, and `O_NOFOLLOW` on Unix), so that a link planted in the output
/// folder under a name the build chose cannot make it write anywhere else.
pub fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// `create_new` for a temporary name of Gazette's own (`….gazette-tmp`): whatever is left
/// under that name (a killed build's file, or a link someone planted) is removed first,
/// never followed.
fn create_temporary(tmp: &Path) -> std::io::Result<std::fs::File> {
    match create_new(tmp) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            remove_own_temporary(tmp)?;
            create_new(tmp)
        }
        other => other,
    }
}

/// Removes a file or link at a temporary name of Gazette's (a folder there is refused).
fn remove_own_temporary(tmp: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(tmp) {
        Ok(m) if m.is_dir() => Err(std::io::Error::other(format!(
            "{}: a folder has the name of a Gazette temporary file; remove it",
            tmp.display()
        ))),
        Ok(_) => std::fs::remove_file(tmp),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Replaces the file at `path` with `bytes` in one step (a new temporary file renamed over
/// it): a reader sees the old bytes or the new ones, never a part. A link at `path` is
/// replaced, not written through.
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = tmp_path(path);
    let written = create_temporary(&tmp).and_then(|mut f| f.write_all(bytes));
    match written.and_then(|()| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Replaces one file of the site on disk between builds (the dev server's preview of an
/// edited page) under the rules a build writes by: only a file the last build published
/// (`published`: the paths its manifest lists), by a safe relative name, through a new
/// temporary file renamed into place (see `replace_file`).
pub fn replace_published(
    out: &Path,
    published: &FxHashSet<String>,
    rel: &str,
    bytes: &[u8],
) -> std::io::Result<()> {
    if !is_safe_rel(rel) || !published.contains(rel) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{rel}: not a file of the site on disk"),
        ));
    }
    replace_file(&out.join(rel), bytes)
}

/// Opens `path` for reading, never through a link at its name, nor waiting on a FIFO.
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Opens a file of Gazette's in the output folder for reading, not following a link.
fn open_own(path: &Path) -> std::io::Result<std::fs::File> {
    let file = open_no_follow(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return std::io::Error::other("a symbolic link; Gazette does not follow links here");
        }
        e
    })?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(file)
}

fn read_own_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut open_own(path)?, &mut bytes)?;
    Ok(bytes)
}

fn read_own(path: &Path) -> std::io::Result<String> {
    String::from_utf8(read_own_bytes(path)?).map_err(std::io::Error::other)
}

/// Removes the temporary files a killed build left anywhere in the output folder (links
/// are not followed; a link under a temporary name is removed itself).
pub fn remove_stale_temporaries(out: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(out).follow_links(false).min_depth(1) {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_dir()
            && entry
                .file_name()
                .as_encoded_bytes()
                .ends_with(TMP_SUFFIX.as_bytes())
        {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// A path from a render or a manifest that names a file inside the output folder: plain
/// names separated by `/`, no `..`, `.` or root. Any other name the file system allows is
/// fine (`a:b.css` is a file name on Unix); on Windows, where `\\` separates and `:` names a
/// drive or a stream, those are refused.
fn is_safe_rel(p: &str) -> bool {
    let forbidden: &[char] = if cfg!(windows) {
        &['\\', ':', '\0']
    } else {
        &['\0']
    };
    !p.is_empty()
        && p.split('/')
            .all(|c| !c.is_empty() && c != ".." && c != "." && !c.contains(forbidden))
        && Path::new(p)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Removes a file an earlier build wrote, named in the manifest. The manifest is a text
/// file anyone can edit: a name that would lead out of the output folder (`../x`, `/etc/x`,
/// or through a symbolic link) is never removed.
fn remove_own_file(out: &Path, real_out: &Path, rel: &str) -> bool {
    if !is_safe_rel(rel) {
        return false;
    }
    let path = out.join(rel);
    let inside = path
        .parent()
        .and_then(|d| d.canonicalize().ok())
        .is_some_and(|d| d.starts_with(real_out));
    // Gazette writes only regular files: a link or folder by that name is the user's.
    let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
    if inside && is_file && std::fs::remove_file(&path).is_ok() {
        remove_empty_parents(out, &path);
        return true;
    }
    false
}

fn tmp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}{TMP_SUFFIX}"))
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_file(path, bytes)
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_replaces_only_files_of_the_site_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "old").unwrap();
        std::fs::write(out.join("mine.txt"), "the user's").unwrap();
        let published: FxHashSet<String> = ["a/index.html".to_string()].into_iter().collect();
        replace_published(&out, &published, "a/index.html", b"new").unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"new");
        for rel in ["mine.txt", "../outside.txt", "a/../mine.txt", "/etc/x"] {
            assert!(
                replace_published(&out, &published, rel, b"x").is_err(),
                "{rel}"
            );
        }
        assert_eq!(std::fs::read(out.join("mine.txt")).unwrap(), b"the user's");
        assert!(!dir.path().join("outside.txt").exists());
    }

    #[test]
    fn writes_changes_only_and_removes_only_its_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("mine.txt"), "user file").unwrap();
        let a = vec![
            OutputFile::new("a/index.html", "A"),
            OutputFile::new("b.html", "B"),
        ];
        let r = write(out, &a).unwrap();
        assert_eq!((r.written, r.unchanged), (2, 0));
        let r = write(out, &a).unwrap();
        assert_eq!((r.written, r.unchanged), (0, 2));
        let r = write(out, &[OutputFile::new("b.html", "B2")]).unwrap();
        assert_eq!((r.written, r.removed), (1, 1));
        assert!(!out.join("a").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("mine.txt")).unwrap(),
            "user file"
        );
        assert!(write(out, &[OutputFile::new("../x", "")]).is_err());
    }

    /// A rebuild that changes nothing leaves the folder alone: a server or a sync tool
    /// watching it sees no new folder and no rewritten file; one change publishes a new
    /// folder as a whole.
    #[cfg(unix)]
    #[test]
    fn a_rebuild_that_changes_nothing_leaves_the_folder_as_it_is() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let ino = |p: &Path| std::fs::symlink_metadata(p).unwrap().ino();
        let files = [
            OutputFile::new("index.html", "home"),
            OutputFile::new("articles/a/index.html", "A"),
        ];
        write(&out, &files).unwrap();
        let (folder, page) = (ino(&out), ino(&out.join("articles/a/index.html")));
        let r = write(&out, &files).unwrap();
        assert_eq!((r.written, r.unchanged, r.removed), (0, 2, 0));
        assert_eq!(r.bytes, 5);
        assert!(r.changed.is_empty());
        assert_eq!(ino(&out), folder, "the same folder");
        assert_eq!(ino(&out.join("articles/a/index.html")), page);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "nothing made beside it");

        let changed = [
            files[0].clone(),
            OutputFile::new("articles/a/index.html", "A2"),
        ];
        let r = write(&out, &changed).unwrap();
        assert_eq!((r.written, r.unchanged), (1, 1));
        assert_eq!(r.changed, ["articles/a/index.html"]);
        assert_ne!(ino(&out), folder, "a new folder, swapped in");
        assert_eq!(
            std::fs::read_to_string(out.join("articles/a/index.html")).unwrap(),
            "A2"
        );
        // A file fewer is a change too, though every file left is the same.
        let r = write(&out, &changed[..1]).unwrap();
        assert_eq!((r.written, r.unchanged, r.removed), (0, 1, 1));
        assert!(!out.join("articles").exists());
        let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert_eq!(manifest, "index.html\n");
    }

    #[test]
    fn an_interrupted_build_leaves_files_the_next_build_owns_and_abort_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = [
            OutputFile::new("index.html", "home"),
            OutputFile::new("articles/a/index.html", "A"),
        ];
        let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        // A build stopped half way (say by Ctrl-C): some files written, never finished.
        let w = Writer::open(&out).unwrap();
        w.begin(&paths).unwrap();
        w.put(files[1].clone()).unwrap();
        drop(w);
        assert!(out.join("articles/a/index.html").is_file());
        // The next build does not mistake them for the user's files.
        let r = write(
            &out,
            &[
                files[0].clone(),
                OutputFile::new("articles/a/index.html", "A2"),
            ],
        )
        .unwrap();
        assert_eq!(r.written, 2);

        // An aborted first build leaves the folder as it found it.
        let fresh = dir.path().join("fresh");
        let w = Writer::open(&fresh).unwrap();
        w.begin(&paths).unwrap();
        for f in &files {
            w.put(f.clone()).unwrap();
        }
        w.abort();
        assert_eq!(std::fs::read_dir(&fresh).unwrap().count(), 0);
    }

    #[test]
    fn a_tampered_manifest_never_removes_anything_outside_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let outside = dir.path().join("precious.txt");
        std::fs::write(&outside, "keep").unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(elsewhere.join("d")).unwrap();
        std::fs::write(elsewhere.join("d/f.txt"), "keep").unwrap();
        write(&out, &[OutputFile::new("a.html", "A")]).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&elsewhere, out.join("link")).unwrap();
        let manifest = format!(
            "a.html\n../precious.txt\n{}\n/{}\nlink/d/f.txt\nlink\n..\\precious.txt\n./../precious.txt\n\n",
            outside.display(),
            outside.display()
        );
        std::fs::write(out.join(MANIFEST), manifest).unwrap();
        let r = write(&out, &[OutputFile::new("b.html", "B")]).unwrap();
        assert_eq!(r.removed, 1, "only a.html");
        assert!(!out.join("a.html").exists());
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep");
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("d/f.txt")).unwrap(),
            "keep"
        );
        #[cfg(unix)]
        assert!(out.join("link").exists(), "the user's link stays");
        let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert_eq!(manifest, "b.html\n");
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_link_out_of_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("articles")).unwrap();
        let err = write(
            &out,
            &[
                OutputFile::new("index.html", "I"),
                OutputFile::new("articles/x/index.html", "X"),
            ],
        )
        .unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
        assert!(!out.join("index.html").exists(), "nothing written");
        assert!(
            !out.join(".index.html.gazette-tmp").exists(),
            "no temp left"
        );
    }

    /// Written in place (as where the folder cannot be swapped), a link at a temporary name
    /// is replaced, never written through.
    #[cfg(unix)]
    #[test]
    fn in_place_a_link_at_a_temporary_name_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let put = |files: &[OutputFile]| {
            let w = Writer::open(&out).unwrap();
            let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
            w.begin(&paths).unwrap();
            for f in files {
                w.put(f.clone()).unwrap();
            }
            w.finish().unwrap()
        };
        put(&[OutputFile::new("a/index.html", "A1")]);
        std::os::unix::fs::symlink(&victim, out.join("a/.index.html.gazette-tmp")).unwrap();
        std::os::unix::fs::symlink(&victim, out.join("..gazette-manifest.gazette-tmp")).unwrap();
        let w = Writer::open(&out).unwrap();
        // The stale names are cleared when the writer opens; planted again, they are
        // cleared when a temporary file is made.
        std::os::unix::fs::symlink(&victim, out.join("a/.index.html.gazette-tmp")).unwrap();
        std::os::unix::fs::symlink(&victim, out.join("..gazette-manifest.gazette-tmp")).unwrap();
        let files = [
            OutputFile::new("a/index.html", "A2"),
            OutputFile::new("b.html", "B"),
        ];
        let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        w.begin(&paths).unwrap();
        for f in &files {
            w.put(f.clone()).unwrap();
        }
        w.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "A2"
        );
        assert!(!out.join("a/.index.html.gazette-tmp").exists());
    }

    #[test]
    fn a_failure_while_staging_leaves_the_previous_output_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        write(
            out,
            &[
                OutputFile::new("a.html", "A1"),
                OutputFile::new("old.html", "O"),
            ],
        )
        .unwrap();
        // The user's file stands where a folder must go.
        std::fs::write(out.join("new"), "user file").unwrap();
        let err = write(
            out,
            &[
                OutputFile::new("a.html", "A2"),
                OutputFile::new("fresh/deep/x.html", "X"),
                OutputFile::new("new/index.html", "N"),
            ],
        );
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "A1");
        assert_eq!(std::fs::read_to_string(out.join("old.html")).unwrap(), "O");
        assert_eq!(
            std::fs::read_to_string(out.join("new")).unwrap(),
            "user file"
        );
        assert!(
            !out.join("fresh").exists(),
            "folders made for the build are removed"
        );
        let mut names: Vec<String> = std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        assert_eq!(names, [MANIFEST, "a.html", "new", "old.html"]);
    }
}
