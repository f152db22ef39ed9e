//! The live-reload channel: what open tabs are told (the generation of the site on disk,
//! the pages each build changed, pages that moved, and the problems for the overlay), and
//! a way to wait for the next change (`http` streams it as Server-Sent Events).

use crate::build::BuildError;
use crate::diag::{Diagnostic, shown_path};
use crate::write::WriteError;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// A problem shown in the browser's overlay: file, line and message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    pub(super) fn from_diag(d: &Diagnostic) -> Self {
        Problem {
            file: d.file.clone(),
            line: d.line,
            message: d.message.clone(),
        }
    }

    /// Why a build failed, at the file and line its variant names: `gazette.toml` and
    /// its line, the template and its line, the output file that could not be written.
    pub fn from_error(e: &BuildError) -> Self {
        use crate::load::{ConfigError, SiteError};
        let (file, line) = match e {
            BuildError::Config(ConfigError::Invalid { line, .. }) => {
                (crate::load::CONFIG.to_string(), *line)
            }
            BuildError::Config(_) => (crate::load::CONFIG.to_string(), None),
            BuildError::Template(t) => (
                t.template.clone().unwrap_or_else(|| "templates/".into()),
                t.line,
            ),
            BuildError::Site(SiteError::NotAFolder(p)) => (shown_path(p), None),
            BuildError::Site(SiteError::LinkOutOfSite { name, .. }) => (name.to_string(), None),
            BuildError::Write {
                source: WriteError::Io { path, .. },
                ..
            } => (shown_path(path), None),
            BuildError::Write { out, .. } => (shown_path(out), None),
            BuildError::Input { file, .. } => (file.clone(), None),
            BuildError::OutputFolder(_) | BuildError::Cancelled => ("build".to_string(), None),
        };
        Problem {
            file,
            line,
            message: e.to_string(),
        }
    }
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
    pub(super) fn publish(
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

    pub(super) fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
    }

    /// Waits until the state differs from `seen` (or `timeout` passes), then returns its
    /// version, its JSON for the tabs, and whether the server is closing.
    pub(super) fn wait_change(&self, seen: Option<u64>, timeout: Duration) -> (u64, String, bool) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_name_the_file_and_line_each_error_points_at() {
        let config = crate::load::parse_config("title = \"X\"\n\ntitle = 3\n").unwrap_err();
        let p = Problem::from_error(&config.into());
        assert_eq!((p.file.as_str(), p.line), ("gazette.toml", Some(3)));
        assert!(p.message.starts_with("gazette.toml:3:"), "{}", p.message);

        let urls = crate::render::urls::Urls::new("/");
        let broken = [(
            "article.html".to_string(),
            "{% extends \"base.html\" %}\n\n{% block content %}{{ x }\n".to_string(),
        )];
        let template = crate::render::theme::load(&broken, &urls).unwrap_err();
        let p = Problem::from_error(&template.into());
        assert_eq!(
            (p.file.as_str(), p.line),
            ("templates/article.html", Some(3))
        );

        let write = BuildError::Write {
            out: "public".into(),
            source: WriteError::Io {
                path: "public/a/index.html".into(),
                source: std::io::Error::other("disk full"),
            },
        };
        let p = Problem::from_error(&write);
        assert_eq!((p.file.as_str(), p.line), ("public/a/index.html", None));
        assert_eq!(p.message, "writing public: public/a/index.html: disk full");
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
