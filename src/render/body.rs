//! An article's body as HTML, from its blocks. Every piece of text is escaped here; the
//! first mention of each person and topic becomes a link to their page.

use crate::read::{Block, Image};
use crate::recognize::Span;
use crate::slug::{SlugSet, slugify};
use rustc_hash::FxHashSet;

pub use crate::read::markdown::escape_html as escape;

/// A link to place over a span of the body.
pub struct SpanLink<'a> {
    pub span: Span,
    pub href: &'a str,
    pub class: &'static str,
}

/// Renders the blocks. `mentions` may overlap or repeat; the first mention of each href
/// (in reading order) wins, and overlapping later ones are dropped. `image_src` gives the
/// address a picture is shown from, or `None` when it is not to be shown.
pub fn render_body(
    blocks: &[Block],
    mentions: Vec<SpanLink<'_>>,
    image_src: &dyn Fn(&Image) -> Option<String>,
) -> String {
    let mut chosen: Vec<&SpanLink> = Vec::new();
    let mut sorted = mentions;
    sorted.sort_by_key(|m| (m.span.block, m.span.start, std::cmp::Reverse(m.span.end)));
    let mut seen_href: FxHashSet<&str> = FxHashSet::default();
    for m in &sorted {
        let Some(block) = blocks.get(m.span.block) else {
            continue;
        };
        if matches!(block, Block::Html { .. }) {
            continue;
        }
        let text = block.text();
        if m.span.end > text.len()
            || m.span.start >= m.span.end
            || !text.is_char_boundary(m.span.start)
            || !text.is_char_boundary(m.span.end)
        {
            continue;
        }
        if seen_href.contains(m.href) {
            continue;
        }
        let overlaps = chosen.iter().any(|c| {
            c.span.block == m.span.block && c.span.start < m.span.end && m.span.start < c.span.end
        });
        if overlaps {
            continue;
        }
        seen_href.insert(m.href);
        chosen.push(m);
    }
    // The text, and a little markup per block and link: room from the start rather than
    // growing to it.
    let text_len: usize = blocks
        .iter()
        .map(|b| match b {
            Block::Html { html, .. } => html.len() + 1,
            _ => b.text().len() + 64,
        })
        .sum();
    let mut out = String::with_capacity(text_len + 64 * chosen.len());
    let mut ids = SlugSet::new();
    for bi in reading_order(blocks) {
        let block = &blocks[bi];
        let mut here: Vec<&SpanLink> = chosen
            .iter()
            .copied()
            .filter(|m| m.span.block == bi)
            .collect();
        here.sort_by_key(|m| m.span.start);
        match block {
            Block::Paragraph { text } => {
                out.push_str("<p>");
                linked(&mut out, text, &here);
                out.push_str("</p>\n");
            }
            Block::Heading { text } => {
                let id = ids.unique(&slugify(text));
                out.push_str("<h2 id=\"");
                out.push_str(&escape(&id));
                out.push_str("\">");
                linked(&mut out, text, &here);
                out.push_str("</h2>\n");
            }
            Block::Caption { text } => {
                // A caption whose photo was not kept: marked as such, so it reads as
                // neither a pull quote nor the article's opening.
                out.push_str("<figure class=\"caption no-photo\"><figcaption>");
                linked(&mut out, text, &here);
                out.push_str("</figcaption></figure>\n");
            }
            Block::Question { text } => {
                out.push_str("<p class=\"question\"><strong>");
                linked(&mut out, text, &here);
                out.push_str("</strong></p>\n");
            }
            Block::Html { html, .. } => {
                out.push_str(html);
                out.push('\n');
            }
            Block::Figure { image, alt, text } => {
                let src = image.as_ref().and_then(image_src);
                if src.is_none() && text.is_empty() {
                    continue;
                }
                out.push_str("<figure>");
                if let Some(src) = src {
                    out.push_str("<img src=\"");
                    escape_into(&mut out, &src);
                    out.push_str("\" alt=\"");
                    escape_into(&mut out, alt);
                    out.push_str("\" loading=\"lazy\">");
                }
                if !text.is_empty() {
                    out.push_str("<figcaption>");
                    linked(&mut out, text, &here);
                    out.push_str("</figcaption>");
                }
                out.push_str("</figure>\n");
            }
        }
    }
    out
}

/// The order blocks are shown in: as read, except that photo captions without their photo
/// (`Block::Caption`) before the first paragraph come after it, so an article never opens
/// with a caption (a page copy often starts with the lead photo's).
fn reading_order(blocks: &[Block]) -> Vec<usize> {
    let first_paragraph = blocks
        .iter()
        .position(|b| matches!(b, Block::Paragraph { .. }));
    let Some(p) = first_paragraph else {
        return (0..blocks.len()).collect();
    };
    let leading = |i: &usize| matches!(blocks[*i], Block::Caption { .. });
    let mut order: Vec<usize> = (0..p).filter(|i| !leading(i)).collect();
    order.push(p);
    order.extend((0..p).filter(leading));
    order.extend(p + 1..blocks.len());
    order
}

/// Appends `text`, escaped, with a link over each of `mentions` (in order, not overlapping).
fn linked(out: &mut String, text: &str, mentions: &[&SpanLink]) {
    let mut at = 0;
    for m in mentions {
        if m.span.start < at {
            continue;
        }
        escape_into(out, &text[at..m.span.start]);
        out.push_str("<a class=\"");
        out.push_str(m.class);
        out.push_str("\" href=\"");
        escape_into(out, m.href);
        out.push_str("\">");
        escape_into(out, &text[m.span.start..m.span.end]);
        out.push_str("</a>");
        at = m.span.end;
    }
    escape_into(out, &text[at..]);
}

/// Appends `text` escaped as `escape` does, without making a copy first.
fn escape_into(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_links_first_mention_only() {
        let blocks = vec![
            Block::Paragraph {
                text: "Mr <b>Son</b> met Son.".into(),
            },
            Block::Caption {
                text: "Son (Photo: VNA)".into(),
            },
        ];
        let m = |block, start, end| SpanLink {
            span: Span { block, start, end },
            href: "/people/son/",
            class: "person",
        };
        let html = render_body(&blocks, vec![m(0, 18, 21), m(0, 6, 9), m(1, 0, 3)], &|_| {
            None
        });
        assert!(
            html.contains(
                "Mr &lt;b&gt;<a class=\"person\" href=\"/people/son/\">Son</a>&lt;/b&gt; met Son."
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<figure class=\"caption no-photo\"><figcaption>Son (Photo: VNA)</figcaption></figure>"
            ),
            "{html}"
        );
    }

    #[test]
    fn an_article_never_opens_with_a_caption_without_its_photo() {
        let blocks = vec![
            Block::Caption {
                text: "The harbour at dawn.".into(),
            },
            Block::Heading {
                text: "Port news".into(),
            },
            Block::Paragraph {
                text: "The harbour reopened.".into(),
            },
            Block::Caption {
                text: "Ships waiting.".into(),
            },
            Block::Paragraph {
                text: "Trade resumed.".into(),
            },
        ];
        let link = SpanLink {
            span: Span {
                block: 0,
                start: 4,
                end: 11,
            },
            href: "/topics/harbour/",
            class: "topic",
        };
        let html = render_body(&blocks, vec![link], &|_| None);
        let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} in {html}"));
        assert!(at("Port news") < at("The harbour reopened."));
        assert!(
            at("The harbour reopened.") < at("The <a class=\"topic\""),
            "{html}"
        );
        assert!(
            at("<a class=\"topic\" href=\"/topics/harbour/\">harbour</a> at dawn.")
                < at("Ships waiting.")
        );
        assert!(at("Ships waiting.") < at("Trade resumed."));
        assert_eq!(
            html.matches("<figure class=\"caption no-photo\">").count(),
            2
        );
    }
}
