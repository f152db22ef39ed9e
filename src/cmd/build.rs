//! `gazette build`: one build into the output folder.

use super::{AddressArgs, OutputArgs, SiteArgs, count};
use crate::build::{BuildError, Published, check_output_dir, prepare};
use crate::diag::{shown, shown_path};
use std::time::Instant;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub address: AddressArgs,
    /// Exit 1 when the build has any warning
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: &Args) -> i32 {
    let start = Instant::now();
    if let Err(e) = args.site.require_site() {
        eprintln!("error: {e}");
        return 2;
    }
    let out = args.output.dir(&args.site);
    if let Err(e) = check_output_dir(&args.site.root, &out) {
        let e = BuildError::from(e);
        eprintln!("error: {}", shown(&e.to_string()));
        return e.exit_code();
    }
    let opts = args.site.build_options(&args.address);
    // Taken first, so that a second build stops at once rather than after reading the site.
    // The lock's own message names the folder ("another gazette is writing OUT").
    let mut output = match crate::output::Output::open(&out) {
        Ok(output) => output,
        Err(e) => {
            eprintln!("error: {}", shown(&e.to_string()));
            return 1;
        }
    };
    let published = match prepare(&opts).and_then(|p| p.publish_to(&mut output, &|| false)) {
        Ok(p) => p,
        Err(f) => {
            // A site that failed to write was read and rendered: its warnings stand.
            f.diags.print_limited();
            eprintln!("error: {}", shown(&f.error.to_string()));
            return f.error.exit_code();
        }
    };
    published.diags.print_limited();
    if let Some(why) = &published.in_place {
        eprintln!(
            "warning: {}: written in place, not swapped in at once ({why}); a build killed while writing can leave old and new pages mixed",
            shown_path(&out)
        );
    }
    if let Some(w) = args.address.warning(&published.graph.config.base_url) {
        eprintln!("{w}");
    }
    if published.graph.articles.is_empty() {
        eprintln!(
            "note: no articles yet: put raw articles (text, HTML, WARC) in seeds/ or Markdown \
             articles in content/articles/"
        );
    }
    if let Err(e) = crate::build::save_addresses(&args.site.root, &published) {
        eprintln!(
            "warning: {}: not updated ({}); articles keep their addresses only while it is",
            crate::addresses::FILE,
            shown(&e.to_string())
        );
    }
    println!("{}", summary_line(&published, start.elapsed().as_millis()));
    let failed = args.strict && !published.diags.items.is_empty();
    // The process ends here: freeing the site graph piece by piece (hundreds of thousands
    // of allocations at archive scale) would only delay the exit.
    std::mem::forget(published);
    i32::from(failed)
}

/// `written` is how many files changed on disk: a rebuild rewrites only those, so it is
/// told apart from the pages and files the site has.
pub fn summary_line(published: &Published, ms: u128) -> String {
    let graph = &published.graph;
    format!(
        "built {}, {}, {}: {}, {} ({} written) in {ms} ms",
        count(graph.articles.len(), "article", "articles"),
        count(graph.people.len(), "person", "people"),
        count(graph.topics.len(), "topic", "topics"),
        count(published.rendered.pages(), "page", "pages"),
        count(published.rendered.paths.len(), "file", "files"),
        published.report.written,
    )
}
