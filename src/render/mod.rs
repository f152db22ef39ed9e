//! Stage 5, render: the site graph into every output file, in memory: HTML pages through
//! the Tera theme, plus feeds, sitemap, search index and the JSON data export.

pub mod body;
pub mod data;
pub mod feeds;
pub mod links;
pub mod search;
pub mod theme;
pub mod urls;
pub mod views;

use crate::link::SiteGraph;
use rayon::prelude::*;
use std::path::PathBuf;
use tera::{Context, Tera};
use urls::Urls;
use views::Views;

/// One file of the output, path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// What the theme is made of: the site's templates and static files.
pub struct ThemeSources<'a> {
    pub templates: &'a [(String, String)],
    pub static_files: &'a [(String, PathBuf)],
}

/// Renders the whole site. Fails on a template error (naming the template and line).
pub fn render(graph: &SiteGraph, theme_sources: &ThemeSources) -> Result<Vec<OutputFile>, String> {
    let urls = Urls::new(&graph.config.base_url);
    let tera = theme::load(theme_sources.templates, &urls)?;
    let views = Views::new(graph, &urls);
    let site = views.site();

    let mut jobs: Vec<(String, &'static str, Context)> = Vec::new();
    let base = |page: views::PageMeta| {
        let mut c = Context::new();
        c.insert("site", &site);
        c.insert("page", &page);
        c
    };

    // Home.
    let mut c = base(views.meta("", &graph.config.title, &graph.config.description));
    c.insert(
        "intro_html",
        &graph
            .home
            .as_ref()
            .map(|h| h.html.clone())
            .unwrap_or_default(),
    );
    c.insert(
        "latest",
        &views.cards(graph.articles.iter().enumerate().take(12).map(|(i, _)| i)),
    );
    c.insert("top_people", &views.person_counts(12));
    c.insert("top_topics", &views.topic_counts(12));
    c.insert("years_svg", &views.years_svg());
    c.insert("article_count", &graph.articles.len());
    jobs.push(("index.html".into(), "index.html", c));

    // Articles, one page each, and the paginated list of all.
    for i in 0..graph.articles.len() {
        let a = views.article(i);
        let mut c = base(a.meta.clone());
        c.insert("article", &a);
        jobs.push((
            format!("{}index.html", graph.articles[i].path()),
            "article.html",
            c,
        ));
    }
    let per_page = graph.config.paginate.max(1);
    let n_pages = graph.articles.len().div_ceil(per_page).max(1);
    for p in 0..n_pages {
        let rel = if p == 0 {
            "articles/".to_string()
        } else {
            format!("articles/page/{}/", p + 1)
        };
        let mut c = base(views.meta(
            &rel,
            "All articles",
            "Every article in the archive, newest first.",
        ));
        let start = p * per_page;
        c.insert(
            "articles",
            &views.cards(start..(start + per_page).min(graph.articles.len())),
        );
        c.insert("pager", &views.pager("articles/", p + 1, n_pages));
        jobs.push((format!("{rel}index.html"), "articles.html", c));
    }

    // People and topics.
    for i in 0..graph.people.len() {
        let p = views.person(i);
        let mut c = base(p.meta.clone());
        c.insert("person", &p);
        jobs.push((
            format!("{}index.html", graph.people[i].path()),
            "person.html",
            c,
        ));
    }
    let mut c = base(views.meta("people/", "People", "Everyone named in the archive."));
    c.insert("by_count", &views.person_counts(usize::MAX));
    c.insert("by_name", &views.people_by_name());
    c.insert("network_svg", &views.network_svg());
    jobs.push(("people/index.html".into(), "people.html", c));
    for i in 0..graph.topics.len() {
        let t = views.topic(i);
        let mut c = base(t.meta.clone());
        c.insert("topic", &t);
        jobs.push((
            format!("{}index.html", graph.topics[i].path()),
            "topic.html",
            c,
        ));
    }
    let mut c = base(views.meta("topics/", "Topics", "What the archive is about."));
    c.insert("by_count", &views.topic_counts(usize::MAX));
    c.insert("by_name", &views.topics_by_name());
    jobs.push(("topics/index.html".into(), "topics.html", c));

    // Markdown pages, search, 404.
    for page in &graph.pages {
        let mut c = base(views.meta(
            &page.path,
            &page.title,
            page.description.as_deref().unwrap_or(""),
        ));
        c.insert("content_html", &page.html);
        c.insert("title", &page.title);
        jobs.push((format!("{}index.html", page.path), "page.html", c));
    }
    let c = base(views.meta("search/", "Search", "Search the archive."));
    jobs.push(("search/index.html".into(), "search.html", c));
    let c = base(views.meta("404.html", "Page not found", "This page does not exist."));
    jobs.push(("404.html".into(), "404.html", c));

    let mut files: Vec<OutputFile> = jobs
        .par_iter()
        .map(|(path, template, ctx)| {
            tera.render(template, ctx)
                .map(|html| OutputFile::new(path.clone(), html))
                .map_err(|e| {
                    format!(
                        "rendering {path} with templates/{template}: {}",
                        theme::template_error(&e)
                    )
                })
        })
        .collect::<Result<_, _>>()?;

    files.extend(data::export(graph, &urls));
    files.extend(feeds::feeds(graph, &urls));
    files.extend(search::index(graph, &urls));
    files.extend(feeds::sitemap(graph, &urls, &files));
    files.push(OutputFile::new(".nojekyll", ""));
    files.push(OutputFile::new(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            urls.absolute("sitemap.xml")
        ),
    ));
    if let Some(domain) = graph.config.domain.as_deref().filter(|d| !d.is_empty()) {
        files.push(OutputFile::new("CNAME", format!("{domain}\n")));
    }
    files.push(OutputFile::new(
        "static/highlight.css",
        crate::read::markdown::highlight_css(),
    ));
    for (path, text) in theme::BUILTIN_STATIC {
        if !theme_sources
            .static_files
            .iter()
            .any(|(p, _)| format!("static/{p}") == *path)
        {
            files.push(OutputFile::new(*path, *text));
        }
    }
    for (rel, abs) in theme_sources.static_files {
        match std::fs::read(abs) {
            Ok(bytes) => files.push(OutputFile::new(format!("static/{rel}"), bytes)),
            Err(e) => return Err(format!("templates/static/{rel}: {e}")),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Checks the theme parses, without rendering anything (for `serve` error reporting).
pub fn check_templates(templates: &[(String, String)], base_url: &str) -> Result<Tera, String> {
    theme::load(templates, &Urls::new(base_url))
}
