//! `gazette inspect FILE`: the article record of one file, as JSON — what the reader and the
//! recognizer make of it.

use crate::diag::{Diagnostics, shown};
use crate::load::SourceKind;
use crate::read::sidecar::PageKey;
use crate::read::warc::ArchivePage;
use crate::read::{Read, ReadOutput};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The article: raw text (`.txt`) or a saved page (`.html`, `.html.gz`; either with its
    /// `.toml` sidecar if there is one), a page of a web archive (`crawl.warc#3` for its
    /// third HTML page, `crawl.warc#https://…` for the page of that address, `crawl.warc`
    /// for its first) or Markdown (`.md`)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `crawl.warc#3` → (`crawl.warc`, page 3): a web archive and the page asked for, when the
/// path is not a file of that name.
fn archive_page(path: &Path) -> Option<(PathBuf, String)> {
    if path.exists() {
        return None;
    }
    let text = path.to_str()?;
    let lower = text.to_ascii_lowercase();
    let end = [".warc#", ".warc.gz#"]
        .iter()
        .filter_map(|ext| lower.find(ext).map(|at| at + ext.len() - 1))
        .min()?;
    Some((PathBuf::from(&text[..end]), text[end + 1..].to_string()))
}

/// Why `gazette inspect crawl.warc#KEY` prints nothing.
#[derive(Debug, thiserror::Error)]
enum PageError {
    #[error("{archive}: `#{key}` is neither a page number (#1, #2, …) nor an http(s) address")]
    BadKey { archive: String, key: String },
    #[error("{archive}: no page #{key} (it holds {pages} HTML pages)")]
    NoPage {
        archive: String,
        key: String,
        pages: usize,
    },
}

/// The page of a web archive that `key` names.
fn pick_page(
    pages: Vec<ArchivePage>,
    archive: &str,
    key: &str,
) -> Result<crate::read::Article, PageError> {
    let page_key = PageKey::parse(key).ok_or_else(|| PageError::BadKey {
        archive: archive.to_string(),
        key: key.to_string(),
    })?;
    let count = pages.iter().map(|p| p.number).max().unwrap_or(0);
    pages
        .into_iter()
        .find(|p| page_key.names(p))
        .map(|p| p.article)
        .ok_or_else(|| PageError::NoPage {
            archive: archive.to_string(),
            key: key.to_string(),
            pages: count,
        })
}

pub fn run(args: &Args) -> i32 {
    let mut diags = Diagnostics::default();
    let print = |diags: &Diagnostics| {
        for d in &diags.items {
            eprintln!("{d}");
        }
    };
    let (file, key) = match archive_page(&args.file) {
        Some((file, key)) => (file, Some(key)),
        None => (args.file.clone(), None),
    };
    let Some(source) = crate::load::load_article(&file, &mut diags) else {
        print(&diags);
        return 1;
    };
    let read = match (&key, source.kind) {
        (Some(key), SourceKind::WebArchive) => {
            let pages = crate::read::warc::read_archive(&source, &mut diags);
            match pick_page(pages, &shown(&source.rel), key) {
                Ok(article) => Read::Article(Box::new(article)),
                Err(e) => {
                    print(&diags);
                    eprintln!("error: {e}");
                    return 1;
                }
            }
        }
        _ => crate::read::read_file(&source, false, &mut diags),
    };
    let article = match read {
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
        "url": a.url,
        "captured": a.captured,
        "contributors": a.contributors,
        // What each contributor is, in the same order: the person's name as the site shows
        // it, or why the credit names no person (and so gets no person page).
        "credits": findings.credits,
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
