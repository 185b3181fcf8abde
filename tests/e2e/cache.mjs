// End-to-end tests of the browser's copy of the dataset (Cache API): a reload starts from
// the copy and only revalidates (304), a newer version is picked up, waits for the next page
// (or "Use it now") and replaces the copy,
// the API being unreachable still shows the list, and signing out (or a session ended
// elsewhere) deletes the copy.
//
// Same environment as run.mjs (which imports this file, so `node tests/e2e/run.mjs` runs
// both); it can also run alone: `node tests/e2e/cache.mjs`.

import assert from "node:assert/strict";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { BASE_URL, DATASET, SCREENSHOTS, VIEWPORT, account, launchBrowser, reference } from "./env.mjs";
import { ListPage, LoginPage, TopBar } from "./pages.mjs";

/** Every cache the app creates starts with this (src/dataset_cache.rs). */
const CACHE_PREFIX = "clearlist-dataset-v1";

const isPath = (url, path) => new URL(url).pathname === path;

describe("the browser's copy of the dataset", () => {
  let browser;
  let expectedCount;

  before(async () => {
    browser = await launchBrowser();
    expectedCount = reference("v=1").count;
  });

  after(async () => {
    await browser?.close();
  });

  /**
   * A fresh context and page, signed in as the administrator with the list shown and the
   * dataset stored in the Cache API. Records uncaught errors and CSP violations (console
   * errors are not checked here: aborted requests log them on purpose), every
   * `/api/dataset` response, and every value the first-download progress bar shows.
   */
  async function signedInWithCopy(t) {
    const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: "block" });
    t.after(() => context.close());
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (event) => {
        window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
      });
      // The dataset entry of the Clearlist cache, `{name, etag}`, or null (creates nothing).
      window.cachedDataset = async (prefix) => {
        const [name] = (await caches.keys()).filter((candidate) => candidate.startsWith(prefix));
        if (!name) return null;
        const entry = await (await caches.open(name)).match("/api/dataset");
        return entry ? { name, etag: entry.headers.get("etag") } : null;
      };
      // Bytes the first-download bar ever showed (it also shows, without a count, while a
      // copy is decoded).
      window.__bytesShown = 0;
      // The background update's bar: the most bytes and the total it showed.
      window.__update = { value: 0, max: 0 };
      new MutationObserver((records) => {
        const value = Number(document.querySelector('[data-testid="download-progress"]')?.getAttribute("value") ?? 0);
        window.__bytesShown = Math.max(window.__bytesShown, value);
        for (const record of records) {
          for (const node of [record.target, ...record.addedNodes]) {
            if (node.nodeType !== 1) continue;
            for (const bar of [node, ...node.querySelectorAll("progress")]) {
              if (bar.dataset?.testid !== "dataset-update-progress") continue;
              window.__update.value = Math.max(window.__update.value, Number(bar.getAttribute("value") ?? 0));
              window.__update.max = Math.max(window.__update.max, Number(bar.getAttribute("max") ?? 0));
            }
          }
        }
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    const datasetResponses = [];
    page.on("response", async (response) => {
      if (!isPath(response.url(), "/api/dataset")) return;
      datasetResponses.push({
        status: response.status(),
        ifNoneMatch: (await response.request().allHeaders())["if-none-match"] ?? null,
        etag: response.headers().etag ?? null,
      });
    });
    const list = new ListPage(page);
    const login = new LoginPage(page);
    const topBar = new TopBar(page);
    const status = page.getByTestId("dataset-status");

    const signedIn = page.waitForResponse(
      (response) => isPath(response.url(), "/api/session") && response.request().method() === "POST",
    );
    await list.open(BASE_URL, "v=1");
    await login.signIn(account("administrator"));
    const { csrf_token: csrfToken } = await (await signedIn).json();
    assert.equal(await list.count(), expectedCount);
    await waitForStatus(page, { source: "network" });
    const etag = datasetResponses.find((response) => response.status === 200)?.etag;
    assert.ok(etag, `the first download has an ETag: ${JSON.stringify(datasetResponses)}`);
    // Storing runs after the list shows.
    await page.waitForFunction(
      async (expected) => (await cachedDataset(expected.prefix))?.etag === expected.etag,
      { prefix: CACHE_PREFIX, etag },
      { timeout: 30_000, polling: 100 },
    ).catch(async () => {
      assert.fail(`the dataset was not cached: ${JSON.stringify(await cacheState(page))}`);
    });

    const assertClean = async () => {
      const violations = await page.evaluate(() => window.__cspViolations);
      assert.deepEqual([...problems, ...violations.map((v) => `CSP violation: ${v}`)], []);
    };
    return { context, page, list, login, topBar, status, etag, csrfToken, datasetResponses, assertClean };
  }

  test("a reload shows the list from the copy and only revalidates (304)", async (t) => {
    const { page, list, status, etag, datasetResponses, assertClean } = await signedInWithCopy(t);
    assert.equal(await status.getAttribute("data-version"), etag.replaceAll('"', ""));

    datasetResponses.length = 0;
    await page.reload();
    assert.equal(await list.count(), expectedCount);
    await waitForStatus(page, { source: "cache", check: "current" });
    assert.deepEqual(
      datasetResponses,
      [{ status: 304, ifNoneMatch: etag, etag }],
      "one conditional request, answered 304: no body transferred",
    );
    assert.equal(await page.evaluate(() => window.__bytesShown), 0, "no byte was downloaded");
    assert.match(await status.innerText(), /from this browser/);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, "list-from-cache-1440x900.png");
    await page.screenshot({ path });
    assert.ok(statSync(path).size > 10_000, `${path} looks empty`);
    await assertClean();
  });

  test("signing out deletes the copy from the Cache API", async (t) => {
    const { page, login, topBar, assertClean } = await signedInWithCopy(t);
    await topBar.logout.click();
    await login.email.waitFor({ state: "visible", timeout: 30_000 });
    const state = await cacheState(page);
    assert.deepEqual(state.clearlist, [], `no dataset cache is left: ${JSON.stringify(state)}`);
    assert.equal(await page.getByTestId("dataset-status").count(), 0);
    await assertClean();
  });

  test("a session ended elsewhere deletes the copy at the next start", async (t) => {
    const { page, login, csrfToken, assertClean } = await signedInWithCopy(t);
    // Ended through the API (as from another tab or by an administrator): this response's
    // Clear-Site-Data reaches no page, so only the app can delete the copy.
    const ended = await page.request.delete(new URL("/api/session", BASE_URL).toString(), {
      headers: { "X-CSRF-Token": csrfToken },
    });
    assert.equal(ended.status(), 204);
    await page.reload();
    await login.email.waitFor({ state: "visible", timeout: 30_000 });
    await page.waitForFunction(
      async (prefix) => !(await caches.keys()).some((name) => name.startsWith(prefix)),
      CACHE_PREFIX,
      { timeout: 10_000, polling: 100 },
    );
    await assertClean();
  });

  test("with the API unreachable the list still shows, from the copy", async (t) => {
    const { page, list, status, etag, assertClean } = await signedInWithCopy(t);
    // The app shell still comes from the server; the dataset request fails as offline.
    await page.route("**/api/dataset", (route) => route.abort("internetdisconnected"));
    await page.reload();
    assert.equal(await list.count(), expectedCount);
    await waitForStatus(page, { source: "cache", check: "offline" });
    assert.equal(await status.getAttribute("data-version"), etag.replaceAll('"', ""));
    assert.match(await status.innerText(), /Offline/);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, "list-from-cache-offline-1440x900.png");
    await page.screenshot({ path });
    assert.ok(statSync(path).size > 10_000, `${path} looks empty`);

    // Even the session check unreachable: the copy's session marker starts the app.
    await page.route("**/api/session", (route) =>
      route.request().method() === "GET" ? route.abort("internetdisconnected") : route.continue(),
    );
    await page.reload();
    assert.equal(await list.count(), expectedCount);
    await waitForStatus(page, { source: "cache", check: "offline" });
    assert.equal(await page.getByTestId("login-email").count(), 0, "no sign-in form");
    await assertClean();
  });

  test("a newer version is downloaded with progress, waits for the next page and replaces the copy", async (t) => {
    const { page, list, status, etag, datasetResponses, assertClean } = await signedInWithCopy(t);
    const newer = '"e2e-newer-version"';
    // The server publishes a new version: answer the conditional request with the full
    // dataset under another ETag (same bytes, so the list stays comparable).
    await page.route("**/api/dataset", async (route) => {
      const headers = { ...route.request().headers() };
      delete headers["if-none-match"];
      const response = await route.fetch({ headers });
      const body = await response.body();
      const sent = { ...response.headers(), etag: newer, "content-length": String(body.length) };
      delete sent["content-encoding"];
      await route.fulfill({ status: 200, headers: sent, body });
    });
    datasetResponses.length = 0;
    await page.reload();
    assert.equal(await list.count(), expectedCount);
    // Downloaded and decoded in the background, the newer version waits for the next page:
    // the list in view keeps its dataset, a notice says so.
    await waitForStatus(page, { source: "cache", check: "ready" });
    const notice = page.getByTestId("dataset-newer");
    assert.equal(await notice.getAttribute("data-version"), "e2e-newer-version");
    assert.equal(await status.getAttribute("data-version"), etag.replaceAll('"', ""));
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "list-dataset-ready-1440x900.png") });
    await page.getByTestId("nav-lists").click();
    await waitForStatus(page, { source: "network", check: "updated" });
    assert.equal(await status.getAttribute("data-version"), "e2e-newer-version");
    assert.match(await status.innerText(), /Dataset updated/);
    assert.equal(await notice.count(), 0, "the notice goes once the newer dataset is in use");
    await page.getByTestId("nav-builder").click();
    assert.equal(await list.count(), expectedCount);
    assert.equal(datasetResponses[0]?.ifNoneMatch, etag, "the copy's version was sent");
    const datasetBytes = statSync(DATASET).size;
    assert.deepEqual(
      await page.evaluate(() => window.__update),
      { value: datasetBytes, max: datasetBytes },
      "the update's progress bar counted the new version's bytes",
    );
    assert.equal(await page.evaluate(() => window.__bytesShown), 0, "the list never waited for it");
    await page.screenshot({ path: join(SCREENSHOTS, "list-dataset-updated-1440x900.png") });
    await page.waitForFunction(
      async (expected) => (await cachedDataset(expected.prefix))?.etag === expected.etag,
      { prefix: CACHE_PREFIX, etag: newer },
      { timeout: 30_000, polling: 100 },
    );
    const state = await cacheState(page);
    assert.equal(state.clearlist.length, 1, `only the newest copy is kept: ${JSON.stringify(state)}`);

    // The next start begins with that copy; the real server's version differs from the
    // stand-in, so it is downloaded again in the background, and used at once when asked.
    await page.unroute("**/api/dataset");
    datasetResponses.length = 0;
    await page.reload();
    assert.equal(await list.count(), expectedCount);
    await waitForStatus(page, { source: "cache", check: "ready" });
    await page.getByTestId("dataset-newer-apply").click();
    await waitForStatus(page, { source: "network", check: "updated" });
    assert.equal(await status.getAttribute("data-version"), etag.replaceAll('"', ""));
    assert.deepEqual(
      datasetResponses.map(({ status, ifNoneMatch }) => ({ status, ifNoneMatch })),
      [{ status: 200, ifNoneMatch: newer }],
    );
    assert.equal(await page.evaluate(() => window.__bytesShown), 0, "the list never waited for a download");
    await assertClean();
  });
});

/** Waits until the dataset badge shows `source` (and `check`, when given). */
async function waitForStatus(page, { source, check }, { timeout = 30_000 } = {}) {
  await page
    .waitForFunction(
      ({ source, check }) => {
        const badge = document.querySelector('[data-testid="dataset-status"]');
        return badge?.dataset.source === source && (check === undefined || badge.dataset.check === check);
      },
      { source, check },
      { timeout },
    )
    .catch(async (error) => {
      const badge = page.getByTestId("dataset-status");
      const seen = (await badge.count())
        ? { source: await badge.getAttribute("data-source"), check: await badge.getAttribute("data-check") }
        : null;
      throw new Error(`dataset status ${JSON.stringify({ source, check })} not reached; saw ${JSON.stringify(seen)}`, {
        cause: error,
      });
    });
}

/** The Cache API as the page sees it: every cache name, and the Clearlist ones. */
async function cacheState(page) {
  return page.evaluate(async (prefix) => {
    const names = await caches.keys();
    return { all: names, clearlist: names.filter((name) => name.startsWith(prefix)) };
  }, CACHE_PREFIX);
}
