//! `gazette serve`: build, serve the output folder, rebuild on every change and reload the
//! browser's tabs.

use super::{OutputArgs, SiteArgs};
use crate::serve::{DEBOUNCE, ServeConfig, start};
use std::sync::mpsc::channel;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// The port to listen on (0: any free port)
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; anything but loopback lets other machines see the preview
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
}

pub fn run(args: &Args) -> i32 {
    if let Err(e) = args.site.require_site() {
        eprintln!("error: {e}");
        return 2;
    }
    let cfg = ServeConfig {
        bind: args.bind.clone(),
        port: args.port,
        serve: true,
        // Links stay on the preview server, whatever the config's address.
        base_url: Some("/".into()),
        ..watch_config(&args.site, &args.output)
    };
    run_until_stopped(&cfg, args.open)
}

/// What `watch` and `serve` share: the site, its output folder, the default debounce; no
/// server, and the config's `base_url`.
pub(super) fn watch_config(site: &SiteArgs, output: &OutputArgs) -> ServeConfig {
    ServeConfig {
        root: site.root.clone(),
        output: output.dir(site),
        bind: String::new(),
        port: 0,
        drafts: site.drafts,
        follow_links: site.follow_links,
        serve: false,
        base_url: None,
        debounce: DEBOUNCE,
        verbose: true,
    }
}

/// Starts the watcher (and the server, if `cfg.serve`), says where, and runs until Ctrl-C.
pub(super) fn run_until_stopped(cfg: &ServeConfig, open: bool) -> i32 {
    let (stop_tx, stop_rx) = channel::<()>();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    }) {
        eprintln!("warning: cannot catch Ctrl-C: {e}");
    }
    let running = match start(cfg) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return if e.is_usage() { 2 } else { 1 };
        }
    };
    if let Some(w) = &running.warning {
        eprintln!("{w}");
    }
    let urls = running.urls();
    if let Some(url) = urls.first() {
        let also = if urls.len() > 1 {
            format!(" (also {})", urls[1..].join(", "))
        } else {
            String::new()
        };
        println!(
            "serving {} at {url}{also}; watching for changes, Ctrl-C to stop",
            crate::diag::shown_path(&cfg.output)
        );
        if open {
            open_browser(url);
        }
    } else {
        println!(
            "watching {} for changes, building into {}; Ctrl-C to stop",
            cfg.root.display(),
            cfg.output.display()
        );
    }
    let _ = stop_rx.recv();
    eprintln!("stopping");
    running.stop();
    0
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = cmd {
        eprintln!("warning: could not open a browser: {e}");
    }
}
