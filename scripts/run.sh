#!/usr/bin/env bash
# Builds Clearlist and serves it with a synthetic demo dataset at http://127.0.0.1:${PORT:-8080}/.
#
#   ./scripts/run.sh            # 100,000 demo accounts (generated once into data/demo/)
#   ACCOUNTS=20000 PORT=9000 ./scripts/run.sh
#
# Delete data/demo/ to regenerate the demo data (e.g. with another ACCOUNTS).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

ACCOUNTS=${ACCOUNTS:-100000}
PORT=${PORT:-8080}
DEMO_DIR=data/demo
DATASET=$DEMO_DIR/dataset.clds

log() { printf '[run] %s\n' "$*" >&2; }

log "building the browser app (trunk build --release)"
trunk build --release

log "building the server"
cargo build --release -p clearlist-server
clearlist=target/release/clearlist

if [ ! -f "$DATASET" ]; then
  log "generating a demo vault of $ACCOUNTS accounts (seed 42)"
  rm -rf "$DEMO_DIR/vault"
  mkdir -p "$DEMO_DIR"
  "$clearlist" generate --accounts "$ACCOUNTS" --seed 42 --out "$DEMO_DIR/vault"
  log "building the de-identified dataset"
  # Written under a temporary name first, so an interrupted build leaves no half file behind.
  "$clearlist" build-dataset --from "$DEMO_DIR/vault" --out "$DATASET.partial"
  mv "$DATASET.partial" "$DATASET"
fi

# exec: Ctrl-C and SIGTERM reach the server directly, which shuts down gracefully.
exec "$clearlist" serve --dist dist --dataset "$DATASET" --addr "127.0.0.1:$PORT"
