//! What each fuzz target checks, shared with `tests/fuzz_regressions.rs`, which replays
//! every kept crash input through the same code.

use gazette::diag::Diagnostics;
use gazette::read::frontmatter;

/// The raw-text reader, on any bytes, after the same decoding the loader applies: it must
/// not panic, and what it gives must be usable by the later stages.
pub fn raw(data: &[u8]) {
    let mut diags = Diagnostics::default();
    let Some(text) = gazette::load::decode(data, "seeds/fuzz.txt", &mut diags) else {
        return;
    };
    let article = gazette::read::raw::read_raw("seeds/fuzz.txt", &text, &mut diags);
    let _ = article.words();
    let _ = article.lede();
    let _ = gazette::slug::slugify(&article.title);
    for b in &article.blocks {
        assert!(
            !b.text().chars().any(gazette::load::is_bad_control),
            "control character in a block: {:?}",
            b.text()
        );
    }
}

/// Front matter: splitting `+++` blocks and parsing the TOML fields (also as a whole
/// sidecar) must never panic, and every error must point at a line of the file.
pub fn frontmatter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count().max(1);
    let in_file = |line: usize| line >= 1 && line <= lines + 1;
    let mut diags = Diagnostics::default();
    match frontmatter::split(text) {
        Ok(split) => {
            if let Some(front) = split.front
                && let Err((line, col, msg)) =
                    frontmatter::parse(front, "content/fuzz.md", split.front_line, &mut diags)
            {
                assert!(in_file(line) && col >= 1, "{line}:{col}: {msg}");
            }
        }
        Err((line, msg)) => assert!(in_file(line), "{line}: {msg}"),
    }
    let _ = frontmatter::parse(text, "seeds/fuzz.toml", 1, &mut diags);
    for d in &diags.items {
        if let Some(line) = d.line {
            assert!(in_file(line), "{d}");
        }
    }
}
