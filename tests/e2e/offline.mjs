// End-to-end test of starting offline, against a server of its own (a small demo database
// in a temporary directory) that it can stop: after one online visit, with the server
// stopped, a reload opens the list from the service worker's app shell and the browser's
// copy of the dataset, a filter click still updates it, the Lists page says what needs the
// server, and signing out leaves no dataset or personal cache behind. Then a new build of
// the app is fetched in the background and starts with the next page load, with a notice.
//
// Same environment as run.mjs (CLEARLIST_BIN, the built app in dist/), which imports this file.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { BIN, ROOT, SCREENSHOTS, VIEWPORT, cli, launchBrowser } from "./env.mjs";
import { Builder, ListPage, LoginPage } from "./pages.mjs";

/** Starts `clearlist serve` of `dist` on a free port; resolves to `{process, url}`. */
function serve(db, dist = join(ROOT, "dist")) {
  const server = spawn(BIN, ["serve", "--db", db, "--dist", dist, "--addr", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const url = out.match(/http:\/\/127\.0\.0\.1:\d+\//)?.[0];
      if (url) resolve({ server, url });
    });
    server.on("exit", (code) => reject(new Error(`clearlist serve exited (${code})`)));
  });
}

describe("starting offline", () => {
  let browser;
  let dir;
  let running;
  let users;

  before(async () => {
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), "clearlist-offline-"));
    const db = join(dir, "clearlist.sqlite");
    const credentials = join(dir, "credentials.json");
    cli("demo", "--db", db, "--accounts", "300", "--seed", "5", "--credentials", credentials);
    users = JSON.parse(readFileSync(credentials, "utf8"));
    running = await serve(db);
  });

  after(async () => {
    running?.server.kill();
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("a reload without the server opens the last list, read-only; sign-out leaves nothing personal", async (t) => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    t.after(() => context.close());
    const page = await context.newPage();
    const list = new ListPage(page);
    await page.goto(`${running.url}#v=1`);
    await new LoginPage(page).signIn(users.find((user) => user.role === "list-builder"));
    const online = await list.count();
    // The worker has the shell, and the app its copy of the dataset.
    await page.waitForFunction(async () => {
      const names = await caches.keys();
      const shell = names.find((name) => name.startsWith("clearlist-shell"));
      return (
        navigator.serviceWorker.controller !== null &&
        shell !== undefined &&
        (await (await caches.open(shell)).match("/index.html")) !== undefined &&
        names.some((name) => name.startsWith("clearlist-dataset"))
      );
    }, null, { timeout: 60_000, polling: 250 });

    running.server.kill("SIGTERM");
    await new Promise((resolve) => running.server.once("exit", resolve));
    await page.reload();
    assert.equal(await list.count(), online, "the same list, from this browser's copy");
    await page.waitForFunction(
      () => document.querySelector('[data-testid="dataset-status"]')?.dataset.check === "offline",
    );
    const builder = new Builder(page);
    const [value] = await builder.values("industry");
    await builder.toggle("industry", value.value);
    assert.equal(await list.count(), value.count, "a filter click still updates the list");

    await page.getByTestId("nav-lists").click();
    await page.getByTestId("lists-offline").waitFor();
    assert.match(await page.getByTestId("lists-offline").innerText(), /need the server/);

    await page.getByTestId("logout").click();
    await page.getByTestId("login-email").waitFor();
    const left = await page.evaluate(async () => {
      const names = await caches.keys();
      const entries = [];
      for (const name of names) {
        for (const request of await (await caches.open(name)).keys()) entries.push(new URL(request.url).pathname);
      }
      return { names, entries };
    });
    assert.deepEqual(left.names.filter((name) => !name.startsWith("clearlist-shell")), [], "only the shell stays");
    assert.deepEqual(left.entries.filter((path) => path.startsWith("/api/")), [], "no API answer is kept");
  });
  test("a new build is fetched in the background and starts with the next page load, with a notice", async (t) => {
    // A server of its own over a copy of the built app, so the build can change under it.
    const dist = join(dir, "dist");
    cpSync(join(ROOT, "dist"), dist, { recursive: true });
    const second = await serve(join(dir, "clearlist.sqlite"), dist);
    t.after(() => second.server.kill());
    const context = await browser.newContext({ viewport: VIEWPORT });
    t.after(() => context.close());
    const page = await context.newPage();
    const list = new ListPage(page);
    await page.goto(`${second.url}#v=1`);
    await new LoginPage(page).signIn(users.find((user) => user.role === "list-builder"));
    await list.count();
    await page.waitForFunction(
      async () =>
        navigator.serviceWorker.controller !== null &&
        (await caches.keys()).some((name) => name.startsWith("clearlist-shell")),
      null,
      { timeout: 60_000, polling: 250 },
    );
    assert.equal(await page.getByTestId("app-update").count(), 0, "no notice while the build is the same");

    // The next build: another index.html (its precompressed copies go with the old one).
    const index = join(dist, "index.html");
    writeFileSync(index, readFileSync(index, "utf8").replace("</head>", '<meta name="e2e-build" content="next"></head>'));
    rmSync(`${index}.br`, { force: true });
    rmSync(`${index}.gz`, { force: true });
    const isNext = () => page.evaluate(() => document.querySelector('meta[name="e2e-build"]') !== null);

    // A page load is answered from the cached shell at once; the worker fetches the new
    // build meanwhile and says so.
    await page.goto(`${second.url}lists`);
    await page.getByTestId("app-update").waitFor({ timeout: 30_000 });
    assert.equal(await isNext(), false, "the page that found the new build still runs the old one");
    assert.match(await page.getByTestId("app-update").innerText(), /new version/);
    await page.screenshot({ path: join(SCREENSHOTS, "app-update-1440x900.png") });

    await page.getByTestId("app-update-reload").click();
    await page.waitForFunction(() => document.querySelector('meta[name="e2e-build"]') !== null, null, { timeout: 30_000 });
    await page.getByTestId("lists-page").waitFor({ timeout: 30_000 });
    assert.equal(await isNext(), true, "the next load runs the new build");
    assert.equal(await page.getByTestId("app-update").count(), 0, "the notice is gone with the old build");
  });
});
