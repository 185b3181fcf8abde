#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets) for a bounded time from its committed seeds,
# and prints, per target, the executions, the coverage reached and the outcome. Exits
# non-zero when a target finds a crash (libFuzzer's input lands in fuzz/artifacts/TARGET).
#
#   scripts/fuzz.sh                  every target, 30 s each
#   scripts/fuzz.sh 600              every target, 600 s each
#   scripts/fuzz.sh 600 decode_dataset parse_suppression
#   scripts/fuzz.sh build            build the targets only (scripts/test.sh, ahead of time)
#   FUZZ_RUNS=10000000 scripts/fuzz.sh 7200 decode_dataset
#                                    stop at 10 million executions (or 2 hours, if sooner)
#   FUZZ_FLAGS="-max_len=8192"       more libFuzzer flags for every target
#
# Seeds: fuzz/seeds/TARGET (committed: real small datasets, list URLs, suppression files,
# the four import files joined by NUL bytes). Inputs found are kept in fuzz/corpus/TARGET
# (ignored by git), so a later run goes on from them. The targets are built once, first,
# and the built binaries run: editing the sources during a long run changes nothing. Each
# target's libFuzzer output is kept in fuzz/logs/TARGET.txt (ignored by git). cargo-fuzz needs nightly flags: the
# stable toolchain accepts them under RUSTC_BOOTSTRAP=1. Builds go to
# $CARGO_TARGET_DIR/fuzz (default fuzz/target).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH" RUSTC_BOOTSTRAP=1
seconds=${1:-30}
shift || true
build_only=false
[ "$seconds" = build ] && build_only=true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^clearlist-fuzz$')
fi
target_dir=${CARGO_TARGET_DIR:+$CARGO_TARGET_DIR/fuzz}
target_dir=${target_dir:-fuzz/target}

bash scripts/setup.sh fuzz >&2
log=fuzz/logs
mkdir -p "$log"
cargo fuzz build --target-dir "$target_dir" >&2
bin="$target_dir/$(rustc -vV | sed -n 's/^host: //p')/release"
[ "$build_only" = false ] || exit 0
status=0
rows=()
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  echo "[fuzz] $target: ${seconds} s from fuzz/seeds/$target" >&2
  started=$SECONDS
  if "$bin/$target" -artifact_prefix="fuzz/artifacts/$target/" \
    "fuzz/corpus/$target" "fuzz/seeds/$target" -max_total_time="$seconds" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -print_final_stats=1 \
    -timeout=10 -rss_limit_mb=2048 ${FUZZ_FLAGS:-} \
    >"$log/$target.txt" 2>&1; then
    outcome="no crash"
  else
    outcome="CRASH (see fuzz/artifacts/$target)"
    status=1
    tail -n 40 "$log/$target.txt" >&2
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log/$target.txt" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log/$target.txt" | tail -n 1 | cut -d' ' -f2)
  seeds=$(find "fuzz/seeds/$target" -type f | wc -l)
  rows+=("| $target | $((SECONDS - started)) | ${runs:-?} | ${cov:-?} | $seeds | $outcome |")
done
printf '\n| target | seconds | executions | coverage (edges) | seeds | outcome |\n|---|---|---|---|---|---|\n' >&2
printf '%s\n' "${rows[@]}" >&2
exit "$status"
