#!/usr/bin/env bash
# Every check Clearlist has, as CI runs them; exits non-zero on the first failure and ends
# with the duration of each step.
#
#   1. formatting, clippy (native, and wasm32 for the crates that run in the browser), the
#      architecture checks (scripts/check-architecture.sh)
#   2. native tests of the workspace (the browser app's tests run in the browser instead)
#   3. wasm tests in headless Chromium (engine, app)
#   4. a 2,000-account demo database (seed 7) with tenant 1's three users, `clearlist
#      serve` on a free port (the binary the native tests built), and the browser
#      end-to-end tests against the release build of the app
#   5. every fuzz target for $CLEARLIST_FUZZ_SECONDS (default 20) from its committed seeds
#      (scripts/fuzz.sh), run while the background finishes the app's release build
#
# Two lines of work overlap: in the background, the build tools are installed (once per
# machine) and the app is built for release (trunk); meanwhile the foreground lints and
# runs the native tests. Their cargo builds use different profiles, so they never wait on
# each other's lock. The background's output is printed when the foreground needs it.
#
# Build output goes to $CARGO_TARGET_DIR (default: target/). Screenshots of the end-to-end
# run land in screenshots/ (a CI artifact).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target_dir=${CARGO_TARGET_DIR:-$root/target}

export PATH="$HOME/.cargo/bin:$root/node_modules/.bin:$PATH"

work=$(mktemp -d "${TMPDIR:-/tmp}/clearlist-test.XXXXXX")
timings=$work/timings
: >"$timings"
run_started=$SECONDS
step_name=""
step_started=0
server_pid=""
background_pid=""

# Starts a step, ending the one before: its duration goes into the table.
step() {
  end_step
  step_name=$*
  step_started=$SECONDS
  printf '\n[test] === %s\n' "$*" >&2
}

end_step() {
  if [ -n "$step_name" ]; then
    printf '%s\t%s\n' "$((SECONDS - step_started))" "$step_name" >>"$timings"
    step_name=""
  fi
}

print_timings() {
  printf '\n[test] step durations (seconds, wall clock):\n' >&2
  while IFS=$'\t' read -r seconds name; do
    printf '[test] %6s  %s\n' "$seconds" "$name" >&2
  done <"$timings"
  printf '[test] %6s  total\n' "$((SECONDS - run_started))" >&2
}

cleanup() {
  local status=$?
  end_step
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$background_pid" ] && kill -0 "$background_pid" 2>/dev/null; then
    kill -- -"$background_pid" 2>/dev/null || kill "$background_pid" 2>/dev/null || true
    wait "$background_pid" 2>/dev/null || true
  fi
  print_timings
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# The background line: tools, then the release build of the app. Its steps are timed too
# (marked "background"); a failure is reported when the foreground waits for it.
background() {
  set -euo pipefail
  local started=$SECONDS
  bash scripts/setup.sh system node tools
  printf '%s\t%s\n' "$((SECONDS - started))" "background: tools (chromium, npm, trunk, wasm-bindgen)" >>"$timings"
  started=$SECONDS
  trunk build --release
  printf '%s\t%s\n' "$((SECONDS - started))" "background: release build of the app (trunk)" >>"$timings"
}

step "setup: the wasm32 target and the SMTP sink"
bash scripts/setup.sh rust mail
# Its own process group, so a failure in the foreground stops all of it.
set -m
background >"$work/background.log" 2>&1 &
background_pid=$!
set +m

step "cargo fmt --check"
cargo fmt --all --check

step "architecture checks"
bash scripts/check-architecture.sh

step "clippy (native)"
# The browser app is linted for wasm32, its only target.
cargo clippy --workspace --exclude clearlist-app --all-targets -- -D warnings

step "native tests"
cargo test --workspace --exclude clearlist-app

step "clippy (wasm32: engine and app)"
# One invocation for both, so their shared dependencies are checked once (separate ones
# resolve features apart and check much of the tree twice). The engine's property tests and
# benches are native only.
cargo clippy --target wasm32-unknown-unknown -p clearlist-engine -p clearlist-app \
  --lib --bins --tests -- -D warnings

step "fuzzing: every target for ${CLEARLIST_FUZZ_SECONDS:-20} s from its seeds"
# The app's release build (one codegen unit: mostly one core) is still running in the
# background; the fuzz targets take the other core meanwhile.
bash scripts/fuzz.sh "${CLEARLIST_FUZZ_SECONDS:-20}"

step "waiting for the background: tools and the release build of the app"
if ! wait "$background_pid"; then
  background_pid=""
  cat "$work/background.log" >&2
  echo "[test] the background (tools or the app's release build) failed" >&2
  exit 1
fi
background_pid=""
cat "$work/background.log" >&2

step "wasm tests in headless Chromium"
# wasm-bindgen-test-runner (the wasm32 runner in .cargo/config.toml) drives Debian's chromium
# through chromedriver; webdriver.json next to a package's Cargo.toml adds browser options.
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=300
# One invocation for the same reason as clippy's. The engine's and the app's unit tests run
# in Node, their `it` suites in Chromium.
cargo test --target wasm32-unknown-unknown -p clearlist-engine -p clearlist-app \
  --lib --bins --test it

step "demo database: 2,000 accounts, seed 7, three users"
# The server binary the native tests built (same profile: nothing more to compile).
clearlist=$target_dir/debug/clearlist
[ -x "$clearlist" ] || { echo "[test] $clearlist was not built by the native tests" >&2; exit 1; }
"$clearlist" demo --db "$work/clearlist.sqlite" --accounts 2000 --seed 7 \
  --credentials "$work/credentials.json" --suppression-sample "$work/suppression.csv" >/dev/null
# The reference for the browser's results: exactly what tenant 1's users download.
"$clearlist" build-dataset --db "$work/clearlist.sqlite" --tenant 1 --out "$work/dataset.clds"

step "clearlist serve on a free port"
# Port 0: the OS picks a free port and the server prints the URL it got. The binary is
# started directly (no wrapper), so $! is the server's own PID.
"$clearlist" serve --dist dist --db "$work/clearlist.sqlite" --addr 127.0.0.1:0 \
  >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/serve.out" || true)
  [ -n "$url" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$work/serve.log" >&2
    echo "[test] clearlist serve exited before listening" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$url" ]; then
  cat "$work/serve.log" >&2
  echo "[test] clearlist serve did not print its URL within 10 s" >&2
  exit 1
fi
echo "[test] server $server_pid at $url" >&2

step "browser end-to-end tests"
if ! CLEARLIST_URL="$url" CLEARLIST_DATASET="$work/dataset.clds" \
  CLEARLIST_CREDENTIALS="$work/credentials.json" CLEARLIST_BIN="$clearlist" \
  CLEARLIST_SUPPRESSION="$work/suppression.csv" node tests/e2e/run.mjs; then
  echo "[test] end-to-end tests failed; server log:" >&2
  tail -n 50 "$work/serve.log" >&2
  exit 1
fi
end_step

printf '\n[test] all checks passed (screenshots in %s/screenshots)\n' "$root"
