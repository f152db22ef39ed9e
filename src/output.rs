//! The output folder as a whole: one writer at a time, and each build published in one
//! switch.
//!
//! - `Output::open` takes an exclusive lock (`flock` on `OUT/.gazette-lock`), held by a
//!   build, and by `serve` and `watch` for as long as they run: a second writer stops with
//!   "another gazette is writing OUT (pid N)" instead of mixing its files with the first's.
//! - `Output::stage` makes the next site beside the current one, in `PARENT/.OUT.gazette-new`:
//!   a copy of the current folder made of hard links (cheap, and files the user keeps in the
//!   output folder, such as `CNAME` or `.git`, come along), which the build then changes as
//!   it would the folder itself (a changed file is replaced, never written through its link).
//! - `Output::commit` swaps the two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`)
//!   and removes the old one. A kill at any moment leaves the old site or the new one, byte
//!   for byte; what a killed build leaves beside the folder is removed by the next.
//!
//! Where a swap is impossible (the output folder is a mount point, or its parent folder is
//! not writable) the build writes in place, as `write::Writer` does on its own, and
//! `in_place` says why. Where the file system cannot exchange two names (not Linux), the
//! old folder is renamed aside and the new one into place; a kill between the two renames
//! is completed by the next `Output::open`.

use crate::diag::shown_path;
use crate::write::TMP_SUFFIX;
use rayon::prelude::*;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// The lock file in the output folder, there while a gazette writes it (a build, or a
/// `serve` or `watch` session). It stays empty: the holder's pid comes from the system.
pub const LOCK: &str = ".gazette-lock";

/// Why the output folder cannot be written now.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("another gazette is writing {}{}", shown_path(.out), pid_note(*.pid))]
    Busy { out: PathBuf, pid: Option<u32> },
    #[error("{}: {source}", shown_path(.path))]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn pid_note(pid: Option<u32>) -> String {
    pid.map(|p| format!(" (pid {p})")).unwrap_or_default()
}

fn io_at(path: &Path) -> impl Fn(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The output folder, locked for this process.
pub struct Output {
    /// The folder as given.
    path: PathBuf,
    /// Where it really is (links resolved): the next site is made beside it.
    real: PathBuf,
    lock: File,
    /// This process made the folder (it is removed again if it stays empty).
    made: bool,
    /// Why the last `stage` writes in place rather than beside the folder, if it does.
    pub in_place: Option<String>,
}

/// Where one build writes: beside the output folder (`swap`) or in it.
pub struct Stage {
    dir: PathBuf,
    swap: bool,
    /// The lock of the staged folder, taken before it is swapped in.
    lock: Option<File>,
}

impl Stage {
    /// The folder the build writes into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    /// Whether the build writes into the live folder (no swap).
    pub fn in_place(&self) -> bool {
        !self.swap
    }
}

impl Output {
    /// Locks the output folder `path` (making it if need be), after completing a switch a
    /// killed build left half done.
    pub fn open(path: &Path) -> Result<Output, OutputError> {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(parent).map_err(io_at(parent))?;
        if std::fs::symlink_metadata(path).is_err()
            && let Some(name) = path.file_name()
        {
            let real_parent = parent.canonicalize().map_err(io_at(parent))?;
            complete_switch(&real_parent.join(name))?;
        }
        let made = !path.is_dir();
        std::fs::create_dir_all(path).map_err(io_at(path))?;
        let real = path.canonicalize().map_err(io_at(path))?;
        let lock = lock(&real, path)?;
        Ok(Output {
            path: path.to_path_buf(),
            real,
            lock,
            made,
            in_place: None,
        })
    }

    /// The output folder as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where the folder really is (links resolved): what a build compares its files with.
    pub fn real(&self) -> &Path {
        &self.real
    }

    /// Removes what a killed build left beside the folder (under names that are Gazette's
    /// own): a stage it was making, or the old site it was removing.
    pub fn clear_leftovers(&self) -> Result<(), OutputError> {
        for what in ["new", "old"] {
            if let Some(path) = sibling(&self.real, what) {
                remove_tree(&path).map_err(io_at(&path))?;
            }
        }
        Ok(())
    }

    /// Where the next build writes: a hard-linked copy of the folder beside it, or the
    /// folder itself when that cannot be made (see `in_place`).
    pub fn stage(&mut self) -> Result<Stage, OutputError> {
        let in_place = |why: String, this: &mut Output| {
            this.in_place = Some(why);
            Ok(Stage {
                dir: this.real.clone(),
                swap: false,
                lock: None,
            })
        };
        let (Some(staging), Some(_)) = (sibling(&self.real, "new"), sibling(&self.real, "old"))
        else {
            return in_place("the output folder has no parent folder".into(), self);
        };
        self.clear_leftovers()?;
        if !same_device(&self.real, self.real.parent().unwrap_or(&self.real)) {
            return in_place("the output folder is a mount point".into(), self);
        }
        match std::fs::create_dir(&staging) {
            Ok(()) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
                ) =>
            {
                return in_place(
                    format!("cannot make {} beside it: {e}", shown_path(&staging)),
                    self,
                );
            }
            Err(e) => return Err(io_at(&staging)(e)),
        }
        self.in_place = None;
        let made = (|| {
            if let Ok(m) = std::fs::metadata(&self.real) {
                std::fs::set_permissions(&staging, m.permissions())?;
            }
            mirror(&self.real, &staging)?;
            let lock = open_lock_file(&staging.join(LOCK))?;
            lock.try_lock().map_err(io::Error::from)?;
            Ok(lock)
        })();
        match made {
            Ok(lock) => Ok(Stage {
                dir: staging,
                swap: true,
                lock: Some(lock),
            }),
            Err(e) => {
                let _ = remove_tree(&staging);
                Err(io_at(&staging)(e))
            }
        }
    }

    /// Publishes a finished stage: the staged folder takes the output folder's place in one
    /// step, and the old one is removed.
    pub fn commit(&mut self, stage: Stage) -> Result<(), OutputError> {
        if !stage.swap {
            return Ok(());
        }
        let real = self.real.clone();
        // Where the old site is once the new one is in place.
        let old_site = match exchange(&stage.dir, &real) {
            Ok(()) => stage.dir.clone(),
            Err(e) if exchange_unsupported(&e) => {
                let old = sibling(&real, "old").expect("staged beside it");
                std::fs::rename(&real, &old).map_err(io_at(&real))?;
                std::fs::rename(&stage.dir, &real).map_err(io_at(&real))?;
                old
            }
            Err(e) => {
                let _ = remove_tree(&stage.dir);
                return Err(io_at(&real)(e));
            }
        };
        // The old folder's lock is held until the old folder is gone: a second gazette
        // that opened it just before the swap finds it still taken.
        let old_lock = std::mem::replace(&mut self.lock, stage.lock.expect("a swap has one"));
        let removed = remove_tree(&old_site).map_err(io_at(&old_site));
        drop(old_lock);
        removed
    }

    /// Gives up a stage: the output folder stays as it was.
    pub fn discard(&mut self, stage: Stage) {
        if stage.swap {
            let _ = remove_tree(&stage.dir);
        }
    }
}

impl Drop for Output {
    /// The lock file goes with the lock (a killed process leaves it, empty and unlocked,
    /// for the next to take). One that another gazette opened meanwhile is told apart by
    /// `lock`, which takes a file only while it is still the one at its path.
    fn drop(&mut self) {
        let path = self.real.join(LOCK);
        if still_at(&self.lock, &path) {
            let _ = std::fs::remove_file(path);
        }
        // A build that failed before writing anything leaves no empty output folder.
        if self.made {
            let _ = std::fs::remove_dir(&self.real);
        }
    }
}

/// `PARENT/.NAME.gazette-WHAT`, beside the folder `real`.
fn sibling(real: &Path, what: &str) -> Option<PathBuf> {
    let name = real.file_name()?;
    let parent = real.parent()?;
    let mut s = std::ffi::OsString::from(".");
    s.push(name);
    s.push(format!(".gazette-{what}"));
    Some(parent.join(s))
}

/// A killed switch without `RENAME_EXCHANGE` can leave no folder at `real`, the old site at
/// `.NAME.gazette-old` and the finished new one at `.NAME.gazette-new`: the new one is put
/// in place (it is renamed only once complete).
fn complete_switch(real: &Path) -> Result<(), OutputError> {
    let (Some(new), Some(old)) = (sibling(real, "new"), sibling(real, "old")) else {
        return Ok(());
    };
    if old.is_dir() && new.is_dir() {
        std::fs::rename(&new, real).map_err(io_at(real))?;
    }
    Ok(())
}

fn same_device(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

/// Opens (making it if need be) the lock file, never through a link: one planted at its
/// name is removed.
fn open_lock_file(path: &Path) -> io::Result<File> {
    let open = || {
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW);
        }
        options.open(path)
    };
    match open() {
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            std::fs::remove_file(path)?;
            open()
        }
        other => other,
    }
}

/// Takes the lock of the folder at `real`. The folder at that path can be swapped for
/// another between the open and the lock: the lock counts only if its file is still the
/// one at the path afterwards.
fn lock(real: &Path, shown_as: &Path) -> Result<File, OutputError> {
    let path = real.join(LOCK);
    loop {
        let file = open_lock_file(&path).map_err(io_at(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(OutputError::Busy {
                    out: shown_as.to_path_buf(),
                    pid: lock_holder(&file),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io_at(&path)(e)),
        }
        if still_at(&file, &path) {
            return Ok(file);
        }
    }
}

fn still_at(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// The process holding the lock on `file`, from `/proc/locks` (Linux): the lock file stays
/// empty, so the pid is not written in it.
fn lock_holder(file: &File) -> Option<u32> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let ino = file.metadata().ok()?.ino().to_string();
        let locks = std::fs::read_to_string("/proc/locks").ok()?;
        // "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"
        locks.lines().find_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let at = f.iter().position(|w| *w == "FLOCK")?;
            let (pid, id) = (f.get(at + 3)?, f.get(at + 4)?);
            (id.rsplit(':').next() == Some(ino.as_str())).then(|| pid.parse().ok())?
        })
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = file;
        None
    }
}

/// Makes `to` (an empty folder) a copy of `from` made of hard links: folders are made,
/// files linked (copied where a link is refused), links recreated as they are (never
/// followed). Gazette's lock and temporary files are left out.
fn mirror(from: &Path, to: &Path) -> io::Result<()> {
    let entries: Vec<std::fs::DirEntry> =
        std::fs::read_dir(from)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|e| {
        let name = e.file_name();
        if name == LOCK || name.as_encoded_bytes().ends_with(TMP_SUFFIX.as_bytes()) {
            return Ok(());
        }
        let (src, dst) = (e.path(), to.join(&name));
        let at = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", shown_path(&src)));
        let kind = e.file_type().map_err(at)?;
        if kind.is_dir() {
            std::fs::create_dir(&dst).map_err(at)?;
            mirror(&src, &dst)
        } else if kind.is_file() {
            std::fs::hard_link(&src, &dst)
                .or_else(|_| std::fs::copy(&src, &dst).map(drop))
                .map_err(at)
        } else if kind.is_symlink() {
            #[cfg(unix)]
            {
                std::os::unix::fs::symlink(std::fs::read_link(&src).map_err(at)?, &dst).map_err(at)
            }
            #[cfg(not(unix))]
            Ok(())
        } else {
            // A FIFO or socket someone made: not part of a site.
            Ok(())
        }
    })
}

/// Removes `path` and everything under it, never following a link (a link is removed
/// itself); nothing there is fine.
fn remove_tree(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(m) if !m.is_dir() => std::fs::remove_file(path),
        Ok(_) => remove_dir_contents(path).and_then(|()| std::fs::remove_dir(path)),
    }
}

fn remove_dir_contents(dir: &Path) -> io::Result<()> {
    let entries: Vec<std::fs::DirEntry> =
        std::fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            let path = e.path();
            remove_dir_contents(&path)?;
            std::fs::remove_dir(&path)
        } else {
            std::fs::remove_file(e.path())
        }
    })
}

/// Swaps the folders at `a` and `b` in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are NUL-terminated C strings that outlive the call; the system
    // call only reads them.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The file system (or system) cannot exchange two names.
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    ) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_folder_across_swaps() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut first = Output::open(&out).unwrap();
        std::fs::write(out.join("CNAME"), "example.org\n").unwrap();
        let err = Output::open(&out).err().expect("refused");
        let text = err.to_string();
        assert!(text.starts_with("another gazette is writing "), "{text}");
        #[cfg(target_os = "linux")]
        assert!(
            text.ends_with(&format!("(pid {})", std::process::id())),
            "{text}"
        );
        // A swap: the new folder's lock is held before it takes the old one's place.
        let stage = first.stage().unwrap();
        assert!(!stage.in_place());
        std::fs::write(stage.dir().join("index.html"), "new").unwrap();
        first.commit(stage).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("CNAME")).unwrap(),
            "example.org\n",
            "the user's file comes along"
        );
        assert!(Output::open(&out).is_err(), "still held after the swap");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"], "nothing left beside it");
        drop(first);
        assert!(Output::open(&out).is_ok(), "free once the first is done");
    }

    #[test]
    fn a_discarded_stage_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut output = Output::open(&out).unwrap();
        std::fs::write(out.join("a.html"), "old").unwrap();
        let stage = output.stage().unwrap();
        std::fs::remove_file(stage.dir().join("a.html")).unwrap();
        std::fs::write(stage.dir().join("a.html"), "new").unwrap();
        output.discard(stage);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
