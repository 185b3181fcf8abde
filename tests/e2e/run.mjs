// End-to-end tests of Clearlist in headless Chromium, driven by playwright-core.
//
//   CLEARLIST_URL=http://127.0.0.1:PORT/   a running `clearlist serve`
//   CLEARLIST_DATASET=/path/dataset.clds   the dataset that server serves
//   CLEARLIST_BIN=/path/clearlist          the CLI, whose `query` is the reference result
//   node tests/e2e/run.mjs
//
// Optional: CHROMIUM (default /usr/bin/chromium), CLEARLIST_SCREENSHOTS (default screenshots/).
// scripts/test.sh sets everything up and runs this file.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { ListPage } from "./pages.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BASE_URL = required("CLEARLIST_URL");
const DATASET = required("CLEARLIST_DATASET");
const BIN = required("CLEARLIST_BIN");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const SCREENSHOTS = resolve(process.env.CLEARLIST_SCREENSHOTS ?? join(ROOT, "screenshots"));
const VIEWPORT = { width: 1440, height: 900 };

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see the header of tests/e2e/run.mjs)`);
  return value;
}

/** Runs the CLI and returns its stdout (logs go to stderr). */
function cli(...args) {
  return execFileSync(BIN, args, { encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "pipe"] });
}

/** The reference result of a list URL: `{count, top: [{id, score}], facets}`. */
function reference(url) {
  return JSON.parse(cli("query", "--dataset", DATASET, "--url", url, "--top", "10", "--json"));
}

/** The most frequent values of a multi- or single-valued field over the dataset's accounts. */
function mostFrequent(accounts, field) {
  const counts = new Map();
  for (const account of accounts) {
    for (const value of [account[field]].flat()) {
      if (value != null) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).map(([value]) => value);
}

let browser;
let slugs;

before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const accounts = cli("dump", "--dataset", DATASET, "--jsonl")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
  slugs = {
    segment: mostFrequent(accounts, "segment")[0],
    industry: mostFrequent(accounts, "industry")[0],
  };
  assert.ok(slugs.segment && slugs.industry, `dump gave no segment or industry: ${JSON.stringify(slugs)}`);
});

after(async () => {
  await browser?.close();
});

/**
 * A fresh browser context and page that records every console error, uncaught exception
 * and Content-Security-Policy violation, and every value of the download progress bar.
 */
async function openPage(t) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  t.after(() => context.close());
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  // Init scripts run through the DevTools protocol, outside the page's CSP.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
    });
    window.__progress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="download-progress"]');
      if (bar) window.__progress.push({ value: bar.getAttribute("value"), max: bar.getAttribute("max") });
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  const list = new ListPage(page);
  const assertClean = async () => {
    const violations = await page.evaluate(() => window.__cspViolations);
    assert.deepEqual([...problems, ...violations.map((v) => `CSP violation: ${v}`)], []);
  };
  return { context, page, list, assertClean };
}

test("the app loads under the CSP, shows download progress, then the count", async (t) => {
  const { context, page, list, assertClean } = await openPage(t);
  const datasetBytes = statSync(DATASET).size;
  // Throttle the connection so the download takes a few seconds and the bar is seen moving:
  // the dataset's raw size in ~5 s (brotli roughly halves it), never below 32 kB/s.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 20,
    downloadThroughput: Math.max(32_000, Math.round(datasetBytes / 5)),
    uploadThroughput: -1,
  });

  const response = await list.open(BASE_URL);
  const csp = response.headers()["content-security-policy"] ?? "";
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);

  await list.progress.waitFor({ state: "visible", timeout: 60_000 });
  const count = await list.count({ timeout: 120_000 });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });

  assert.equal(count, reference("v=1").count);
  assert.match(await list.countText(), /^[\d,]+ matching accounts?$/);
  const samples = await page.evaluate(() => window.__progress);
  const totals = new Set(samples.map((sample) => sample.max).filter((max) => max !== null));
  assert.deepEqual([...totals], [String(datasetBytes)], "the bar's total is the dataset size");
  assert.ok(
    samples.some((sample) => Number(sample.value) > 0 && Number(sample.value) < datasetBytes),
    `the bar showed partial progress: ${JSON.stringify(samples.slice(0, 20))}`,
  );
  await assertClean();
});

/** List URLs checked against `clearlist query`; built once the dataset's slugs are known. */
function listUrls() {
  return [
    "v=1",
    "v=1&country=any:us,gb,de",
    `v=1&seg=${slugs.segment}&signal=any:late-stage`,
    `v=1&industry=not:${slugs.industry}&sort=name`,
    `v=1&seg=${slugs.segment}&gauge=any:evaluating-vendors,ramping-up&employees=not:1-10`,
  ];
}

test("list URLs give the same count and top 10 as the engine's CLI", async (t) => {
  for (const url of listUrls()) {
    await t.test(url, async (t) => {
      const expected = reference(url);
      const { list, assertClean } = await openPage(t);
      await list.open(BASE_URL, url);
      assert.equal(await list.count(), expected.count);
      const rows = await list.topRows();
      assert.deepEqual(
        rows.map((row) => row.id),
        expected.top.map((ranked) => ranked.id),
      );
      assert.deepEqual(
        rows.map((row) => row.score),
        expected.top.map((ranked) => ranked.score.toFixed(2)),
      );
      for (const row of rows) {
        assert.ok(row.name && row.domain && row.country && row.industry && row.employees, JSON.stringify(row));
        assert.equal(row.signals.length, 5, JSON.stringify(row));
        for (const signal of row.signals) assert.match(signal.label, /: (on|off)$/);
      }
      await assertClean();
    });
  }
});

test("following a link to another list updates the page in place", async (t) => {
  const { list, assertClean } = await openPage(t);
  await list.open(BASE_URL, "v=1");
  assert.equal(await list.count(), reference("v=1").count);
  const next = "v=1&country=any:us";
  const expected = reference(next);
  await list.goToList(next);
  await list.waitForCount(expected.count);
  assert.deepEqual(
    (await list.topRows()).map((row) => row.id),
    expected.top.map((ranked) => ranked.id),
  );
  await assertClean();
});

test("a malformed list URL shows an error, not a list", async (t) => {
  for (const url of ["v=1&bogus=1", "v=2", "country=any:us", "v=1&sort=sideways"]) {
    await t.test(url, async (t) => {
      const { list, assertClean } = await openPage(t);
      await list.open(BASE_URL, url);
      await list.urlError.waitFor({ state: "visible", timeout: 60_000 });
      assert.equal(await list.urlError.getAttribute("role"), "alert");
      assert.match(await list.urlError.innerText(), /not valid/);
      assert.equal(await list.matchCount.count(), 0);
      await assertClean();
    });
  }
});

test("screenshots of the list page at 1440x900", async (t) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const shots = [
    ["list-1440x900.png", `v=1&seg=${slugs.segment}`, VIEWPORT],
    ["list-tablet-820x1180.png", `v=1&seg=${slugs.segment}`, { width: 820, height: 1180 }],
    ["url-error-1440x900.png", "v=1&bogus=1", VIEWPORT],
  ];
  for (const [file, url, viewport] of shots) {
    const { page, list, assertClean } = await openPage(t);
    await page.setViewportSize(viewport);
    await list.open(BASE_URL, url);
    if (file.startsWith("url-error")) await list.urlError.waitFor({ timeout: 60_000 });
    else await list.count();
    const path = join(SCREENSHOTS, file);
    await page.screenshot({ path });
    assert.ok(statSync(path).size > 10_000, `${path} looks empty`);
    await assertClean();
  }
});
