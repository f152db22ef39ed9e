//! Stage 5, render: the site graph into every output file, in memory: HTML pages through
//! the Tera theme, plus feeds, sitemap, search index and the JSON data export.

pub mod body;
pub mod cite;
pub mod data;
pub mod feeds;
pub mod json;
pub mod links;
pub mod search;
pub mod theme;
pub mod urls;
pub mod views;

use crate::graph::SiteGraph;
use rayon::prelude::*;
use std::path::PathBuf;
use tera::Context;
use theme::TemplateError;
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

/// Where rendered files go: the output folder (`write::Writer`, for `build` and `serve`) or
/// memory (`Collected`, for `check` and tests). Pages are handed over as soon as each is
/// rendered, from several threads, so the site never has to fit in memory at once.
pub trait Sink: Sync {
    /// Called before the files it names are put, once or more: paths the render will put.
    fn begin(&self, paths: &[String]) -> Result<(), Stopped>;
    fn put(&self, file: OutputFile) -> Result<(), Stopped>;
}

/// A sink took no more files, and the render stopped. Why is for the sink's owner to say:
/// the writer keeps the error it met (`write::Writer::take_error`), and a build given up
/// for newer edits knows it was.
#[derive(Debug, thiserror::Error)]
#[error("the output took no more files")]
pub struct Stopped;

/// Why a render stopped.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Stopped(#[from] Stopped),
    /// A static file of the theme (or a picture beside an article) could not be read.
    #[error("{}: {source}", crate::diag::shown(.file))]
    Input {
        file: String,
        #[source]
        source: crate::load::InputError,
    },
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct Collected {
    files: std::sync::Mutex<Vec<OutputFile>>,
}

impl Collected {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Collected {
    fn begin(&self, _: &[String]) -> Result<(), Stopped> {
        Ok(())
    }
    fn put(&self, file: OutputFile) -> Result<(), Stopped> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
        Ok(())
    }
}

/// What a render made: every output path, sorted, and the paths two pages or files
/// claimed (the first claim kept).
#[derive(Debug, Default)]
pub struct RenderReport {
    pub paths: Vec<String>,
    pub clashes: Vec<String>,
}

impl RenderReport {
    pub fn pages(&self) -> usize {
        self.paths.iter().filter(|p| p.ends_with(".html")).count()
    }
}

/// Renders the whole site into `sink`. Fails on a template error (naming the template and
/// line); the sink may have been given some files by then.
pub fn render(
    graph: &SiteGraph,
    theme_sources: &ThemeSources,
    sink: &dyn Sink,
) -> Result<RenderReport, RenderError> {
    let urls = Urls::new(&graph.config.base_url);
    let pages = Pages::new(graph, theme_sources, &urls)?;
    let list_pages = pages.list_pages;
    let mut jobs: Vec<Job> = vec![
        Job::Home,
        Job::PeopleIndex,
        Job::TopicsIndex,
        Job::Search,
        Job::NotFound,
    ];
    jobs.extend((0..graph.articles.len()).map(Job::Article));
    jobs.extend((0..list_pages).map(Job::ArticleList));
    jobs.extend((0..pages.archive.years.len()).map(Job::Year));
    jobs.extend((0..pages.archive.months.len()).map(Job::Month));
    for i in 0..graph.people.len() {
        jobs.extend((1..=pages.views.person_pages(i)).map(|n| Job::Person(i, n)));
    }
    for i in 0..graph.topics.len() {
        jobs.extend((1..=pages.views.topic_pages(i)).map(|n| Job::Topic(i, n)));
    }
    jobs.extend((0..graph.pages.len()).map(Job::Page));
    // Redirect pages last: a page of the site always wins over an old address.
    jobs.extend((0..pages.redirects.len()).map(Job::Redirect));

    // Two claims on one path would overwrite each other in an order nobody chose: the first
    // (pages, then the other files) is kept, the others are reported.
    let mut page_paths: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    let mut clashes = Vec::new();
    let mut page_jobs: Vec<(Job, String)> = Vec::with_capacity(jobs.len());
    for job in jobs {
        let path = job.path(graph, Some(&pages));
        if page_paths.insert(path.clone()) {
            page_jobs.push((job, path));
        } else {
            clashes.push(path);
        }
    }
    let mut paths: Vec<String> = page_paths.iter().cloned().collect();
    paths.sort_unstable();
    sink.begin(&paths)?;

    // The pages, and beside them the other files (data, feeds, search index, sitemap,
    // static files), which are told to the sink before they are put. Each page's context
    // is made where it is rendered, and the page goes to the sink at once, so only the
    // pages in flight are in memory.
    let render_pages = || {
        page_jobs.par_iter().try_for_each(|(job, path)| {
            Ok::<_, RenderError>(sink.put(pages.render(*job, path.clone())?)?)
        })
    };
    let tera = &pages.tera;
    let other_files = || -> Result<(Vec<String>, Vec<String>), RenderError> {
        let (extras, static_files) = rayon::join(
            || rayon::join(|| data::export(graph), || search::index(graph, &urls)),
            || static_files(graph, theme_sources, &urls, tera),
        );
        let (mut data, mut search) = extras;
        let mut rest = static_files?;
        let pages: Vec<&str> = page_jobs
            .iter()
            .filter(|(job, _)| !matches!(job, Job::Redirect(_)))
            .map(|(_, p)| p.as_str())
            .collect();
        rest.extend(feeds::sitemap(graph, &urls, &pages, tera)?);
        // Feed templates the site did not override are written in Rust (see `feeds`).
        let builtin_feeds =
            feeds::FEED_FILES.map(|name| !theme_sources.templates.iter().any(|(n, _)| n == name));
        let feeds = feeds::FeedSet::new(graph, &urls, tera, builtin_feeds);
        // Claims in the order of the files: data, feeds, citations, search index, its
        // documents, static files, sitemap.
        let mut claimed: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
        let mut clashes = Vec::new();
        let mut claim = |path: String| {
            let fresh = !page_paths.contains(&path) && !claimed.contains(&path);
            if fresh {
                claimed.insert(path);
            } else {
                clashes.push(path);
            }
            fresh
        };
        data.retain(|f| claim(f.path.clone()));
        // Feeds and citations are made as they are put, so that they are never all in
        // memory: which of their files won their claims is kept by index.
        let feed_claims: Vec<[bool; feeds::FEED_FILES.len()]> = (0..feeds.folders())
            .map(|n| {
                let mut won = [false; feeds::FEED_FILES.len()];
                for (w, path) in won.iter_mut().zip(feeds.paths(n)) {
                    *w = claim(path);
                }
                won
            })
            .collect();
        let cite_claims: Vec<[bool; 2]> = (0..graph.articles.len())
            .map(|i| cite::paths(graph, i).map(&mut claim))
            .collect();
        search.retain(|f| claim(f.path.clone()));
        let docs: Vec<usize> = (0..search::doc_files(graph))
            .filter(|&n| claim(search::doc_path(n)))
            .collect();
        rest.retain(|f| claim(f.path.clone()));
        let mut paths: Vec<String> = claimed.into_iter().collect();
        paths.sort_unstable();
        sink.begin(&paths)?;
        data.into_par_iter()
            .chain(search)
            .chain(rest)
            .try_for_each(|f| sink.put(f))?;
        feed_claims
            .par_iter()
            .enumerate()
            .try_for_each(|(n, won)| -> Result<(), RenderError> {
                if !won.contains(&true) {
                    return Ok(());
                }
                for (file, won) in feeds.render_folder(n)?.into_iter().zip(won) {
                    if *won {
                        sink.put(file)?;
                    }
                }
                Ok(())
            })?;
        cite_claims
            .par_iter()
            .enumerate()
            .try_for_each(|(i, won)| {
                for (file, won) in cite::files(graph, &urls, i).into_iter().zip(won) {
                    if *won {
                        sink.put(file)?;
                    }
                }
                Ok::<_, Stopped>(())
            })?;
        // The search documents are most of the bytes: each goes to the sink as soon as
        // it is made, so they are never all in memory.
        docs.into_par_iter()
            .try_for_each(|n| sink.put(search::doc_file(graph, &urls, n)))?;
        Ok((paths, clashes))
    };
    let (pages, others) = rayon::join(render_pages, other_files);
    pages?;
    let (other_paths, other_clashes) = others?;
    paths.extend(other_paths);
    paths.sort_unstable();
    clashes.extend(other_clashes);
    clashes.sort();
    Ok(RenderReport { paths, clashes })
}

/// The page of article `i` alone, as `render` makes it: what `serve` shows first after an
/// article is edited, before the rest of the site is rebuilt.
pub fn render_article(
    graph: &SiteGraph,
    theme_sources: &ThemeSources,
    i: usize,
) -> Result<OutputFile, TemplateError> {
    let urls = Urls::new(&graph.config.base_url);
    let job = Job::Article(i);
    Pages::new(graph, theme_sources, &urls)?.render(job, job.path(graph, None))
}

/// What rendering HTML pages needs: the parsed theme and the views of the graph.
struct Pages<'a> {
    graph: &'a SiteGraph,
    tera: tera::Tera,
    views: Views<'a>,
    /// Pages of the list of all articles.
    list_pages: usize,
    /// Redirect pages: (output path, article they lead to).
    redirects: Vec<(String, usize)>,
    archive: Archive,
    urls: &'a Urls,
}

/// The dated articles by year and month, for the year and month pages.
#[derive(Default)]
struct Archive {
    /// Newest month first: ((year, month), its articles newest first).
    months: Vec<((i32, u32), Vec<usize>)>,
    /// Newest year first: (year, its months in `months`).
    years: Vec<(i32, std::ops::Range<usize>)>,
}

impl Archive {
    /// Groups `graph.articles`, which are newest first with the undated last.
    fn new(graph: &SiteGraph) -> Self {
        use chrono::Datelike;
        let mut a = Archive::default();
        for (i, node) in graph.articles.iter().enumerate() {
            let Some(d) = node.article.date else { break };
            let key = (d.year(), d.month());
            match a.months.last_mut() {
                Some((k, list)) if *k == key => list.push(i),
                _ => a.months.push((key, vec![i])),
            }
        }
        for (m, ((year, _), _)) in a.months.iter().enumerate() {
            match a.years.last_mut() {
                Some((y, range)) if y == year => range.end = m + 1,
                _ => a.years.push((*year, m..m + 1)),
            }
        }
        a
    }

    fn count(&self, months: std::ops::Range<usize>) -> usize {
        self.months[months].iter().map(|(_, l)| l.len()).sum()
    }

    /// Each year, newest first, with its page and article count (home and list pages).
    fn year_links(&self, urls: &Urls) -> Vec<views::NamedLink> {
        self.years
            .iter()
            .map(|(y, months)| views::NamedLink {
                name: y.to_string(),
                url: urls.path(&views::year_path(*y)),
                count: self.count(months.clone()),
                ..Default::default()
            })
            .collect()
    }
}

impl<'a> Pages<'a> {
    fn new(
        graph: &'a SiteGraph,
        theme_sources: &ThemeSources,
        urls: &'a Urls,
    ) -> Result<Self, TemplateError> {
        let mut tera = theme::load(theme_sources.templates, urls)?;
        let views = Views::new(graph, urls);
        // What every page shows of the site, converted for the templates once.
        tera.global_context().insert("site", &views.site());
        // The theme's words in the site's language: `{{ t.search }}`.
        tera.global_context()
            .insert("t", &graph.config.translations.labels);
        let per_page = graph.config.paginate.max(1);
        Ok(Pages {
            graph,
            tera,
            views,
            list_pages: graph.articles.len().div_ceil(per_page).max(1),
            redirects: redirects(graph),
            archive: Archive::new(graph),
            urls,
        })
    }

    /// One page, at `path` (`job.path`). A template error names the template and line.
    fn render(&self, job: Job, path: String) -> Result<OutputFile, TemplateError> {
        let (template, ctx) = job.context(self, &self.views);
        // Most pages are tens of kilobytes: start there rather than grow to it.
        let mut html = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(template, &ctx, &mut html)
            .map_err(|e| TemplateError::new(&e, Some((&path, template))))?;
        Ok(OutputFile::new(path, html))
    }
}

/// The small fixed files: `.nojekyll`, `robots.txt`, `CNAME`, the stylesheets and scripts
/// (built in, or the site's own from `templates/static/`).
fn static_files(
    graph: &SiteGraph,
    theme_sources: &ThemeSources,
    urls: &Urls,
    tera: &tera::Tera,
) -> Result<Vec<OutputFile>, RenderError> {
    let mut files = vec![OutputFile::new(".nojekyll", ""), feeds::robots(urls, tera)?];
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
        match crate::load::read_input(abs) {
            Ok(bytes) => files.push(OutputFile::new(format!("static/{rel}"), bytes)),
            Err(source) => {
                return Err(RenderError::Input {
                    file: format!("templates/static/{rel}"),
                    source,
                });
            }
        }
    }
    Ok(files)
}

/// One HTML page to render.
#[derive(Clone, Copy)]
enum Job {
    Home,
    Article(usize),
    /// Page `n` (from 0) of the list of all articles.
    ArticleList(usize),
    /// Page `n` (from 1) of person `i`'s page.
    Person(usize, usize),
    PeopleIndex,
    /// Page `n` (from 1) of topic `i`'s page.
    Topic(usize, usize),
    TopicsIndex,
    Page(usize),
    Search,
    NotFound,
    /// Redirect page `n` of `Pages::redirects`.
    Redirect(usize),
    /// The page of year `n` of `Archive::years`.
    Year(usize),
    /// The page of month `n` of `Archive::months`.
    Month(usize),
}

/// Every address an article had before (`former_slugs`) or asks for (`aliases`), as
/// (output path, article).
fn redirects(graph: &SiteGraph) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, a) in graph.articles.iter().enumerate() {
        for old in &a.former_slugs {
            out.push((format!("articles/{old}/index.html"), i));
        }
        for alias in &a.article.aliases {
            out.push((alias.clone(), i));
        }
    }
    out
}

impl Job {
    /// The output path of the page.
    fn path(self, graph: &SiteGraph, pages: Option<&Pages>) -> String {
        match self {
            Job::Redirect(n) => pages.map_or_else(String::new, |p| p.redirects[n].0.clone()),
            Job::Year(n) => pages.map_or_else(String::new, |p| {
                format!("{}index.html", views::year_path(p.archive.years[n].0))
            }),
            Job::Month(n) => pages.map_or_else(String::new, |p| {
                let (y, m) = p.archive.months[n].0;
                format!("{}index.html", views::month_path(y, m))
            }),
            Job::Home => "index.html".into(),
            Job::Article(i) => format!("{}index.html", graph.articles[i].path()),
            Job::ArticleList(p) => format!("{}index.html", list_path(p)),
            Job::Person(i, n) => format!(
                "{}index.html",
                views::paged_path(&graph.people[i].path(), n)
            ),
            Job::PeopleIndex => "people/index.html".into(),
            Job::Topic(i, n) => format!(
                "{}index.html",
                views::paged_path(&graph.topics[i].path(), n)
            ),
            Job::TopicsIndex => "topics/index.html".into(),
            Job::Page(i) => format!("{}index.html", graph.pages[i].path),
            Job::Search => "search/index.html".into(),
            Job::NotFound => "404.html".into(),
        }
    }

    /// The template and the context of the page.
    fn context(self, pages: &Pages, views: &Views) -> (&'static str, Context) {
        let (graph, list_pages) = (pages.graph, pages.list_pages);
        let tr = &graph.config.translations;
        let base = base_context;
        match self {
            Job::Home => ("index.html", home_context(pages, views)),
            Job::Article(i) => {
                let a = views.article(i);
                let mut c = base(a.meta.clone());
                c.insert("article", &a);
                ("article.html", c)
            }
            Job::ArticleList(p) => {
                let rel = list_path(p);
                let pager = views.pager("articles/", p + 1, list_pages);
                let mut meta = views.meta(
                    &rel,
                    tr.label("all_articles"),
                    tr.label("all_articles_description"),
                );
                meta.prev_url = pager.prev_url.clone();
                meta.next_url = pager.next_url.clone();
                let mut c = base(meta);
                let per_page = graph.config.paginate.max(1);
                let start = p * per_page;
                c.insert(
                    "articles",
                    &views.cards(start..(start + per_page).min(graph.articles.len())),
                );
                c.insert("pager", &pager);
                c.insert("years", &pages.archive.year_links(pages.urls));
                ("articles.html", c)
            }
            Job::Person(i, n) => {
                let p = views.person(i, n);
                let mut c = base(p.meta.clone());
                c.insert("person", &p);
                ("person.html", c)
            }
            Job::PeopleIndex => {
                let mut c = base(views.meta(
                    "people/",
                    tr.label("people"),
                    tr.label("people_description"),
                ));
                c.insert("by_count", &views.person_counts(MOST_NAMED));
                c.insert("by_letter", &views.people_by_letter());
                c.insert("contributors", &views.contributors());
                c.insert("network_svg", &views.network_svg());
                ("people.html", c)
            }
            Job::Topic(i, n) => {
                let t = views.topic(i, n);
                let mut c = base(t.meta.clone());
                c.insert("topic", &t);
                ("topic.html", c)
            }
            Job::TopicsIndex => {
                let mut c = base(views.meta(
                    "topics/",
                    tr.label("topics"),
                    tr.label("topics_description"),
                ));
                c.insert("by_count", &views.topic_counts(MOST_NAMED));
                c.insert("by_letter", &views.topics_by_letter());
                ("topics.html", c)
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
                ("page.html", c)
            }
            Job::Search => {
                let mut c = base(views.meta(
                    "search/",
                    tr.label("search"),
                    tr.label("search_description"),
                ));
                c.insert("outlets", &outlets(graph));
                ("search.html", c)
            }
            Job::Year(n) => ("archive.html", year_context(n, pages, views)),
            Job::Month(n) => ("archive.html", month_context(n, pages, views)),
            Job::Redirect(n) => {
                let node = &graph.articles[pages.redirects[n].1];
                (
                    "redirect.html",
                    base(views.meta(&node.path(), &node.article.title, "")),
                )
            }
            Job::NotFound => (
                "404.html",
                base(views.meta(
                    "404.html",
                    tr.label("page_not_found"),
                    tr.label("page_not_found_description"),
                )),
            ),
        }
    }
}

/// A page's context with what every page has: its `page` metadata.
fn base_context(page: views::PageMeta) -> Context {
    let mut c = Context::new();
    c.insert("page", &page);
    c
}

/// The home page: the site's introduction, the latest articles, the most named people and
/// topics, and the articles by year.
fn home_context(pages: &Pages, views: &Views) -> Context {
    let graph = pages.graph;
    let base = base_context;
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
    c.insert("years", &pages.archive.year_links(pages.urls));
    c.insert("article_count", &graph.articles.len());
    c
}

/// The outlets of the archive, for the search filter's choices (a few, unlike people and
/// topics, whose names the page loads when their filter is used).
fn outlets(graph: &SiteGraph) -> Vec<&str> {
    let mut outlets: Vec<&str> = (graph.articles.iter())
        .filter_map(|a| a.article.outlet.as_deref().map(str::trim))
        .filter(|o| !o.is_empty())
        .collect();
    outlets.sort_unstable_by_key(|o| crate::slug::fold(o));
    outlets.dedup();
    outlets
}

/// The page of year `n` of the archive: its months, and links to the years beside it.
fn year_context(n: usize, pages: &Pages, views: &Views) -> Context {
    let tr = &pages.graph.config.translations;
    let base = base_context;
    let arch = &pages.archive;
    let (year, months) = arch.years[n].clone();
    let mut c = base(views.meta(
        &views::year_path(year),
        &tr.format("articles_of_year", &[("year", &year.to_string())]),
        tr.label("year_description"),
    ));
    let month_links: Vec<views::NamedLink> = arch.months[months.clone()]
        .iter()
        .rev()
        .map(|((y, m), list)| views::NamedLink {
            name: tr.month_name(*m).to_string(),
            url: views.url(&views::month_path(*y, *m)),
            count: list.len(),
            ..Default::default()
        })
        .collect();
    let link = |k: Option<&(i32, std::ops::Range<usize>)>| {
        k.map(|(y, _)| views::NamedLink {
            name: y.to_string(),
            url: views.url(&views::year_path(*y)),
            ..Default::default()
        })
    };
    c.insert(
        "archive",
        &serde_json::json!({
            "title": year.to_string(),
            "count": arch.count(months),
            "months": month_links,
            "articles": [],
            "year_url": null,
            "newer": link(n.checked_sub(1).and_then(|p| arch.years.get(p))),
            "older": link(arch.years.get(n + 1)),
        }),
    );
    c
}

/// The page of month `n` of the archive: its articles, and links to the months beside it.
fn month_context(n: usize, pages: &Pages, views: &Views) -> Context {
    let tr = &pages.graph.config.translations;
    let base = base_context;
    let arch = &pages.archive;
    let ((year, month), list) = &arch.months[n];
    let title = tr.month_year(*month, *year);
    let mut c = base(views.meta(
        &views::month_path(*year, *month),
        &tr.format("articles_of_month", &[("month", &title)]),
        tr.label("month_description"),
    ));
    let link = |k: Option<&((i32, u32), Vec<usize>)>| {
        k.map(|((y, m), _)| views::NamedLink {
            name: tr.month_year(*m, *y),
            url: views.url(&views::month_path(*y, *m)),
            ..Default::default()
        })
    };
    c.insert(
        "archive",
        &serde_json::json!({
            "title": title,
            "count": list.len(),
            "months": [],
            "articles": views.cards(list.iter().copied()),
            "year": year.to_string(),
            "year_url": views.url(&views::year_path(*year)),
            "newer": link(n.checked_sub(1).and_then(|p| arch.months.get(p))),
            "older": link(arch.months.get(n + 1)),
        }),
    );
    c
}

/// The folder of page `p` (from 0) of the list of all articles.
fn list_path(p: usize) -> String {
    views::paged_path("articles/", p + 1)
}

/// How many people or topics the indexes list by number of articles: the most named; the
/// A–Z list below links to every one.
const MOST_NAMED: usize = 50;
