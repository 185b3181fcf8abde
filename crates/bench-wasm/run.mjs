// Times the engine's WASM build in Node: decode + index, the contact bitmaps, the
// type-ahead's word index, Q1–Q9, and the client's share of
// the oblivious PRF. Usage: node run.mjs PKG_DIR DATASET_FILE [ROUNDS]
// Prints medians and 95th percentiles in milliseconds as JSON lines.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import path from 'node:path';

const [pkgDir, datasetPath, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 50);
const require = createRequire(import.meta.url);
const wasm = require(path.resolve(pkgDir, 'clearlist_bench_wasm.js'));

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const report = (name, samples, extra = {}) => {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(JSON.stringify({ name, n: sorted.length, p50_ms: +percentile(sorted, 50).toFixed(4), p95_ms: +percentile(sorted, 95).toFixed(4), ...extra }));
};
const time = (fn) => { const t0 = performance.now(); const out = fn(); return [performance.now() - t0, out]; };

const bytes = readFileSync(datasetPath);
const memoryBefore = wasm.__wasm ? wasm.__wasm.memory.buffer.byteLength : 0;
const decodes = [], prepares = [], searches = [];
let searchHeap = 0;
let bench, decodedHeap;
for (let i = 0; i < 5; i++) {
  if (bench) bench.free();
  const [ms, b] = time(() => new wasm.Bench(bytes));
  decodes.push(ms);
  bench = b;
  decodedHeap = bench.heap_bytes();
  prepares.push(time(() => bench.prepare_contacts())[0]);
  const beforeSearch = bench.heap_bytes();
  searches.push(time(() => bench.prepare_search())[0]);
  searchHeap = bench.heap_bytes() - beforeSearch;
}
const accounts = bench.accounts();
report('decode_index', decodes, { accounts, wire_bytes: bytes.length, heap_bytes_per_account: +(decodedHeap / accounts).toFixed(1) });
report('contact_bitmaps', prepares, { heap_bytes_per_account: +((bench.heap_bytes() - searchHeap - decodedHeap) / accounts).toFixed(1) });
report('search_index', searches, { heap_bytes_per_account: +(searchHeap / accounts).toFixed(1) });

const names = bench.query_names();
names.forEach((name, index) => {
  for (let i = 0; i < 5; i++) bench.run_query(index); // warm
  const samples = [];
  let count = 0;
  for (let i = 0; i < rounds; i++) { const [ms, c] = time(() => bench.run_query(index)); samples.push(ms); count = c; }
  report(name, samples, { count });
});
{
  for (let i = 0; i < 5; i++) bench.run_contact_facets();
  const samples = [];
  let first = 0;
  for (let i = 0; i < rounds; i++) { const [ms, c] = time(() => bench.run_contact_facets()); samples.push(ms); first = c; }
  report('Q9', samples, { first_function_contacts: first });
}
{
  const samples = [];
  let suppressed = 0;
  for (let i = 0; i < Math.max(5, rounds / 5); i++) { const [ms, c] = time(() => bench.run_suppression()); samples.push(ms); suppressed = c; }
  report('Q4', samples, { suppressed_contacts: suppressed });
}
{
  for (let i = 0; i < 50; i++) bench.run_typeahead();
  const samples = [];
  for (let i = 0; i < rounds * 4; i++) samples.push(time(() => bench.run_typeahead())[0]);
  report('Q5', samples);
}
{
  for (let i = 0; i < 50; i++) bench.run_typeahead_inside();
  const samples = [];
  for (let i = 0; i < rounds * 4; i++) samples.push(time(() => bench.run_typeahead_inside())[0]);
  report('Q8', samples);
}
{
  const n = 1000;
  const blinds = [], finals = [];
  for (let i = 0; i < 5; i++) { const [b, f] = wasm.oprf_client_cost(n, performance); blinds.push(b / n); finals.push(f / n); }
  report('oprf_client_blind_per_email', blinds);
  report('oprf_client_finalize_per_email', finals);
}
if (memoryBefore) console.log(JSON.stringify({ name: 'wasm_memory_bytes', bytes: wasm.__wasm.memory.buffer.byteLength }));
