//! The command line: `gazette build | serve | watch | check | inspect | init`, one file per
//! command, parsed by clap. Exit status: 0 success, 1 build failed, 2 usage error.

pub mod build;
pub mod check;
pub mod init;
pub mod inspect;
pub mod serve;
pub mod watch;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

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
