#!/usr/bin/env bash
# Every check Clearlist has, in the order CI runs them; exits non-zero on the first failure.
#
#   1. formatting and clippy (native, and wasm32 for the crates that run in the browser)
#   2. native tests of the whole workspace
#   3. wasm tests in headless Chromium (engine, app components)
#   4. release build of the app and the server, a 2,000-account demo database (seed 7) with
#      tenant 1's three users, `clearlist serve` on a free port, and the browser end-to-end
#      tests against it (signed in as those users)
#
# Screenshots of the end-to-end run land in screenshots/ (a CI artifact).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\n[test] === %s\n' "$*" >&2; }

step "cargo fmt --check"
cargo fmt --all --check

step "clippy (native)"
cargo clippy --workspace --all-targets -- -D warnings

step "clippy (wasm32: engine and app)"
# The engine's WASM targets are its library and its `it` suite (property tests and benches
# are native only).
cargo clippy -p clearlist-engine --target wasm32-unknown-unknown --lib --test it -- -D warnings
cargo clippy -p clearlist-app --target wasm32-unknown-unknown --all-targets -- -D warnings

step "dependency invariants: the engine pulls in no server, async or web crate"
for crate in tokio axum web-sys leptos; do
  if [ -n "$(cargo tree -p clearlist-engine -e normal --target all -i "$crate" 2>/dev/null)" ]; then
    echo "[test] clearlist-engine depends on $crate" >&2
    exit 1
  fi
done

step "native tests"
cargo test --workspace

step "wasm tests in headless Chromium"
# wasm-bindgen-test-runner (the wasm32 runner in .cargo/config.toml) drives Debian's chromium
# through chromedriver; webdriver.json next to a package's Cargo.toml adds browser options.
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=300
cargo test -p clearlist-engine --target wasm32-unknown-unknown --test it
cargo test -p clearlist-app --target wasm32-unknown-unknown

step "release build of the app (trunk) and the server"
trunk build --release
cargo build --release -p clearlist-server
clearlist=$PWD/target/release/clearlist

step "demo database: 2,000 accounts, seed 7, three users"
work=$(mktemp -d "${TMPDIR:-/tmp}/clearlist-e2e.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
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

printf '\n[test] all checks passed (screenshots in %s/screenshots)\n' "$PWD"
