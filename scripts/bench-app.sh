#!/usr/bin/env bash
# In-browser benchmark of the real app: filter click → updated list, at 100k and 1M accounts
# (tests/e2e/bench.mjs describes what is timed and how).
#
# For each size: a demo database (seed 7, tenant 1, three users) under the work directory,
# created once and reused; `clearlist serve` on a free port; bench.mjs signed in as the
# administrator (BENCH_RUNS times, each in a fresh browser that downloads the dataset);
# the server stopped by its PID. Reports land in $BENCH_WORK/results/ (JSON and the table).
#
#   scripts/bench-app.sh                      # 100000 and 1000000 accounts
#   scripts/bench-app.sh 100000               # the sizes to run, as arguments
#
# Environment (all optional):
#   CLEARLIST_BIN    the server CLI (default: release/clearlist in $CARGO_TARGET_DIR or target/)
#   CLEARLIST_DIST   the built app (default: dist/ of this repository)
#   BENCH_WORK       work directory (default /tmp/clearlist-bench); databases in
#                    $BENCH_WORK/<accounts>/clearlist.sqlite, reused when complete
#   BENCH_SEED       demo seed (default 7)
#   BENCH_RUNS       bench.mjs runs per size (default 1)
#   BENCH_LIST       the list the clicks start from (default v=1; bench.mjs says more)
#   BENCH_ITERATIONS, BENCH_MODES, BENCH_SETTLE_MS, BENCH_LOAD_TIMEOUT_MS,
#   BENCH_CLICK_TIMEOUT_MS, CHROMIUM
#                    passed to bench.mjs
#   BENCH_NICE       niceness of everything started here (default 19: shares the machine)
#
# Needs node and playwright-core (scripts/setup.sh installs it) and /usr/bin/chromium.
# Building the 1M database takes minutes (pseudonyms for ~5M contacts) and ~3 GB of RAM;
# the server then holds the dataset in memory, the browser downloads and decodes it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bin=$(realpath "${CLEARLIST_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/clearlist}")
dist=$(realpath "${CLEARLIST_DIST:-$root/dist}")
work=${BENCH_WORK:-/tmp/clearlist-bench}
seed=${BENCH_SEED:-7}
runs=${BENCH_RUNS:-1}
nice_level=${BENCH_NICE:-19}
if [ "$#" -gt 0 ]; then sizes=("$@"); else sizes=(100000 1000000); fi

log() { printf '[bench-app %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
[ -x "$bin" ] || die "no server binary at $bin (set CLEARLIST_BIN)"
[ -f "$dist/index.html" ] || die "no built app in $dist (set CLEARLIST_DIST)"
[ -d "$root/node_modules/playwright-core" ] || die "playwright-core is missing: run scripts/setup.sh"
run_nice() { nice -n "$nice_level" "$@"; }

mkdir -p "$work/results"
stamp=$(date +%Y%m%d-%H%M%S)
server_pid=""
sampler=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
stop_all() {
  if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; fi
  stop_server
}
trap stop_all EXIT

log "binary $bin; app $dist; work $work"
log "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/{print $2}') GiB RAM; $(/usr/bin/chromium --version 2>/dev/null | head -1)"
free -g >&2

reports=()
for accounts in "${sizes[@]}"; do
  dir="$work/$accounts"
  db="$dir/clearlist.sqlite"
  mkdir -p "$dir"
  # A database is complete once demo.ok exists; a partial one (interrupted) is rebuilt.
  if [ ! -f "$dir/demo.ok" ]; then
    rm -f "$db" "$db-wal" "$db-shm" "$dir/credentials.json"
    log "creating the demo database: $accounts accounts, seed $seed (1M: several minutes)"
    start=$(date +%s)
    # Wall time and peak memory of the set-up land in demo.log (GNU time, when installed).
    timer=()
    [ -x /usr/bin/time ] && timer=(/usr/bin/time -v)
    run_nice "${timer[@]}" "$bin" demo --db "$db" --accounts "$accounts" --seed "$seed" \
      --credentials "$dir/credentials.json" >"$dir/demo.out" 2>"$dir/demo.log" ||
      { tail -n 20 "$dir/demo.log" >&2; die "clearlist demo failed for $accounts accounts"; }
    echo "accounts=$accounts seed=$seed seconds=$(($(date +%s) - start))" >"$dir/demo.ok"
    log "database ready in $(($(date +%s) - start)) s"
  else
    log "reusing $db ($(cat "$dir/demo.ok"))"
  fi

  log "starting clearlist serve ($accounts accounts; it builds the dataset before listening)"
  start=$(date +%s)
  # The binary is started directly (nice execs it), so $! is the server's own PID.
  nice -n "$nice_level" "$bin" serve --dist "$dist" --db "$db" --addr 127.0.0.1:0 \
    >"$dir/serve.out" 2>"$dir/serve.log" &
  server_pid=$!
  url=""
  for _ in $(seq 1 6000); do # up to 10 minutes
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$dir/serve.out" || true)
    [ -n "$url" ] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
      tail -n 20 "$dir/serve.log" >&2
      die "clearlist serve exited before listening"
    fi
    sleep 0.1
  done
  [ -n "$url" ] || { tail -n 20 "$dir/serve.log" >&2; die "clearlist serve printed no URL within 10 minutes"; }
  log "server $server_pid at $url after $(($(date +%s) - start)) s"

  for run in $(seq 1 "$runs"); do
    out="$work/results/$stamp-$accounts-run$run.json"
    log "bench.mjs: $accounts accounts, run $run of $runs"
    start=$(date +%s)
    # Other work on the machine skews the figures: every 5 s, note the load and any
    # compiler or linker running (the figures say how often one was).
    (while :; do
      printf '%s load %s busy %s\n' "$(date +%T)" "$(cut -d' ' -f1 /proc/loadavg)" \
        "$(ps -eo comm= | grep -cE '^(rustc|cargo|cc|c\+\+|ld|ld\.lld|rust-lld|trunk|wasm-opt|wasm-bindgen)$' || true)"
      sleep 5
    done) >"${out%.json}.load" &
    sampler=$!
    if ! BENCH_OUT="$out" BENCH_LABEL="$accounts${BENCH_LIST:+ $BENCH_LIST}" \
      run_nice node "$root/tests/e2e/bench.mjs" "$url" "$dir/credentials.json" \
      >/dev/null 2> >(tee "${out%.json}.txt" >&2); then
      tail -n 30 "$dir/serve.log" >&2
      die "bench.mjs failed ($accounts accounts, run $run)"
    fi
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    sampler=""
    log "run $run took $(($(date +%s) - start)) s; $(awk '{n++; if ($5 > 0) b++; l += $3} END {printf "compiler/linker processes seen in %d of %d samples, mean 1-min load %.2f", b, n, l / n}' "${out%.json}.load")"
    reports+=("$out")
  done
  log "stopping the server ($server_pid)"
  stop_server
done

# Every run of this invocation, side by side.
node - "${reports[@]}" <<'EOF'
const { existsSync, readFileSync } = require("node:fs");
// The load samples taken during a run: "compiler seen in b of n", mean 1-min load.
const busy = (file) => {
  const load = file.replace(/\.json$/, ".load");
  if (!existsSync(load)) return "—";
  const lines = readFileSync(load, "utf8").trim().split("\n").map((l) => l.split(" "));
  const b = lines.filter((l) => Number(l[4]) > 0).length;
  const mean = lines.reduce((a, l) => a + Number(l[2]), 0) / lines.length;
  return `${b}/${lines.length} | ${mean.toFixed(2)}`;
};
const files = process.argv.slice(2);
const rows = files.map((file) => ({ ...JSON.parse(readFileSync(file, "utf8")), busy: busy(file) }));
const fmt = (s) => (s ? `${s.p50} | ${s.p95} | ${s.min} | ${s.max} | ${s.n}` : "— | — | — | — | 0");
console.log(`\nFilter click → updated list painted (ms), Chromium ${rows[0]?.chromium}`);
console.log("click: at any point of a frame, as a user clicks; frame: at the start of a frame (the click's own work)\n");
console.log("| accounts | run | mode | p50 | p95 | min | max | n | ≤ 16.7 ms | script+DOM p50 | counts painted p50 | load (s) | compiling | load avg |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
const runOf = {};
for (const r of rows) {
  runOf[r.label] = (runOf[r.label] ?? 0) + 1;
  for (const [mode, { summary: s }] of Object.entries(r.modes)) {
    console.log(
      `| ${r.label} | ${runOf[r.label]} | ${mode} | ${fmt(s.list_ms)} | ${s.within_frame}/${s.list_ms?.n ?? 0} | ` +
        `${s.list_dom_ms?.p50} | ${s.counts_ms?.p50} | ${(r.load_ms / 1000).toFixed(1)} | ${r.busy} |`,
    );
  }
}
// Over all runs of a size, per mode: the figures BENCHMARKS.md quotes.
const FRAME_MS = 16.7; // one frame at 60 Hz, as in bench.mjs
const pooled = {};
for (const r of rows) {
  for (const s of r.samples.filter((x) => !x.warmup)) {
    const p = (pooled[`${r.label} ${s.mode}`] ??= { list: [], dom: [], counts: [] });
    p.list.push(s.list_ms);
    p.dom.push(s.list_dom_ms);
    p.counts.push(s.counts_ms);
  }
}
const pct = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return (Math.round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] * 10) / 10).toFixed(1);
};
console.log("\nAll runs pooled (nearest-rank percentiles):\n");
console.log("| accounts, mode | list p50 | list p95 | ≤ 16.7 ms | script+DOM p50 | counts painted p50 / p95 | n |");
console.log("|---|---|---|---|---|---|---|");
for (const [key, p] of Object.entries(pooled)) {
  const within = p.list.filter((x) => x <= FRAME_MS).length;
  console.log(
    `| ${key} | ${pct(p.list, 0.5)} | ${pct(p.list, 0.95)} | ${within}/${p.list.length} | ${pct(p.dom, 0.5)} | ` +
      `${pct(p.counts, 0.5)} / ${pct(p.counts, 0.95)} | ${p.list.length} |`,
  );
}
EOF
log "reports: ${reports[*]}"
