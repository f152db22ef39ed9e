//! `gazette check`: build in memory, then fail on broken internal links, missing anchors
//! and duplicate slugs; undated articles are listed as warnings.

use super::{AddressArgs, SiteArgs, count};
use crate::build::build;
use crate::diag::shown;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub address: AddressArgs,
    /// Exit 1 when the build has any warning
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: &Args) -> i32 {
    if let Err(e) = args.site.require_site() {
        eprintln!("error: {e}");
        return 2;
    }
    let built = match build(&args.site.build_options(&args.address)) {
        Ok(b) => b,
        Err(f) => {
            f.diags.print_limited();
            eprintln!("error: {}", shown(&f.error.to_string()));
            return f.error.exit_code();
        }
    };
    for d in &built.diags.items {
        eprintln!("{d}");
    }
    let base_url = args
        .address
        .base_url
        .as_deref()
        .unwrap_or(&built.graph.config.base_url);
    let mut broken = crate::render::links::broken_links(&built.files, base_url);
    broken.sort();
    for b in &broken {
        eprintln!("error: {}", shown(b));
    }
    let duplicates = crate::render::links::duplicates(&built.graph, &built.files);
    for d in &duplicates {
        eprintln!("error: {}", shown(d));
    }
    if let Some(w) = args.address.warning(base_url) {
        eprintln!("{w}");
    }
    let mut bad = !broken.is_empty() || !duplicates.is_empty() || built.diags.has_errors();
    // Guessed headlines are already among the build's warnings ("no headline found").
    for a in &built.graph.articles {
        if a.article.date.is_none() {
            eprintln!("warning: {}: no publication date", shown(&a.article.source));
        }
    }
    if args.strict && !built.diags.items.is_empty() {
        bad = true;
    }
    println!(
        "checked {}, {}: {}, {}",
        count(built.graph.articles.len(), "article", "articles"),
        count(built.files.len(), "file", "files"),
        count(broken.len(), "broken link", "broken links"),
        count(duplicates.len(), "duplicate slug", "duplicate slugs"),
    );
    i32::from(bad)
}
