//! Fuzz target: front matter (`gazette::read::frontmatter::split` and `parse`). See
//! `checks.rs`.
#![no_main]

#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::frontmatter(data));
