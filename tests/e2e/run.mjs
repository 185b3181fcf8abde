// End-to-end tests of Clearlist in headless Chromium, driven by playwright-core.
//
//   CLEARLIST_URL=http://127.0.0.1:PORT/       a running `clearlist serve`
//   CLEARLIST_DATASET=/path/dataset.clds       the dataset that server serves to tenant 1
//   CLEARLIST_CREDENTIALS=/path/credentials.json  tenant 1's users, as `clearlist demo` writes
//                                              them: [{email, password, role, name?}, ...]
//   CLEARLIST_BIN=/path/clearlist              the CLI, whose `query` is the reference result
//   node tests/e2e/run.mjs
//
// Optional: CHROMIUM (default /usr/bin/chromium), CLEARLIST_SCREENSHOTS (default screenshots/).
// scripts/test.sh sets everything up and runs this file.

import assert from "node:assert/strict";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { Builder } from "./pages.mjs";
import { openPage as openPageIn, openSignedIn as openSignedInIn } from "./session.mjs";
// The browser's copy of the dataset (Cache API): its own suite, run with this file.
import "./cache.mjs";
// Accounts, suppression files, exports and the embed view: their own suite, run with this file.
import "./features.mjs";
// Accessibility (axe-core) of the main screens.
import "./accessibility.mjs";
// Buying teams: contact clauses, exportable counts and exports.
import "./targeting.mjs";
// The Administrator's Organisation area.
import "./organisation.mjs";
// Embeds in a CRM on another site.
import "./embed.mjs";
// Starting offline, against a server of its own.
import "./offline.mjs";
import { BASE_URL, DATASET, SCREENSHOTS, VIEWPORT, account, cli, launchBrowser, reference } from "./env.mjs";

const SESSION_COOKIE = "__Host-clearlist-session";
/** The role labels the top bar shows, by wire name. */
const ROLE_LABELS = { administrator: "Administrator", "list-builder": "List Builder", "read-only": "Read-Only" };
/** The organisation `clearlist demo` creates the users in. */
const DEMO_TENANT = "Demo Co";

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
  browser = await launchBrowser();
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

/** `openPage` and `openSignedIn` of session.mjs, in this file's browser. */
const openPage = (t) => openPageIn(browser, t);
const openSignedIn = (t, fragment, options) => openSignedInIn(browser, t, fragment, options);

test("the app loads under the CSP, signs in, shows download progress, then the count", async (t) => {
  const { context, page, list, login, assertClean } = await openPage(t);
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

  await login.signIn(account("administrator"));
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
      const { list, assertClean } = await openSignedIn(t, url);
      assert.equal(await list.count(), expected.count);
      // The table renders a window of rows; the first ten are the top ten.
      const rows = (await list.topRows()).slice(0, expected.top.length);
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
  const { list, assertClean } = await openSignedIn(t, "v=1");
  assert.equal(await list.count(), reference("v=1").count);
  const next = "v=1&country=any:us";
  const expected = reference(next);
  await list.goToList(next);
  await list.waitForCount(expected.count);
  assert.deepEqual(
    (await list.topRows()).slice(0, expected.top.length).map((row) => row.id),
    expected.top.map((ranked) => ranked.id),
  );
  await assertClean();
});

test("a bad list URL shows what is wrong and keeps the rest of the list", async (t) => {
  // [url, the parameters reported, the list that still shows (none: nothing can be read)]
  const cases = [
    ["v=1&bogus=1&country=any:us", ["bogus"], "v=1&country=any:us"],
    ["country=any:us", ["v"], "v=1&country=any:us"],
    ["v=1&sort=sideways", ["sort"], "v=1"],
    ["v=1&industry=any:no-such-industry", ["industry"], "v=1"],
    ["v=2", ["v"], null],
  ];
  for (const [url, parameters, kept] of cases) {
    await t.test(url, async (t) => {
      const { page, list, assertClean } = await openSignedIn(t, url);
      await list.urlError.waitFor({ state: "visible", timeout: 60_000 });
      assert.equal(await list.urlError.getAttribute("role"), "alert");
      assert.match(await list.urlError.innerText(), /not valid/);
      const reported = await list.urlError
        .locator("li[data-parameter]")
        .evaluateAll((items) => items.map((item) => item.dataset.parameter));
      assert.deepEqual(reported, parameters);
      if (kept === null) {
        assert.equal(await list.urlError.getAttribute("data-fatal"), "true");
        assert.equal(await list.matchCount.count(), 0);
      } else {
        assert.equal(await list.count(), reference(kept).count);
        // The URL stays as typed, so the messages match the address bar.
        assert.equal(await page.evaluate(() => window.location.hash.slice(1)), url);
      }
      await assertClean();
    });
  }
});

test("the list builder: any, all and exclude filters, segment, shareable URL, scrolling", async (t) => {
  const { page, list, assertClean } = await openSignedIn(t, "v=1");
  const builder = new Builder(page);
  assert.equal(await list.count(), reference("v=1").count);

  // Includes any: the two most frequent industries; the listed count is what a check gives.
  const industries = await builder.values("industry");
  assert.ok(industries.length >= 2, JSON.stringify(industries));
  const counts = industries.map((value) => value.count);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), "most frequent first");
  assert.equal(industries[0].count, reference(`v=1&industry=any:${industries[0].value}`).count);
  await builder.toggle("industry", industries[0].value);
  await builder.toggle("industry", industries[1].value);
  const anyValues = [industries[0].value, industries[1].value].sort();
  assert.equal(await builder.fragment(), `v=1&industry=any:${anyValues.join(",")}`);

  // Switch segment: the URL gains `seg=`, the list re-ranks.
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = await builder.topIds();
  const segments = await builder.segment.locator("option").evaluateAll((options) => options.map((o) => o.value));
  let reranked = null;
  for (const segment of [slugs.segment, ...segments.filter((s) => s && s !== slugs.segment)].slice(0, 6)) {
    await builder.segment.selectOption(segment);
    await page.waitForFunction((seg) => window.location.hash.includes(`seg=${seg}`), segment);
    const withSegment = reference(await builder.fragment());
    await list.waitForCount(withSegment.count);
    await page.waitForFunction(
      (ids) => {
        const rows = [...document.querySelectorAll('[data-testid="top-accounts"] [data-account-id]')];
        return ids.every((id, i) => Number(rows[i]?.dataset.accountId) === id);
      },
      withSegment.top.map((ranked) => ranked.id),
    );
    const after = await builder.topIds();
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      reranked = await builder.fragment();
      break;
    }
  }
  assert.ok(reranked, "some segment changes the order");
  assert.match(reranked, /^v=1&seg=[a-z0-9-]+&industry=/);
  await page.screenshot({ path: join(SCREENSHOTS, "builder-segment-1440x900.png") });


  // Includes all: two technologies (the first pair, among the most frequent, that leaves accounts).
  await builder.mode("tech", "all");
  const techs = (await builder.values("tech")).map((value) => value.value);
  await builder.toggle("tech", techs[0]);
  let second = null;
  for (const candidate of techs.slice(1, 8)) {
    await builder.toggle("tech", candidate);
    await list.waitForCount(reference(await builder.fragment()).count);
    if ((await list.count()) > 0) {
      second = candidate;
      break;
    }
    await builder.toggle("tech", candidate);
  }
  assert.ok(second, "two technologies that some accounts share");
  assert.match(await builder.fragment(), new RegExp(`&tech=all:${[techs[0], second].sort().join(",")}$`));

  // Exclude: the most frequent remaining country.
  await builder.mode("country", "not");
  const country = (await builder.values("country"))[0].value;
  await builder.toggle("country", country);
  const url = await builder.fragment();
  assert.ok(url.includes(`&country=not:${country}&`), url);
  assert.match(url, /^v=1&seg=[a-z0-9-]+&industry=any:[a-z0-9,-]+&country=not:[a-z]+&tech=all:/);
  assert.equal(await builder.facet("country").getAttribute("data-mode"), "not");
  const expected = reference(url);
  assert.ok(expected.count > 0, url);
  await list.waitForCount(expected.count);
  assert.equal(await list.count(), expected.count);
  assert.deepEqual(await builder.topIds(expected.top.length), expected.top.map((ranked) => ranked.id));
  const chips = await builder.chips.locator("[data-chip]").evaluateAll((items) => items.map((item) => item.dataset.chip));
  assert.deepEqual(chips.sort(), [
    `country:not:${country}`,
    ...anyValues.map((value) => `industry:any:${value}`),
    ...[techs[0], second].map((value) => `tech:all:${value}`),
  ].sort());
  await page.screenshot({ path: join(SCREENSHOTS, "builder-1440x900.png") });

  // Sort by name: the URL says so and the order follows.
  await builder.sort.selectOption("name");
  await page.waitForFunction(() => window.location.hash.endsWith("&sort=name"));
  const byName = reference(await builder.fragment());
  await page.waitForFunction(
    (id) => Number(document.querySelector('[data-testid="top-accounts"] [data-account-id]')?.dataset.accountId) === id,
    byName.top[0]?.id,
  );
  await builder.sort.selectOption("intent");
  await page.waitForFunction((url) => window.location.hash.slice(1) === url, url);

  // Back undoes the last change (each change is a history entry).
  await page.goBack();
  await page.waitForFunction(() => window.location.hash.endsWith("&sort=name"));
  await page.goForward();
  await page.waitForFunction((url) => window.location.hash.slice(1) === url, url);

  // Copy the URL, open it in a fresh page: the same list.
  const shared = reference(url);
  const fresh = await openSignedIn(t, url);
  assert.equal(await fresh.list.count(), shared.count);
  const freshBuilder = new Builder(fresh.page);
  assert.deepEqual(await freshBuilder.topIds(shared.top.length), shared.top.map((ranked) => ranked.id));
  assert.equal(await freshBuilder.fragment(), url);
  assert.equal(await freshBuilder.segment.inputValue(), url.match(/seg=([a-z0-9-]+)/)[1]);
  const checkedIndustries = (await freshBuilder.values("industry")).filter((v) => v.checked).map((v) => v.value);
  assert.deepEqual(checkedIndustries.sort(), anyValues);
  await fresh.assertClean();

  // Clear all: every account again; then scroll the whole list, only a window in the DOM.
  await builder.clear.click();
  await page.waitForFunction((url) => window.location.hash.slice(1) === url, url.match(/^v=1&seg=[a-z0-9-]+/)[0]);
  const total = reference("v=1").count;
  await list.waitForCount(total);
  const ranks = await builder.scrollTo(1e9);
  assert.equal(Math.max(...ranks), total, "the last row is rendered at the bottom");
  assert.ok(ranks.length < 60, `${ranks.length} rows in the DOM`);
  const middle = await builder.scrollTo(56 * 1000);
  assert.ok(middle.includes(1001), `row 1001 rendered at 56,000 px: ${middle.slice(0, 5)}…`);
  await page.screenshot({ path: join(SCREENSHOTS, "builder-scrolled-1440x900.png") });

  // Keyboard: focus a row, arrow down moves to the next one.
  await page.locator('[data-testid="top-accounts"] [data-rank="1001"]').focus();
  await page.keyboard.press("ArrowDown");
  await page.waitForFunction(() => document.activeElement?.dataset.rank === "1002");
  // One row is in the tab order: the keyboard's.
  const tabStops = page.locator('[data-testid="top-accounts"] [data-account-id][tabindex="0"]');
  assert.deepEqual(await tabStops.evaluateAll((rows) => rows.map((row) => row.dataset.rank)), ["1002"]);
  await page.keyboard.press("ArrowUp");
  await page.waitForFunction(() => document.activeElement?.dataset.rank === "1001");
  await assertClean();
});

test("without a session the API answers 401 and the app shows the sign-in form", async (t) => {
  const { page, login, topBar, assertClean } = await openPage(t);
  for (const path of ["/api/dataset", "/api/session"]) {
    const response = await page.request.get(new URL(path, BASE_URL).toString());
    assert.equal(response.status(), 401, path);
    assert.equal((await response.json()).error?.code, "unauthenticated", path);
  }

  const datasetRequests = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/dataset") datasetRequests.push(request.url());
  });
  await page.goto(BASE_URL);
  await login.email.waitFor({ state: "visible", timeout: 30_000 });
  for (const field of [login.email, login.password]) {
    const id = await field.getAttribute("id");
    assert.ok(id, "the field has an id its label points at");
    assert.equal(await page.locator(`label[for="${id}"]`).count(), 1);
  }
  assert.equal(await topBar.sessionUser.count(), 0);
  assert.equal(await topBar.logout.count(), 0);
  assert.deepEqual(datasetRequests, [], "the dataset is not requested before signing in");
  await assertClean();
});

test("a wrong password shows the error and keeps the form", async (t) => {
  const { page, login, topBar, assertClean } = await openPage(t);
  const datasetRequests = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/dataset") datasetRequests.push(request.url());
  });
  await page.goto(BASE_URL);
  const admin = account("administrator");
  await login.signIn({ email: admin.email, password: `${admin.password}-wrong` });
  await login.error.waitFor({ state: "visible", timeout: 30_000 });
  assert.equal(await login.error.getAttribute("role"), "alert");
  assert.notEqual((await login.error.innerText()).trim(), "");
  assert.ok(await login.email.isVisible());
  assert.ok(await login.submit.isEnabled(), "the form can be submitted again");
  assert.equal(await topBar.sessionUser.count(), 0);
  assert.deepEqual(datasetRequests, []);
  const cookies = await page.context().cookies();
  assert.ok(!cookies.some((cookie) => cookie.name === SESSION_COOKIE), "no session cookie");
  await assertClean();
});

test("each role signs in and sees its role and organisation in the top bar", async (t) => {
  for (const role of ["administrator", "list-builder", "read-only"]) {
    await t.test(role, async (t) => {
      const { page, list, topBar, assertClean } = await openSignedIn(t, "v=1", { role });
      const user = await topBar.user();
      assert.equal(user.role, role);
      assert.ok(user.text.includes(ROLE_LABELS[role]), `${ROLE_LABELS[role]} in ${JSON.stringify(user.text)}`);
      assert.ok(user.text.includes(DEMO_TENANT), `${DEMO_TENANT} in ${JSON.stringify(user.text)}`);
      const { name } = account(role);
      if (name) assert.ok(user.text.includes(name), `${name} in ${JSON.stringify(user.text)}`);
      // Every role of the tenant gets the tenant's dataset.
      assert.equal(await list.count(), reference("v=1").count);

      const cookie = (await page.context().cookies()).find((candidate) => candidate.name === SESSION_COOKIE);
      assert.ok(cookie, "the session cookie is set");
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.secure, true);
      assert.equal(cookie.sameSite, "Strict");
      assert.equal(cookie.path, "/");
      assert.equal(await page.evaluate(() => document.cookie), "", "scripts cannot read the session");
      await assertClean();
    });
  }
});

test("signing out returns to the form and ends the session", async (t) => {
  const { page, list, login, topBar, assertClean } = await openSignedIn(t, "v=1");
  assert.equal(await list.count(), reference("v=1").count);

  const signOut = page.waitForResponse(
    (response) => new URL(response.url()).pathname === "/api/session" && response.request().method() === "DELETE",
  );
  await topBar.logout.click();
  const response = await signOut;
  assert.equal(response.status(), 204);
  assert.ok((await response.request().allHeaders())["x-csrf-token"], "sign-out sends the CSRF token");
  // The browser's cached copy of the dataset goes with the session.
  assert.match((await response.allHeaders())["clear-site-data"] ?? "", /"cache"/);

  await login.email.waitFor({ state: "visible", timeout: 30_000 });
  assert.equal(await topBar.sessionUser.count(), 0);
  assert.equal(await list.matchCount.count(), 0, "the list is gone");
  assert.equal(await list.topAccounts.count(), 0);
  assert.equal(await login.notice.count(), 0);

  const cookies = await page.context().cookies();
  assert.ok(!cookies.some((cookie) => cookie.name === SESSION_COOKIE), "the cookie is cleared");
  for (const path of ["/api/dataset", "/api/session"]) {
    const after = await page.request.get(new URL(path, BASE_URL).toString());
    assert.equal(after.status(), 401, `${path} after signing out`);
  }
  await page.reload();
  await login.email.waitFor({ state: "visible", timeout: 30_000 });
  assert.equal(await topBar.sessionUser.count(), 0);
  await assertClean();
});

test("signing out during the download stops it", async (t) => {
  const { context, page, list, login, topBar, assertClean } = await openPage(t);
  // The app itself loads at full speed (at 16 kB/s its wasm alone would take half a minute).
  await list.open(BASE_URL, "v=1");
  await login.email.waitFor({ state: "visible", timeout: 30_000 });
  // Slow enough that the download is still running when the button is pressed.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 20,
    downloadThroughput: 16_000,
    uploadThroughput: -1,
  });
  const datasetFailed = page.waitForEvent("requestfailed", {
    predicate: (request) => new URL(request.url()).pathname === "/api/dataset",
    timeout: 30_000,
  });
  await login.signIn(account("administrator"));
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="download-progress"]')?.getAttribute("value")) > 0,
    null,
    { timeout: 60_000 },
  );
  await topBar.logout.click();
  const failed = await datasetFailed;
  assert.match(failed.failure()?.errorText ?? "", /ABORTED/);
  await login.email.waitFor({ state: "visible", timeout: 30_000 });
  assert.equal(await list.progress.count(), 0);
  await assertClean();
});

test("a session that ends before the download returns to the form with a message", async (t) => {
  const { page, list, login, topBar, assertClean } = await openPage(t);
  const signedIn = page.waitForResponse(
    (response) => new URL(response.url()).pathname === "/api/session" && response.request().method() === "POST",
  );
  // The session ends elsewhere (here: signed out through the API) between signing in and
  // the dataset request, so the server answers that request 401.
  await page.route("**/api/dataset", async (route) => {
    const { csrf_token: csrfToken } = await (await signedIn).json();
    const ended = await page.request.delete(new URL("/api/session", BASE_URL).toString(), {
      headers: { "X-CSRF-Token": csrfToken },
    });
    assert.equal(ended.status(), 204);
    await route.continue();
  });
  const datasetResponse = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/dataset");
  await list.open(BASE_URL, "v=1");
  await login.signIn(account("administrator"));
  assert.equal((await datasetResponse).status(), 401);

  await login.notice.waitFor({ state: "visible", timeout: 30_000 });
  assert.equal((await login.notice.innerText()).trim(), "Your session has ended. Sign in again.");
  assert.equal(await topBar.sessionUser.count(), 0);
  assert.equal(await list.matchCount.count(), 0);

  // Signing in again works and shows the list.
  await page.unroute("**/api/dataset");
  await login.signIn(account("administrator"));
  assert.equal(await list.count(), reference("v=1").count);
  await assertClean({ allow401: ["/api/dataset"] });
});

test("a session that ends while the list is open returns to the form at the next request", async (t) => {
  const { page, list, login, topBar, assertClean } = await openPage(t);
  const signedIn = page.waitForResponse(
    (response) => new URL(response.url()).pathname === "/api/session" && response.request().method() === "POST",
  );
  await list.open(BASE_URL, "v=1");
  await login.signIn(account("administrator"));
  assert.equal(await list.count(), reference("v=1").count);
  const { csrf_token: csrfToken } = await (await signedIn).json();
  const ended = await page.request.delete(new URL("/api/session", BASE_URL).toString(), {
    headers: { "X-CSRF-Token": csrfToken },
  });
  assert.equal(ended.status(), 204);

  // Any request notices, here the notification menu's, which has no error of its own to show.
  const refused = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/notifications");
  await page.getByTestId("notifications-button").click();
  assert.equal((await refused).status(), 401);
  await login.notice.waitFor({ state: "visible", timeout: 30_000 });
  assert.equal((await login.notice.innerText()).trim(), "Your session has ended. Sign in again.");
  assert.equal(await topBar.sessionUser.count(), 0);
  // The browser's copy of the dataset goes with the session.
  await page.waitForFunction(
    async () => (await caches.keys()).every((name) => !name.startsWith("clearlist-dataset")),
    null,
    { timeout: 30_000 },
  );
  await assertClean({ allow401: ["/api/notifications"] });
});

test("screenshots of the sign-in and list pages", async (t) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const shots = [
    ["login-1440x900.png", "login", VIEWPORT],
    ["login-error-1440x900.png", "login-error", VIEWPORT],
    ["list-1440x900.png", `v=1&seg=${slugs.segment}`, VIEWPORT],
    ["list-tablet-820x1180.png", `v=1&seg=${slugs.segment}`, { width: 820, height: 1180 }],
    ["url-error-1440x900.png", "v=1&bogus=1", VIEWPORT],
  ];
  for (const [file, what, viewport] of shots) {
    const { page, list, login, assertClean } = await openPage(t);
    await page.setViewportSize(viewport);
    if (what === "login") {
      await list.open(BASE_URL);
      await login.email.waitFor({ state: "visible", timeout: 30_000 });
    } else if (what === "login-error") {
      await list.open(BASE_URL);
      const admin = account("administrator");
      await login.signIn({ email: admin.email, password: "not-the-password" });
      await login.error.waitFor({ state: "visible", timeout: 30_000 });
    } else {
      await list.open(BASE_URL, what);
      await login.signIn(account("administrator"));
      if (file.startsWith("url-error")) await list.urlError.waitFor({ timeout: 60_000 });
      else await list.count();
    }
    const path = join(SCREENSHOTS, file);
    await page.screenshot({ path });
    assert.ok(statSync(path).size > 10_000, `${path} looks empty`);
    await assertClean();
  }
});

// Last: the import changes the dataset that every test above compares the app with.
await import("./import.mjs");
