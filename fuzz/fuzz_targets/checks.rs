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

/// `gazette.toml`: parsing any text must never panic; an error names `gazette.toml` and,
/// where it has one, a line of the file; a config that parses is one the site can use
/// (its address makes links, its hide lists make slugs).
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count().max(1);
    match gazette::load::parse_config(text) {
        Ok(config) => {
            let urls = gazette::render::urls::Urls::new(&config.base_url);
            let _ = urls.path("articles/a/");
            let _ = urls.absolute("sitemap.xml");
            for name in config.people.hide.iter().chain(&config.topics.hide) {
                let _ = gazette::slug::slugify(name);
            }
        }
        Err(error) => {
            let message = error.to_string();
            assert!(
                message.starts_with("gazette.toml"),
                "error does not name the file: {message}"
            );
            if let gazette::load::ConfigError::Invalid {
                line: Some(line), ..
            } = error
            {
                assert!(line >= 1 && line <= lines + 1, "{message}");
            }
        }
    }
}

/// A sidecar (`seeds/NAME.toml`) applied over a raw article: never a panic, every message
/// at a line of the sidecar, and the corrected article still has a title with no control
/// character that a page or feed cannot carry, and a slug.
pub fn sidecar(data: &[u8]) {
    let mut diags = Diagnostics::default();
    let Some(text) = gazette::load::decode(data, "seeds/fuzz.toml", &mut diags) else {
        return;
    };
    let lines = text.lines().count().max(1);
    let mut article = gazette::read::raw::read_raw(
        "seeds/fuzz.txt",
        "Council votes on harbour plan\n\nMayor Alice Brennan said the plan would pass.\n",
        &mut diags,
    );
    let mut sidecar_diags = Diagnostics::default();
    gazette::read::sidecar::apply(&mut article, "seeds/fuzz.toml", &text, &mut sidecar_diags);
    for d in &sidecar_diags.items {
        if let Some(line) = d.line {
            assert!(line >= 1 && line <= lines + 1, "{d}");
        }
    }
    assert!(
        !article.title.chars().any(gazette::load::is_bad_control),
        "control character in the title: {:?}",
        article.title
    );
    let _ = gazette::slug::slugify(&article.title);
    let _ = article.words();
}
