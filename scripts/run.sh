#!/usr/bin/env bash
# Builds Clearlist and serves it with a synthetic demo dataset at http://127.0.0.1:${PORT:-8080}/.
#
#   ./scripts/run.sh            # 100,000 demo accounts (generated once into data/demo/)
#   ACCOUNTS=20000 PORT=9000 ./scripts/run.sh
#
# The demo database has one organisation, "Demo Co", with an administrator, a list builder
# and a read-only user; their sign-in credentials are printed at start and kept in
# data/demo/credentials.json. Delete data/demo/ to regenerate the demo data (e.g. with
# another ACCOUNTS, or new passwords).
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium is for the tests only: the product itself needs no root.
bash scripts/setup.sh rust node tools
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

ACCOUNTS=${ACCOUNTS:-100000}
PORT=${PORT:-8080}
DEMO_DIR=data/demo
DB=$DEMO_DIR/clearlist.sqlite
CREDENTIALS=$DEMO_DIR/credentials.json

log() { printf '[run] %s\n' "$*" >&2; }

log "building the browser app (trunk build --release)"
trunk build --release

log "building the server"
cargo build --release -p clearlist-server
clearlist=target/release/clearlist

if [ ! -f "$DB" ]; then
  log "creating the demo database: $ACCOUNTS accounts (seed 42) and three users"
  # Built in a scratch directory under the final file name (SQLite's -wal/-shm files are
  # named after it) and moved into place when complete, so an interrupted run leaves no
  # half database that the next run would take as done. The credentials file holds
  # passwords: private to this user.
  partial=$DEMO_DIR/partial
  rm -rf "$partial"
  mkdir -p "$partial"
  (umask 077 && "$clearlist" demo --db "$partial/clearlist.sqlite" --accounts "$ACCOUNTS" \
    --seed 42 --credentials "$partial/credentials.json" \
    --suppression-sample "$partial/suppression-sample.csv" >/dev/null)
  mv "$partial/credentials.json" "$CREDENTIALS"
  mv "$partial/suppression-sample.csv" "$DEMO_DIR"/
  mv "$partial"/clearlist.sqlite* "$DEMO_DIR"/
  rmdir "$partial"
fi

if [ -f "$CREDENTIALS" ]; then
  log "demo sign-ins (from $CREDENTIALS):"
  node -e '
    const users = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const width = (key) => Math.max(...users.map((user) => user[key].length));
    for (const { role, email, password } of users)
      console.error(`[run]   ${role.padEnd(width("role"))}  ${email.padEnd(width("email"))}  ${password}`);
  ' "$CREDENTIALS"
else
  log "no $CREDENTIALS: delete $DEMO_DIR to recreate the demo users"
fi
if [ -f "$DEMO_DIR/suppression-sample.csv" ]; then
  log "a suppression file to try: $DEMO_DIR/suppression-sample.csv (List builder → Suppression file…)"
fi

# exec: Ctrl-C and SIGTERM reach the server directly, which shuts down gracefully.
exec "$clearlist" serve --dist dist --db "$DB" --addr "127.0.0.1:$PORT"
