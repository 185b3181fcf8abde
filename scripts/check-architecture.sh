#!/usr/bin/env bash
# The rules ARCHITECTURE.md states about the code's shape, checked (part of scripts/test.sh).
#
#   - the engine pulls in no server, async, database or web crate: it is the pure core the
#     browser and the server both run;
#   - the app's dependency tree holds no clearlist-vault-io (generator, vault CSV);
#   - the app reaches the engine only through src/engine_bridge* (lists, accounts, company
#     search, and the engine's value types, re-exported) and src/suppression_file*
#     (suppression files and the browser's half of the OPRF);
#   - only the app's API client (src/api*) handles the CSRF token, and only it sends
#     requests (`fetch`, `gloo_net`);
#   - every Rust source file opens with a module doc (`//!`).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { printf '[architecture] %s\n' "$*" >&2; exit 1; }

for crate in tokio axum web-sys leptos rusqlite; do
  if [ -n "$(cargo tree -p clearlist-engine -e normal --target all -i "$crate" 2>/dev/null)" ]; then
    fail "clearlist-engine depends on $crate"
  fi
done

if [ -n "$(cargo tree -p clearlist-app -e normal --target all -i clearlist-vault-io 2>/dev/null)" ]; then
  fail "the browser app depends on clearlist-vault-io (server and tests only)"
fi

outside=$(grep -rl 'clearlist_engine' src --include='*.rs' |
  grep -v -E '^src/(engine_bridge|suppression_file)(/|\.rs$)' || true)
[ -z "$outside" ] || fail "app files that use the engine outside engine_bridge and suppression_file: $outside"

tokens=$(grep -rlE 'csrf|CSRF' src --include='*.rs' | grep -v -E '^src/api(/|\.rs$)' || true)
[ -z "$tokens" ] || fail "app files outside the API client that handle the CSRF token: $tokens"
senders=$(grep -rlE 'gloo_net::http::Request|\.fetch_with_' src --include='*.rs' | grep -v -E '^src/api(/|\.rs$)' || true)
[ -z "$senders" ] || fail "app files outside the API client that send requests: $senders"

undocumented=$(find src crates -name '*.rs' -not -path '*/target/*' -print0 |
  xargs -0 awk 'FNR == 1 && !/^\/\/!/ { print FILENAME }' || true)
[ -z "$undocumented" ] || fail "files without a module doc on their first line: $undocumented"

printf '[architecture] ok\n' >&2
