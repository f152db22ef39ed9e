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
use tera::Context;
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

    let per_page = graph.config.paginate.max(1);
    let list_pages = graph.articles.len().div_ceil(per_page).max(1);
    let mut jobs: Vec<Job> = vec![
        Job::Home,
        Job::PeopleIndex,
        Job::TopicsIndex,
        Job::Search,
        Job::NotFound,
    ];
    jobs.extend((0..graph.articles.len()).map(Job::Article));
    jobs.extend((0..list_pages).map(Job::ArticleList));
    jobs.extend((0..graph.people.len()).map(Job::Person));
    jobs.extend((0..graph.topics.len()).map(Job::Topic));
    jobs.extend((0..graph.pages.len()).map(Job::Page));

    // Each page's context is made where it is rendered, so only the pages in flight hold
    // their views in memory, and the views are made in parallel too.
    let mut files: Vec<OutputFile> = jobs
        .par_iter()
        .map(|job| {
            let (path, template, ctx) = job.context(graph, &views, &site, list_pages);
            tera.render(template, &ctx)
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

/// One HTML page to render.
#[derive(Clone, Copy)]
enum Job {
    Home,
    Article(usize),
    /// Page `n` (from 0) of the list of all articles.
    ArticleList(usize),
    Person(usize),
    PeopleIndex,
    Topic(usize),
    TopicsIndex,
    Page(usize),
    Search,
    NotFound,
}

impl Job {
    /// The output path, the template and the context of the page.
    fn context(
        self,
        graph: &SiteGraph,
        views: &Views,
        site: &views::SiteView,
        list_pages: usize,
    ) -> (String, &'static str, Context) {
        let base = |page: views::PageMeta| {
            let mut c = Context::new();
            c.insert("site", site);
            c.insert("page", &page);
            c
        };
        match self {
            Job::Home => {
                let mut c = base(views.meta("", &graph.config.title, &graph.config.description));
                c.insert(
                    "intro_html",
                    &graph
                        .home
                        .as_ref()
                        .map(|h| h.html.as_str())
                        .unwrap_or_default(),
                );
                c.insert("latest", &views.cards(0..graph.articles.len().min(12)));
                c.insert("top_people", &views.person_counts(12));
                c.insert("top_topics", &views.topic_counts(12));
                c.insert("years_svg", &views.years_svg());
                c.insert("article_count", &graph.articles.len());
                ("index.html".into(), "index.html", c)
            }
            Job::Article(i) => {
                let a = views.article(i);
                let mut c = base(a.meta.clone());
                c.insert("article", &a);
                (
                    format!("{}index.html", graph.articles[i].path()),
                    "article.html",
                    c,
                )
            }
            Job::ArticleList(p) => {
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
                let per_page = graph.config.paginate.max(1);
                let start = p * per_page;
                c.insert(
                    "articles",
                    &views.cards(start..(start + per_page).min(graph.articles.len())),
                );
                c.insert("pager", &views.pager("articles/", p + 1, list_pages));
                (format!("{rel}index.html"), "articles.html", c)
            }
            Job::Person(i) => {
                let p = views.person(i);
                let mut c = base(p.meta.clone());
                c.insert("person", &p);
                (
                    format!("{}index.html", graph.people[i].path()),
                    "person.html",
                    c,
                )
            }
            Job::PeopleIndex => {
                let mut c = base(views.meta("people/", "People", "Everyone named in the archive."));
                c.insert("by_count", &views.person_counts(usize::MAX));
                c.insert("by_name", &views.people_by_name());
                c.insert("network_svg", &views.network_svg());
                ("people/index.html".into(), "people.html", c)
            }
            Job::Topic(i) => {
                let t = views.topic(i);
                let mut c = base(t.meta.clone());
                c.insert("topic", &t);
                (
                    format!("{}index.html", graph.topics[i].path()),
                    "topic.html",
                    c,
                )
            }
            Job::TopicsIndex => {
                let mut c = base(views.meta("topics/", "Topics", "What the archive is about."));
                c.insert("by_count", &views.topic_counts(usize::MAX));
                c.insert("by_name", &views.topics_by_name());
                ("topics/index.html".into(), "topics.html", c)
            }
            Job::Page(i) => {
                let page = &graph.pages[i];
                let mut c = base(views.meta(
                    &page.path,
                    &page.title,
                    page.description.as_deref().unwrap_or(""),
                ));
                c.insert("content_html", &page.html);
                c.insert("title", &page.title);
                (format!("{}index.html", page.path), "page.html", c)
            }
            Job::Search => (
                "search/index.html".into(),
                "search.html",
                base(views.meta("search/", "Search", "Search the archive.")),
            ),
            Job::NotFound => (
                "404.html".into(),
                "404.html",
                base(views.meta("404.html", "Page not found", "This page does not exist.")),
            ),
        }
    }
}
