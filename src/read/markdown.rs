//! The Markdown reader: TOML front matter, then pulldown-cmark (tables, footnotes,
//! strikethrough, heading anchors) with fenced code highlighted by syntect into CSS classes.

use super::frontmatter::{self, Fields};
use super::{Article, Block, Format, Page, PersonPage, Read, TopicPage};
use crate::diag::{Diagnostic, Diagnostics, Level};
use crate::load::{SourceFile, SourceKind};
use crate::slug::{SlugSet, slugify};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::sync::OnceLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loaded on first use only: most sites have no code blocks, and loading costs milliseconds.
fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Reads a Markdown source into what its place in the site folder makes it.
pub fn read_markdown(file: &SourceFile, allow_html: bool, diags: &mut Diagnostics) -> Read {
    let split = match frontmatter::split(&file.text) {
        Ok(s) => s,
        Err((line, msg)) => {
            diags.push(
                Level::Error,
                &file.rel,
                Some(line),
                format!("{msg}; skipped"),
            );
            return Read::Skipped;
        }
    };
    let fields = match split.front {
        Some(front) => match frontmatter::parse(front, &file.rel, split.front_line, diags) {
            Ok(f) => f,
            Err((line, column, msg)) => {
                diags.items.push(Diagnostic {
                    level: Level::Error,
                    file: file.rel.clone(),
                    line: Some(line),
                    column: Some(column),
                    message: format!("front matter: {msg}; skipped"),
                });
                return Read::Skipped;
            }
        },
        None => Fields::default(),
    };
    let rendered = render(split.body, allow_html);
    let stem = file
        .rel
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".md")
        .to_string();
    let title = fields
        .title
        .clone()
        .or_else(|| rendered.first_heading.clone());

    match file.kind {
        SourceKind::MarkdownArticle => Read::Article(Box::new(article(
            file, fields, title, rendered, &stem, diags,
        ))),
        SourceKind::HomeIntro | SourceKind::Page => {
            let inner = file
                .rel
                .trim_start_matches("content/")
                .trim_end_matches(".md");
            let inner = inner.strip_suffix("/index").unwrap_or(inner);
            let path = if file.kind == SourceKind::HomeIntro {
                String::new()
            } else {
                let parts: Vec<String> = inner.split('/').map(slugify).collect();
                format!("{}/", parts.join("/"))
            };
            let page = Page {
                source: file.rel.clone(),
                path,
                title: title.unwrap_or_else(|| stem.replace(['-', '_'], " ")),
                description: fields.description,
                html: rendered.html,
                text: rendered.text,
                draft: fields.draft.unwrap_or(false),
            };
            if file.kind == SourceKind::HomeIntro {
                Read::Home(page)
            } else {
                Read::Page(page)
            }
        }
        SourceKind::PersonPage => Read::Person(PersonPage {
            source: file.rel.clone(),
            slug: slugify(&stem),
            name: fields.name.or(fields.title),
            aliases: fields.aliases,
            hidden: fields.hidden,
            bio_html: rendered.html,
        }),
        SourceKind::TopicPage => Read::Topic(TopicPage {
            source: file.rel.clone(),
            slug: slugify(&stem),
            name: fields
                .name
                .or(fields.title)
                .unwrap_or_else(|| stem.replace(['-', '_'], " ")),
            aliases: fields.aliases,
            kind: fields.kind,
            hidden: fields.hidden,
            description_html: rendered.html,
        }),
        SourceKind::RawArticle | SourceKind::HtmlPage | SourceKind::WebArchive => Read::Skipped,
    }
}

/// A Markdown article from its front matter `fields` and `rendered` body; `title` is the
/// front matter's or the first heading, else the file name (`stem`) stands in, with a warning.
fn article(
    file: &SourceFile,
    fields: Fields,
    title: Option<String>,
    rendered: Rendered,
    stem: &str,
    diags: &mut Diagnostics,
) -> Article {
    let mut a = Article::new(&file.rel, Format::Markdown);
    a.title = match title {
        Some(t) => t,
        None => {
            diags.warn(
                &file.rel,
                Some(1),
                "no title in front matter or heading; the file name is used",
            );
            a.title_guessed = true;
            stem.replace(['-', '_'], " ")
        }
    };
    a.date = fields
        .date
        .or_else(|| super::date_from_file_name(&file.rel));
    a.aliases = super::alias_paths(&fields.aliases, &file.rel, diags);
    a.outlet = fields.outlet;
    a.contributors = fields.contributors.unwrap_or_default();
    a.tags.contributors_given = true;
    a.draft = fields.draft.unwrap_or(false);
    a.slug = fields.slug;
    a.description = fields.description;
    a.tags.persons = fields.persons;
    a.tags.topics = fields.topics;
    a.tags.not_persons = fields.not_persons;
    a.tags.not_topics = fields.not_topics;
    a.blocks = vec![Block::Html {
        html: rendered.html,
        text: rendered.text,
        lede: rendered.lede,
    }];
    a
}

pub struct Rendered {
    pub html: String,
    /// Plain text, blocks separated by blank lines.
    pub text: String,
    pub first_heading: Option<String>,
    /// The first paragraph as plain text on one line (no heading, code or line break):
    /// what lists and feeds show of the article.
    pub lede: String,
}

/// Markdown to HTML. Raw HTML is shown as text unless `allow_html`.
pub fn render(markdown: &str, allow_html: bool) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut events: Vec<Event> = Vec::new();
    let mut text = String::new();
    let mut first_heading = None;
    let mut ids = SlugSet::new();
    // Index into `events` of the open heading, with its text so far.
    let mut heading: Option<(usize, String)> = None;
    let mut code: Option<(String, String)> = None;
    // The first paragraph's text while it is open, then for good.
    let mut lede: Option<String> = None;
    let mut in_lede = false;

    for event in Parser::new_ext(markdown, options) {
        if let Some((lang, buf)) = code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = highlight(buf, lang);
                    text.push_str(buf);
                    text.push_str("\n\n");
                    events.push(Event::Html(CowStr::from(html)));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        let event = made_safe(event, allow_html);
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split([' ', ',']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { .. }) => {
                heading = Some((events.len(), String::new()));
                events.push(event);
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((at, htext)) = heading.take() {
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[at] {
                        let wanted = match id {
                            Some(given) => given.to_string(),
                            None => slugify(&htext),
                        };
                        *id = Some(CowStr::from(ids.unique(&wanted)));
                    }
                    if first_heading.is_none() && level == pulldown_cmark::HeadingLevel::H1 {
                        first_heading = Some(htext.trim().to_string());
                    }
                    text.push_str(&htext);
                    text.push_str("\n\n");
                }
                events.push(event);
            }
            Event::Start(Tag::Paragraph) => {
                if lede.is_none() {
                    lede = Some(String::new());
                    in_lede = true;
                }
                events.push(event);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                match heading.as_mut() {
                    Some((_, h)) => h.push_str(t),
                    None => text.push_str(t),
                }
                if in_lede && let Some(l) = lede.as_mut() {
                    l.push_str(t);
                }
                events.push(event);
            }
            Event::Html(h) | Event::InlineHtml(h) if !allow_html => {
                events.push(Event::Text(h));
            }
            Event::SoftBreak | Event::HardBreak => {
                text.push(' ');
                if in_lede && let Some(l) = lede.as_mut() {
                    l.push(' ');
                }
                events.push(event);
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                text.push_str("\n\n");
                if event == Event::End(TagEnd::Paragraph) && in_lede {
                    in_lede = false;
                    // A paragraph with no text (an image alone) is no lede: look further.
                    if lede.as_deref().is_some_and(|l| l.trim().is_empty()) {
                        lede = None;
                    }
                }
                events.push(event);
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered {
        html,
        text: text.trim().to_string(),
        first_heading,
        lede: lede
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default(),
    }
}

/// `event` with what no page may carry taken out: control characters (entities such as
/// `&#7;` decode to ones no page or feed may hold) and, unless `allow_html`, the address of
/// a `javascript:` link or image (it runs the user's text when clicked).
fn made_safe(event: Event<'_>, allow_html: bool) -> Event<'_> {
    match event {
        Event::Text(t) if t.chars().any(crate::load::is_bad_control) => {
            Event::Text(t.replace(crate::load::is_bad_control, " ").into())
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !allow_html && is_script_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: "#".into(),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !allow_html && is_script_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: "#".into(),
            title,
            id,
        }),
        other => other,
    }
}

/// A URL that runs script when followed (`javascript:`, `vbscript:`, `data:`), however its
/// scheme is spelled (case, spaces, control characters).
fn is_script_url(url: &str) -> bool {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take_while(|&c| c != ':' && c != '/' && c != '?' && c != '#')
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

/// Highlights a code block into `<pre><code>` with `hl-` classes. Unknown languages are
/// shown as plain, escaped text.
fn highlight(code: &str, lang: &str) -> String {
    let escaped_lang = pulldown_cmark_escape_attr(lang);
    if lang.is_empty() {
        return format!(
            "<pre class=\"code\"><code>{}</code></pre>\n",
            escape_html(code)
        );
    }
    let ss = syntax_set();
    let Some(syntax) = ss.find_syntax_by_token(lang) else {
        return format!(
            "<pre class=\"code\" data-lang=\"{escaped_lang}\"><code>{}</code></pre>\n",
            escape_html(code)
        );
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!(
                "<pre class=\"code\"><code>{}</code></pre>\n",
                escape_html(code)
            );
        }
    }
    format!(
        "<pre class=\"code hl-code\" data-lang=\"{escaped_lang}\"><code>{}</code></pre>\n",
        generator.finalize()
    )
}

/// The stylesheet for highlighted code: a light theme, and a dark one under
/// `prefers-color-scheme: dark`.
pub fn highlight_css() -> String {
    let themes = ThemeSet::load_defaults();
    let light = syntect::html::css_for_theme_with_class_style(
        &themes.themes["InspiredGitHub"],
        CLASS_STYLE,
    )
    .unwrap_or_default();
    let dark = syntect::html::css_for_theme_with_class_style(
        &themes.themes["base16-ocean.dark"],
        CLASS_STYLE,
    )
    .unwrap_or_default();
    format!(
        "/* Code highlighting, generated by Gazette from syntect themes. */\n{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
    )
}

/// `&`, `<`, `>`, `"` and `'` escaped, through the same (SIMD) escaper as Tera's
/// `fast_escape` and the article bodies, so every page escapes alike.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

fn pulldown_cmark_escape_attr(s: &str) -> String {
    escape_html(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_links_are_neutralised_unless_html_is_allowed() {
        let md = "[a](javascript:alert(1)) [b]( JavaScript:x) ![c](data:text/html,x) [d](https://e.org/javascript:)";
        let r = render(md, false);
        assert!(
            !r.html.to_lowercase().contains("javascript:alert"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("data:text"), "{}", r.html);
        assert!(r.html.contains("https://e.org/javascript:"), "{}", r.html);
        assert!(render(md, true).html.contains("javascript:alert"));
    }

    #[test]
    fn headings_get_unique_anchors() {
        let r = render("# Hello World\n\n## Hello World\n\ntext", false);
        assert!(r.html.contains("<h1 id=\"hello-world\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"hello-world-2\">"), "{}", r.html);
        assert_eq!(r.first_heading.as_deref(), Some("Hello World"));
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed() {
        let r = render("<script>alert(1)</script>\n\nhi <b>x</b>", false);
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"));
        let r = render("<b>x</b>", true);
        assert!(r.html.contains("<b>x</b>"));
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let r = render("```rust\nfn main() {}\n```\n", false);
        assert!(r.html.contains("class=\"code hl-code\""), "{}", r.html);
        assert!(r.html.contains("hl-"), "{}", r.html);
        assert!(!r.html.contains("style="), "{}", r.html);
        assert!(highlight_css().contains("prefers-color-scheme: dark"));
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: note\n",
            false,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote"));
    }
}
