//! Fuzz target: the raw-text reader (`gazette::read::raw::read_raw`). See `checks.rs`.
#![no_main]

#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::raw(data));
