// Benchmark of an import through the browser while another user works: an Administrator
// uploads the four CSV files on the Import page (headless Chromium) while a List Builder,
// from Node, keeps reading (`GET /api/lists`), writing (`POST` then `DELETE /api/lists`)
// and signing in. Reports the import's wall time by stage and the other user's request
// latencies (median, p95, max) before, during and for as long again after the import.
// Not part of the test suite.
//
//   CLEARLIST_URL=http://127.0.0.1:PORT/ CLEARLIST_CREDENTIALS=creds.json \
//     node tests/e2e/bench-import.mjs CSV_DIR
//
//   CSV_DIR  a directory of meta.csv, accounts.csv, contacts.csv and intent.csv, e.g.
//            `clearlist generate --accounts 100000 --seed 3 --out CSV_DIR`
// Optional: BENCH_BASELINE_MS (default 10000): how long the other user works first.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { launchBrowser } from "./browser.mjs";
import { LoginPage } from "./pages.mjs";

const BASE = process.env.CLEARLIST_URL;
const CREDENTIALS = JSON.parse(readFileSync(process.env.CLEARLIST_CREDENTIALS, "utf8"));
const DIR = process.argv[2];
const BASELINE_MS = Number(process.env.BENCH_BASELINE_MS ?? 10_000);
assert.ok(BASE && DIR, "usage: CLEARLIST_URL=… CLEARLIST_CREDENTIALS=… node tests/e2e/bench-import.mjs CSV_DIR");
const who = (role) => CREDENTIALS.find((c) => c.role === role);

/** Signs in from Node; returns a fetch that carries the session. */
async function signIn(role) {
  const { email, password } = who(role);
  const response = await fetch(new URL("/api/session", BASE), {
    method: "POST",
    headers: { "content-type": "application/json", origin: new URL(BASE).origin },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrf_token: csrf } = await response.json();
  return (path, init = {}) =>
    fetch(new URL(path, BASE), {
      ...init,
      headers: { cookie, "x-csrf-token": csrf, origin: new URL(BASE).origin, "content-type": "application/json", ...init.headers },
    });
}

/** The other user's loop until `stop()`; latencies in ms per kind. */
function otherUser(call) {
  const samples = { read: [], write: [], sign_in: [] };
  let running = true;
  const timed = async (kind, work) => {
    const t0 = performance.now();
    await work();
    samples[kind].push(performance.now() - t0);
  };
  // Writes every 2.5 s stay inside the server's 60 changes per user per minute.
  let lastWrite = 0;
  const loop = (async () => {
    while (running) {
      await timed("read", async () => assert.equal((await call("/api/lists")).status, 200));
      if (Date.now() - lastWrite > 2_500) {
        lastWrite = Date.now();
        await timed("write", async () => {
          const created = await call("/api/lists", { method: "POST", body: JSON.stringify({ name: `Bench ${Date.now()}`, definition: "v=1&country=any:de" }) });
          assert.equal(created.status, 201, await created.clone().text());
          const { id } = await created.json();
          assert.equal((await call(`/api/lists/${id}`, { method: "DELETE" })).status, 204);
        });
        await timed("sign_in", async () => signIn("read-only"));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return samples;
  };
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, median: +at(0.5).toFixed(1), p95: +at(0.95).toFixed(1), max: +sorted.at(-1).toFixed(1) };
}

const report = (samples) => Object.fromEntries(Object.entries(samples).map(([kind, values]) => [kind, summary(values)]));

const builder = await signIn("list-builder");
let stop = otherUser(builder);
await new Promise((resolve) => setTimeout(resolve, BASELINE_MS));
const baseline = report(await stop());

const browser = await launchBrowser();
const page = await (await browser.newContext({ serviceWorkers: "block" })).newPage();
await page.goto(BASE);
await new LoginPage(page).signIn(who("administrator"), { timeout: 600_000 });
await page.getByTestId("session-user").waitFor({ timeout: 600_000 });
await page.goto(new URL("/organisation/import", BASE).href);
await page.getByTestId("import-page").waitFor({ timeout: 600_000 });
await page.getByTestId("import-files").setInputFiles(["meta", "accounts", "contacts", "intent"].map((p) => join(DIR, `${p}.csv`)));

stop = otherUser(builder);
const stages = [];
const started = performance.now();
await page.getByTestId("import-run").click();
let last = "";
for (;;) {
  const state = await page.evaluate(() => ({
    stage: document.querySelector('[data-testid="import-progress"]')?.dataset.stage ?? "",
    done: document.querySelector('[data-testid="import-report"]')?.dataset.dryRun === "false",
    failed: document.querySelector('[data-testid="import-error"]')?.innerText,
  }));
  assert.ok(!state.failed, state.failed);
  if (state.stage && state.stage !== last) {
    stages.push({ stage: state.stage, at_s: +((performance.now() - started) / 1000).toFixed(1) });
    last = state.stage;
  }
  if (state.done) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const total = (performance.now() - started) / 1000;
const during = report(await stop());
// Right after: the first requests that need the dataset wait for its rebuild.
stop = otherUser(builder);
await new Promise((resolve) => setTimeout(resolve, BASELINE_MS));
const afterwards = report(await stop());
const counts = await page.getByTestId("import-report").evaluate((el) => ({ accounts: el.dataset.accounts, contacts: el.dataset.contacts, skipped: el.dataset.skipped }));
await browser.close();
console.log(JSON.stringify({ import_s: +total.toFixed(1), stages, counts, baseline, during, afterwards }, null, 2));
