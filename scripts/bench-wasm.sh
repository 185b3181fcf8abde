#!/usr/bin/env bash
# Benchmarks the engine's WebAssembly build in Node on generated datasets.
# Usage: scripts/bench-wasm.sh [ACCOUNTS...]   (default: 100000 1000000)
# Datasets are generated once into target/bench-data/ (seed 42, cheap stand-in pseudonyms
# as in the native benches).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)

cargo build --quiet --release -p clearlist-bench-wasm --target wasm32-unknown-unknown
build=${CARGO_TARGET_DIR:-target}
pkg=$build/bench-wasm-pkg
wasm-bindgen --target nodejs --out-dir "$pkg" "$build/wasm32-unknown-unknown/release/clearlist_bench_wasm.wasm"
cargo build --quiet --release -p clearlist-server
for n in "${sizes[@]}"; do
  data=target/bench-data/dataset-$n.clds
  # The native bench keeps a cached file only if this build decodes it (an older format
  # version is generated again).
  CLEARLIST_BENCH_SIZES=$n cargo bench --quiet -p clearlist-engine --bench engine -- --test decode_index >/dev/null
  echo "# WASM (Node $(node --version)), $n accounts"
  node crates/bench-wasm/run.mjs "$pkg" "$data" "${ROUNDS:-50}"
done
