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
    let files: &[(&str, &str)] = &[
        ("gazette.toml", include_str!("../../data/init/gazette.toml")),
        (
            "seeds/example.txt",
            include_str!("../../data/init/example.txt"),
        ),
        ("content/index.md", include_str!("../../data/init/index.md")),
        ("content/about.md", include_str!("../../data/init/about.md")),
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
    println!(
        "created a new site in {0}; build it with: gazette build --root {0}",
        dir.display()
    );
    0
}
