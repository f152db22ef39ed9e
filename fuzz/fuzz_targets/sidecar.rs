//! Fuzz target: a sidecar applied over a raw article (`gazette::read::sidecar::apply`). See `checks.rs`.
#![no_main]

#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::sidecar(data));
