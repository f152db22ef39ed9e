//! Property tests, with a small deterministic generator (no dependency, same cases on every
//! run): the readers never panic, whatever the text, and the raw reader never drops a
//! sentence of an article's body.
//!
//! "A sentence of the body" is defined narrowly, so the property holds for any sound reader:
//! a line of the body (not the headline) of at least 12 words, ending in `.`, `!` or `?`,
//! made of ordinary words (no junk such as share buttons or photo markers), and not a copy
//! of another line. Each sentence of such a line must appear, whitespace aside, in the text
//! of some block of the article.

use gazette::diag::Diagnostics;
use gazette::load::{SourceFile, SourceKind};
use gazette::read::{Read, frontmatter, raw::read_raw, read_file};

/// A 64-bit permuted congruential generator: tiny, deterministic, good enough for tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let x = self.0;
        (x ^ (x >> 22)) >> (22 + (x >> 61))
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "trade",
    "between",
    "both",
    "countries",
    "grew",
    "during",
    "recent",
    "years",
    "while",
    "officials",
    "planned",
    "new",
    "cooperation",
    "on",
    "education",
    "culture",
    "energy",
    "and",
    "defence",
    "Vietnam",
    "Hanoi",
    "agreement",
    "investment",
    "people",
    "province",
    "economic",
    "development",
    "visit",
    "meeting",
    "Việt",
    "Nam",
    "đổi",
    "mới",
    "hợp",
    "tác",
    "growth",
    "percent",
    "2023",
    "first",
    "quarter",
];
const NAMES: &[&str] = &[
    "Nguyen Van An",
    "Tran Thi Binh",
    "Bùi Thanh Sơn",
    "Prime Minister Pham Minh Chinh",
    "Mr. An",
    "FM Son",
];
const JUNK: &[&str] = &[
    "Share",
    "Facebook",
    "Twitter",
    "Comment (0)",
    "Print",
    "Tags:",
    "- ảnh 1",
    "Read more",
    "Related news",
    "Back to top",
    "|",
    "***",
];
const HEADLINES: &[&str] = &[
    "Vietnam and Laos boost trade ties",
    "Cultural diplomacy takes centre stage",
    "FM Son meets his counterpart in Hanoi",
    "Growth beats forecasts in first quarter",
];

/// A body sentence: 12 to 24 ordinary words, ending in . ! or ?
fn sentence(rng: &mut Rng) -> String {
    let n = 12 + rng.below(13);
    let mut words: Vec<String> = Vec::with_capacity(n + 3);
    if rng.chance(40) {
        words.push(rng.pick(NAMES).to_string());
    }
    while words.len() < n {
        words.push(rng.pick(WORDS).to_string());
    }
    let mut s = words.join(" ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s.push(rng.pick(&['.', '.', '.', '!', '?']));
    s
}

/// A raw article as scraped: headline, perhaps metadata and junk, body paragraphs of one to
/// three sentences, captions, blank lines, stray whitespace; and the body sentences.
fn article(rng: &mut Rng) -> (String, Vec<String>) {
    let mut lines: Vec<String> = Vec::new();
    let mut sentences = Vec::new();
    if rng.chance(30) {
        lines.push(rng.pick(JUNK).to_string());
    }
    lines.push(rng.pick(HEADLINES).to_string());
    if rng.chance(50) {
        lines.push(format!(
            "{} {}, 2023",
            rng.pick(&["Monday,", "Tuesday,"]),
            1 + rng.below(28)
        ));
    }
    if rng.chance(40) {
        lines.push(format!("By {}", rng.pick(NAMES)));
    }
    let paragraphs = 1 + rng.below(8);
    for _ in 0..paragraphs {
        match rng.below(10) {
            0 => lines.push(rng.pick(JUNK).to_string()),
            1 => lines.push(format!("Photo: {}", rng.pick(HEADLINES))),
            _ => {}
        }
        let n = 1 + rng.below(3);
        let mut para: Vec<String> = (0..n).map(|_| sentence(rng)).collect();
        para.retain(|s| !sentences.contains(s));
        if para.is_empty() {
            continue;
        }
        let mut line = para.join(" ");
        if rng.chance(10) {
            line = format!("  {line}\t");
        }
        sentences.extend(para);
        lines.push(line);
        if rng.chance(70) {
            lines.push(String::new());
        }
    }
    if rng.chance(30) {
        lines.push(rng.pick(JUNK).to_string());
    }
    (lines.join("\n") + "\n", sentences)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_raw_reader_never_drops_a_sentence_of_the_body() {
    let mut rng = Rng(2016);
    for case in 0..400 {
        let (text, sentences) = article(&mut rng);
        let mut diags = Diagnostics::default();
        let a = read_raw("seeds/case.txt", &text, &mut diags);
        let blocks: Vec<String> = a.blocks.iter().map(|b| squash(b.text())).collect();
        for s in &sentences {
            let s = squash(s);
            assert!(
                blocks.iter().any(|b| b.contains(&s)),
                "case {case}: sentence dropped:\n  {s}\n--- article ---\n{text}\n--- blocks ---\n{blocks:#?}"
            );
        }
    }
}

/// Arbitrary text: pieces of articles, front matter, Markdown and junk, with odd
/// characters, cut anywhere (on a character boundary).
fn noise(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "+++",
        "+++\n",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\t",
        "=",
        "\"",
        "'",
        "[",
        "]",
        "{",
        "}",
        "title = ",
        "date = 2021-12-14",
        "date = \"",
        "persons = [",
        "[[x]]",
        "#",
        "# ",
        "*",
        "```",
        "```rust\n",
        "<script>",
        "</script>",
        "&amp;",
        "&#0;",
        "&#7;",
        "\u{feff}",
        "\u{200b}",
        "\u{2028}",
        "\u{fffd}",
        "ảnh",
        "Ơ",
        "𝔘",
        "-",
        "—",
        "…",
        ".",
        "?",
        "!",
        "Photo:",
        "By ",
        "Q:",
        "A:",
        "Comment (0)",
        "Share",
        "Tags:",
        "http://x.y/",
        "[a](b)",
        "![i](j)",
        "|a|b|\n|-|-|\n",
        "> ",
        "1. ",
        "    ",
        "\\",
        "\\u00",
        "\u{7f}",
        "\u{1}",
    ];
    let mut s = String::new();
    for _ in 0..rng.below(80) {
        match rng.below(4) {
            0 => s.push_str(&sentence(rng)),
            1 => s.push_str(rng.pick(WORDS)),
            _ => s.push_str(rng.pick(PIECES)),
        }
    }
    if rng.chance(20) {
        let mut cut = rng.below(s.len() + 1);
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

#[test]
fn no_reader_panics_whatever_the_text() {
    let mut rng = Rng(8);
    for case in 0..3000 {
        let text = if rng.chance(50) {
            noise(&mut rng)
        } else {
            // A real-looking article, damaged.
            let (mut t, _) = article(&mut rng);
            let extra = noise(&mut rng);
            let mut at = rng.below(t.len() + 1);
            while !t.is_char_boundary(at) {
                at -= 1;
            }
            t.insert_str(at, &extra);
            t
        };
        let kinds = [
            ("seeds/x.txt", SourceKind::RawArticle),
            ("content/articles/x.md", SourceKind::MarkdownArticle),
            ("content/about.md", SourceKind::Page),
            ("content/people/x.md", SourceKind::PersonPage),
            ("content/topics/x.md", SourceKind::TopicPage),
        ];
        let (rel, kind) = kinds[case % kinds.len()];
        let sidecar = (kind == SourceKind::RawArticle && rng.chance(30))
            .then(|| ("seeds/x.toml".to_string(), noise(&mut rng)));
        let file = SourceFile {
            rel: rel.to_string(),
            kind,
            text: text.clone(),
            bytes: Vec::new(),
            sidecar,
        };
        let mut diags = Diagnostics::default();
        let result = std::panic::catch_unwind(|| {
            let mut d = Diagnostics::default();
            let r = read_file(&file, case % 2 == 0, &mut d);
            (matches!(r, Read::Skipped), d)
        });
        let (_, d) = result.unwrap_or_else(|_| panic!("case {case}: reader panicked on {text:?}"));
        diags.extend(d);
        // Front matter on its own, as the fuzz target drives it.
        if let Ok(split) = frontmatter::split(&text)
            && let Some(front) = split.front
        {
            let _ = frontmatter::parse(front, rel, split.front_line, &mut diags);
        }
        let lines = text.lines().count() + 1;
        for d in &diags.items {
            assert!(
                d.file == rel || d.file == "seeds/x.toml",
                "case {case}: {d}"
            );
            if let Some(line) = d.line.filter(|_| d.file == rel) {
                assert!(
                    line >= 1 && line <= lines + 1,
                    "case {case}: {d} of {lines} lines"
                );
            }
        }
    }
}
