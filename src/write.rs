//! Stage 6, write: put the rendered files into the output folder. Only files whose bytes
//! changed are written (each through a temporary file and a rename, so a reader never sees
//! half a file), and only files Gazette wrote before (listed in its manifest) are removed.

use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The list of files Gazette wrote, kept in the output folder.
pub const MANIFEST: &str = ".gazette-manifest";

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub bytes: u64,
}

/// Writes `files` into `out`. Files from an earlier build that this build no longer makes
/// are removed; any other file in `out` (the user's own) is left alone, and a build that
/// would overwrite one fails instead.
///
/// Two phases, so a failure leaves the previous site as it was: first every changed file is
/// written to a temporary file beside its place (a full disk, a folder where a file must go
/// or a link out of the output folder stops the build here, and the temporary files and
/// any folder made for them are removed); only then are they renamed into place.
pub fn write(out: &Path, files: &[OutputFile]) -> std::io::Result<WriteReport> {
    for f in files {
        if !is_safe_rel(&f.path) {
            return Err(std::io::Error::other(format!(
                "refusing to write outside the output folder: {}",
                f.path
            )));
        }
    }
    std::fs::create_dir_all(out)?;
    let real_out = out.canonicalize()?;
    let mut report = WriteReport::default();
    let previous: BTreeSet<String> = std::fs::read_to_string(out.join(MANIFEST))
        .map(|t| t.lines().map(str::to_string).collect())
        .unwrap_or_default();

    // A file Gazette did not write, standing where it must write one, is someone's work:
    // stop before anything changes rather than overwrite it.
    let theirs: Vec<&str> = files
        .par_iter()
        .filter(|f| !previous.contains(&f.path))
        .filter(|f| {
            let path = out.join(&f.path);
            std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
                && std::fs::read(&path).is_ok_and(|old| old != f.bytes)
        })
        .map(|f| f.path.as_str())
        .collect();
    if !theirs.is_empty() {
        let shown: Vec<&str> = theirs.iter().take(5).copied().collect();
        return Err(std::io::Error::other(format!(
            "{} file(s) that Gazette did not write would be overwritten ({}{}); move them out of {} or choose another --output",
            theirs.len(),
            shown.join(", "),
            if theirs.len() > shown.len() {
                ", …"
            } else {
                ""
            },
            out.display()
        )));
    }

    let mut stage = Stage::default();
    if let Err(e) = stage_all(out, &real_out, files, &mut stage, &mut report) {
        stage.undo();
        return Err(e);
    }

    // From here on files change. The manifest first lists both builds' files, so that if
    // a rename fails, the next build still knows every file that is Gazette's.
    let now: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let both: String = previous
        .iter()
        .map(String::as_str)
        .filter(|p| is_safe_rel(p))
        .chain(now.iter().copied())
        .collect::<BTreeSet<&str>>()
        .iter()
        .map(|p| format!("{p}\n"))
        .collect();
    if !stage.files.is_empty()
        && let Err(e) = write_atomic(&out.join(MANIFEST), both.as_bytes())
    {
        stage.undo();
        return Err(e);
    }
    let staged = std::mem::take(&mut stage.files);
    let failed: Vec<std::io::Error> = staged
        .par_iter()
        .filter_map(|(tmp, path)| std::fs::rename(tmp, path).err())
        .collect();
    if let Some(e) = failed.into_iter().next() {
        // Whatever was not renamed is still a temporary file: remove those.
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        return Err(e);
    }
    report.written += staged.len();

    for stale in previous.iter().filter(|p| !now.contains(p.as_str())) {
        if remove_own_file(out, &real_out, stale) {
            report.removed += 1;
        }
    }
    let manifest: String = now.iter().map(|p| format!("{p}\n")).collect();
    write_atomic(&out.join(MANIFEST), manifest.as_bytes())?;
    Ok(report)
}

/// Temporary files written so far, and the folders made for them.
#[derive(Default)]
struct Stage {
    /// (temporary file, final path).
    files: Vec<(PathBuf, PathBuf)>,
    dirs_made: Vec<PathBuf>,
}

impl Stage {
    /// Removes every temporary file and every folder made for one, deepest first.
    fn undo(&mut self) {
        for (tmp, _) in self.files.drain(..) {
            let _ = std::fs::remove_file(tmp);
        }
        self.dirs_made
            .sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in self.dirs_made.drain(..) {
            let _ = std::fs::remove_dir(d);
        }
    }
}

fn stage_all(
    out: &Path,
    real_out: &Path,
    files: &[OutputFile],
    stage: &mut Stage,
    report: &mut WriteReport,
) -> std::io::Result<()> {
    report.bytes += files.iter().map(|f| f.bytes.len() as u64).sum::<u64>();
    // Which files changed: the size first, the bytes only when the size is the same.
    let changed: Vec<&OutputFile> = files
        .par_iter()
        .filter(|f| !same_on_disk(&out.join(&f.path), &f.bytes))
        .collect();
    report.unchanged += files.len() - changed.len();

    // Folders, parents before children, one at a time (they depend on each other).
    let mut dirs: Vec<&Path> = Vec::new();
    for f in &changed {
        let path = out.join(&f.path);
        if path.is_dir() {
            return Err(std::io::Error::other(format!(
                "{}: a folder is where the file {} must go",
                path.display(),
                f.path
            )));
        }
        if let Some((dir, _)) = f.path.rsplit_once('/') {
            dirs.push(Path::new(dir));
        }
    }
    dirs.sort();
    dirs.dedup();
    let mut made: HashSet<PathBuf> = HashSet::new();
    for rel in dirs {
        let dir = out.join(rel);
        let mut missing = Vec::new();
        let mut d = dir.as_path();
        while !made.contains(d) && !d.exists() && d.starts_with(out) && d != out {
            missing.push(d.to_path_buf());
            match d.parent() {
                Some(p) => d = p,
                None => break,
            }
        }
        // Where the walk stopped is a folder that was there already: it might be a link out
        // of the output folder (folders made just now cannot be). Check it before making
        // anything inside it.
        if !made.contains(d) && d != out && !d.canonicalize()?.starts_with(real_out) {
            return Err(std::io::Error::other(format!(
                "{}: a symbolic link leads out of the output folder; refusing to write through it",
                d.display()
            )));
        }
        for m in missing.into_iter().rev() {
            std::fs::create_dir(&m)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", m.display())))?;
            made.insert(m.clone());
            stage.dirs_made.push(m);
        }
    }

    // The temporary files, in parallel: at archive scale creating files is most of the time.
    let results: Vec<(PathBuf, PathBuf, std::io::Result<()>)> = changed
        .par_iter()
        .map(|f| {
            let path = out.join(&f.path);
            let tmp = tmp_path(&path);
            let written = std::fs::File::create(&tmp)
                .and_then(|mut file| file.write_all(&f.bytes))
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())));
            (tmp, path, written)
        })
        .collect();
    let mut first_error = None;
    for (tmp, path, written) in results {
        stage.files.push((tmp, path));
        if let Err(e) = written {
            first_error.get_or_insert(e);
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Whether `path` already holds exactly `bytes`.
fn same_on_disk(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// A path from a render or a manifest that names a file inside the output folder: plain
/// names separated by `/`, no `..`, `.`, root, drive or backslash.
fn is_safe_rel(p: &str) -> bool {
    !p.is_empty()
        && p.split('/')
            .all(|c| !c.is_empty() && c != ".." && c != "." && !c.contains(['\\', ':', '\0']))
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
    path.with_file_name(format!(".{name}.gazette-tmp"))
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = tmp_path(path);
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
    }
    std::fs::rename(&tmp, path)
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
