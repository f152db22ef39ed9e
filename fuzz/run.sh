#!/usr/bin/env bash
# Runs each fuzz target for N seconds (default 600) and prints runs, time and crashes.
#
#   fuzz/run.sh [SECONDS] [TARGET...]   targets: raw frontmatter config sidecar (default: all)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). Only stable Rust is needed: RUSTC_BOOTSTRAP
# lets it take the nightly flags cargo-fuzz passes. SANITIZER=none skips AddressSanitizer
# (use it if ASan will not build or run here). Each target's corpus starts from the example
# site's own files; crashes land in fuzz/artifacts/TARGET/ — keep each one as a regression
# test: copy it into tests/fuzz-regressions/TARGET/ and tests/fuzz_regressions.rs replays it.
set -uo pipefail
cd "$(dirname "$0")"
secs="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(raw frontmatter config sidecar)
export RUSTC_BOOTSTRAP=1
san="${SANITIZER:-address}"

seed() {
    local target=$1 dir=corpus/$1
    mkdir -p "$dir"
    case $target in
    raw) for f in ../seeds/*.txt; do [ -f "$f" ] && cp "$f" "$dir/"; done ;;
    frontmatter)
        find ../content -name '*.md' -print0 | while IFS= read -r -d '' f; do
            cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
        done
        for f in ../seeds/*.toml; do [ -f "$f" ] && cp "$f" "$dir/"; done ;;
    config)
        i=0; for f in ../gazette.toml ../data/init/gazette.toml; do [ -f "$f" ] && cp "$f" "$dir/config-$((i++))"; done ;;
    sidecar)
        for f in ../seeds/*.toml ../tests/fuzz-regressions/sidecar/*; do [ -f "$f" ] && cp "$f" "$dir/"; done ;;
    esac
}

mkdir -p logs
summary=()
status=0
for t in "${targets[@]}"; do
    seed "$t"
    mkdir -p "artifacts/$t"
    before=$(ls "artifacts/$t" | wc -l)
    start=$(date +%s)
    cargo fuzz run -s "$san" "$t" "corpus/$t" -- \
        -max_total_time="$secs" -max_len=16384 -timeout=10 -print_final_stats=1 \
        >"logs/$t.log" 2>&1
    rc=$?
    took=$(($(date +%s) - start))
    runs=$(grep -oE '^Done [0-9]+ runs' "logs/$t.log" | tail -1 | grep -oE '[0-9]+')
    fuzzed=$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "logs/$t.log" | tail -1 | grep -oE '[0-9]+ second' | grep -oE '[0-9]+')
    [ -z "$runs" ] && runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "logs/$t.log" | tail -1 | grep -oE '[0-9]+$')
    crashes=$(($(ls "artifacts/$t" | wc -l) - before))
    cov=$(grep -oE 'cov: [0-9]+' "logs/$t.log" | tail -1)
    summary+=("$(printf '%-12s runs=%-10s fuzzing=%ss (wall %ss with build)  %-10s crashes=%s  exit=%s  log=fuzz/logs/%s.log' \
        "$t" "${runs:-?}" "${fuzzed:-?}" "$took" "${cov:-cov: ?}" "$crashes" "$rc" "$t")")
    [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ] && status=1
done
printf '%s\n' "${summary[@]}"
for t in "${targets[@]}"; do
    for a in artifacts/"$t"/*; do [ -f "$a" ] && echo "crash input: fuzz/$a"; done
done
exit $status
