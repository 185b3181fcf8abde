#!/usr/bin/env bash
# The rules ARCHITECTURE.md states about the code's shape, checked (part of scripts/test.sh).
#
#   - the engine pulls in no server, async, database or web crate: it is the pure core the
#     browser and the server both run
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { printf '[architecture] %s\n' "$*" >&2; exit 1; }

for crate in tokio axum web-sys leptos rusqlite; do
  if [ -n "$(cargo tree -p clearlist-engine -e normal --target all -i "$crate" 2>/dev/null)" ]; then
    fail "clearlist-engine depends on $crate"
  fi
done
printf '[architecture] ok\n' >&2
