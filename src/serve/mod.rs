//! The dev server and watcher behind `gazette serve` and `gazette watch`.
//!
//! Both build once, then watch `seeds/`, `content/`, `templates/` and `gazette.toml`
//! (`watcher`) and on every (debounced) change rebuild incrementally (`rebuild`), writing
//! only the files whose bytes changed. `serve` also serves the output folder (`http`) and
//! tells open tabs to reload (`live`); a build error goes to the terminal and, as an
//! overlay, to the tabs, while the last good site stays on disk and keeps being served.

pub mod http;
pub mod live;
pub mod rebuild;
pub mod watcher;

pub use live::{Live, Problem, pages_changed};
pub use rebuild::{Outcome, Rebuilder};
pub use watcher::DEBOUNCE;

use crate::build::{BuildOptions, check_output_dir};
use crate::diag::shown_path;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Why `serve` or `watch` could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{}: not a folder", shown_path(.0))]
    NotAFolder(PathBuf),
    /// The output folder chosen would overwrite the site's inputs (a usage error).
    #[error(transparent)]
    OutputFolder(#[from] crate::build::OutputFolderError),
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
    #[error("{}: {source}", shown_path(.path))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot listen on {}:{port}: {source}", crate::diag::shown(.bind))]
    Listen {
        bind: String,
        port: u16,
        source: std::io::Error,
    },
    #[error("cannot watch {}: {source}", shown_path(.path))]
    Watch {
        path: PathBuf,
        source: notify_debouncer_full::notify::Error,
    },
    #[error("cannot start a thread: {0}")]
    Thread(std::io::Error),
}

impl ServeError {
    /// The command line was wrong (exit status 2), rather than the site or the machine.
    pub fn is_usage(&self) -> bool {
        matches!(self, ServeError::OutputFolder(_))
    }

    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ServeError + '_ {
        move |source| ServeError::Io {
            path: path.to_path_buf(),
            source,
        }
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
    listening: Vec<http::Listening>,
    watch_loop: Option<watcher::WatchLoop>,
}

impl Running {
    /// `http://127.0.0.1:PORT/` (or the address asked for).
    pub fn url(&self) -> Option<String> {
        self.addrs
            .first()
            .map(|a| format!("http://{}/", http::reachable(*a)))
    }

    /// Every address the site can be reached at, the main one first: each address bound,
    /// and `localhost` only when both loopback addresses it may resolve to are served.
    pub fn urls(&self) -> Vec<String> {
        let mut urls: Vec<String> = self.url().into_iter().collect();
        let standard_loopback = |a: &SocketAddr| {
            a.ip() == std::net::Ipv4Addr::LOCALHOST || a.ip() == std::net::Ipv6Addr::LOCALHOST
        };
        if !self.addrs.is_empty() && self.addrs.iter().all(standard_loopback) {
            urls.push(format!("http://localhost:{}/", self.addrs[0].port()));
        }
        urls.extend(self.addrs.iter().skip(1).map(|a| format!("http://{a}/")));
        urls
    }

    /// Stops watching and serving; a rebuild under way finishes first.
    pub fn stop(mut self) {
        if let Some(w) = self.watch_loop.take() {
            w.stop();
        }
        self.live.close();
        for l in self.listening.drain(..) {
            l.stop();
        }
    }
}

/// Builds once, then serves (if asked) and watches in background threads.
pub fn start(cfg: &ServeConfig) -> Result<Running, ServeError> {
    if !cfg.root.is_dir() {
        return Err(ServeError::NotAFolder(cfg.root.clone()));
    }
    check_output_dir(&cfg.root, &cfg.output)?;
    std::fs::create_dir_all(&cfg.output).map_err(ServeError::io(&cfg.output))?;
    let root = cfg.root.canonicalize().map_err(ServeError::io(&cfg.root))?;
    let out = cfg
        .output
        .canonicalize()
        .map_err(ServeError::io(&cfg.output))?;
    let live = Arc::new(Live::default());
    // Listen first: a port in use fails at once, before any work.
    let bound = if cfg.serve {
        Some(
            http::bind(&cfg.bind, cfg.port).map_err(|source| ServeError::Listen {
                bind: cfg.bind.clone(),
                port: cfg.port,
                source,
            })?,
        )
    } else {
        None
    };
    // Watch before the first build, so that nothing saved during it is missed.
    let watching = watcher::watch(&root, &out, cfg.debounce)?;

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
        listening: Vec::new(),
        watch_loop: None,
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
            running
                .listening
                .push(http::spawn(l, &server).map_err(ServeError::Thread)?);
        }
        running.warning = warning;
    }
    running.watch_loop = Some(
        watching
            .spawn(rebuilder, live, cfg.verbose)
            .map_err(ServeError::Thread)?,
    );
    Ok(running)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_errors_name_what_failed() {
        let io = || std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let cases = [
            (
                ServeError::NotAFolder("site\x1b[2J".into()),
                "site\\u{1b}[2J: not a folder",
            ),
            (
                ServeError::OutputFolder(crate::build::OutputFolderError::InsideInput {
                    output: "x".into(),
                    input: "seeds",
                }),
                "the output folder x lies inside seeds/; choose another --output",
            ),
            (
                ServeError::Io {
                    path: "out".into(),
                    source: io(),
                },
                "out: permission denied",
            ),
            (
                ServeError::Listen {
                    bind: "127.0.0.1".into(),
                    port: 80,
                    source: io(),
                },
                "cannot listen on 127.0.0.1:80: permission denied",
            ),
            (
                ServeError::Watch {
                    path: "seeds".into(),
                    source: notify_debouncer_full::notify::Error::generic("gone"),
                },
                "cannot watch seeds: gone",
            ),
            (
                ServeError::Thread(io()),
                "cannot start a thread: permission denied",
            ),
        ];
        for (error, message) in cases {
            assert_eq!(error.to_string(), message);
            assert_eq!(
                error.is_usage(),
                matches!(error, ServeError::OutputFolder(_))
            );
        }
    }
}
