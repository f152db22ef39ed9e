//! `gazette inspect FILE`: the article record of one file, as JSON — what the reader and the
//! recognizer make of it.

use crate::diag::{Diagnostics, shown};
use crate::read::{Read, ReadOutput};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The article: raw text (`.txt`) or a saved page (`.html`, `.html.gz`; either with its
    /// `.toml` sidecar if there is one), a web archive (`.warc`: its first page) or Markdown (`.md`)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn run(args: &Args) -> i32 {
    let mut diags = Diagnostics::default();
    let print = |diags: &Diagnostics| {
        for d in &diags.items {
            eprintln!("{d}");
        }
    };
    let Some(source) = crate::load::load_article(&args.file, &mut diags) else {
        print(&diags);
        return 1;
    };
    let article = match crate::read::read_file(&source, false, &mut diags) {
        Read::Article(a) => *a,
        // A web archive: its first page.
        Read::Articles(mut a) if !a.is_empty() => a.remove(0),
        _ => {
            print(&diags);
            eprintln!("error: {}: no article could be read", shown(&source.rel));
            return 1;
        }
    };
    let read = ReadOutput {
        articles: vec![article],
        ..Default::default()
    };
    let findings = crate::recognize::recognize(&read).pop().unwrap_or_default();
    let a = &read.articles[0];
    let record = serde_json::json!({
        "source": a.source,
        "title": a.title,
        "title_guessed": a.title_guessed,
        "date": a.date.map(|d| d.to_string()),
        "outlet": a.outlet,
        "contributors": a.contributors,
        "persons": findings.persons,
        "topics": findings.topics,
        "words": a.words(),
        "draft": a.draft,
        "blocks": a.blocks,
    });
    print(&diags);
    let json = serde_json::to_string_pretty(&record).expect("json");
    match writeln!(std::io::stdout().lock(), "{json}") {
        Ok(()) => 0,
        // The reader stopped early (`gazette inspect FILE | head`): it has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: writing the record: {e}");
            1
        }
    }
}
