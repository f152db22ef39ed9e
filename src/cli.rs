//! The command line: `gazette build | serve | watch | check | inspect | init`.
//! Exit status: 0 success, 1 build failed, 2 usage error.

use crate::build::{BuildOptions, PublishFailure, Published, build, check_output_dir, prepare};
use crate::diag::{Level, shown, shown_path};
use std::path::{Path, PathBuf};
use std::time::Instant;

const USAGE: &str = "gazette — a static site generator for news archives

usage:
  gazette build   [--root DIR] [--output DIR] [--base-url URL] [--drafts] [--strict]
  gazette serve   [--root DIR] [--output DIR] [--port 1111] [--bind 127.0.0.1] [--open] [--drafts]
  gazette watch   [--root DIR] [--output DIR] [--base-url URL] [--drafts]
  gazette check   [--root DIR] [--base-url URL] [--drafts]
  gazette inspect FILE
  gazette init    DIR

--root is the site folder (default: the current folder); --output defaults to ROOT/public.
build, serve, watch and check refuse a seeds/, content/, templates/ or gazette.toml that is
a symbolic link leading out of the site folder unless --follow-links is given.";

/// Parsed options shared by the commands.
#[derive(Debug, Clone)]
pub struct Options {
    pub command: String,
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strict: bool,
    /// Accept top-level inputs that are links out of the site folder.
    pub follow_links: bool,
    pub port: u16,
    pub bind: String,
    pub open: bool,
    pub file: Option<PathBuf>,
}

impl Options {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
    pub fn build_options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            follow_links: self.follow_links,
        }
    }
}

pub fn main() -> i32 {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    match parse(args) {
        Ok(opts) => run(&opts),
        Err(msg) => {
            eprintln!("error: {msg}\n\n{USAGE}");
            2
        }
    }
}

pub fn parse(args: Vec<std::ffi::OsString>) -> Result<Options, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut o = Options {
        command: String::new(),
        root: PathBuf::from("."),
        output: None,
        base_url: None,
        drafts: false,
        strict: false,
        follow_links: false,
        port: 1111,
        bind: "127.0.0.1".into(),
        open: false,
        file: None,
    };
    let err = |e: lexopt::Error| e.to_string();
    while let Some(arg) = p.next().map_err(err)? {
        match arg {
            Long("root") | Short('r') => o.root = p.value().map_err(err)?.into(),
            Long("output") | Short('o') => o.output = Some(p.value().map_err(err)?.into()),
            Long("base-url") | Short('u') => {
                o.base_url = Some(p.value().map_err(err)?.string().map_err(err)?)
            }
            Long("drafts") => o.drafts = true,
            Long("strict") => o.strict = true,
            Long("follow-links") => o.follow_links = true,
            Long("port") | Short('p') => {
                o.port = p.value().map_err(err)?.parse().map_err(err)?;
            }
            Long("bind") => o.bind = p.value().map_err(err)?.string().map_err(err)?,
            Long("open") => o.open = true,
            Long("help") | Short('h') => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            Long("version") | Short('V') => {
                println!("gazette {}", env!("CARGO_PKG_VERSION"));
                std::process::exit(0);
            }
            Value(v) if o.command.is_empty() => o.command = v.string().map_err(err)?,
            Value(v) if o.file.is_none() && matches!(o.command.as_str(), "inspect" | "init") => {
                o.file = Some(v.into())
            }
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    match o.command.as_str() {
        "build" | "serve" | "watch" | "check" => Ok(o),
        "inspect" | "init" if o.file.is_some() => Ok(o),
        "inspect" => Err("inspect needs a FILE".into()),
        "init" => Err("init needs a DIR".into()),
        "" => Err("no command given".into()),
        other => Err(format!("unknown command `{other}`")),
    }
}

pub fn run(o: &Options) -> i32 {
    match o.command.as_str() {
        "build" => cmd_build(o),
        "check" => cmd_check(o),
        "serve" => crate::serve::serve(o),
        "watch" => crate::serve::watch(o),
        "inspect" => cmd_inspect(o.file.as_deref().expect("parsed")),
        "init" => cmd_init(o.file.as_deref().expect("parsed")),
        _ => 2,
    }
}

/// Prints the diagnostics that matter: errors always, warnings up to a limit.
pub fn print_diagnostics(built_diags: &crate::diag::Diagnostics) {
    const MAX_WARNINGS: usize = 20;
    let warnings = built_diags
        .items
        .iter()
        .filter(|d| d.level == Level::Warning)
        .count();
    let mut shown = 0;
    for d in &built_diags.items {
        if d.level == Level::Warning {
            if shown >= MAX_WARNINGS {
                continue;
            }
            shown += 1;
        }
        eprintln!("{d}");
    }
    if warnings > shown {
        eprintln!(
            "… and {} more warnings (gazette check lists them all)",
            warnings - shown
        );
    }
}

/// `written` is how many files changed on disk: a rebuild rewrites only those, so it is
/// told apart from the pages and files the site has.
pub fn summary_line(published: &Published, ms: u128) -> String {
    let graph = &published.graph;
    format!(
        "built {} articles, {} people, {} topics: {} pages, {} files ({} written) in {} ms",
        graph.articles.len(),
        graph.people.len(),
        graph.topics.len(),
        published.rendered.pages(),
        published.rendered.paths.len(),
        published.report.written,
        ms
    )
}

fn cmd_build(o: &Options) -> i32 {
    let start = Instant::now();
    let out = o.output_dir();
    if let Err(e) = check_output_dir(&o.root, &out) {
        eprintln!("error: {}", shown(&e));
        return 2;
    }
    let prepared = match prepare(&o.build_options()) {
        Ok(p) => p,
        Err(f) => {
            print_diagnostics(&f.diags);
            eprintln!("error: {}", shown(&f.message));
            return 1;
        }
    };
    let published = match prepared.publish(&out) {
        Ok(p) => p,
        Err(PublishFailure::Build(f)) => {
            print_diagnostics(&f.diags);
            eprintln!("error: {}", shown(&f.message));
            return 1;
        }
        Err(PublishFailure::Write(e)) => {
            eprintln!("error: writing {}: {}", shown_path(&out), shown(&e));
            return 1;
        }
        Err(PublishFailure::Cancelled) => unreachable!("a build is never superseded"),
    };
    print_diagnostics(&published.diags);
    println!("{}", summary_line(&published, start.elapsed().as_millis()));
    let failed = o.strict && !published.diags.items.is_empty();
    // The process ends here: freeing the site graph piece by piece (hundreds of thousands
    // of allocations at archive scale) would only delay the exit.
    std::mem::forget(published);
    i32::from(failed)
}

fn cmd_check(o: &Options) -> i32 {
    let built = match build(&o.build_options()) {
        Ok(b) => b,
        Err(f) => {
            print_diagnostics(&f.diags);
            eprintln!("error: {}", shown(&f.message));
            return 1;
        }
    };
    for d in &built.diags.items {
        eprintln!("{d}");
    }
    let mut broken = crate::render::links::broken_links(
        &built.files,
        &o.base_url
            .clone()
            .unwrap_or_else(|| built.graph.config.base_url.clone()),
    );
    broken.sort();
    for b in &broken {
        eprintln!("error: {}", shown(b));
    }
    let duplicates = crate::render::links::duplicates(&built.graph, &built.files);
    for d in &duplicates {
        eprintln!("error: {}", shown(d));
    }
    let base_url = o
        .base_url
        .as_deref()
        .unwrap_or(&built.graph.config.base_url);
    if !base_url.contains("://") {
        eprintln!(
            "warning: gazette.toml: base_url {base_url:?} is not an absolute URL: feeds, the sitemap and canonical links need the site's address (or build with --base-url)"
        );
    }
    let mut bad = !broken.is_empty() || !duplicates.is_empty() || built.diags.has_errors();
    // Guessed headlines are already among the build's warnings ("no headline found").
    for a in &built.graph.articles {
        if a.article.date.is_none() {
            eprintln!("warning: {}: no publication date", shown(&a.article.source));
        }
    }
    if o.strict && !built.diags.items.is_empty() {
        bad = true;
    }
    println!(
        "checked {} articles, {} pages: {} broken links, {} duplicate slugs",
        built.graph.articles.len(),
        built.files.len(),
        broken.len(),
        duplicates.len()
    );
    if bad { 1 } else { 0 }
}

/// The article record of one file, as JSON: what the reader and recognizer make of it.
fn cmd_inspect(file: &Path) -> i32 {
    let mut diags = crate::diag::Diagnostics::default();
    let rel = file.to_string_lossy().to_string();
    let Some(text) = crate::load::read_text(file, &rel, &mut diags) else {
        for d in &diags.items {
            eprintln!("{d}");
        }
        return 1;
    };
    let kind = if rel.ends_with(".md") {
        crate::load::SourceKind::MarkdownArticle
    } else {
        crate::load::SourceKind::RawArticle
    };
    let sidecar_path = file.with_extension("toml");
    let sidecar = (kind == crate::load::SourceKind::RawArticle)
        .then(|| {
            let text = crate::load::read_input(&sidecar_path).ok()?;
            let text = String::from_utf8(text).ok()?;
            Some((sidecar_path.to_string_lossy().to_string(), text))
        })
        .flatten();
    let source = crate::load::SourceFile {
        rel: rel.clone(),
        kind,
        text,
        sidecar,
    };
    let article = match crate::read::read_file(&source, false, &mut diags) {
        crate::read::Read::Article(a) => *a,
        _ => {
            for d in &diags.items {
                eprintln!("{d}");
            }
            eprintln!("error: {}: no article could be read", shown(&rel));
            return 1;
        }
    };
    let read = crate::read::ReadOutput {
        articles: vec![article],
        ..Default::default()
    };
    let config = crate::load::Config::default();
    let findings = crate::recognize::recognize(&read, &config)
        .pop()
        .unwrap_or_default();
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
    for d in &diags.items {
        eprintln!("{d}");
    }
    println!("{}", serde_json::to_string_pretty(&record).expect("json"));
    0
}

fn cmd_init(dir: &Path) -> i32 {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        eprintln!("error: {} exists and is not empty", shown_path(dir));
        return 1;
    }
    let files: &[(&str, &str)] = &[
        ("gazette.toml", include_str!("../data/init/gazette.toml")),
        (
            "seeds/example.txt",
            include_str!("../data/init/example.txt"),
        ),
        ("content/index.md", include_str!("../data/init/index.md")),
        ("content/about.md", include_str!("../data/init/about.md")),
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
