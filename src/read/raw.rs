//! The raw-text reader: news articles as copied from web pages.
//!
//! First version: the first line is the headline, every other non-empty line a paragraph,
//! a line repeated is shown once. (To be replaced by a line classifier.)

use super::{Article, Block, Format};
use crate::diag::Diagnostics;
use std::collections::HashSet;

pub fn read_raw(source: &str, text: &str, _diags: &mut Diagnostics) -> Article {
    let mut article = Article::new(source, Format::Raw);
    let mut seen = HashSet::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if article.title.is_empty() {
            article.title = line.to_string();
            seen.insert(line.to_string());
            continue;
        }
        if seen.insert(line.to_string()) {
            article.blocks.push(Block::Paragraph {
                text: line.to_string(),
            });
        }
    }
    article
}
