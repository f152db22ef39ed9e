//! `gazette init DIR`: a new site folder with a sample article and config.

use crate::diag::shown_path;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The folder to make (it may exist if it is empty)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

pub fn run(args: &Args) -> i32 {
    let dir = &args.dir;
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        eprintln!("error: {} exists and is not empty", shown_path(dir));
        return 1;
    }
    let workflow = pages_workflow();
    let files: &[(&str, &str)] = &[
        ("gazette.toml", include_str!("../../data/init/gazette.toml")),
        (
            "seeds/example.txt",
            include_str!("../../data/init/example.txt"),
        ),
        ("content/index.md", include_str!("../../data/init/index.md")),
        ("content/about.md", include_str!("../../data/init/about.md")),
        (".github/workflows/pages.yml", &workflow),
        (".gitignore", include_str!("../../data/init/gitignore")),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            eprintln!("error: {}: {e}", shown_path(parent));
            return 1;
        }
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: {}: {e}", shown_path(&path));
            return 1;
        }
    }
    let shown = shown_path(dir);
    println!("created a new site in {shown}");
    println!("  build it:   gazette build --root {shown}");
    println!("  preview it: gazette serve --root {shown}");
    println!(
        "  publish it on GitHub Pages: push the folder to a GitHub repository and set \
         Settings → Pages → Source to \"GitHub Actions\"; .github/workflows/pages.yml then \
         builds and deploys it on every push to main"
    );
    if REPOSITORY.is_empty() {
        println!(
            "  before that, set GAZETTE_REPOSITORY at the top of .github/workflows/pages.yml \
             to the address of Gazette's repository on GitHub (the workflow installs Gazette \
             from there)"
        );
    }
    0
}

/// Gazette's repository (`repository` in its Cargo.toml), where the Pages workflow of a new
/// site installs Gazette from; empty when Cargo.toml does not name it.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The Pages workflow of a new site, installing Gazette from `REPOSITORY`; without one it
/// keeps the template's placeholder, which the workflow refuses with a message until the
/// user sets it.
fn pages_workflow() -> String {
    const TEMPLATE: &str = include_str!("../../data/init/pages.yml");
    const PLACEHOLDER: &str = "https://github.com/OWNER/gazette";
    if REPOSITORY.is_empty() {
        TEMPLATE.to_string()
    } else {
        TEMPLATE.replace(PLACEHOLDER, REPOSITORY)
    }
}
