// In-browser benchmark of the real app: time from a filter click to the updated list.
// Not part of the test suite (run.mjs does not import it); scripts/bench-app.sh runs it.
//
//   node tests/e2e/bench.mjs URL CREDENTIALS_JSON
//   CLEARLIST_URL=http://127.0.0.1:PORT/ CLEARLIST_CREDENTIALS=creds.json node tests/e2e/bench.mjs
//
//   URL          a running `clearlist serve` (argv[2], else CLEARLIST_URL)
//   CREDENTIALS  the JSON `clearlist demo --credentials` writes (argv[3], else
//                CLEARLIST_CREDENTIALS); the administrator signs in
// Optional environment:
//   BENCH_ITERATIONS  filter clicks per mode, the first one a discarded warm-up (default 41)
//   BENCH_MODES       the ways of clicking, in order (default "click,frame"; see below)
//   BENCH_LABEL       a name for the run in the report (default: the dataset's account count)
//   BENCH_LIST        the list the clicks start from and return to, as its canonical
//                     fragment (default "v=1"; e.g. a list with contact clauses,
//                     "v=1&fn=any:it,security&level=min:director&reach=exportable")
//   BENCH_OUT         also write the JSON report to this file
//   BENCH_LOAD_TIMEOUT_MS  sign-in → list builder (download + decode + index), default 600000
//   BENCH_CLICK_TIMEOUT_MS one click → painted list, default 120000
//   BENCH_SETTLE_MS   idle time between clicks once the facet counts are in (default 300)
//   CHROMIUM          the browser (default /usr/bin/chromium)
//
// What is measured, inside the page (no CDP round trip in the timed span):
//   t0 = performance.now() immediately before `input.click()` on a facet value's checkbox
//   (the app's on:change sets the list's fragment signal, which re-evaluates and re-renders
//   in the following microtasks; the address bar follows once that frame is painted).
//   A MutationObserver on the results column (match count, chips, the accounts table)
//   sees the first DOM change; from there the next requestAnimationFrame, then a
//   task posted from that rAF callback with scheduler.postTask(priority "user-blocking")
//   (it runs once that frame's style, layout and paint are done) gives t1, provided the
//   match count (`data-count`) or the first row (`data-account-id`) differs from before the
//   click (else it waits for the next frame). Every click is checked to have changed one of
//   them, so a no-op is never timed, and the counts below wait for the new URL, so every
//   click is checked to have reached the address bar too. (Not a plain setTimeout(0): that
//   queues behind the app's facet-count task, queued earlier, and would time the counting
//   too.)
//     list_ms        t1 − t0: "filter click → updated list painted" (the headline figure)
//     click_sync_ms  `click()` returned − t0: the synchronous part (the change handler and
//                    the fragment signal); the reactive updates follow
//     list_dom_ms    last DOM mutation of the results column (not counting the contact
//                    count, which the facet-count task fills in) before that frame − t0:
//                    the script work (evaluate + render), without the frame wait and paint
//     list_frame_ms  that frame's rAF callbacks start − t0 (Chromium runs a style and layout
//                    pass first when the content under the pointer changed; paint follows)
//     counts_dom_ms, counts_ms  the facet counts of the new list in the DOM (the filter
//                    panel's `data-counted` equals the new list's URL), and painted (next
//                    rAF + the same post-paint task) − t0. The app counts facets in a task
//                    after the list; this is reported separately and is NOT in list_ms.
// Two ways of clicking, each with its own BENCH_ITERATIONS clicks (BENCH_MODES, default
// "click,frame"):
//   click  as a user clicks: at whatever point of the display's frame the click comes, so
//          list_ms includes waiting for the next frame to begin (0–16.7 ms at 60 Hz,
//          ≈ 8 ms on average) on top of the click's own work.
//   frame  the click is dispatched at the start of a frame (first thing in a
//          requestAnimationFrame callback), so list_ms is the click's own work in that
//          frame: its script, then the frame's style, layout, paint and commit, up to the
//          task posted from the same callback. Within 16.7 ms means the new list is in the
//          very next frame the display shows after the click and no frame is dropped:
//          the "within one frame" figure. (If the list were not in that frame, the next
//          one is waited for and timed, so a late list is never hidden.)
// The clicks cycle through 8 steps over four facets open in the panel, so consecutive
// lists differ and the list returns to the default one every cycle:
//   industry on, country on, industry off, gauge on, country off, employees on,
//   gauge off, employees off
// (the value of each facet is its most frequent one for the default list). Before each
// click the previous click's facet counts are in and BENCH_SETTLE_MS have passed.
// Percentiles are nearest-rank: p = the ceil(p·n)-th smallest sample.

import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";


import { launchBrowser } from "./browser.mjs";
import { ListPage, LoginPage } from "./pages.mjs";

const BASE_URL = process.argv[2] ?? process.env.CLEARLIST_URL;
const CREDENTIALS_FILE = process.argv[3] ?? process.env.CLEARLIST_CREDENTIALS;
if (!BASE_URL || !CREDENTIALS_FILE) {
  console.error("usage: node tests/e2e/bench.mjs URL CREDENTIALS_JSON (or CLEARLIST_URL, CLEARLIST_CREDENTIALS)");
  process.exit(2);
}
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 41);
const LOAD_TIMEOUT = Number(process.env.BENCH_LOAD_TIMEOUT_MS ?? 600_000);
const CLICK_TIMEOUT = Number(process.env.BENCH_CLICK_TIMEOUT_MS ?? 120_000);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 300);
const START_LIST = process.env.BENCH_LIST ?? "v=1";
const VIEWPORT = { width: 1440, height: 900 };
/** One frame at 60 Hz. */
const FRAME_MS = 16.7;
const MODES = (process.env.BENCH_MODES ?? "click,frame").split(",").map((m) => m.trim());
if (!(ITERATIONS >= 2)) throw new Error("BENCH_ITERATIONS must be at least 2 (one warm-up)");
if (MODES.length === 0 || MODES.some((m) => m !== "click" && m !== "frame")) {
  throw new Error(`BENCH_MODES must list "click" and/or "frame", not ${JSON.stringify(process.env.BENCH_MODES)}`);
}

/** The facets clicked, in the panel; `gauge` is opened first (the others open by default). */
const FACETS = ["industry", "country", "gauge", "employees"];
/** One cycle of clicks: [facet, on]. Returns to the default list at its end. */
const CYCLE = [
  ["industry", true],
  ["country", true],
  ["industry", false],
  ["gauge", true],
  ["country", false],
  ["employees", true],
  ["gauge", false],
  ["employees", false],
];

const log = (...args) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted, p) {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

function summary(samples) {
  const sorted = samples.filter((x) => x != null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const round = (x) => Math.round(x * 10) / 10;
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

/** Waits (in the page) until the panel's counts are those of the list in the URL. */
async function countsSettled(page, timeout) {
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="filter-panel"]')?.dataset.counted ===
      decodeURIComponent(window.location.hash.slice(1) || "v=1"),
    undefined,
    { timeout, polling: 50 },
  );
}

/** One timed click, entirely inside the page. */
async function timedClick(page, { facet, value, on, mode, timeout }) {
  return page.evaluate(
    ({ facet, value, on, mode, timeout }) =>
      new Promise((resolve, reject) => {
        const q = (sel, root = document) => root.querySelector(sel);
        const input = q(`[data-testid="facet-${facet}"] li[data-value="${CSS.escape(value)}"] input[type="checkbox"]`);
        if (!input) return reject(new Error(`no checkbox for ${facet}=${value} in the panel`));
        if (input.checked === on) return reject(new Error(`${facet}=${value} is already ${on ? "checked" : "unchecked"}`));
        const results = q('[data-testid="list-builder"] .results');
        const panel = q('[data-testid="filter-panel"]');
        const contactCount = () => q('[data-testid="contact-count"]');
        const state = () => ({
          count: q('[data-testid="match-count"]')?.dataset.count ?? null,
          first: q('[data-testid="top-accounts"] [data-account-id]')?.dataset.accountId ?? null,
          hash: decodeURIComponent(window.location.hash.slice(1)),
        });
        const before = state();
        let t0 = 0;
        let clickReturned = null;
        let firstMutation = null;
        let lastListMutation = null;
        let listPainted = null;
        let listDom = null;
        let countsDom = null;
        let countsPainted = null;
        let waitingFrame = false;
        const changed = () => {
          const now = state();
          return now.count !== before.count || now.first !== before.first;
        };
        const finish = () => {
          if (listPainted == null || countsPainted == null) return;
          listObserver.disconnect();
          panelObserver.disconnect();
          clearTimeout(timer);
          const after = state();
          resolve({
            before,
            after,
            list_ms: listPainted - t0,
            click_sync_ms: clickReturned - t0,
            list_dom_ms: listDom - t0,
            list_frame_ms: frameStart - t0,
            first_mutation_ms: firstMutation - t0,
            counts_dom_ms: countsDom - t0,
            counts_ms: countsPainted - t0,
          });
        };
        // A task queued from a rAF callback runs once that frame's rendering (style, layout,
        // paint) is done. It is posted with user-blocking priority: a plain setTimeout(0)
        // would queue behind tasks the app queued earlier (its facet-count task), and so
        // would time them too.
        const afterRendering = (then) =>
          globalThis.scheduler?.postTask
            ? scheduler.postTask(then, { priority: "user-blocking" })
            : setTimeout(then, 0);
        const afterNextPaint = (then) => requestAnimationFrame(() => afterRendering(then));
        // The list's frame: its rAF callbacks start (frameStart; after a style and layout pass
        // when the content under the pointer changed), the rest of its rendering and paint
        // follow, then the setTimeout(0) queued in the callback runs (listPainted).
        let frameStart = null;
        // Once the frame is painted: done if it holds the new list, else the next frame.
        const listFramePainted = () => {
          if (!changed()) return waitForListFrame();
          listPainted = performance.now();
          listDom = lastListMutation;
          finish();
        };
        const waitForListFrame = () => {
          waitingFrame = true;
          requestAnimationFrame(() => {
            frameStart = performance.now();
            afterRendering(listFramePainted);
          });
        };
        const listObserver = new MutationObserver((records) => {
          const now = performance.now();
          if (listPainted != null) return;
          firstMutation ??= now;
          const cc = contactCount();
          if (records.some((r) => !(cc && (cc === r.target || cc.contains(r.target))))) lastListMutation = now;
          if (!waitingFrame) waitForListFrame();
        });
        const countsReady = () => panel?.dataset.counted === decodeURIComponent(window.location.hash.slice(1) || "v=1");
        const panelObserver = new MutationObserver(() => {
          const hash = decodeURIComponent(window.location.hash.slice(1));
          if (countsDom != null || hash === before.hash || !countsReady()) return;
          countsDom = performance.now();
          afterNextPaint(() => {
            countsPainted = performance.now();
            finish();
          });
        });
        const timer = setTimeout(() => {
          listObserver.disconnect();
          panelObserver.disconnect();
          reject(
            new Error(
              `no updated list within ${timeout} ms after ${facet}=${value} ${on ? "on" : "off"}: ` +
                JSON.stringify({ before, now: state(), firstMutation, listPainted, countsDom }),
            ),
          );
        }, timeout);
        listObserver.observe(results, { subtree: true, childList: true, attributes: true, characterData: true });
        panelObserver.observe(panel, { attributes: true, attributeFilter: ["data-counted"] });
        if (mode === "frame") {
          // The click's frame is the list's frame: no other one is waited for unless the
          // list is not in it.
          waitingFrame = true;
          requestAnimationFrame(() => {
            t0 = frameStart = performance.now();
            input.click();
            clickReturned = performance.now();
            afterRendering(listFramePainted);
          });
        } else {
          t0 = performance.now();
          input.click();
          clickReturned = performance.now();
        }
      }),
    { facet, value, on, mode, timeout },
  );
}

async function main() {
  const credentials = JSON.parse(readFileSync(CREDENTIALS_FILE, "utf8"));
  const admin = credentials.find((c) => c.role === "administrator");
  if (!admin) throw new Error(`no administrator in ${CREDENTIALS_FILE}`);

  const browser = await launchBrowser();
  const report = { url: BASE_URL, chromium: browser.version(), viewport: VIEWPORT, started: new Date().toISOString() };
  report.loadavg_before = loadavg().map((x) => Math.round(x * 100) / 100);
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: "block" });
    const page = await context.newPage();
    page.on("pageerror", (error) => log("page error:", error.message));
    const list = new ListPage(page);
    const login = new LoginPage(page);

    report.list = START_LIST;
    await list.open(BASE_URL, START_LIST);
    await login.signIn(admin, { timeout: 60_000 });
    const signedIn = Date.now();
    log("signed in as", admin.email, "- waiting for the dataset (download, decode, index)");
    const progress = setInterval(async () => {
      const status = await page
        .getByTestId("download-status")
        .innerText({ timeout: 1000 })
        .catch(() => null);
      if (status) log("  download:", status.replace(/\s+/g, " "));
    }, 10_000);
    try {
      await page.getByTestId("list-builder").waitFor({ state: "visible", timeout: LOAD_TIMEOUT });
    } finally {
      clearInterval(progress);
    }
    await countsSettled(page, LOAD_TIMEOUT);
    report.load_ms = Date.now() - signedIn;
    const accountsText = (await page.getByTestId("contact-count").innerText()).replace(/\s+/g, " ");
    report.accounts = Number((accountsText.match(/of ([\d,]+)/)?.[1] ?? "").replace(/,/g, "")) || null;
    report.default_count = Number(await page.getByTestId("match-count").getAttribute("data-count"));
    report.label = process.env.BENCH_LABEL ?? (report.accounts ? String(report.accounts) : "?");
    log(`list builder up after ${(report.load_ms / 1000).toFixed(1)} s: ${accountsText}`);

    // Open the facets that are closed by default, then pick each facet's top value.
    for (const facet of FACETS) {
      const toggle = page.getByTestId(`facet-toggle-${facet}`);
      if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    }
    await countsSettled(page, 60_000);
    report.values = {};
    for (const facet of FACETS) {
      const value = await page
        .getByTestId(`facet-${facet}`)
        .locator("li[data-value]")
        .first()
        .getAttribute("data-value", { timeout: 30_000 });
      report.values[facet] = value;
    }
    log("values:", JSON.stringify(report.values));

    const samples = [];
    // The cycle goes on across modes: each click undoes or extends the list before it.
    let click = 0;
    for (const mode of MODES) {
      for (let i = 0; i < ITERATIONS; i++, click++) {
        const [facet, on] = CYCLE[click % CYCLE.length];
        const value = report.values[facet];
        await countsSettled(page, CLICK_TIMEOUT);
        await page.waitForTimeout(SETTLE_MS);
        const sample = await timedClick(page, { facet, value, on, mode, timeout: CLICK_TIMEOUT });
        const step = `${facet} ${on ? "on " : "off"}`;
        samples.push({ mode, i, step, warmup: i === 0, ...sample });
        log(
          `${mode.padEnd(5)} #${String(i).padStart(2)} ${step.padEnd(13)} list ${sample.list_ms.toFixed(1).padStart(7)} ms` +
            ` (dom ${sample.list_dom_ms.toFixed(1)}) counts ${sample.counts_ms.toFixed(1).padStart(7)} ms` +
            `  count ${sample.before.count} → ${sample.after.count}${i === 0 ? "  (warm-up)" : ""}`,
        );
      }
    }
    await countsSettled(page, CLICK_TIMEOUT);
    report.loadavg_after = loadavg().map((x) => Math.round(x * 100) / 100);
    report.iterations = ITERATIONS;
    // Per mode: the summary of its timed clicks and the list time of each step.
    report.modes = Object.fromEntries(
      MODES.map((mode) => {
        const timed = samples.filter((s) => s.mode === mode && !s.warmup);
        const of = (key) => summary(timed.map((s) => s[key]));
        const summaryOfMode = Object.fromEntries(
          ["list_ms", "click_sync_ms", "list_dom_ms", "list_frame_ms", "counts_dom_ms", "counts_ms"].map((k) => [k, of(k)]),
        );
        summaryOfMode.within_frame = timed.filter((s) => s.list_ms <= FRAME_MS).length;
        const byStep = Object.fromEntries(
          CYCLE.map(([facet, on]) => `${facet} ${on ? "on" : "off"}`).map((step) => {
            const mine = timed.filter((s) => s.step.trim() === step);
            return [step, { list_ms: summary(mine.map((s) => s.list_ms)), counts_ms: summary(mine.map((s) => s.counts_ms)) }];
          }),
        );
        return [mode, { summary: summaryOfMode, by_step: byStep }];
      }),
    );
    report.samples = samples;
    report.finished = new Date().toISOString();
  } finally {
    await browser.close();
  }

  const json = JSON.stringify(report, null, 2);
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, json + "\n");
  console.log(json);

  const row = (name, s) => `| ${name} | ${s?.p50} | ${s?.p95} | ${s?.min} | ${s?.max} | ${s?.n} |`;
  const lines = [
    "",
    `Clearlist in-browser benchmark: ${report.label} accounts (${report.default_count} in the list ${report.list}), Chromium ${report.chromium}`,
    `load (sign-in → list builder with counts): ${(report.load_ms / 1000).toFixed(1)} s; load average ${report.loadavg_before.join(" ")} → ${report.loadavg_after.join(" ")}`,
  ];
  for (const [mode, { summary: s, by_step: byStep }] of Object.entries(report.modes)) {
    const timed = report.samples.filter((x) => x.mode === mode && !x.warmup);
    lines.push(
      "",
      mode === "frame"
        ? "Clicks at the start of a frame (the click's own work in its frame):"
        : "Clicks at any point of a frame (as a user clicks; includes the wait for the next frame):",
      "",
      "| ms | p50 | p95 | min | max | n |",
      "|---|---|---|---|---|---|",
      row("filter click → updated list painted", s.list_ms),
      row("  … click() returned (change handler, fragment signal)", s.click_sync_ms),
      row("  … list in the DOM (script: evaluate, render)", s.list_dom_ms),
      row("  … that frame's rAF callbacks start", s.list_frame_ms),
      row("filter click → facet counts in the DOM (separate task)", s.counts_dom_ms),
      row("filter click → facet counts painted (separate task)", s.counts_ms),
      `clicks whose list was painted within ${FRAME_MS} ms: ${s.within_frame} of ${timed.length}; ` +
        `whose facet counts reached the DOM before the list's frame was painted: ` +
        `${timed.filter((x) => x.counts_dom_ms < x.list_ms).length} of ${timed.length}`,
      "",
      "| step | list p50 | list max | counts p50 | n |",
      "|---|---|---|---|---|",
      ...Object.entries(byStep).map(
        ([step, b]) => `| ${step} | ${b.list_ms?.p50} | ${b.list_ms?.max} | ${b.counts_ms?.p50} | ${b.list_ms?.n} |`,
      ),
    );
  }
  console.error([...lines, ""].join("\n"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
