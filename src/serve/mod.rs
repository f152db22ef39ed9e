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
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

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
                .push(http::spawn(l, &server).map_err(|e| e.to_string())?);
        }
        running.warning = warning;
    }
    running.watch_loop = Some(
        watching
            .spawn(rebuilder, live, cfg.verbose)
            .map_err(|e| e.to_string())?,
    );
    Ok(running)
}
