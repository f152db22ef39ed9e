//! Stage 6, write: put the rendered files into the output folder. Only files whose bytes
//! changed are written (each through a temporary file and a rename, so a reader never sees
//! half a file), and only files Gazette wrote before (listed in its manifest) are removed.

use crate::render::OutputFile;
use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::Path;

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
/// are removed; any other file in `out` (the user's own) is left alone.
pub fn write(out: &Path, files: &[OutputFile]) -> std::io::Result<WriteReport> {
    std::fs::create_dir_all(out)?;
    let mut report = WriteReport::default();
    let previous: BTreeSet<String> = std::fs::read_to_string(out.join(MANIFEST))
        .map(|t| t.lines().map(str::to_string).collect())
        .unwrap_or_default();
    let mut dirs_made: HashSet<std::path::PathBuf> = HashSet::new();
    for f in files {
        let safe = f
            .path
            .split('/')
            .all(|c| !c.is_empty() && c != ".." && c != "." && !c.contains('\\'));
        if !safe {
            return Err(std::io::Error::other(format!(
                "refusing to write outside the output folder: {}",
                f.path
            )));
        }
        let path = out.join(&f.path);
        report.bytes += f.bytes.len() as u64;
        if std::fs::read(&path).is_ok_and(|old| old == f.bytes) {
            report.unchanged += 1;
            continue;
        }
        if let Some(dir) = path.parent()
            && dirs_made.insert(dir.to_path_buf())
        {
            std::fs::create_dir_all(dir)?;
        }
        write_atomic(&path, &f.bytes)?;
        report.written += 1;
    }
    let now: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for stale in previous.iter().filter(|p| !now.contains(p.as_str())) {
        let safe = stale
            .split('/')
            .all(|c| !c.is_empty() && c != ".." && c != ".");
        if safe && std::fs::remove_file(out.join(stale)).is_ok() {
            report.removed += 1;
            remove_empty_parents(out, &out.join(stale));
        }
    }
    let manifest: String = now.iter().map(|p| format!("{p}\n")).collect();
    write_atomic(&out.join(MANIFEST), manifest.as_bytes())?;
    Ok(report)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.gazette-tmp"));
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
}
