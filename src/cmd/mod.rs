//! The command line: `gazette build | serve | watch | check | inspect | init`, one file per
//! command, parsed by clap. Exit status: 0 success, 1 build failed, 2 usage error.

pub mod build;
pub mod check;
pub mod init;
pub mod inspect;
pub mod serve;
pub mod watch;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

/// gazette — a static site generator for news archives
#[derive(Debug, Parser)]
#[command(name = "gazette", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder
    Build(build::Args),
    /// Build, serve the site on loopback, rebuild on change and reload the browser
    Serve(serve::Args),
    /// Rebuild on every change, without a server
    Watch(watch::Args),
    /// Build in memory; fail on broken internal links, missing anchors and duplicate slugs
    Check(check::Args),
    /// Print what Gazette reads out of one article, as JSON
    Inspect(inspect::Args),
    /// Make a new site folder with a sample article and config
    Init(init::Args),
}

/// The site folder, for every command that builds one.
#[derive(Debug, Clone, clap::Args)]
pub struct SiteArgs {
    /// The site folder
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Include articles and pages marked `draft`
    #[arg(long)]
    pub drafts: bool,
    /// Read seeds/, content/, templates/ or gazette.toml even where they are symbolic links
    /// leading out of the site folder (refused otherwise)
    #[arg(long)]
    pub follow_links: bool,
}

impl SiteArgs {
    /// A folder with none of a site's inputs (gazette.toml, seeds/, content/, templates/)
    /// is no site (a mistyped --root, or the wrong folder): building there would only
    /// write an empty site.
    pub fn require_site(&self) -> Result<(), NotASite> {
        if crate::load::TOP_LEVEL_INPUTS
            .iter()
            .any(|name| self.root.join(name).exists())
        {
            Ok(())
        } else {
            Err(NotASite(if self.root == Path::new(".") {
                "the current folder".into()
            } else {
                crate::diag::shown_path(&self.root)
            }))
        }
    }
}

/// A folder given as the site that holds nothing of one.
#[derive(Debug, thiserror::Error)]
#[error(
    "{} is not a site folder: it has no gazette.toml, seeds/, content/ or templates/, so there is nothing \
     to build\nhint: put raw articles (text, HTML, WARC) in seeds/ or Markdown in content/, \
     give the site folder with --root DIR, or make a new site with `gazette init DIR`",
    .0
)]
pub struct NotASite(String);

/// `n` and the word for it: "1 article", "2 articles".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The warning for a `base_url` that is not the site's address (no scheme and host, such as
/// "/"): feeds, the sitemap and robots.txt then name pages by path only, which readers and
/// search engines cannot follow. `from_option`: it came from --base-url.
pub fn base_url_warning(base_url: &str, from_option: bool) -> Option<String> {
    if base_url.contains("://") {
        return None;
    }
    let url = crate::diag::shown(base_url);
    Some(if from_option {
        format!(
            "warning: --base-url {url:?} is not the site's address: feeds, the sitemap and \
             robots.txt need it whole, as in --base-url https://USER.github.io/REPO/"
        )
    } else {
        format!(
            "warning: gazette.toml: base_url {url:?} is not the site's address, so feeds, the \
             sitemap and robots.txt name pages by path only: set base_url = \
             \"https://USER.github.io/REPO/\" (the address the site is published at) in \
             gazette.toml, or build with --base-url"
        )
    })
}

impl SiteArgs {
    /// What a build of this site needs; `address` overrides the config's `base_url`.
    pub fn build_options(&self, address: &AddressArgs) -> crate::build::BuildOptions {
        crate::build::BuildOptions {
            root: self.root.clone(),
            base_url: address.base_url.clone(),
            drafts: self.drafts,
            follow_links: self.follow_links,
        }
    }
}

/// The site's address, for the commands that build for where the site is published.
#[derive(Debug, Clone, clap::Args)]
pub struct AddressArgs {
    /// The site's address, overriding `base_url` in gazette.toml
    #[arg(short = 'u', long, value_name = "URL")]
    pub base_url: Option<String>,
}

impl AddressArgs {
    /// The warning for `base_url`, the address the site was built for (this option's, or
    /// the config's), when it is not a whole address (see `base_url_warning`).
    pub fn warning(&self, base_url: &str) -> Option<String> {
        base_url_warning(base_url, self.base_url.is_some())
    }
}

/// Where a site is written.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// The output folder [default: ROOT/public]
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

impl OutputArgs {
    pub fn dir(&self, site: &SiteArgs) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| site.root.join("public"))
    }
}

/// Parses the process's arguments and runs the command; returns the exit status.
pub fn main() -> i32 {
    match Cli::try_parse() {
        Ok(cli) => run(cli.command),
        Err(e) => {
            // `--help` and `--version` are "errors" printed to stdout, with status 0.
            let _ = e.print();
            if e.use_stderr() { 2 } else { 0 }
        }
    }
}

pub fn run(command: Command) -> i32 {
    match command {
        Command::Build(a) => build::run(&a),
        Command::Serve(a) => serve::run(&a),
        Command::Watch(a) => watch::run(&a),
        Command::Check(a) => check::run(&a),
        Command::Inspect(a) => inspect::run(&a),
        Command::Init(a) => init::run(&a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
