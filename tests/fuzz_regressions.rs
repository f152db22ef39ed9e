//! Every input kept from fuzzing (a crash found by `fuzz/run.sh`, or a tricky case), replayed
//! through the same checks as the fuzz targets: `tests/fuzz-regressions/TARGET/*`.

#[path = "../fuzz/fuzz_targets/checks.rs"]
mod checks;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let ok = std::panic::catch_unwind(|| check(&data));
        assert!(ok.is_ok(), "{} fails again", path.display());
        n += 1;
    }
    assert!(n > 0, "no inputs in {}", dir.display());
}

#[test]
fn raw_reader_inputs_kept_from_fuzzing() {
    replay("raw", checks::raw);
}

#[test]
fn front_matter_inputs_kept_from_fuzzing() {
    replay("frontmatter", checks::frontmatter);
}

#[test]
fn config_inputs_kept_from_fuzzing() {
    replay("config", checks::config);
}

#[test]
fn sidecar_inputs_kept_from_fuzzing() {
    replay("sidecar", checks::sidecar);
}
